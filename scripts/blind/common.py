"""Shared helpers: a fast numpy-backed RNG, a tiny slot-template engine, text styling
(human sloppiness) and obfuscation (campaign evasion)."""
from __future__ import annotations

import math
import re

import numpy as np


class Rng:
    """Scalar random helpers served from blocks drawn from a numpy Generator.

    Calling numpy for every scalar is slow; drawing uniforms in blocks keeps the
    whole generator deterministic for a seed while staying fast."""

    __slots__ = ("g", "_buf", "_i")

    def __init__(self, seed_or_gen):
        self.g = seed_or_gen if isinstance(seed_or_gen, np.random.Generator) else np.random.default_rng(seed_or_gen)
        self._buf: list[float] = []
        self._i = 0

    def random(self) -> float:
        if self._i >= len(self._buf):
            self._buf = self.g.random(16384).tolist()
            self._i = 0
        v = self._buf[self._i]
        self._i += 1
        return v

    def randint(self, a: int, b: int) -> int:  # inclusive
        return a + int(self.random() * (b - a + 1))

    def uniform(self, a: float, b: float) -> float:
        return a + (b - a) * self.random()

    def chance(self, p: float) -> bool:
        return self.random() < p

    def choice(self, seq):
        return seq[int(self.random() * len(seq))]

    def weighted(self, items, weights):
        tot = sum(weights)
        x = self.random() * tot
        acc = 0.0
        for it, w in zip(items, weights):
            acc += w
            if x < acc:
                return it
        return items[-1]

    def sample(self, seq, k):
        pool = list(seq)
        k = min(k, len(pool))
        for i in range(k):
            j = i + int(self.random() * (len(pool) - i))
            pool[i], pool[j] = pool[j], pool[i]
        return pool[:k]

    def shuffle(self, lst):
        for i in range(len(lst) - 1, 0, -1):
            j = int(self.random() * (i + 1))
            lst[i], lst[j] = lst[j], lst[i]
        return lst

    def gauss(self, mu=0.0, sigma=1.0):
        u1 = max(self.random(), 1e-12)
        u2 = self.random()
        return mu + sigma * math.sqrt(-2.0 * math.log(u1)) * math.cos(2 * math.pi * u2)

    def lognormal(self, mu, sigma):
        return math.exp(self.gauss(mu, sigma))

    def expo(self, mean):
        return -mean * math.log(max(1.0 - self.random(), 1e-12))

    def hexstr(self, n):
        return "".join("0123456789abcdef"[int(self.random() * 16)] for _ in range(n))

    def b62(self, n):
        a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
        return "".join(a[int(self.random() * 62)] for _ in range(n))

    def spawn(self) -> "Rng":
        return Rng(int(self.random() * 2**62))


# --------------------------------------------------------------------------- templates
SLOTS: dict = {}
_PAT = re.compile(r"\{([^{}]*)\}")


def register(**kw):
    SLOTS.update(kw)


def fill(tpl: str, r: Rng, ctx: dict | None = None) -> str:
    """Fill `{slot}` and `{alt a|alt b|}` markers; inner markers first, repeated."""

    def rep(m):
        k = m.group(1)
        if "|" in k:
            return r.choice(k.split("|"))
        if ctx is not None and k in ctx:
            v = ctx[k]
        elif k in SLOTS:
            v = SLOTS[k]
        else:
            raise KeyError(f"unknown slot {k!r} in {tpl[:80]!r}")
        if callable(v):
            v = v(r, ctx)
        elif isinstance(v, (list, tuple)):
            v = r.choice(v)
        return str(v)

    for _ in range(8):
        new = _PAT.sub(rep, tpl)
        if new == tpl:
            break
        tpl = new
    return tpl


def words(s: str) -> list[str]:
    return [w.strip() for w in s.split("|") if w.strip()]


# --------------------------------------------------------------------------- styling
_KEYB = {
    "a": "sqz", "b": "vn", "c": "xv", "d": "sf", "e": "wr", "f": "dg", "g": "fh", "h": "gj",
    "i": "uo", "j": "hk", "k": "jl", "l": "k", "m": "n", "n": "bm", "o": "ip", "p": "o",
    "q": "w", "r": "et", "s": "ad", "t": "ry", "u": "yi", "v": "cb", "w": "qe", "x": "zc",
    "y": "tu", "z": "x",
}


