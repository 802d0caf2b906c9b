"""`run_night()`: one night's logs into a state directory, keeping cluster ids from night to night.

Each night ingests only requests the state has not seen, embeds only texts it
has never embedded, attaches them to known templates, rediscovers clusters over
the rolling window, carries yesterday's cluster ids over (identity.py), groups
the clusters into campaigns that keep their ids (campaigns.py) and rescores
accounts over the window. The result is a new generation: a complete
run directory that investigations read like any run, plus the state tables.
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import partial
from pathlib import Path

import duckdb
import numpy as np
import orjson
import pyarrow as pa

from embedcluster.accounts import account_meta
from embedcluster.campaigns import Campaigns, group_campaigns, traffic_of
from embedcluster.capabilities import tag_capabilities
from embedcluster.clusters import Clustering, centroids_of, cluster_templates, renumber_by_size
from embedcluster.config import ClusterConfig, Config, NightlyConfig
from embedcluster.embed import Embedder, PointVectors, embed_distinct, make_embedders
from embedcluster.errors import InputError, StateError
from embedcluster.identity import SPLIT, Identity, match_clusters
from embedcluster.index import VectorIndex, extend_index, load_index
from embedcluster.ingest import Ingested, ingest
from embedcluster.normalize import embedding_window
from embedcluster.outputs import StagedOutput, run_versions, write_run
from embedcluster.progress import ProgressFn, Timings, no_progress
from embedcluster.readers import expand_inputs
from embedcluster.results import Found, OutputIds, Outputs, build_outputs
from embedcluster.sampling import content_keys
from embedcluster.state import STATE_DB, Generation, StateDir
from embedcluster.statedb import StateDB
from embedcluster.templates import attach_templates

DAY_MS = 86_400_000


@dataclass
class NightResult:
    state_dir: Path
    generation: Path | None  # this night's run directory; None when the inputs held nothing new
    summary: dict
    clusters: pa.Table | None = None
    accounts: pa.Table | None = None


def file_digest(path: Path) -> str:
    """Content hash of an input file: a file ingested once is skipped on a rerun, under any name."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            while block := handle.read(1 << 20):
                digest.update(block)
    except OSError as exc:
        raise InputError(f"cannot read input {path}: {exc.strerror or exc}") from None
    return digest.hexdigest()


def run_night(
    inputs: list[str],
    state_dir: Path,
    config: Config | None = None,
    progress: ProgressFn = no_progress,
    *,
    wait_s: float = 0.0,
    embedder: Embedder | None = None,
    point_embedder: Embedder | None = None,
) -> NightResult:
    """Add one night's inputs to the state at `state_dir` (created on the first night); one run at a time.

    `embedder` and `point_embedder` stand in for the configured pair (see `embed.make_embedders`)."""
    paths = expand_inputs(inputs)
    state = StateDir(state_dir)
    with state.lock(wait_s):
        current = state.current()
        state.clear_leftovers(current)
        staged = StagedOutput(state.root)
        night = _Night(state, current, staged, config or Config(), Timings(progress))
        try:
            return _run(night, paths, embedder, point_embedder)
        except (OSError, duckdb.Error) as exc:  # a full disk, typically, while building the new generation
            staged.discard()
            detail = getattr(exc, "strerror", None) or str(exc).strip().splitlines()[0]
            raise StateError(f"night not finished, state {state.root} unchanged: {detail}") from None
        except BaseException:
            staged.discard()
            raise


@dataclass
class _Night:
    """What one night works with: the state, tonight's staging folder, the config and the timings."""

    state: StateDir
    current: Generation | None
    staged: StagedOutput
    config: Config
    timings: Timings
    started: str = field(default_factory=lambda: datetime.now(timezone.utc).isoformat(timespec="seconds"))

    @property
    def number(self) -> int:
        return (self.current.number if self.current else 0) + 1

    @property
    def cache_dir(self) -> Path:
        """The embedding cache: the configured one, else the state's own, shared by every night."""
        return self.config.embed.cache_dir or self.state.cache


