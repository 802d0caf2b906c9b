"""`run()`: request logs in, flagged clusters and accounts out. Reads as its own table of contents.

Each stage is a function of the module that owns it, given only its own config
section; nightly.py runs the same stages over a state's rolling window.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from functools import partial
from pathlib import Path

import numpy as np
import pyarrow as pa

from embedcluster.accounts import account_meta
from embedcluster.capabilities import tag_capabilities
from embedcluster.clusters import cluster_templates
from embedcluster.config import Config
from embedcluster.embed import Embedder, PointVectors, embed_distinct, make_embedders
from embedcluster.ingest import ingest
from embedcluster.normalize import embedding_window
from embedcluster.outputs import StagedOutput, check_out_dir, run_versions, write_run
from embedcluster.progress import ProgressFn, Timings, no_progress
from embedcluster.results import Found, build_outputs
from embedcluster.sampling import content_keys
from embedcluster.templates import index_texts, template_groups


@dataclass
class RunResult:
    out_dir: Path
    summary: dict
    clusters: pa.Table
    accounts: pa.Table


def run(
    inputs: list[str],
    out_dir: Path,
    config: Config | None = None,
    progress: ProgressFn = no_progress,
    embedder: Embedder | None = None,
    point_embedder: Embedder | None = None,
) -> RunResult:
    """Run the detector over request logs into `out_dir` (files or globs of JSONL/CSV/Parquet, optionally .gz).

    `config` defaults to the packaged defaults. `embedder` replaces the configured
    bulk embedder; clustering then uses its vectors unless `point_embedder` is given
    too. Writes the Parquet outputs, the report, `config.json` and `run.json` (last);
    a failure leaves the previous run in `out_dir` as it was. Raises
    `EmbedClusterError` subclasses with one-line messages.
    """
    config = config or Config()
    check_out_dir(out_dir)
    started = datetime.now(timezone.utc).isoformat(timespec="seconds")
    timings = Timings(progress)
    staged = StagedOutput(out_dir)
    try:
        with timings.stage("ingest"):
            window = partial(embedding_window, head_chars=config.embed.head_chars, tail_chars=config.embed.tail_chars)
            data = ingest(inputs, config.ingest, window, staged.file("rejected.jsonl"), progress)
        with timings.stage("load_model"):
            if embedder is None:
                embedder, point_embedder = make_embedders(config.embed)
        with timings.stage("embed"):
            vectors, cache_hits = embed_distinct(data.texts, embedder, config.embed.cache_dir, progress)
        with timings.stage("index"):
            index, neighbours = index_texts(vectors, config.index)
        with timings.stage("templates"):
            template_of_text = template_groups(neighbours, data.texts, config.templates)
        with timings.stage("cluster"):
            requests_per_text = np.bincount(data.unique_of_request, minlength=len(vectors)).astype(np.float64)
            text_keys = content_keys(data.texts)
            points = PointVectors(point_embedder, data.texts, config.embed.cache_dir, timings) if point_embedder else None
            clustering = cluster_templates(vectors, template_of_text, requests_per_text, text_keys, config.clusters, points)
        with timings.stage("capabilities"):
            tagged = tag_capabilities(vectors, embedder, config.capabilities, points, clustering.labels)
        with timings.stage("score"):
            found = Found(data.requests, data.unique_of_request, data.texts, vectors, template_of_text, clustering, text_keys)
            meta = account_meta(found.requests, found.account_ids, found.req.account, config.ingest)
            outputs = build_outputs(found, tagged, meta, config.templates, config.scoring, config.clusters.seed)
        with timings.stage("write"):
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
                "versions": run_versions(embedder.name),
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
