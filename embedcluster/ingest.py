"""Ingest: request rows into uniform, normalized columns; every unusable row set aside with its reason.

Parsing is a pure function over one chunk (`parse_chunk`) so it can run on any
batch engine. Dropping duplicate request ids needs memory of earlier chunks and
is a separate step (`DuplicateFilter`). `ingest` is the stage: all inputs,
chunk by chunk, each distinct text kept once, rejected rows written as they come.

A row is accepted or rejected with a reason, never fails its chunk: the
resource limits (`ingest.max_*`) are checked before the work they bound, and
nothing from a row reaches a serializer or converter that could raise on it.
"""

from __future__ import annotations

import ctypes
import math
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np
import orjson
import pyarrow as pa

from embedcluster.config import IngestConfig
from embedcluster.normalize import hash_key, normalize_bounded
from embedcluster.progress import ProgressFn, no_progress
from embedcluster.readers import RawRow, expand_inputs, read_chunks
from embedcluster.rejected import FIELD_KEEP_CHARS, Rejected, rejected_file
from embedcluster.schema import REQUESTS

_MIN_TS_MS = 946_684_800_000  # 2000-01-01
_MAX_TS_MS = 4_102_444_800_000  # 2100-01-01


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
        if isinstance(value, float) and not math.isfinite(value):  # an int is finite, and may be too large for isfinite
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


class _Unusable(Exception):
    """Why a row is set aside: raised where the problem is found, caught once per row."""

    def __init__(self, reason: str, request_id: str | None = None) -> None:
        super().__init__(reason)
        self.reason, self.request_id = reason, request_id


def parse_chunk(rows: list[RawRow], cfg: IngestConfig) -> ParsedChunk:
    """Uniform, normalized request rows from one chunk, and the rows set aside."""
    columns: dict[str, list] = {name: [] for name in REQUESTS.names}
    rejected: list[Rejected] = []
    for row in rows:
        try:
            values = _parse_row(row, cfg)
        except _Unusable as why:
            rejected.append(Rejected(row.source, row.line, why.reason, _raw_text(row), why.request_id, row.raw_truncated))
            continue
        for name, value in values.items():
            columns[name].append(value)
    return ParsedChunk(pa.RecordBatch.from_pydict(columns, schema=REQUESTS), rejected)


def _parse_row(row: RawRow, cfg: IngestConfig) -> dict[str, Any]:
    """One request's columns; the depth limit is checked before anything walks the row."""
    if row.error is not None:
        raise _Unusable(row.error)
    obj = row.obj
    if not isinstance(obj, dict):
        raise _Unusable("row is not a JSON object")
    if _could_nest_deeper(row, cfg.max_depth) and _deeper_than(obj, cfg.max_depth):
        raise _Unusable(f"nested deeper than {cfg.max_depth} levels")
    request_id = _id_text(first_field(obj, cfg.request_id_fields), "request id")
    account_id = _id_text(first_field(obj, cfg.account_id_fields), "account id", request_id)
    ts_value = first_field(obj, cfg.timestamp_fields)
    timestamp = parse_timestamp(ts_value)
    if timestamp is None:
        reason = "missing timestamp" if ts_value is None else f"unparseable timestamp: {_preview(ts_value)}"
        raise _Unusable(reason, request_id)
    text = _normalized_task(obj, cfg, request_id)
    return {
        "request_id": request_id,
        "account_id": account_id,
        "timestamp": timestamp,
        "task_text": text,
        "task_hash": hash_key(text),
        "client_ip": _meta(obj, cfg.client_ip_fields),
        "payment_fingerprint": _meta(obj, cfg.payment_fields),
        "account_created": parse_timestamp(first_field(obj, cfg.account_created_fields)),
        "source": row.source,
        "line": row.line,
    }


def _could_nest_deeper(row: RawRow, limit: int) -> bool:
    """False where the row's line has too few brackets to nest past `limit`: a JSON line (most rows)
    skips the walk. Rows without one (Parquet, `assign`) are walked."""
    return not row.raw or row.raw.count("{") + row.raw.count("[") > limit


