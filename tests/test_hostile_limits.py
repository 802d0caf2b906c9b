"""Resource limits on hostile input: each row is accepted or rejected with a reason, at a bounded cost.

One test per way an independent review broke ingestion: deep nesting, a
Parquet timestamp past year 9999, text that grows under normalization, a
gigantic line, rejected rows that amplify into a huge rejects file, and a
corrupt Parquet file. Each runs `ingest` (the run's first stage) or
`parse_chunk` (what `assign` and `POST /assign` call) as the attacker would.
"""

from __future__ import annotations

import gzip
import time
import tracemalloc
from pathlib import Path

import orjson
import pyarrow as pa
import pyarrow.parquet as pq

from embedcluster.config import IngestConfig
from embedcluster.ingest import Ingested, ingest, parse_chunk
from embedcluster.readers import RawRow

NOON = 1793620800  # 2026-11-02 12:00 UTC


def request(i: int, prompt: str = "Explain gravity.", **extra: object) -> dict:
    return {"request_id": f"r{i}", "account_id": "a", "timestamp": NOON, "prompt": prompt, **extra}


def nested(depth: int) -> object:
    value: object = "leaf"
    for _ in range(depth):
        value = [value]
    return value


def run_ingest(tmp_path: Path, files: list[Path], cfg: IngestConfig = IngestConfig()) -> tuple[Ingested, list[bytes]]:
    rejected = tmp_path / "rejected.jsonl"
    data = ingest([str(p) for p in files], cfg, lambda text: text, rejected)
    assert data.counts["accepted"] + data.counts["rejected"] + data.counts["duplicates"] == data.counts["rows_read"]
    return data, rejected.read_bytes().splitlines()


def test_a_deeply_nested_row_is_rejected_and_its_batch_goes_on(tmp_path: Path) -> None:
    """`assign` and Parquet rows carry no raw line: the row used to be re-serialized, and 255 levels broke orjson."""
    rows = [
        RawRow("<assign>", 1, request(1), ""),
        RawRow("<assign>", 2, request(2, tools=nested(300)), ""),
        RawRow("<assign>", 3, request(3, client_ip=nested(900)), ""),
        RawRow("<assign>", 4, request(4), ""),
    ]
    parsed = parse_chunk(rows, IngestConfig())
    assert parsed.batch.column("request_id").to_pylist() == ["r1", "r4"]
    assert [(r.line, r.reason) for r in parsed.rejected] == [(2, "nested deeper than 64 levels"), (3, "nested deeper than 64 levels")]
    log = tmp_path / "log.jsonl"
    deep = orjson.dumps(request(2))[:-1] + b', "tools": ' + b"[" * 1_000 + b"]" * 1_000 + b"}"  # orjson reads, cannot write
    log.write_bytes(b"\n".join([orjson.dumps(request(1)), deep, orjson.dumps(request(3))]))
    data, written = run_ingest(tmp_path, [log])
    assert (data.counts["accepted"], data.counts["rejected"]) == (2, 1)
    assert orjson.loads(written[0])["reason"] == "nested deeper than 64 levels"


def test_a_parquet_timestamp_past_year_9999_rejects_its_row_only(tmp_path: Path) -> None:
    path = tmp_path / "log.parquet"
    pq.write_table(
        pa.table({
            "request_id": ["p1", "p2", "p3"],
            "account_id": ["a", "a", "b"],
            "timestamp": pa.array([NOON, 10**15, NOON + 1], type=pa.timestamp("s")),
            "prompt": ["Explain gravity.", "Explain levity.", "Explain density."],
        }),
        path,
    )
    data, written = run_ingest(tmp_path, [path])
    assert data.requests.column("request_id").to_pylist() == ["p1", "p3"]
    (rejected,) = [orjson.loads(line) for line in written]
    assert rejected["line"] == 2 and rejected["reason"].startswith("unreadable Parquet value in column 'timestamp'")


