#!/usr/bin/env python3
"""Extreme inputs through the real pipeline: wall time and peak memory.

Usage: python -m scripts.bench_extremes [--rows 1000000] [--work DIR]

Two logs of `rows` requests, each run by `embedcluster run` (the CLI) with the
real model, FAISS, UMAP and HDBSCAN: one-character prompts (a few dozen distinct
texts, a tenth of them invisible and so rejected), and every request from its own
account with its own short prompt family. Each run is its own process, so its
peak resident memory is its own.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

import orjson

from scripts.measure import run_child

CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789éßжд字\u200b "
START_S = 1_793_577_600  # 2026-11-02


def _write(path: Path, rows: int, prompt_of: Callable[[int], str], account_of: Callable[[int], str]) -> None:
    with path.open("wb") as out:
        for i in range(rows):
            row = {"request_id": f"r{i}", "account_id": account_of(i), "timestamp": START_S + i % 86_400, "prompt": prompt_of(i)}
            out.write(orjson.dumps(row) + b"\n")


def _run(log: Path, out: Path, cache: Path) -> dict:
    """One `embedcluster run` in its own process: wall time, its peak RSS, and its counts."""
    config = out.parent / f"{out.name}.yaml"
    config.write_text(f"embed:\n  cache_dir: {cache}\nreport:\n  html: false\n")
    child = run_child([sys.executable, "-m", "embedcluster.cli", "run", str(log), "--out", str(out), "--config", str(config)])
    if child.returncode != 0:
        raise SystemExit(f"run failed: {child.stderr_tail}")
    counts = json.loads((out / "run.json").read_text())["counts"]
    return {"wall_s": round(child.wall_s, 1), "peak_rss_mib": round(child.peak_rss_bytes / 2**20), "counts": counts}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--work", type=Path, default=Path("bench_out/extremes"))
    args = parser.parse_args()
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    cases = {
        "one-character prompts": (lambda i: CHARS[i % len(CHARS)], lambda i: f"acct{i % 997}"),
        "every request its own account": (lambda i: f"question {i % 500} about topic {i % 7}", lambda i: f"acct{i}"),
    }
    results = {}
    for name, (prompt_of, account_of) in cases.items():
        slug = name.replace(" ", "-")
        log = work / f"{slug}.jsonl"
        _write(log, args.rows, prompt_of, account_of)
        results[name] = _run(log, work / slug, work / "cache")
        c = results[name]["counts"]
        print(f"{name:<32} rows {c['rows_read']:>9,}  accepted {c['accepted']:>9,}  rejected {c['rejected']:>7,}  "
              f"distinct {c['distinct_texts']:>6,}  wall {results[name]['wall_s']:>7} s  peak {results[name]['peak_rss_mib']:>6} MiB")
    (work / "results.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
