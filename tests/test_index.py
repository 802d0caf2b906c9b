"""Tests for embedcluster.index: FAISS flat / HNSW / IVF over unit vectors."""

from __future__ import annotations

import faiss
import numpy as np
import pytest

from embedcluster.config import IndexConfig
from embedcluster.index import VectorIndex, build_index, choose_kind, load_index

N, DIM, K = 3_000, 32, 10


def unit(a: np.ndarray) -> np.ndarray:
    return (a / np.linalg.norm(a, axis=1, keepdims=True)).astype(np.float32)


@pytest.fixture(scope="module")
def vectors() -> np.ndarray:
    return unit(np.random.default_rng(1234).standard_normal((N, DIM)))


@pytest.fixture(scope="module")
def clustered() -> np.ndarray:
    """Unit vectors around 30 centres: closer to what sentence embeddings look like."""
    rng = np.random.default_rng(99)
    centres = unit(rng.standard_normal((30, DIM)))
    return unit(centres[rng.integers(0, 30, N)] + 0.15 * rng.standard_normal((N, DIM)))


@pytest.fixture(scope="module")
def ids() -> np.ndarray:
    # Non-contiguous, unordered external ids.
    return np.random.default_rng(7).choice(10**9, size=N, replace=False).astype(np.int64)


def brute_force(data: np.ndarray, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    sims = queries @ data.T
    order = np.argsort(-sims, axis=1, kind="stable")[:, :k]
    return np.take_along_axis(sims, order, axis=1), order


def recall(found_ids: np.ndarray, exact_ids: np.ndarray) -> float:
    return float(np.mean([len(set(f) & set(e)) / len(e) for f, e in zip(found_ids, exact_ids)]))


def test_flat_returns_exact_neighbours(vectors, ids):
    index = build_index(vectors, ids, IndexConfig(kind="flat"))
    assert index.kind == "flat"
    assert isinstance(index.index, faiss.IndexFlatIP)
    queries = vectors[:200]
    sims, found = index.search(queries, K)
    exact_sims, exact_rows = brute_force(vectors, queries, K)
    assert found.dtype == np.int64
    np.testing.assert_array_equal(found, ids[exact_rows])
    np.testing.assert_allclose(sims, exact_sims, atol=1e-5)
    # Each vector is its own nearest neighbour.
    np.testing.assert_array_equal(found[:, 0], ids[:200])
    np.testing.assert_allclose(sims[:, 0], 1.0, atol=1e-5)


def test_hnsw_recall(vectors, ids):
    cfg = IndexConfig(kind="hnsw", hnsw_m=16, hnsw_ef_search=64, hnsw_ef_construction=64)
    index = build_index(vectors, ids, cfg)
    assert index.kind == "hnsw"
    assert isinstance(index.index, faiss.IndexHNSWFlat)
    assert index.index.hnsw.efSearch == 64
    assert index.index.ntotal == N
    queries = vectors[:300]
    _, found = index.search(queries, K)
    _, exact_rows = brute_force(vectors, queries, K)
    assert recall(found, ids[exact_rows]) > 0.9


def test_ivf_recall_on_uniform_vectors(vectors, ids):
    # Uniform random directions are the worst case for IVF: 32 of 76 lists give ~0.94.
    index = build_index(vectors, ids, IndexConfig(kind="ivf", ivf_nprobe=32))
    assert index.kind == "ivf"
    assert isinstance(index.index, faiss.IndexIVFFlat)
    assert index.index.nlist == min(4 * int(np.sqrt(N)), N // 39) == 76
    assert index.index.nprobe == 32
    queries = vectors[:300]
    _, found = index.search(queries, K)
    _, exact_rows = brute_force(vectors, queries, K)
    assert recall(found, ids[exact_rows]) > 0.9


def test_ivf_recall_on_clustered_vectors_with_default_nprobe(clustered, ids):
    index = build_index(clustered, ids, IndexConfig(kind="ivf"))
    assert index.index.nprobe == IndexConfig().ivf_nprobe
    queries = clustered[:300]
    _, found = index.search(queries, K)
    _, exact_rows = brute_force(clustered, queries, K)
    assert recall(found, ids[exact_rows]) > 0.9


def test_ivf_nprobe_is_applied(vectors, ids):
    queries = vectors[:300]
    _, exact_rows = brute_force(vectors, queries, K)
    exact = ids[exact_rows]
    full = build_index(vectors, ids, IndexConfig(kind="ivf", ivf_nprobe=76))
    one = build_index(vectors, ids, IndexConfig(kind="ivf", ivf_nprobe=1))
    assert recall(full.search(queries, K)[1], exact) == 1.0  # every list probed: exact
    assert recall(one.search(queries, K)[1], exact) < 0.6


def test_missing_neighbours_map_to_minus_one(clustered, ids):
    # One probed list of an IVF index holds fewer than k rows: FAISS pads with -1.
    index = build_index(clustered, ids, IndexConfig(kind="ivf", ivf_nprobe=1))
    k = 200
    _, raw_rows = index.index.search(clustered[:50], k)
    assert (raw_rows == -1).any()
    _, found = index.search(clustered[:50], k)
    np.testing.assert_array_equal(found == -1, raw_rows == -1)
    np.testing.assert_array_equal(found[raw_rows >= 0], ids[raw_rows[raw_rows >= 0]])
    assert not np.isin(-1, ids)


def test_search_k_clamped_to_index_size():
    data = unit(np.random.default_rng(0).standard_normal((5, 8)))
    index = build_index(data, np.array([50, 40, 30, 20, 10]), IndexConfig(kind="flat"))
    sims, found = index.search(data[:2], 10)
    assert found.shape == sims.shape == (2, 5)
    assert sorted(found[0].tolist()) == [10, 20, 30, 40, 50]
    assert found[0, 0] == 50 and found[1, 0] == 40
    _, zero_k = index.search(data[:1], 0)
    assert zero_k.shape == (1, 1) and zero_k[0, 0] == 50


def test_search_accepts_float64_and_non_contiguous_queries(vectors, ids):
    index = build_index(vectors, ids, IndexConfig(kind="flat"))
    queries = np.asfortranarray(vectors[:20].astype(np.float64))
    _, found = index.search(queries, 3)
    _, reference = index.search(vectors[:20], 3)
    np.testing.assert_array_equal(found, reference)


@pytest.mark.parametrize("kind", ["flat", "hnsw", "ivf"])
def test_save_load_round_trip(tmp_path, vectors, ids, kind):
    cfg = IndexConfig(kind=kind, hnsw_ef_search=40, ivf_nprobe=12)
    index = build_index(vectors, ids, cfg)
    queries = vectors[::37]
    sims, found = index.search(queries, K)
    folder = tmp_path / "idx"
    index.save(folder)
    assert sorted(p.name for p in folder.iterdir()) == ["index.faiss", "index_ids.npy"]
    loaded = load_index(folder)
    np.testing.assert_array_equal(loaded.ids, ids)
    assert loaded.ids.dtype == np.int64
    assert loaded.index.ntotal == N
    loaded_sims, loaded_found = loaded.search(queries, K)
    np.testing.assert_array_equal(loaded_found, found)
    np.testing.assert_array_equal(loaded_sims, sims)
    if kind == "hnsw":
        assert loaded.index.hnsw.efSearch == 40
    if kind == "ivf":
        assert loaded.index.nprobe == 12


def test_save_overwrites_previous_index(tmp_path, vectors, ids):
    folder = tmp_path / "idx"
    build_index(vectors[:100], ids[:100], IndexConfig(kind="flat")).save(folder)
    build_index(vectors[:50], ids[50:100], IndexConfig(kind="flat")).save(folder)
    loaded = load_index(folder)
    assert loaded.index.ntotal == 50
    np.testing.assert_array_equal(loaded.ids, ids[50:100])


@pytest.mark.parametrize("kind", ["flat", "hnsw"])
def test_kind_survives_round_trip(tmp_path, vectors, ids, kind):
    index = build_index(vectors[:500], ids[:500], IndexConfig(kind=kind))
    index.save(tmp_path)
    assert load_index(tmp_path).kind == kind


def test_choose_kind_by_size():
    cfg = IndexConfig(exact_below=1_000)
    assert choose_kind(0, cfg) == "flat"
    assert choose_kind(999, cfg) == "flat"
    assert choose_kind(1_000, cfg) == "hnsw"
    assert choose_kind(5_000_000, cfg) == "hnsw"
    assert choose_kind(10, IndexConfig(kind="ivf")) == "ivf"
    assert choose_kind(10**7, IndexConfig(kind="flat")) == "flat"
    assert choose_kind(19_999, IndexConfig()) == "flat"
    assert choose_kind(20_000, IndexConfig()) == "hnsw"


def test_build_index_auto_uses_choose_kind(vectors, ids):
    small = build_index(vectors[:99], ids[:99], IndexConfig(exact_below=100))
    large = build_index(vectors[:100], ids[:100], IndexConfig(exact_below=100))
    assert (small.kind, type(small.index)) == ("flat", faiss.IndexFlatIP)
    assert (large.kind, type(large.index)) == ("hnsw", faiss.IndexHNSWFlat)


def test_tiny_ivf_index_builds(ids):
    data = unit(np.random.default_rng(3).standard_normal((20, 8)))
    index = build_index(data, ids[:20], IndexConfig(kind="ivf"))
    assert index.index.nlist == 1
    _, found = index.search(data, 1)
    np.testing.assert_array_equal(found[:, 0], ids[:20])


def test_vector_index_is_constructible_directly():
    flat = faiss.IndexFlatIP(4)
    flat.add(np.eye(4, dtype=np.float32))
    index = VectorIndex(flat, np.array([7, 8, 9, 10], dtype=np.int64), "flat")
    sims, found = index.search(np.array([[0, 0, 1, 0]], dtype=np.float32), 2)
    assert found[0, 0] == 9
    assert sims[0, 0] == pytest.approx(1.0)
