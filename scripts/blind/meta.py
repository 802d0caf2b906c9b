"""Account metadata (IPs, user agents, orgs, payment fingerprints), models and timing."""
from __future__ import annotations

import math

from .common import Rng

DAY = 86400.0
HOUR = 3600.0

# ----------------------------------------------------------------- IP space
_BAD_FIRST = {0, 10, 100, 127, 169, 172, 192, 198, 203, 224, 225, 226, 227, 228, 229, 230, 231, 232, 233, 234, 235, 236, 237, 238, 239, 240, 255}


def _octet_prefix(r: Rng) -> tuple[int, int]:
    while True:
        a = r.randint(1, 223)
        if a not in _BAD_FIRST:
            return a, r.randint(0, 255)


def ip_in(prefix: tuple[int, int], r: Rng, third=None) -> str:
    return f"{prefix[0]}.{prefix[1]}.{third if third is not None else r.randint(0, 255)}.{r.randint(1, 254)}"


def ipv6(r: Rng, prefix: str) -> str:
    return prefix + ":" + ":".join(r.hexstr(4).lstrip("0") or "0" for _ in range(4))


class Infra:
    """Shared network infrastructure of the world: carriers, corporations, universities,
    VPNs, clouds, residential-proxy providers."""

    def __init__(self, r: Rng):
        self.carriers = []
        for _ in range(24):
            pfx = _octet_prefix(r)
            pool = [ip_in(pfx, r) for _ in range(r.randint(15, 60))]
            v6 = f"2a0{r.randint(0, 9)}:{r.hexstr(4)}:{r.hexstr(4)}:{r.hexstr(4)}"
            self.carriers.append((pool, v6))
        self.corps = []
        for _ in range(360):
            pfx = _octet_prefix(r)
            self.corps.append({"ips": [ip_in(pfx, r) for _ in range(r.randint(1, 3))], "org": "org-" + r.b62(24), "pf": "pf_" + r.hexstr(16)})
        self.unis = []
        for _ in range(45):
            pfx = _octet_prefix(r)
            self.unis.append([ip_in(pfx, r) for _ in range(r.randint(2, 8))])
        self.vpn = [ip_in(_octet_prefix(r), r) for _ in range(180)]
        self.cloud = [ip_in(_octet_prefix(r), r) for _ in range(400)]
        # residential proxy providers: huge address space, addresses recycled across customers
        self.proxy_providers = []
        for _ in range(3):
            pfxs = [_octet_prefix(r) for _ in range(40)]
            self.proxy_providers.append([ip_in(r.choice(pfxs), r) for _ in range(6000)])

    def home_ip(self, r: Rng) -> str:
        return ip_in(_octet_prefix(r), r)


def legit_net(r: Rng, infra: Infra, kind: str, corp=None) -> dict:
    """Network profile: list of (weight, ip-or-pool)."""
    opts = []
    if corp is not None:
        opts.append((0.7, corp["ips"]))
        if r.chance(0.6):
            opts.append((0.3, [infra.home_ip(r)]))
    else:
        x = r.random()
        if x < 0.12:
            opts.append((1.0, r.choice(infra.unis)))
            if r.chance(0.5):
                opts.append((0.5, [infra.home_ip(r)]))
        elif x < 0.18:
            opts.append((1.0, infra.vpn))
        else:
            opts.append((1.0, [infra.home_ip(r) for _ in range(r.randint(1, 2))]))
    if r.chance(0.35 if kind == "individual" else 0.15):
        pool, v6 = r.choice(infra.carriers)
        opts.append((r.uniform(0.2, 1.5), pool if r.chance(0.75) else [ipv6(r, v6) for _ in range(3)]))
    return {"opts": opts}


def pick_ip(r: Rng, net: dict) -> str:
    w = r.weighted(net["opts"], [o[0] for o in net["opts"]])
    return r.choice(w[1])


# ----------------------------------------------------------------- user agents
SDK_UA = {
    "anthropic": ["Anthropic/Python {v}", "Anthropic/Python {v}", "Anthropic/JS {vj}", "anthropic-sdk-go/{vg}", "Anthropic/Python {v} (litellm)"],
    "openai": ["OpenAI/Python {vo}", "OpenAI/Python {vo}", "OpenAI/NodeJS {von}", "langchain-openai/{vl}", "litellm/{vll}", "OpenAI/Python {vo} (llama-index)"],
    "flat": ["python-requests/2.{rq}", "curl/8.{cv}", "axios/1.{ax}", "PostmanRuntime/7.{pm}", "node-fetch/1.0", "Go-http-client/2.0",
             "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/13{cr}.0.0.0 Safari/537.36",
             "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.{sf} Safari/605.1.15"],
}


