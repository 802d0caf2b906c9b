"""Hard traffic (`--hard FRACTION`): what makes real logs hard, popularity, and a campaign that hides in it.

- ``popular``: ordinary people who each send one or two popular asks (a meal plan, a cover letter, the
  same library error, a viral "act as" prompt...) in their own words, once to three times, among
  their other traffic; families are drawn with Zipf-like popularity, so the top ones reach hundreds of
  accounts with full slot coverage.
- ``harness_common``: users of the agent harness giving it the tasks everybody gives (containerize,
  set up CI, write tests...), each on their own repository.
- ``jailbreak_viral``: people pasting one of many circulating jailbreaks, sometimes edited, before a
  question of their own.
- campaign ``stealth_sparse``: young accounts that each send only 2-5 paraphrased, disguised campaign
  requests among mostly ordinary cover traffic.

Everything here draws on its own random streams, derived from the seed, so that a log without hard
traffic is byte-identical to one written before this module existed.
"""

from __future__ import annotations

import math
import random

import numpy as np

from scripts.demo_logs.accounts import CODING, DAY, HOSTING_OCTETS, MAIN, ORGANIC, PUBLIC_OCTETS, SCRIPTED_UAS, SDK_UAS, \
    SHAPE_WEIGHTS, SHAPES, MODELS, Account, Planner, _largest_remainder
from scripts.demo_logs.base import SPLITS, Template, pick, split_parts
from scripts.demo_logs.campaigns import CAMPAIGN_TEMPLATES
from scripts.demo_logs.hard_tables import HARNESS_TASKS, PERSONA_SWAPS, SPARSE_SOURCES, VIRAL_PASTES
from scripts.demo_logs.lookalikes import HARNESS_SYSTEM, HARNESS_TOOLS, JAILBREAKS
from scripts.demo_logs.obfuscation import OBFUSCATION_STYLES, STYLE_ORDER, Obfuscator
from scripts.demo_logs.popular_dev import DEV_FAMILIES
from scripts.demo_logs.popular_holdout import HOLDOUT_FAMILIES
from scripts.demo_logs.popular_pools import Family, PopSlots
from scripts.demo_logs.render import Content, cover_content
from scripts.demo_logs.textgen import TextGen

HARD_SHARES = {"popular": 0.62, "harness_common": 0.17, "jailbreak_viral": 0.09, "stealth_sparse": 0.12}
HARD_KINDS = ("popular", "harness_common", "jailbreak_viral")
POPULAR_FAMILIES: dict[str, tuple[Family, ...]] = {"dev": DEV_FAMILIES, "holdout": HOLDOUT_FAMILIES}
PASTES = {  # the older, longer pastes circulate too
    part: tuple((f"jailbreak_viral.{part[0]}{i + 1}", text) for i, text in enumerate(JAILBREAKS[part] + VIRAL_PASTES[part]))
    for part in ("dev", "holdout")
}
SPARSE_TEMPLATES = {
    part: tuple(t for name in SPARSE_SOURCES for t in CAMPAIGN_TEMPLATES[name].get(part, ())) for part in ("dev", "holdout")
}
PARAPHRASE_STYLE = {"dev": "reorder", "holdout": "synonyms"}  # the sentence-level disguise of each split
STREAM = 0x6A7D  # the hard planner's stream, apart from the base planner's


def zipf_weights(n: int, offset: float = 4.0) -> list[float]:
    """Zipf-Mandelbrot popularity: the top item is about (n + offset) / (1 + offset) times the last."""
    return [1.0 / (rank + offset) for rank in range(1, n + 1)]


