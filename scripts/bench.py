#!/usr/bin/env python3
"""Throughput and detection of embedcluster against the plain pipeline, on one generated log.

Usage: python -m scripts.bench --requests N [--part both|embedcluster|reference] [--seed 11] [--work DIR] [--json PATH]

Generates a labelled log of N requests with realistic prompt lengths (half of
them carry a pasted file or document, so many run to several hundred tokens),
from the generator's held-out split: no template or campaign in it was used to
tune embedcluster. Then, in this process and on the same log:

(a) the plain pipeline, written out below as the reference: every accepted
    request through all-MiniLM-L6-v2 as sentence-transformers ships it
    (float32, its own 256-token limit), a FAISS neighbour graph for templates,
    UMAP and HDBSCAN over every request, then embedcluster's own scoring, so
    that the two differ only in how they embed and cluster;
(b) `embedcluster run` with the given config (default: the packaged defaults)
    and an empty embedding cache.

For each: wall and CPU seconds, requests per second, seconds per stage, peak
resident memory while it ran, and scripts.evaluate's detection scores; then
the ratio (b)/(a). A part run alone is saved in --work and joined by a later
run of the other part on the same log (the table says so), so the slow
reference can be run once per size.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import numpy as np

from embedcluster import run
from embedcluster.accounts import account_meta
from embedcluster.capabilities import tag_capabilities
from embedcluster.clusters import Clustering, centroids_of, renumber_by_size
from embedcluster.config import ClusterConfig, Config, EmbedConfig, load_config
from embedcluster.embed import SentenceTransformerEmbedder
from embedcluster.ingest import ingest
from embedcluster.outputs import StagedOutput, run_versions, write_run
from embedcluster.results import Found, build_outputs
from embedcluster.sampling import content_keys
from embedcluster.templates import group_templates, index_texts
from scripts.evaluate import evaluate, fmt_score
from scripts.measure import PeakMemory, Timer
from scripts.demo_logs.writer import generate

LONG_CONTEXT = 0.5
SPLIT = "holdout"


class Stages:
    """Wall and CPU seconds per stage (CPU time counts every thread, so it holds on a busy machine)."""

    def __init__(self) -> None:
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        with Timer() as timer:
            yield
        self.wall[name] = round(timer.wall, 2)
        self.cpu[name] = round(timer.cpu, 2)
        print(f"  {name}: {self.wall[name]:.1f} s", file=sys.stderr, flush=True)


def whole_text(text: str) -> str:
    """The reference embeds each prompt whole: the model's own 256-token limit is its only cut."""
    return text


def plain_clusters(vectors: np.ndarray, cfg: ClusterConfig) -> Clustering:
    """UMAP and HDBSCAN over every request's vector, no sampling and no joins."""
    import hdbscan
    import umap

    reduced = umap.UMAP(n_components=cfg.umap_components, n_neighbors=cfg.umap_neighbors, min_dist=0.0,
                        metric="cosine", random_state=cfg.seed).fit_transform(vectors)
    labels = hdbscan.HDBSCAN(min_cluster_size=cfg.min_cluster_size, min_samples=cfg.min_samples).fit_predict(
        reduced.astype(np.float64))
    labels = renumber_by_size(labels.astype(np.int64), np.ones(len(labels)))
    return Clustering(labels, centroids_of(vectors, labels, int(labels.max(initial=-1)) + 1), len(labels))


def plain_pipeline(log: Path, out: Path, config: Config) -> dict[str, Any]:
    """The reference: every request embedded as shipped and clustered; ingest, capabilities, scoring and
    writing are embedcluster's own stage functions, so only embedding and clustering differ."""
    stages = Stages()
    staged = StagedOutput(out)
    try:
        with stages.stage("ingest"):
            data = ingest([str(log)], config.ingest, whole_text, staged.file("rejected.jsonl"))
            texts = [data.texts[i] for i in data.unique_of_request]  # each request its own text, repeats included
        with stages.stage("load_model"):
            model = SentenceTransformerEmbedder(
                EmbedConfig(device="cpu", precision="float32", max_seq_length=256, batch_size=32)  # as shipped
            )
        with stages.stage("embed"):
            vectors = model.embed_batch(texts)
        with stages.stage("index"):
            index, neighbours = index_texts(vectors, config.index)
        with stages.stage("templates"):
            templates = group_templates(neighbours, config.templates.similarity)
        with stages.stage("cluster"):
            clustering = plain_clusters(vectors, config.clusters)
        with stages.stage("capabilities"):
            tagged = tag_capabilities(vectors, model, config.capabilities)
        with stages.stage("score"):
            found = Found(data.requests, np.arange(len(texts)), texts, vectors, templates, clustering, content_keys(texts))
            meta = account_meta(found.requests, found.account_ids, found.req.account, config.ingest)
            outputs = build_outputs(found, tagged, meta, config.templates, config.scoring, config.clusters.seed)
        with stages.stage("write"):
            summary = {"inputs": [str(log)], "counts": dict(data.counts), "timings_s": stages.wall,
                       "versions": run_versions(model.name)}
            write_run(staged, summary, outputs, clustering.centroids, index, config)
            staged.commit()
    except BaseException:
        staged.discard()
        raise
    return {"stages_s": stages.wall, "stages_cpu_s": stages.cpu, "requests": len(texts)}


