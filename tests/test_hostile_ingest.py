"""Property tests: no file content crashes ingestion, and every row read is accepted, rejected or a duplicate.

Runs `pipeline.ingest`, the run's real first stage, over files whose bytes or
JSON are drawn by hypothesis: random bytes, truncated gzip, CSV, arbitrary JSON
values, and well-formed requests with hostile field values and repeated ids.
"""

from __future__ import annotations

import gzip
import tempfile
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from embedcluster.config import Config
from embedcluster.ingest import Ingested, ingest

CONFIG = Config.model_validate({"ingest": {"max_text_chars": 60, "chunk_rows": 7}})
EXAMPLES = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NOON = 1793620800

ints = st.integers(-(2**63), 2**64 - 1)  # what orjson writes
json_values = st.recursive(
    st.none() | st.booleans() | ints | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=8,
)
hostile_text = st.text(max_size=30) | st.sampled_from(["<script>x</script>", "\x1b[2J", "[bold]x[/bold]", "\u200b", ""])
valid_times = st.sampled_from([NOON, NOON * 1000, "2026-11-02T12:00:00Z", str(NOON)])
requests = st.fixed_dictionaries(
    {
        "request_id": st.sampled_from(["r1", "r2", "r3", "r4"]) | hostile_text | ints,
        "account_id": st.sampled_from(["a", "b"]) | hostile_text | json_values,
        "timestamp": valid_times | st.sampled_from(["soon", -1, 1e300, ""]) | json_values,
        "prompt": hostile_text | st.lists(hostile_text, max_size=2) | json_values,
    },
    optional={
        "messages": st.lists(st.fixed_dictionaries({"role": st.sampled_from(["user", "system"]), "content": json_values})),
        "request": json_values,
    },
)
# Well-formed requests with hostile text and a few shared ids: many are accepted, some repeat an id.
plain_requests = st.fixed_dictionaries(
    {
        "request_id": st.sampled_from(["r1", "r2", "r3", "r4", "r5"]),
        "account_id": st.sampled_from(["a", "b", "<b>c</b>", "\x1b[31md"]),
        "timestamp": valid_times,
        "prompt": hostile_text,
    }
)
json_lines = st.lists(st.one_of(json_values, requests, plain_requests).map(orjson.dumps), max_size=15).map(b"\n".join)


def _ingest(name: str, content: bytes) -> tuple[Ingested, list[dict]]:
    """Ingest one file holding `content`; the counts and the rejected rows as written."""
    with tempfile.TemporaryDirectory() as folder:
        path, rejected = Path(folder) / name, Path(folder) / "rejected.jsonl"
        path.write_bytes(content)
        data = ingest([str(path)], CONFIG.ingest, lambda text: text, rejected)
        return data, [orjson.loads(line) for line in rejected.read_bytes().splitlines()]


def _assert_accounted_for(data: Ingested, rejected: list[dict]) -> None:
    counts = data.counts
    assert counts["accepted"] + counts["rejected"] + counts["duplicates"] == counts["rows_read"]
    assert counts["accepted"] == data.requests.num_rows and counts["rejected"] == len(rejected)
    assert all(r["reason"] and r["line"] >= 1 for r in rejected)
    accepted_lines = data.requests.column("line").to_pylist()
    assert not set(accepted_lines) & {r["line"] for r in rejected}
    assert len(data.unique_of_request) == counts["accepted"]


@EXAMPLES
@given(st.binary(max_size=300))
def test_random_bytes_as_jsonl_never_crash(content: bytes) -> None:
    data, rejected = _ingest("log.jsonl", content)
    _assert_accounted_for(data, rejected)
    assert data.counts["rows_read"] == sum(1 for line in content.split(b"\n") if line.strip())


@EXAMPLES
@given(st.binary(max_size=300))
def test_random_bytes_as_csv_never_crash(content: bytes) -> None:
    data, rejected = _ingest("log.csv", b"request_id,account_id,timestamp,prompt\n" + content)
    _assert_accounted_for(data, rejected)


@EXAMPLES
@given(json_lines, st.integers(0, 400))
def test_truncated_or_corrupt_gzip_never_crashes(content: bytes, cut: int) -> None:
    """A log being rotated is cut short: the rows before the cut count, the cut is one rejected row."""
    data, rejected = _ingest("log.jsonl.gz", gzip.compress(content)[:cut])
    _assert_accounted_for(data, rejected)


@EXAMPLES
@given(json_lines)
def test_arbitrary_json_lines_are_each_accounted_for(content: bytes) -> None:
    data, rejected = _ingest("log.jsonl", content)
    _assert_accounted_for(data, rejected)
    assert data.counts["rows_read"] == sum(1 for line in content.split(b"\n") if line.strip())
    ids = data.requests.column("request_id").to_pylist()
    assert len(ids) == len(set(ids))  # a repeated id is kept once


def test_an_oversized_csv_field_rejects_its_record_not_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("embedcluster.readers.CSV_FIELD_LIMIT", 1_000)
    content = (
        "request_id,account_id,timestamp,prompt\n"
        f"r1,a,{NOON},{'x' * 1_001}\n"
        f"r2,b,{NOON},still read\n"
    ).encode()
    data, rejected = _ingest("log.csv", content)
    _assert_accounted_for(data, rejected)
    assert [(r["line"], r["reason"]) for r in rejected] == [(2, "unparseable CSV record: field larger than field limit (1000)")]
    assert data.requests.column("line").to_pylist() == [3]
