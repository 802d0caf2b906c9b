"""Property tests: no file content crashes ingestion, and every row read is accepted, rejected or a duplicate.

Runs `pipeline.ingest`, the run's real first stage, over files whose bytes or
JSON are drawn by hypothesis: random bytes, truncated gzip, CSV, arbitrary JSON
values, and well-formed requests with hostile field values and repeated ids.
The second half draws arbitrary JSON values (nesting past what orjson reads,
ints past 64 bits, NaN and Infinity, every Unicode category, lone surrogates
included) into every field of every accepted request shape, and writes them as
JSONL, CSV, Parquet (every column type a log might hold) and as the Python
rows `assign` and `POST /assign` parse: no exception escapes, every row is
accounted for, and each row costs bounded time.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from embedcluster.config import Config, IngestConfig
from embedcluster.ingest import Ingested, ingest, parse_chunk
from embedcluster.normalize import normalize_text
from embedcluster.readers import RawRow

pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")  # the hostile texts are long
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


def _ingest(name: str, content: bytes, cfg: IngestConfig = CONFIG.ingest, **limits: int) -> tuple[Ingested, list[dict]]:
    """Ingest one file holding `content`; the counts and the rejected rows as written."""
    with tempfile.TemporaryDirectory() as folder:
        path, rejected = Path(folder) / name, Path(folder) / "rejected.jsonl"
        path.write_bytes(content)
        data = ingest([str(path)], cfg.model_copy(update=limits), lambda text: text, rejected)
        return data, [orjson.loads(line) for line in rejected.read_bytes().splitlines()]


def _assert_accounted_for(data: Ingested, rejected: list[dict]) -> None:
    counts = data.counts
    assert counts["accepted"] + counts["rejected"] + counts["duplicates"] == counts["rows_read"]
    assert counts["accepted"] == data.requests.num_rows
    assert counts["rejected"] == len(rejected) + counts["rejected_not_written"]
    assert all(r["reason"] and r["line"] >= 0 for r in rejected)  # line 0: a file that could not be opened
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


def test_an_oversized_csv_line_or_field_rejects_its_record_not_the_file() -> None:
    """A field may span lines; it is bounded by `max_line_bytes` as a line is."""
    content = (
        "request_id,account_id,timestamp,prompt\n"
        f"r1,a,{NOON},{'x' * 1_100}\n"
        f'r2,a,{NOON},"{"y" * 600}\n{"y" * 600}"\n'
        f"r3,b,{NOON},still read\n"
    ).encode()
    data, rejected = _ingest("log.csv", content, max_line_bytes=1_024)
    _assert_accounted_for(data, rejected)
    assert [(r["line"], r["reason"]) for r in rejected] == [
        (2, "line longer than 1024 bytes"),
        (3, "unparseable CSV record: field larger than field limit (1024)"),
    ]
    assert data.requests.column("line").to_pylist() == [5]


# --- arbitrary JSON values in every accepted request shape --------------------------------------------------

# Room for the hostile texts below, so they reach normalization: U+FDFA grows 18-fold under NFKC, and long
# runs of combining marks (U+0F73 decomposes into two) made NFKC quadratic.
SHAPES = IngestConfig(max_text_chars=20_000, chunk_rows=7, max_rejected_row_bytes=1_024)
HOSTILE_TEXTS = [
    "\ufdfa" * 1_000, "\ufdfa" * 1_200, "\u0f73" * 20_000, "a" + "\u0316\u0301" * 9_000,
    "a" + ("\u0316\u0301" * 15 + "\u200b") * 600, "\x00" * 5_000, "\u200b" * 19_000, " \n" * 9_000,
]  # fmt: skip
SECONDS_PER_ROW = 0.5
BIG_INTS = [2**63, -(2**63) - 1, 2**64, 10**80, -(10**4_000)]


@dataclass(frozen=True)
class Deep:
    """`leaf` inside `levels` lists or dicts: past what orjson writes (254) and reads (1,024)."""

    levels: int
    leaf: Any
    as_dict: bool


any_text = st.text(st.characters(exclude_categories=()), max_size=12) | st.sampled_from(HOSTILE_TEXTS)
scalars = (
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.sampled_from(BIG_INTS)
    | st.floats(allow_nan=True, allow_infinity=True) | any_text
)
deep = st.builds(Deep, st.integers(1, 1_100), scalars, st.booleans())
any_json = st.recursive(
    scalars | deep, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(any_text, inner, max_size=3), max_leaves=8
)
ids = st.sampled_from(["r1", "r2", "r3"]) | any_json
blocks = st.lists(
    st.fixed_dictionaries({"type": st.sampled_from(["text", "input_text", "image"]) | any_json, "text": any_text | any_json}),
    max_size=3,
)
contents = any_text | blocks | any_json
messages = st.lists(
    st.fixed_dictionaries({"role": st.sampled_from(["user", "assistant", "system", "developer"]) | any_json, "content": contents}),
    max_size=3,
) | any_json
bodies = st.fixed_dictionaries(
    {}, optional={"messages": messages, "system": contents, "tools": any_json, "prompt": contents, "model": any_json}
) | any_json


@st.composite
def any_request(draw: st.DrawFn) -> dict:
    """A request in one of the shapes `run` reads (flat prompt, a body under request/body/payload, top-level
    messages), under any field name it accepts, with any JSON value in any field."""
    fields = IngestConfig()
    row = {
        draw(st.sampled_from(fields.request_id_fields)): draw(ids),
        draw(st.sampled_from(fields.account_id_fields)): draw(st.sampled_from(["a", "b"]) | any_json),
        draw(st.sampled_from(fields.timestamp_fields)): draw(valid_times | any_json),
    }
    shape = draw(st.sampled_from(["flat", "body", "messages"]))
    if shape == "flat":
        row[draw(st.sampled_from(fields.prompt_fields))] = draw(contents)
    elif shape == "body":
        row[draw(st.sampled_from(fields.body_fields))] = draw(bodies)
    else:
        row["messages"] = draw(messages)
    for names in (fields.client_ip_fields, fields.payment_fields, fields.account_created_fields):
        if draw(st.booleans()):
            row[draw(st.sampled_from(names))] = draw(any_json)
    return row


def _json_text(value: Any, ascii_only: bool) -> str:
    """JSON as a hostile writer may write it: NaN, Infinity, huge ints, lone surrogates, any depth."""
    if isinstance(value, Deep):
        opening, closing = ('{"k": ', "}") if value.as_dict else ("[", "]")
        return opening * value.levels + _json_text(value.leaf, ascii_only) + closing * value.levels
    if isinstance(value, dict):
        items = (f"{json.dumps(k, ensure_ascii=ascii_only)}: {_json_text(v, ascii_only)}" for k, v in value.items())
        return "{" + ", ".join(items) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_json_text(v, ascii_only) for v in value) + "]"
    return json.dumps(value, ensure_ascii=ascii_only)


def _python(value: Any) -> Any:
    """The value as Python holds it: what `POST /assign` and `assign` hand to the parser."""
    if isinstance(value, Deep):
        inner = _python(value.leaf)
        for _ in range(value.levels):
            inner = {"k": inner} if value.as_dict else [inner]
        return inner
    if isinstance(value, dict):
        return {k: _python(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_python(v) for v in value]
    return value


@pytest.fixture(scope="module", autouse=True)
def _warm_caches() -> None:
    """Build the normalizer's Unicode tables once, so that the first example's time is its own."""
    normalize_text("\ufdfa \u0301 а \u200b")


def _timed_ingest(name: str, content: bytes) -> tuple[Ingested, list[dict]]:
    started = time.perf_counter()
    data, rejected = _ingest(name, content, SHAPES)
    assert time.perf_counter() - started < SECONDS_PER_ROW * max(data.counts["rows_read"], 1)
    _assert_accounted_for(data, rejected)
    assert all(len(orjson.dumps(r)) < SHAPES.max_rejected_row_bytes for r in rejected)  # the newline makes up the rest
    return data, rejected


@EXAMPLES
@given(st.lists(st.tuples(any_request() | any_json, st.booleans()), max_size=8))
def test_any_json_in_any_request_shape_as_jsonl(rows: list[tuple[Any, bool]]) -> None:
    lines = [_json_text(value, ascii_only).encode("utf-8", "surrogatepass") for value, ascii_only in rows]
    data, _ = _timed_ingest("log.jsonl", b"\n".join(lines))
    assert data.counts["rows_read"] == len(lines)


@EXAMPLES
@given(st.lists(any_request() | any_json, max_size=8))
def test_any_python_row_as_assign_parses_it(values: list[Any]) -> None:
    """`assign` and `POST /assign` hand parsed rows over without a line: one result per row, whatever it holds."""
    rows = [
        RawRow("<assign>", i, obj, "") if isinstance(obj, dict) else RawRow("<assign>", i, None, "", "not a JSON object")
        for i, obj in enumerate(map(_python, values), start=1)
    ]
    started = time.perf_counter()
    parsed = parse_chunk(rows, SHAPES)
    assert time.perf_counter() - started < SECONDS_PER_ROW * max(len(rows), 1)
    lines = parsed.batch.column("line").to_pylist() + [r.line for r in parsed.rejected]
    assert sorted(lines) == list(range(1, len(rows) + 1))
    assert all(len(r.to_json(SHAPES.max_rejected_row_bytes)) <= SHAPES.max_rejected_row_bytes for r in parsed.rejected)


@EXAMPLES
@given(st.lists(st.lists(any_text | any_json.map(lambda v: _json_text(v, False)), min_size=1, max_size=6), max_size=8))
def test_any_field_values_as_csv(records: list[list[str]]) -> None:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(["request_id", "account_id", "timestamp", "prompt", "request"])
    writer.writerows(records)
    _timed_ingest("log.csv", text.getvalue().encode("utf-8", "surrogatepass"))


valid_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=12) | st.sampled_from(HOSTILE_TEXTS)
int64s = st.integers(-(2**63), 2**63 - 1)
MESSAGES = pa.list_(pa.struct([("role", pa.string()), ("content", pa.string())]))
message_values = st.lists(st.fixed_dictionaries({"role": st.sampled_from(["user", "system"]), "content": valid_text}), max_size=2)
PARQUET_KINDS = [
    (pa.string(), valid_text), (pa.int64(), int64s), (pa.float64(), st.floats()), (pa.binary(), st.binary(max_size=8)),
    (pa.date32(), st.integers(-(2**31), 2**31 - 1)), (pa.list_(pa.string()), st.lists(valid_text, max_size=2)),
    (pa.struct([("messages", MESSAGES)]), st.fixed_dictionaries({"messages": message_values})),
    *[(pa.timestamp(unit, tz), int64s) for unit in ("ms", "us", "ns") for tz in (None, "UTC", "+14:00")],
    (pa.timestamp("s"), st.integers(-(2**63) // 1_000, 2**63 // 1_000)),  # Parquet stores seconds as milliseconds
]  # fmt: skip


def _nested_type(levels: int) -> pa.DataType:
    kind: pa.DataType = pa.int64()
    for _ in range(levels):
        kind = pa.list_(kind)
    return kind


@st.composite
def parquet_tables(draw: st.DrawFn) -> pa.Table:
    """A few rows with columns of any type a log might hold under the names ingest reads (timestamps of any
    int64, most past year 9999), and one column nested up to past Parquet's own depth limit (100)."""
    rows = draw(st.integers(1, 5))
    columns = {}
    for name in ("request_id", "account_id", "timestamp", "prompt", "request", "client_ip"):
        kind, values = draw(st.sampled_from(PARQUET_KINDS))
        columns[name] = pa.array(draw(st.lists(st.none() | values, min_size=rows, max_size=rows)), type=kind)
    levels = draw(st.integers(1, 110))
    columns["tools"] = pa.array([_python(Deep(levels, 1, False))] * rows, type=_nested_type(levels))
    return pa.table(columns)


@EXAMPLES
@given(parquet_tables())
def test_any_column_types_as_parquet(table: pa.Table) -> None:
    content = io.BytesIO()
    try:
        pq.write_table(table, content)
    except pa.ArrowInvalid:  # Parquet itself cannot store it (seconds that overflow as milliseconds): no such file exists
        assume(False)
    _timed_ingest("log.parquet", content.getvalue())
