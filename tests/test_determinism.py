"""The same log gives the same outputs, byte for byte, whatever the cache, threads, batch size or file order.

An analyst re-running last night to check a flag must get the same flag. Real
stack (the packaged model, FAISS's HNSW, UMAP, HDBSCAN) on a small generated
log, split into two files.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import faiss
import pyarrow.parquet as pq
import pytest
import torch

from embedcluster import run
from embedcluster.config import Config
from embedcluster.embed import make_embedders
from scripts.demo_logs.writer import generate

OUTPUTS = ("accounts.parquet", "clusters.parquet", "assignments.parquet", "texts.parquet")


@contextmanager
def threads(n: int) -> Iterator[None]:
    torch_before, faiss_before = torch.get_num_threads(), faiss.omp_get_max_threads()
    torch.set_num_threads(n)
    faiss.omp_set_num_threads(n)
    try:
        yield
    finally:
        torch.set_num_threads(torch_before)
        faiss.omp_set_num_threads(faiss_before)


def _config(cache: Path, batch_size: int) -> Config:
    """Small-log settings, and HNSW from a few texts on, so that the approximate index is exercised too."""
    return Config.model_validate({
        "embed": {"cache_dir": str(cache), "batch_size": batch_size},
        "index": {"exact_below": 100},
        "clusters": {"min_cluster_size": 5, "min_samples": 3, "min_template_cluster_size": 8},
    })


@pytest.fixture(scope="module")
def log_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    work = tmp_path_factory.mktemp("determinism")
    whole = work / "whole.jsonl.gz"
    generate(seed=23, size=1500, out=whole, hard=0.35)
    lines = gzip.decompress(whole.read_bytes()).splitlines(keepends=True)
    first, second = work / "a.jsonl", work / "b.jsonl"
    first.write_bytes(b"".join(lines[: len(lines) // 2]))
    second.write_bytes(b"".join(lines[len(lines) // 2 :]))
    return first, second


def _run(files: list[Path], out: Path, config: Config) -> Path:
    bulk, points = make_embedders(config.embed)
    run([str(f) for f in files], out, config, embedder=bulk, point_embedder=points)
    return out


def test_cache_threads_batch_size_and_file_order_do_not_change_outputs(log_files, tmp_path: Path) -> None:
    first, second = log_files
    with threads(2):
        cold = _run([first, second], tmp_path / "cold", _config(tmp_path / "cache", 64))
    with threads(1):
        warm = _run([second, first], tmp_path / "warm", _config(tmp_path / "cache", 16))
        fresh = _run([second, first], tmp_path / "fresh", _config(tmp_path / "cache2", 16))
    assert (tmp_path / "cache" / "embeddings.duckdb").exists()
    clusters = pq.read_table(cold / "clusters.parquet", columns=["risk_score"]).column("risk_score").to_pylist()
    assert len(clusters) >= 5 and max(clusters) > 0.2  # something to agree on: clusters, and a campaign-like one
    for name in OUTPUTS:
        assert (warm / name).read_bytes() == (cold / name).read_bytes(), f"warm cache changed {name}"
        assert (fresh / name).read_bytes() == (cold / name).read_bytes(), f"batch size or threads changed {name}"
