"""Tests for embedcluster.normalize: undoing character-level obfuscation."""

from __future__ import annotations

import json
import unicodedata
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from embedcluster.normalize import (
    _normalize_ascii,
    _normalize_once,
    embedding_window,
    hash_key,
    normalize_text,
    read_char_classes,
)

CLEAN = "Explain the theory of relativity in simple terms, with two examples."

# --- invisible characters -------------------------------------------------------------


@pytest.mark.parametrize("zw", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"])
def test_zero_width_characters_removed(zw):
    assert normalize_text(f"Ex{zw}pla{zw}in{zw} this") == "Explain this"


@pytest.mark.parametrize(
    "bidi",
    ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f"],
)
def test_bidi_controls_removed(bidi):
    assert normalize_text(f"{bidi}abc{bidi}def") == "abcdef"


def test_variation_selectors_removed():
    # VS1..VS16 and a supplementary variation selector (U+E0100).
    text = "he\ufe00l\ufe0el\ufe0fo\U000e0100 w\U000e01eforld"
    assert normalize_text(text) == "hello world"


def test_control_characters_removed_but_newline_and_tab_handled():
    assert normalize_text("a\x00b\x07c\x1bd\x7fe\x85f\x9fg") == "abcdefg"
    # \r is a control: a CRLF ends up a single newline.
    assert normalize_text("line one\r\nline two") == "line one\nline two"
    # A tab is kept as a control but collapses as whitespace.
    assert normalize_text("a\tb") == "a b"


def test_private_use_characters_removed():
    assert normalize_text("se\ue000cr\U000f0000et") == "secret"


# --- look-alikes and compatibility forms -----------------------------------------------


def test_cyrillic_lookalikes_folded_to_ascii():
    # "Ехрlаіn" written with Cyrillic Е х р а і.
    spoofed = "\u0415\u0445\u0440l\u0430\u0456n"
    assert spoofed != "Explain"
    assert normalize_text(spoofed) == "Explain"
    assert normalize_text("\u0421\u043e\u0440\u0443 this") == "Copy this"  # Сору (Cyrillic)


def test_greek_lookalikes_folded_to_ascii():
    # Α (Alpha), Ο / ο (Omicron), Τ (Tau), Ρ (Rho), inside an English sentence.
    text = "Say \u0391 and \u039f\u039a to \u03bfne \u03a4\u03a1 friend"
    assert normalize_text(text) == "Say A and OK to one TP friend"


@pytest.mark.parametrize("text", ["Привет мир, как дела?", "Γεια σου κόσμε", "тест сос", "Объясни шаг за шагом"])
def test_genuine_cyrillic_and_greek_text_stays_readable(text):
    assert normalize_text(text) == text


def test_nfkc_fullwidth_forms():
    assert normalize_text("\uff28\uff25\uff2c\uff2c\uff2f\u3000\uff57\uff4f\uff52\uff4c\uff44\uff01") == "HELLO world!"


def test_nfkc_mathematical_alphanumerics():
    bold = "\U0001d407\U0001d41e\U0001d425\U0001d425\U0001d428"  # 𝐇𝐞𝐥𝐥𝐨
    italic = "\U0001d44e\U0001d44f\U0001d450"  # 𝑎𝑏𝑐
    digits = "\U0001d7cf\U0001d7d0\U0001d7d1"  # 𝟏𝟐𝟑
    assert normalize_text(f"{bold} {italic} {digits}") == "Hello abc 123"


def test_nfkc_ligatures():
    assert normalize_text("\ufb01le") == "file"


# --- combining marks -------------------------------------------------------------------


def test_stray_combining_marks_on_ascii_removed():
    # Overlay marks that cannot compose with the letters under them ("zalgo").
    zalgo = "E\u0335x\u0336p\u0337l\u0338a\u0334i\u0361n \u20ddthis\u1ab0\u1dc0\ufe20"
    assert normalize_text(zalgo) == "Explain this"


def test_composed_accents_survive():
    assert normalize_text("café") == "café"
    # A decomposed accent composes (NFKC) instead of being stripped as a stray mark.
    assert normalize_text("cafe\u0301") == "café"
    assert normalize_text("naïve résumé") == "naïve résumé"


def test_non_latin_scripts_survive():
    devanagari = "\u0928\u092e\u0938\u094d\u0924\u0947 \u0926\u0941\u0928\u093f\u092f\u093e"  # नमस्ते दुनिया
    assert normalize_text(devanagari) == devanagari
    assert normalize_text("日本語のテキスト") == "日本語のテキスト"
    assert normalize_text("مرحبا بالعالم") == "مرحبا بالعالم"


def test_stacked_marks_beyond_the_composable_one_removed():
    assert normalize_text("Expla\u0301\u0308in") == "Expl\u00e1in"


# --- whitespace ------------------------------------------------------------------------


def test_whitespace_collapsed_and_newlines_kept_once():
    text = "  a  \t b\u00a0\u2003c\n\n\n   d  \n \t\n e   "
    assert normalize_text(text) == "a b c\nd\ne"


def test_empty_and_only_invisible_text_normalize_to_empty():
    assert normalize_text("") == ""
    assert normalize_text(" \u200b\ufeff\u202e\n\t ") == ""


# --- hash_key ----------------------------------------------------------------------------


def test_hash_key_ignores_case():
    assert hash_key("Explain Gravity") == hash_key("explain gravity") == hash_key("EXPLAIN GRAVITY")
    # casefold, not lower: ß and SS are one text.
    assert hash_key("STRASSE") == hash_key("straße")


def test_hash_key_distinguishes_texts():
    keys = {hash_key(t) for t in ["Explain gravity", "Explain gravity.", "Explain  gravity", "Explain levity", ""]}
    assert len(keys) == 5


def test_hash_key_format():
    key = hash_key("anything")
    assert len(key) == 32
    int(key, 16)


def test_hash_key_accepts_lone_surrogates():
    assert hash_key("a\udc80") != hash_key("a")


def test_obfuscated_variants_share_a_hash_after_normalization():
    variants = [
        CLEAN,
        CLEAN.upper(),
        "Ex\u200bplain the th\u200deory of re\ufeffla\u2060tivity in simple terms, with two examples.",
        "\u0415\u0445\u0440l\u0430\u0456n the theory \u043ef relativity in simple terms, with two examples.",
        "Explain   the theory of\u00a0relativity in simple terms,  with two examples.  ",
        "\uff25xplain the theory of relativity in simple terms, with two examples.",
    ]
    assert {hash_key(normalize_text(v)) for v in variants} == {hash_key(CLEAN)}


# --- idempotence ---------------------------------------------------------------------------

# Characters that once broke idempotence (spaces NFKC keeps, marks whose removal lets
# NFKC compose on a second pass) are mixed in on purpose.
_IDEMPOTENCE_BREAKERS = "\u1680\u2028\u2029\u034f\u1abe\u20dd\u20de\u20df\u20e0\u20e2\u20e3\u20e4"


@settings(max_examples=400, deadline=None)
@given(st.text() | st.text(alphabet=st.sampled_from(list(_IDEMPOTENCE_BREAKERS + "ap\u0301\u093c\u0307 "))))
def test_normalize_text_is_idempotent(text):
    once = normalize_text(text)
    assert normalize_text(once) == once


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            list("aeoxAEOX .,\n\t")
            + ["\u0301", "\u0308", "\u0335", "\u0361", "\u1dc0", "\u20d0", "\ufe20", "\u093c"]
            + ["\u0430", "\u0435", "\u043e", "\u0445", "\u0391", "\u039f", "\uff41", "\U0001d41a"]
            + ["\u200b", "\ufeff", "\u202e", "\ufe0f", "\u00a0", "\u3000", "\x00"]
        ),
        max_size=30,
    ).map("".join)
)
def test_normalize_text_is_idempotent_on_obfuscation_alphabet(text):
    once = normalize_text(text)
    assert normalize_text(once) == once


