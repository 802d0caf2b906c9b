"""Blind benchmark log generator: ~14 days of LLM-API traffic with legitimate look-alikes
and distillation campaigns, labelled per account.

    python -m scripts.blind.generate --seed 101 --requests 50000 --out LOG.jsonl.gz --labels LABELS.parquet
"""
from __future__ import annotations

import argparse
import datetime as dt
import gzip
import io
import json
import math
import sys
import time

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from . import business as B
from . import campaigns as CP
from . import code as C
from . import harness as H
from . import human as HU
from .common import Rng, fill, new_style, style_text
from .meta import (DAY, HOUR, NEW_MODEL, PERSONAL, STUDENT, WORK, Infra, base_model, human_times, iso, legit_net, make_ua, pick_ip)
from .pools import CITIES, CITY_WEIGHTS

START = dt.datetime(2026, 5, 4, tzinfo=dt.timezone.utc).timestamp()  # a Monday
NDAYS = 14
END = START + NDAYS * DAY
CAMPAIGNS = ["agentic", "coding", "planning", "stealth"]


# =================================================================== world
class World:
    def __init__(self, seed: int, n_req: int):
        self.r = Rng(np.random.default_rng(seed))
        r = self.r
        self.n_req = n_req
        self.infra = Infra(r)
        self.release = START + r.uniform(6.3, 8.2) * DAY  # new model released mid-fortnight
        self.pop_w = HU.zipf_weights(r, len(HU.CATALOGUE), s=r.uniform(0.8, 0.95))
        self.pop_keys = [k for k, _, _ in HU.CATALOGUE]
        self.code_keys = [k for k, is_code, _ in HU.CATALOGUE if is_code]
        wmap = dict(zip(self.pop_keys, self.pop_w))
        self.code_w = [wmap[k] for k in self.code_keys]
        self.life_w = [w * (0.35 if c else 1.0) for (_, c, _), w in zip(HU.CATALOGUE, self.pop_w)]
        self.jb_w = HU.zipf_weights(r, len(HU.JAILBREAKS), s=1.2)
        self.harness_w = [r.uniform(0.5, 2.0) for _ in H.HARNESSES]
        self.used_ids: set[str] = set()

    def new_id(self, prefix: str, n: int) -> str:
        while True:
            x = prefix + self.r.b62(n)
            if x not in self.used_ids:
                self.used_ids.add(x)
                return x


def new_account(w: World, kind: str, campaign=None) -> dict:
    r = w.r
    city = r.weighted(CITIES, CITY_WEIGHTS)
    ctx = HU.new_person(r, city, kind)
    ctx["style"] = new_style(r, sloppy=r.uniform(0.0, 1.0) if kind in ("individual", "jailbreak_paster") else r.uniform(0.0, 0.5))
    ctx["multiturn"] = r.choice([0.0, 0.05, 0.1, 0.2, 0.35])
    ctx["sys_rate"] = r.choice([0.0, 0.0, 0.05, 0.2, 0.6])
    ctx["native_rate"] = r.uniform(0.2, 0.95) if city[3] != "en" else 0.0
    return {"id": w.new_id("acct_", 16), "kind": kind, "campaign": campaign, "city": city, "tz": city[2], "ctx": ctx, "events": []}