def typo_word(w: str, r: Rng) -> str:
    if len(w) < 4 or not w.isalpha():
        return w
    i = r.randint(1, len(w) - 2)
    op = r.random()
    if op < 0.3:
        return w[:i] + w[i + 1] + w[i] + w[i + 2:]
    if op < 0.55:
        return w[:i] + w[i + 1:]
    if op < 0.75:
        return w[:i] + w[i] + w[i:]
    c = w[i].lower()
    if c in _KEYB:
        return w[:i] + r.choice(_KEYB[c]) + w[i + 1:]
    return w


def new_style(r: Rng, sloppy: float = 0.5) -> dict:
    """A person's writing habits."""
    return {
        "lower": r.chance(0.22 * sloppy * 2),
        "nopunct": r.chance(0.25 * sloppy * 2),
        "typo": r.choice([0.0, 0.0, 0.0, 0.01, 0.02, 0.04]) * sloppy * 2,
        "emoji": r.chance(0.08),
        "pls": r.chance(0.15),
        "greet": r.choice([0.0, 0.0, 0.1, 0.3, 0.6]),
        "thanks": r.choice([0.0, 0.0, 0.1, 0.3, 0.7]),
        "caps": r.chance(0.02),
        "ellipsis": r.chance(0.08),
        "double_space": r.chance(0.05),
    }


_EMOJI = ["🙏", "😅", "🙂", "😊", "👍", "🔥", "😭", "🤔", ":)", ":D", "xd", "lol"]
_GREET = ["hi", "hey", "Hi!", "Hello,", "hello", "hey there", "Hi Claude,", "yo", "good morning!", "Hey, quick question."]
_THANKS = ["thanks", "thx", "Thank you!", "thanks in advance", "ty", "Thanks so much.", "appreciate it", "cheers"]


def style_text(text: str, st: dict | None, r: Rng) -> str:
    if not st:
        return text
    t = text
    if st["pls"]:
        t = t.replace("please", "pls").replace("Please", "pls")
    if st["typo"] > 0:
        ws = t.split(" ")
        t = " ".join(typo_word(w, r) if r.random() < st["typo"] else w for w in ws)
    if st["lower"]:
        t = t.lower()
    elif st["caps"] and r.chance(0.3):
        t = t.upper()
    if st["nopunct"]:
        t = t.rstrip(".!")
        t = t.replace(", ", " ") if r.chance(0.3) else t
    if st["ellipsis"] and r.chance(0.4):
        t = t.replace(". ", "... ", 1)
    if st["double_space"]:
        t = t.replace(". ", ".  ")
    if r.random() < st["greet"]:
        g = r.choice(_GREET)
        t = (g.lower() if st["lower"] else g) + r.choice([" ", "\n", " ", ", "]) + t
    if r.random() < st["thanks"]:
        th = r.choice(_THANKS)
        t = t + r.choice([" ", "\n", "\n\n", ". "]) + (th.lower() if st["lower"] else th)
    if st["emoji"] and r.chance(0.5):
        t = t + " " + r.choice(_EMOJI)
    return t


# --------------------------------------------------------------------------- obfuscation
HOMO = {"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "y": "у", "i": "і",
        "A": "А", "E": "Е", "O": "О", "P": "Р", "C": "С", "T": "Т", "H": "Н", "K": "К", "M": "М", "B": "В"}
ZW = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]

