"""The MinHash-LSH reference of scripts/bench_sizes.py: it must find what it is the reference for."""

from __future__ import annotations

from pathlib import Path

import orjson

from embedcluster.config import IngestConfig
from scripts.bench_sizes import minhash_groups


def test_minhash_reference_groups_near_duplicates_and_leaves_the_rest(tmp_path: Path) -> None:
    frame = "please review the following python function for bugs and explain each fix you would make in detail"
    prompts = [f"{frame} {slot}" for slot in ("parse_dates", "merge_rows", "load_config")]
    other = "summarize this meeting transcript into action items with owners and due dates for the team"
    prompts += [f"{other} {slot}" for slot in ("monday", "friday")]
    prompts += ["what is the capital of mongolia", "write a haiku about autumn rain on a tin roof"]
    log = tmp_path / "log.jsonl"
    rows = [{"request_id": f"r{i}", "account_id": "a", "timestamp": 1_700_000_000 + i, "prompt": p} for i, p in enumerate(prompts)]
    log.write_bytes(b"\n".join(orjson.dumps(row) for row in rows) + b"\nnot json\n")

    found = minhash_groups(log, IngestConfig())

    assert found["prompts"] == 7
    assert found["groups_of_two_or_more"] == 2
    assert found["largest_group"] == 3
    assert found["in_groups"] == 5
