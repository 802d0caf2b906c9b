"""Undo character-level obfuscation before hashing and embedding.

Attackers vary a template's bytes without changing what it says: zero-width and
control characters, look-alike letters from other scripts, compatibility forms,
odd spacing and casing. Normalizing them away makes those variants one text, so
they hash and embed together.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import string
import unicodedata
from collections.abc import Callable
from importlib import resources

_KEEP_CONTROLS = {"\n", "\t"}
_SPACES = re.compile(r"[^\S\n]+")
_NEWLINES = re.compile(r"\s*\n\s*")
_ASCII_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]+")  # the invisibles of an ASCII text
_ASCII_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F])  # the same, for bytes.translate
_ASCII_SPACES = re.compile(r"[ \t]{2,}|\t")
_ASCII_NEWLINES = re.compile(r" \n[ \n]*|\n[ \n]+")
# Combining marks left on ASCII or Latin letters after NFKC composed what it could ("zalgo" noise):
# real Latin-script text composes fully, so a leftover mark there is decoration.
_STRAY_MARKS = re.compile(
    r"(?<=[\x00-\x7f\u00c0-\u024f\u1e00-\u1eff\s])[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+"
)
_MAX_PASSES = 4
# Unicode's stream-safe format (UAX #15): no run of more than 30 non-starters. NFKC sorts a run by insertion,
# so a longer one costs its length squared; what lies beyond 30 marks is decoration, and is dropped.
_STREAM_SAFE_RUN = 30
_NFKC_PIECE = 4_096  # characters normalized at a time by `normalize_bounded`
_WORD = re.compile(r"\w+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_VARIATION_SELECTORS = set(range(0xFE00, 0xFE10)) | set(range(0xE0100, 0xE01F0))


@functools.cache
def _homoglyph_table() -> dict[int, str]:
    """Map every character Unicode lists as confusable with an ASCII letter or digit to it.

    Built from the Unicode confusables data shipped by `confusable_homoglyphs`,
    not from a hand-picked list, so look-alikes we never saw are folded too.
    """
    raw = json.loads(resources.files("confusable_homoglyphs").joinpath("confusables.json").read_text("utf-8"))
    table: dict[int, str] = {}
    for char, entries in raw.items():
        if len(char) != 1 or char.isascii():
            continue
        targets = [e["c"] for e in entries if len(e["c"]) == 1 and e["c"].isascii() and e["c"].isalnum()]
        letters = [t for t in targets if t.isalpha()]
        if letters or targets:
            table[ord(char)] = _cased((letters or targets)[0], char)
    return table


def _cased(target: str, char: str) -> str:
    """Unicode writes the skeleton of capital I as "l"; a capital look-alike (Cyrillic І, Greek Ι) stands for I."""
    return "I" if target == "l" and char.isupper() else target


def _fold_lookalikes(text: str) -> str:
    """Fold look-alike letters in words that are disguised Latin, and leave genuine other-script text readable.

    A word is disguised when it mixes ASCII letters with look-alikes, or, in a
    mostly Latin text, when every letter has a Latin twin. A Cyrillic or Greek
    sentence keeps its words, so it embeds as what it is.
    """
    if text.isascii():
        return text
    table = _homoglyph_table()
    ascii_letters = sum(map(text.count, string.ascii_letters))  # 52 substring counts run at C speed
    other_letters = sum(c.isalpha() for c in _NON_ASCII.findall(text))
    mostly_latin = ascii_letters >= other_letters

    def fold(match: re.Match[str]) -> str:
        word = match.group(0)
        if word.isascii():
            return word
        mixed = any(c.isascii() and c.isalpha() for c in word)
        if mixed or (mostly_latin and all(c.isascii() or ord(c) in table for c in word)):
            return word.translate(table)
        return word

    return _WORD.sub(fold, text)


def _is_invisible(char: str) -> bool:
    if char in _KEEP_CONTROLS:
        return False
    # Cf: zero-width and bidi formatting; Cc: controls; Co/Cs: private use, surrogates.
    return unicodedata.category(char) in ("Cf", "Cc", "Co", "Cs") or ord(char) in _VARIATION_SELECTORS


def _char_class(wanted: Callable[[str], bool]) -> str:
    """A regex character class of every code point `wanted` holds for, read off the Unicode database:
    a regex pass over a long prompt is many times faster than testing it character by character."""
    ranges: list[tuple[int, int]] = []
    for code in range(0x110000):
        if wanted(chr(code)):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return "[" + "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges) + "]"


def _continues_run(char: str) -> bool:
    """Whether `char` decomposes to a non-starter first: it extends a run of combining marks under NFKC."""
    if unicodedata.combining(char):
        return True
    return bool(unicodedata.decomposition(char)) and bool(unicodedata.combining(unicodedata.normalize("NFKD", char)[0]))


def read_char_classes() -> dict[str, str]:
    """Both character classes, read off this Python's Unicode database (about 3 s: every code point)."""
    return {"invisible": _char_class(_is_invisible), "continues_run": _char_class(_continues_run)}