SYNONYMS = {
    "explain": ["elaborate on", "walk me through", "clarify", "spell out", "break down", "expound on"],
    "step by step": ["one step at a time", "stepwise", "step-by-step", "incrementally", "stage by stage", "in sequential steps"],
    "reasoning": ["thought process", "rationale", "line of thinking", "logic", "deliberation", "train of thought"],
    "detailed": ["thorough", "in-depth", "comprehensive", "granular", "exhaustive", "fine-grained"],
    "complete": ["full", "entire", "end-to-end", "unabridged", "whole"],
    "solve": ["work out", "tackle", "crack", "figure out", "resolve"],
    "problem": ["task", "challenge", "exercise", "puzzle", "question"],
    "plan": ["roadmap", "blueprint", "schedule", "strategy", "programme"],
    "write": ["produce", "draft", "put together", "compose", "generate"],
    "list": ["enumerate", "itemize", "spell out", "catalogue"],
    "every": ["each", "all", "each and every"],
    "assumption": ["premise", "presupposition", "hypothesis", "given"],
    "analysis": ["breakdown", "assessment", "evaluation", "examination"],
    "edge cases": ["corner cases", "boundary conditions", "tricky inputs", "degenerate inputs"],
    "complexity": ["asymptotic cost", "big-O", "runtime and memory cost", "time/space bounds"],
    "before": ["prior to", "ahead of", "preceding"],
    "show": ["display", "present", "include", "lay out", "expose"],
    "tool call": ["function call", "action", "tool invocation", "API call"],
    "include": ["add", "provide", "incorporate", "give"],
    "make sure": ["ensure", "be sure", "double-check", "verify"],
}
FOREIGN = ["por favor", "bitte", "s'il vous plaît", "per favore", "пожалуйста", "谢谢", "paso a paso",
           "Schritt für Schritt", "étape par étape", "详细地", "подробно", "gracias", "danke", "merci",
           "obrigado", "ありがとう", "lütfen", "proszę", "tolong", "ok?", "vale", "genau", "d'accord", "好的"]


def synonymize(t: str, r: Rng, p: float = 0.6) -> str:
    for k, vs in SYNONYMS.items():
        if k in t and r.chance(p):
            t = t.replace(k, r.choice(vs), 1)
    return t


def homoglyph(t: str, r: Rng, p: float) -> str:
    return "".join(HOMO[c] if c in HOMO and r.random() < p else c for c in t)


def zero_width(t: str, r: Rng, p: float) -> str:
    out = []
    for c in t:
        out.append(c)
        if c == " " and r.random() < p:
            out.append(r.choice(ZW))
        elif c.isalpha() and r.random() < p * 0.15:
            out.append(r.choice(ZW))
    return "".join(out)


def random_case(t: str, r: Rng, p: float) -> str:
    ws = t.split(" ")
    out = []
    for w in ws:
        if r.random() < p:
            w = "".join(c.upper() if r.chance(0.5) else c.lower() for c in w)
        out.append(w)
    return " ".join(out)


def weird_spacing(t: str, r: Rng, p: float) -> str:
    return "".join((c + (" " if r.chance(0.5) else "  ") if c == " " and r.random() < p else c) for c in t).replace("   ", "  ")


def reorder_sentences(t: str, r: Rng) -> str:
    parts = [s for s in re.split(r"(?<=[.!?])\s+", t) if s]
    if len(parts) < 3:
        return t
    head, rest = parts[0], parts[1:]
    r.shuffle(rest)
    return " ".join([head] + rest)


def sprinkle_foreign(t: str, r: Rng, n: int = 1) -> str:
    ws = t.split(" ")
    for _ in range(n):
        i = r.randint(0, len(ws))
        ws.insert(i, r.choice(FOREIGN))
    return " ".join(ws)


def obfuscate(t: str, r: Rng, level: float) -> str:
    """level 0..1: 0.2 = light (paraphrase/typos), 1.0 = heavy (stealth)."""
    if r.chance(0.5 + 0.4 * level):
        t = synonymize(t, r, 0.3 + 0.5 * level)
    if level > 0.5 and r.chance(0.4):
        t = reorder_sentences(t, r)
    if r.chance(0.3 + 0.5 * level):
        ws = t.split(" ")
        t = " ".join(typo_word(w, r) if r.random() < 0.01 + 0.04 * level else w for w in ws)
    if level > 0.5:
        if r.chance(0.45):
            t = homoglyph(t, r, r.uniform(0.02, 0.15))
        if r.chance(0.45):
            t = zero_width(t, r, r.uniform(0.05, 0.3))
        if r.chance(0.3):
            t = random_case(t, r, r.uniform(0.05, 0.3))
        if r.chance(0.25):
            t = weird_spacing(t, r, 0.2)
        if r.chance(0.4):
            t = sprinkle_foreign(t, r, r.randint(1, 3))
        if r.chance(0.2):
            t = t.lower()
    elif level > 0.1 and r.chance(0.06):
        t = sprinkle_foreign(t, r, 1)
    return t
