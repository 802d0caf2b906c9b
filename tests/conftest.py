"""Shared fixtures: a deterministic fake embedder for unit tests, small configs."""

from __future__ import annotations

import os

# Before any OpenMP runtime starts: threads of one pool (numba's, after UMAP) otherwise spin while
# torch's wait for the two cores, and later transformer work in the same process runs 3x slower.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from embedcluster.config import Config
from embedcluster.embed import Embedder

_WORDS = re.compile(r"\w+")


class HashingEmbedder(Embedder):
    """Bag of hashed words and word pairs: texts sharing most words get close vectors."""

    def __init__(self, dim: int = 384) -> None:
        self.dim = dim
        self.name = f"hashing-{dim}"
        self.calls = 0
        self.texts_embedded = 0

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        self.texts_embedded += len(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            words = _WORDS.findall(text.lower())
            for feature in words + [a + " " + b for a, b in zip(words, words[1:])]:
                digest = hashlib.blake2b(feature.encode(), digest_size=8).digest()
                out[row, int.from_bytes(digest[:4], "little") % self.dim] += 1.0 if digest[4] & 1 else -1.0
            norm = np.linalg.norm(out[row])
            out[row] = out[row] / norm if norm else out[row]
        return out


@pytest.fixture
def fake_embedder() -> HashingEmbedder:
    return HashingEmbedder()


@pytest.fixture
def small_config(tmp_path: Path) -> Config:
    """Defaults with a private embedding cache and settings scaled for a few hundred requests."""
    return Config.model_validate(
        {
            "embed": {"cache_dir": str(tmp_path / "cache")},
            "clusters": {"min_cluster_size": 5, "min_samples": 3, "min_template_cluster_size": 8},
        }
    )
