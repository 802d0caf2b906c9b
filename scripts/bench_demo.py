#!/usr/bin/env python3
"""The run stage of `make demo`: `embedcluster run` on the demo log, each time as its own fresh process.

Usage: python -m scripts.bench_demo [--runs 3] [--log data/demo/requests.jsonl.gz]

Run after `make setup` (which compiles the clustering kernels and distils the
static token table, as on a fresh clone). Each run writes to a new folder with
an empty embedding cache of its own, as a first run on a new machine has. Prints wall seconds, peak memory and the
stage seconds of each run, and the detection of the first (scripts.evaluate);
`make data/demo/requests.jsonl.gz` writes the log when it is missing.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

from scripts.evaluate import evaluate, fmt_score
from scripts.measure import run_child

DEMO_LOG = Path("data/demo/requests.jsonl.gz")
DEMO_LABELS = Path("data/demo/labels.parquet")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--log", type=Path, default=DEMO_LOG)
    parser.add_argument("--labels", type=Path, default=DEMO_LABELS)
    args = parser.parse_args(argv)
    if not args.log.exists():
        print(f"{args.log} is missing: `make data/demo/requests.jsonl.gz` writes it", file=sys.stderr)
        return 2
    beside = Path(sys.executable).with_name("embedcluster")  # the entry point of this interpreter's environment
    command = str(beside) if beside.exists() else shutil.which("embedcluster") or "embedcluster"
    work = Path(tempfile.mkdtemp(prefix="embedcluster-bench-demo-"))
    for n in range(1, args.runs + 1):
        out, config = work / f"run-{n}", work / f"cache-{n}.yaml"
        config.write_text(f"embed:\n  cache_dir: {work / f'cache-{n}'}\n")  # an empty embedding cache, as a first run has
        child = run_child([command, "run", str(args.log), "--out", str(out), "--config", str(config)])
        if child.returncode != 0:
            print(f"run {n} failed ({child.returncode}): {child.stderr_tail}", file=sys.stderr)
            return 1
        stages = json.loads((out / "run.json").read_text())["timings_s"]
        print(f"run {n}: {child.wall_s:.1f} s wall, peak {child.peak_rss_bytes / 2**30:.2f} GiB; "
              + ", ".join(f"{stage} {seconds:.1f}" for stage, seconds in stages.items()))
    scores = evaluate(args.labels, work / "run-1")
    print(f"run 1: precision {fmt_score(scores['precision'])}, recall {fmt_score(scores['recall'])}, "
          f"ROC-AUC {fmt_score(scores['roc_auc'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
