"""Tests for embedcluster.ingest: reading logs, parsing request shapes, setting bad rows aside."""

from __future__ import annotations

import csv
import gzip
import json
import tempfile
from datetime import datetime, timezone
from pathlib import Path

import orjson
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from embedcluster.config import IngestConfig
from embedcluster.errors import InputError
from embedcluster.ingest import DuplicateFilter, parse_chunk, parse_timestamp
from embedcluster.rejected import RAW_KEEP_CHARS, Rejected
from embedcluster.readers import RawRow, expand_inputs, input_format, read_chunks, read_rows
from embedcluster.normalize import hash_key
from embedcluster.schema import REQUESTS

CFG = IngestConfig()
NOON_MS = 1_714_564_800_000  # 2024-05-01T12:00:00Z
NOON = "2024-05-01T12:00:00Z"
SYSTEM = "You are a patient physics tutor."
TOOLS = [{"name": "lookup", "description": "Look a term up", "input_schema": {"type": "object", "properties": {}}}]


def raw_row(obj, line: int = 1, source: str = "mem.jsonl") -> RawRow:
    return RawRow(source, line, obj, orjson.dumps(obj).decode())


def parse_one(obj, cfg: IngestConfig = CFG) -> dict:
    parsed = parse_chunk([raw_row(obj)], cfg)
    assert parsed.rejected == [], parsed.rejected
    rows = parsed.batch.to_pylist()
    assert len(rows) == 1
    return rows[0]


def reject_one(obj, cfg: IngestConfig = CFG) -> Rejected:
    parsed = parse_chunk([raw_row(obj, line=7, source="src.jsonl")], cfg)
    assert parsed.batch.num_rows == 0
    assert len(parsed.rejected) == 1
    return parsed.rejected[0]


def base(**fields) -> dict:
    obj = {"request_id": "r1", "account_id": "acct-1", "timestamp": NOON}
    obj.update(fields)
    return obj


def ms(row: dict) -> int:
    return int(row["timestamp"].timestamp() * 1000)


# --- Anthropic Messages shape ------------------------------------------------------------


def test_anthropic_system_string_and_string_content():
    row = parse_one(
        base(request={"model": "m", "system": SYSTEM, "messages": [{"role": "user", "content": "Explain gravity."}]})
    )
    assert row["request_id"] == "r1"
    assert row["account_id"] == "acct-1"
    assert ms(row) == NOON_MS
    assert row["task_text"] == "Explain gravity."
    assert row["task_hash"] == hash_key("Explain gravity.")
    assert SYSTEM not in row["task_text"]
    assert row["source"] == "mem.jsonl"
    assert row["line"] == 1


def test_anthropic_system_blocks_and_content_blocks():
    row = parse_one(
        base(
            request={
                "system": [{"type": "text", "text": SYSTEM}],
                "messages": [
                    {
                        "role": "user",
                        "content": [
                            {"type": "text", "text": "Explain gravity."},
                            {"type": "image", "source": {"type": "base64", "data": "AAAA"}},
                            {"type": "tool_result", "tool_use_id": "t1", "content": "IGNORED"},
                            {"type": "text", "text": "Use an example."},
                        ],
                    }
                ],
            }
        )
    )
    assert row["task_text"] == "Explain gravity.\nUse an example."


def test_anthropic_tools_and_system_stay_out_of_the_task():
    with_tools = parse_one(
        base(request={"system": SYSTEM, "tools": TOOLS, "messages": [{"role": "user", "content": "Explain gravity."}]})
    )
    without = parse_one(base(request={"messages": [{"role": "user", "content": "Explain gravity."}]}))
    assert with_tools["task_text"] == without["task_text"] == "Explain gravity."
    assert with_tools["task_hash"] == without["task_hash"]


# --- OpenAI chat shape -----------------------------------------------------------------------