def test_text_that_grows_under_normalization_is_refused_at_bounded_cost() -> None:
    """U+FDFA is one character that NFKC turns into 18: ten such rows used to cost 40 s and pass the length cap."""
    cfg = IngestConfig()
    rows = [RawRow("s.jsonl", i, request(i, "\ufdfa" * 60_000), "x") for i in range(1, 11)]
    started = time.perf_counter()
    parsed = parse_chunk(rows, cfg)
    assert time.perf_counter() - started < 3.0
    assert parsed.batch.num_rows == 0
    assert {r.reason for r in parsed.rejected} == {"text longer than 200000 characters after normalization"}
    small = IngestConfig(max_text_chars=30)
    assert parse_chunk([RawRow("s", 1, request(1, "\ufdfa"), "x")], small).batch.num_rows == 1  # 18 characters
    (too_long,) = parse_chunk([RawRow("s", 1, request(1, "\ufdfa\ufdfa"), "x")], small).rejected
    assert too_long.reason == "text longer than 30 characters after normalization"


def test_a_line_longer_than_the_cap_is_one_rejected_row_read_in_bounded_memory(tmp_path: Path) -> None:
    """A 32 MiB line under a 1 MiB cap: its first bytes are kept, the rest is read past, never held."""
    log = tmp_path / "log.jsonl.gz"
    huge = b'{"request_id": "big", "prompt": "' + b"x" * (32 * 2**20) + b'"}'
    log.write_bytes(gzip.compress(b"\n".join([orjson.dumps(request(1)), huge, orjson.dumps(request(3))]), 1))
    cfg = IngestConfig(max_line_bytes=2**20)
    tracemalloc.start()
    try:
        data, written = run_ingest(tmp_path, [log], cfg)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * 2**20
    assert (data.counts["rows_read"], data.counts["accepted"], data.counts["rejected"]) == (3, 2, 1)
    (rejected,) = [orjson.loads(line) for line in written]
    assert (rejected["line"], rejected["reason"]) == (2, "line longer than 1048576 bytes")
    assert rejected["raw"].startswith('{"request_id": "big", "prompt": "xxx') and rejected["raw_truncated"]


def test_rejected_rows_are_capped_per_row_and_in_total(tmp_path: Path) -> None:
    """NUL-filled lines: each NUL is written as six bytes; the caps bound what they cost on disk."""
    log = tmp_path / "log.jsonl.gz"
    log.write_bytes(gzip.compress(b"\n".join([b"\x00" * 5_000] * 300 + [orjson.dumps(request(1))])))
    cfg = IngestConfig(max_rejected_row_bytes=2_048, max_rejected_bytes=100_000)
    data, written = run_ingest(tmp_path, [log], cfg)
    assert max(len(line) + 1 for line in written) <= 2_048
    assert sum(len(line) + 1 for line in written) <= 100_000
    assert all(orjson.loads(line)["raw_truncated"] for line in written)
    assert (data.counts["accepted"], data.counts["rejected"]) == (1, 300)
    assert data.counts["rejected_not_written"] == 300 - len(written) > 0


def test_a_corrupt_or_truncated_parquet_file_is_one_rejected_entry_and_the_run_goes_on(tmp_path: Path) -> None:
    good = tmp_path / "a.parquet"
    pq.write_table(pa.table({"request_id": ["p1"], "account_id": ["a"], "timestamp": [NOON], "prompt": ["Hi there."]}), good)
    truncated, garbage = tmp_path / "b.parquet", tmp_path / "c.parquet"
    truncated.write_bytes(good.read_bytes()[:-20])
    garbage.write_bytes(b"not parquet at all")
    log = tmp_path / "d.jsonl"
    log.write_bytes(orjson.dumps(request(2)))
    data, written = run_ingest(tmp_path, [good, truncated, garbage, log])
    assert data.requests.column("request_id").to_pylist() == ["p1", "r2"]
    rejected = [orjson.loads(line) for line in written]
    assert [(r["source"], r["line"]) for r in rejected] == [(str(truncated), 0), (str(garbage), 0)]
    assert all(r["reason"].startswith("unreadable Parquet file, skipped: ") for r in rejected)
