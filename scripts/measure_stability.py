"""Do flags survive numeric noise? The flagged accounts of a normal run against runs on perturbed vectors.

Usage: python -m scripts.measure_stability [--log LOG --labels LABELS | --requests N --log-seed S]
           [--seeds 1 2 3 4 5] [--relative 1e-3] --work DIR [--json PATH]

Every vector, of the static bulk and of the transformer's points alike, is
multiplied element by element by (1 + relative * N(0, 1)) and re-normalized:
noise of the size of bfloat16 rounding, far below anything a prompt's meaning
moves. A detector whose verdicts follow such noise decides accusations by
chance. Prints, per noise seed, the Jaccard of flagged accounts and of flagged
clusters' requests against the normal run, and with labels, precision/recall.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow.parquet as pq

from embedcluster import load_config, run
from embedcluster.embed import Embedder, make_embedders
from scripts.demo_logs.writer import generate as generate_dev
from scripts.evaluate import evaluate
from scripts.measure import Timer


class PerturbedEmbedder(Embedder):
    """Another embedder's vectors under multiplicative noise, the same for a text whatever its batch."""

    worth_caching = False  # noisy vectors must never reach the embedding cache

    def __init__(self, base: Embedder, relative: float, seed: int) -> None:
        self.base, self.relative, self.seed = base, relative, seed
        self.dim = base.dim
        self.measures_capability = base.measures_capability
        self.name = f"{base.name}|noise{relative:g}|seed{seed}"

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        vectors = self.base.embed_batch(texts).astype(np.float64)
        for row, text in enumerate(texts):
            key = hashlib.blake2b(f"{self.seed}\x00{text}".encode("utf-8", "surrogatepass"), digest_size=8).digest()
            noise = np.random.default_rng(int.from_bytes(key, "little")).standard_normal(self.dim)
            vectors[row] *= 1.0 + self.relative * noise
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors.astype(np.float32)


def flagged_accounts(run_dir: Path) -> set[str]:
    table = pq.read_table(run_dir / "accounts.parquet", columns=["account_id", "flagged"])
    return {a for a, f in zip(table.column("account_id").to_pylist(), table.column("flagged").to_pylist()) if f}


def jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a | b else 1.0


def measure(log: Path, labels: Path | None, seeds: list[int], relative: float, work: Path) -> dict[str, Any]:
    config = load_config()
    config = config.model_copy(update={"embed": config.embed.model_copy(update={"cache_dir": work / "cache"})})
    bulk, points = make_embedders(config.embed)
    with Timer() as timer:
        run([str(log)], work / "normal", config, embedder=bulk, point_embedder=points)
    base = flagged_accounts(work / "normal")
    result: dict[str, Any] = {"log": str(log), "relative": relative, "normal_flagged": len(base),
                              "normal_wall_s": round(timer.wall, 1), "seeds": {}}
    if labels is not None:
        result["normal_metrics"] = _headline(evaluate(labels, work / "normal"))
    for seed in seeds:
        out = work / f"noise-{seed}"
        noisy_points = PerturbedEmbedder(points, relative, seed) if points is not None else None
        run([str(log)], out, config, embedder=PerturbedEmbedder(bulk, relative, seed), point_embedder=noisy_points)
        flagged = flagged_accounts(out)
        entry = {"flagged": len(flagged), "jaccard": round(jaccard(base, flagged), 4),
                 "only_normal": len(base - flagged), "only_perturbed": len(flagged - base)}
        if labels is not None:
            entry.update(_headline(evaluate(labels, out)))
        result["seeds"][seed] = entry
        print(f"seed {seed}: {entry}", flush=True)
    result["min_jaccard"] = min(e["jaccard"] for e in result["seeds"].values())
    return result


def _headline(metrics: dict[str, Any]) -> dict[str, Any]:
    return {key: metrics[key] for key in ("precision", "recall", "roc_auc") if key in metrics}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--log", type=Path)
    parser.add_argument("--labels", type=Path)
    parser.add_argument("--requests", type=int, default=30_000, help="size of a generated dev log (no --log)")
    parser.add_argument("--log-seed", type=int, default=11)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3, 4, 5])
    parser.add_argument("--relative", type=float, default=1e-3)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    log, labels = args.log, args.labels
    if log is None:
        log, labels = args.work / "log.jsonl.gz", args.work / "labels.parquet"
        if not log.exists():
            generate_dev(seed=args.log_seed, size=args.requests, out=log, labels=labels, hard=0.35)
    result = measure(log, labels, args.seeds, args.relative, args.work)
    print(f"flagged accounts, normal run: {result['normal_flagged']}; Jaccard with perturbed runs: "
          + ", ".join(f"{e['jaccard']:.3f}" for e in result["seeds"].values()) + f" (min {result['min_jaccard']:.3f})")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
