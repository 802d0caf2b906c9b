"""Read request logs into uniform rows; set every unusable row aside with its reason.

Reading is streamed in bounded chunks (`read_chunks`), and parsing is a pure
function over one chunk (`parse_chunk`) so it can run on any batch engine.
Dropping duplicate request ids needs memory of earlier chunks and is a separate
step (`DuplicateFilter`).
"""

from __future__ import annotations

import csv
import glob
import gzip
import io
import math
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.parquet as pq

from embedcluster.config import IngestConfig
from embedcluster.errors import InputError
from embedcluster.normalize import hash_key, normalize_text
from embedcluster.schema import REQUESTS

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
RAW_KEEP_CHARS = 20_000
# Far above any accepted prompt (ingest.max_text_chars), so only absurd fields are refused, one record each.
CSV_FIELD_LIMIT = 64 * 2**20
# What a broken stream raises mid-file: a truncated or corrupt gzip member, a corrupt Parquet page, a failing disk.
_STREAM_ERRORS = (OSError, EOFError, zlib.error, pa.ArrowInvalid)
_MIN_TS_MS = 946_684_800_000  # 2000-01-01
_MAX_TS_MS = 4_102_444_800_000  # 2100-01-01


@dataclass(frozen=True)
class RawRow:
    """One row as read: a parsed object, or the reason it could not be parsed."""

    source: str
    line: int
    obj: Any
    raw: str
    error: str | None = None


@dataclass
class Rejected:
    source: str
    line: int
    reason: str
    raw: str
    request_id: str | None = None

    def to_json(self) -> bytes:
        truncated = len(self.raw) > RAW_KEEP_CHARS
        record = {
            "source": self.source,
            "line": self.line,
            "reason": self.reason,
            "request_id": self.request_id,
            "raw": self.raw[:RAW_KEEP_CHARS],
            "raw_truncated": truncated,
        }
        return orjson.dumps(record) + b"\n"


@dataclass
class ParsedChunk:
    batch: pa.RecordBatch
    rejected: list[Rejected] = field(default_factory=list)


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


def first_field(obj: dict, names: tuple[str, ...]) -> Any:
    for name in names:
        value = obj.get(name)
        if value is not None and value != "":
            return value
    return None


def parse_timestamp(value: Any) -> int | None:
    """Milliseconds since the epoch from ISO-8601 text or epoch seconds/milliseconds."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str):
        stripped = value.strip()
        try:
            value = float(stripped)
        except ValueError:
            try:
                parsed = datetime.fromisoformat(stripped.replace("z", "Z"))
            except ValueError:
                return None
            if parsed.tzinfo is None:
                parsed = parsed.replace(tzinfo=timezone.utc)
            millis = round(parsed.timestamp() * 1000)
            return millis if _MIN_TS_MS <= millis < _MAX_TS_MS else None
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=timezone.utc)
        millis = round(aware.timestamp() * 1000)
    elif isinstance(value, (int, float)):
        if not math.isfinite(value):
            return None
        millis = round(value if abs(value) >= 1e11 else value * 1000)
    else:
        return None
    return millis if _MIN_TS_MS <= millis < _MAX_TS_MS else None


def _content_text(content: Any) -> str:
    """Text of a message content: a string, or a list of blocks of which text blocks count."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts = []
        for block in content:
            if isinstance(block, str):
                parts.append(block)
            elif isinstance(block, dict) and block.get("type", "text") in ("text", "input_text"):
                text = block.get("text")
                if isinstance(text, str):
                    parts.append(text)
        return "\n".join(parts)
    return ""


