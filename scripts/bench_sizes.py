#!/usr/bin/env python3
"""Speed, memory and detection of `embedcluster run` at several sizes, beside a MinHash-LSH pass on each log.

Usage: python -m scripts.bench_sizes [--sizes 30000 100000 1000000] [--seed 11] [--work DIR] [--json PATH]
                                    [--reference-up-to N]

For each size: a labelled held-out log as scripts.bench writes it (half of the
requests carry a pasted file or document), then, in this one process,
`embedcluster run` with an empty embedding cache, and a near-duplicate pass of
MinHash-LSH (datasketch: word 5-shingles, 128 permutations, Jaccard 0.5, the
prompts that share an LSH bucket grouped into connected components) over the
same log. Before the first size a small log is run once and the clustering
kernels are compiled, so that the model, the static token table and compiled
code are warm, as in a nightly service; the embedding cache of the timed runs
is empty, as for a new night.

Prints, per size: wall and CPU seconds, requests per second, peak resident
memory, ingest rows per second, seconds per stage, detection (scripts.evaluate)
and the MinHash pass's wall and CPU seconds with the ratio.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from array import array
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
from datasketch import MinHash, MinHashLSH
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from embedcluster.clusters import compile_kernels
from embedcluster.config import Config, IngestConfig, load_config
from embedcluster.ingest import task_text, user_turns
from embedcluster.readers import expand_inputs, read_chunks
from scripts.bench import LONG_CONTEXT, SPLIT, embedcluster_run, machine, measure
from scripts.demo_logs.writer import generate
from scripts.evaluate import fmt_score
from scripts.measure import Timer

WARM_UP_REQUESTS = 3_000
SHINGLE_WORDS = 5
PERMUTATIONS = 128
JACCARD = 0.5


def minhash_groups(log: Path, cfg: IngestConfig) -> dict[str, Any]:
    """The reference: every readable prompt's word 5-shingles through MinHash-LSH; near-duplicates grouped.

    Signatures are made a chunk at a time, and the groups come from each band's buckets (the prompts that
    `MinHashLSH.query` would return for one another share a bucket in some band), so that neither every
    prompt's shingles nor every near-duplicate pair is held at once: a million templated prompts make
    billions of pairs."""
    lsh = MinHashLSH(threshold=JACCARD, num_perm=PERMUTATIONS)
    prompts = 0
    with lsh.insertion_session() as session:
        for texts in _prompt_chunks(log, cfg):
            for signature in MinHash.bulk([_shingles(text) for text in texts], num_perm=PERMUTATIONS):
                session.insert(prompts, signature, check_duplication=False)
                prompts += 1
    first, rest = array("q"), array("q")
    for table in lsh.hashtables:
        for key in table.keys():
            members = table.get(key)
            if len(members) > 1:
                head, *others = members
                first.extend([head] * len(others))
                rest.extend(others)
    rows, cols = np.frombuffer(first, dtype=np.int64), np.frombuffer(rest, dtype=np.int64)
    graph = coo_matrix((np.ones(len(rows), dtype=np.int8), (rows, cols)), shape=(prompts, prompts))
    _, labels = connected_components(graph, directed=False)
    sizes = np.bincount(labels)
    return {"prompts": prompts, "groups_of_two_or_more": int((sizes >= 2).sum()),
            "largest_group": int(sizes.max(initial=0)), "in_groups": int(sizes[sizes >= 2].sum())}


def _prompt_chunks(log: Path, cfg: IngestConfig) -> Iterator[list[str]]:
    for chunk in read_chunks(expand_inputs([str(log)]), cfg.chunk_rows, cfg.max_line_bytes):
        yield [task_text(user_turns(row.obj, cfg)).lower() for row in chunk if isinstance(row.obj, dict)]


def _shingles(text: str) -> list[bytes]:
    words = text.split()
    if len(words) <= SHINGLE_WORDS:
        return [" ".join(words).encode("utf-8", "surrogatepass")]
    return [" ".join(words[i : i + SHINGLE_WORDS]).encode("utf-8", "surrogatepass")
            for i in range(len(words) - SHINGLE_WORDS + 1)]


def reference(log: Path, cfg: IngestConfig) -> dict[str, Any]:
    """Timed only: its memory would be this process's, model and all, not the pass's own."""
    with Timer() as timer:
        found = minhash_groups(log, cfg)
    return {**found, "wall_s": round(timer.wall, 2), "cpu_s": round(timer.cpu, 2)}


def one_size(size: int, seed: int, work: Path, config: Config, with_reference: bool = True) -> dict[str, Any]:
    log, labels = work / f"log-{size}-{seed}.jsonl.gz", work / f"labels-{size}-{seed}.parquet"
    if not log.exists():
        generate(seed, size, log, labels, days=3, split=SPLIT, long_context=LONG_CONTEXT)
    with tempfile.TemporaryDirectory(dir=work) as cache:
        ours = measure(f"embedcluster {size:,}", labels, work / f"out-{size}", embedcluster_run, log, config, Path(cache))
    ours["ingest_rows_per_s"] = round(ours["counts"]["rows_read"] / ours["stages_s"]["ingest"], 1)
    if not with_reference:
        return {"requests": size, "embedcluster": ours, "minhash": None, "ratio_to_minhash": None}
    print(f"MinHash-LSH {size:,}:", file=sys.stderr, flush=True)
    minhash = reference(log, config.ingest)
    return {"requests": size, "embedcluster": ours, "minhash": minhash,
            "ratio_to_minhash": {"wall": round(ours["wall_s"] / minhash["wall_s"], 2),
                                 "cpu": round(ours["cpu_s"] / minhash["cpu_s"], 2)}}


def warm_up(work: Path, config: Config) -> float:
    """One small run first: model files read, static table distilled or loaded; and the clustering kernels
    compiled, pynndescent's too, which a run this small does not reach (UMAP finds exact neighbours below
    4,096 points)."""
    log, labels = work / "warm-up.jsonl.gz", work / "warm-up.parquet"
    if not log.exists():
        generate(1, WARM_UP_REQUESTS, log, labels, days=1, split=SPLIT, long_context=LONG_CONTEXT)
    with Timer() as timer, tempfile.TemporaryDirectory(dir=work) as cache:
        embedcluster_run(log, work / "out-warm-up", config, Path(cache))
        compile_kernels(config.clusters)
    return round(timer.wall, 1)


def table(result: dict[str, Any]) -> str:
    sizes = result["sizes"]
    lines = [f"{result['machine']}; warm-up {result['warm_up_s']} s, not counted", "",
             "| | " + " | ".join(f"{s['requests']:,}" for s in sizes) + " |", "|---" * (len(sizes) + 1) + "|"]

    def row(label: str, cells: list[str]) -> None:
        lines.append(f"| {label} | " + " | ".join(cells) + " |")

    ours = [s["embedcluster"] for s in sizes]
    row("requests accepted", [f"{o['counts']['accepted']:,}" for o in ours])
    row("wall s", [f"{o['wall_s']:,.1f}" for o in ours])
    row("CPU s", [f"{o['cpu_s']:,.1f}" for o in ours])
    row("requests/s (wall)", [f"{o['requests_per_s']:,.0f}" for o in ours])
    row("peak RSS GiB", [f"{o['peak_rss_gib']:.2f}" for o in ours])
    row("ingest rows/s", [f"{o['ingest_rows_per_s']:,.0f}" for o in ours])
    for stage in dict.fromkeys(k for o in ours for k in o["stages_s"]):
        row(f"{stage} s", [f"{o['stages_s'].get(stage, 0):,.1f}" for o in ours])
    for key in ("roc_auc", "precision", "recall", "fpr"):
        row(key, [fmt_score(o["detection"][key]) for o in ours])
    for campaign in dict.fromkeys(c for o in ours for c in o["per_campaign_recall"]):
        row(f"recall {campaign}", [fmt_score(o["per_campaign_recall"].get(campaign)) for o in ours])
    row("MinHash-LSH wall s / CPU s",
        [f"{s['minhash']['wall_s']:,.1f} / {s['minhash']['cpu_s']:,.1f}" if s["minhash"] else "not run" for s in sizes])
    row("embedcluster / MinHash-LSH (wall, CPU)",
        [f"{s['ratio_to_minhash']['wall']:.1f}x, {s['ratio_to_minhash']['cpu']:.1f}x" if s["minhash"] else "not run"
         for s in sizes])
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[30_000, 100_000, 1_000_000])
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--config", help="YAML config (default: the packaged defaults)")
    parser.add_argument("--work", help="folder for logs and outputs (default: a temporary folder)")
    parser.add_argument("--json", help="write the result here")
    parser.add_argument("--reference-up-to", type=int, help="run the MinHash-LSH reference only at sizes up to this")
    args = parser.parse_args(argv)

    work = Path(args.work or tempfile.mkdtemp(prefix="embedcluster-bench-sizes-"))
    work.mkdir(parents=True, exist_ok=True)
    config = load_config(args.config)
    result: dict[str, Any] = {"machine": machine(), "seed": args.seed, "split": SPLIT, "long_context": LONG_CONTEXT,
                              "config": args.config or "packaged defaults", "warm_up_s": warm_up(work, config), "sizes": []}
    for size in args.sizes:
        with_reference = args.reference_up_to is None or size <= args.reference_up_to
        result["sizes"].append(one_size(size, args.seed, work, config, with_reference))
        if args.json:  # kept after every size: the largest may take an hour
            Path(args.json).write_text(json.dumps(result, indent=1))
    print(table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
