"""Capability prototypes: loading, keyword evidence, labels."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from embedcluster.capabilities import OTHER, CapabilityScorer, load_capabilities
from embedcluster.config import CapabilityConfig
from embedcluster.errors import ConfigError


def test_shipped_prototypes_load() -> None:
    names = [c.name for c in load_capabilities(CapabilityConfig().prototypes)]
    assert names == ["agentic", "software_engineering", "long_horizon_planning", "reasoning_trace"]


@pytest.mark.parametrize(
    "text, message",
    [
        ("capabilities: {}\n", "non-empty 'capabilities'"),
        ("capabilities:\n  x: {keywords: [a]}\n", "needs a list of prototypes"),
        ("capabilities:\n  x: {prototypes: [p], keywords: ['(']}\n", "bad keyword pattern"),
        ("capabilities: [\n", "cannot read"),
    ],
)
def test_bad_prototype_files_are_config_errors(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "caps.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message):
        load_capabilities(path)


def test_keywords_and_labels(tmp_path: Path, fake_embedder) -> None:
    path = tmp_path / "caps.yaml"
    path.write_text(
        "capabilities:\n"
        "  planning: {prototypes: ['plan the project milestones'], keywords: ['\\bmilestones?\\b', '\\broadmap\\b']}\n"
        "  coding: {prototypes: ['write the function with tests'], keywords: ['\\bunit tests?\\b']}\n"
    )
    scorer = CapabilityScorer(load_capabilities(path), fake_embedder, min_score=0.3)
    texts = ["A roadmap with milestones, please.", "Write the function with unit tests.", "Tell me a joke."]
    np.testing.assert_allclose(scorer.keywords(texts), [[1.0, 0.0], [0.0, 0.5], [0.0, 0.0]])
    scores = np.stack([scorer.group_score(scorer.similarity(fake_embedder.embed_batch([t])), [t]) for t in texts])
    assert scorer.label(scores) == ["planning", "coding", OTHER]
    unmeasured = np.full((2, len(scorer.names)), np.nan)
    np.testing.assert_allclose(scorer.group_score(unmeasured, texts[:1]), 0.3 * scorer.keywords(texts[:1])[0])
