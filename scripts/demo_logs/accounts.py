"""The simulated account population and the time of every request, planned before any text is made."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Any

import numpy as np

from scripts.demo_logs.base import SPLITS, Template, pick, split_parts
from scripts.demo_logs.campaigns import CAMPAIGN_TEMPLATES, CampaignSpec, active_campaigns
from scripts.demo_logs.lookalikes import AUTOMATION_TEMPLATES, EVAL_TEMPLATES

DAY = 86400.0
KIND_SHARES = {
    "organic": 0.345, "organic_coding": 0.15, "automation": 0.08, "harness": 0.08,
    "jailbreak": 0.07, "eval": 0.04, "campaign": 0.235,
}
ORGANIC, CODING, MAIN = 0, 1, 2  # what one event of an account carries

SHAPES = ("anthropic", "openai", "flat")
SHAPE_WEIGHTS = (0.44, 0.30, 0.26)  # tool users cannot send flat rows, so flat is weighted up to land near 20%
MODELS = {
    "anthropic": ("claude-sonnet-4-5", "claude-haiku-4-5", "claude-opus-4-1"),
    "openai": ("gpt-4.1", "gpt-4o-mini", "o4-mini"),
}
NEW_MODEL = {"anthropic": "claude-opus-5", "openai": "gpt-5.2"}

BROWSER_UAS = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/136.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/135.0.0.0 Safari/537.36 Edg/135.0.0.0",
    "Mozilla/5.0 (X11; Linux x86_64; rv:138.0) Gecko/20100101 Firefox/138.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.4 Mobile/15E148 Safari/604.1",
)
SDK_UAS = (
    "anthropic-python/0.52.0", "anthropic-typescript/0.40.1", "OpenAI/Python 1.82.0", "OpenAI/JS 4.98.0",
    "langchain-core/0.3.63", "litellm/1.71.1", "vercel-ai-sdk/4.3.16",
)
SCRIPTED_UAS = (
    "python-requests/2.32.3", "python-httpx/0.28.1", "curl/8.7.1", "Go-http-client/2.0",
    "aiohttp/3.11.18", "node-fetch/1.0", "okhttp/4.12.0", "Java-http-client/21.0.2",
)
PUBLIC_OCTETS = tuple(o for o in range(11, 224) if o not in (127, 172, 192))
HOSTING_OCTETS = (
    5, 23, 31, 37, 45, 46, 62, 77, 80, 85, 91, 93, 103, 104, 138, 139, 141, 146, 154, 159, 167, 176, 178, 185,
    188, 193, 194, 195, 198, 212,
)
TZ_HOURS = (-8.0, -7.0, -6.0, -5.0, -4.0, -3.0, 0.0, 1.0, 2.0, 3.0, 5.5, 8.0, 9.0, 10.0)
TZ_WEIGHTS = (8, 3, 6, 12, 2, 4, 8, 14, 8, 3, 9, 8, 5, 3)
# Share of requests by local hour: quiet at night, busy in office hours, an evening bump.
DIURNAL = np.array([
    1, 0.6, 0.4, 0.3, 0.3, 0.5, 1, 2, 3.5, 4.5, 5, 5, 4.6, 4.8, 5, 4.8, 4.4, 3.8, 3.2, 3.4, 3.6, 3.2, 2.4, 1.6,
])
DIURNAL = DIURNAL / DIURNAL.sum()


@dataclass
class Account:
    """One account of the simulated population and the client habits it sticks to."""

    id: str
    kind: str
    created: float
    shape: str
    model: str
    switch_at: float  # from this time on the account may move to the newest model
    adopt: float  # probability of using the newest model after switch_at
    meta_rate: float  # share of requests that carry metadata
    ua: str
    org: str
    payment: str
    ips: tuple[str, ...] = ()
    proxies: tuple[str, ...] = ()  # /24 prefixes the account rotates through
    campaign: str = ""
    spec: CampaignSpec | None = None
    part: str = "dev"  # template set of the harness it runs
    templates: tuple[Template, ...] = ()
    blocks: bool = False
    sys_blocks: bool = False
    flat_model: bool = False
    max_tokens: int = 4096
    needs_tools: bool = False
    asks: tuple[str, ...] = ()  # hard traffic (hard.py): what each of its MAIN events asks, in time order


def _largest_remainder(total: int, weights: dict[str, float]) -> dict[str, int]:
    """Integer shares of total in proportion to weights, summing exactly to total."""
    norm = sum(weights.values())
    raw = {k: total * w / norm for k, w in weights.items()}
    out = {k: int(v) for k, v in raw.items()}
    for k in sorted(raw, key=lambda k: out[k] - raw[k])[: total - sum(out.values())]:
        out[k] += 1
    return out


class Planner:
    """Builds the account population and the time of every request, before any text is made."""

    def __init__(self, seed: int, split: str, t0: float, days: int) -> None:
        self.rng = np.random.default_rng([seed, SPLITS.index(split)])
        self.r = random.Random(int(self.rng.integers(2**62)))
        self.split, self.t0, self.days = split, t0, days
        self.t1 = t0 + days * DAY
        self.release = t0 + 0.4 * days * DAY  # a new model appears part-way through
        self.accounts: list[Account] = []
        self._acct: list[np.ndarray] = []
        self._ts: list[np.ndarray] = []
        self._code: list[np.ndarray] = []
        self._ids: set[str] = set()

    # ---- helpers ------------------------------------------------------------------------

    def _token(self, prefix: str, n: int) -> str:
        return prefix + "".join(self.r.choices("0123456789abcdefghijklmnopqrstuvwxyz", k=n))

    def _new_id(self) -> str:
        while True:
            acct_id = self._token("acct_", 12)
            if acct_id not in self._ids:
                self._ids.add(acct_id)
                return acct_id

    def _ip(self, prefix: str | None = None) -> str:
        r = self.r
        if prefix:
            return f"{prefix}.{r.randint(2, 254)}"
        first = r.choice(PUBLIC_OCTETS)
        return f"{first}.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}"

    def _legit(self, kind: str, min_age: float, max_age: float, scripted: float, **extra: Any) -> Account:
        """A legitimate account: stable network and client, its own payment method unless overridden."""
        r = self.r
        needs_tools = extra.pop("needs_tools", False)
        shape = r.choices(SHAPES[:2] if needs_tools else SHAPES, SHAPE_WEIGHTS[:2] if needs_tools else SHAPE_WEIGHTS)[0]
        family = shape if shape != "flat" else r.choice(("anthropic", "openai"))
        ua = r.choice(SCRIPTED_UAS) if r.random() < scripted else r.choice(SDK_UAS + BROWSER_UAS)
        fields: dict[str, Any] = dict(
            id=self._new_id(), kind=kind, created=self.t0 - r.uniform(min_age, max_age) * DAY, shape=shape,
            model=r.choice(MODELS[family]), switch_at=self.release, adopt=0.15,
            meta_rate=0.0 if r.random() < 0.25 else r.uniform(0.85, 1.0), ua=ua,
            org=self._token("org-", 20), payment=self._token("pm_", 16),
            ips=tuple(self._ip() for _ in range(r.choice((1, 1, 2, 3)))),
            blocks=r.random() < 0.3, sys_blocks=r.random() < 0.3, flat_model=r.random() < 0.5,
            max_tokens=r.choice((1024, 2048, 4096, 8192)), needs_tools=needs_tools,
        )
        fields.update(extra)
        return Account(**fields)

    def _add(self, accounts: list[Account], counts: np.ndarray, ts: np.ndarray, code: np.ndarray) -> None:
        base = len(self.accounts)
        self.accounts.extend(accounts)
        self._acct.append(np.repeat(np.arange(base, base + len(accounts), dtype=np.int32), counts))
        self._ts.append(np.clip(ts, self.t0, self.t1 - 0.001))
        self._code.append(code.astype(np.int8))

    def _counts(self, budget: int, mu: float, sigma: float) -> np.ndarray:
        """Heavy-tailed requests per account, summing exactly to budget."""
        if budget <= 0:
            return np.zeros(0, dtype=np.int64)
        cap = max(1, budget // 8)
        parts, total = [], 0
        while total < budget:
            c = np.ceil(self.rng.lognormal(mu, sigma, 512)).astype(np.int64).clip(1, cap)
            parts.append(c)
            total += int(c.sum())
        counts = np.concatenate(parts)
        cum = np.cumsum(counts)
        k = int(np.searchsorted(cum, budget))
        counts = counts[: k + 1].copy()
        counts[-1] -= cum[k] - budget
        return counts

    def _split_budget(self, budget: int, parts: int) -> list[int]:
        """Split budget into at most `parts` positive, unequal pieces."""
        parts = max(1, min(parts, budget))
        weights = self.rng.dirichlet(np.full(parts, 3.0))
        shares = _largest_remainder(budget, {str(i): float(w) for i, w in enumerate(weights)})
        return [v for v in shares.values() if v > 0]

    def _diurnal(self, tz: np.ndarray) -> np.ndarray:
        """Human timing: any day of the window, busy local hours more likely."""
        n = len(tz)
        day = self.rng.integers(0, self.days, n)
        hour = self.rng.choice(24, n, p=DIURNAL)
        ts = self.t0 + day * DAY + ((hour - tz) % 24) * 3600 + self.rng.random(n) * 3600
        return self.t0 + (ts - self.t0) % (self.days * DAY)

    def _tz(self, n: int) -> np.ndarray:
        return np.asarray(self.r.choices(TZ_HOURS, TZ_WEIGHTS, k=n))

    # ---- populations ----------------------------------------------------------------------

    def plan(self, size: int) -> tuple[list[Account], np.ndarray, np.ndarray, np.ndarray]:
        """Return the accounts and, per request in time order, its account index, time and content code."""
        budgets = _largest_remainder(size, KIND_SHARES)
        self._organic("organic", budgets["organic"])
        self._organic("organic_coding", budgets["organic_coding"])
        self._harness(budgets["harness"])
        self._jailbreak(budgets["jailbreak"])
        self._automation(budgets["automation"])
        self._eval(budgets["eval"])
        specs = active_campaigns(self.split)
        spec_budgets = _largest_remainder(budgets["campaign"], {spec.name: spec.weight for spec in specs})
        for spec in specs:
            self._campaign(spec, spec_budgets[spec.name])
        acct = np.concatenate(self._acct)
        ts = np.concatenate(self._ts)
        code = np.concatenate(self._code)
        order = np.argsort(ts, kind="stable")
        return self.accounts, acct[order], ts[order], code[order]

    def _organic(self, kind: str, budget: int) -> None:
        counts = self._counts(budget, 1.2, 1.1)
        r = self.r
        # Most users have long histories; a few signed up in the last days, as in any real log.
        scripted = 0.08 if kind == "organic" else 0.25
        accounts = [self._legit(kind, *((30, 1000) if r.random() < 0.92 else (0, 14)), scripted) for _ in counts]
        tz = np.repeat(self._tz(len(counts)), counts)
        coding_share = 0.1 if kind == "organic" else 0.8
        code = np.where(self.rng.random(int(counts.sum())) < coding_share, CODING, ORGANIC)
        self._add(accounts, counts, self._diurnal(tz), code)

    def _harness(self, budget: int) -> None:
        counts = self._counts(budget, 1.6, 0.9)
        parts = split_parts(self.split)
        accounts = [self._legit("harness", 30, 1000, 0.1, needs_tools=True, part=self.r.choice(parts)) for _ in counts]
        tz = np.repeat(self._tz(len(counts)), counts)
        self._add(accounts, counts, self._diurnal(tz), np.full(int(counts.sum()), MAIN))

    def _jailbreak(self, budget: int) -> None:
        counts = self._counts(budget, 1.5, 0.9)
        accounts = [self._legit("jailbreak", 60, 1000, 0.05) for _ in counts]
        tz = np.repeat(self._tz(len(counts)), counts)
        n = int(counts.sum())
        x = self.rng.random(n)
        code = np.where(x < 0.45, MAIN, np.where(x < 0.92, ORGANIC, CODING))
        if n:
            code[np.cumsum(counts) - counts] = MAIN  # every such account pastes the text at least once
        self._add(accounts, counts, self._diurnal(tz), code)

    def _automation(self, budget: int) -> None:
        """A few companies, each with 1-3 accounts sending one business template at a steady rate."""
        templates = list(pick(AUTOMATION_TEMPLATES, self.split))
        self.r.shuffle(templates)
        n_companies = min(len(templates), max(1, budget // 40))
        for template, company_budget in zip(templates, self._split_budget(budget, n_companies)):
            prefix = self._ip().rsplit(".", 1)[0]
            org, payment = self._token("org-", 20), self._token("pm_", 16)
            accounts, counts, ts = [], [], []
            for n in self._split_budget(company_budget, self.r.randint(1, 3)):
                accounts.append(self._legit(
                    "automation", 60, 1000, 0.7, templates=(template,), org=org, payment=payment,
                    ips=(self._ip(prefix),), meta_rate=self.r.uniform(0.9, 1.0),
                ))
                interval = self.days * DAY / n
                steady = self.t0 + self.rng.uniform(0, interval) + np.arange(n) * interval
                ts.append(steady + self.rng.normal(0, 0.01 * interval, n))
                counts.append(n)
            total = sum(counts)
            self._add(accounts, np.asarray(counts), np.concatenate(ts), np.full(total, MAIN))

    def _eval(self, budget: int) -> None:
        """Labs run benchmark suites from 1-3 accounts each, in fast sessions."""
        templates = pick(EVAL_TEMPLATES, self.split)
        n_labs = 4 if self.split == "all" else 3
        for lab_budget in self._split_budget(budget, n_labs):
            suites = tuple(self.r.sample(templates, min(len(templates), self.r.randint(2, 3))))
            prefix = self._ip().rsplit(".", 1)[0]
            org, payment = self._token("org-", 20), self._token("pm_", 16)
            ua = self.r.choice(("python-httpx/0.28.1", "OpenAI/Python 1.82.0", "anthropic-python/0.52.0", "aiohttp/3.11.18"))
            accounts, counts, ts = [], [], []
            for n in self._split_budget(lab_budget, self.r.randint(1, 3)):
                accounts.append(self._legit("eval", 100, 1000, 0.0, templates=suites, org=org, payment=payment, ua=ua,
                                            ips=(self._ip(prefix),), meta_rate=self.r.uniform(0.9, 1.0)))
                sessions = []
                for m in self._split_budget(n, min(3, max(1, n // 50))):
                    gaps = self.rng.uniform(1.0, 4.0, m)
                    span = float(gaps.sum())
                    start = self.t0 + self.rng.uniform(0, max(1.0, self.days * DAY - span))
                    sessions.append(start + np.cumsum(gaps))
                ts.append(np.concatenate(sessions))
                counts.append(n)
            self._add(accounts, np.asarray(counts), np.concatenate(ts), np.full(sum(counts), MAIN))

    def _campaign(self, spec: CampaignSpec, budget: int) -> None:
        """Many young accounts below any rate limit, sharing proxies, clients and sometimes payment."""
        r, rng = self.r, self.rng
        templates = pick(CAMPAIGN_TEMPLATES[spec.name], self.split)
        needs_tools = any(t.tools for t in templates)
        proxies = tuple(
            f"{r.choice(HOSTING_OCTETS)}.{r.randint(0, 255)}.{r.randint(0, 255)}" for _ in range(r.randint(3, 8))
        )
        uas = tuple(r.sample(SCRIPTED_UAS, 2)) + (r.choice(SDK_UAS),)
        shapes, shape_weights = (SHAPES[:2], SHAPE_WEIGHTS[:2]) if needs_tools else (SHAPES, SHAPE_WEIGHTS)
        main_shape = r.choices(shapes, shape_weights)[0]
        interval = r.choice((20.0, 30.0, 45.0, 60.0, 90.0, 120.0))
        switch_at = self.release + r.uniform(2, 18) * 3600
        payment, group_left = "", 0
        accounts: list[Account] = []
        counts: list[int] = []
        ts_parts: list[np.ndarray] = []
        code_parts: list[np.ndarray] = []
        while budget > 0:
            span_days = min(float(self.days), r.uniform(1.0, 3.0))
            start = self.t0 + r.uniform(0, (self.days - span_days) * DAY)
            if spec.timing == "sparse":
                per_day = [r.randint(1, 3) for _ in range(max(1, math.ceil(span_days)))]
                n_main = sum(per_day)
                n_cover = int(rng.poisson(n_main * spec.cover / (1 - spec.cover)))
            else:
                n_all = r.randint(5, 60)
                n_cover = int(rng.binomial(n_all, spec.cover))
                n_main = n_all - n_cover
            n = min(n_main + n_cover, budget)
            n_main = max(1, min(n_main, n))
            n_cover = n - n_main
            code = np.array([MAIN] * n_main + [ORGANIC if r.random() < 0.8 else CODING for _ in range(n_cover)])
            rng.shuffle(code)
            ts = self._campaign_times(spec.timing, n, start, span_days, interval)
            if spec.shared_payment:
                if group_left == 0:
                    payment, group_left = self._token("pm_", 16), r.randint(6, 14)
                group_left -= 1
                account_payment = payment
            else:
                account_payment = self._token("pm_", 16)
            shape = main_shape if r.random() < 0.5 else r.choices(shapes, shape_weights)[0]
            family = shape if shape != "flat" else r.choice(("anthropic", "openai"))
            accounts.append(Account(
                id=self._new_id(), kind="campaign", created=float(ts.min()) - r.uniform(0, 5) * DAY, shape=shape,
                model=r.choice(MODELS[family]), switch_at=switch_at, adopt=0.9,
                meta_rate=0.0 if r.random() < 0.2 else r.uniform(0.85, 1.0),
                ua=r.choice(uas) if r.random() < 0.85 else r.choice(SDK_UAS + BROWSER_UAS),
                org=self._token("org-", 20), payment=account_payment, proxies=proxies,
                campaign=spec.name, spec=spec, templates=templates, blocks=r.random() < 0.5,
                sys_blocks=r.random() < 0.5, flat_model=r.random() < 0.5, max_tokens=r.choice((8192, 16000, 32000)),
                needs_tools=needs_tools,
            ))
            counts.append(n)
            ts_parts.append(ts)
            code_parts.append(code)
            budget -= n
        if accounts:
            self._add(accounts, np.asarray(counts), np.concatenate(ts_parts), np.concatenate(code_parts))

    def _campaign_times(self, timing: str, n: int, start: float, span_days: float, interval: float) -> np.ndarray:
        rng = self.rng
        if timing == "regular":
            sessions = self._split_budget(n, max(1, math.ceil(span_days)))
            out = []
            for i, m in enumerate(sessions):
                s0 = start + i * DAY + rng.uniform(0, 1800)
                out.append(s0 + np.cumsum(np.full(m, interval) * (1 + rng.normal(0, 0.02, m))))
            return np.concatenate(out)
        if timing == "bursty":
            out = []
            left = n
            while left > 0:
                m = min(left, int(rng.integers(3, 13)))
                b0 = start + rng.uniform(0, span_days * DAY)
                out.append(b0 + np.cumsum(rng.exponential(3.0, m) + 0.5))
                left -= m
            return np.concatenate(out)
        days = max(1, math.ceil(span_days))
        day = rng.integers(0, days, n)
        return start + day * DAY + rng.uniform(7 * 3600, 23 * 3600, n)
