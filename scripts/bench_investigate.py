#!/usr/bin/env python3
"""Latency of the investigation commands on a stored run of a generated log.

Usage: python -m scripts.bench_investigate [--requests 500000] [--run DIR] [--rebuild] [--calls 20] [--json PATH]

The run is made the way a user makes one: a log from the demo generator
(scripts.demo_logs, every template set, no pasted files) and
`embedcluster.run` with the packaged defaults, its embedding cache beside the run.
It is built once per size and kept. Building costs mostly the transformer over the
points clustering samples (at most `clusters.max_points`, 30,000): on two shared CPU
cores 3,000 requests took 3.5 minutes, and a 500,000-request run, which reaches that
cap, should take on the order of half an hour; `--requests 3000` checks the script.

Each command is then timed on distinct ids drawn from the run (half the accounts
from rings where the run has them) through the Python API (one open store, the run's embedder
loaded once), through the CLI in-process (typer's runner: every call opens the
run, queries, and renders, as a shell command would, minus interpreter start-up),
and a few times as a shell command in a new interpreter. The first calls warm
caches and are not counted.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow.compute as pc
import pyarrow.parquet as pq

import embedcluster
from embedcluster.config import Config
from embedcluster.schema import RUN_MARKER
from embedcluster.store import STORE_FILE
from scripts.demo_logs.writer import generate
from scripts.measure import Timer

SEED = 17
DAYS = 7
SHELL_CALLS = 5

Call = Callable[[str], object]


# -- the run, made through the public path ----------------------------------------------------------------------


def build_run(requests: int, run_dir: Path) -> None:
    """A generated log of `requests` rows, then `embedcluster.run` over it into `run_dir`."""
    work = run_dir.parent
    log = work / f"log-{requests}.jsonl.gz"
    if not log.exists():
        generate(SEED, requests, log, days=DAYS, split="all")
    config = Config.model_validate({"embed": {"cache_dir": str((work / "cache").resolve())}})
    embedcluster.run([str(log)], run_dir, config)


@dataclass
class Ids:
    """Distinct ids of each kind to time the commands on, drawn from the run itself."""

    accounts: list[str]
    clusters: list[str]
    requests: list[str]
    prompts: list[str]  # stored prompts with a suffix: unseen text, so `similar` embeds it
    unknown: list[str]


def _draw(rng: np.random.Generator, pool: list, n: int) -> list:
    """`n` of `pool`, distinct while the pool lasts."""
    return [pool[i] for i in rng.choice(len(pool), n, replace=len(pool) < n)] if pool else []


def draw_ids(run_dir: Path, n: int, seed: int = 1) -> Ids:
    """Ids every command can be timed on, read from the run's own tables, so any size of run serves."""
    rng = np.random.default_rng(seed)
    accounts = pq.read_table(run_dir / "accounts.parquet", columns=["account_id", "ring_id"])
    in_ring = pc.greater_equal(accounts.column("ring_id"), 0)
    ring = accounts.filter(in_ring).column("account_id").to_pylist()
    other = accounts.filter(pc.invert(in_ring)).column("account_id").to_pylist()
    half = min(n // 2, len(ring))  # campaign accounts have many siblings; ordinary ones none
    chosen = _draw(rng, ring, half) + _draw(rng, other, n - half)
    clusters = pq.read_table(run_dir / "clusters.parquet", columns=["cluster_id"]).column("cluster_id").to_pylist()
    request_ids = pq.read_table(run_dir / "assignments.parquet", columns=["request_id"]).column("request_id").to_pylist()
    texts = pq.read_table(run_dir / "texts.parquet", columns=["text"]).column("text").to_pylist()
    return Ids(
        accounts=chosen,
        clusters=[str(c) for c in _draw(rng, clusters, n)],
        requests=_draw(rng, request_ids, n),
        prompts=[f"{text} ({i})" for i, text in enumerate(_draw(rng, texts, n))],
        unknown=[f"{a}x" for a in chosen],
    )


# -- timing -----------------------------------------------------------------------------------------------------


def timed(call: Call, ids: list[str], warmup: int = 2) -> dict[str, float]:
    """Median and p95 in ms over `ids`, after `warmup` uncounted calls."""
    for key in ids[:warmup]:
        call(key)
    times = []
    for key in ids[warmup:]:
        with Timer() as timer:
            call(key)
        times.append(timer.wall * 1000)
    return {"median_ms": round(statistics.median(times), 1), "p95_ms": round(float(np.percentile(times, 95)), 1), "calls": len(times)}


def api_calls(run_dir: Path, ids: Ids) -> list[dict]:
    """Through the Python API: one open store, the run's own embedder loaded once."""
    from embedcluster.embed import make_embedder
    from embedcluster.investigate import account_report, cluster_report, similar_prompts
    from embedcluster.store import open_run

    with open_run(run_dir) as store:
        embedder = make_embedder(store.config().embed)
        calls: dict[str, tuple[Call, list[str]]] = {
            "investigate ACCOUNT": (lambda a: account_report(store, a), ids.accounts),
            "cluster CLUSTER": (lambda c: cluster_report(store, int(c)), ids.clusters),
            "similar --request-id": (lambda r: similar_prompts(store, request_id=r), ids.requests),
            "similar TEXT": (lambda t: similar_prompts(store, text=t, embedder=embedder), ids.prompts),
        }
        return [{"command": command, "via": "api", **timed(call, keys)} for command, (call, keys) in calls.items()]


def cli_calls(run_dir: Path, ids: Ids) -> list[dict]:
    """Through the CLI in-process: each call opens the run and renders, as a shell command would."""
    from typer.testing import CliRunner

    from embedcluster.cli import app

    runner = CliRunner()

    def cli(*args: str, expect: int = 0) -> None:
        result = runner.invoke(app, [*args, "--run", str(run_dir)])
        if result.exit_code != expect:
            raise RuntimeError(f"{args}: exit {result.exit_code}: {result.stderr}")

    calls: dict[str, tuple[Call, list[str]]] = {
        "investigate ACCOUNT": (lambda a: cli("investigate", a), ids.accounts),
        "investigate --json": (lambda a: cli("investigate", a, "--json"), ids.accounts),
        "investigate --html": (lambda a: cli("investigate", a, "--html", str(run_dir.parent / "case.html")), ids.accounts),
        "investigate UNKNOWN": (lambda a: cli("investigate", a, expect=2), ids.unknown),
        "cluster CLUSTER": (lambda c: cli("cluster", c), ids.clusters),
        "similar --request-id": (lambda r: cli("similar", "--request-id", r), ids.requests),
        "similar UNKNOWN": (lambda r: cli("similar", "--request-id", f"{r}x", expect=2), ids.requests),
        "similar TEXT": (lambda t: cli("similar", t), ids.prompts),
    }
    return [{"command": command, "via": "cli", **timed(call, keys)} for command, (call, keys) in calls.items()]


def shell_calls(run_dir: Path, ids: Ids) -> list[dict]:
    """A few calls as shell commands, interpreter start-up and imports included."""

    def shell(*args: str) -> None:
        command = [sys.executable, "-m", "embedcluster.cli", *args, "--run", str(run_dir)]
        subprocess.run(command, capture_output=True, check=True, timeout=120)

    few = SHELL_CALLS + 1
    calls: dict[str, tuple[Call, list[str]]] = {
        "investigate ACCOUNT": (lambda a: shell("investigate", a), ids.accounts[:few]),
        "cluster CLUSTER": (lambda c: shell("cluster", c), ids.clusters[:few]),
        "similar --request-id": (lambda r: shell("similar", "--request-id", r), ids.requests[:few]),
        "similar TEXT": (lambda t: shell("similar", t), ids.prompts[:few]),
    }
    return [{"command": command, "via": "shell", **timed(call, keys, warmup=1)} for command, (call, keys) in calls.items()]


# -- the command line -------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=500_000, help="rows of the generated log the run is made from")
    parser.add_argument("--run", type=Path, help="where the run is kept (default: bench_out/investigate/run-REQUESTS)")
    parser.add_argument("--rebuild", action="store_true", help="build the run again even if it exists")
    parser.add_argument("--calls", type=int, default=20, help="timed calls per command, each on a distinct id")
    parser.add_argument("--json", type=Path, default=Path("bench_out/bench_investigate.json"), help="results file")
    args = parser.parse_args(argv)
    run_dir = args.run or Path(f"bench_out/investigate/run-{args.requests}")
    build_s = None
    if args.rebuild or not (run_dir / RUN_MARKER).is_file():
        with Timer() as timer:
            build_run(args.requests, run_dir)
        build_s = round(timer.wall, 1)
    ids = draw_ids(run_dir, args.calls + 2)
    results = api_calls(run_dir, ids) + cli_calls(run_dir, ids) + shell_calls(run_dir, ids)
    counts = json.loads((run_dir / RUN_MARKER).read_text())["counts"]
    store_mb = round((run_dir / STORE_FILE).stat().st_size / 2**20, 1)
    print(f"run: {run_dir} · {counts['accepted']:,} requests · {counts['accounts']:,} accounts · "
          f"{counts['distinct_texts']:,} texts · {counts['clusters']:,} clusters · {STORE_FILE} {store_mb} MiB"
          + (f" · built in {build_s} s" if build_s else ""))
    print(f"{'command':<22} {'via':<5} {'median ms':>10} {'p95 ms':>8} {'calls':>6}")
    for row in results:
        print(f"{row['command']:<22} {row['via']:<5} {row['median_ms']:>10.1f} {row['p95_ms']:>8.1f} {row['calls']:>6}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    payload = {"counts": counts, "store_mib": store_mb, "build_s": build_s, "results": results}
    args.json.write_text(json.dumps(payload, indent=2) + "\n")
    slow = [r for r in results if r["via"] != "shell" and r["median_ms"] >= 1000]
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