# =================================================================== planning of sizes
def plan(w: World) -> list[dict]:
    r, N = w.r, w.n_req
    n_acc = max(60, round(N / 10 * r.uniform(0.95, 1.05)))
    n_camp = round(n_acc * r.uniform(0.12, 0.15))
    cw = [r.uniform(0.8, 1.4) for _ in CAMPAIGNS]
    camp_sizes = [max(4, round(n_camp * x / sum(cw))) for x in cw]
    legit = n_acc - sum(camp_sizes)
    n_auto = 5 if N >= 5000 else 2
    n_harness = round(legit * r.uniform(0.08, 0.10))
    n_jb = round(legit * r.uniform(0.02, 0.03))
    n_dev = round(legit * r.uniform(0.17, 0.21))
    n_ind = legit - n_auto - 3 - n_harness - n_jb - n_dev
    accts = []
    # automation
    auto_total = int(N * r.uniform(0.17, 0.22))
    aw = r.shuffle([0.33, 0.24, 0.19, 0.14, 0.10][:n_auto])
    kinds = r.shuffle(list(B.AUTOMATIONS))
    for i in range(n_auto):
        a = new_account(w, "automation")
        a["n"] = max(50, int(auto_total * aw[i] / sum(aw)))
        a["auto"] = kinds[i % len(kinds)]
        accts.append(a)
    # evaluation workloads: a lab with two accounts, a company with one
    ev_total = int(N * r.uniform(0.04, 0.06))
    for i, share in enumerate([0.45, 0.3, 0.25]):
        a = new_account(w, "eval_workload")
        a["n"] = max(30, int(ev_total * share))
        a["eval_org"] = 0 if i < 2 else 1
        accts.append(a)
    for _ in range(n_harness):
        a = new_account(w, "harness_user")
        a["hu"] = H.new_harness_user(r)
        a["hu"]["harness"] = r.weighted([0, 1, 2], w.harness_w)
        sess = [min(45, 2 + int(r.expo(6))) for _ in range(min(6, 1 + int(r.expo(1.6))))]
        a["sessions"] = sess
        a["n_chat"] = int(r.expo(1.0)) if r.chance(0.3) else 0
        a["n"] = sum(sess) + a["n_chat"]
        accts.append(a)
    for _ in range(n_jb):
        a = new_account(w, "jailbreak_paster")
        a["n"] = 1 + min(25, int(r.expo(3.5)))
        accts.append(a)
    for ci, camp in enumerate(CAMPAIGNS):
        for _ in range(camp_sizes[ci]):
            a = new_account(w, "campaign", camp)
            if camp == "stealth":
                a["n_camp"] = r.randint(2, 5)
                a["n"] = a["n_camp"] + r.randint(3, 16)
            else:
                mu, hi = {"agentic": (2.9, 40), "coding": (2.8, 40), "planning": (2.4, 30)}[camp]
                a["n"] = int(max(5, min(hi, r.lognormal(mu, 0.45))))
                a["n_camp"] = a["n"] - int(a["n"] * r.choice([0.0, 0.05, 0.1, 0.15, 0.25]))
            accts.append(a)
    fixed = sum(a["n"] for a in accts)
    remaining = max(n_ind + n_dev, N - fixed)
    people = []
    for i in range(n_ind + n_dev):
        ind = i < n_ind
        x = r.lognormal(0.9, 1.0) if ind else r.lognormal(1.3, 0.95)
        small = x < 3
        day0, span, frac = _active_span(r, small, (0.5, 3) if ind else (0.5, 4), (3, 2 * NDAYS) if ind else (2, 2 * NDAYS))
        people.append((min(300, x) * frac, day0, span))
    raw = [p[0] for p in people]
    lo, hi = 0.01, 50.0
    for _ in range(50):
        f = (lo * hi) ** 0.5
        s = sum(max(1, int(x * f + 0.5)) for x in raw)
        lo, hi = (f, hi) if s < remaining else (lo, f)
    counts = [max(1, int(x * (lo * hi) ** 0.5 + 0.5)) for x in raw]
    diff = remaining - sum(counts)
    while diff != 0:
        i = r.randint(0, len(counts) - 1)
        if diff > 0:
            counts[i] += 1
            diff -= 1
        elif counts[i] > 1:
            counts[i] -= 1
            diff += 1
    for i, c in enumerate(counts):
        a = new_account(w, "individual" if i < n_ind else "developer")
        a["n"] = c
        if i < n_ind:
            prof = STUDENT if "student" in a["ctx"]["my_job"] else PERSONAL
            a["tp"] = (people[i][1], people[i][2], prof, 2.2, 170, 0.0)
        else:
            a["tp"] = (people[i][1], people[i][2], WORK if r.chance(0.75) else PERSONAL, 3.0, 260, 0.7)
        accts.append(a)
    return accts


