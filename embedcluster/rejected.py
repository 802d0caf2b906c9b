"""Rows set aside: what a rejected row records, the byte caps on it, and the file it is written to.

A rejected row is written so that someone can find it in the input and see why
it was refused, never so that it can grow the output: each line is cut to
`ingest.max_rejected_row_bytes` as written (escapes included), and once the file
would pass `ingest.max_rejected_bytes` further rows are only counted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import orjson

from embedcluster.config import IngestConfig
from embedcluster.errors import OutputError

RAW_KEEP_CHARS = 20_000
FIELD_KEEP_CHARS = 256  # of a rejected row's request id and reason, and of a metadata value


@dataclass
class Rejected:
    source: str
    line: int
    reason: str
    raw: str
    request_id: str | None = None
    raw_truncated: bool = False  # the reader kept only the start of the row

    def to_json(self, max_bytes: int = IngestConfig().max_rejected_row_bytes) -> bytes:
        """One line of rejected.jsonl, at most `max_bytes` as written, escapes included (a NUL takes six):
        source, reason and request id take at most an eighth each (and 256 characters), `raw` the rest."""
        share = max_bytes // 8
        record = {
            "source": _fitted(_writable(self.source), share)[0],
            "line": self.line,
            "reason": _fitted(_writable(self.reason[:FIELD_KEEP_CHARS]), share)[0],
            "request_id": None if self.request_id is None else _fitted(_writable(self.request_id[:FIELD_KEEP_CHARS]), share)[0],
            "raw": "",
            "raw_truncated": True,
        }
        room = max_bytes - len(orjson.dumps(record)) - 1
        raw, cut = _fitted(_writable(self.raw[:RAW_KEEP_CHARS]), room)
        record["raw"], record["raw_truncated"] = raw, self.raw_truncated or cut or len(self.raw) > RAW_KEEP_CHARS
        return orjson.dumps(record) + b"\n"


def _writable(text: str) -> str:
    """`text` as valid UTF-8: a lone surrogate (a file name's undecodable byte) is spelled out, not a failed write."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _fitted(text: str, room: int) -> tuple[str, bool]:
    """The longest start of `text` whose JSON string body takes at most `room` bytes, and whether it was cut."""
    keep = min(len(text), max(room, 0))  # every character takes at least one byte
    while keep and (size := len(orjson.dumps(text[:keep])) - 2) > room:
        keep = keep * room // size  # escapes made it too long: shrink in proportion
    return text[:keep], keep < len(text)



@contextmanager
def rejected_file(path: Path, cfg: IngestConfig) -> Iterator[Callable[[list[Rejected]], int]]:
    """A writer of rejected rows that returns how many it left out: each row is cut to
    `max_rejected_row_bytes`, and once the file would pass `max_rejected_bytes` rows are only counted.
    Its failures (a full disk) are one OutputError line."""

    def fail(exc: OSError) -> OutputError:
        return OutputError(f"cannot write {path.name} in {path.parent}: {exc.strerror or exc}")

    try:
        handle = path.open("wb")
    except OSError as exc:
        raise fail(exc) from None
    room = cfg.max_rejected_bytes

    def write(rows: list[Rejected]) -> int:
        nonlocal room
        if not room:
            return len(rows)
        lines: list[bytes] = []
        for row in rows:
            line = row.to_json(cfg.max_rejected_row_bytes)
            if len(line) > room:
                room = 0  # the file stays a prefix of what was rejected
                break
            room -= len(line)
            lines.append(line)
        try:
            handle.write(b"".join(lines))
        except OSError as exc:
            raise fail(exc) from None
        return len(rows) - len(lines)

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