@dataclass
class _NewTexts:
    """Tonight's texts the state has never stored: their rows among tonight's texts, ids, hashes and vectors."""

    rows: np.ndarray
    text_ids: np.ndarray  # state text id of every distinct text of tonight
    hashes: list[str]
    texts: list[str]
    vectors: np.ndarray
    cache_hits: int


def _run(night: _Night, paths: list[Path], embedder: Embedder | None, point_embedder: Embedder | None) -> NightResult:
    config, timings = night.config, night.timings
    with timings.stage("ingest"):
        db = _copy_db(night.current, night.staged.file(STATE_DB))
        fresh = _fresh_inputs(paths, db.known_digests() if db else set())
        data, counts = _ingest_new(night, fresh, db, len(paths))
    if data.requests.num_rows == 0:
        if db:
            db.close()
        night.staged.discard()
        summary = {"night": None, "nothing_new": True, "counts": counts, "started_at": night.started}
        return NightResult(night.state.root, None, summary)
    with timings.stage("load_model"):
        if embedder is None:
            embedder, point_embedder = make_embedders(config.embed)
        db = _state_db(db, night, embedder)
    with timings.stage("embed"):
        new = _embed_new(db, data, embedder, night)
    with timings.stage("templates"):
        index, n_new_templates = _store_new(db, night, data, new, fresh)
    with timings.stage("cluster"):
        window = _Window.load(db, index, config.nightly.window_days)
        points = PointVectors(point_embedder, window.texts, night.cache_dir, timings) if point_embedder else None
        identity, clustering = _identify(window, db, embedder.dim, config.clusters, config.nightly, points)
    with timings.stage("capabilities"):
        tagged = tag_capabilities(window.vectors, embedder, config.capabilities, points, clustering.labels)
    with timings.stage("score"):
        found = Found(
            window.requests, window.unique, window.texts, window.vectors, window.template, clustering, window.text_keys
        )
        meta = account_meta(found.requests, found.account_ids, found.req.account, config.ingest)
        campaigns = _campaigns(db, window, identity, found)
        ids = OutputIds(window.text_ids, window.template_ids, window.cluster_ids, campaigns.of_cluster)
        outputs = build_outputs(found, tagged, meta, config.templates, config.scoring, config.clusters.seed, ids)
        _record_clusters(db, window, identity, campaigns, outputs, clustering, night.number)
    with timings.stage("write"):
        counts.update(
            {
                "new_texts": len(new.rows),
                "cache_hits": new.cache_hits,
                "new_templates": n_new_templates,
                "window_requests": window.requests.num_rows,
                "templates": len(window.template_ids),
                "lineage_events": len(identity.events),
                "campaign_events": len(campaigns.events),
            }
        )
        summary = {
            "started_at": night.started,
            "night": night.number,
            "inputs": [str(p) for _, p, _ in fresh],
            "window": {"start_ms": window.start_ms, "end_ms": window.end_ms, "days": config.nightly.window_days},
            "counts": counts,
            "timings_s": timings,
            "versions": run_versions(embedder.name),
            "config_digest": config.digest(),
            "index_kind": index.kind,
            "hdbscan_points": clustering.n_points,
        }
        write_run(night.staged, summary, outputs, clustering.centroids, index, config)
        db.add_night(night.number, datetime.now(timezone.utc).isoformat(timespec="seconds"), orjson.dumps(summary))
        db.checkpoint()
        db.close()
    with timings.stage("publish"):
        generation = night.state.publish(night.staged.path, night.number, config.nightly.keep_generations)
    return NightResult(night.state.root, generation.path, summary, outputs.clusters, outputs.accounts)


def _ingest_new(
    night: _Night, fresh: list[tuple[str, Path, int]], db: StateDB | None, n_files: int
) -> tuple[Ingested, dict[str, int]]:
    """Tonight's requests from input files and request ids the state has not seen, and the counts of what was skipped."""
    window = partial(embedding_window, head_chars=night.config.embed.head_chars, tail_chars=night.config.embed.tail_chars)
    rejected = night.staged.file("rejected.jsonl")
    data = ingest([str(p) for _, p, _ in fresh], night.config.ingest, window, rejected, night.timings.progress) if fresh else Ingested.empty()
    stored = db.known_request_ids(data.requests.column("request_id")) if db else np.zeros(data.requests.num_rows, bool)
    data = _without(data, stored)
    counts = {"files": n_files, "files_already_ingested": n_files - len(fresh), **data.counts, "already_ingested": int(stored.sum())}
    return data, counts


