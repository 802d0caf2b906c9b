"""Campaign clusters: HDBSCAN over template groups and the remaining prompts.

HDBSCAN sees a few sampled members of each template group rather than every
prompt: a campaign's paraphrased templates and its obfuscated one-off prompts
meet in one dense region, and the work stays bounded by `max_points`. Prompts
left out of the sample join the nearest cluster centroid when close enough.
"""

from __future__ import annotations

import functools
import sys
import warnings
from collections.abc import Callable
from dataclasses import dataclass

import faiss
import numpy as np

from embedcluster.config import ClusterConfig
from embedcluster.sampling import bottom_k

_JOIN_BATCH = 65_536


@dataclass
class Clustering:
    labels: np.ndarray  # cluster per unique text, -1 for none; clusters numbered 0..C-1
    centroids: np.ndarray  # (C, dim) unit vectors
    n_points: int  # how many points HDBSCAN saw


def _sample_points(template_labels: np.ndarray, text_keys: np.ndarray, cfg: ClusterConfig) -> np.ndarray:
    """Up to `points_per_template` members of each group; singletons sampled if over budget (by content key)."""
    order = np.argsort(template_labels, kind="stable")
    groups, starts, counts = np.unique(template_labels[order], return_index=True, return_counts=True)
    multi, single = [], []
    for start, count in zip(starts, counts):
        members = order[start : start + count]
        if count == 1:
            single.append(members[0])
        else:
            multi.extend(bottom_k(members, cfg.points_per_template, text_keys))
    budget = max(0, cfg.max_points - len(multi))
    single_arr = bottom_k(np.asarray(single, dtype=np.int64), budget, text_keys)
    return np.sort(np.concatenate([np.asarray(multi, dtype=np.int64), single_arr]))


def _reduce(vectors: np.ndarray, cfg: ClusterConfig) -> np.ndarray:
    """UMAP to a few dimensions, where HDBSCAN's density estimates work; skipped when too few points."""
    if cfg.reducer == "none" or len(vectors) < 3 * cfg.umap_neighbors:
        return vectors
    import umap

    _cache_compiled_kernels()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reducer = umap.UMAP(
            n_components=cfg.umap_components,
            n_neighbors=cfg.umap_neighbors,
            min_dist=0.0,
            metric="cosine",
            random_state=cfg.seed,
            n_jobs=1,
        )
        return reducer.fit_transform(vectors).astype(np.float32)


@functools.cache
def _cache_compiled_kernels() -> None:
    """Keep UMAP's and pynndescent's compiled kernels on disk, as numba's `cache=True` does: most of them
    leave it off, so every process compiled them again (about 25 s of a first clustering). Kernels built
    inside functions at run time cannot be cached and are still compiled per process."""
    from numba.core.registry import CPUDispatcher

    modules = [module for name, module in list(sys.modules.items()) if name.split(".")[0] in ("umap", "pynndescent")]
    for module in modules:
        for kernel in list(vars(module).values()):
            if isinstance(kernel, CPUDispatcher):
                kernel.enable_caching()


def compile_kernels(cfg: ClusterConfig | None = None) -> None:
    """Compile UMAP's and pynndescent's kernels into their on-disk cache, on random points: `make setup`
    calls it, so that a first run does not spend half a minute compiling. Numba compiles per argument
    type, not per size or dimension, so a small sample of more points than UMAP's exact path takes
    (4,096) compiles what a night's clustering runs."""
    rng = np.random.default_rng(0)
    _reduce(rng.normal(size=(4_200, 16)).astype(np.float32), cfg or ClusterConfig())


def _hdbscan(points: np.ndarray, cfg: ClusterConfig) -> np.ndarray:
    if len(points) < max(cfg.min_cluster_size, 2) * 2:
        return np.full(len(points), -1, dtype=np.int64)
    import hdbscan

    model = hdbscan.HDBSCAN(
        min_cluster_size=cfg.min_cluster_size,
        min_samples=cfg.min_samples,
        metric="euclidean",
        cluster_selection_method="eom",
        core_dist_n_jobs=1,
    )
    return model.fit_predict(points.astype(np.float64)).astype(np.int64)


def _majority(labels: np.ndarray) -> int:
    values, counts = np.unique(labels, return_counts=True)
    return int(values[np.argmax(counts)])


