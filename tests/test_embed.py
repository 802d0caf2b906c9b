"""Embedding cache and batching around a backend; the real packaged model end to end."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from embedcluster.config import EmbedConfig
from embedcluster.embed import EmbeddingCache, SentenceTransformerEmbedder, embed_texts, resolve_model_path
from embedcluster.errors import ModelError


def test_cached_texts_are_not_embedded_again(tmp_path: Path, fake_embedder) -> None:
    cache = EmbeddingCache(tmp_path, fake_embedder.dim)
    first, hits = embed_texts(["alpha beta", "gamma delta", "epsilon"], fake_embedder, cache)
    assert hits == 0 and fake_embedder.texts_embedded == 3
    again, hits = embed_texts(["gamma delta", "zeta eta", "alpha beta"], fake_embedder, cache)
    assert hits == 2 and fake_embedder.texts_embedded == 4
    np.testing.assert_array_equal(again[0], first[1])
    np.testing.assert_array_equal(again[2], first[0])
    cache.close()


def test_cache_survives_reopening(tmp_path: Path, fake_embedder) -> None:
    cache = EmbeddingCache(tmp_path, fake_embedder.dim)
    vectors, _ = embed_texts(["one text"], fake_embedder, cache)
    cache.close()
    reopened = EmbeddingCache(tmp_path, fake_embedder.dim)
    again, hits = embed_texts(["one text"], fake_embedder, reopened)
    assert hits == 1
    np.testing.assert_array_equal(again, vectors)


def test_results_keep_input_order_across_length_sorted_chunks(fake_embedder) -> None:
    texts = [("word " * n).strip() + f" {n}" for n in (5, 50, 1, 20, 3)]
    vectors, _ = embed_texts(texts, fake_embedder, None, chunk=2)
    np.testing.assert_allclose(vectors, fake_embedder.embed_batch(texts), atol=1e-6)


def test_unknown_model_path_is_a_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="cannot load embedding model"):
        SentenceTransformerEmbedder(EmbedConfig(model=str(tmp_path / "no-such-model")))


def test_packaged_model_names_resolve_to_a_local_directory() -> None:
    path = Path(resolve_model_path("sentence-transformers/all-MiniLM-L6-v2"))
    assert (path / "config.json").exists()
    assert resolve_model_path("/some/local/model") == "/some/local/model"


@pytest.mark.e2e
def test_real_model_embeds_offline_and_ranks_paraphrases_closer() -> None:
    embedder = SentenceTransformerEmbedder(EmbedConfig(device="cpu"))
    vectors = embedder.embed_batch(
        [
            "Write a Python function that reverses a linked list.",
            "Implement linked-list reversal in Python.",
            "What is a good recipe for banana bread?",
        ]
    )
    assert vectors.shape == (3, 384)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.3


@pytest.mark.e2e
def test_a_text_s_vector_does_not_depend_on_its_batch() -> None:
    """Cached and fresh vectors agree only if a text's vector is a function of the text alone."""
    short, other_short = "Sort a list in Python.", "Reverse a string in Go."
    long = "Plan a twelve-week migration of our billing service to Kubernetes, step by step, " * 6
    medium = [f"Explain, with an example, how a hash map handles collisions in case {i}." for i in range(20)]
    wide = SentenceTransformerEmbedder(EmbedConfig(device="cpu", batch_size=64))
    narrow = SentenceTransformerEmbedder(EmbedConfig(device="cpu", batch_size=3))
    together = wide.embed_batch([short, long, *medium, other_short])
    alone = np.vstack([narrow.embed_batch([text]) for text in (short, long, other_short)])
    reordered = narrow.embed_batch([other_short, *medium[::-1], long, short])
    np.testing.assert_array_equal(alone, together[[0, 1, -1]])
    np.testing.assert_array_equal(reordered[::-1][: len(medium) + 2], together[: len(medium) + 2])
    # and still the model's own vectors, as sentence-transformers computes them
    reference = wide.model.encode([short, long], normalize_embeddings=True, convert_to_numpy=True)
    assert np.min(np.sum(reference * together[:2], axis=1)) > 0.999