def _state_db(db: StateDB | None, night: _Night, embedder: Embedder) -> StateDB:
    """The state's tables (created on the first night), refusing a state embedded with another model."""
    db = db or StateDB.create(night.staged.file(STATE_DB), embedder.name, embedder.dim)
    if db.meta("model") != embedder.name:
        raise StateError(
            f"state {night.state.root} was embedded with {db.meta('model')!r}, this run embeds with {embedder.name!r}: "
            "use the state's model settings or a new --state directory"
        )
    return db


def _embed_new(db: StateDB, data: Ingested, embedder: Embedder, night: _Night) -> _NewTexts:
    """State ids for tonight's texts, new ones numbered after the stored; vectors for the new ones only."""
    hashes = _hash_of_text(data)
    text_ids, _ = db.text_ids_of(hashes)
    rows = np.flatnonzero(text_ids < 0)
    text_ids[rows] = db.count("texts") + np.arange(len(rows))
    texts = [data.texts[i] for i in rows]
    vectors, cache_hits = embed_distinct(texts, embedder, night.cache_dir, night.timings.progress)
    return _NewTexts(rows, text_ids, hashes, texts, vectors, cache_hits)


def _store_new(
    db: StateDB, night: _Night, data: Ingested, new: _NewTexts, fresh: list[tuple[str, Path, int]]
) -> tuple[VectorIndex, int]:
    """New texts attached to known templates (or new ones), added to the index and the state with tonight's requests;
    the index, and how many templates were new."""
    current, config = night.current, night.config
    known_index = load_index(current.path / "index") if current and (current.path / "index").is_dir() else None
    next_template = int(db.meta("next_template_id"))
    new_templates = (
        attach_templates(new.vectors, new.texts, known_index, lambda ids: db.texts(ids)[0], db.template_of_texts(),
                         next_template, config.templates, config.index)
        if len(new.rows) else np.zeros(0, np.int64)
    )
    index = extend_index(known_index, new.vectors, new.text_ids[new.rows], config.index)
    db.add_texts(new.text_ids[new.rows], [new.hashes[i] for i in new.rows], new.texts, new_templates)
    db.set_meta("next_template_id", max(next_template, int(new_templates.max(initial=-1)) + 1))
    db.add_requests(data.requests, new.text_ids[data.unique_of_request], night.number)
    db.add_inputs(fresh, night.number)
    return index, int(len(np.unique(new_templates[new_templates >= next_template])))


def _campaigns(db: StateDB, window: _Window, identity: Identity, found: Found) -> Campaigns:
    """Tonight's clusters grouped into campaigns, each known cluster starting from the campaign the state gave it."""
    splits = {e.cluster_id: e.other_id for e in identity.events if e.event == SPLIT and e.other_id is not None}
    traffic = traffic_of(
        window.cluster_ids, found.req.account, found.req.cluster, found.clustering.labels, found.texts, window.text_keys
    )
    return group_campaigns(traffic, db.campaigns(), splits)


def _record_clusters(
    db: StateDB, window: _Window, identity: Identity, campaigns: Campaigns, outputs: Outputs, clustering: Clustering,
    night: int,
) -> None:
    """Tonight's template-to-cluster map, merges, cluster rows with their campaigns, and lineage into the state."""
    db.set_template_clusters(window.template_ids, identity.stable)
    db.mark_merged(identity.merged_into)
    db.redirect_merged(identity.merged_into)
    db.merge_campaigns(campaigns.merged_into)
    db.update_clusters(outputs.clusters, clustering.centroids, night)
    db.add_lineage(identity.events, night)
    db.add_campaign_events(campaigns.events, night)
    db.add_campaign_clusters(outputs.clusters, night)
    db.set_meta("next_cluster_id", identity.next_id)


def _copy_db(current: Generation | None, target: Path) -> StateDB | None:
    """The current generation's tables, copied for tonight to change; None on the first night."""
    if current is None:
        return None
    source = current.path / STATE_DB
    if not source.is_file():
        raise StateError(f"state generation {current.path} has no {STATE_DB}")
    shutil.copyfile(source, target)
    db = StateDB(target)
    db.add_campaigns()
    return db


