#!/usr/bin/env python3
"""Embedding throughput of each option the fast path weighed, on one sample of realistic prompts.

Usage: python -m scripts.bench_embed [--prompts 600] [--seed 3]

Draws prompts from a generated log with pasted context (half the requests, as
scripts.bench does) and embeds the same sample, in one process, as: the model
as shipped (float32, 256 tokens, full text); embedcluster's window at 128 tokens
in float32; the same under bfloat16 autocast; with bfloat16 weights; and the
static token table. Prints prompts per second and, for the bfloat16 variants,
the lowest cosine to the float32 vectors.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np

from embedcluster.config import Config, EmbedConfig
from embedcluster.embed import SentenceTransformerEmbedder
from embedcluster.ingest import parse_chunk
from embedcluster.normalize import embedding_window
from embedcluster.readers import expand_inputs, read_chunks
from embedcluster.static import StaticEmbedder
from scripts.demo_logs.writer import generate
from scripts.measure import Timer


def sample_prompts(n: int, seed: int, folder: Path) -> list[str]:
    log = folder / "log.jsonl.gz"
    generate(seed, max(4 * n, 2000), log, long_context=0.5)
    texts: list[str] = []
    for chunk in read_chunks(expand_inputs([str(log)]), 5000):
        texts += parse_chunk(chunk, Config().ingest).batch.column("task_text").to_pylist()
    rng = np.random.default_rng(seed)
    return [texts[i] for i in rng.choice(len(texts), n, replace=False)]


def rate(embed: Callable[[list[str]], np.ndarray], texts: list[str]) -> tuple[float, np.ndarray]:
    with Timer() as timer:
        vectors = embed(texts)
    return len(texts) / timer.wall, vectors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prompts", type=int, default=600)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        prompts = sample_prompts(args.prompts, args.seed, Path(folder))
        cfg = EmbedConfig()
        windows = [embedding_window(p, cfg.head_chars, cfg.tail_chars) for p in prompts]
        shipped = SentenceTransformerEmbedder(EmbedConfig(device="cpu", precision="float32", max_seq_length=256, batch_size=32))
        float32 = SentenceTransformerEmbedder(EmbedConfig(device="cpu", precision="float32"))
        autocast = SentenceTransformerEmbedder(EmbedConfig(device="cpu", precision="bfloat16"))
        static = StaticEmbedder(autocast, Path(folder), cfg.static_dims)
        rows = [("as shipped: float32, 256 tokens, full text", *rate(shipped.embed_batch, prompts))]
        rows.append(("window, 128 tokens, float32", *rate(float32.embed_batch, windows)))
        reference = rows[-1][2]
        rows.append(("window, 128 tokens, bfloat16 autocast", *rate(autocast.embed_batch, windows)))
        import torch

        autocast.model.to(torch.bfloat16)
        rows.append(("window, 128 tokens, bfloat16 weights", *rate(autocast.embed_batch, windows)))
        rows.append(("static token table (distilled above, in this run)", *rate(static.embed_batch, windows)))
    print(f"{args.prompts} prompts, one process")
    print("| embedding | prompts/s | lowest cosine to float32 window |\n|---|---:|---:|")
    for name, per_second, vectors in rows:
        cosine = f"{float(np.min(np.sum(vectors * reference, axis=1))):.5f}" if "bfloat16" in name else ""
        print(f"| {name} | {per_second:,.0f} | {cosine} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