@pytest.mark.parametrize("text", ["a\u1680\u0301", "a\u2028\u0301", "a\u2029\u0301", "p\u034f\u093c\u0307"])
def test_normalize_text_is_idempotent_known_breakers(text):
    once = normalize_text(text)
    assert normalize_text(once) == once


# --- obfuscated variants of one sentence -----------------------------------------------------

_INVISIBLES = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u202e", "\u2066", "\ufe0f", "\u00ad", "\x00", "\x7f"]


@st.composite
def obfuscated(draw, sentence: str = CLEAN) -> str:
    chars = []
    for ch in sentence:
        if ch.isalpha() and draw(st.booleans()):
            ch = ch.swapcase()
        chars.append(ch)
    inserts = draw(st.lists(st.tuples(st.integers(0, len(sentence)), st.sampled_from(_INVISIBLES)), max_size=25))
    for position, invisible in sorted(inserts, reverse=True):
        chars.insert(position, invisible)
    return "".join(chars)


@settings(max_examples=300, deadline=None)
@given(obfuscated())
def test_zero_width_and_case_variants_share_hash_key(variant):
    assert hash_key(normalize_text(variant)) == hash_key(normalize_text(CLEAN))
    assert normalize_text(variant).casefold() == CLEAN.casefold()


# --- embedding_window ---------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 40), st.integers(0, 40), st.data())
def test_embedding_window_identity_for_short_texts(head, tail, data):
    text = data.draw(st.text(max_size=head + tail))
    assert embedding_window(text, head, tail) == text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_characters="`…"), min_size=1, max_size=400), st.integers(1, 50),
       st.integers(0, 50))