def test_openai_chat_with_system_message_and_tools():
    obj = {
        "id": "chatcmpl-1",
        "user_id": "u-9",
        "created_at": 1_714_564_800,
        "body": {
            "model": "gpt",
            "messages": [
                {"role": "system", "content": SYSTEM},
                {"role": "user", "content": "Explain gravity."},
            ],
            "tools": [{"type": "function", "function": {"name": "lookup", "parameters": {}}}],
        },
    }
    row = parse_one(obj)
    assert (row["request_id"], row["account_id"], ms(row)) == ("chatcmpl-1", "u-9", NOON_MS)
    assert row["task_text"] == "Explain gravity."


def test_openai_developer_role_is_not_the_task_and_content_parts_are_text():
    row = parse_one(
        base(
            messages=[
                {"role": "developer", "content": "Answer tersely."},
                {"role": "user", "content": [{"type": "input_text", "text": "Explain"}, {"type": "text", "text": "gravity"}]},
            ]
        )
    )
    assert row["task_text"] == "Explain\ngravity"


def test_body_at_top_level():
    row = parse_one(base(system=SYSTEM, messages=[{"role": "user", "content": "Explain gravity."}]))
    assert row["task_text"] == "Explain gravity."


def test_multi_turn_puts_last_user_turn_first():
    row = parse_one(
        base(
            request={
                "messages": [
                    {"role": "user", "content": "First question."},
                    {"role": "assistant", "content": "First answer."},
                    {"role": "user", "content": "   "},
                    {"role": "user", "content": "Second question."},
                    {"role": "assistant", "content": [{"type": "text", "text": "Second answer."}]},
                    {"role": "user", "content": "Third question."},
                ]
            }
        )
    )
    assert row["task_text"] == "Third question.\nSecond question.\nFirst question."


# --- flat prompt rows -------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["prompt", "text", "input", "query"])
def test_flat_prompt_fields(field):
    row = parse_one(base(**{field: "  Explain\u200b gravity.  "}))
    assert row["task_text"] == "Explain gravity."


def test_flat_prompt_under_request_and_fallback_to_top_level():
    assert parse_one(base(request={"prompt": "inner prompt"}))["task_text"] == "inner prompt"
    assert parse_one(base(request={"model": "m"}, prompt="outer prompt"))["task_text"] == "outer prompt"


def test_metadata_fields_are_carried():
    row = parse_one(
        base(
            prompt="hi",
            ip="10.0.0.1",
            card_fingerprint="fp-1",
            account_created_at="2024-04-30T12:00:00Z",
        )
    )
    assert row["client_ip"] == "10.0.0.1"
    assert row["payment_fingerprint"] == "fp-1"
    assert int(row["account_created"].timestamp() * 1000) == NOON_MS - 86_400_000
    bare = parse_one(base(prompt="hi"))
    assert [bare[k] for k in ("client_ip", "payment_fingerprint", "account_created")] == [None] * 3


def test_first_present_candidate_wins_and_empty_string_is_skipped():
    row = parse_one({"request_id": "", "id": "r-from-id", "account_id": "", "user_id": 7, "ts": NOON, "prompt": "x"})
    assert row["request_id"] == "r-from-id"
    assert row["account_id"] == "7"


def test_custom_field_names():
    cfg = IngestConfig(request_id_fields=("rid",), account_id_fields=("who",), timestamp_fields=("when",), prompt_fields=("q",))
    row = parse_one({"rid": "x1", "who": "w", "when": NOON, "q": "question"}, cfg)
    assert (row["request_id"], row["account_id"], row["task_text"]) == ("x1", "w", "question")
    assert reject_one({"request_id": "x1", "who": "w", "when": NOON, "q": "question"}, cfg).reason == "missing request id"


def test_batch_has_requests_schema():
    parsed = parse_chunk([raw_row(base(prompt="hi"))], CFG)
    assert parsed.batch.schema.equals(REQUESTS)
    empty = parse_chunk([], CFG)
    assert empty.batch.num_rows == 0 and empty.batch.schema.equals(REQUESTS)


