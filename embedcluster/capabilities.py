"""Which capability a prompt probes: embedding similarity to prototypes, plus keyword evidence."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

from embedcluster.embed import Embedder
from embedcluster.errors import ConfigError

OTHER = "other"
# Cosine of MiniLM embeddings: unrelated text sits near 0.1, a paraphrase above 0.6.
_COS_FLOOR, _COS_FULL = 0.15, 0.6
_KEYWORD_WEIGHT = 0.3


@dataclass(frozen=True)
class Capability:
    name: str
    description: str
    prototypes: tuple[str, ...]
    keywords: tuple[re.Pattern[str], ...]


def load_capabilities(path: Path) -> list[Capability]:
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot read capability prototypes {path}: {exc}") from None
    entries = raw.get("capabilities") if isinstance(raw, dict) else None
    if not isinstance(entries, dict) or not entries:
        raise ConfigError(f"{path} must hold a non-empty 'capabilities' mapping")
    out = []
    for name, spec in entries.items():
        if not isinstance(spec, dict) or not spec.get("prototypes"):
            raise ConfigError(f"capability {name!r} in {path} needs a list of prototypes")
        try:
            keywords = tuple(re.compile(k, re.IGNORECASE) for k in spec.get("keywords", []))
        except re.error as exc:
            raise ConfigError(f"capability {name!r} in {path}: bad keyword pattern: {exc}") from None
        out.append(Capability(str(name), str(spec.get("description", name)), tuple(map(str, spec["prototypes"])), keywords))
    return out


class CapabilityScorer:
    """Scores in [0, 1] per capability; the best one names the prompt unless all are weak."""

    def __init__(self, capabilities: list[Capability], embedder: Embedder, min_score: float) -> None:
        self.capabilities = capabilities
        self.names = [c.name for c in capabilities]
        self.min_score = min_score
        self._prototypes = [embedder.embed_batch(list(c.prototypes)) for c in capabilities]

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

    def score(self, vectors: np.ndarray, texts: list[str]) -> np.ndarray:
        return (1 - _KEYWORD_WEIGHT) * self.similarity(vectors) + _KEYWORD_WEIGHT * self.keywords(texts)

    def label(self, scores: np.ndarray) -> list[str]:
        best = scores.argmax(axis=1) if scores.size else np.zeros(0, dtype=int)
        return [self.names[b] if scores[i, b] >= self.min_score else OTHER for i, b in enumerate(best)]
