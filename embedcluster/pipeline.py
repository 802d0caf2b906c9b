"""`run()`: request logs in, flagged clusters and accounts out. Reads as its own table of contents."""

from __future__ import annotations

import ctypes
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from embedcluster import __version__
from embedcluster.capabilities import CapabilityScorer, load_capabilities
from embedcluster.clusters import Clustering, cluster_templates, map_2d
from embedcluster.config import Config, EmbedConfig
from embedcluster.embed import Embedder, EmbeddingCache, SentenceTransformerEmbedder, embed_texts
from embedcluster.errors import OutputError
from embedcluster.index import VectorIndex, build_index
from embedcluster.accounts import account_meta
from embedcluster.ingest import DuplicateFilter, expand_inputs, parse_chunk, read_chunks
from embedcluster.normalize import embedding_window
from embedcluster.outputs import RUN_MARKER, StagedOutput
from embedcluster.results import OutputIds, Outputs, build_outputs
from embedcluster.scoring import RequestArrays
from embedcluster.store import build_run_database
from embedcluster.templates import group_templates, neighbour_graph

ProgressFn = Callable[[str, int, "int | None"], None]
_FINE_GRAINED = {"ingest", "embed"}


def no_progress(stage: str, done: int, total: int | None) -> None:
    return None


@dataclass
class Ingested:
    """Accepted requests without their text, and each distinct text once."""

    requests: pa.Table
    unique_of_request: np.ndarray
    texts: list[str]
    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class RunResult:
    out_dir: Path
    summary: dict
    clusters: pa.Table
    accounts: pa.Table


@contextmanager
def timed_stage(timings: dict[str, float], stage: str, progress: ProgressFn) -> Iterator[None]:
    """Time a stage; stages without finer progress show as one step."""
    start = time.perf_counter()
    progress(stage, 0, None)
    yield
    timings[stage] = round(time.perf_counter() - start, 3)
    if stage not in _FINE_GRAINED:
        progress(stage, 1, 1)


def ingest(
    inputs: list[str], config: Config, rejected_path: Path, progress: ProgressFn = no_progress
) -> Ingested:
    """Stream all inputs chunk by chunk; keep per-request codes and each distinct text once."""
    cfg = config.ingest
    paths = expand_inputs(inputs)
    dedupe = DuplicateFilter()
    text_index: dict[str, int] = {}
    texts: list[str] = []
    batches: list[pa.RecordBatch] = []
    unique_parts: list[np.ndarray] = []
    rows_read = rejected = 0
    with _rejected_file(rejected_path) as write_rejected:
        for chunk in read_chunks(paths, cfg.chunk_rows):
            rows_read += len(chunk)
            parsed = parse_chunk(chunk, cfg)
            write_rejected(b"".join(row.to_json() for row in parsed.rejected))
            rejected += len(parsed.rejected)
            batch = dedupe(parsed.batch)
            codes = np.empty(batch.num_rows, dtype=np.int64)
            hashes = batch.column("task_hash").to_pylist()
            for i, (key, text) in enumerate(zip(hashes, batch.column("task_text").to_pylist())):
                code = text_index.get(key)
                if code is None:
                    code = text_index[key] = len(texts)
                    texts.append(embedding_window(text, config.embed.head_chars, config.embed.tail_chars))
                codes[i] = code
            unique_parts.append(codes)
            batches.append(batch.drop_columns(["task_text"]))
            progress("ingest", rows_read, None)
    progress("ingest", rows_read, rows_read)
    schema = batches[0].schema if batches else None
    requests = pa.Table.from_batches(batches, schema=schema) if batches else empty_requests()
    counts = {
        "rows_read": rows_read,
        "accepted": requests.num_rows,
        "rejected": rejected,
        "duplicates": dedupe.duplicates,
        "distinct_texts": len(texts),
    }
    unique = np.concatenate(unique_parts) if unique_parts else np.zeros(0, dtype=np.int64)
    _return_freed_memory()
    return Ingested(requests, unique, texts, counts)


