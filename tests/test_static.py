"""The static embedder: distilled once from the packaged model, kept, and good enough to find near-duplicates."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from embedcluster import static
from embedcluster.config import EmbedConfig
from embedcluster.embed import SentenceTransformerEmbedder
from embedcluster.static import StaticEmbedder

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def transformer() -> SentenceTransformerEmbedder:
    return SentenceTransformerEmbedder(EmbedConfig(device="cpu"))


@pytest.fixture(scope="module")
def table_dir(tmp_path_factory: pytest.TempPathFactory, transformer: SentenceTransformerEmbedder) -> Path:
    """A folder holding one distilled table (64 dimensions keeps the test quick)."""
    folder = tmp_path_factory.mktemp("static")
    StaticEmbedder(transformer, folder, 64)
    return folder


def test_the_table_is_distilled_once_and_then_reused(transformer, table_dir, monkeypatch) -> None:
    monkeypatch.setattr(static, "distill", lambda *a: pytest.fail("distilled again"))
    embedder = StaticEmbedder(transformer, table_dir, 64)
    assert embedder.dim == 64 and embedder.name.startswith("static:") and "pca64" in embedder.name
    assert not embedder.measures_capability


def test_a_corrupt_table_is_rebuilt_not_trusted(transformer, table_dir, tmp_path) -> None:
    (table,) = table_dir.glob("*.npy")
    copy = tmp_path / table.name
    copy.write_bytes(table.read_bytes()[:1000])
    vectors = StaticEmbedder(transformer, tmp_path, 64).embed_batch(["a prompt"])
    assert np.isfinite(vectors).all()
    assert copy.stat().st_size == table.stat().st_size


PROMPTS = [
    "Write a Python function that parses a CSV file of invoices and returns the totals per customer.",
    "Write a Python function that parses a CSV file of shipments and returns the totals per warehouse.",
    "My cat keeps sneezing after I changed her litter, should I be worried?",
]


def test_slot_filled_copies_sit_closer_than_unrelated_prompts(transformer, table_dir) -> None:
    embedder = StaticEmbedder(transformer, table_dir, 64)
    vectors = embedder.embed_batch(PROMPTS)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.3
    np.testing.assert_array_equal(vectors, embedder.embed_batch(PROMPTS))