# --- timestamps -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2024-05-01T12:00:00Z", NOON_MS),
        ("2024-05-01T12:00:00z", NOON_MS),
        ("2024-05-01T14:30:00+02:30", NOON_MS),
        ("2024-05-01T07:00:00-05:00", NOON_MS),
        ("2024-05-01T12:00:00", NOON_MS),  # naive: UTC
        ("2024-05-01 12:00:00.250", NOON_MS + 250),
        ("2024-05-01T12:00:00.123456Z", NOON_MS + 123),
        ("  2024-05-01T12:00:00Z ", NOON_MS),
        (1_714_564_800, NOON_MS),  # epoch seconds
        (1_714_564_800.5, NOON_MS + 500),
        (1_714_564_800_000, NOON_MS),  # epoch milliseconds
        ("1714564800", NOON_MS),
        ("1714564800.25", NOON_MS + 250),
        ("1714564800000", NOON_MS),
        (datetime(2024, 5, 1, 12, tzinfo=timezone.utc), NOON_MS),
        (datetime(2024, 5, 1, 12), NOON_MS),
    ],
)
def test_parse_timestamp_accepts(value, expected):
    assert parse_timestamp(value) == expected


@pytest.mark.parametrize(
    "value",
    [None, True, False, "", "yesterday", "2024-13-01T00:00:00Z", "nan", float("nan"), [NOON], {"t": NOON},
     0, 946_684_799, "1999-12-31T23:59:59Z", "2100-01-01T00:00:00Z", 4_102_444_800_000, -1_714_564_800,
     10**400, -(10**2000)],  # too large for a float: rejected, not an OverflowError
)
def test_parse_timestamp_rejects(value):
    assert parse_timestamp(value) is None


def test_parse_timestamp_range_bounds():
    assert parse_timestamp("2000-01-01T00:00:00Z") == 946_684_800_000
    assert parse_timestamp(946_684_800) == 946_684_800_000
    assert parse_timestamp(4_102_444_799_999) == 4_102_444_799_999


@pytest.mark.parametrize("value", ["inf", "-Infinity", "1e400"])
def test_infinite_timestamp_is_rejected_not_raised(value):
    rejected = reject_one(base(timestamp=value, prompt="hi"))
    assert rejected.reason == f"unparseable timestamp: {value!r}"


def test_infinite_account_created_does_not_crash():
    assert parse_one(base(prompt="hi", account_created_at="inf"))["account_created"] is None


@pytest.mark.parametrize("value", ["2038-04-28T09:39:41.298Z", 2_156_060_381.298])
def test_millisecond_precision_after_2038(value):
    assert parse_timestamp(value) == 2_156_060_381_298


# --- rejections -----------------------------------------------------------------------------


def test_rejection_missing_request_id():
    rejected = reject_one({"account_id": "a", "timestamp": NOON, "prompt": "hi"})
    assert (rejected.source, rejected.line, rejected.reason, rejected.request_id) == ("src.jsonl", 7, "missing request id", None)


def test_rejection_request_id_that_is_an_object():
    assert reject_one(base(request_id={"nested": 1}, prompt="hi")).reason == "missing request id"


def test_rejection_missing_account_id():
    rejected = reject_one({"request_id": "r9", "timestamp": NOON, "prompt": "hi"})
    assert (rejected.source, rejected.line, rejected.reason, rejected.request_id) == ("src.jsonl", 7, "missing account id", "r9")


def test_rejection_missing_timestamp():
    rejected = reject_one({"request_id": "r9", "account_id": "a", "prompt": "hi"})
    assert (rejected.line, rejected.reason, rejected.request_id) == (7, "missing timestamp", "r9")


def test_rejection_unparseable_timestamp():
    rejected = reject_one(base(timestamp="last tuesday", prompt="hi"))
    assert rejected.reason == "unparseable timestamp: 'last tuesday'"
    assert rejected.request_id == "r1"


