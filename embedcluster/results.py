"""Assemble the output tables: clusters with templates and reasons, accounts, per-request assignments."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from embedcluster.capabilities import OTHER, CapabilityScorer
from embedcluster.clusters import Clustering
from embedcluster.config import Config
from embedcluster.schema import ACCOUNTS, ASSIGNMENTS, CLUSTERS, TEXTS
from embedcluster.scoring import (
    AccountClusterPairs,
    AccountMeta,
    RequestArrays,
    campaign_traffic_share,
    cluster_features,
    dedication,
    score_accounts,
    score_cluster,
    shape,
)
from embedcluster.templates import Template, extract_template, lexical_overlap

KEYWORD_SAMPLE = 64
EXEMPLARS = 5


@dataclass(frozen=True)
class OutputIds:
    """The id each dense index is published under (a nightly state's stable ids); identity when absent."""

    text: np.ndarray
    template: np.ndarray
    cluster: np.ndarray


@dataclass
class Outputs:
    assignments: pa.Table
    clusters: pa.Table
    accounts: pa.Table
    texts: pa.Table


def _groups(labels: np.ndarray) -> dict[int, np.ndarray]:
    """Indices of each non-negative label, in one sort."""
    order = np.argsort(labels, kind="stable")
    sorted_labels = labels[order]
    values, starts = np.unique(sorted_labels, return_index=True)
    ends = np.append(starts[1:], len(order))
    return {int(v): order[s:e] for v, s, e in zip(values, starts, ends) if v >= 0}


def _sample(pool: np.ndarray, limit: int, rng: np.random.Generator) -> np.ndarray:
    return pool if len(pool) <= limit else rng.choice(pool, limit, replace=False)


def _cluster_templates(
    unique_members: np.ndarray, template_of_text: np.ndarray, weights: np.ndarray, texts: list[str], config: Config, rng: np.random.Generator
) -> tuple[Template, float]:
    """The template shown (of the cluster's largest template group, else of a sample) and the sample's lexical overlap."""
    limit, examples = config.templates.sample_for_text, config.templates.max_slot_examples
    sample = [texts[i] for i in _sample(unique_members, limit, rng)]
    overlap = lexical_overlap(sample)
    groups, inverse = np.unique(template_of_text[unique_members], return_inverse=True)
    largest = unique_members[inverse == int(np.argmax(np.bincount(inverse, weights=weights[unique_members])))]
    if len(groups) > 1 and len(largest) >= 2:
        sample = [texts[i] for i in _sample(largest, limit, rng)]
    return extract_template(sample, examples), overlap


def build_outputs(
    requests: pa.Table,
    account_ids: pa.Array,
    req: RequestArrays,
    meta: AccountMeta,
    texts: list[str],
    vectors: np.ndarray,
    clustering: Clustering,
    text_capability: np.ndarray,
    scorer: CapabilityScorer,
    config: Config,
    ids: OutputIds | None = None,
) -> Outputs:
    ids = ids or OutputIds(
        np.arange(len(texts)), np.arange(int(req.template.max(initial=-1)) + 1), np.arange(len(clustering.centroids))
    )
    rng = np.random.default_rng(config.clusters.seed)
    n_clusters = len(clustering.centroids)
    n_templates = int(req.template.max(initial=-1)) + 1
    template_accounts = _distinct_per_group(req.template, req.account, n_templates)
    template_texts = _distinct_per_group(req.template, req.unique, n_templates)
    requests_per_text = np.bincount(req.unique, minlength=len(texts)).astype(np.float64)
    template_of_text = np.zeros(len(texts), dtype=np.int64)
    template_of_text[req.unique] = req.template

    request_groups = _groups(req.cluster)
    text_groups = _groups(clustering.labels)
    described = []
    for c in range(n_clusters):
        members, unique_members = request_groups[c], text_groups[c]
        template, overlap = _cluster_templates(unique_members, template_of_text, requests_per_text, texts, config, rng)
        features = cluster_features(members, req, template_accounts, template_texts, overlap, meta, config.scoring)
        sample = _sample(unique_members, KEYWORD_SAMPLE, rng)
        scores = 0.7 * _known_mean(text_capability[unique_members]) + 0.3 * scorer.keywords([texts[i] for i in sample]).mean(axis=0)
        described.append((template, features, scores))

    # Dedication needs every cluster's shape first: campaigns spread over sibling clusters.
    pairs = AccountClusterPairs.of(req, n_clusters)
    cluster_shape = np.array([shape(features, config.scoring) for _, features, _ in described])
    traffic_share = campaign_traffic_share(pairs, cluster_shape, req.n_accounts)
    cluster_dedication = dedication(pairs, traffic_share, n_clusters)

    columns: dict[str, list] = {name: [] for name in CLUSTERS.names}
    cluster_risk = np.zeros(n_clusters)
    cluster_capability = [OTHER] * n_clusters
    for c, (template, features, scores) in enumerate(described):
        members, unique_members = request_groups[c], text_groups[c]
        features["dedication"] = float(cluster_dedication[c])
        capability = scorer.label(scores[None, :])[0]
        capability_score = float(scores.max())
        result = score_cluster(features, capability, capability_score, config.scoring)
        cluster_risk[c] = result.risk
        cluster_capability[c] = capability
        columns["cluster_id"].append(int(ids.cluster[c]))
        columns["size"].append(len(members))
        columns["n_accounts"].append(int(features["n_accounts"]))
        columns["n_templates"].append(int(len(np.unique(template_of_text[unique_members]))))
        columns["first_seen"].append(int(req.timestamp[members].min()))
        columns["last_seen"].append(int(req.timestamp[members].max()))
        columns["capability"].append(capability)
        columns["capability_scores"].append(list(zip(scorer.names, map(float, np.round(scores, 4)))))
        columns["template"].append(template.text)
        columns["example_slot_values"].append(template.slot_examples)
        columns["risk_score"].append(round(result.risk, 4))
        columns["flagged"].append(result.flagged)
        columns["reasons"].append(result.reasons)
        columns["exemplar_request_ids"].append(_exemplars(members, req, vectors, clustering.centroids[c], requests))
    clusters = pa.table(columns, schema=CLUSTERS)

    accounts_scores = score_accounts(req, cluster_risk, meta, config.scoring, ids.cluster)
    accounts = _accounts_table(account_ids, req, accounts_scores)
    assignments = _assignments_table(requests, req, cluster_risk, cluster_capability, text_capability, scorer, ids)
    texts_table = pa.table(
        {
            "text_id": pa.array(ids.text, pa.int64()),
            "template_id": pa.array(ids.template[template_of_text], pa.int64()),
            "cluster_id": pa.array(_published(clustering.labels, ids.cluster), pa.int64()),
            "text": pa.array(texts, pa.string()),
        },
        schema=TEXTS,
    )
    return Outputs(assignments, clusters, accounts, texts_table)


def _published(labels: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """Dense labels (-1 for none) under their published ids."""
    return np.where(labels >= 0, ids[np.clip(labels, 0, None)] if len(ids) else -1, -1)


def _distinct_per_group(groups: np.ndarray, values: np.ndarray, n_groups: int) -> np.ndarray:
    """How many distinct values each group has (e.g. accounts per template)."""
    if not len(groups):
        return np.zeros(n_groups, dtype=np.int64)
    pairs = np.unique(np.stack([groups, values], axis=1), axis=0)
    return np.bincount(pairs[:, 0], minlength=n_groups)


def _exemplars(members: np.ndarray, req: RequestArrays, vectors: np.ndarray, centroid: np.ndarray, requests: pa.Table) -> list[str]:
    """Requests closest to the cluster centre, one per account, so an analyst sees typical members."""
    sims = vectors[req.unique[members]] @ centroid
    chosen, seen = [], set()
    for i in members[np.argsort(-sims, kind="stable")]:
        account = int(req.account[i])
        if account in seen:
            continue
        seen.add(account)
        chosen.append(int(i))
        if len(chosen) == EXEMPLARS:
            break
    return requests.column("request_id").take(pa.array(chosen, pa.int64())).to_pylist()


def _accounts_table(account_ids: pa.Array, req: RequestArrays, scores) -> pa.Table:
    n = req.n_accounts
    first = np.full(n, np.iinfo(np.int64).max)
    last = np.full(n, np.iinfo(np.int64).min)
    np.minimum.at(first, req.account, req.timestamp)
    np.maximum.at(last, req.account, req.timestamp)
    return pa.table(
        {
            "account_id": account_ids,
            "n_requests": pa.array(np.bincount(req.account, minlength=n), pa.int64()),
            "first_seen": pa.array(first, pa.int64()).cast(ACCOUNTS.field("first_seen").type),
            "last_seen": pa.array(last, pa.int64()).cast(ACCOUNTS.field("last_seen").type),
            "risk_score": pa.array(np.round(scores.risk, 4), pa.float64()),
            "flagged": pa.array(scores.flagged, pa.bool_()),
            "reasons": pa.array(scores.reasons, pa.list_(pa.string())),
            "top_cluster_ids": pa.array(scores.top_clusters, pa.list_(pa.int64())),
            "ring_id": pa.array(scores.ring, pa.int64()),
        },
        schema=ACCOUNTS,
    )


def _known_mean(rows: np.ndarray) -> np.ndarray:
    """Mean of the rows that were measured (NaN rows were not: see pipeline.tag_capabilities)."""
    known = ~np.isnan(rows).any(axis=1)
    return rows[known].mean(axis=0) if known.any() else np.zeros(rows.shape[1])


def _assignments_table(
    requests: pa.Table,
    req: RequestArrays,
    cluster_risk: np.ndarray,
    cluster_capability: list[str],
    text_capability: np.ndarray,
    scorer: CapabilityScorer,
    ids: OutputIds,
) -> pa.Table:
    own = np.array(scorer.label(text_capability), dtype=object) if len(text_capability) else np.zeros(0, dtype=object)
    capability = own[req.unique] if len(own) else np.zeros(0, dtype=object)
    clustered = req.cluster >= 0
    if clustered.any():
        capability[clustered] = np.array(cluster_capability, dtype=object)[req.cluster[clustered]]
    risk = np.where(clustered, cluster_risk[np.clip(req.cluster, 0, None)] if len(cluster_risk) else 0.0, 0.0)
    return pa.table(
        {
            "request_id": requests.column("request_id"),
            "account_id": requests.column("account_id"),
            "timestamp": requests.column("timestamp"),
            "template_id": pa.array(ids.template[req.template], pa.int64()),
            "cluster_id": pa.array(_published(req.cluster, ids.cluster), pa.int64()),
            "capability": pa.array(list(capability), pa.string()),
            "risk_score": pa.array(np.round(risk, 4), pa.float64()),
            "text_id": pa.array(ids.text[req.unique], pa.int64()),
        },
        schema=ASSIGNMENTS,
    )