# =================================================================== metadata profiles
def legit_meta(w: World, a: dict):
    r, infra = w.r, w.infra
    corp = r.choice(infra.corps) if a["kind"] in ("developer", "harness_user") and r.chance(0.45) else None
    if a["kind"] in ("automation", "eval_workload"):
        corp = {"ips": r.sample(infra.cloud, r.randint(1, 4)), "org": "org-" + r.b62(24), "pf": "pf_" + r.hexstr(16)}
        if a["kind"] == "eval_workload":
            corp = w.eval_orgs[a["eval_org"]]
        a["net"] = {"opts": [(1.0, corp["ips"])]}
    else:
        a["net"] = legit_net(r, infra, a["kind"], corp)
    a["org"] = corp["org"] if corp else "org-" + r.b62(24)
    a["pf"] = corp["pf"] if corp else (None if r.chance(0.2) else "pf_" + r.hexstr(16))
    a["created"] = START - r.uniform(20, 1100) * DAY
    a["young"] = r.chance(0.08) and a["kind"] not in ("automation", "eval_workload")
    a["shape_w"] = r.choice([[45, 35, 20], [90, 5, 5], [5, 90, 5], [10, 10, 80], [60, 40, 0], [30, 50, 20], [20, 30, 50]])
    a["uas"] = {}
    a["missing"] = r.choice([0.02, 0.04, 0.06, 0.1, 0.5]) if r.chance(0.95) else 0.95
    a["model"] = base_model(r)
    a["adopt"] = w.release + r.expo(3.0) * DAY if r.chance(0.3) else math.inf


