#!/usr/bin/env python3
"""Latency of the investigation commands on a stored run of 500,000 requests.

Usage: python -m scripts.bench_investigate [--run DIR] [--rebuild] [--calls 20] [--json PATH]

The run is synthetic but in the real formats, written the way the pipeline
writes one: the four Parquet tables, centroids, a FAISS index built by
embedcluster.index (HNSW at this size, as `kind: auto` chooses), run.json, and
the lookup database from embedcluster.store. Its vectors are random points
around random cluster centres, so no embedding is needed to build it; a free-text
`similar` still embeds its query with the real model. It is built once and kept.

Each command is then timed on distinct ids through the Python API (one open
store, the model loaded once), through the CLI in-process (typer's runner:
every call opens the run, queries, and renders, as a shell command would, minus
interpreter start-up), and a few times as a shell command in a new interpreter.
The first calls warm caches and are not counted.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from embedcluster import __version__
from embedcluster.config import Config, IndexConfig
from embedcluster.index import build_index
from embedcluster.outputs import RUN_MARKER, StagedOutput
from embedcluster.schema import ACCOUNTS, ASSIGNMENTS, CLUSTERS, TEXTS
from embedcluster.store import STORE_FILE, build_run_database
from scripts.measure import Timer

N_REQUESTS = 500_000
N_ACCOUNTS = 50_000
N_TEXTS = 100_000
N_CLUSTERS = 1_000
N_CAMPAIGNS = 40  # clusters 0..39; each driven by 50 accounts of one ring
CAMPAIGN_ACCOUNTS = 2_000
CAMPAIGN_REQUESTS_EACH = 40
NOISE_TEXTS = 20_000
DIM = 384
DAYS = 30
START = 1_793_577_600_000  # 2026-11-02, ms
MODEL = "all-MiniLM-L6-v2|seq128"
SHELL_CALLS = 5
CAPABILITIES = ("agentic", "software_engineering", "long_horizon_planning", "reasoning_trace")
WORDS = np.array(
    "garden music health recipe sleep cloud budget movie history physics dog cat apple car river tax novel "
    "invoice python kernel latency proof theorem contract lease flight hotel visa salary resume essay".split()
)
FRAMES = (
    "You are an autonomous agent with shell and browser tools. Goal: build a {} in {}. Think step by step.",
    "Solve the following problem and show every intermediate step of your reasoning: {} {}.",
    "Write a complete, production-ready implementation of {} using {}, with tests and a design doc.",
)


# -- a synthetic run in the real formats ------------------------------------------------------------------------


def build_run(out: Path, seed: int = 0) -> None:
    rng = np.random.default_rng(seed)
    text_cluster = _text_clusters(rng)
    vectors, centroids = _vectors(rng, text_cluster)
    assignments = _assignments(rng, text_cluster)
    texts = _texts(rng, text_cluster)
    con = duckdb.connect()
    con.register("a", assignments)
    staged = StagedOutput(out)
    try:
        build_index(vectors, np.arange(N_TEXTS, dtype=np.int64), IndexConfig()).save(staged.file("index"))
        staged.write_table("assignments.parquet", assignments)
        staged.write_table("clusters.parquet", _clusters(con, rng))
        staged.write_table("accounts.parquet", _accounts(con))
        staged.write_table("texts.parquet", texts)
        staged.write_array("centroids.npy", centroids)
        build_run_database(staged.path)
        staged.write_json(RUN_MARKER, _summary())
        staged.commit()
    except BaseException:
        staged.discard()
        raise


def _text_clusters(rng: np.random.Generator) -> np.ndarray:
    """500 texts per campaign cluster, the other clustered texts spread over ordinary clusters, the rest noise."""
    campaign = np.repeat(np.arange(N_CAMPAIGNS), 500)
    ordinary = rng.integers(N_CAMPAIGNS, N_CLUSTERS, N_TEXTS - len(campaign) - NOISE_TEXTS)
    ordinary[: N_CLUSTERS - N_CAMPAIGNS] = np.arange(N_CAMPAIGNS, N_CLUSTERS)  # every cluster has members
    return np.concatenate([campaign, ordinary, np.full(NOISE_TEXTS, -1)]).astype(np.int64)


def _vectors(rng: np.random.Generator, text_cluster: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    centres = _unit(rng.standard_normal((N_CLUSTERS, DIM)).astype(np.float32))
    noise = rng.standard_normal((N_TEXTS, DIM)).astype(np.float32)
    clustered = text_cluster >= 0
    vectors = noise.copy()
    vectors[clustered] = centres[text_cluster[clustered]] * 8 + noise[clustered]
    vectors = _unit(vectors)
    sums = np.zeros((N_CLUSTERS, DIM), np.float32)
    np.add.at(sums, text_cluster[clustered], vectors[clustered])
    return vectors, _unit(sums)


def _unit(x: np.ndarray) -> np.ndarray:
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def _assignments(rng: np.random.Generator, text_cluster: np.ndarray) -> pa.Table:
    """Campaign accounts send 40 requests each into their campaign; others a long-tailed number of ordinary ones."""
    organic_requests = N_REQUESTS - CAMPAIGN_ACCOUNTS * CAMPAIGN_REQUESTS_EACH
    n_organic = N_ACCOUNTS - CAMPAIGN_ACCOUNTS
    weights = rng.lognormal(0, 1.2, n_organic)
    volume = 1 + rng.multinomial(organic_requests - n_organic, weights / weights.sum())
    counts = np.concatenate([np.full(CAMPAIGN_ACCOUNTS, CAMPAIGN_REQUESTS_EACH), volume])
    account = np.repeat(np.arange(N_ACCOUNTS), counts)
    campaign_texts = np.flatnonzero((text_cluster >= 0) & (text_cluster < N_CAMPAIGNS)).reshape(N_CAMPAIGNS, 500)
    other_texts = np.flatnonzero((text_cluster < 0) | (text_cluster >= N_CAMPAIGNS))
    text = other_texts[rng.integers(0, len(other_texts), len(account))]
    in_campaign = account < CAMPAIGN_ACCOUNTS
    text[in_campaign] = campaign_texts[account[in_campaign] % N_CAMPAIGNS, rng.integers(0, 500, int(in_campaign.sum()))]
    day = rng.integers(0, DAYS, len(account))
    day[in_campaign] = account[in_campaign] % 5  # campaigns run for a few days
    timestamp = START + day * 86_400_000 + rng.integers(0, 86_400_000, len(account))
    order = np.argsort(timestamp, kind="stable")
    account, text, timestamp = account[order], text[order], timestamp[order]
    cluster = text_cluster[text]
    campaign = (cluster >= 0) & (cluster < N_CAMPAIGNS)
    return pa.table(
        {
            "request_id": pa.array([f"req-{i:07d}" for i in range(len(account))], pa.string()),
            "account_id": pa.array(_account_ids()[account], pa.string()),
            "timestamp": pa.array(timestamp, pa.int64()).cast(ASSIGNMENTS.field("timestamp").type),
            "template_id": pa.array(text // 8, pa.int64()),
            "cluster_id": pa.array(cluster, pa.int64()),
            "capability": pa.array(np.where(campaign, "agentic", "other"), pa.string()),
            "risk_score": pa.array(np.where(campaign, 0.9, np.where(cluster >= 0, 0.05, 0.0)), pa.float64()),
            "text_id": pa.array(text, pa.int64()),
        },
        schema=ASSIGNMENTS,
    )


def _account_ids() -> np.ndarray:
    return np.array([f"acct-{i:06d}" for i in range(N_ACCOUNTS)], dtype=object)


def _texts(rng: np.random.Generator, text_cluster: np.ndarray) -> pa.Table:
    texts = []
    for text_id, cluster in enumerate(text_cluster):
        words = " ".join(rng.choice(WORDS, rng.integers(6, 30)))
        if 0 <= cluster < N_CAMPAIGNS:
            texts.append(FRAMES[cluster % len(FRAMES)].format(words, f"variant {text_id}"))
        else:
            texts.append(f"{words}?")
    return pa.table(
        {
            "text_id": pa.array(np.arange(N_TEXTS), pa.int64()),
            "template_id": pa.array(np.arange(N_TEXTS) // 8, pa.int64()),
            "cluster_id": pa.array(text_cluster, pa.int64()),
            "text": pa.array(texts, pa.string()),
        },
        schema=TEXTS,
    )


def _clusters(con: duckdb.DuckDBPyConnection, rng: np.random.Generator) -> pa.Table:
    rows = con.sql(
        """
        SELECT cluster_id, count(*) AS size, count(DISTINCT account_id) AS n_accounts,
               count(DISTINCT template_id) AS n_templates, min(timestamp) AS first_seen, max(timestamp) AS last_seen,
               any_value(capability) AS capability, any_value(risk_score) AS risk_score,
               list(request_id ORDER BY request_id)[1:5] AS exemplar_request_ids
        FROM a WHERE cluster_id >= 0 GROUP BY cluster_id ORDER BY cluster_id"""
    ).to_arrow_table()
    campaign = rows.column("cluster_id").to_numpy() < N_CAMPAIGNS
    scores = [list(zip(CAPABILITIES, map(float, np.round(rng.random(4), 4)))) for _ in range(rows.num_rows)]
    templates = [FRAMES[c % len(FRAMES)].format("<slot>", "<slot>") if is_c else "<slot> history <slot>?" for c, is_c in enumerate(campaign)]
    return pa.table(
        {
            **{name: rows.column(name) for name in ("cluster_id", "size", "n_accounts", "n_templates")},
            "first_seen": rows.column("first_seen").cast(CLUSTERS.field("first_seen").type),
            "last_seen": rows.column("last_seen").cast(CLUSTERS.field("last_seen").type),
            "capability": rows.column("capability"),
            "capability_scores": pa.array(scores, CLUSTERS.field("capability_scores").type),
            "template": pa.array(templates, pa.string()),
            "example_slot_values": pa.array([["task one | variant 1", "task two | variant 2"]] * rows.num_rows),
            "risk_score": rows.column("risk_score"),
            "flagged": pa.array(campaign),
            "reasons": pa.array([["coordination 1.00: synthetic campaign"] if c else [] for c in campaign], pa.list_(pa.string())),
            "exemplar_request_ids": rows.column("exemplar_request_ids"),
        },
        schema=CLUSTERS,
    )


def _accounts(con: duckdb.DuckDBPyConnection) -> pa.Table:
    rows = con.sql(
        f"""
        WITH per_cluster AS (
            SELECT account_id, cluster_id, count(*) AS n FROM a WHERE cluster_id >= 0 GROUP BY ALL)
        SELECT a.account_id, count(*) AS n_requests, min(timestamp) AS first_seen, max(timestamp) AS last_seen,
               max(a.risk_score) AS risk_score,
               coalesce((SELECT list(cluster_id ORDER BY n DESC, cluster_id)[1:3] FROM per_cluster p
                         WHERE p.account_id = a.account_id), []::BIGINT[]) AS top_cluster_ids,
               CASE WHEN max(a.risk_score) >= 0.5 THEN CAST(substr(a.account_id, 6) AS BIGINT) % {N_CAMPAIGNS} ELSE -1 END AS ring_id
        FROM a GROUP BY a.account_id ORDER BY a.account_id"""
    ).to_arrow_table()
    flagged = rows.column("ring_id").to_numpy() >= 0
    return pa.table(
        {
            **{name: rows.column(name) for name in ("account_id", "n_requests", "risk_score", "top_cluster_ids", "ring_id")},
            "first_seen": rows.column("first_seen").cast(ACCOUNTS.field("first_seen").type),
            "last_seen": rows.column("last_seen").cast(ACCOUNTS.field("last_seen").type),
            "flagged": pa.array(flagged),
            "reasons": pa.array([["in a synthetic campaign"] if f else [] for f in flagged], pa.list_(pa.string())),
        },
    ).select(ACCOUNTS.names).cast(ACCOUNTS)


def _summary() -> dict:
    return {
        "started_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "inputs": ["synthetic (scripts/bench_investigate.py)"],
        "counts": {"accepted": N_REQUESTS, "distinct_texts": N_TEXTS, "clusters": N_CLUSTERS, "accounts": N_ACCOUNTS},
        "timings_s": {},
        "versions": {"embedcluster": __version__, "model": MODEL},
        "config_digest": Config().digest(),
        "index_kind": "hnsw",
        "hdbscan_points": 0,
    }


# -- timing -----------------------------------------------------------------------------------------------------


def timed(call: Callable[[str], object], ids: list[str], warmup: int = 2) -> dict[str, float]:
    """Median and p95 in ms over `ids`, after `warmup` uncounted calls."""
    for key in ids[:warmup]:
        call(key)
    times = []
    for key in ids[warmup:]:
        with Timer() as timer:
            call(key)
        times.append(timer.wall * 1000)
    return {"median_ms": round(statistics.median(times), 1), "p95_ms": round(float(np.percentile(times, 95)), 1), "calls": len(times)}


def measure(run: Path, calls: int) -> list[dict]:
    from typer.testing import CliRunner

    from embedcluster.cli import app
    from embedcluster.embed import SentenceTransformerEmbedder
    from embedcluster.investigate import account_report, cluster_report, similar_prompts
    from embedcluster.store import open_run

    rng = np.random.default_rng(1)
    n = calls + 2
    half = n // 2  # half campaign accounts (many siblings), half ordinary ones
    accounts = [f"acct-{i:06d}" for i in rng.choice(CAMPAIGN_ACCOUNTS, half, replace=False)]
    accounts += [f"acct-{i:06d}" for i in rng.choice(np.arange(CAMPAIGN_ACCOUNTS, N_ACCOUNTS), n - half, replace=False)]
    clusters = [str(c) for c in rng.choice(N_CLUSTERS, n, replace=False)]
    requests = [f"req-{i:07d}" for i in rng.choice(N_REQUESTS, n, replace=False)]
    prompts = [f"{FRAMES[i % 3].format(' '.join(rng.choice(WORDS, 8)), 'Rust')} ({i})" for i in range(n)]
    unknown = [f"acct-{i:06d}x" for i in range(n)]

    embedder = SentenceTransformerEmbedder(Config().embed)
    runner = CliRunner()

    def cli(*args: str, expect: int = 0) -> None:
        result = runner.invoke(app, [*args, "--run", str(run)])
        if result.exit_code != expect:
            raise RuntimeError(f"{args}: exit {result.exit_code}: {result.stderr}")

    results = []
    with open_run(run) as store:
        api: dict[str, tuple[Callable[[str], object], list[str]]] = {
            "investigate ACCOUNT": (lambda a: account_report(store, a), accounts),
            "cluster CLUSTER": (lambda c: cluster_report(store, int(c)), clusters),
            "similar --request-id": (lambda r: similar_prompts(store, request_id=r), requests),
            "similar TEXT": (lambda t: similar_prompts(store, text=t, embedder=embedder), prompts),
        }
        for command, (call, ids) in api.items():
            results.append({"command": command, "via": "api", **timed(call, ids)})
    cli_calls: dict[str, tuple[Callable[[str], None], list[str]]] = {
        "investigate ACCOUNT": (lambda a: cli("investigate", a), accounts),
        "investigate --json": (lambda a: cli("investigate", a, "--json"), accounts),
        "investigate --html": (lambda a: cli("investigate", a, "--html", str(run.parent / "case.html")), accounts),
        "investigate UNKNOWN": (lambda a: cli("investigate", a, expect=2), unknown),
        "cluster CLUSTER": (lambda c: cli("cluster", c), clusters),
        "similar --request-id": (lambda r: cli("similar", "--request-id", r), requests),
        "similar UNKNOWN": (lambda r: cli("similar", "--request-id", f"{r}x", expect=2), requests),
        "similar TEXT": (lambda t: cli("similar", t), prompts),
    }
    for command, (call, ids) in cli_calls.items():
        results.append({"command": command, "via": "cli", **timed(call, ids)})

    def shell(*args: str) -> None:
        command = [sys.executable, "-m", "embedcluster.cli", *args, "--run", str(run)]
        subprocess.run(command, capture_output=True, check=True, timeout=120)

    shell_calls: dict[str, tuple[Callable[[str], None], list[str]]] = {
        "investigate ACCOUNT": (lambda a: shell("investigate", a), accounts[: SHELL_CALLS + 1]),
        "cluster CLUSTER": (lambda c: shell("cluster", c), clusters[: SHELL_CALLS + 1]),
        "similar --request-id": (lambda r: shell("similar", "--request-id", r), requests[: SHELL_CALLS + 1]),
        "similar TEXT": (lambda t: shell("similar", t), prompts[: SHELL_CALLS + 1]),
    }
    for command, (call, ids) in shell_calls.items():
        results.append({"command": command, "via": "shell", **timed(call, ids, warmup=1)})
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time the investigation commands on a 500,000-request run.")
    parser.add_argument("--run", type=Path, default=Path("bench_out/run-500k"), help="where the run is kept")
    parser.add_argument("--rebuild", action="store_true", help="build the run again even if it exists")
    parser.add_argument("--calls", type=int, default=20, help="timed calls per command, each on a distinct id")
    parser.add_argument("--json", type=Path, default=Path("bench_out/bench_investigate.json"), help="results file")
    args = parser.parse_args(argv)
    build_s = None
    if args.rebuild or not (args.run / RUN_MARKER).is_file():
        with Timer() as timer:
            build_run(args.run)
        build_s = round(timer.wall, 1)
    results = measure(args.run, args.calls)
    store_mb = round((args.run / STORE_FILE).stat().st_size / 2**20, 1)
    print(f"run: {args.run} · {N_REQUESTS:,} requests · {N_ACCOUNTS:,} accounts · {N_TEXTS:,} texts · "
          f"{N_CLUSTERS:,} clusters · {STORE_FILE} {store_mb} MiB" + (f" · built in {build_s} s" if build_s else ""))
    print(f"{'command':<22} {'via':<5} {'median ms':>10} {'p95 ms':>8} {'calls':>6}")
    for row in results:
        print(f"{row['command']:<22} {row['via']:<5} {row['median_ms']:>10.1f} {row['p95_ms']:>8.1f} {row['calls']:>6}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    payload = {"requests": N_REQUESTS, "accounts": N_ACCOUNTS, "texts": N_TEXTS, "clusters": N_CLUSTERS,
               "store_mib": store_mb, "build_s": build_s, "results": results}  # fmt: skip
    args.json.write_text(json.dumps(payload, indent=2) + "\n")
    slow = [r for r in results if r["via"] != "shell" and r["median_ms"] >= 1000]
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