def test_embedding_window_keeps_the_first_and_last_lines_within_budget(text, head, tail):
    window = embedding_window(text, head, tail)
    if len(text) <= head + tail:
        assert window == text
        return
    head_part, _, tail_part = window.partition(" … ") if tail else (window, "", "")
    assert text.startswith(head_part) and len(head_part) <= head
    assert text.endswith(tail_part) and len(tail_part) <= tail
    assert "\n" not in head_part or text.startswith("\n")  # the head never spills past the first line


def test_embedding_window_examples():
    text = "HEAD-" + "x" * 100 + "-TAIL"
    assert embedding_window(text, 5, 5) == "HEAD- … -TAIL"
    assert embedding_window(text, 5, 0) == "HEAD-"
    assert embedding_window("short", 3, 2) == "short"
    assert embedding_window("sixsix", 3, 2) == "six … ix"


def test_embedding_window_keeps_the_frame_around_pasted_material():
    code = "Review this for bugs:\n```python\n" + "x = compute(x)\n" * 80 + "```\nReply in one paragraph."
    assert embedding_window(code, 600, 200) == "Review this for bugs:\n```python …```\nReply in one paragraph."
    document = "Summarize the document below in three bullets.\n" + "Lorem ipsum dolor sit amet. " * 60
    assert embedding_window(document, 600, 200).startswith("Summarize the document below in three bullets. … ")
    before = "Lorem ipsum dolor sit amet. " * 60 + "\nWhich claim above is weakest?"
    assert embedding_window(before, 600, 200).endswith(" … Which claim above is weakest?")


_ASCII_TEXT = st.lists(st.sampled_from([*"ab Z9.\n\t\r\x00\x0b\x0c\x1c\x1f\x7f", "  ", " \n ", "\t \n"]), max_size=40).map("".join)


@settings(max_examples=400, deadline=None)
@given(_ASCII_TEXT)
def test_the_ascii_shortcut_gives_what_the_full_passes_give(text):
    """ASCII texts skip the Unicode passes (one pass over controls and spacing): same result, to the byte."""
    full = text
    while (once := _normalize_once(full)) != full:
        full = once
    assert _normalize_ascii(text) == full


def test_shipped_character_classes_are_this_pythons_unicode():
    """The classes shipped in the package are what scanning this Python's Unicode database gives."""
    shipped = resources.files("embedcluster").joinpath(f"data/unicode-{unicodedata.unidata_version}.json")
    if not shipped.is_file():
        pytest.skip(f"no classes shipped for Unicode {unicodedata.unidata_version}: they are read at run time")
    assert json.loads(shipped.read_text("utf-8")) == read_char_classes()
