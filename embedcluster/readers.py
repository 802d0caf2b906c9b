"""Reading request logs: files named or globbed, streamed row by row in bounded chunks.

Each format (JSONL, CSV, Parquet, optionally gzipped) becomes the same `RawRow`:
a parsed object or the reason it could not be parsed. A stream that breaks
mid-file (truncated gzip, corrupt page) ends that file with one more unusable
row, and a Parquet file that cannot be opened is one unusable row (line 0),
never the run. Lines are read in bounded pieces: a line over the byte cap is
one unusable row holding its first bytes, so memory never follows the longest
line.
"""

from __future__ import annotations

import csv
import glob
import gzip
import io
import os
import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.parquet as pq

from embedcluster.config import IngestConfig
from embedcluster.errors import InputError

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
MAX_LINE_BYTES = IngestConfig.model_fields["max_line_bytes"].default
OVERLONG_KEEP_BYTES = 4_096  # what an overlong line keeps, to show what it was
_SKIP_PIECE = 2**20  # bytes held at a time while reading past the rest of an overlong line
# What a broken stream raises mid-file: a truncated or corrupt gzip member, a corrupt Parquet page, a failing disk.
_STREAM_ERRORS = (OSError, EOFError, zlib.error, pa.ArrowException)
# What Arrow raises turning a value into Python: a timestamp past year 9999, a date beyond a million years.
_CONVERT_ERRORS = (OverflowError, ValueError, pa.ArrowException)
_LONE_CR = re.compile(r"(?<=\r)(?!\n)")


@dataclass(frozen=True)
class RawRow:
    """One row as read: a parsed object, or the reason it could not be parsed."""

    source: str
    line: int
    obj: Any
    raw: str
    error: str | None = None
    raw_truncated: bool = False  # `raw` holds only the line's first bytes


def expand_inputs(patterns: Iterable[str]) -> list[Path]:
    """Files named or matched by globs, each once and sorted by path, so that the order they are given in
    cannot change a run (which of two rows sharing a request id is kept, say); a name that matches
    nothing is an error."""
    paths: dict[str, Path] = {}
    for pattern in patterns:
        matches = sorted(glob.glob(pattern)) if glob.has_magic(pattern) else [pattern]
        if not matches:
            raise InputError(f"no input file matches {pattern!r}")
        for match in matches:
            path = Path(match)
            if not path.is_file():
                raise InputError(f"input file not found: {path}")
            try:
                with path.open("rb") as handle:
                    handle.read(1)
            except OSError as exc:
                raise InputError(f"cannot read input file {path}: {exc.strerror}") from None
            input_format(path)
            paths.setdefault(os.path.realpath(path), path)
    if not paths:
        raise InputError("no input files given")
    return [paths[key] for key in sorted(paths)]


def input_format(path: Path) -> str:
    name = path.name.lower().removesuffix(".gz")
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if name.endswith(".csv"):
        return "csv"
    if name.endswith(".parquet") and not path.name.lower().endswith(".gz"):
        return "parquet"
    raise InputError(f"unknown input format for {path}: expected .jsonl, .csv or .parquet (optionally .gz)")


def _open_binary(path: Path) -> io.BufferedIOBase:
    return gzip.open(path, "rb") if path.name.lower().endswith(".gz") else path.open("rb")


def _bounded_lines(handle: io.BufferedIOBase, limit: int) -> Iterator[tuple[int, bytes, bool]]:
    """Numbered physical lines, each at most `limit` bytes in memory.

    A longer line comes as its first bytes and True; the rest of it is read
    past in pieces, never held whole.
    """
    number = 0
    while line := handle.readline(limit + 1):
        number += 1
        if len(line) <= limit or line.endswith(b"\n"):
            yield number, line, False
            continue
        while (piece := handle.readline(_SKIP_PIECE)) and not piece.endswith(b"\n"):
            pass
        yield number, line[:OVERLONG_KEEP_BYTES], True


def _overlong(source: str, number: int, start: bytes, limit: int) -> RawRow:
    return RawRow(source, number, None, start.decode("utf-8", "backslashreplace"), f"line longer than {limit} bytes", True)


def _read_jsonl(path: Path, max_line_bytes: int) -> Iterator[RawRow]:
    source = str(path)
    with _open_binary(path) as handle:
        for number, line, overlong in _bounded_lines(handle, max_line_bytes):
            if overlong:
                yield _overlong(source, number, line, max_line_bytes)
                continue
            if not line.strip():
                continue
            try:
                text = line.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield RawRow(source, number, None, line.decode("utf-8", "backslashreplace"), f"invalid UTF-8: {exc.reason}")
                continue
            try:
                obj = orjson.loads(text)
            except orjson.JSONDecodeError as exc:
                yield RawRow(source, number, None, text, f"invalid JSON: {exc}")
                continue
            if not isinstance(obj, dict):
                yield RawRow(source, number, None, text, "row is not a JSON object")
                continue
            yield RawRow(source, number, obj, text)


class _LineTooLong(Exception):
    """An overlong CSV line, raised through `csv.reader` to the loop that rejects it."""

    def __init__(self, start: bytes) -> None:
        super().__init__()
        self.start = start