class HardPlanner(Planner):
    """Plans the hard populations with its own random streams, next to the base planner's accounts."""

    def __init__(self, seed: int, split: str, t0: float, days: int, taken: set[str]) -> None:
        super().__init__(seed, split, t0, days)
        self.rng = np.random.default_rng([seed, SPLITS.index(split), STREAM])
        self.r = random.Random(int(self.rng.integers(2**62)))
        self._ids = taken  # account ids stay unique across both planners

    def plan_hard(self, size: int) -> tuple[list[Account], np.ndarray, np.ndarray, np.ndarray]:
        """Accounts and, per request (not in time order), account index, time and content code."""
        budgets = _largest_remainder(size, HARD_SHARES)
        left = self._stealth(budgets["stealth_sparse"])
        self._harness_common(budgets["harness_common"])
        self._jailbreak_viral(budgets["jailbreak_viral"])
        self._popular(budgets["popular"] + left)
        if not self.accounts:
            return [], *(np.zeros(0, dtype=t) for t in (np.int32, np.float64, np.int8))  # type: ignore[return-value]
        return self.accounts, np.concatenate(self._acct), np.concatenate(self._ts), np.concatenate(self._code)

    def _ranked(self, items: tuple[str, ...], offset: float = 4.0) -> tuple[tuple[str, ...], list[float]]:
        """Items in a seed-dependent popularity order, with their weights."""
        order = list(items)
        self.r.shuffle(order)
        return tuple(order), zipf_weights(len(order), offset)

    def _draw(self, items: tuple[str, ...], weights: list[float], k: int) -> list[str]:
        out: list[str] = []
        while len(out) < min(k, len(items)):
            item = self.r.choices(items, weights)[0]
            if item not in out:
                out.append(item)
        return out

    def _people(self, kind: str, plans: list[tuple[list[str], int]], needs_tools: bool = False,
                all_main: bool = False, cover_coding: float = 0.2) -> None:
        """Legitimate accounts, one per (asks, other requests) plan, at human hours over the window."""
        r = self.r
        accounts, counts, codes = [], [], []
        for asks, other in plans:
            young = r.random() >= 0.92
            part = asks[0].split("|", 1)[0] if needs_tools else "dev"
            accounts.append(self._legit(kind, *((0, 14) if young else (30, 1000)), 0.08 if not needs_tools else 0.1,
                                        needs_tools=needs_tools, part=part, asks=tuple(asks)))
            n = len(asks) + other
            if all_main:
                code = np.full(n, MAIN)
            else:
                code = np.array([MAIN] * len(asks) + [CODING if r.random() < cover_coding else ORGANIC for _ in range(other)])
                self.rng.shuffle(code)
            counts.append(n)
            codes.append(code)
        if accounts:
            counts_arr = np.asarray(counts)
            assert sum(len(c) for c in codes) == int(counts_arr.sum())
            tz = np.repeat(self._tz(len(accounts)), counts_arr)
            self._add(accounts, counts_arr, self._diurnal(tz), np.concatenate(codes))

    @staticmethod
    def _fit(plans: list[tuple[list[str], int]], budget: int) -> list[tuple[list[str], int]]:
        """Trim the last plan so that the requests sum exactly to budget (asks go last, one always stays)."""
        total = sum(len(a) + o for a, o in plans)
        if plans and total > budget:
            asks, other = plans[-1]
            cut = min(other, total - budget)
            other -= cut
            keep = max(1, len(asks) - (total - budget - cut))
            plans[-1] = (asks[:keep], other)
        return plans

    def _popular(self, budget: int) -> None:
        fams, weights = self._ranked(tuple(f.id for f in pick(POPULAR_FAMILIES, self.split)), 14.0)
        r = self.r
        plans: list[tuple[list[str], int]] = []
        used = 0
        while used < budget:
            asks: list[str] = []
            for fam in self._draw(fams, weights, 1 if r.random() < 0.65 else 2):
                asks += [fam] * r.choices((1, 2, 3), (65, 28, 7))[0]
            other = min(60, int(math.ceil(self.rng.lognormal(0.5, 1.1))) - 1)
            plans.append((asks, other))
            used += len(asks) + other
        self._people("popular", self._fit(plans, budget))

    def _harness_common(self, budget: int) -> None:
        r = self.r
        ranked = {part: self._ranked(tuple(f.id for f in HARNESS_TASKS[part])) for part in split_parts(self.split)}
        plans: list[tuple[list[str], int]] = []
        used = 0
        while used < budget:
            part = r.choice(tuple(ranked))
            tasks, weights = ranked[part]
            asks = [f"{part}|{t}" for t in self._draw(tasks, weights, r.choice((1, 1, 2)))]
            asks += [asks[-1]] * (r.random() < 0.2)
            n = max(len(asks), int(math.ceil(self.rng.lognormal(1.4, 0.9))))
            asks += [f"{part}|"] * (n - len(asks))  # ordinary harness requests
            head, tail = asks[:1], asks[1:]
            r.shuffle(tail)
            plans.append((head + tail, 0))
            used += n
        total = sum(len(a) for a, _ in plans)
        if plans and total > budget:
            asks, _ = plans[-1]
            plans[-1] = (asks[: max(1, len(asks) - (total - budget))], 0)
        self._people("harness_common", plans, needs_tools=True, all_main=True)

    def _jailbreak_viral(self, budget: int) -> None:
        r = self.r
        ids, weights = self._ranked(tuple(i for i, _ in pick(PASTES, self.split)))
        plans: list[tuple[list[str], int]] = []
        used = 0
        while used < budget:
            chosen = self._draw(ids, weights, 1 if r.random() < 0.8 else 2)
            asks = [r.choice(chosen) for _ in range(r.choice((1, 1, 2, 3, 4)))]
            other = int(self.rng.poisson(2.5))
            plans.append((asks, other))
            used += len(asks) + other
        self._people("jailbreak_viral", self._fit(plans, budget))

    def _stealth(self, budget: int) -> int:
        """Young accounts with 2-5 campaign requests each among cover; returns the budget it could not use."""
        r, rng = self.r, self.rng
        templates = pick(SPARSE_TEMPLATES, self.split)
        if not templates:
            return budget
        proxies = tuple(
            f"{r.choice(HOSTING_OCTETS if r.random() < 0.6 else PUBLIC_OCTETS)}.{r.randint(0, 255)}.{r.randint(0, 255)}"
            for _ in range(r.randint(4, 10))
        )
        uas = (r.choice(SCRIPTED_UAS), *r.sample(SDK_UAS, 2))
        switch_at = self.release + r.uniform(2, 20) * 3600
        accounts: list[Account] = []
        counts: list[int] = []
        ts_parts, code_parts = [], []
        while budget >= 2:
            n = min(budget, r.randint(8, 35))
            n_main = min(n, r.randint(2, 5))
            code = np.array([MAIN] * n_main + [ORGANIC if r.random() < 0.75 else CODING for _ in range(n - n_main)])
            rng.shuffle(code)
            span_days = min(float(self.days), r.uniform(1.0, 3.0))
            start = self.t0 + r.uniform(0, (self.days - span_days) * DAY)
            day = rng.integers(0, max(1, math.ceil(span_days)), n)
            ts = np.minimum(start + day * DAY + rng.uniform(7 * 3600, 23 * 3600, n), start + span_days * DAY)
            shape = r.choices(SHAPES, SHAPE_WEIGHTS)[0]
            family = shape if shape != "flat" else r.choice(("anthropic", "openai"))
            asks = tuple(r.choice(templates).id for _ in range(n_main))
            accounts.append(Account(
                id=self._new_id(), kind="campaign", created=float(ts.min()) - r.uniform(0, 5) * DAY, shape=shape,
                model=r.choice(MODELS[family]), switch_at=switch_at, adopt=0.7,
                meta_rate=0.0 if r.random() < 0.3 else r.uniform(0.85, 1.0), ua=r.choice(uas),
                org=self._token("org-", 20), payment=self._token("pm_", 16), proxies=proxies,
                campaign="stealth_sparse", blocks=r.random() < 0.4, sys_blocks=r.random() < 0.4,
                flat_model=r.random() < 0.5, max_tokens=r.choice((4096, 8192, 16000)), asks=asks,
            ))
            counts.append(n)
            ts_parts.append(ts)
            code_parts.append(code)
            budget -= n
        if accounts:
            assert sum(counts) == sum(len(c) for c in code_parts)
            self._add(accounts, np.asarray(counts), np.concatenate(ts_parts), np.concatenate(code_parts))
        return budget