def _return_freed_memory() -> None:
    """Hand the parsed chunks' freed memory back to the system before the vectors are allocated.

    Chunks of long prompts leave the allocators holding freed pages; on a night of
    a million requests that is gigabytes of resident memory nobody uses.
    """
    pa.default_memory_pool().release_unused()
    with suppress(OSError, AttributeError):  # glibc only
        ctypes.CDLL("libc.so.6").malloc_trim(0)


@contextmanager
def _rejected_file(path: Path) -> Iterator[Callable[[bytes], None]]:
    """A writer for rejected rows whose failures (a full disk) are one OutputError line."""

    def fail(exc: OSError) -> OutputError:
        return OutputError(f"cannot write {path.name} in {path.parent}: {exc.strerror or exc}")

    try:
        handle = path.open("wb")
    except OSError as exc:
        raise fail(exc) from None

    def write(data: bytes) -> None:
        try:
            handle.write(data)
        except OSError as exc:
            raise fail(exc) from None

    try:
        yield write
    except BaseException:
        with suppress(OSError):  # the error being raised already says what went wrong
            handle.close()
        raise
    try:
        handle.close()  # flushes: a full disk may show only here
    except OSError as exc:
        raise fail(exc) from None


def empty_requests() -> pa.Table:
    from embedcluster.schema import REQUESTS

    return REQUESTS.empty_table().drop_columns(["task_text"])


def make_embedder(cfg: EmbedConfig) -> Embedder:
    """The embedder every text goes through: what indexes, templates, centroids, assign and similar use."""
    return make_embedders(cfg)[0]


def make_embedders(cfg: EmbedConfig) -> tuple[Embedder, Embedder | None]:
    """The bulk embedder, and the transformer for the points clustering sees when the bulk is static."""
    transformer = SentenceTransformerEmbedder(cfg)
    if cfg.bulk == "transformer":
        return transformer, None
    from embedcluster.static import StaticEmbedder

    return StaticEmbedder(transformer, cfg.static_dir or default_cache_dir() / "static", cfg.static_dims), transformer


class PointVectors:
    """The transformer's vectors for the rows clustering samples, through the embedding cache.

    Keeps the last rows and vectors, which capability tagging reuses; the time
    spent goes to timings['embed_points'].
    """

    def __init__(self, embedder: Embedder, texts: list[str], config: Config, timings: dict[str, float]) -> None:
        self.embedder = embedder
        self._texts = texts
        self._config = config
        self._timings = timings
        self.rows = np.zeros(0, dtype=np.int64)
        self.vectors = np.zeros((0, embedder.dim), dtype=np.float32)
        self.cache_hits = 0

    def __call__(self, rows: np.ndarray) -> np.ndarray:
        start = time.perf_counter()
        self.vectors, self.cache_hits = embed_distinct(
            [self._texts[i] for i in rows], self.embedder, self._config, no_progress
        )
        self.rows = np.asarray(rows, dtype=np.int64)
        self._timings["embed_points"] = round(time.perf_counter() - start, 3)
        return self.vectors


def default_cache_dir() -> Path:
    return Path.home() / ".cache" / "embedcluster"