class _CsvLines:
    """Decoded lines for `csv.reader`, each within the byte cap; an overlong one raises `_LineTooLong`
    and reading goes on after it (a generator could not go on after raising). A lone CR ends a line,
    as in the files of old spreadsheets."""

    def __init__(self, handle: io.BufferedIOBase, limit: int) -> None:
        self._lines = _bounded_lines(handle, limit)
        self._pending: list[str] = []  # lines split off at a lone CR, last first
        self.number = 0  # lines read so far

    def __iter__(self) -> _CsvLines:
        return self

    def __next__(self) -> str:
        if not self._pending:
            _, line, overlong = next(self._lines)
            if overlong:
                self.number += 1
                raise _LineTooLong(line)
            text = line.decode("utf-8", "surrogateescape")
            text = text if self.number else text.removeprefix("\ufeff")
            self._pending = [part for part in reversed(_LONE_CR.split(text)) if part]
        self.number += 1
        return self._pending.pop()


def _read_csv(path: Path, max_line_bytes: int) -> Iterator[RawRow]:
    source = str(path)
    csv.field_size_limit(max_line_bytes)  # a quoted field may span lines: it is bounded like a line
    with _open_binary(path) as binary:
        lines = _CsvLines(binary, max_line_bytes)
        reader = csv.DictReader(lines)
        next_line = 2  # the header is line 1
        while True:
            # A quoted field may span lines: a record is reported at its first physical line.
            try:
                row = next(reader)
            except StopIteration:
                return
            except _LineTooLong as exc:
                number, next_line = lines.number, lines.number + 1
                yield _overlong(source, number, exc.start, max_line_bytes)
                continue
            except csv.Error as exc:
                # The reader resumes at the next physical line; the record is set aside, not the file.
                number, next_line = next_line, lines.number + 1
                yield RawRow(source, number, None, "", f"unparseable CSV record: {exc}")
                continue
            number, next_line = next_line, lines.number + 1
            raw = ",".join(str(v) for v in row.values())
            if any(isinstance(v, str) and _has_surrogates(v) for v in row.values()):
                yield RawRow(source, number, None, raw.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace"), "invalid UTF-8")
                continue
            if None in row:
                yield RawRow(source, number, None, raw, "CSV row has more fields than the header")
                continue
            yield RawRow(source, number, {k: v for k, v in row.items() if v not in (None, "")}, raw)


def _until_broken(rows: Iterator[RawRow], source: str) -> Iterator[RawRow]:
    """A file's rows until its stream breaks; the break is one more rejected row, and the run goes on."""
    line = 0
    try:
        for row in rows:
            line = row.line
            yield row
    except _STREAM_ERRORS as exc:
        yield RawRow(source, line + 1, None, "", f"unreadable input at line {line + 1}, rest of file skipped: {exc}")


def _has_surrogates(value: str) -> bool:
    return any("\udc80" <= c <= "\udcff" for c in value)


def _read_parquet(path: Path, batch_rows: int) -> Iterator[RawRow]:
    source = str(path)
    try:
        parquet = pq.ParquetFile(path)
    except (OSError, pa.ArrowException) as exc:
        yield RawRow(source, 0, None, "", f"unreadable Parquet file, skipped: {exc}")
        return
    number = 0
    for batch in parquet.iter_batches(batch_size=batch_rows):
        for row in _python_rows(batch):
            number += 1
            if isinstance(row, str):
                yield RawRow(source, number, None, "", row)
            else:
                yield RawRow(source, number, {k: v for k, v in row.items() if v is not None}, "")


def _python_rows(batch: pa.RecordBatch) -> list[dict[str, Any] | str]:
    """The batch's rows as Python values; a row with a value Python cannot hold is the reason instead,
    so it fails alone and not its whole batch."""
    try:
        return batch.to_pylist()
    except _CONVERT_ERRORS:
        return [_python_row(batch, i) for i in range(batch.num_rows)]


def _python_row(batch: pa.RecordBatch, i: int) -> dict[str, Any] | str:
    row: dict[str, Any] = {}
    for name, column in zip(batch.schema.names, batch.columns):
        try:
            row[name] = column[i].as_py()
        except _CONVERT_ERRORS as exc:
            return f"unreadable Parquet value in column {name!r}: {exc}"
    return row


def read_rows(path: Path, batch_rows: int = 10_000, max_line_bytes: int = MAX_LINE_BYTES) -> Iterator[RawRow]:
    kind = input_format(path)
    if kind == "jsonl":
        return _until_broken(_read_jsonl(path, max_line_bytes), str(path))
    if kind == "csv":
        return _until_broken(_read_csv(path, max_line_bytes), str(path))
    return _until_broken(_read_parquet(path, batch_rows), str(path))


def read_chunks(paths: Iterable[Path], chunk_rows: int, max_line_bytes: int = MAX_LINE_BYTES) -> Iterator[list[RawRow]]:
    """Rows of all inputs in chunks of at most `chunk_rows`: memory stays bounded per file."""
    chunk: list[RawRow] = []
    for path in paths:
        for row in read_rows(path, chunk_rows, max_line_bytes):
            chunk.append(row)
            if len(chunk) >= chunk_rows:
                yield chunk
                chunk = []
    if chunk:
        yield chunk