def _fresh_inputs(paths: list[Path], known: set[str]) -> list[tuple[str, Path, int]]:
    """(digest, path, bytes) of each input file whose content the state has not ingested, each content once."""
    fresh, seen = [], set(known)
    for path in paths:
        digest = file_digest(path)
        if digest not in seen:
            seen.add(digest)
            fresh.append((digest, path, path.stat().st_size))
    return fresh


def _without(data: Ingested, stored: np.ndarray) -> Ingested:
    """The ingested requests minus those the state already holds, texts renumbered densely."""
    if not stored.any():
        return data
    keep = ~stored
    kept_codes, unique = np.unique(data.unique_of_request[keep], return_inverse=True)
    requests = data.requests.filter(pa.array(keep))
    counts = {**data.counts, "accepted": requests.num_rows, "distinct_texts": len(kept_codes)}
    return Ingested(requests, unique.astype(np.int64), [data.texts[i] for i in kept_codes], counts)


def _hash_of_text(data: Ingested) -> list[str]:
    """The normalized-text hash of each distinct text (from its first request)."""
    _, first = np.unique(data.unique_of_request, return_index=True)
    return data.requests.column("task_hash").take(pa.array(first, pa.int64())).to_pylist()


@dataclass
class _Window:
    """The requests of the rolling window, their distinct texts and templates, densely numbered."""

    requests: pa.Table
    unique: np.ndarray  # per request: row of text_ids
    text_ids: np.ndarray  # state text id of each distinct text
    texts: list[str]
    vectors: np.ndarray
    template: np.ndarray  # per distinct text: row of template_ids
    template_ids: np.ndarray
    start_ms: int
    end_ms: int
    text_keys: np.ndarray  # sampling.content_keys of texts
    cluster_ids: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))  # set by _identify

    @classmethod
    def load(cls, db: StateDB, index: VectorIndex, window_days: float) -> _Window:
        end = db.latest_timestamp() or 0
        start = end - int(window_days * DAY_MS)
        requests = db.window(start)
        text_ids, unique = np.unique(requests.column("text_id").to_numpy(), return_inverse=True)
        texts, template_of_text = db.texts(text_ids)
        template_ids, template = np.unique(template_of_text, return_inverse=True)
        requests = requests.drop_columns(["text_id"])
        return cls(requests, unique.astype(np.int64), text_ids, texts, index.vectors(text_ids),
                   template.astype(np.int64), template_ids, start, end, content_keys(texts))


def _identify(
    window: _Window, db: StateDB, dim: int, clusters_cfg: ClusterConfig, nightly_cfg: NightlyConfig,
    points: PointVectors | None,
) -> tuple[Identity, Clustering]:
    """Tonight's clusters over the window, under the ids they had yesterday; dense labels for scoring."""
    requests_per_text = np.bincount(window.unique, minlength=len(window.text_ids)).astype(np.float64)
    tonight = cluster_templates(
        window.vectors, window.template, requests_per_text, window.text_keys, clusters_cfg, points
    )
    run_of_template = np.full(len(window.template_ids), -1, dtype=np.int64)
    run_of_template[window.template] = tonight.labels
    weight = np.bincount(window.template, weights=requests_per_text, minlength=len(window.template_ids))
    previous = db.resolve_merged(db.clusters_of_templates(window.template_ids))
    identity = match_clusters(
        previous, run_of_template, weight, tonight.centroids, db.known_clusters(dim),
        int(db.meta("next_cluster_id")), nightly_cfg.revive_similarity,
    )
    stable_of_text = identity.stable[window.template]
    labels = renumber_by_size(stable_of_text, requests_per_text)  # largest first, as a one-off run numbers them
    clustered = labels >= 0
    window.cluster_ids = np.zeros(int(labels.max(initial=-1)) + 1, dtype=np.int64)
    window.cluster_ids[labels[clustered]] = stable_of_text[clustered]
    return identity, Clustering(labels, centroids_of(window.vectors, labels, len(window.cluster_ids)), tonight.n_points)