def make_ua(r: Rng, shape: str) -> str:
    t = r.choice(SDK_UA[shape])
    return (t.replace("{v}", f"0.{r.randint(40, 68)}.{r.randint(0, 3)}").replace("{vj}", f"0.{r.randint(30, 60)}.{r.randint(0, 2)}")
            .replace("{vg}", f"1.{r.randint(2, 9)}.0").replace("{vo}", f"1.{r.randint(40, 99)}.{r.randint(0, 5)}").replace("{von}", f"4.{r.randint(60, 104)}.0")
            .replace("{vl}", f"0.{r.randint(2, 3)}.{r.randint(0, 30)}").replace("{vll}", f"1.{r.randint(40, 70)}.{r.randint(0, 20)}")
            .replace("{rq}", str(r.randint(28, 32)) + "." + str(r.randint(0, 3))).replace("{cv}", f"{r.randint(1, 12)}.{r.randint(0, 1)}")
            .replace("{ax}", f"{r.randint(4, 9)}.{r.randint(0, 7)}").replace("{pm}", f"{r.randint(36, 44)}.{r.randint(0, 3)}")
            .replace("{cr}", str(r.randint(0, 6))).replace("{sf}", str(r.randint(1, 6))))


# ----------------------------------------------------------------- models
LEGACY = ["claude-3-7-sonnet-latest", "claude-3-5-haiku-latest", "claude-sonnet-4-20250514", "claude-3-5-sonnet-20241022"]
CURRENT = [("claude-sonnet-4-5", 40), ("claude-sonnet-4-5-20250929", 15), ("claude-haiku-4-5", 14), ("claude-haiku-4-5-20251001", 6),
           ("claude-opus-4-1", 10), ("claude-opus-4-1-20250805", 5)]
NEW_MODEL = ["claude-opus-5", "claude-opus-5-20260511"]


def base_model(r: Rng) -> str:
    if r.chance(0.1):
        return r.choice(LEGACY)
    return r.weighted([m for m, _ in CURRENT], [w for _, w in CURRENT])


# ----------------------------------------------------------------- timing
PERSONAL = [0.3, 0.2, 0.12, 0.08, 0.06, 0.1, 0.3, 0.6, 0.9, 1.1, 1.2, 1.25, 1.2, 1.15, 1.15, 1.15, 1.2, 1.2, 1.3, 1.5, 1.7, 1.65, 1.3, 0.7]
WORK = [0.05, 0.03, 0.02, 0.02, 0.02, 0.05, 0.15, 0.5, 1.3, 1.9, 2.0, 1.9, 1.2, 1.6, 1.9, 1.9, 1.7, 1.2, 0.6, 0.45, 0.5, 0.45, 0.3, 0.12]
STUDENT = [0.9, 0.7, 0.45, 0.25, 0.1, 0.06, 0.08, 0.2, 0.5, 0.8, 1.0, 1.1, 1.1, 1.1, 1.2, 1.2, 1.2, 1.2, 1.3, 1.5, 1.7, 1.8, 1.7, 1.3]


def _hour(r: Rng, prof) -> float:
    return r.weighted(list(range(24)), prof) + r.random()


def human_times(r: Rng, n: int, tz: float, day0: float, span: float, prof, start: float, end: float,
                mean_session: float = 3.0, gap_mean: float = 150.0, weekday_bias: float = 0.0, clip=None) -> list[float]:
    """Sessions on random days within [day0, day0+span); hours from a local diurnal profile."""
    out = []
    left = n
    lo, hi = day0, day0 + max(span, 1.0)  # callers drop what falls outside the window
    if clip is not None:
        lo, hi = max(lo, clip[0]), min(hi, clip[1])
        if hi - lo < 1.0:
            lo, hi = max(clip[0], hi - 1.0), max(hi, clip[0] + 1.0)
    while left > 0:
        k = min(left, max(1, int(r.expo(mean_session) + 0.5)))
        for _ in range(6):
            d = math.floor(lo + r.random() * (hi - lo))
            if weekday_bias and d % 7 >= 5 and r.chance(weekday_bias):  # window starts on a Monday
                continue
            break
        t = start + d * DAY + _hour(r, prof) * HOUR - tz * HOUR
        for _ in range(k):
            out.append(t)
            t += 8 + r.expo(gap_mean)
        left -= k
    out.sort()
    return out


def iso(t: float) -> str:
    import datetime as _dt
    d = _dt.datetime.fromtimestamp(t, _dt.timezone.utc)
    return d.strftime("%Y-%m-%dT%H:%M:%S.") + f"{d.microsecond // 1000:03d}Z"
