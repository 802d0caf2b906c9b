"""End to end on the real stack: packaged MiniLM, FAISS, UMAP and HDBSCAN, on small generated logs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from embedcluster.config import Config
from embedcluster.pipeline import run
from embedcluster.schema import ACCOUNTS, ASSIGNMENTS, CLUSTERS
from scripts.evaluate import evaluate
from scripts.demo_logs.writer import generate

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """One real run over a small generated log with every kind of traffic, popular asks among it, and some bad rows."""
    base = tmp_path_factory.mktemp("e2e")
    log, labels = base / "log.jsonl.gz", base / "labels.parquet"
    generate(seed=3, size=5000, out=log, labels=labels, bad_fraction=0.01, hard=0.35)
    config = Config.model_validate({"embed": {"cache_dir": str(base / "cache")}})
    run([str(log)], base / "out", config)
    return log, labels, base / "out"


def test_outputs_follow_the_documented_schema(demo_run) -> None:
    _, _, out = demo_run
    assert pq.read_schema(out / "assignments.parquet").equals(ASSIGNMENTS, check_metadata=False)
    assert pq.read_schema(out / "clusters.parquet").equals(CLUSTERS, check_metadata=False)
    assert pq.read_schema(out / "accounts.parquet").equals(ACCOUNTS, check_metadata=False)
    assert (out / "report.html").read_text().startswith("<!DOCTYPE html>")
    assert (out / "index" / "index.faiss").exists()
    assert not list(out.glob(".staging-*"))


def test_every_row_is_accounted_for(demo_run) -> None:
    _, _, out = demo_run
    summary = json.loads((out / "run.json").read_text())
    counts = summary["counts"]
    assert summary["calibration"]["account_flag_threshold"] >= 0.5 and summary["calibration"]["target_benign_fpr"] == 0.001
    assert "expected false flags" in (out / "report.html").read_text(encoding="utf-8")
    assert counts["rows_read"] == 5000
    assert counts["accepted"] + counts["rejected"] + counts["duplicates"] == counts["rows_read"]
    assert counts["rejected"] > 0 and counts["duplicates"] > 0
    rejected = [json.loads(line) for line in (out / "rejected.jsonl").read_text().splitlines()]
    assert len(rejected) == counts["rejected"]
    assert all(r["reason"] and r["source"] and r["line"] > 0 for r in rejected)
    assignments = pq.read_table(out / "assignments.parquet")
    assert assignments.num_rows == counts["accepted"]
    assert len(set(assignments.column("request_id").to_pylist())) == counts["accepted"]


def test_campaign_accounts_outrank_legitimate_ones_and_no_popular_asker_is_flagged(demo_run) -> None:
    """At this size campaigns have 3-10 accounts each, so ranking is tested more than the flag threshold."""
    _, labels, out = demo_run
    result = evaluate(labels, out)
    assert result["roc_auc"] > 0.9
    assert {"popular", "harness_common", "jailbreak_viral"} <= set(result["fpr_per_kind"])
    for kind, row in result["fpr_per_kind"].items():
        assert row["flagged"] == 0, kind
    assert result["rings"]["rings_with_legitimate_accounts"] == 0
    is_campaign = dict(zip(*pq.read_table(labels, columns=["account_id", "is_campaign"]).to_pydict().values()))
    ranked = pq.read_table(out / "accounts.parquet").sort_by([("risk_score", "descending")]).column("account_id")
    assert all(is_campaign[a] for a in ranked[:20].to_pylist())


def test_flags_carry_reasons(demo_run) -> None:
    """At this size (3-10 accounts a campaign, among popular asks) the top cluster is a campaign's without
    necessarily reaching the flag; it must still read as one: concentrated, templated, explained."""
    _, _, out = demo_run
    clusters = pq.read_table(out / "clusters.parquet").to_pylist()
    accounts = pq.read_table(out / "accounts.parquet").to_pylist()
    top = max(clusters, key=lambda c: c["risk_score"])
    assert top["risk_score"] > 0.25 and "<slot>" in top["template"] and top["exemplar_request_ids"]
    assert any(r.startswith("concentration 1.00") for r in top["reasons"])
    for c in clusters:
        if c["flagged"]:
            assert c["reasons"] and "<slot>" in c["template"] and c["exemplar_request_ids"]
    for a in accounts:
        if a["flagged"]:
            assert a["reasons"] and a["top_cluster_ids"]
        unsure = [r for r in a["reasons"] if r.startswith(("borderline:", "near the flag:"))]
        assert 0.0 <= a["flag_stability"] <= 1.0
        assert len(unsure) == (a["flag_stability"] < 1.0), a["account_id"]
    stability = json.loads((out / "run.json").read_text())["stability"]
    assert stability["rounds"] == 4
    assert stability["near_flag_accounts"] == sum(1 for a in accounts if a["flag_stability"] < 1 and not a["flagged"])


def test_second_run_embeds_nothing_new(demo_run, tmp_path: Path) -> None:
    log, _, out = demo_run
    config = Config.model_validate({"embed": {"cache_dir": str(out.parent / "cache")}, "report": {"html": False}})
    result = run([str(log)], tmp_path / "again", config)
    counts = result.summary["counts"]
    assert counts["points_embedded"] > 0
    assert counts["points_cache_hits"] == counts["points_embedded"]  # the transformer ran for nothing new
    assert counts["cache_hits"] == 0  # the static table is cheaper than a cache lookup, so it is not cached


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "embedcluster.cli", *args], capture_output=True, text=True, timeout=300)


def test_cli_missing_input_fails_with_one_line(tmp_path: Path) -> None:
    proc = _cli("run", str(tmp_path / "nope.jsonl"), "--out", str(tmp_path / "out"))
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"error: input file not found: {tmp_path / 'nope.jsonl'}"


def test_cli_bad_config_fails_with_one_line(tmp_path: Path) -> None:
    log = tmp_path / "log.jsonl"
    log.write_text('{"request_id": "1", "account_id": "a", "timestamp": 1793577600, "prompt": "hi"}\n')
    config = tmp_path / "bad.yaml"
    config.write_text("templates:\n  similarity: 7\n")
    proc = _cli("run", str(log), "--out", str(tmp_path / "out"), "--config", str(config))
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1
    assert "templates.similarity" in proc.stderr


def test_cli_run_on_all_bad_rows_completes(tmp_path: Path) -> None:
    log = tmp_path / "bad.jsonl"
    log.write_bytes(b"{not json\n\xff\xfe\n" + b'{"request_id": "1", "timestamp": 1793577600, "prompt": "x"}\n')
    proc = _cli("run", str(log), "--out", str(tmp_path / "out"))
    assert proc.returncode == 0, proc.stderr
    counts = json.loads((tmp_path / "out" / "run.json").read_text())["counts"]
    assert counts == {**counts, "rows_read": 3, "accepted": 0, "rejected": 3, "clusters": 0, "flagged_accounts": 0}
