"""Campaign clustering over template groups, on synthetic vectors with known structure."""

from __future__ import annotations

import numpy as np

from embedcluster.clusters import _cache_compiled_kernels, cluster_templates, map_2d
from embedcluster.config import ClusterConfig
from embedcluster.sampling import content_keys


def _keys(vectors: np.ndarray) -> np.ndarray:
    return content_keys([f"text {i}" for i in range(len(vectors))])


def _blobs(rng: np.random.Generator, centres: int, per_centre: int, noise: int, dim: int = 32, spread: float = 0.05):
    directions = rng.normal(size=(centres, dim))
    points = [directions[c] + spread * rng.normal(size=(per_centre, dim)) for c in range(centres)]
    points.append(rng.normal(size=(noise, dim)) * 3)
    vectors = np.vstack(points).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    truth = np.concatenate([np.full(per_centre, c) for c in range(centres)] + [np.full(noise, -1)])
    return vectors, truth


def test_dense_groups_become_clusters_and_noise_stays_out() -> None:
    rng = np.random.default_rng(0)
    vectors, truth = _blobs(rng, centres=3, per_centre=60, noise=200)
    singletons = np.arange(len(vectors))
    result = cluster_templates(vectors, singletons, np.ones(len(vectors)), _keys(vectors), ClusterConfig(reducer="none"))
    for c in range(3):
        labels = result.labels[truth == c]
        assert len(set(labels)) == 1 and labels[0] >= 0
    assert len({result.labels[truth == c][0] for c in range(3)}) == 3
    assert (result.labels[truth == -1] == -1).mean() > 0.7
    assert result.centroids.shape == (3, 32)


def test_large_template_group_is_a_cluster_even_when_alone() -> None:
    rng = np.random.default_rng(1)
    vectors, _ = _blobs(rng, centres=0, per_centre=0, noise=100)
    templates = np.arange(len(vectors))
    templates[:3] = 0  # one template group of three texts...
    requests = np.ones(len(vectors))
    requests[:3] = 20  # ...sent 60 times
    result = cluster_templates(vectors, templates, requests, _keys(vectors), ClusterConfig(reducer="none", min_template_cluster_size=10))
    assert result.labels[0] == result.labels[1] == result.labels[2] == 0
    assert (result.labels[3:] == -1).all()


def test_clusters_are_numbered_by_size_and_unsampled_texts_join_close_centroids() -> None:
    rng = np.random.default_rng(2)
    vectors, truth = _blobs(rng, centres=2, per_centre=80, noise=50)
    requests = np.where(truth == 1, 5.0, 1.0)
    config = ClusterConfig(reducer="none", max_points=120)
    result = cluster_templates(vectors, np.arange(len(vectors)), requests, _keys(vectors), config)
    assert result.n_points == 120
    assert (result.labels[truth == 1] == 0).all()
    assert (result.labels[truth == 0] == 1).all()


def test_umap_path_runs_and_keeps_separated_groups_apart() -> None:
    rng = np.random.default_rng(3)
    vectors, truth = _blobs(rng, centres=2, per_centre=60, noise=30)
    result = cluster_templates(vectors, np.arange(len(vectors)), np.ones(len(vectors)), _keys(vectors), ClusterConfig())
    first, second = result.labels[truth == 0], result.labels[truth == 1]
    assert (first >= 0).mean() > 0.9 and (second >= 0).mean() > 0.9
    assert not set(first[first >= 0]) & set(second[second >= 0])


def test_map_2d_shapes() -> None:
    assert map_2d(np.zeros((0, 8))).shape == (0, 2)
    assert map_2d(np.eye(5, 8)).shape == (5, 2)


def test_umap_kernels_are_kept_on_disk_once_asked() -> None:
    import pynndescent.utils
    import umap.layouts
    import umap.umap_
    from numba.core.caching import FunctionCache

    _cache_compiled_kernels()
    kernels = (umap.umap_.smooth_knn_dist, umap.layouts._nb_optimize_layout_euclidean_single_epoch,
               pynndescent.utils.deheap_sort)
    for kernel in kernels:
        assert isinstance(kernel._cache, FunctionCache)