def campaign_meta(w: World, accts: list[dict]):
    r, infra = w.r, w.infra
    for ci, camp in enumerate(CAMPAIGNS):
        group = [a for a in accts if a["campaign"] == camp]
        provider = infra.proxy_providers[[0, 1, 2, 0][ci]]
        pool = r.sample(provider, max(6, int(len(group) * r.uniform(0.15, 0.4))))
        servers = r.sample(infra.cloud, r.randint(3, 8))
        uas = [make_ua(r, s) for s in r.sample(["anthropic", "openai", "openai", "flat"], 3)] + (["python-httpx/0.27.0", "aiohttp/3.9.5"] if r.chance(0.6) else [])
        cards = ["pf_" + r.hexstr(16) for _ in range(max(2, len(group) // 8))]
        orgs = ["org-" + r.b62(24) for _ in range(max(1, len(group) // 10))]
        w.camp_delay[camp] = r.uniform(3, 20) * HOUR
        w.camp_interval[camp] = r.uniform(240, 900)
        for a in group:
            if camp == "stealth":
                a["net"] = legit_net(r, infra, "individual")
                if r.chance(0.6):
                    a["net"]["opts"].append((2.0, r.sample(pool, r.randint(1, 3))))
                a["uas_fixed"] = [make_ua(r, r.choice(["anthropic", "openai", "flat"])) for _ in range(r.randint(1, 2))]
                a["shape_w"] = r.choice([[45, 35, 20], [80, 10, 10], [10, 80, 10], [30, 30, 40]])
            else:
                if r.chance(r_share := w.camp_share.setdefault(camp, r.uniform(0.3, 0.6))):
                    opts = [(1.0, r.sample(pool, r.randint(1, 4)))]
                else:  # rotating residential exits: fresh addresses from the provider's large space
                    opts = [(1.0, r.sample(provider, r.randint(2, 8)))]
                if r.chance(0.2):
                    opts.append((0.5, servers))
                a["net"] = {"opts": opts}
                a["uas_fixed"] = r.sample(uas, r.randint(1, 2))
                a["shape_w"] = {"agentic": [45, 55, 0], "coding": [40, 35, 25], "planning": [45, 30, 25]}[camp]
            a["org"] = r.choice(orgs) if r.chance(0.4) else "org-" + r.b62(24)
            x = r.random()
            a["pf"] = None if x < 0.45 else r.choice(cards) if x < 0.85 else "pf_" + r.hexstr(16)
            a["aged"] = r.chance(0.15)
            a["missing"] = r.choice([0.02, 0.05, 0.1, 0.2])
            a["model"] = r.weighted(["claude-opus-4-1", "claude-sonnet-4-5", "claude-opus-4-1-20250805"], [5, 4, 1])


# =================================================================== content per kind
def ev(t, system, msgs, tools=None, max_tokens=None, shape=None, model=None, ua=None):
    return {"t": t, "system": system, "msgs": msgs, "tools": tools, "max_tokens": max_tokens, "shape": shape, "model": model, "ua": ua}


def person_life(r: Rng, a: dict, times: list[float], w: World, code_bias: bool, pop: bool = True):
    n = len(times)
    k = r.weighted([0, 1, 2, 3, 4], [22, 40, 24, 10, 4]) if pop else 0
    k = min(k, max(1, n // 2) if n > 1 else 1)
    keys = [r.weighted(w.code_keys, w.code_w) if (code_bias and r.chance(0.6)) else r.weighted(w.pop_keys, w.life_w) for _ in range(k)]
    slots = r.sample(list(range(n)), k)
    pop_at = dict(zip(slots, keys))
    if k and n > k + 1 and r.chance(0.15):  # re-ask later, worded differently
        pop_at[r.choice([i for i in range(n) if i not in pop_at])] = keys[0]
    for i, t in enumerate(times):
        if i in pop_at:
            system, msgs = HU.person_request(r, a["ctx"], pop_at[i])
        elif code_bias and r.chance(0.7):
            q = C.dev_question(r, a["ctx"])
            msgs = [("user", q if "```" in q or "\n" in q else style_text(q, a["ctx"]["style"], r))]
            if r.chance(a["ctx"]["multiturn"] + 0.05):
                msgs = [msgs[0], ("assistant", HU.fake_reply(r, q)), ("user", fill(r.choice(C.DEV_FOLLOW), r, a["ctx"]))]
            system = fill(r.choice(HU.SYS_PROMPTS_IND), r, a["ctx"]) if r.chance(a["ctx"]["sys_rate"]) else None
        else:
            system, msgs = HU.person_request(r, a["ctx"], None)
        a["events"].append(ev(t, system, msgs))


def _active_span(r: Rng, small: bool, small_span, big_span):
    """Activity interval of a person; it may start before / end after the window.
    Returns (day0, span, fraction of the activity inside the window)."""
    span = r.uniform(*small_span) if small else r.uniform(*big_span)
    day0 = r.uniform(-span, NDAYS)
    overlap = max(0.05, min(NDAYS, day0 + span) - max(0.0, day0))
    return day0, span, min(1.0, overlap / min(span, NDAYS))


def gen_individual(w: World, a: dict):
    r = w.r
    day0, span, prof = a["tp"][:3]
    times = human_times(r, a["n"], a["tz"], day0, span, prof, START, END, mean_session=2.2, gap_mean=170, clip=(0, NDAYS))
    person_life(r, a, times, w, code_bias=False)


def gen_developer(w: World, a: dict):
    r = w.r
    day0, span, prof = a["tp"][:3]
    times = human_times(r, a["n"], a["tz"], day0, span, prof, START, END, mean_session=3.0, gap_mean=260, weekday_bias=0.7, clip=(0, NDAYS))
    person_life(r, a, times, w, code_bias=True)


def gen_jailbreak(w: World, a: dict):
    r = w.r
    times = human_times(r, a["n"], a["tz"], r.uniform(-1, NDAYS - 0.5), r.uniform(0.3, 6), r.choice([PERSONAL, STUDENT]), START, END,
                        mean_session=2.5, gap_mean=90)
    jb = r.weighted(list(range(len(HU.JAILBREAKS))), w.jb_w)
    n_jb = min(len(times), r.randint(1, 3))
    person_life(r, a, times, w, code_bias=False)
    for i in r.sample(list(range(len(times))), n_jb):
        text = HU.jailbreak_text(r, a["ctx"], jb if r.chance(0.85) else r.randint(0, len(HU.JAILBREAKS) - 1))
        if r.chance(0.25):  # some put the jailbreak in the system prompt
            cut = text.rfind(": ")
            a["events"][i] = ev(times[i], text[:cut + 1], [("user", text[cut + 2:] or "hi")])
        else:
            a["events"][i] = ev(times[i], None, [("user", text)])


def gen_harness(w: World, a: dict):
    r = w.r
    u = a["hu"]
    h = H.HARNESSES[u["harness"]]
    ua = H.harness_ua(r, u)
    shape = {"anthropic": "anthropic", "openai": "openai"}.get(h["shape"]) or r.choice(["anthropic", "openai"])
    span = r.uniform(1, NDAYS)
    day0 = r.uniform(-span, NDAYS)
    for steps in a["sessions"]:
        t = human_times(r, 1, a["tz"], day0, span, WORK, START, END)[0]
        for system, msgs, tools, _ in H.session_requests(r, u, a["ctx"], steps):
            a["events"].append(ev(t, system, msgs, tools, r.choice([8192, 8192, 16384, 32000]), shape, None, ua))
            t += r.uniform(4, 25) + r.expo(12)
    if a["n_chat"]:
        times = human_times(r, a["n_chat"], a["tz"], day0, span, WORK, START, END)
        person_life(r, a, times, w, code_bias=True)


def gen_automation(w: World, a: dict):
    r = w.r
    kind, n = a["auto"], a["n"]
    a["company"] = r.choice(B.COMPANIES)
    a["tone"] = r.choice(["warm and playful", "premium and minimal", "friendly, practical", "technical and precise"])
    shape = r.weighted(["anthropic", "openai", "flat"], [35, 35, 30])
    model = r.choice(["claude-haiku-4-5-20251001", "claude-sonnet-4-5-20250929", "claude-3-5-haiku-latest"])
    ua = r.choice(["Anthropic/Python 0.52.0", "OpenAI/Python 1.68.2", "python-httpx/0.28.1", "Go-http-client/2.0", "OpenAI/Java 0.41.0"])
    span = END - START
    if kind == "logs":  # cron: every P seconds exactly
        p = span / n
        off = r.uniform(0, p)
        times = [START + off + i * p + r.uniform(-0.4, 0.4) for i in range(n)]
    elif kind in ("invoice", "product"):  # nightly / 6-hourly batches, fixed spacing inside a batch
        per = 1 if kind == "invoice" else 4
        nb = NDAYS * per
        size = math.ceil(n / nb)
        spacing = r.uniform(1.0, 2.5)
        hour = r.uniform(0, 23)
        times = []
        for b in range(nb):
            t0 = START + b * DAY / per + hour * HOUR + r.uniform(0, 2)
            times += [t0 + j * spacing + r.uniform(0, 0.05) for j in range(size)]
        times = times[:n]
    else:  # event-driven: tickets / PRs arriving through the working day
        times = human_times(r, n, a["tz"], 0, NDAYS, WORK, START, END, mean_session=1.6 if kind == "triage" else 3, gap_mean=4 if kind == "review" else 30,
                            weekday_bias=0.6)
    mt = r.choice([512, 1024, 2048])
    for t in times:
        system, msgs, mt2 = B.automation_request(r, kind, a)
        a["events"].append(ev(t, system, msgs, None, max(mt, mt2), shape, model, ua))


def gen_eval(w: World, a: dict):
    r = w.r
    org = w.eval_orgs[a["eval_org"]]
    suites = ["gsm", "math", "code"] if a["eval_org"] == 0 else ["mcq", "code", "gsm"]
    shape = org["shape"]
    ua = org["ua"]
    left = a["n"]
    while left > 0:
        suite = r.choice(suites)
        size = min(left, r.choice([100, 164, 200, 250, 500]))
        t0 = START + r.uniform(0, NDAYS) * DAY
        if r.chance(0.35):
            t0 = max(t0, w.release + r.uniform(1, 30) * HOUR)
        model = NEW_MODEL[0] if t0 > w.release and r.chance(0.6) else r.choice(["claude-sonnet-4-5", "claude-opus-4-1", "claude-haiku-4-5"])
        conc = r.uniform(0.3, 2.5)
        for i in range(size):
            text = B.eval_request(r, suite, i)
            a["events"].append(ev(t0 + i * conc + r.uniform(0, conc), None, [("user", text)], None, 4096 if suite != "mcq" else 1024, shape, model, ua))
        left -= size


def _camp_times(w: World, a: dict, camp: str) -> list[float]:
    r = w.r
    n = a["n"]
    wave = a["wave"]
    life = r.uniform(1, 4.5) if camp != "stealth" else r.uniform(2, 9)
    if camp == "agentic":  # machine-regular runs
        times, d = [], 0
        per_day = math.ceil(n / max(1, math.ceil(life)))
        iv = w.camp_interval[camp] * r.uniform(0.9, 1.1)
        while len(times) < n:
            t = START + (wave + d) * DAY + r.uniform(0, 20) * HOUR
            for _ in range(min(per_day, n - len(times))):
                times.append(t)
                t += iv * r.uniform(0.97, 1.03)
            d += 1
        return times
    if camp == "coding":  # bursts
        times, t = [], START + wave * DAY + r.uniform(0, 24) * HOUR
        while len(times) < n:
            for _ in range(min(n - len(times), r.randint(3, 8))):
                times.append(t)
                t += r.uniform(2, 15)
            t += r.expo(life * DAY / max(1, n / 5))
        return times
    if camp == "planning":  # operator working hours (UTC+8), regular-ish spacing
        return human_times(r, n, 8.0, wave, life, WORK, START, END + 30 * DAY, mean_session=5, gap_mean=1500, weekday_bias=0.8)
    return human_times(r, n, a["tz"], wave, life, PERSONAL, START, END + 30 * DAY, mean_session=2, gap_mean=200)


def gen_campaign(w: World, a: dict):
    r = w.r
    camp = a["campaign"]
    times = [t for t in _camp_times(w, a, camp) if t < END - 60] or [END - r.uniform(100, 5000)]
    times.sort()
    ncamp = min(len(times), a["n_camp"])
    camp_idx = set(r.sample(list(range(len(times))), ncamp))
    cover_ctx = a["ctx"]
    for i, t in enumerate(times):
        if i in camp_idx:
            system, msgs, tools = CP.campaign_request(r, camp, cover_ctx)
            mt = r.choice([2048, 4096, 8192, 8192, 16000, 32000]) if camp != "stealth" else r.choice([1024, 2048, 4096, 8192])
            model = None
            if t > w.release + w.camp_delay[camp] and r.chance(0.9):
                model = NEW_MODEL[0] if r.chance(0.85) else NEW_MODEL[1]
            a["events"].append(ev(t, system, msgs, tools, mt, None, model or a["model"]))
        else:
            key = r.weighted(w.pop_keys, w.life_w) if r.chance(0.35) else None
            system, msgs = HU.person_request(r, cover_ctx, key)
            a["events"].append(ev(t, system, msgs))


def fit_total(w: World, accts: list[dict]):
    """Add or remove ordinary people's requests so the log has exactly --requests rows."""
    r = w.r
    people = [a for a in accts if a["kind"] in ("individual", "developer")]
    diff = w.n_req - sum(len(a["events"]) for a in accts)
    guard = 0
    while diff > 0 and guard < 50 * w.n_req:
        guard += 1
        a = r.choice(people)
        day0, span, prof, ms, gap, wb = a["tp"]
        t = human_times(r, 1, a["tz"], day0, span, prof, START, END, mean_session=ms, gap_mean=gap, weekday_bias=wb, clip=(0, NDAYS))[0]
        if not START <= t < END:
            continue
        n0 = len(a["events"])
        person_life(r, a, [t], w, code_bias=a["kind"] == "developer", pop=r.chance(0.2))
        diff -= len(a["events"]) - n0
    while diff < 0:
        pool = [a for a in people if len(a["events"]) > 1] or [a for a in accts if len(a["events"]) > 1]
        if not pool:
            break
        for a in r.sample(pool, min(len(pool), -diff)):
            a["events"].pop(r.randint(0, len(a["events"]) - 1))
            diff += 1


def assign_waves(w: World, accts: list[dict]):
    r = w.r
    for camp in CAMPAIGNS:
        group = [a for a in accts if a["campaign"] == camp]
        lo, hi = {"agentic": (0, 12.5), "coding": (1.5, 12.5), "planning": (3, 12), "stealth": (0, 11)}[camp]
        waves = sorted(r.uniform(lo, hi) for _ in range(r.randint(6, 12)))
        post = (w.release - START) / DAY + r.uniform(0.1, 0.8)
        for a in group:
            if camp in ("agentic", "coding") and r.chance(0.3):
                a["wave"] = post + r.uniform(0, 0.8)
            else:
                a["wave"] = r.choice(waves) + r.uniform(0, 0.7)


# =================================================================== rendering
def flatten(system, msgs, r: Rng) -> str:
    if len(msgs) == 1:
        body = msgs[0][1]
    else:
        a, b = r.choice([("User", "Assistant"), ("Human", "Assistant"), ("Q", "A"), ("user", "assistant")])
        body = "\n\n".join(f"{a if role == 'user' else b}: {c}" for role, c in msgs) + f"\n\n{b}:"
    return (system + "\n\n" + body) if system else body


def render(e: dict, shape: str, model: str, r: Rng) -> dict:
    system, msgs, tools = e["system"], e["msgs"], e["tools"]
    if shape == "anthropic":
        req = {"model": model, "max_tokens": e["max_tokens"] or r.choice([1024, 1024, 2048, 4096, 4096, 8192, 16000, 32000])}
        if system:
            req["system"] = system
        req["messages"] = [{"role": ro, "content": c} for ro, c in msgs]
        if tools:
            req["tools"] = tools
        if r.chance(0.3):
            req["temperature"] = r.choice([0, 0.2, 0.5, 0.7, 1.0])
        if r.chance(0.25):
            req["stream"] = True
        return {"request": req}
    if shape == "openai":
        req = {"model": model, "messages": ([{"role": "system", "content": system}] if system else []) + [{"role": ro, "content": c} for ro, c in msgs]}
        if tools:
            req["tools"] = [{"type": "function", "function": {"name": t["name"], "description": t["description"], "parameters": t["input_schema"]}} for t in tools]
        if e["max_tokens"] or r.chance(0.4):
            req["max_tokens"] = e["max_tokens"] or r.choice([512, 1024, 2048, 4096])
        if r.chance(0.35):
            req["temperature"] = r.choice([0, 0.3, 0.7, 1.0])
        if r.chance(0.2):
            req["stream"] = True
        return {"request": req}
    return {"prompt": flatten(system, msgs, r)}


def finalize(w: World, a: dict, rows: list):
    r = w.r
    evs = a["events"]
    first = min(e["t"] for e in evs)
    if a["kind"] == "campaign":
        created = START - r.uniform(60, 700) * DAY if a["aged"] else first - r.uniform(0.05, 4.0) * DAY
    else:
        created = first - r.uniform(0.01, 10) * DAY if a.get("young") else a["created"]
    shapes = ["anthropic", "openai", "flat"]
    for e in evs:
        shape = e["shape"] or r.weighted(shapes, a["shape_w"])
        if shape == "flat" and e["tools"]:
            shape = r.choice(["anthropic", "openai"])
        model = e["model"]
        if model is None:
            model = NEW_MODEL[0] if e["t"] > a.get("adopt", math.inf) and r.chance(0.75) else a["model"]
        row = {"request_id": w.new_id("req_", 20), "account_id": a["id"], "timestamp": iso(e["t"])}
        row.update(render(e, shape, model, r))
        miss = a["missing"]
        if r.random() > miss:
            row["client_ip"] = pick_ip(r, a["net"])
        if r.random() > miss:
            if e["ua"]:
                ua = e["ua"]
            elif "uas_fixed" in a:
                ua = r.choice(a["uas_fixed"])
            else:
                ua = a["uas"].get(shape) or a["uas"].setdefault(shape, make_ua(r, shape))
            row["user_agent"] = ua
        if r.random() > miss:
            row["organization"] = a["org"]
        if a["pf"] and r.random() > miss:
            row["payment_fingerprint"] = a["pf"]
        if r.random() > miss:
            row["account_created_at"] = iso(created)[:19] + "Z"
        rows.append((e["t"], row))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--requests", type=int, default=50000)
    ap.add_argument("--out", required=True)
    ap.add_argument("--labels", required=True)
    args = ap.parse_args(argv)
    t0 = time.time()
    w = World(args.seed, args.requests)
    r = w.r
    w.camp_delay, w.camp_interval, w.camp_share = {}, {}, {}
    w.eval_orgs = [{"ips": r.sample(w.infra.cloud, 3), "org": "org-" + r.b62(24), "pf": "pf_" + r.hexstr(16), "shape": s,
                    "ua": u} for s, u in [("openai", "OpenAI/Python 1.72.0"), ("anthropic", "Anthropic/Python 0.55.0")]]
    accts = plan(w)
    campaign_meta(w, accts)
    assign_waves(w, accts)
    gens = {"individual": gen_individual, "developer": gen_developer, "jailbreak_paster": gen_jailbreak, "harness_user": gen_harness,
            "automation": gen_automation, "eval_workload": gen_eval, "campaign": gen_campaign}
    for a in accts:
        if a["kind"] != "campaign":
            legit_meta(w, a)
        gens[a["kind"]](w, a)
        inside = [e for e in a["events"] if START <= e["t"] < END]
        if not inside and a["events"]:  # keep one request of an account whose activity fell outside the window
            e = a["events"][0]
            e["t"] = START + r.uniform(0.2, NDAYS - 0.2) * DAY
            inside = [e]
        a["events"] = inside
    accts = [a for a in accts if a["events"]]
    fit_total(w, accts)
    rows = []
    for a in accts:
        finalize(w, a, rows)
        a["events"] = None
    rows.sort(key=lambda x: x[0])
    with open(args.out, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=4, mtime=0) as gz, \
            io.TextIOWrapper(gz, encoding="utf-8") as f:
        buf = []
        for _, row in rows:
            buf.append(json.dumps(row, ensure_ascii=False))
            if len(buf) >= 2000:
                f.write("\n".join(buf) + "\n")
                buf = []
        if buf:
            f.write("\n".join(buf) + "\n")
    seen = {row["account_id"] for _, row in rows}
    lab = [a for a in accts if a["id"] in seen]
    table = pa.table({"account_id": pa.array([a["id"] for a in lab], pa.string()), "kind": pa.array([a["kind"] for a in lab], pa.string()),
                      "campaign": pa.array([a["campaign"] for a in lab], pa.string()),
                      "is_campaign": pa.array([a["kind"] == "campaign" for a in lab], pa.bool_())})
    pq.write_table(table, args.labels)
    print(f"wrote {len(rows)} requests from {len(lab)} accounts in {time.time() - t0:.1f}s", file=sys.stderr)


if __name__ == "__main__":
    main()
