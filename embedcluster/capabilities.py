"""Which capability a prompt probes: embedding similarity to prototypes, plus keyword evidence."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

from embedcluster.config import CapabilityConfig, default_capabilities_yaml
from embedcluster.embed import Embedder, PointVectors
from embedcluster.errors import ConfigError

OTHER = "other"
# Cosine of MiniLM embeddings: unrelated text sits near 0.1, a paraphrase above 0.6.
_COS_FLOOR, _COS_FULL = 0.15, 0.6
_KEYWORD_WEIGHT = 0.3


@dataclass
class Tagged:
    """Capability tagging's result: the scorer and each text's similarity to each capability (NaN: unmeasured)."""

    scorer: CapabilityScorer
    text_capability: np.ndarray


@dataclass(frozen=True)
class Capability:
    name: str
    description: str
    prototypes: tuple[str, ...]
    keywords: tuple[re.Pattern[str], ...]


def load_capabilities(path: Path | None) -> list[Capability]:
    """The prototypes of the YAML file at `path`, or the packaged ones when `path` is None."""
    try:
        raw = yaml.safe_load(default_capabilities_yaml() if path is None else Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot read capability prototypes {path}: {exc}") from None
    where = path or "the packaged capabilities.yaml"
    entries = raw.get("capabilities") if isinstance(raw, dict) else None
    if not isinstance(entries, dict) or not entries:
        raise ConfigError(f"{where} must hold a non-empty 'capabilities' mapping")
    out = []
    for name, spec in entries.items():
        if not isinstance(spec, dict) or not spec.get("prototypes"):
            raise ConfigError(f"capability {name!r} in {where} needs a list of prototypes")
        try:
            keywords = tuple(re.compile(k, re.IGNORECASE) for k in spec.get("keywords", []))
        except re.error as exc:
            raise ConfigError(f"capability {name!r} in {where}: bad keyword pattern: {exc}") from None
        out.append(Capability(str(name), str(spec.get("description", name)), tuple(map(str, spec["prototypes"])), keywords))
    return out


class CapabilityScorer:
    """Scores in [0, 1] per capability; the best one names the prompt unless all are weak."""

    def __init__(self, capabilities: list[Capability], embedder: Embedder, min_score: float) -> None:
        self.capabilities = capabilities
        self.names = [c.name for c in capabilities]
        self.min_score = min_score
        self._prototypes = [embedder.embed_batch(list(c.prototypes)) for c in capabilities]

    @classmethod
    def from_config(cls, cfg: CapabilityConfig, embedder: Embedder) -> CapabilityScorer:
        return cls(load_capabilities(cfg.prototypes), embedder, cfg.min_score)

    def similarity(self, vectors: np.ndarray) -> np.ndarray:
        """(n, C): best cosine to each capability's prototypes, rescaled to [0, 1]."""
        cos = np.stack([(vectors @ p.T).max(axis=1) for p in self._prototypes], axis=1)
        return np.clip((cos - _COS_FLOOR) / (_COS_FULL - _COS_FLOOR), 0.0, 1.0)

    def keywords(self, texts: list[str]) -> np.ndarray:
        """(n, C): share of a capability's keyword patterns present, two hits count fully."""
        out = np.zeros((len(texts), len(self.capabilities)))
        for j, cap in enumerate(self.capabilities):
            for i, text in enumerate(texts):
                hits = sum(1 for pattern in cap.keywords if pattern.search(text))
                out[i, j] = min(1.0, hits / 2)
        return out

    def group_score(self, similarity: np.ndarray, texts: list[str]) -> np.ndarray:
        """(C,): one score per capability for a group of prompts (a cluster), from their similarity rows
        (NaN rows were not measured and are left out) and a sample of their texts."""
        known = ~np.isnan(similarity).any(axis=1)
        mean = similarity[known].mean(axis=0) if known.any() else np.zeros(similarity.shape[1])
        return (1 - _KEYWORD_WEIGHT) * mean + _KEYWORD_WEIGHT * self.keywords(texts).mean(axis=0)

    def label(self, scores: np.ndarray) -> list[str]:
        best = scores.argmax(axis=1) if scores.size else np.zeros(0, dtype=int)
        return [self.names[b] if scores[i, b] >= self.min_score else OTHER for i, b in enumerate(best)]


def tag_capabilities(
    vectors: np.ndarray,
    embedder: Embedder,
    cfg: CapabilityConfig,
    points: PointVectors | None = None,
    labels: np.ndarray | None = None,
) -> Tagged:
    """The capability scorer and each text's similarity to every capability's prototypes.

    Over a static bulk, similarity is measured in the transformer's space on the
    clustered points it embedded, and left NaN elsewhere: static cosines run high
    for any pair of texts, so capability becomes a property of clusters and a
    request in no cluster reads 'other'.
    """
    if points is None and embedder.measures_capability:
        scorer = CapabilityScorer.from_config(cfg, embedder)
        return Tagged(scorer, scorer.similarity(vectors) if len(vectors) else np.zeros((0, len(scorer.names))))
    scorer = CapabilityScorer.from_config(cfg, points.embedder if points else embedder)
    out = np.full((len(vectors), len(scorer.names)), np.nan)
    clustered = labels[points.rows] >= 0 if points and labels is not None else np.zeros(0, dtype=bool)
    if clustered.any():
        out[points.rows[clustered]] = scorer.similarity(points.vectors[clustered])
    return Tagged(scorer, out)
