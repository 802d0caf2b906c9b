"""Cluster and campaign ids for new prompts from a nightly state, without changing it: the feed for other detectors.

A prompt the state has seen (same normalized text) gets exactly the template,
cluster and campaign the nightly run gave it. A new prompt joins the template of its nearest
stored prompt it links to (cosine at least `templates.similarity` and enough
shared word pairs, as the nightly run links texts), else the nearest
active cluster centroid within `clusters.assign_similarity`, else nothing (-1).
The campaign is the cluster's, as the state's last night grouped it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from embedcluster.capabilities import OTHER, CapabilityScorer
from embedcluster.config import Config, run_config
from embedcluster.embed import Embedder
from embedcluster.errors import StateError
from embedcluster.ingest import parse_chunk
from embedcluster.normalize import embedding_window
from embedcluster.readers import RawRow
from embedcluster.state import STATE_DB, StateDir
from embedcluster.statedb import StateDB
from embedcluster.store import map_index
from embedcluster.templates import word_linked

BATCH_ROWS = 512
CANDIDATES = 4  # stored prompts tried per new prompt: the nearest may fail the word-pair check where the next passes


class Assigner:
    """The current generation of a state, opened read-only, with the embedding model loaded once."""

    def __init__(self, state_dir: Path, config: Config | None = None, embedder: Embedder | None = None) -> None:
        self.generation = StateDir(state_dir).require_current()
        self.config = config or run_config(self.generation.path)
        db = StateDB(self.generation.path / STATE_DB, read_only=True)
        try:
            model = db.meta("model")
            if embedder is None:
                from embedcluster.embed import make_embedder

                embedder = make_embedder(self.config.embed)
            if embedder.name != model:
                raise StateError(
                    f"state {state_dir} was embedded with {model!r} but this assigner embeds with {embedder.name!r}: "
                    "leave out --config to use the state's own"
                )
            self.template_of_text = db.template_of_texts()
            templates = db.con.sql("SELECT template_id, cluster_id FROM templates").fetchnumpy()
            resolved = db.resolve_merged(templates["cluster_id"])
            self.cluster_of_template = dict(zip(templates["template_id"].tolist(), resolved.tolist()))
            rows = db.con.sql("SELECT cluster_id, capability, risk_score FROM clusters").fetchall()
            self.cluster_info = {int(c): (cap or OTHER, float(risk or 0.0)) for c, cap, risk in rows}
            self.campaign_of = db.campaigns()
            self.centroids = db.known_clusters(embedder.dim)
            self._db = db
        except BaseException:
            db.close()
            raise
        self.embedder = embedder
        self.index = map_index(self.generation.path / "index")
        self.scorer = CapabilityScorer.from_config(self.config.capabilities, embedder)

    def close(self) -> None:
        self._db.close()

    def assign_rows(self, rows: Sequence[Any], source: str = "<assign>") -> list[dict[str, Any]]:
        """One result per row, in order: the assignment, or the reason the row was unusable."""
        raw = [
            RawRow(source, i + 1, row, "") if isinstance(row, dict) else RawRow(source, i + 1, None, "", "not a JSON object")
            for i, row in enumerate(rows)
        ]
        parsed = parse_chunk(raw, self.config.ingest)
        results: list[dict[str, Any]] = [{}] * len(rows)
        for rejected in parsed.rejected:
            results[rejected.line - 1] = {"request_id": rejected.request_id, "error": rejected.reason}
        batch = parsed.batch
        if batch.num_rows == 0:
            return results
        text_ids, template_ids = self._db.text_ids_of(batch.column("task_hash").to_pylist())
        similarity = np.where(text_ids >= 0, 1.0, 0.0)
        vectors = np.zeros((batch.num_rows, self.embedder.dim), dtype=np.float32)
        seen = np.flatnonzero(text_ids >= 0)
        vectors[seen] = self.index.vectors(text_ids[seen]) if len(seen) else vectors[seen]
        new = np.flatnonzero(text_ids < 0)
        if len(new):
            cfg = self.config.embed
            texts = batch.column("task_text").to_pylist()
            vectors[new] = self.embedder.embed_batch([embedding_window(texts[i], cfg.head_chars, cfg.tail_chars) for i in new])
            sims, nearest = self.index.search(vectors[new], CANDIDATES)
            similarity[new] = sims[:, 0]
            template_ids[new] = self._linked_template([texts[i] for i in new], sims, nearest)
        clusters = np.array([self.cluster_of_template.get(int(t), -1) for t in template_ids], dtype=np.int64)
        self._nearest_centroid(vectors, clusters, template_ids)
        own = self._own_capability(vectors)
        for row, request_id in enumerate(batch.column("request_id").to_pylist()):
            cluster = int(clusters[row])
            capability, risk = self.cluster_info.get(cluster, (own[row], 0.0)) if cluster >= 0 else (own[row], 0.0)
            results[int(batch.column("line")[row].as_py()) - 1] = {
                "request_id": request_id,
                "template_id": int(template_ids[row]),
                "cluster_id": cluster,
                "campaign_id": self.campaign_of.get(cluster, -1) if cluster >= 0 else -1,
                "capability": capability,
                "risk_score": round(risk, 4),
                "similarity": round(float(similarity[row]), 4),
            }
        return results

    def _linked_template(self, texts: list[str], sims: np.ndarray, nearest: np.ndarray) -> np.ndarray:
        """The template of the nearest stored prompt each text links to as a nightly run links it, or -1.

        A link needs `templates.similarity` and, as in `attach_templates`, enough shared word pairs."""
        cfg = self.config.templates
        links = (nearest >= 0) & (sims >= cfg.similarity)
        rows, cols = np.nonzero(links)
        if cfg.min_shared_word_pairs > 0 and len(rows):
            linked, position = np.unique(nearest[rows, cols], return_inverse=True)
            known_texts, _ = self._db.texts(linked)
            links[rows, cols] = word_linked(texts + known_texts, rows, len(texts) + position.reshape(-1),
                                            cfg.min_shared_word_pairs)
        first = links.argmax(axis=1)  # candidates come nearest first
        linked_rows = np.flatnonzero(links.any(axis=1))
        out = np.full(len(texts), -1, dtype=np.int64)
        out[linked_rows] = self.template_of_text[nearest[linked_rows, first[linked_rows]]]
        return out

    def _own_capability(self, vectors: np.ndarray) -> list[str]:
        """A request in no cluster: its own capability, or 'other' over a static bulk, as runs report it."""
        if not self.embedder.measures_capability:
            return [OTHER] * len(vectors)
        return self.scorer.label(self.scorer.similarity(vectors))

    def _nearest_centroid(self, vectors: np.ndarray, clusters: np.ndarray, template_ids: np.ndarray) -> None:
        """Prompts of no known template may still sit inside a cluster: the nearest centroid, if close enough."""
        loose = np.flatnonzero(template_ids < 0)
        if not len(loose) or not len(self.centroids.ids):
            return
        sims = vectors[loose] @ self.centroids.centroids.T
        best = sims.argmax(axis=1)
        close = sims[np.arange(len(loose)), best] >= self.config.clusters.assign_similarity
        clusters[loose[close]] = self.centroids.ids[best[close]]


def assign(
    requests: Iterable[Any],
    state: Path,
    config: Config | None = None,
    embedder: Embedder | None = None,
    batch_rows: int = BATCH_ROWS,
) -> Iterator[dict[str, Any]]:
    """Assign request rows (any shape `run` reads) to the state's templates and clusters, in bounded batches.

    Yields one dict per row, in order: `request_id`, `template_id`, `cluster_id`,
    `campaign_id`, `capability`, `risk_score`, `similarity`; or `request_id` and `error` for a row
    `run` would reject. `config` defaults to the one the state's last night ran with.
    Never writes to the state.
    """
    assigner = Assigner(Path(state), config, embedder)
    try:
        batch: list[Any] = []
        for row in requests:
            batch.append(row)
            if len(batch) == batch_rows:
                yield from assigner.assign_rows(batch)
                batch = []
        if batch:
            yield from assigner.assign_rows(batch)
    finally:
        assigner.close()