@functools.cache
def _char_classes() -> dict[str, str]:
    """The classes shipped for this Python's Unicode version, or read off its database where none were:
    reading them costs each process seconds, and they change only with the Unicode version."""
    shipped = resources.files("embedcluster").joinpath(f"data/unicode-{unicodedata.unidata_version}.json")
    if shipped.is_file():
        return json.loads(shipped.read_text("utf-8"))
    return read_char_classes()


@functools.cache
def _invisibles() -> re.Pattern[str]:
    """Runs of invisible characters, built once per process."""
    return re.compile(_char_classes()["invisible"] + "+")


@functools.cache
def _long_runs() -> re.Pattern[str]:
    """Runs of more than `_STREAM_SAFE_RUN` characters that continue a run; group 1 is the part kept."""
    marks = _char_classes()["continues_run"]
    return re.compile(f"({marks}{{{_STREAM_SAFE_RUN}}}){marks}+")


def _nfkc(text: str) -> str:
    """NFKC in time linear in the text: runs of combining marks are first cut to the stream-safe length
    (Unicode's quick check, itself linear, passes most texts as they are)."""
    if text.isascii() or unicodedata.is_normalized("NFKC", text):
        return text
    return unicodedata.normalize("NFKC", _long_runs().sub(r"\1", text))


def _normalize_once(text: str) -> str:
    text = _nfkc(text)
    text = (_ASCII_CONTROLS if text.isascii() else _invisibles()).sub("", text)
    text = _fold_lookalikes(text)
    text = _nfkc(text)  # removing invisibles may have joined runs of marks
    if not text.isascii():
        text = _STRAY_MARKS.sub("", text)
    text = _SPACES.sub(" ", text)
    text = _NEWLINES.sub("\n", text)
    return text.strip()


def normalize_text(text: str) -> str:
    """Readable canonical form: NFKC, invisibles removed, look-alikes folded, spacing collapsed.

    Each step can expose work for another (removing a mark lets NFKC compose),
    so passes repeat until the text stops changing: the result is idempotent.
    """
    return _normalize_ascii(text) if text.isascii() else _normalize_passes(text)


def _normalize_passes(text: str) -> str:
    for _ in range(_MAX_PASSES):
        if text.isascii():  # what is left is one ASCII pass, after which passes change nothing
            return _normalize_ascii(text)
        normalized = _normalize_once(text)
        if normalized == text:
            break
        text = normalized
    return text


def _normalize_ascii(text: str) -> str:
    """`normalize_text` of an ASCII text in one pass: with nothing to compose or fold, what is left is
    controls and spacing, and after the controls go the only whitespace is space, tab and newline.
    Each step first asks whether it has work, with a substring search (C speed), before its regex."""
    raw = text.encode("ascii")
    kept = raw.translate(None, _ASCII_CONTROL_BYTES)
    if len(kept) != len(raw):
        text = kept.decode("ascii")
    if "\t" in text or "  " in text:
        text = _ASCII_SPACES.sub(" ", text)
    if " \n" in text or "\n " in text or "\n\n" in text:
        text = _ASCII_NEWLINES.sub("\n", text)
    return text.strip(" \n")


def normalize_bounded(text: str, max_chars: int) -> str | None:
    """`normalize_text`, or None if the text grows past `max_chars` under normalization.

    NFKC can make one character 18 (U+FDFA): the text is put through NFKC a
    piece at a time and given up as soon as the pieces pass `max_chars`, so a
    hostile text costs about `max_chars` of work, not 18 times that. Normalizing
    the pieces' concatenation again gives what normalizing the whole would.
    """
    if text.isascii():  # nothing in it composes or grows
        return _normalize_ascii(text) if len(text) <= max_chars else None
    pieces: list[str] = []
    total = 0
    for start in range(0, len(text), _NFKC_PIECE):
        pieces.append(_nfkc(text[start : start + _NFKC_PIECE]))
        total += len(pieces[-1])
        if total > max_chars:
            return None
    normalized = normalize_text("".join(pieces))
    return normalized if len(normalized) <= max_chars else None


def hash_key(text: str) -> str:
    """Case-folded content hash: prompts that differ only by case are one prompt."""
    return hashlib.blake2b(text.casefold().encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


_FENCED = re.compile(r"```([^\n`]*)\n.*?(?:```|\Z)", re.DOTALL)


def embedding_window(text: str, head_chars: int, tail_chars: int) -> str:
    """The part of a prompt a template's frame lives in: its first and last lines, pasted code left out.

    Campaign prompts wrap per-request material (a file, a document) in a fixed
    instruction before or after it. Fenced code becomes its fence; the head stops
    at the end of the first line and the tail starts at the last line, so that
    neither spills into the pasted material between them.
    """
    if "```" in text:
        text = _FENCED.sub(lambda m: f"```{m.group(1).strip()} …```", text)
    if len(text) <= head_chars + tail_chars:
        return text
    first_break = text.find("\n", 0, head_chars)
    head = text[:first_break] if first_break > 0 else text[:head_chars]
    if tail_chars == 0:
        return head
    last_break = text.rfind("\n", len(text) - tail_chars)
    tail = text[last_break + 1 :] if last_break >= 0 and last_break + 1 < len(text) else text[-tail_chars:]
    return head + " … " + tail
