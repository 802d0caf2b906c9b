"""Character- and sentence-level disguises that campaigns use to break near-duplicate matching.

Dev and holdout use disjoint styles; holdout adds some dev never shows.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable
from typing import Any

PERSONAS = {
    "dev": (
        "As a senior engineer, ", "Speaking as a PhD student in computer science, ",
        "I'm a high school teacher preparing material, so ", "As someone new to this field, ",
        "Wearing my consultant hat: ", "As a startup CTO, ", "For my bootcamp students: ",
        "As a hobbyist who likes puzzles, ", "I'm a product manager, and ", "As a technical writer, ",
        "Quick one from a data engineer: ", "As a self-taught developer, ",
    ),
    "holdout": (
        "Context: I lead a platform team. ", "Retired mathematician here. ", "My professor asked me this: ",
        "Writing from an infosec background, ", "Part of my thesis work: ", "I run a small agency and ",
        "Novice question, please be patient. ", "From a hiring panel: ", "I'm mentoring interns and ",
        "Long-time sysadmin here. ", "Homeschool parent, curious: ", "Freelancer, tight on time: ",
    ),
}

# Look-alike letters: dev uses Cyrillic, holdout Greek.
CYRILLIC_MAP = dict(zip("aeopcxyiABEHKMOPCTX", "аеорсхуіАВЕНКМОРСТХ"))
GREEK_MAP = dict(zip("oviuABEHIKMNOPTXYZ", "ονιυΑΒΕΗΙΚΜΝΟΡΤΧΥΖ"))

# Holdout-only obfuscations: a few words in another language, and synonym substitution.
FOREIGN_WORDS = {
    "step": "Schritt", "steps": "pasos", "explain": "explica", "reasoning": "razonamiento",
    "every": "cada", "each": "chaque", "code": "código", "complete": "komplett", "full": "vollständig",
    "problem": "problème", "answer": "réponse", "write": "escribe", "detailed": "detallado",
    "list": "liste", "before": "avant", "why": "warum", "think": "denk", "first": "zuerst",
    "then": "luego", "plan": "Plan", "and": "und", "with": "avec",
}
FOREIGN_TAILS = ("Bitte ausführlich.", "Merci beaucoup.", "Gracias de antemano.", "Grazie mille.", "谢谢！", "Obrigado!")
SYNONYMS = {
    "explain": ("clarify", "spell out", "elucidate"), "reasoning": ("rationale", "thought process"),
    "step": ("stage", "phase"), "steps": ("stages", "phases"), "complete": ("exhaustive", "entire"),
    "full": ("whole", "entire"), "problem": ("exercise", "challenge"), "write": ("produce", "compose"),
    "plan": ("roadmap", "schedule"), "detailed": ("thorough", "granular"), "list": ("enumerate", "itemize"),
    "code": ("implementation", "source"), "best": ("optimal", "strongest"), "show": ("display", "present"),
    "answer": ("response", "reply"), "think": ("reflect", "ponder"), "describe": ("outline", "characterize"),
    "give": ("provide", "supply"), "approach": ("method", "strategy"), "cases": ("scenarios", "situations"),
    "tricky": ("thorny", "subtle"), "every": ("each single", "all"), "need": ("require", "want"),
}


OBFUSCATION_STYLES = {
    "dev": ("zero_width", "cyrillic", "random_case", "double_space", "typo_swap", "persona_dev", "reorder"),
    "holdout": (
        "invisible", "greek", "shout_words", "odd_space", "typo_drop", "persona_holdout", "bulletize", "foreign", "synonyms",
    ),
}
LIGHT_STYLES = {
    "dev": ("random_case", "double_space", "typo_swap", "persona_dev"),
    "holdout": ("shout_words", "odd_space", "typo_drop", "persona_holdout", "synonyms"),
}


STYLE_ORDER = (
    "reorder", "bulletize", "synonyms", "foreign", "persona_dev", "persona_holdout", "typo_swap", "typo_drop",
    "random_case", "shout_words", "cyrillic", "greek", "double_space", "odd_space", "zero_width", "invisible",
)


_WORD = re.compile(r"[A-Za-z]+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


class Obfuscator:
    """Character- and sentence-level disguises that campaigns use to break near-duplicate matching."""

    def __init__(self, rng: random.Random) -> None:
        self.r = rng

    def apply(self, text: str, styles: Iterable[str]) -> str:
        for style in styles:
            text = getattr(self, "_" + style)(text)
        return text

    def _sprinkle(self, text: str, chars: str, rate: float) -> str:
        r = self.r
        out = []
        for word in text.split(" "):
            if len(word) > 3 and r.random() < rate:
                cut = r.randrange(1, len(word))
                word = word[:cut] + r.choice(chars) + word[cut:]
            out.append(word)
        return " ".join(out)

    def _swap_letters(self, text: str, table: dict[str, str], rate: float) -> str:
        r = self.r
        return "".join(table[c] if c in table and r.random() < rate else c for c in text)

    def _zero_width(self, text: str) -> str:
        return self._sprinkle(text, "\u200b\u200c", 0.18)

    def _invisible(self, text: str) -> str:
        return self._sprinkle(text, "\u2060\u00ad\ufeff", 0.18)

    def _cyrillic(self, text: str) -> str:
        return self._swap_letters(text, CYRILLIC_MAP, 0.15)

    def _greek(self, text: str) -> str:
        return self._swap_letters(text, GREEK_MAP, 0.2)

    def _random_case(self, text: str) -> str:
        r = self.r
        return "".join(c.swapcase() if c.isalpha() and r.random() < 0.2 else c for c in text)

    def _shout_words(self, text: str) -> str:
        r = self.r
        return " ".join(w.upper() if r.random() < 0.15 else w for w in text.split(" "))

    def _double_space(self, text: str) -> str:
        r = self.r
        return "".join(" " * r.choice((2, 2, 3)) if c == " " and r.random() < 0.2 else c for c in text)

    def _odd_space(self, text: str) -> str:
        r = self.r
        out = []
        for c in text:
            if c == " " and r.random() < 0.2:
                out.append(r.choice(("\u00a0", "\t", "\u2009")))
            elif c in ",.?!:" and r.random() < 0.5:
                out.append(" " + c)
            else:
                out.append(c)
        return "".join(out)

    def _typo(self, text: str, rate: float, swap: bool) -> str:
        r = self.r

        def one(m: Any) -> str:
            w = m.group(0)
            if len(w) < 4 or r.random() >= rate:
                return w
            i = r.randrange(1, len(w) - 2)
            if swap:
                return w[:i] + w[i + 1] + w[i] + w[i + 2:]
            return w[:i] + w[i + 1:] if r.random() < 0.5 else w[:i] + w[i] + w[i:]

        return _WORD.sub(one, text)

    def _typo_swap(self, text: str) -> str:
        return self._typo(text, 0.07, swap=True)

    def _typo_drop(self, text: str) -> str:
        return self._typo(text, 0.07, swap=False)

    def _persona(self, text: str, split: str) -> str:
        prefix = self.r.choice(PERSONAS[split])
        if prefix.endswith((", ", "and ", "so ")) and text[:1].isupper() and text[1:2].islower():
            text = text[0].lower() + text[1:]
        return prefix + text

    def _persona_dev(self, text: str) -> str:
        return self._persona(text, "dev")

    def _persona_holdout(self, text: str) -> str:
        return self._persona(text, "holdout")

    def _reorder(self, text: str) -> str:
        parts = [p for p in _SENTENCE_END.split(text) if p]
        if len(parts) > 2:
            head, rest = parts[0], parts[1:]
            self.r.shuffle(rest)
            parts = [head, *rest] if self.r.random() < 0.5 else [*rest, head]
        return " ".join(parts)

    def _bulletize(self, text: str) -> str:
        parts = [p for p in _SENTENCE_END.split(text) if p]
        mark = self.r.choice(("-", "*", "•"))
        return "\n".join(f"{mark} {p}" for p in parts)

    def _foreign(self, text: str) -> str:
        r = self.r

        def one(m: Any) -> str:
            w = m.group(0)
            swap = FOREIGN_WORDS.get(w.lower())
            return swap if swap and r.random() < 0.4 else w

        out = _WORD.sub(one, text)
        return f"{out} {r.choice(FOREIGN_TAILS)}" if out == text or r.random() < 0.4 else out

    def _synonyms(self, text: str) -> str:
        r = self.r

        def one(m: Any) -> str:
            w = m.group(0)
            options = SYNONYMS.get(w.lower())
            if not options or r.random() >= 0.6:
                return w
            s = r.choice(options)
            return s.capitalize() if w[0].isupper() else s

        return _WORD.sub(one, text)