def test_rejection_empty_text():
    for obj in (
        base(prompt="\u200b\u200d \ufeff"),
        base(),
        base(request={"messages": [{"role": "assistant", "content": "only the model spoke"}]}),
        base(request={"system": SYSTEM, "messages": []}),
    ):
        rejected = reject_one(obj)
        assert (rejected.reason, rejected.request_id, rejected.line) == ("empty prompt text", "r1", 7)


def test_rejection_text_too_long():
    cfg = IngestConfig(max_text_chars=10)
    assert parse_one(base(prompt="x" * 10), cfg)["task_text"] == "x" * 10
    rejected = reject_one(base(prompt="x" * 11), cfg)
    assert rejected.reason == "text longer than 10 characters"
    assert rejected.request_id == "r1"


def test_reader_errors_pass_through_as_rejections():
    row = RawRow("f.jsonl", 3, None, "{oops", "invalid JSON: boom")
    parsed = parse_chunk([row], CFG)
    assert parsed.batch.num_rows == 0
    assert [(r.source, r.line, r.reason, r.raw) for r in parsed.rejected] == [("f.jsonl", 3, "invalid JSON: boom", "{oops")]


def test_rejected_to_json_truncates_raw():
    record = json.loads(Rejected("s", 1, "why", "y" * (RAW_KEEP_CHARS + 5), "r").to_json())
    assert record == {"source": "s", "line": 1, "reason": "why", "request_id": "r", "raw": "y" * RAW_KEEP_CHARS, "raw_truncated": True}
    short = json.loads(Rejected("s", 2, "why", "abc").to_json())
    assert (short["raw"], short["raw_truncated"], short["request_id"]) == ("abc", False, None)


def _write_mixed_jsonl(path: Path) -> None:
    good = {"request_id": "g1", "account_id": "a", "timestamp": NOON, "prompt": "Explain gravity."}
    lines = [
        orjson.dumps(good),  # 1 accepted
        orjson.dumps({"account_id": "a", "timestamp": NOON, "prompt": "p"}),  # 2 missing request id
        orjson.dumps({"request_id": "r3", "timestamp": NOON, "prompt": "p"}),  # 3 missing account id
        orjson.dumps({"request_id": "r4", "account_id": "a", "prompt": "p"}),  # 4 missing timestamp
        orjson.dumps({"request_id": "r5", "account_id": "a", "timestamp": "soon", "prompt": "p"}),  # 5 unparseable
        orjson.dumps({"request_id": "r6", "account_id": "a", "timestamp": NOON, "prompt": "\u200b"}),  # 6 empty
        orjson.dumps({"request_id": "r7", "account_id": "a", "timestamp": NOON, "prompt": "z" * 51}),  # 7 too long
        b'{"request_id": "r8", ',  # 8 invalid JSON
        b'{"request_id": "r9", "prompt": "\xff\xfe"}',  # 9 invalid UTF-8
        b"[1, 2, 3]",  # 10 not an object
        b"   ",  # 11 blank: skipped
        orjson.dumps({"request_id": "g1", "account_id": "b", "timestamp": NOON, "prompt": "Repeat."}),  # 12 duplicate
        orjson.dumps({"request_id": "g2", "account_id": "b", "timestamp": NOON_MS, "prompt": "Explain levity."}),  # 13
    ]
    path.write_bytes(b"\n".join(lines) + b"\n")


