#!/usr/bin/env python3
"""Score a run's account verdicts against the generator's account labels.

Usage: python -m scripts.evaluate LABELS OUT [--json PATH]

LABELS is the per-account labels parquet written by scripts.make_demo_logs; OUT is a run
directory holding accounts.parquet. Accounts the run did not report count as risk 0 and
not flagged, so that a detector cannot look better by dropping accounts.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
from sklearn.metrics import roc_auc_score


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def evaluate(labels_path: str | Path, out_dir: str | Path) -> dict[str, Any]:
    """Account-level metrics of risk_score and flagged for the is_campaign label."""
    labels = pq.read_table(labels_path, columns=["account_id", "kind", "campaign", "is_campaign"]).to_pylist()
    reported = pq.read_table(Path(out_dir) / "accounts.parquet", columns=["account_id", "risk_score", "flagged"]).to_pylist()
    risk: dict[str, float] = {}
    flagged: dict[str, bool] = {}
    for row in reported:  # an account reported twice keeps its highest risk and any flag
        score = row["risk_score"]
        score = 0.0 if score is None or math.isnan(score) else float(score)
        risk[row["account_id"]] = max(score, risk.get(row["account_id"], 0.0))
        flagged[row["account_id"]] = bool(row["flagged"]) or flagged.get(row["account_id"], False)

    y_true = [bool(row["is_campaign"]) for row in labels]
    y_score = [risk.get(row["account_id"], 0.0) for row in labels]
    y_flag = [flagged.get(row["account_id"], False) for row in labels]
    tp = sum(t and f for t, f in zip(y_true, y_flag))
    fp = sum(f and not t for t, f in zip(y_true, y_flag))
    positives = sum(y_true)
    negatives = len(y_true) - positives

    per_campaign: dict[str, dict[str, Any]] = {}
    fpr_per_kind: dict[str, dict[str, Any]] = {}
    for row, f in zip(labels, y_flag):
        if row["is_campaign"]:
            entry = per_campaign.setdefault(row["campaign"] or "(unnamed)", {"accounts": 0, "flagged": 0})
        else:
            entry = fpr_per_kind.setdefault(row["kind"], {"accounts": 0, "flagged": 0})
        entry["accounts"] += 1
        entry["flagged"] += int(f)
    for entry in per_campaign.values():
        entry["recall"] = _ratio(entry["flagged"], entry["accounts"])
    for entry in fpr_per_kind.values():
        entry["fpr"] = _ratio(entry["flagged"], entry["accounts"])

    labelled = {row["account_id"] for row in labels}
    return {
        "rings": ring_purity(labels, Path(out_dir)),
        "roc_auc": float(roc_auc_score(y_true, y_score)) if 0 < positives < len(y_true) else None,
        "precision": _ratio(tp, tp + fp),
        "recall": _ratio(tp, positives),
        "fpr": _ratio(fp, negatives),
        "per_campaign": dict(sorted(per_campaign.items())),
        "fpr_per_kind": dict(sorted(fpr_per_kind.items())),
        "n_accounts": len(labels),
        "n_campaign_accounts": positives,
        "n_flagged": tp + fp,
        "true_positives": tp,
        "false_positives": fp,
        "n_unlabelled_reported": len(set(risk) - labelled),
    }


def ring_purity(labels: list[dict[str, Any]], out_dir: Path) -> dict[str, Any]:
    """Whether rings are coordination: the campaign share of ring members, and rings that mix campaigns or legit accounts."""
    label_of = {row["account_id"]: row for row in labels}
    members: dict[int, list[dict[str, Any]]] = {}
    for row in pq.read_table(out_dir / "accounts.parquet", columns=["account_id", "ring_id"]).to_pylist():
        if row["ring_id"] is not None and row["ring_id"] >= 0 and row["account_id"] in label_of:
            members.setdefault(row["ring_id"], []).append(label_of[row["account_id"]])
    in_rings = [m for ring in members.values() for m in ring]
    mixed = sum(
        1 for ring in members.values()
        if len({m["campaign"] for m in ring if m["is_campaign"]}) > 1 and any(not m["is_campaign"] for m in ring)
    )
    return {
        "rings": len(members),
        "accounts_in_rings": len(in_rings),
        "campaign_share": _ratio(sum(bool(m["is_campaign"]) for m in in_rings), len(in_rings)),
        "rings_with_legitimate_accounts": sum(1 for ring in members.values() if any(not m["is_campaign"] for m in ring)),
        "rings_mixing_campaigns_and_legitimate": mixed,
    }


def fmt_score(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _table(title: str, header: tuple[str, ...], rows: list[tuple[Any, ...]]) -> str:
    cells = [tuple(str(c) for c in header)] + [tuple(str(c) for c in row) for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    lines = [title]
    for n, r in enumerate(cells):
        lines.append("  " + "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))))
        if n == 0:
            lines.append("  " + "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def report(metrics: dict[str, Any]) -> str:
    """The metrics as plain-text tables."""
    camp = metrics["per_campaign"]
    legit = metrics["fpr_per_kind"]
    camp_rows = [(name, e["accounts"], e["flagged"], fmt_score(e["recall"])) for name, e in camp.items()]
    camp_rows.append(("total", metrics["n_campaign_accounts"], metrics["true_positives"], fmt_score(metrics["recall"])))
    n_legit = metrics["n_accounts"] - metrics["n_campaign_accounts"]
    legit_rows = [(kind, e["accounts"], e["flagged"], fmt_score(e["fpr"])) for kind, e in legit.items()]
    legit_rows.append(("total", n_legit, metrics["false_positives"], fmt_score(metrics["fpr"])))
    summary = [
        ("accounts", metrics["n_accounts"]),
        ("campaign accounts", metrics["n_campaign_accounts"]),
        ("flagged", metrics["n_flagged"]),
        ("ROC-AUC (risk_score)", fmt_score(metrics["roc_auc"])),
        ("precision (flagged)", fmt_score(metrics["precision"])),
        ("recall (flagged)", fmt_score(metrics["recall"])),
        ("false-positive rate", fmt_score(metrics["fpr"])),
        ("rings", metrics["rings"]["rings"]),
        ("campaign share of ring members", fmt_score(metrics["rings"]["campaign_share"])),
        ("rings mixing campaigns with legitimate", metrics["rings"]["rings_mixing_campaigns_and_legitimate"]),
    ]
    parts = [
        _table("Summary", ("metric", "value"), summary),
        _table("Recall per campaign", ("campaign", "accounts", "flagged", "recall"), camp_rows),
        _table("False positives per legitimate kind", ("kind", "accounts", "flagged", "FPR"), legit_rows),
    ]
    if metrics["n_unlabelled_reported"]:
        parts.append(f"note: {metrics['n_unlabelled_reported']} reported accounts are not in the labels and were ignored")
    return "\n\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Score a run's accounts.parquet against account labels.")
    parser.add_argument("labels", help="per-account labels parquet")
    parser.add_argument("out", help="run directory containing accounts.parquet")
    parser.add_argument("--json", help="also write the metrics as JSON to this path")
    args = parser.parse_args(argv)
    for path in (Path(args.labels), Path(args.out) / "accounts.parquet"):
        if not path.is_file():
            print(f"evaluate: missing file {path}", file=sys.stderr)
            return 2
    metrics = evaluate(args.labels, args.out)
    print(report(metrics))
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(metrics, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