def run(
    inputs: list[str],
    out_dir: Path,
    config: Config,
    progress: ProgressFn = no_progress,
    embedder: Embedder | None = None,
    point_embedder: Embedder | None = None,
) -> RunResult:
    """`embedder` replaces the configured bulk embedder; clustering then uses its vectors unless
    `point_embedder` is given too."""
    started = datetime.now(timezone.utc).isoformat(timespec="seconds")
    timings: dict[str, float] = {}
    staged = StagedOutput(out_dir)
    try:
        with timed_stage(timings, "ingest", progress):
            data = ingest(inputs, config, staged.file("rejected.jsonl"), progress)
        with timed_stage(timings, "load_model", progress):
            if embedder is None:
                embedder, point_embedder = make_embedders(config.embed)
        with timed_stage(timings, "embed", progress):
            vectors, cache_hits = embed_distinct(data.texts, embedder, config, progress)
        with timed_stage(timings, "index", progress):
            ids = np.arange(len(vectors), dtype=np.int64)
            index = build_index(vectors, ids, config.index) if len(vectors) else None
            neighbours = neighbour_graph(index, vectors, config.index.neighbors) if index else None
        with timed_stage(timings, "templates", progress):
            template_of_text = (
                group_templates(neighbours, config.templates.similarity, data.texts, config.templates.min_shared_word_pairs)
                if neighbours
                else ids
            )
        with timed_stage(timings, "cluster", progress):
            requests_per_text = np.bincount(data.unique_of_request, minlength=len(vectors)).astype(np.float64)
            points = PointVectors(point_embedder, data.texts, config, timings) if point_embedder else None
            clustering = (
                cluster_templates(vectors, template_of_text, requests_per_text, config.clusters, points)
                if len(vectors)
                else Clustering(np.zeros(0, np.int64), np.zeros((0, embedder.dim), np.float32), 0)
            )
        timings["cluster"] = round(timings["cluster"] - timings.get("embed_points", 0.0), 3)
        with timed_stage(timings, "capabilities", progress):
            scorer, text_capability = tag_capabilities(vectors, embedder, config, points, clustering.labels)
        with timed_stage(timings, "score", progress):
            outputs = score_requests(
                data.requests, data.unique_of_request, data.texts, vectors, template_of_text, clustering,
                scorer, text_capability, config,
            )
        with timed_stage(timings, "write", progress):
            summary = {
                "started_at": started,
                "inputs": [str(p) for p in inputs],
                "counts": {
                    **data.counts,
                    "cache_hits": cache_hits,
                    "templates": int(len(np.unique(template_of_text))),
                    "points_embedded": len(points.rows) if points else 0,
                    "points_cache_hits": points.cache_hits if points else 0,
                },
                "timings_s": timings,
                "versions": run_versions(embedder),
                "config_digest": config.digest(),
                "index_kind": index.kind if index else None,
                "hdbscan_points": clustering.n_points,
            }
            write_run(staged, summary, outputs, clustering.centroids, index, config)
            staged.commit()
    except BaseException:
        staged.discard()
        raise
    return RunResult(out_dir, summary, outputs.clusters, outputs.accounts)


def tag_capabilities(
    vectors: np.ndarray,
    embedder: Embedder,
    config: Config,
    points: PointVectors | None = None,
    labels: np.ndarray | None = None,
) -> tuple[CapabilityScorer, np.ndarray]:
    """The capability scorer and each text's similarity to every capability's prototypes.

    Over a static bulk, similarity is measured in the transformer's space on the
    clustered points it embedded, and left NaN elsewhere: static cosines run high
    for any pair of texts, so capability becomes a property of clusters and a
    request in no cluster reads 'other'.
    """
    capabilities = load_capabilities(config.capabilities.prototypes)
    if points is None and embedder.measures_capability:
        scorer = CapabilityScorer(capabilities, embedder, config.capabilities.min_score)
        return scorer, scorer.similarity(vectors) if len(vectors) else np.zeros((0, len(scorer.names)))
    scorer = CapabilityScorer(capabilities, points.embedder if points else embedder, config.capabilities.min_score)
    out = np.full((len(vectors), len(scorer.names)), np.nan)
    clustered = labels[points.rows] >= 0 if points and labels is not None else np.zeros(0, dtype=bool)
    if clustered.any():
        out[points.rows[clustered]] = scorer.similarity(points.vectors[clustered])
    return scorer, out