def test_each_rejection_reason_with_source_and_line(tmp_path):
    path = tmp_path / "mixed.jsonl"
    _write_mixed_jsonl(path)
    rows = list(read_rows(path))
    assert [r.line for r in rows] == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 13]
    parsed = parse_chunk(rows, IngestConfig(max_text_chars=50))
    reasons = {r.line: r.reason for r in parsed.rejected}
    assert all(r.source == str(path) for r in parsed.rejected)
    assert reasons[2] == "missing request id"
    assert reasons[3] == "missing account id"
    assert reasons[4] == "missing timestamp"
    assert reasons[5] == "unparseable timestamp: 'soon'"
    assert reasons[6] == "empty prompt text"
    assert reasons[7] == "text longer than 50 characters"
    assert reasons[8].startswith("invalid JSON: ")
    assert reasons[9].startswith("invalid UTF-8")
    assert reasons[10] == "row is not a JSON object"
    assert sorted(reasons) == [2, 3, 4, 5, 6, 7, 8, 9, 10]
    assert {r.line: r.request_id for r in parsed.rejected if r.line in (3, 4, 5, 6, 7)} == {3: "r3", 4: "r4", 5: "r5", 6: "r6", 7: "r7"}
    # The raw line is kept for the rejects file; invalid bytes are escaped, not lost.
    assert {r.line: r.raw for r in parsed.rejected}[9] == '{"request_id": "r9", "prompt": "\\xff\\xfe"}\n'
    assert parsed.batch.column("line").to_pylist() == [1, 12, 13]


def test_accepted_rejected_duplicates_add_up_to_rows_read(tmp_path):
    path = tmp_path / "mixed.jsonl"
    _write_mixed_jsonl(path)
    dedup = DuplicateFilter()
    accepted = rejected = read = 0
    for chunk in read_chunks([path], chunk_rows=4):
        read += len(chunk)
        parsed = parse_chunk(chunk, IngestConfig(max_text_chars=50))
        batch = dedup(parsed.batch)
        accepted += batch.num_rows
        rejected += len(parsed.rejected)
    assert (read, accepted, rejected, dedup.duplicates) == (12, 2, 9, 1)
    assert accepted + rejected + dedup.duplicates == read


# --- DuplicateFilter -------------------------------------------------------------------------


def _ids_batch(ids: list[str]) -> pa.RecordBatch:
    rows = [raw_row({"request_id": i, "account_id": "a", "timestamp": NOON, "prompt": f"p{n}"}, line=n) for n, i in enumerate(ids)]
    return parse_chunk(rows, CFG).batch


def test_duplicate_filter_across_batches():
    dedup = DuplicateFilter()
    first = dedup(_ids_batch(["a", "b", "a", "c"]))
    assert first.column("request_id").to_pylist() == ["a", "b", "c"]
    assert first.column("task_text").to_pylist() == ["p0", "p1", "p3"]  # the first row of each id is kept
    assert dedup.duplicates == 1
    second = dedup(_ids_batch(["c", "d", "b", "d"]))
    assert second.column("request_id").to_pylist() == ["d"]
    assert second.column("task_text").to_pylist() == ["p1"]
    assert dedup.duplicates == 4
    third = dedup(_ids_batch(["e"]))
    assert third.column("request_id").to_pylist() == ["e"]
    assert dedup.duplicates == 4


# --- reading real files -------------------------------------------------------------------------

RECORDS = [
    {"request_id": "j1", "account_id": "a", "timestamp": NOON, "prompt": "Explain gravity."},
    {"request_id": "j2", "account_id": "b", "timestamp": NOON_MS, "request": {"system": SYSTEM, "messages": [{"role": "user", "content": "Why is the sky blue?"}]}},
]


def _accept_all(path: Path) -> list[dict]:
    parsed = parse_chunk(list(read_rows(path)), CFG)
    assert parsed.rejected == []
    return parsed.batch.to_pylist()


def test_read_jsonl(tmp_path):
    path = tmp_path / "log.jsonl"
    path.write_bytes(b"\n".join(orjson.dumps(r) for r in RECORDS) + b"\n\n")
    rows = _accept_all(path)
    assert [(r["request_id"], r["task_text"], r["line"], r["source"]) for r in rows] == [
        ("j1", "Explain gravity.", 1, str(path)),
        ("j2", "Why is the sky blue?", 2, str(path)),
    ]