def centroids_of(vectors: np.ndarray, labels: np.ndarray, n_clusters: int) -> np.ndarray:
    sums = np.zeros((n_clusters, vectors.shape[1]), dtype=np.float64)
    mask = labels >= 0
    np.add.at(sums, labels[mask], vectors[mask])
    norms = np.linalg.norm(sums, axis=1, keepdims=True)
    return (sums / np.where(norms == 0, 1, norms)).astype(np.float32)


def cluster_templates(
    vectors: np.ndarray,
    template_labels: np.ndarray,
    requests_per_text: np.ndarray,
    text_keys: np.ndarray,
    cfg: ClusterConfig,
    point_vectors: Callable[[np.ndarray], np.ndarray] | None = None,
) -> Clustering:
    """`text_keys` (sampling.content_keys) choose which texts HDBSCAN sees. `point_vectors(rows)`, when
    given, embeds the sampled rows for UMAP/HDBSCAN in a richer space than `vectors` (the transformer
    over a static bulk); centroids and joins stay in `vectors`' space."""
    if not len(vectors):
        return Clustering(np.zeros(0, np.int64), np.zeros((0, vectors.shape[1]), np.float32), 0)
    sample = _sample_points(template_labels, text_keys, cfg)
    points = point_vectors(sample) if point_vectors is not None and len(sample) else vectors[sample]
    point_labels = _hdbscan(_reduce(points, cfg), cfg)

    # A template group takes the majority label of its sampled points.
    template_cluster: dict[int, int] = {}
    sampled_templates = template_labels[sample]
    order = np.argsort(sampled_templates, kind="stable")
    groups, starts, counts = np.unique(sampled_templates[order], return_index=True, return_counts=True)
    for group, start, count in zip(groups, starts, counts):
        template_cluster[int(group)] = _majority(point_labels[order[start : start + count]])

    # Large template groups HDBSCAN left as noise are clusters of their own.
    requests_per_template = np.bincount(template_labels, weights=requests_per_text)
    next_label = int(point_labels.max(initial=-1)) + 1
    for group, label in sorted(template_cluster.items()):
        if label < 0 and requests_per_template[group] >= cfg.min_template_cluster_size:
            template_cluster[group] = next_label
            next_label += 1

    labels = np.array([template_cluster.get(int(t), -1) for t in template_labels], dtype=np.int64)
    labels = renumber_by_size(labels, requests_per_text)
    n_clusters = int(labels.max(initial=-1)) + 1
    centroids = centroids_of(vectors, labels, n_clusters)

    # Prompts outside the sample (singletons beyond the budget) join a close centroid.
    unsampled = np.setdiff1d(np.flatnonzero(labels < 0), sample)
    if n_clusters and len(unsampled):
        index = faiss.IndexFlatIP(centroids.shape[1])
        index.add(centroids)
        for start in range(0, len(unsampled), _JOIN_BATCH):  # in blocks: no copy of every unsampled vector at once
            rows = unsampled[start : start + _JOIN_BATCH]
            sims, nearest = index.search(np.ascontiguousarray(vectors[rows]), 1)
            close = sims[:, 0] >= cfg.assign_similarity
            labels[rows[close]] = nearest[close, 0]
    return Clustering(labels, centroids, len(sample))


def renumber_by_size(labels: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Clusters numbered 0.. by decreasing request count (ties: smaller label first), so ids read the same run to run."""
    mask = labels >= 0
    if not mask.any():
        return labels
    totals = np.bincount(labels[mask], weights=weights[mask])
    present = np.flatnonzero(np.bincount(labels[mask]))
    ranked = present[np.lexsort((present, -totals[present]))]
    mapping = np.full(int(labels.max()) + 1, -1, dtype=np.int64)
    mapping[ranked] = np.arange(len(ranked))
    out = labels.copy()
    out[mask] = mapping[labels[mask]]
    return out


def map_2d(centroids: np.ndarray) -> np.ndarray:
    """A 2-D layout of cluster centroids for the report (PCA: cheap and deterministic)."""
    if len(centroids) == 0:
        return np.zeros((0, 2))
    centred = centroids - centroids.mean(axis=0)
    if len(centroids) < 3:
        return np.zeros((len(centroids), 2))
    _, _, components = np.linalg.svd(centred, full_matrices=False)
    return centred @ components[:2].T
