"""Reading request logs: files named or globbed, streamed row by row in bounded chunks.

Each format (JSONL, CSV, Parquet, optionally gzipped) becomes the same `RawRow`:
a parsed object or the reason it could not be parsed. A stream that breaks
mid-file (truncated gzip, corrupt page) ends that file with one more unusable
row, never the run.
"""

from __future__ import annotations

import csv
import glob
import gzip
import io
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.parquet as pq

from embedcluster.errors import InputError

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
# Far above any accepted prompt (ingest.max_text_chars), so only absurd fields are refused, one record each.
CSV_FIELD_LIMIT = 64 * 2**20
# What a broken stream raises mid-file: a truncated or corrupt gzip member, a corrupt Parquet page, a failing disk.
_STREAM_ERRORS = (OSError, EOFError, zlib.error, pa.ArrowInvalid)


@dataclass(frozen=True)
class RawRow:
    """One row as read: a parsed object, or the reason it could not be parsed."""

    source: str
    line: int
    obj: Any
    raw: str
    error: str | None = None


def expand_inputs(patterns: Iterable[str]) -> list[Path]:
    """Files named or matched by globs, in a stable order; a name that matches nothing is an error."""
    paths: list[Path] = []
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
            paths.append(path)
    if not paths:
        raise InputError("no input files given")
    return paths


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


def _read_jsonl(path: Path) -> Iterator[RawRow]:
    source = str(path)
    with _open_binary(path) as handle:
        for number, line in enumerate(handle, start=1):
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


def _read_csv(path: Path) -> Iterator[RawRow]:
    source = str(path)
    csv.field_size_limit(CSV_FIELD_LIMIT)
    with _open_binary(path) as binary:
        text = io.TextIOWrapper(binary, encoding="utf-8-sig", errors="surrogateescape", newline="")
        reader = csv.DictReader(text)
        next_line = 2
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                # The reader resumes at the next physical line; the record is set aside, not the file.
                number, next_line = next_line, reader.reader.line_num + 1
                yield RawRow(source, number, None, "", f"unparseable CSV record: {exc}")
                continue
            # A quoted field may span lines: report the record's first physical line.
            number, next_line = next_line, reader.reader.line_num + 1
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
    except (OSError, pa.ArrowInvalid) as exc:
        raise InputError(f"cannot read Parquet file {path}: {exc}") from None
    number = 0
    for batch in parquet.iter_batches(batch_size=batch_rows):
        for row in batch.to_pylist():
            number += 1
            yield RawRow(source, number, {k: v for k, v in row.items() if v is not None}, "")


def read_rows(path: Path, batch_rows: int = 10_000) -> Iterator[RawRow]:
    kind = input_format(path)
    if kind == "jsonl":
        return _until_broken(_read_jsonl(path), str(path))
    if kind == "csv":
        return _until_broken(_read_csv(path), str(path))
    return _until_broken(_read_parquet(path, batch_rows), str(path))


def read_chunks(paths: Iterable[Path], chunk_rows: int) -> Iterator[list[RawRow]]:
    """Rows of all inputs in chunks of at most `chunk_rows`: memory stays bounded per file."""
    chunk: list[RawRow] = []
    for path in paths:
        for row in read_rows(path, chunk_rows):
            chunk.append(row)
            if len(chunk) >= chunk_rows:
                yield chunk
                chunk = []
    if chunk:
        yield chunk
