"""Stable cluster ids: continuation, split, merge, birth, revival and sticky noise, on hand-made inputs."""

from __future__ import annotations

import numpy as np

from embedcluster.identity import BORN, MERGED, REVIVED, SPLIT, KnownClusters, match_clusters

DIM = 4
NOBODY = KnownClusters(np.zeros(0, np.int64), np.zeros((0, DIM), np.float32))


def _unit(*values: float) -> np.ndarray:
    v = np.asarray(values, dtype=np.float32)
    return v / np.linalg.norm(v)


def _centroids(n: int) -> np.ndarray:
    return np.eye(n, DIM, dtype=np.float32)


def test_a_continuing_cluster_keeps_its_id_and_new_templates_join_it() -> None:
    prev = np.array([7, 7, -1, -1])  # two known templates of cluster 7, two new ones
    run = np.array([0, 0, 0, 1])
    weight = np.array([5.0, 5.0, 3.0, 9.0])
    identity = match_clusters(prev, run, weight, _centroids(2), NOBODY, next_id=10, revive_similarity=0.9)
    assert identity.stable.tolist() == [7, 7, 7, 10]
    assert [(e.event, e.cluster_id) for e in identity.events] == [(BORN, 10)]
    assert identity.next_id == 11


def test_the_larger_part_of_a_split_keeps_the_id_the_smaller_is_new_with_its_parent() -> None:
    prev = np.array([3, 3, 3])
    run = np.array([0, 0, 1])
    weight = np.array([4.0, 4.0, 2.0])
    identity = match_clusters(prev, run, weight, _centroids(2), NOBODY, next_id=5, revive_similarity=0.9)
    assert identity.stable.tolist() == [3, 3, 5]
    (event,) = identity.events
    assert (event.event, event.cluster_id, event.other_id, event.share) == (SPLIT, 5, 3, 1.0)


def test_two_clusters_that_merge_keep_the_heavier_id_and_record_the_merge() -> None:
    prev = np.array([1, 1, 2])
    run = np.array([0, 0, 0])
    weight = np.array([5.0, 5.0, 3.0])
    identity = match_clusters(prev, run, weight, _centroids(1), NOBODY, next_id=9, revive_similarity=0.9)
    assert identity.stable.tolist() == [1, 1, 1]
    assert identity.merged_into == {2: 1}
    assert [(e.event, e.cluster_id, e.other_id) for e in identity.events] == [(MERGED, 2, 1)]
    assert identity.next_id == 9  # no id spent


def test_a_template_left_as_noise_tonight_stays_in_its_cluster_and_follows_a_merge() -> None:
    prev = np.array([1, 1, 2, 2])
    run = np.array([0, -1, 0, -1])
    weight = np.array([5.0, 1.0, 5.0, 1.0])
    identity = match_clusters(prev, run, weight, _centroids(1), NOBODY, next_id=9, revive_similarity=0.9)
    assert identity.merged_into == {2: 1}
    assert identity.stable.tolist() == [1, 1, 1, 1]


def test_a_dormant_cluster_whose_centroid_returns_is_revived_not_reborn() -> None:
    known = KnownClusters(np.array([4, 6]), np.stack([_unit(1, 0, 0, 0), _unit(0, 1, 0, 0)]))
    run_centroids = np.stack([_unit(0.05, 1, 0, 0), _unit(0, 0, 1, 0)])
    prev = np.array([-1, -1])
    run = np.array([0, 1])
    identity = match_clusters(prev, run, np.ones(2), run_centroids, known, next_id=20, revive_similarity=0.9)
    assert identity.stable.tolist() == [6, 20]
    assert [(e.event, e.cluster_id) for e in identity.events] == [(REVIVED, 6), (BORN, 20)]


def test_ids_are_never_reused_and_unclustered_new_templates_get_none() -> None:
    prev = np.array([-1, -1, -1])
    run = np.array([-1, 0, 1])
    identity = match_clusters(prev, run, np.ones(3), _centroids(2), NOBODY, next_id=100, revive_similarity=0.9)
    assert identity.stable.tolist() == [-1, 100, 101]
    assert identity.next_id == 102


def test_a_template_hopping_between_two_continuing_clusters_stays_in_its_own() -> None:
    prev = np.array([1, 1, 1, 2, 2])
    run = np.array([0, 0, 1, 1, 1])  # template 2 of cluster 1 lands in the continuation of cluster 2
    identity = match_clusters(prev, run, np.ones(5), _centroids(2), NOBODY, next_id=9, revive_similarity=0.9)
    assert identity.stable.tolist() == [1, 1, 1, 2, 2]
    assert identity.events == []


def test_a_template_of_a_dispersed_cluster_follows_tonight_s_clustering() -> None:
    prev = np.array([1, 1, 1, 3, 2, 2, 2])
    run = np.array([0, 0, 0, 0, 1, 1, 1])  # cluster 3's one template joins cluster 1's continuation: a merge
    identity = match_clusters(prev, run, np.ones(7), _centroids(2), NOBODY, next_id=9, revive_similarity=0.9)
    assert identity.stable.tolist() == [1, 1, 1, 1, 2, 2, 2]
    assert identity.merged_into == {3: 1}
