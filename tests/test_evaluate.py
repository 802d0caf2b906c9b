"""scripts/evaluate.py on a tiny hand-made run whose metrics are worked out by hand below."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from scripts import evaluate as ev


def _labels(path: Path) -> Path:
    rows = [
        ("a1", "campaign", "agentic", True),
        ("a2", "campaign", "agentic", True),
        ("a3", "campaign", "coding", True),
        ("a4", "organic", "", False),
        ("a5", "organic", "", False),
        ("a6", "harness", "", False),
        ("a7", "eval", "", False),  # not reported by the run: risk 0, not flagged
    ]
    table = pa.table({
        "account_id": [r[0] for r in rows], "kind": [r[1] for r in rows], "campaign": [r[2] for r in rows],
        "is_campaign": [r[3] for r in rows], "split": ["dev"] * len(rows),
    })
    pq.write_table(table, path)
    return path


def _run(out: Path, flagged: dict[str, bool] | None = None, rings: dict[str, int] | None = None) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    scores = {"a1": 0.9, "a2": 0.4, "a3": 0.8, "a4": 0.85, "a5": 0.1, "a6": 0.3, "zz": 0.99}
    flags = flagged or {"a1": True, "a2": False, "a3": True, "a4": True, "a5": False, "a6": False, "zz": True}
    ring = rings or {}
    table = pa.table({
        "account_id": list(scores), "n_requests": [5] * len(scores), "risk_score": list(scores.values()),
        "flagged": [flags[a] for a in scores], "reasons": [["x"]] * len(scores),
        "ring_id": [ring.get(a, -1) for a in scores],
    })
    pq.write_table(table, out / "accounts.parquet")
    return out


def test_metrics_by_hand(tmp_path: Path) -> None:
    m = ev.evaluate(_labels(tmp_path / "labels.parquet"), _run(tmp_path / "run"))
    # Campaign scores .9 .4 .8 against legit .85 .1 .3 0: .9 beats all 4, .4 and .8 beat 3 each -> 10/12.
    assert m["roc_auc"] == pytest.approx(10 / 12)
    # Flagged a1 a3 (campaign) and a4 (organic): TP 2, FP 1, FN 1 (a2); 4 legitimate accounts.
    assert m["precision"] == pytest.approx(2 / 3)
    assert m["recall"] == pytest.approx(2 / 3)
    assert m["fpr"] == pytest.approx(1 / 4)
    assert m["per_campaign"] == {
        "agentic": {"accounts": 2, "flagged": 1, "recall": 0.5},
        "coding": {"accounts": 1, "flagged": 1, "recall": 1.0},
    }
    assert m["fpr_per_kind"] == {
        "eval": {"accounts": 1, "flagged": 0, "fpr": 0.0},
        "harness": {"accounts": 1, "flagged": 0, "fpr": 0.0},
        "organic": {"accounts": 2, "flagged": 1, "fpr": 0.5},
    }
    assert m["n_accounts"] == 7
    assert m["n_unlabelled_reported"] == 1  # zz is ignored


def test_nothing_flagged_has_no_precision(tmp_path: Path) -> None:
    labels = _labels(tmp_path / "labels.parquet")
    run = _run(tmp_path / "run", flagged=dict.fromkeys(["a1", "a2", "a3", "a4", "a5", "a6", "zz"], False))
    m = ev.evaluate(labels, run)
    assert m["precision"] is None and m["recall"] == 0.0 and m["fpr"] == 0.0


def test_cli_prints_tables_and_writes_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    labels, run = _labels(tmp_path / "labels.parquet"), _run(tmp_path / "run")
    assert ev.main([str(labels), str(run), "--json", str(tmp_path / "m.json")]) == 0
    printed = capsys.readouterr().out
    for text in ("ROC-AUC", "0.833", "agentic", "organic", "0.500", "total"):
        assert text in printed
    assert json.loads((tmp_path / "m.json").read_text()) == ev.evaluate(labels, run)


def test_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    labels = _labels(tmp_path / "labels.parquet")
    assert ev.main([str(labels), str(tmp_path / "no_run")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "accounts.parquet" in err[0]
    assert ev.main([str(tmp_path / "nope.parquet"), str(_run(tmp_path / "run"))]) == 2


def test_ring_purity_counts_campaign_members_and_mixed_rings(tmp_path: Path) -> None:
    rings = {"a1": 0, "a3": 0, "a4": 0, "a2": 1, "zz": 1}  # ring 0: two campaigns and an organic account
    m = ev.evaluate(_labels(tmp_path / "labels.parquet"), _run(tmp_path / "run", rings=rings))
    assert m["rings"] == {
        "rings": 2,
        "accounts_in_rings": 4,  # zz is not labelled
        "campaign_share": 0.75,
        "rings_with_legitimate_accounts": 1,
        "rings_mixing_campaigns_and_legitimate": 1,
    }