def test_read_jsonl_gz(tmp_path):
    path = tmp_path / "log.ndjson.gz"
    with gzip.open(path, "wb") as handle:
        handle.write(b"\n".join(orjson.dumps(r) for r in RECORDS))
    rows = _accept_all(path)
    assert [(r["request_id"], r["task_text"], r["line"]) for r in rows] == [
        ("j1", "Explain gravity.", 1),
        ("j2", "Why is the sky blue?", 2),
    ]
    assert [ms(r) for r in rows] == [NOON_MS, NOON_MS]


def test_read_csv_with_quoted_multiline_field(tmp_path):
    path = tmp_path / "log.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["request_id", "account_id", "timestamp", "prompt", "ip"])
        writer.writerow(["c1", "a", NOON, "Line one,\nline \"two\".", ""])
        writer.writerow(["c2", "b", str(NOON_MS), "Plain prompt", "10.0.0.2"])
    rows = _accept_all(path)
    assert [(r["request_id"], r["account_id"], r["task_text"]) for r in rows] == [
        ("c1", "a", 'Line one,\nline "two".'),
        ("c2", "b", "Plain prompt"),
    ]
    assert [ms(r) for r in rows] == [NOON_MS, NOON_MS]
    assert [r["client_ip"] for r in rows] == [None, "10.0.0.2"]  # empty CSV cell: absent
    assert rows[0]["line"] == 2