def merge(base: tuple[list[Account], np.ndarray, np.ndarray, np.ndarray],
          hard: tuple[list[Account], np.ndarray, np.ndarray, np.ndarray]
          ) -> tuple[list[Account], np.ndarray, np.ndarray, np.ndarray]:
    """Both plans as one, in time order."""
    accounts = base[0] + hard[0]
    acct = np.concatenate([base[1], hard[1] + len(base[0])])
    ts = np.concatenate([base[2], hard[2]])
    code = np.concatenate([base[3], hard[3]]).astype(np.int8)
    order = np.argsort(ts, kind="stable")
    return accounts, acct[order], ts[order], code[order]


class HardWriter:
    """The text of hard accounts' requests, from its own random stream."""

    def __init__(self, seed: int, split: str) -> None:
        self.r = random.Random(f"{seed}/{split}/hard")
        self.split = split
        self.gen = TextGen(self.r)
        self.obf = Obfuscator(self.r)
        self.sent: dict[str, int] = {}
        self.families = {f.id: f for part in POPULAR_FAMILIES.values() for f in part}
        self.tasks = {f.id: f for part in HARNESS_TASKS.values() for f in part}
        self.pastes = {i: text for part in PASTES.values() for i, text in part}
        self.templates = {t.id: t for part in SPARSE_TEMPLATES.values() for t in part}

    def content(self, acct: Account, code: int) -> Content:
        r, gen = self.r, self.gen
        if code != MAIN:
            return cover_content(r, gen, code)
        i = self.sent.get(acct.id, 0)
        self.sent[acct.id] = i + 1
        ask = acct.asks[min(i, len(acct.asks) - 1)]
        if acct.kind == "campaign":
            return self._sparse(acct, self.templates[ask])
        if acct.kind == "harness_common":
            return self._harness(acct, ask)
        if acct.kind == "jailbreak_viral":
            return Content([("user", self._paste(self.pastes[ask]))], acct.kind, template=ask)
        return Content([("user", self.personal(self.families[ask]))], acct.kind, template=ask)

    def personal(self, family: Family) -> str:
        """One person's wording of a popular ask: a phrasing, their details, their context and style."""
        r, gen = self.r, self.gen
        slots = PopSlots(gen)
        text = r.choice(family.phrasings).format_map(slots)
        if "\n" not in text and r.random() < 0.25:  # people put their sentences in their own order
            parts = [p for p in text.replace("? ", "?|").replace(". ", ".|").split("|") if p]
            r.shuffle(parts)
            text = " ".join(parts)
        x = r.random()
        if x < 0.35:
            text = gen.fill(r.choice(("I'm {role}.", "For context, {sentence_lc}", "{role_cap} here.",
                                      "I'm in {city}, if that matters.", "{sentence}", "It's for my {rel}."))) + " " + text
        elif x < 0.5:
            text = text + " " + gen.fill(r.choice(("{sentence}", "The deadline is {deadline}.", "keep it short",
                                                   "bullet points please", "thanks!", "no jargon please")))
        if r.random() < 0.1:
            text = r.choice(("hi", "hey", "Hello,", "ok so", "Question:")) + " " + text
        return gen.style(text) if "\n" not in text else text

    def _harness(self, acct: Account, ask: str) -> Content:
        r, gen = self.r, self.gen
        part, task = ask.split("|", 1)
        system, tools = HARNESS_SYSTEM[part], HARNESS_TOOLS[part]
        if not task:  # an ordinary request through the harness
            coding = r.random() < 0.75
            first = gen.organic_coding if coding else gen.organic
            turns = gen.conversation(first, coding) if r.random() < 0.35 else [("user", first())]
            return Content(turns, acct.kind, system, tools, template=f"harness.{part}")
        text = r.choice(self.tasks[task].phrasings).format_map(PopSlots(gen))
        text = gen.style(text) if "\n" not in text else text
        turns = [("user", text)]
        if r.random() < 0.25:
            turns = [("user", gen.organic_coding()), ("assistant", gen.assistant_reply(True)), ("user", text)]
        return Content(turns, acct.kind, system, tools, template=task)

    def _paste(self, text: str) -> str:
        r, gen = self.r, self.gen
        if r.random() < 0.3:  # edited: another persona name, or the end cut off
            for name in ("NOVA", "AXIOM", "DUDE", "FreeGPT", "STAN", "KAI", "OMEGA-7", "EVIL-BOT"):
                text = text.replace(name, r.choice(PERSONA_SWAPS))
        if r.random() < 0.15:
            text = text[: int(len(text) * r.uniform(0.6, 0.95))].rsplit(" ", 1)[0]
        question = gen.organic() if r.random() < 0.8 else gen.organic_coding()
        return text + r.choice((" ", "\n", "\n\n", "\n\nQuestion: ")) + question

    def _sparse(self, acct: Account, template: Template) -> Content:
        r = self.r
        part = template.id.split(".", 1)[1][0]
        part = "dev" if part == "d" else "holdout"
        text = self.gen.fill(template.user)
        styles = [PARAPHRASE_STYLE[part]] if r.random() < 0.8 else []
        if r.random() < 0.85:
            styles += r.sample([s for s in OBFUSCATION_STYLES[part] if s not in styles], r.choice((1, 1, 2)))
        chosen = tuple(sorted(styles, key=STYLE_ORDER.index))
        if chosen:
            text = self.obf.apply(text, chosen)
        return Content([("user", text)], "campaign", None, (), "stealth_sparse", f"stealth_sparse.{template.id}", chosen)
