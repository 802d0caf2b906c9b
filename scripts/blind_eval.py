"""Dev and blind figures side by side: the detector judged on logs nobody tuned it on.

Usage: python -m scripts.blind_eval --dev-seeds 7 --blind-seeds 303 404 --requests 50000 --work DIR [--json PATH]

Dev logs come from scripts/demo_logs (`--hard 0.35`: popular asks, harness users'
common tasks, viral jailbreaks, a sparse campaign; `--dev-split` chooses which
phenomena); blind logs from scripts/blind, written from a description of real
traffic by a helper that never read the detector. Each log runs through
`embedcluster.run` with the packaged defaults and a cold embedding cache, then
scripts/evaluate.py scores it. Fix every threshold before running a new blind
seed; a blind seed once scored belongs to the dev pool.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from embedcluster import load_config, run
from scripts.blind.generate import main as generate_blind
from scripts.demo_logs.writer import generate as generate_dev
from scripts.evaluate import evaluate
from scripts.measure import Timer


def _log(kind: str, seed: int, requests: int, split: str, work: Path) -> tuple[Path, Path]:
    """The log and labels of one seed, generated once and kept in `work`."""
    log, labels = work / f"{kind}-{seed}.jsonl.gz", work / f"{kind}-{seed}.labels.parquet"
    if not (log.exists() and labels.exists()):
        if kind == "blind":
            generate_blind(["--seed", str(seed), "--requests", str(requests), "--out", str(log), "--labels", str(labels)])
        else:
            generate_dev(seed=seed, size=requests, out=log, labels=labels, split=split, hard=0.35)
    return log, labels


def judge(kind: str, seed: int, requests: int, split: str, work: Path) -> dict[str, Any]:
    log, labels = _log(kind, seed, requests, split, work)
    config = load_config().model_copy(
        update={"embed": load_config().embed.model_copy(update={"cache_dir": work / f"cache-{kind}-{seed}"})}
    )
    with Timer() as timer:
        result = run([str(log)], work / f"run-{kind}-{seed}", config)
    metrics = evaluate(labels, work / f"run-{kind}-{seed}")
    metrics["wall_s"] = round(timer.wall, 1)
    metrics["calibration"] = result.summary["calibration"]
    return metrics


def _rate(entry: dict[str, Any], key: str) -> str:
    return f"{entry[key]:.3f} ({entry['flagged']}/{entry['accounts']})"


def table(results: dict[str, dict[str, Any]]) -> str:
    """One markdown table: a column per log, a row per measure."""
    names = list(results)
    rows: list[tuple[str, list[str]]] = [
        ("account ROC-AUC", [f"{r['roc_auc']:.3f}" for r in results.values()]),
        ("precision / recall of flagged", [f"{r['precision'] or 0:.3f} / {r['recall']:.3f}" for r in results.values()]),
        ("false-positive rate, all legitimate", [f"{r['fpr']:.4f} ({r['false_positives']})" for r in results.values()]),
        ("expected false flags (calibration)", [f"{r['calibration']['expected_false_flags']}" for r in results.values()]),
        ("accounts in rings that are campaign accounts", [f"{r['rings']['campaign_share'] or 0:.3f}" for r in results.values()]),
        ("rings mixing campaigns with legitimate", [str(r["rings"]["rings_mixing_campaigns_and_legitimate"]) for r in results.values()]),
        ("wall s", [str(r["wall_s"]) for r in results.values()]),
    ]
    kinds = sorted({k for r in results.values() for k in r["fpr_per_kind"]})
    rows += [(f"FPR {k}", [_rate(r["fpr_per_kind"][k], "fpr") if k in r["fpr_per_kind"] else "–" for r in results.values()]) for k in kinds]
    campaigns = sorted({c for r in results.values() for c in r["per_campaign"]})
    rows += [(f"recall {c}", [_rate(r["per_campaign"][c], "recall") if c in r["per_campaign"] else "–" for r in results.values()]) for c in campaigns]
    lines = ["| measure | " + " | ".join(names) + " |", "|---|" + "---:|" * len(names)]
    lines += [f"| {label} | " + " | ".join(cells) + " |" for label, cells in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Dev and blind figures side by side.")
    parser.add_argument("--dev-seeds", type=int, nargs="*", default=[7])
    parser.add_argument("--dev-split", default="holdout", choices=["dev", "holdout", "all"])
    parser.add_argument("--blind-seeds", type=int, nargs="*", default=[303, 404])
    parser.add_argument("--requests", type=int, default=50_000)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    results = {}
    for kind, seeds in (("dev", args.dev_seeds), ("blind", args.blind_seeds)):
        for seed in seeds:
            results[f"{kind} {seed}"] = judge(kind, seed, args.requests, args.dev_split, args.work)
            print(f"{kind} {seed}: done in {results[f'{kind} {seed}']['wall_s']} s", file=sys.stderr)
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
