"""What each `{name}` in a template or frame is filled with: one table, read by one composer.

Most slots are a choice from one pool, or one choice from each of a few pools put into a format
string (`PICKS`); slots whose value is built (a puzzle, a document, a value that depends on another
slot) name a function instead (`BUILT`). A text's slots are filled lazily, in the order the format
string names them, once each; the order of random draws is the generator's contract, since equal
seeds must give equal bytes.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from scripts.demo_logs import fillers
from scripts.demo_logs.asks import ASK_FRAMES, CONFUSIONS, DEADLINES, SMALL_CONSTRAINTS, UNITS, WHY_CLAUSES
from scripts.demo_logs.campaign_pools import (
    AGENT_CONSTRAINTS, ANALYSIS_TOOLS, CAMPAIGN_LANGS, ENV_BASES, ENV_TOOLS, GOAL_CONTEXTS, GOAL_OBJECTS, GOAL_VERBS,
    LEVELS, PROBLEM_STRUCTS, PROBLEM_TASKS, PROBLEM_TWISTS, PROJ_ADJS, PROJ_AUDIENCES, PROJ_PLACES, PROJ_PRODUCTS,
    PROJ_VERBS, PROOF_STYLES,
)
from scripts.demo_logs.coding import (
    CI_STEPS, CODE_LANG_WEIGHTS, CODE_LANGS, CODING_TASKS, CONCEPT_PAIRS, LANG_LIBS, REGEX_TARGETS, ident, py_code,
    sql_code,
)
from scripts.demo_logs.everyday import (
    CITIES, EVENTS, FEELINGS, GEN_ADJ, GEN_NOUNS, HUMAN_LANGUAGES, OUTCOMES, PAST_VERBS, RELATIONS, ROLES,
    TIME_PHRASES, plural,
)
from scripts.demo_logs.lookalikes import EMAIL_SUBJECTS, PRODUCT_KINDS, TICKET_CHANNELS, VENDOR_WORDS
from scripts.demo_logs.topics import DOMAIN_NAMES, DOMAINS

if TYPE_CHECKING:
    from scripts.demo_logs.textgen import TextGen


@dataclass(frozen=True)
class Pick:
    """One choice from each pool, in order, put into `form`."""

    pools: tuple[Sequence[Any], ...]
    form: str = "{}"

    def draw(self, r: random.Random) -> str:
        return self.form.format(*(r.choice(pool) for pool in self.pools))


def _one(pool: Sequence[Any]) -> Pick:
    return Pick((pool,))


def _number(low: int, high: int) -> Pick:
    """An integer from low to high inclusive (a choice from the range draws exactly as randint does)."""
    return Pick((range(low, high + 1),))


def _capitalized(text: str) -> str:
    return text[0].upper() + text[1:]


def _lowercased(text: str) -> str:
    return text[0].lower() + text[1:]


PICKS: dict[str, Pick] = {
    # ordinary prompts
    "role": _one(ROLES), "rel": _one(RELATIONS), "city": _one(CITIES), "feeling": _one(FEELINGS),
    "adj": _one(GEN_ADJ), "event": _one(EVENTS), "deadline": _one(DEADLINES), "hlang": _one(HUMAN_LANGUAGES),
    "pv": _one(PAST_VERBS), "time": _one(TIME_PHRASES), "outcome": _one(OUTCOMES), "confusion": _one(CONFUSIONS),
    "why": _one(WHY_CLAUSES), "small_constraint": _one(SMALL_CONSTRAINTS), "unit": _one(UNITS), "unit2": _one(UNITS),
    "small_constraint_plain": Pick((SMALL_CONSTRAINTS,), "need to manage {}"),
    "pct": _one((3, 4, 5, 7, 8, 10, 12, 15, 18, 20, 25)),
    "n2": _number(2, 5000), "k": _number(2, 12), "k2": _number(1, 6), "age": _number(5, 80),
    # coding prompts
    "lang2": _one(CODE_LANGS), "task": _one(CODING_TASKS), "concept": _one(CONCEPT_PAIRS),
    "regex_target": _one(REGEX_TARGETS), "step": _one(CI_STEPS),
    # campaigns and benchmarks
    "goal": Pick((GOAL_VERBS, GOAL_OBJECTS, GOAL_CONTEXTS), "{} {} {}"),
    "environment": Pick((ENV_BASES, ENV_TOOLS), "{} with {}"),
    "constraint": _one(AGENT_CONSTRAINTS),
    "problem": Pick((PROBLEM_TASKS, PROBLEM_STRUCTS, PROBLEM_TWISTS), "{} {}{}"),
    "language": _one(CAMPAIGN_LANGS),
    "project": Pick((PROJ_VERBS, PROJ_ADJS, PROJ_PRODUCTS, PROJ_AUDIENCES, PROJ_PLACES), "{} {} {} for {}{}"),
    "steps": _number(30, 50), "level": _one(LEVELS), "proof_style": _one(PROOF_STYLES),
    "analysis_tool": _one(ANALYSIS_TOOLS),
    "item_id": Pick((("P", "T", "Q", "HX"), range(1, 3001)), "{}{:04d}"),
    # company automation
    "ticket_id": _number(100000, 999999), "channel": _one(TICKET_CHANNELS),
    "product_name": Pick((VENDOR_WORDS, PRODUCT_KINDS), "{} {}"), "stars": _number(1, 5),
}

Builder = Callable[["TextGen", "Slots"], str]

BUILT: dict[str, Builder] = {
    # ordinary prompts
    "t": lambda gen, slots: gen.r.choice(DOMAINS[slots.domain]),
    "t2": fillers.t2,
    "n": fillers.n,
    "role_cap": lambda gen, slots: _capitalized(gen.r.choice(ROLES)),
    "time_cap": lambda gen, slots: _capitalized(gen.r.choice(TIME_PHRASES)) + ",",
    "plural": lambda gen, slots: plural(gen.r.choice(GEN_NOUNS)),
    "sentence": lambda gen, slots: gen.sentence(slots),
    "sentence_lc": lambda gen, slots: _lowercased(gen.sentence(slots)),
    "ask": lambda gen, slots: gen.fill(gen.r.choice(ASK_FRAMES[gen.r.choice(("explain", "question", "advice"))])),
    # coding prompts
    "ident": lambda gen, slots: ident(gen.r), "ident2": lambda gen, slots: ident(gen.r),
    "Ident": lambda gen, slots: ident(gen.r, "pascal"), "Ident2": lambda gen, slots: ident(gen.r, "pascal"),
    "lang": lambda gen, slots: gen.r.choices(CODE_LANGS, CODE_LANG_WEIGHTS)[0],
    "lib": lambda gen, slots: gen.r.choice(LANG_LIBS[slots["lang"]]),
    "err": fillers.err,
    # campaigns and benchmarks
    "constraints": fillers.constraints, "team": fillers.team, "horizon": fillers.horizon,
    "budget": lambda gen, slots: f"${gen.r.randint(4, 900) * 5000:,}",
    "question": fillers.question, "statement": fillers.statement, "choices": fillers.choices,
    "answer": fillers.answer, "answer2": fillers.answer,
    "answers": lambda gen, slots: " ".join(
        f"({i + 1}) {fillers.answer(gen, slots)}" for i in range(gen.r.randint(3, 5))
    ),
    "dataset": fillers.dataset, "analysis": fillers.analysis, "rubric": fillers.rubric,
    "response": lambda gen, slots: gen.assistant_reply(gen.r.random() < 0.3),
    "reference": lambda gen, slots: gen.r.choice((gen.paragraph(gen.r.randint(1, 3)), str(gen.r.randint(1, 9999)))),
    # company automation
    "ticket": fillers.ticket, "invoice": fillers.invoice, "diff": fillers.diff, "listing": fillers.listing,
    "pycode": lambda gen, slots: py_code(gen.r), "sql": lambda gen, slots: sql_code(gen.r),
    "sender": fillers.sender, "subject": lambda gen, slots: gen.fill(gen.r.choice(EMAIL_SUBJECTS)),
    "email_body": lambda gen, slots: gen.organic(), "contract": fillers.contract, "host": fillers.host,
    "log_lines": fillers.log_lines, "resume": fillers.resume, "transcript": fillers.transcript,
    "review": lambda gen, slots: gen.style(gen.paragraph(gen.r.randint(1, 4))),
}


class Slots(dict):
    """Fills a format string's placeholders lazily, once each, from PICKS and BUILT."""

    __slots__ = ("gen", "domain")

    def __init__(self, gen: TextGen, domain: str | None = None) -> None:
        super().__init__()
        self.gen = gen
        self.domain = domain or gen.r.choice(DOMAIN_NAMES)

    def __missing__(self, key: str) -> str:
        pick = PICKS.get(key)
        value = pick.draw(self.gen.r) if pick is not None else BUILT[key](self.gen, self)
        self[key] = value
        return value