def embedcluster_run(log: Path, out: Path, config: Config, cache: Path) -> dict[str, Any]:
    config = config.model_copy(update={"embed": config.embed.model_copy(update={"cache_dir": cache})})
    result = run([str(log)], out, config)
    summary = result.summary
    return {"stages_s": summary["timings_s"], "requests": summary["counts"]["accepted"], "counts": summary["counts"]}


def measure(name: str, labels: Path, out: Path, fn: Any, *args: Any) -> dict[str, Any]:
    print(f"{name}:", file=sys.stderr, flush=True)
    memory = PeakMemory()
    with Timer() as timer, memory.watch():
        part = fn(args[0], out, *args[1:])
    part["wall_s"] = round(timer.wall, 2)
    part["cpu_s"] = round(timer.cpu, 2)
    part["requests_per_s"] = round(part["requests"] / part["wall_s"], 2)
    part["peak_rss_gib"] = round(memory.peak / 2**30, 2)
    metrics = evaluate(labels, out)
    part["detection"] = {k: metrics[k] for k in ("roc_auc", "precision", "recall", "fpr")}
    part["per_campaign_recall"] = {k: v["recall"] for k, v in metrics["per_campaign"].items()}
    part["fpr_per_kind"] = {k: v["fpr"] for k, v in metrics["fpr_per_kind"].items()}
    return part


def table(result: dict[str, Any]) -> str:
    parts = {k: result[k] for k in ("reference", "embedcluster") if k in result}
    names = list(parts)
    lines = [f"{result['requests']:,} requests ({result['machine']})", "", "| | " + " | ".join(names) + " |",
             "|---" * (len(names) + 1) + "|"]

    def row(label: str, values: list[str]) -> None:
        lines.append(f"| {label} | " + " | ".join(values) + " |")

    row("wall s", [f"{p['wall_s']:,.1f}" for p in parts.values()])
    row("CPU s", [f"{p['cpu_s']:,.1f}" for p in parts.values()])
    row("requests/s", [f"{p['requests_per_s']:,.1f}" for p in parts.values()])
    row("peak RSS GiB", [f"{p['peak_rss_gib']:.2f}" for p in parts.values()])
    stages = dict.fromkeys(s for p in parts.values() for s in p["stages_s"])
    for stage in stages:
        row(f"{stage} s", [f"{p['stages_s'].get(stage, 0):,.1f}" for p in parts.values()])
    for key in ("roc_auc", "precision", "recall", "fpr"):
        row(key, [fmt_score(p["detection"][key]) for p in parts.values()])
    campaigns = dict.fromkeys(c for p in parts.values() for c in p["per_campaign_recall"])
    for campaign in campaigns:
        row(f"recall {campaign}", [fmt_score(p["per_campaign_recall"].get(campaign)) for p in parts.values()])
    if "ratio" in result:
        ratio = result["ratio"]
        lines += ["", f"embedcluster / reference: {ratio['throughput']:.1f}x requests per second (wall), "
                      f"{ratio['cpu']:.1f}x less CPU time"]
        if result.get("joined"):
            lines.append(f"(reference measured in an earlier process on the same log: {result['joined']})")
    return "\n".join(lines)


def machine() -> str:
    import torch

    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    gpu = f", GPU {torch.cuda.get_device_name(0)}" if torch.cuda.is_available() else ""
    return f"{os.cpu_count()} cores, {cpu}{gpu}, {platform.python_implementation()} {platform.python_version()}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, required=True)
    parser.add_argument("--part", choices=("both", "embedcluster", "reference"), default="both")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--config", help="YAML config (default: the packaged defaults)")
    parser.add_argument("--work", help="folder for the log, outputs and saved parts (default: a temporary folder)")
    parser.add_argument("--json", help="write the result here")
    args = parser.parse_args(argv)

    work = Path(args.work or tempfile.mkdtemp(prefix="embedcluster-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    log, labels = work / f"log-{args.requests}-{args.seed}.jsonl.gz", work / f"labels-{args.requests}-{args.seed}.parquet"
    if not log.exists():
        generate(args.seed, args.requests, log, labels, days=3, split=SPLIT, long_context=LONG_CONTEXT)
    config = load_config(args.config)
    result: dict[str, Any] = {"requests": args.requests, "seed": args.seed, "split": SPLIT,
                              "long_context": LONG_CONTEXT, "machine": machine(), "config": args.config or "packaged defaults"}
    saved = {part: work / f"{part}-{args.requests}-{args.seed}.json" for part in ("embedcluster", "reference")}
    # The reference goes first: it pays the one-off compilation of UMAP's and HDBSCAN's kernels.
    if args.part in ("both", "reference"):
        result["reference"] = measure("reference", labels, work / f"out-reference-{args.requests}",
                                      plain_pipeline, log, config)
        saved["reference"].write_text(json.dumps(result["reference"], indent=1))
    if args.part in ("both", "embedcluster"):
        with tempfile.TemporaryDirectory(dir=work) as cache:
            result["embedcluster"] = measure("embedcluster", labels, work / f"out-embedcluster-{args.requests}",
                                             embedcluster_run, log, config, Path(cache))
        saved["embedcluster"].write_text(json.dumps(result["embedcluster"], indent=1))
    for part, path in saved.items():
        if part not in result and path.exists():
            result[part] = json.loads(path.read_text())
            result["joined"] = str(path)
    if "reference" in result and "embedcluster" in result:
        ours, ref = result["embedcluster"], result["reference"]
        result["ratio"] = {"throughput": round(ours["requests_per_s"] / ref["requests_per_s"], 2),
                           "cpu": round(ref["cpu_s"] / ours["cpu_s"], 2)}
    print(table(result))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
