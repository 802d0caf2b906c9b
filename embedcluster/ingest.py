"""Ingest: request rows into uniform, normalized columns; every unusable row set aside with its reason.

Parsing is a pure function over one chunk (`parse_chunk`) so it can run on any
batch engine. Dropping duplicate request ids needs memory of earlier chunks and
is a separate step (`DuplicateFilter`). `ingest` is the stage: all inputs,
chunk by chunk, each distinct text kept once, rejected rows written as they come.
"""

from __future__ import annotations

import ctypes
import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np
import orjson
import pyarrow as pa

from embedcluster.config import IngestConfig
from embedcluster.errors import OutputError
from embedcluster.normalize import hash_key, normalize_text
from embedcluster.progress import ProgressFn, no_progress
from embedcluster.readers import RawRow, expand_inputs, read_chunks
from embedcluster.schema import REQUESTS

RAW_KEEP_CHARS = 20_000
_MIN_TS_MS = 946_684_800_000  # 2000-01-01
_MAX_TS_MS = 4_102_444_800_000  # 2100-01-01


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


def user_turns(obj: dict, cfg: IngestConfig) -> list[str]:
    """What the user asked, oldest turn first; system prompts, developer messages and tools are scaffold, not the ask."""
    body = first_field(obj, cfg.body_fields)
    body = body if isinstance(body, dict) else obj
    turns: list[str] = []
    messages = body.get("messages")
    if isinstance(messages, list):
        for message in messages:
            if isinstance(message, dict) and message.get("role") == "user":
                text = _content_text(message.get("content"))
                if text.strip():
                    turns.append(text)
    else:
        prompt = first_field(body, cfg.prompt_fields)
        if prompt is None and body is not obj:
            prompt = first_field(obj, cfg.prompt_fields)
        if isinstance(prompt, (str, list)):
            text = _content_text(prompt)
            if text.strip():
                turns.append(text)
    return turns


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
        text = task_text(user_turns(obj, cfg))
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
        columns["client_ip"].append(_meta(obj, cfg.client_ip_fields))
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


@dataclass
class Ingested:
    """Accepted requests without their text, and each distinct text once."""

    requests: pa.Table
    unique_of_request: np.ndarray
    texts: list[str]
    counts: dict[str, int] = field(default_factory=dict)

    @classmethod
    def empty(cls) -> Ingested:
        requests = REQUESTS.empty_table().drop_columns(["task_text"])
        return cls(requests, np.zeros(0, np.int64), [], {"rows_read": 0, "accepted": 0, "rejected": 0})


def ingest(
    inputs: list[str],
    cfg: IngestConfig,
    window: Callable[[str], str],
    rejected_path: Path,
    progress: ProgressFn = no_progress,
) -> Ingested:
    """Stream all inputs chunk by chunk; keep per-request codes and each distinct text once, as `window` cuts it."""
    dedupe = DuplicateFilter()
    text_index: dict[str, int] = {}
    texts: list[str] = []
    batches: list[pa.RecordBatch] = []
    unique_parts: list[np.ndarray] = []
    rows_read = rejected = 0
    with _rejected_file(rejected_path) as write_rejected:
        for chunk in read_chunks(expand_inputs(inputs), cfg.chunk_rows):
            rows_read += len(chunk)
            parsed = parse_chunk(chunk, cfg)
            write_rejected(b"".join(row.to_json() for row in parsed.rejected))
            rejected += len(parsed.rejected)
            batch = dedupe(parsed.batch)
            codes = np.empty(batch.num_rows, dtype=np.int64)
            hashes = batch.column("task_hash").to_pylist()
            for i, (key, text) in enumerate(zip(hashes, batch.column("task_text").to_pylist())):
                code = text_index.get(key)
                if code is None:
                    code = text_index[key] = len(texts)
                    texts.append(window(text))
                codes[i] = code
            unique_parts.append(codes)
            batches.append(batch.drop_columns(["task_text"]))
            progress("ingest", rows_read, None)
    progress("ingest", rows_read, rows_read)
    if not batches:
        return Ingested(Ingested.empty().requests, np.zeros(0, np.int64), [], _counts(rows_read, 0, rejected, 0, 0))
    requests = pa.Table.from_batches(batches)
    _return_freed_memory()
    counts = _counts(rows_read, requests.num_rows, rejected, dedupe.duplicates, len(texts))
    return Ingested(requests, np.concatenate(unique_parts), texts, counts)


def _counts(rows_read: int, accepted: int, rejected: int, duplicates: int, distinct: int) -> dict[str, int]:
    return {"rows_read": rows_read, "accepted": accepted, "rejected": rejected, "duplicates": duplicates,
            "distinct_texts": distinct}


def _return_freed_memory() -> None:
    """Hand the parsed chunks' freed memory back to the system before the vectors are allocated.

    Chunks of long prompts leave the allocators holding freed pages; on a night of
    a million requests that is gigabytes of resident memory nobody uses.
    """
    pa.default_memory_pool().release_unused()
    with suppress(OSError, AttributeError):  # glibc only
        ctypes.CDLL("libc.so.6").malloc_trim(0)


@contextmanager
def _rejected_file(path: Path) -> Iterator[Callable[[bytes], None]]:
    """A writer for rejected rows whose failures (a full disk) are one OutputError line."""

    def fail(exc: OSError) -> OutputError:
        return OutputError(f"cannot write {path.name} in {path.parent}: {exc.strerror or exc}")

    try:
        handle = path.open("wb")
    except OSError as exc:
        raise fail(exc) from None

    def write(data: bytes) -> None:
        try:
            handle.write(data)
        except OSError as exc:
            raise fail(exc) from None

    try:
        yield write
    except BaseException:
        with suppress(OSError):  # the error being raised already says what went wrong
            handle.close()
        raise
    try:
        handle.close()  # flushes: a full disk may show only here
    except OSError as exc:
        raise fail(exc) from None