def split_request(obj: dict, cfg: IngestConfig) -> tuple[str, list[str]]:
    """(scaffold, user turns): system prompt and tools vs. what the user asked, oldest turn first."""
    body = first_field(obj, cfg.body_fields)
    body = body if isinstance(body, dict) else obj
    scaffold: list[str] = []
    turns: list[str] = []
    system = body.get("system")
    if system is not None:
        scaffold.append(_content_text(system))
    messages = body.get("messages")
    if isinstance(messages, list):
        for message in messages:
            if not isinstance(message, dict):
                continue
            role = message.get("role")
            text = _content_text(message.get("content"))
            if role in ("system", "developer"):
                scaffold.append(text)
            elif role == "user" and text.strip():
                turns.append(text)
    else:
        prompt = first_field(body, cfg.prompt_fields)
        if prompt is None and body is not obj:
            prompt = first_field(obj, cfg.prompt_fields)
        if isinstance(prompt, (str, list)):
            text = _content_text(prompt)
            if text.strip():
                turns.append(text)
    tools = body.get("tools")
    if tools:
        scaffold.append(orjson.dumps(tools, option=orjson.OPT_SORT_KEYS).decode())
    return "\n".join(s for s in scaffold if s), turns


def task_text(turns: list[str]) -> str:
    """The last user turn first, then earlier ones: the embedding window favours the latest ask."""
    return "\n".join(reversed(turns))


def _meta(obj: dict, names: tuple[str, ...]) -> str | None:
    value = first_field(obj, names)
    return None if value is None else str(value)[:256]


def parse_chunk(rows: list[RawRow], cfg: IngestConfig) -> ParsedChunk:
    """Uniform, normalized request rows from one chunk, and the rows set aside."""
    columns: dict[str, list] = {name: [] for name in REQUESTS.names}
    rejected: list[Rejected] = []
    for row in rows:
        if row.error is not None:
            rejected.append(Rejected(row.source, row.line, row.error, row.raw))
            continue
        obj = row.obj
        raw = row.raw or orjson.dumps(obj, default=str).decode()
        request_id = first_field(obj, cfg.request_id_fields)
        if request_id is None or isinstance(request_id, (dict, list)):
            rejected.append(Rejected(row.source, row.line, "missing request id", raw))
            continue
        request_id = str(request_id)
        account_id = first_field(obj, cfg.account_id_fields)
        if account_id is None or isinstance(account_id, (dict, list)):
            rejected.append(Rejected(row.source, row.line, "missing account id", raw, request_id))
            continue
        ts_value = first_field(obj, cfg.timestamp_fields)
        timestamp = parse_timestamp(ts_value)
        if timestamp is None:
            reason = "missing timestamp" if ts_value is None else f"unparseable timestamp: {str(ts_value)[:60]!r}"
            rejected.append(Rejected(row.source, row.line, reason, raw, request_id))
            continue
        scaffold, turns = split_request(obj, cfg)
        text = task_text(turns)
        if len(text) > cfg.max_text_chars:
            rejected.append(Rejected(row.source, row.line, f"text longer than {cfg.max_text_chars} characters", raw, request_id))
            continue
        normalized = normalize_text(text)
        if not normalized:
            rejected.append(Rejected(row.source, row.line, "empty prompt text", raw, request_id))
            continue
        columns["request_id"].append(request_id)
        columns["account_id"].append(str(account_id))
        columns["timestamp"].append(timestamp)
        columns["task_text"].append(normalized)
        columns["task_hash"].append(hash_key(normalized))
        columns["scaffold_hash"].append(hash_key(normalize_text(scaffold)) if scaffold else "")
        columns["client_ip"].append(_meta(obj, cfg.client_ip_fields))
        columns["user_agent"].append(_meta(obj, cfg.user_agent_fields))
        columns["organization"].append(_meta(obj, cfg.organization_fields))
        columns["payment_fingerprint"].append(_meta(obj, cfg.payment_fields))
        columns["account_created"].append(parse_timestamp(first_field(obj, cfg.account_created_fields)))
        columns["source"].append(row.source)
        columns["line"].append(row.line)
    return ParsedChunk(pa.RecordBatch.from_pydict(columns, schema=REQUESTS), rejected)


class DuplicateFilter:
    """Keeps the first row of each request id across chunks; later ones are counted and skipped."""

    def __init__(self) -> None:
        self._seen: set[str] = set()
        self.duplicates = 0

    def __call__(self, batch: pa.RecordBatch) -> pa.RecordBatch:
        keep = []
        for request_id in batch.column("request_id").to_pylist():
            if request_id in self._seen:
                keep.append(False)
                self.duplicates += 1
            else:
                self._seen.add(request_id)
                keep.append(True)
        return batch if all(keep) else batch.filter(pa.array(keep))