def test_csv_invalid_utf8_and_extra_fields_rejected(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(
        b"request_id,account_id,timestamp,prompt\n"
        b"c1,a,2024-05-01T12:00:00Z,ok\n"
        b"c2,a,2024-05-01T12:00:00Z,bad \xff byte\n"
        b"c3,a,2024-05-01T12:00:00Z,too,many\n"
    )
    rows = list(read_rows(path))
    assert [(r.line, r.error) for r in rows] == [
        (2, None),
        (3, "invalid UTF-8"),
        (4, "CSV row has more fields than the header"),
    ]
    parsed = parse_chunk(rows, CFG)
    assert parsed.batch.column("request_id").to_pylist() == ["c1"]
    assert [(r.line, r.reason) for r in parsed.rejected] == [(3, "invalid UTF-8"), (4, "CSV row has more fields than the header")]
    assert "\\xff" in parsed.rejected[0].raw


def test_csv_line_numbers_after_multiline_field(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text(
        "request_id,account_id,timestamp,prompt\n"  # line 1
        'c1,a,2024-05-01T12:00:00Z,"first\nsecond\nthird"\n'  # lines 2-4
        "c2,,2024-05-01T12:00:00Z,no account\n",  # line 5
        encoding="utf-8",
    )
    parsed = parse_chunk(list(read_rows(path)), CFG)
    assert [(r.line, r.reason) for r in parsed.rejected] == [(5, "missing account id")]


def test_csv_with_lone_cr_line_ends(tmp_path):
    path = tmp_path / "mac.csv"
    path.write_bytes(b'request_id,account_id,timestamp,prompt\rc1,a,2024-05-01T12:00:00Z,"two\rlines"\rc2,b,2024-05-01T12:00:00Z,hi\r')
    rows = parse_chunk(list(read_rows(path)), CFG).batch.to_pylist()
    assert [(r["request_id"], r["task_text"], r["line"]) for r in rows] == [("c1", "twolines", 2), ("c2", "hi", 4)]


def test_csv_with_utf8_bom(tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbfrequest_id,account_id,timestamp,prompt\nc1,a,2024-05-01T12:00:00Z,hello\n")
    parsed = parse_chunk(list(read_rows(path)), CFG)
    assert parsed.rejected == []
    assert parsed.batch.column("request_id").to_pylist() == ["c1"]


def test_read_parquet_flat_and_nested(tmp_path):
    path = tmp_path / "log.parquet"
    table = pa.table(
        {
            "request_id": ["p1", "p2", "p3"],
            "account_id": ["a", "b", None],
            "timestamp": pa.array([NOON_MS, NOON_MS + 1000, NOON_MS], type=pa.timestamp("ms", tz="UTC")),
            "prompt": ["Flat prompt", None, "orphan"],
            "request": [
                None,
                {"system": SYSTEM, "messages": [{"role": "user", "content": "Nested prompt"}]},
                None,
            ],
        }
    )
    pq.write_table(table, path)
    rows = list(read_rows(path, batch_rows=2))
    assert [r.line for r in rows] == [1, 2, 3]
    parsed = parse_chunk(rows, CFG)
    out = parsed.batch.to_pylist()
    assert [(r["request_id"], r["task_text"], ms(r), r["line"]) for r in out] == [
        ("p1", "Flat prompt", NOON_MS, 1),
        ("p2", "Nested prompt", NOON_MS + 1000, 2),
    ]
    assert [(r.line, r.reason, r.request_id) for r in parsed.rejected] == [(3, "missing account id", "p3")]
    assert "orphan" in parsed.rejected[0].raw  # raw is rebuilt from the row for Parquet


def test_read_parquet_naive_timestamps_are_utc(tmp_path):
    path = tmp_path / "naive.parquet"
    pq.write_table(
        pa.table({"id": ["n1"], "user_id": ["u"], "ts": pa.array([datetime(2024, 5, 1, 12)], type=pa.timestamp("us")), "text": ["hi"]}),
        path,
    )
    assert [ms(r) for r in _accept_all(path)] == [NOON_MS]


def test_corrupt_parquet_is_one_unusable_row_for_the_file(tmp_path):
    path = tmp_path / "broken.parquet"
    path.write_bytes(b"not parquet at all")
    (row,) = read_rows(path)
    assert (row.line, row.obj) == (0, None) and row.error.startswith("unreadable Parquet file, skipped: ")


def test_read_chunks_bounds_chunk_size_across_files(tmp_path):
    one, two = tmp_path / "1.jsonl", tmp_path / "2.jsonl"
    one.write_bytes(b"\n".join(orjson.dumps({"id": f"a{i}"}) for i in range(3)))
    two.write_bytes(b"\n".join(orjson.dumps({"id": f"b{i}"}) for i in range(4)))
    chunks = list(read_chunks([one, two], chunk_rows=3))
    assert [len(c) for c in chunks] == [3, 3, 1]
    assert [r.obj["id"] for c in chunks for r in c] == ["a0", "a1", "a2", "b0", "b1", "b2", "b3"]


# --- expand_inputs / input_format -------------------------------------------------------------------


def test_expand_inputs_glob_sorted(tmp_path):
    for name in ["b.jsonl", "a.jsonl", "c.csv", "d.jsonl.gz"]:
        (tmp_path / name).write_bytes(b"{}\n" if not name.endswith(".gz") else gzip.compress(b"{}\n"))
    assert expand_inputs([str(tmp_path / "*.jsonl")]) == [tmp_path / "a.jsonl", tmp_path / "b.jsonl"]
    assert expand_inputs([str(tmp_path / "c.csv"), str(tmp_path / "*.gz")]) == [tmp_path / "c.csv", tmp_path / "d.jsonl.gz"]


def test_expand_inputs_order_given_does_not_matter(tmp_path):
    """Which row of a repeated request id is kept must not depend on the order the files are named in."""
    for name in ["b.jsonl", "a.jsonl"]:
        (tmp_path / name).write_bytes(b"{}\n")
    a, b = str(tmp_path / "a.jsonl"), str(tmp_path / "b.jsonl")
    assert expand_inputs([b, a]) == expand_inputs([a, b]) == [tmp_path / "a.jsonl", tmp_path / "b.jsonl"]
    assert expand_inputs([a, str(tmp_path / "*.jsonl")]) == [tmp_path / "a.jsonl", tmp_path / "b.jsonl"]


def test_expand_inputs_missing_file(tmp_path):
    with pytest.raises(InputError, match="input file not found"):
        expand_inputs([str(tmp_path / "absent.jsonl")])


def test_expand_inputs_glob_without_match(tmp_path):
    with pytest.raises(InputError, match="no input file matches"):
        expand_inputs([str(tmp_path / "*.parquet")])


def test_expand_inputs_unknown_extension(tmp_path):
    path = tmp_path / "log.txt"
    path.write_text("{}\n")
    with pytest.raises(InputError, match="unknown input format"):
        expand_inputs([str(path)])


def test_expand_inputs_directory_and_empty_list(tmp_path):
    folder = tmp_path / "dir.jsonl"
    folder.mkdir()
    with pytest.raises(InputError, match="input file not found"):
        expand_inputs([str(folder)])
    with pytest.raises(InputError, match="no input files given"):
        expand_inputs([])


@pytest.mark.parametrize(
    "name, kind",
    [("a.jsonl", "jsonl"), ("a.NDJSON", "jsonl"), ("a.json.gz", "jsonl"), ("a.csv.gz", "csv"), ("a.parquet", "parquet")],
)
def test_input_format_known(name, kind):
    assert input_format(Path(name)) == kind


@pytest.mark.parametrize("name", ["a.txt", "a.parquet.gz", "a.gz", "jsonl", "a.jsonl.zip"])
def test_input_format_unknown(name):
    with pytest.raises(InputError):
        input_format(Path(name))


# --- robustness: arbitrary bytes -----------------------------------------------------------------

_int = st.integers(-(2**63), 2**63 - 1)
_json_line = st.fixed_dictionaries(
    {},
    optional={
        "request_id": st.one_of(st.text(max_size=5), _int, st.none(), st.lists(_int, max_size=2)),
        "account_id": st.one_of(st.text(max_size=5), _int, st.none(), st.booleans()),
        "timestamp": st.one_of(st.sampled_from([NOON, "2024-05-01", "x", ""]), _int, st.floats(allow_nan=False, allow_infinity=False)),
        "prompt": st.one_of(st.text(max_size=20), st.lists(st.text(max_size=5), max_size=2), _int),
        "request": st.one_of(
            st.text(max_size=5),
            st.fixed_dictionaries(
                {},
                optional={
                    "system": st.one_of(st.text(max_size=5), st.lists(st.dictionaries(st.sampled_from(["type", "text"]), st.text(max_size=5)), max_size=2)),
                    "messages": st.lists(
                        st.one_of(
                            st.text(max_size=3),
                            st.fixed_dictionaries({"role": st.sampled_from(["user", "system", "assistant", "x"]), "content": st.one_of(st.text(max_size=10), st.none(), st.lists(st.text(max_size=4), max_size=2))}),
                        ),
                        max_size=3,
                    ),
                    "tools": st.lists(st.dictionaries(st.text(max_size=3), _int, max_size=2), max_size=2),
                },
            ),
        ),
    },
).map(orjson.dumps)

_line = st.one_of(st.binary(max_size=60), _json_line).map(lambda b: b.replace(b"\n", b""))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_line, max_size=12))
def test_arbitrary_lines_never_raise_and_are_all_accounted_for(lines):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.jsonl"
        path.write_bytes(b"\n".join(lines))
        rows = list(read_rows(path))
        parsed = parse_chunk(rows, IngestConfig(max_text_chars=40))
    non_blank = [n for n, line in enumerate(lines, start=1) if line.strip()]
    assert [r.line for r in rows] == non_blank
    accepted = parsed.batch.column("line").to_pylist()
    rejected = [r.line for r in parsed.rejected]
    assert sorted(accepted + rejected) == non_blank
    assert all(r.source == str(path) for r in parsed.rejected)