def _deeper_than(value: Any, limit: int) -> bool:
    """Whether lists and dicts nest more than `limit` levels: walked with a stack, not recursion."""
    stack = [(value, 1)]
    while stack:
        item, level = stack.pop()
        if level > limit:
            return True
        children = item.values() if isinstance(item, dict) else item
        stack.extend((child, level + 1) for child in children if isinstance(child, (dict, list, tuple)))
    return False


def _normalized_task(obj: dict, cfg: IngestConfig, request_id: str) -> str:
    """The normalized ask; its length is checked before normalizing and, as NFKC may grow a text 18-fold
    (U+FDFA), while and after normalizing, so an overlong text costs at most `max_text_chars` of work."""
    text = task_text(user_turns(obj, cfg))
    if len(text) > cfg.max_text_chars:
        raise _Unusable(f"text longer than {cfg.max_text_chars} characters", request_id)
    normalized = normalize_bounded(text, cfg.max_text_chars)
    if normalized is None:
        raise _Unusable(f"text longer than {cfg.max_text_chars} characters after normalization", request_id)
    if not normalized:
        raise _Unusable("empty prompt text", request_id)
    return normalized


def _as_text(value: Any) -> str | None:
    """`str(value)` if it is valid Unicode; None where Python refuses (an int of over 4,300 digits)
    or Arrow would (a lone surrogate)."""
    try:
        text = value if isinstance(value, str) else str(value)
        text.encode("utf-8")
    except ValueError:
        return None
    return text


def _id_text(value: Any, what: str, request_id: str | None = None) -> str:
    """An id as text: a list or dict is no id, and one without valid text is unreadable."""
    if value is None or isinstance(value, (dict, list)):
        raise _Unusable(f"missing {what}", request_id)
    text = _as_text(value)
    if text is None:
        raise _Unusable(f"unreadable {what}", request_id)
    return text


def _meta(obj: dict, names: tuple[str, ...]) -> str | None:
    value = first_field(obj, names)
    text = None if value is None else _as_text(value[:FIELD_KEEP_CHARS] if isinstance(value, str) else value)
    return None if text is None else text[:FIELD_KEEP_CHARS]


def _preview(value: Any) -> str:
    text = _as_text(value)
    return repr(text[:60]) if text is not None else f"<{type(value).__name__}>"


def _raw_text(row: RawRow) -> str:
    """The row as read. Parquet and `assign` rows have no line, so theirs is rebuilt; one orjson cannot
    write (too deep, an int beyond 64 bits, a lone surrogate) is described instead."""
    if row.raw or row.obj is None:
        return row.raw
    try:
        return orjson.dumps(row.obj, default=str, option=orjson.OPT_NON_STR_KEYS).decode()
    except orjson.JSONEncodeError as exc:
        return f"<a row that cannot be written as JSON: {exc}>"


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
    rows_read = rejected = not_written = 0
    with rejected_file(rejected_path, cfg) as write_rejected:
        for chunk in read_chunks(expand_inputs(inputs), cfg.chunk_rows, cfg.max_line_bytes):
            rows_read += len(chunk)
            parsed = parse_chunk(chunk, cfg)
            not_written += write_rejected(parsed.rejected)
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
        return Ingested(Ingested.empty().requests, np.zeros(0, np.int64), [], _counts(rows_read, 0, rejected, 0, 0, not_written))
    requests = pa.Table.from_batches(batches)
    _return_freed_memory()
    counts = _counts(rows_read, requests.num_rows, rejected, dedupe.duplicates, len(texts), not_written)
    return Ingested(requests, np.concatenate(unique_parts), texts, counts)


def _counts(rows_read: int, accepted: int, rejected: int, duplicates: int, distinct: int, not_written: int) -> dict[str, int]:
    """`rejected_not_written`: rejected rows past `ingest.max_rejected_bytes`, counted but not in rejected.jsonl."""
    return {"rows_read": rows_read, "accepted": accepted, "rejected": rejected, "duplicates": duplicates,
            "distinct_texts": distinct, "rejected_not_written": not_written}


def _return_freed_memory() -> None:
    """Hand the parsed chunks' freed memory back to the system before the vectors are allocated.

    Chunks of long prompts leave the allocators holding freed pages; on a night of
    a million requests that is gigabytes of resident memory nobody uses.
    """
    pa.default_memory_pool().release_unused()
    with suppress(OSError, AttributeError):  # glibc only
        ctypes.CDLL("libc.so.6").malloc_trim(0)
