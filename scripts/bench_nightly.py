#!/usr/bin/env python3
"""A nightly run on top of an existing state, and the throughput of `assign` and of `POST /assign`.

Usage: python -m scripts.bench_nightly [--state-requests 1000000] [--night-requests 100000] [--days 14] [--work DIR] [--json PATH]

Generates a labelled log (scripts.make_demo_logs) over `days` + 1 days, of
state + night requests or more, so that its last day holds `night-requests`;
splits it by day, builds the state from all days but the last, then times
the last night as its own `embedcluster run --state` process (wall time and peak
memory of that process) and scores that night's accounts (the whole window)
against the generator's labels. Then, with the model loaded once: `assign` over the
night's requests (all stored: exact hits) and over a fresh log of unseen
requests, in process; and `POST /assign` over a real socket in batches of 256.
Everything is the real stack. On two CPU cores a 1,000,000-request state takes
about 40 minutes to build (README, Nightly runs with state).
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import socket
import sys
import threading
import time
from pathlib import Path

import orjson

from embedcluster.assignment import Assigner
from embedcluster.config import Config
from embedcluster.embed import Embedder, make_embedders
from embedcluster.nightly import run_night
from embedcluster.state import StateDir
from scripts.evaluate import evaluate
from scripts.demo_logs.writer import generate
from scripts.measure import Timer, run_child
from scripts.split_log_by_day import split_by_day

BATCH = 256


def _rows(path: Path) -> list[dict]:
    """The well-formed rows of a log (the generator also writes malformed ones, which runs set aside)."""
    rows = []
    for line in path.read_bytes().splitlines():
        try:
            row = orjson.loads(line)
        except orjson.JSONDecodeError:
            continue
        if isinstance(row, dict):
            rows.append(row)
    return rows


def _generate(
    state_requests: int, night_requests: int, days: int, long_context: float, log: Path, labels: Path, days_dir: Path
) -> list[Path]:
    """The log split by day, generated large enough that its last day (the measured night) holds `night_requests`.

    The generator spreads rows over one day more than the state spans, unevenly: campaigns start
    and stop inside the span, so the edge days run light. A short last day means a larger log."""
    total = state_requests + night_requests
    while True:
        generate(seed=41, size=total, out=log, labels=labels, days=days + 1, split="all", long_context=long_context)
        shutil.rmtree(days_dir, ignore_errors=True)
        nights = split_by_day(log, days_dir)
        last = len(_rows(nights[-1]))
        if last >= night_requests:
            return nights
        total = math.ceil(total * night_requests / max(last, 1) * 1.02)
        print(f"last day holds {last:,} requests; generating {total:,}", file=sys.stderr, flush=True)


def _night_process(day: Path, state: Path, config_file: Path) -> dict:
    """The measured night as its own CLI process: wall time and that process's peak RSS."""
    child = run_child(
        [sys.executable, "-m", "embedcluster.cli", "run", str(day), "--state", str(state), "--config", str(config_file)]
    )
    if child.returncode != 0:
        raise SystemExit(f"nightly run failed: {child.stderr_tail}")
    return {"wall_s": round(child.wall_s, 1), "peak_rss_gib": round(child.peak_rss_bytes / 2**30, 2)}


def _assign_rate(assigner: Assigner, rows: list[dict]) -> float:
    with Timer() as timer:
        for start in range(0, len(rows), BATCH):
            assigner.assign_rows(rows[start : start + BATCH])
    return len(rows) / timer.wall


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _http_rate(state: Path, config: Config, embedder: Embedder, rows: list[dict]) -> float:
    import http.client

    import uvicorn

    from embedcluster.serve import create_app

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(state, config=config, embedder=embedder), port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)

    def post(batch: list[dict]) -> None:
        connection.request("POST", "/assign", orjson.dumps({"requests": batch}), {"Content-Type": "application/json"})
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            raise SystemExit(f"POST /assign answered {response.status}")

    try:
        post(rows[:BATCH])
        with Timer() as timer:
            for start in range(0, len(rows), BATCH):
                post(rows[start : start + BATCH])
        return len(rows) / timer.wall
    finally:
        connection.close()
        server.should_exit = True
        thread.join()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--state-requests", type=int, default=1_000_000)
    parser.add_argument("--night-requests", type=int, default=100_000)
    parser.add_argument("--days", type=int, default=14, help="days the state spans before the measured night")
    parser.add_argument("--long-context", type=float, default=0.5,
                        help="fraction of requests carrying a pasted file or document (bench.py uses 0.5)")
    parser.add_argument("--work", type=Path, default=Path("bench_out/nightly"))
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()

    work = args.work
    work.mkdir(parents=True, exist_ok=True)
    config_file = work / "nightly.yaml"
    config_file.write_text(f"embed:\n  cache_dir: {(work / 'cache').resolve()}\n")
    config = Config.model_validate({"embed": {"cache_dir": str((work / "cache").resolve())}})
    log, labels = work / "log.jsonl", work / "labels.parquet"
    nights = _generate(args.state_requests, args.night_requests, args.days, args.long_context, log, labels, work / "days")
    state = work / "state"
    embedder, point_embedder = make_embedders(config.embed)
    with Timer() as build:
        for number, day in enumerate(nights[:-1], 1):
            with Timer() as night:
                done = run_night([str(day)], state, config, embedder=embedder, point_embedder=point_embedder)
            print(f"state night {number}/{len(nights) - 1}: {done.summary['counts'].get('accepted', 0):,} requests, "
                  f"window {done.summary['counts'].get('window_requests', 0):,}, "
                  f"{night.wall:,.0f} s", file=sys.stderr, flush=True)
    build_s = build.wall
    state_requests = sum(len(_rows(day)) for day in nights[:-1])
    night_rows = _rows(nights[-1])
    measured = _night_process(nights[-1], state, config_file)
    metrics = evaluate(labels, StateDir(state).require_current().path)
    detection = {k: metrics[k] for k in ("roc_auc", "precision", "recall", "fpr")}

    fresh_log = work / "fresh.jsonl"
    generate(seed=43, size=min(len(night_rows), 20_000), out=fresh_log, days=1, start="2027-01-01", split="all",
             long_context=args.long_context)
    fresh_rows = _rows(fresh_log)
    assigner = Assigner(state, config, embedder)
    stored_rate = _assign_rate(assigner, night_rows)
    fresh_rate = _assign_rate(assigner, fresh_rows)
    assigner.close()
    http_rate = _http_rate(state, config, embedder, fresh_rows)

    result = {
        "state_requests": state_requests,
        "night_requests": len(night_rows),
        "long_context": args.long_context,
        "state_build_s": round(build_s, 1),
        "night": measured,
        "detection_over_window": detection,
        "assign_stored_rps": round(stored_rate, 1),
        "assign_unseen_rps": round(fresh_rate, 1),
        "http_assign_unseen_rps": round(http_rate, 1),
    }
    print(f"{'measure':<34}{'value':>14}")
    for key, value in (
        ("requests in the state", f"{state_requests:,}"),
        ("requests in the measured night", f"{len(night_rows):,}"),
        ("nightly run wall time", f"{measured['wall_s']} s"),
        ("nightly run peak memory", f"{measured['peak_rss_gib']} GiB"),
        ("assign, stored prompts", f"{stored_rate:,.0f} req/s"),
        ("assign, unseen prompts", f"{fresh_rate:,.0f} req/s"),
        ("POST /assign, unseen prompts", f"{http_rate:,.0f} req/s"),
        *((f"window accounts: {k}", f"{v:.3f}") for k, v in detection.items() if v is not None),
    ):
        print(f"{key:<34}{value:>14}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
