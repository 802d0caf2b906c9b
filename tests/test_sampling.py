"""Content-keyed samples: what a group's sample holds depends on its members only."""

from __future__ import annotations

import numpy as np

from embedcluster.sampling import bottom_k, content_keys


def test_keys_are_fixed_per_text_and_differ_between_texts() -> None:
    keys = content_keys(["alpha", "beta", "alpha"])
    assert keys.dtype == np.uint64
    assert keys[0] == keys[2] != keys[1]
    assert content_keys(["alpha"])[0] == keys[0]


def test_sample_follows_members_not_order_or_neighbours() -> None:
    keys = content_keys([f"prompt {i}" for i in range(1000)])
    pool = np.arange(100, 400)
    sample = bottom_k(pool, 24, keys)
    assert len(sample) == 24 and np.all(np.diff(sample) > 0)
    assert set(bottom_k(pool[::-1], 24, keys)) == set(sample)
    # one member more changes the sample by at most one text
    grown = bottom_k(np.append(pool, 999), 24, keys)
    assert len(set(grown) ^ set(sample)) in (0, 2)
    # the smallest keys of the pool, exactly
    assert set(sample) == set(pool[np.argsort(keys[pool])[:24]])


def test_small_pools_are_kept_whole() -> None:
    keys = content_keys(["a", "b", "c"])
    assert list(bottom_k(np.array([2, 0]), 5, keys)) == [2, 0]
    assert len(bottom_k(np.array([0, 1, 2]), 0, keys)) == 0
