"""FAISS over unit vectors (inner product = cosine): exact when small, HNSW or IVF when large."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

from embedcluster.config import IndexConfig
from embedcluster.errors import OutputError, RunError


@dataclass
class VectorIndex:
    """A FAISS index and the external id of each of its rows."""

    index: faiss.Index
    ids: np.ndarray  # int64, row i of the index is ids[i]
    kind: str

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(similarities, ids) of the k nearest rows; missing neighbours have id -1."""
        k = max(1, min(k, self.index.ntotal))
        sims, rows = self.index.search(np.ascontiguousarray(queries, dtype=np.float32), k)
        return sims, np.where(rows >= 0, self.ids[np.clip(rows, 0, None)], -1)

    def vectors(self, ids: np.ndarray) -> np.ndarray:
        """Stored vectors of the given ids (the index's ids must be ascending, as a nightly state keeps them)."""
        rows = np.searchsorted(self.ids, ids)
        if len(ids) and (rows.max() >= len(self.ids) or not np.array_equal(self.ids[rows], ids)):
            raise KeyError("some ids are not in the index")
        ivf = faiss.try_extract_index_ivf(self.index)
        if ivf is not None and ivf.direct_map.type == faiss.DirectMap.NoMap:
            ivf.make_direct_map()  # in memory only: IVF lists cannot reconstruct by row without it
        if not len(ids):
            return np.zeros((0, self.index.d), dtype=np.float32)
        return self.index.reconstruct_batch(np.ascontiguousarray(rows, dtype=np.int64))

    def save(self, directory: Path) -> None:
        """Index and id map side by side, each written to a temp name then renamed into place."""
        tmp_index, tmp_ids = directory / "index.faiss.tmp", directory / "index_ids.npy.tmp"
        try:
            directory.mkdir(parents=True, exist_ok=True)
            faiss.write_index(self.index, str(tmp_index))
            with tmp_ids.open("wb") as handle:
                np.save(handle, self.ids, allow_pickle=False)
            os.replace(tmp_ids, directory / "index_ids.npy")
            os.replace(tmp_index, directory / "index.faiss")
        except (OSError, RuntimeError) as exc:  # FAISS reports a failed write as RuntimeError
            detail = getattr(exc, "strerror", None) or str(exc).strip().splitlines()[-1]
            raise OutputError(f"cannot write the vector index in {directory}: {detail}") from None


def choose_kind(n: int, cfg: IndexConfig) -> str:
    if cfg.kind != "auto":
        return cfg.kind
    return "flat" if n < cfg.exact_below else "hnsw"


def build_index(vectors: np.ndarray, ids: np.ndarray, cfg: IndexConfig) -> VectorIndex:
    n, dim = vectors.shape
    kind = choose_kind(n, cfg)
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    if kind == "flat":
        index: faiss.Index = faiss.IndexFlatIP(dim)
    elif kind == "hnsw":
        index = faiss.IndexHNSWFlat(dim, cfg.hnsw_m, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = cfg.hnsw_ef_construction
        index.hnsw.efSearch = cfg.hnsw_ef_search
    else:
        nlist = max(1, min(4 * int(np.sqrt(n)), n // 39))
        quantizer = faiss.IndexFlatIP(dim)
        index = faiss.IndexIVFFlat(quantizer, dim, nlist, faiss.METRIC_INNER_PRODUCT)
        index.train(vectors)
        index.nprobe = cfg.ivf_nprobe
    index.add(vectors)
    return VectorIndex(index, np.asarray(ids, dtype=np.int64), kind)


def extend_index(index: VectorIndex | None, vectors: np.ndarray, ids: np.ndarray, cfg: IndexConfig) -> VectorIndex:
    """`index` with rows added; rebuilt as the approximate kind once it outgrows exact search."""
    if index is None:
        return build_index(vectors, ids, cfg)
    total = index.index.ntotal + len(vectors)
    if choose_kind(total, cfg) != index.kind:
        everything = np.vstack([index.vectors(index.ids), vectors])
        return build_index(everything, np.concatenate([index.ids, ids]), cfg)
    if len(vectors):
        index.index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return VectorIndex(index.index, np.concatenate([index.ids, np.asarray(ids, dtype=np.int64)]), index.kind)


_KIND_OF_CLASS = {"IndexFlatIP": "flat", "IndexHNSWFlat": "hnsw", "IndexIVFFlat": "ivf"}


def load_ids(path: Path, mmap: bool = False) -> np.ndarray:
    """An index's id map; a file holding Python objects is refused, never unpickled."""
    try:
        return np.load(path, mmap_mode="r" if mmap else None, allow_pickle=False)
    except ValueError as exc:
        raise RunError(f"cannot read {path}: it holds Python objects, refused unread ({exc})") from None


def load_index(directory: Path) -> VectorIndex:
    index = faiss.read_index(str(directory / "index.faiss"))
    ids = load_ids(directory / "index_ids.npy")
    return VectorIndex(index, ids, _KIND_OF_CLASS.get(type(index).__name__, type(index).__name__))
