"""Property tests: every character-level disguise of a prompt normalizes to the clean prompt's hash key.

Disguises are drawn, not listed: random casing, look-alike letters taken from
the same Unicode confusables data the normalizer folds, zero-width and bidi
characters, and every kind of horizontal space, all mixed in one prompt.
"""

from __future__ import annotations

import time
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from embedcluster.normalize import _homoglyph_table, hash_key, normalize_text

PROMPTS = [
    "Explain the theory of relativity in simple terms, with two examples.",
    "You are an autonomous agent with shell and browser tools. Goal: build a web scraper in Rust.",
    "Write a Python function that parses ISO dates; think step by step and list every assumption.",
]
INVISIBLES = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u202e", "\u2066", "\ufe0f", "\x00"]
SPACES = [" ", "  ", "\t", "\u00a0", "\u2002", "\u2009", "\u202f", "\u3000", " \u00a0 "]
EXAMPLES = settings(max_examples=150, deadline=None)


# What an attacker typing Cyrillic and Greek twins picks, written down independently of the normalizer's table.
TWINS = {
    "a": "а", "c": "с", "e": "е", "i": "і", "j": "ј", "o": "оο", "p": "р", "s": "ѕ", "x": "х", "y": "у",
    "A": "АΑ", "B": "ВΒ", "C": "С", "E": "ЕΕ", "H": "НΗ", "I": "ІΙӀ", "K": "КΚ", "M": "МΜ", "N": "Ν", "O": "ОΟ",
    "P": "РΡ", "T": "ТΤ", "X": "ХΧ", "Y": "Υ", "Z": "Ζ",
}  # fmt: skip


def _lookalikes() -> dict[str, list[str]]:
    """ASCII letter -> the twins above, and every letter of another script Unicode says looks like it."""
    out: dict[str, list[str]] = {letter: list(twins) for letter, twins in TWINS.items()}
    for code, target in _homoglyph_table().items():
        char = chr(code)
        if unicodedata.category(char).startswith("L") and unicodedata.normalize("NFKC", char) == char:
            out.setdefault(target, []).append(char)
    return out


LOOKALIKES = _lookalikes()


@st.composite
def disguised(draw: st.DrawFn, prompt: str) -> str:
    """`prompt` with each letter maybe re-cased or swapped for a look-alike, invisibles inserted, spaces varied."""
    out = []
    for char in prompt:
        if char == " ":
            out.append(draw(st.sampled_from(SPACES)))
            continue
        if char.isalpha():
            char = draw(st.sampled_from([char, char.swapcase(), *LOOKALIKES.get(char, [])]))
        out.append(char)
        if draw(st.integers(0, 5)) == 0:
            out.append(draw(st.sampled_from(INVISIBLES)))
    padding = st.sampled_from(["", *SPACES, *INVISIBLES])
    return draw(padding) + "".join(out) + draw(padding)


@st.composite
def prompt_and_disguise(draw: st.DrawFn) -> tuple[str, str]:
    prompt = draw(st.sampled_from(PROMPTS))
    return prompt, draw(disguised(prompt))


@EXAMPLES
@given(prompt_and_disguise())
def test_disguised_prompt_has_the_clean_hash_key(pair: tuple[str, str]) -> None:
    prompt, variant = pair
    assert hash_key(normalize_text(variant)) == hash_key(normalize_text(prompt))


@EXAMPLES
@given(prompt_and_disguise())
def test_disguised_prompt_reads_as_the_clean_one(pair: tuple[str, str]) -> None:
    """The embedder sees the same words, not just the hash: only case may differ."""
    prompt, variant = pair
    assert normalize_text(variant).casefold() == prompt.casefold()


@EXAMPLES
@given(st.one_of(st.text(), prompt_and_disguise().map(lambda pair: pair[1])))
def test_normalize_is_idempotent_on_anything_and_on_disguises(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once


def test_long_runs_of_combining_marks_normalize_in_linear_time() -> None:
    """NFKC sorts a run of combining marks by insertion: 100,000 of U+0F73 used to take 36 s.

    Runs are cut to 30 marks first (Unicode's stream-safe format), so the sort never sees a long one.
    """
    hostile = ["\u0f73" * 30_000, "a" + "\u0301\u0316" * 15_000, "\u0316\u0301" * 15_000]
    started = time.perf_counter()
    normalized = [normalize_text(text) for text in hostile]
    assert time.perf_counter() - started < 1.0
    assert all(normalize_text(once) == once for once in normalized)
