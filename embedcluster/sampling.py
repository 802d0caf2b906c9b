"""Samples keyed by content: the same members give the same sample, whatever else moved in the run.

Clustering and cluster descriptions look at a bounded sample of each group's
texts. Drawn from one shared random stream, every sample would depend on how
many draws the groups before it took, so noise anywhere would reshuffle samples
everywhere. Bottom-k by a hash of the text instead (consistent sampling, as
MinHash does it): a group keeps its sample while its members stay, and one
member more or less changes the sample by at most one text.
"""

from __future__ import annotations

import hashlib

import numpy as np


def content_keys(texts: list[str]) -> np.ndarray:
    """A 64-bit hash per text, independent of the process (unlike `hash`)."""
    return np.fromiter(
        (int.from_bytes(hashlib.blake2b(t.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little") for t in texts),
        dtype=np.uint64,
        count=len(texts),
    )


def bottom_k(pool: np.ndarray, limit: int, keys: np.ndarray) -> np.ndarray:
    """The `limit` members of `pool` with the smallest keys, in `pool`'s order; all of it when small."""
    if len(pool) <= limit:
        return pool
    chosen = np.argpartition(keys[pool], limit - 1)[:limit] if limit > 0 else np.zeros(0, dtype=np.int64)
    return pool[np.sort(chosen)]
