"""Composes ordinary prompt texts from many small independent choices, so that two users rarely share
a long run of words, as in real logs.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from scripts.demo_logs.asks import (
    ARTIFACTS, ASK_FRAMES, AUDIENCES, CLOSINGS, CONSTRAINT_FRAMES, CONTEXT_FRAMES, EDIT_ASKS, FOLLOWUPS, GREETINGS,
    MATH_ASKS, SUMMARY_ASKS, TRANSLATE_ASKS, WRITE_VERBS,
)
from scripts.demo_logs.coding import (
    CODE_ASKS, CODE_LANG_WEIGHTS, CODE_LANGS, CODING_FRAMES, DEVOPS_FRAMES, ERROR_ASKS, ERROR_FRAMES, code,
)
from scripts.demo_logs.everyday import (
    CITIES, DAYS_OF_WEEK, FIRST_NAMES, GEN_ADJ, GEN_NOUNS, GEN_VERBS_BASE, GEN_VERBS_PAST, OUTCOMES, PREPOSITIONS,
    RELATIONS, TIME_PHRASES, article, plural,
)
from scripts.demo_logs.slots import Slots

INTENTS = (
    "explain", "advice", "compare", "question", "brainstorm", "plan", "chat", "write", "edit", "summarize",
    "translate", "math",
)
INTENT_WEIGHTS = (12, 14, 5, 14, 6, 5, 6, 14, 7, 6, 4, 4)
ASSISTANT_OPENERS = (
    "Sure, here's a quick take.", "Good question.", "Here is an overview.", "Short answer: it depends.",
    "Happy to help.", "Let's break it down.", "Great, a few thoughts.", "Here you go.",
)


class TextGen:
    """Composes prompt texts. Ordinary prompts are built from many small independent choices."""

    def __init__(self, rng: random.Random) -> None:
        self.r = rng

    def fill(self, text: str, domain: str | None = None) -> str:
        return text.format_map(Slots(self, domain))

    # ---- ordinary prompts ------------------------------------------------------------

    def organic(self) -> str:
        r = self.r
        slots = Slots(self)
        intent = r.choices(INTENTS, INTENT_WEIGHTS)[0]
        if intent in ASK_FRAMES:
            core = r.choice(ASK_FRAMES[intent]).format_map(slots)
        elif intent == "write":
            core = f"{r.choice(WRITE_VERBS)} {r.choice(ARTIFACTS)} {slots['t']}"
            if r.random() < 0.4:
                core += " " + r.choice(AUDIENCES)
            core = core.format_map(slots)
        elif intent == "edit":
            core = r.choice(EDIT_ASKS).format_map(slots) + ":\n\n" + self.paragraph(r.randint(2, 20), slots)
        elif intent == "summarize":
            core = self.paragraph(r.randint(4, 28), slots) + "\n\n" + r.choice(SUMMARY_ASKS).format_map(slots)
            if r.random() < 0.5:
                core = r.choice(SUMMARY_ASKS).format_map(slots) + ":\n" + core.rsplit("\n\n", 1)[0]
        elif intent == "translate":
            core = r.choice(TRANSLATE_ASKS).format_map(slots) + " " + self.paragraph(r.randint(1, 3), slots)
        else:
            core = r.choice(MATH_ASKS).format_map(slots)
        parts = [core]
        n_ctx = r.choices((0, 1, 2, 3), (45, 35, 14, 6))[0]
        context = [r.choice(CONTEXT_FRAMES).format_map(slots) for _ in range(n_ctx)]
        if context:
            parts = [*context, core] if r.random() < 0.7 else [core, *context]
        if r.random() < 0.3:
            parts.append(r.choice(CONSTRAINT_FRAMES).format_map(slots))
        if r.random() < 0.1:
            parts.insert(0, r.choice(GREETINGS))
        if r.random() < 0.15:
            parts.append(r.choice(CLOSINGS))
        return self.style(r.choice((" ", " ", " ", "\n", ". ")).join(parts))

    def style(self, text: str) -> str:
        """Casing, punctuation and typos vary from user to user."""
        r = self.r
        x = r.random()
        if x < 0.2:
            text = text.lower()
        elif x < 0.6 and text[:1].islower():
            text = text[0].upper() + text[1:]
        x = r.random()
        if x < 0.08:
            text = text.rstrip("?.! ")
        elif x < 0.11:
            text = text.rstrip("?.! ") + r.choice(("??", "?!", "...", "!!"))
        if r.random() < 0.05:
            text = self._typos(text)
        return text

    def _typos(self, text: str) -> str:
        words = text.split(" ")
        for _ in range(self.r.randint(1, 3)):
            i = self.r.randrange(len(words))
            w = words[i]
            if len(w) > 3:
                j = self.r.randrange(len(w) - 1)
                words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2:]
        return " ".join(words)

    def sentence(self, slots: Slots | None = None) -> str:
        r = self.r
        n1, n2 = r.choice(GEN_NOUNS), r.choice(GEN_NOUNS)
        a1, a2 = r.choice(GEN_ADJ), r.choice(GEN_ADJ)
        v = r.choice(GEN_VERBS_PAST)
        shape = r.randrange(12)
        if shape == 0:
            s = f"The {a1} {n1} {v} the {n2} {r.choice(PREPOSITIONS)} the {r.choice(GEN_NOUNS)}."
        elif shape == 1:
            s = f"{r.choice(FIRST_NAMES)} said the {n1} would {r.choice(GEN_VERBS_BASE)} by {r.choice(DAYS_OF_WEEK)}."
        elif shape == 2:
            s = f"We {v} our {n1} and then the {a2} {n2} {r.choice(GEN_VERBS_PAST)} too."
        elif shape == 3:
            s = f"Our {n1} is {a1}, but the {n2} {v} {r.choice(PREPOSITIONS)} {r.choice(TIME_PHRASES)}."
        elif shape == 4 and slots is not None:
            s = f"{slots['t'][:1].upper()}{slots['t'][1:]} seemed {a1} to {r.choice(FIRST_NAMES)} at first."
        elif shape == 5:
            s = f"In {r.randint(1950, 2025)}, {article(a1)} {n1} in {r.choice(CITIES)} {v} {article(a2)} {n2}."
        elif shape == 6:
            s = f"I think the {n1} should {r.choice(GEN_VERBS_BASE)} before the {a1} {n2} does."
        elif shape == 7:
            who, did = r.choice(FIRST_NAMES), r.choice(GEN_VERBS_PAST)
            s = f"Nobody {v} the {n1}, so {who} {did} it {r.choice(TIME_PHRASES)}."
        elif shape == 8:
            s = f"There were {r.randint(2, 400)} {plural(n1)} and only one {a1} {n2}."
        elif shape == 9:
            s = f"My {r.choice(RELATIONS)} {v} the {a1} {n1} {r.choice(TIME_PHRASES)}."
        elif shape == 10:
            s = f"It cost ${r.randint(5, 9000)} to fix the {n1}, which {r.choice(OUTCOMES)}."
        else:
            how = r.choice(("rarely", "often", "sometimes", "never", "usually"))
            aside = r.choice(("honestly", "apparently", "I guess", "in my experience", "weirdly"))
            s = f"{a1.capitalize()} {plural(n1)} are {how} {a2}, {aside}."
        return s

    def paragraph(self, n: int, slots: Slots | None = None) -> str:
        return " ".join(self.sentence(slots) for _ in range(n))

    def organic_coding(self) -> str:
        r = self.r
        lang = r.choices(CODE_LANGS, CODE_LANG_WEIGHTS)[0]
        slots = Slots(self)
        slots["lang"] = lang
        mode = r.random()
        if mode < 0.35:
            text = r.choice(CODING_FRAMES).format_map(slots)
        elif mode < 0.62:
            text = f"{r.choice(CODE_ASKS).format_map(slots)}\n\n```{lang.lower()}\n{code(self.r, lang)}\n```"
        elif mode < 0.9:
            frames = ERROR_FRAMES.get(lang) or ERROR_FRAMES["Python"]
            err = r.choice(frames).format_map(slots)
            text = f"{r.choice(ERROR_ASKS).format_map(slots)} {err}"
            if r.random() < 0.5:
                text += f"\n\n```{lang.lower()}\n{code(self.r, lang)}\n```"
        else:
            text = r.choice(DEVOPS_FRAMES).format_map(slots)
        if r.random() < 0.25:
            text = r.choice(CONTEXT_FRAMES[:4]).format_map(slots) + " " + text
        if r.random() < 0.12:
            text += " " + r.choice((
                "(no external libraries)", f"this is {lang} {r.randint(2, 21)}.{r.randint(0, 12)}", "must work on Windows too",
                "take-home, hints only pls", f"performance matters, ~{r.randint(10, 900) * 1000} rows", "thanks!",
            ))
        return self.style(text) if r.random() < 0.5 else text

    def pasted_context(self, text: str) -> str:
        """`text` with a pasted file or document of roughly 150-900 tokens, mostly after it, as real prompts carry."""
        r = self.r
        if r.random() < 0.5:
            lang = r.choices(CODE_LANGS, CODE_LANG_WEIGHTS)[0]
            body = "\n\n".join(code(self.r, lang) for _ in range(r.randint(2, 8)))
            block = f"```{lang.lower()}\n{body}\n```"
        else:
            block = "\n\n".join(self.paragraph(r.randint(3, 7)) for _ in range(r.randint(1, 5)))
        return f"{block}\n\n{text}" if r.random() < 0.25 else f"{text}\n\n{block}"

    def conversation(self, first: Callable[[], str], coding: bool) -> list[tuple[str, str]]:
        """Earlier user and assistant turns followed by the last user turn."""
        r = self.r
        turns: list[tuple[str, str]] = []
        for _ in range(r.choice((1, 1, 1, 2, 3))):
            turns.append(("user", first()))
            turns.append(("assistant", self.assistant_reply(coding)))
        # The last turn is a follow-up half the time and a fresh request otherwise.
        last = self.style(self.fill(r.choice(FOLLOWUPS))) if r.random() < 0.5 else first()
        turns.append(("user", last))
        return turns

    def assistant_reply(self, coding: bool) -> str:
        r = self.r
        text = f"{r.choice(ASSISTANT_OPENERS)} {self.paragraph(r.randint(2, 6))}"
        if coding:
            lang = r.choices(CODE_LANGS, CODE_LANG_WEIGHTS)[0]
            text += f"\n\n```{lang.lower()}\n{code(self.r, lang)}\n```"
        return text

    # ---- identifiers and code ---------------------------------------------------------