def score_requests(
    requests: pa.Table,
    unique_of_request: np.ndarray,
    texts: list[str],
    vectors: np.ndarray,
    template_of_text: np.ndarray,
    clustering: Clustering,
    scorer: CapabilityScorer,
    text_capability: np.ndarray,
    config: Config,
    ids: OutputIds | None = None,
) -> Outputs:
    """Cluster and account risk with reasons, and the per-request assignments (dense template and cluster labels in)."""
    account_dict = pc.dictionary_encode(requests.column("account_id")).combine_chunks()
    account_codes = account_dict.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    req = RequestArrays(
        account=account_codes,
        cluster=clustering.labels[unique_of_request],
        template=template_of_text[unique_of_request],
        unique=unique_of_request,
        timestamp=requests.column("timestamp").cast(pa.int64()).to_numpy(zero_copy_only=False),
        n_accounts=len(account_dict.dictionary),
    )
    meta = account_meta(requests, account_dict.dictionary, account_codes, config.ingest.accounts_file, config.ingest)
    return build_outputs(
        requests, account_dict.dictionary, req, meta, texts, vectors, clustering, text_capability, scorer, config, ids
    )


def write_run(
    staged: StagedOutput,
    summary: dict,
    outputs: Outputs,
    centroids: np.ndarray,
    index: VectorIndex | None,
    config: Config,
) -> None:
    """Every file of a finished run into the staging folder, run.json last; adds the output counts to `summary`."""
    if index is not None:
        index.save(staged.file("index"))
    staged.write_table("assignments.parquet", outputs.assignments)
    staged.write_table("clusters.parquet", outputs.clusters)
    staged.write_table("accounts.parquet", outputs.accounts)
    staged.write_table("texts.parquet", outputs.texts)
    staged.write_array("centroids.npy", centroids)
    summary["counts"].update(
        {
            "clusters": outputs.clusters.num_rows,
            "flagged_clusters": int(pc.sum(outputs.clusters.column("flagged")).as_py() or 0),
            "accounts": outputs.accounts.num_rows,
            "flagged_accounts": int(pc.sum(outputs.accounts.column("flagged")).as_py() or 0),
            "rings": int(len(set(outputs.accounts.column("ring_id").to_pylist()) - {-1})),
        }
    )
    if config.report.html:
        from embedcluster.report import write_report

        map_points = _map_table(outputs.clusters, centroids, config.report.max_map_points)
        write_report(staged.file("report.html"), summary, outputs.clusters, outputs.accounts, map_points)
    build_run_database(staged.path)
    staged.write_json(RUN_MARKER, summary)


def embed_distinct(texts: list[str], embedder: Embedder, config: Config, progress: ProgressFn) -> tuple[np.ndarray, int]:
    if not texts:
        progress("embed", 0, 0)
        return np.zeros((0, embedder.dim), dtype=np.float32), 0
    done = 0

    def advance(n: int) -> None:
        nonlocal done
        done += n
        progress("embed", done, len(texts))

    if not embedder.worth_caching:
        return embed_texts(texts, embedder, None, on_progress=advance)
    cache = EmbeddingCache(config.embed.cache_dir or default_cache_dir(), embedder.dim)
    try:
        return embed_texts(texts, embedder, cache, on_progress=advance)
    finally:
        cache.close()


def _map_table(clusters: pa.Table, centroids: np.ndarray, limit: int) -> pa.Table:
    """2-D positions of the largest `limit` clusters for the report's map."""
    xy = map_2d(centroids)
    keep = slice(0, min(limit, clusters.num_rows))
    return pa.table(
        {
            "cluster_id": clusters.column("cluster_id")[keep],
            "x": pa.array(xy[keep, 0] if len(xy) else [], pa.float64()),
            "y": pa.array(xy[keep, 1] if len(xy) else [], pa.float64()),
            "size": clusters.column("size")[keep],
            "risk_score": clusters.column("risk_score")[keep],
            "flagged": clusters.column("flagged")[keep],
        }
    )


def run_versions(embedder: Embedder) -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {"embedcluster": __version__, "model": getattr(embedder, "name", type(embedder).__name__)}
    for package in ("torch", "sentence-transformers", "faiss-cpu", "hdbscan", "umap-learn", "pyarrow"):
        try:
            out[package] = version(package)
        except PackageNotFoundError:
            out[package] = "absent"
    return out
