"""Assemble the output tables: clusters with templates and reasons, accounts, per-request assignments."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pyarrow as pa

from embedcluster.campaigns import group_campaigns, traffic_of
from embedcluster.capabilities import Tagged
from embedcluster.clusters import Clustering
from embedcluster.config import ScoringConfig, TemplateConfig
from embedcluster.features import AccountMeta, RequestArrays, groups, request_arrays
from embedcluster.sampling import bottom_k, content_keys
from embedcluster.schema import ACCOUNTS, ASSIGNMENTS, CLUSTERS, TEXTS
from embedcluster.scoring import (
    AccountScores, Calibration, ClusterScore, calibrate, risk_arrays, score_accounts, score_clusters,
)
from embedcluster.stability import Stability, stability_reason, verdict_stability
from embedcluster.templates import Template, extract_template, lexical_overlap

KEYWORD_SAMPLE = 64
EXEMPLARS = 5


@dataclass(frozen=True)
class OutputIds:
    """The id each dense index is published under (a nightly state's stable ids); identity when absent."""

    text: np.ndarray
    template: np.ndarray
    cluster: np.ndarray
    campaign: np.ndarray | None = None  # campaign id per dense cluster; grouped within this run when absent


@dataclass
class Outputs:
    assignments: pa.Table
    clusters: pa.Table
    accounts: pa.Table
    texts: pa.Table
    calibration: Calibration
    stability: Stability


@dataclass
class Found:
    """What the stages before scoring found: each distinct text's vector, template group and cluster."""

    requests: pa.Table
    unique_of_request: np.ndarray
    texts: list[str]
    vectors: np.ndarray
    template_of_text: np.ndarray
    clustering: Clustering
    text_keys: np.ndarray  # sampling.content_keys of `texts`

    def __post_init__(self) -> None:
        self.req, self.account_ids = request_arrays(
            self.requests, self.unique_of_request, self.template_of_text, self.clustering.labels
        )


@dataclass
class _Described:
    template: Template
    overlap: float
    capability: str
    capability_scores: np.ndarray


def _cluster_template(
    unique_members: np.ndarray, template_of_text: np.ndarray, weights: np.ndarray, texts: list[str], keys: np.ndarray,
    cfg: TemplateConfig,
) -> tuple[Template, float]:
    """The template shown (of the cluster's largest template group, else of a sample) and the sample's lexical overlap."""
    sample = [texts[i] for i in bottom_k(unique_members, cfg.sample_for_text, keys)]
    overlap = lexical_overlap(sample)
    groups, inverse = np.unique(template_of_text[unique_members], return_inverse=True)
    largest = unique_members[inverse == int(np.argmax(np.bincount(inverse, weights=weights[unique_members])))]
    if len(groups) > 1 and len(largest) >= 2:
        sample = [texts[i] for i in bottom_k(largest, cfg.sample_for_text, keys)]
    return extract_template(sample, cfg.max_slot_examples), overlap


def _describe(found: Found, tagged: Tagged, text_groups: dict[int, np.ndarray], cfg: TemplateConfig) -> list[_Described]:
    """Each cluster's readable template, lexical overlap and capability, from content-keyed samples of its texts."""
    requests_per_text = np.bincount(found.unique_of_request, minlength=len(found.texts)).astype(np.float64)
    keys = found.text_keys
    described = []
    for c in range(len(found.clustering.centroids)):
        unique_members = text_groups[c]
        template, overlap = _cluster_template(
            unique_members, found.template_of_text, requests_per_text, found.texts, keys, cfg
        )
        sample = [found.texts[i] for i in bottom_k(unique_members, KEYWORD_SAMPLE, keys)]
        scores = tagged.scorer.group_score(tagged.text_capability[unique_members], sample)
        described.append(_Described(template, overlap, tagged.scorer.label(scores[None, :])[0], scores))
    return described


def build_outputs(
    found: Found,
    tagged: Tagged,
    meta: AccountMeta,
    templates_cfg: TemplateConfig,
    scoring_cfg: ScoringConfig,
    seed: int,
    ids: OutputIds | None = None,
) -> Outputs:
    """Clusters with templates, risk and reasons; accounts; per-request assignments; texts (dense labels in)."""
    req, texts, clustering = found.req, found.texts, found.clustering
    ids = ids or OutputIds(
        np.arange(len(texts)), np.arange(int(req.template.max(initial=-1)) + 1), np.arange(len(clustering.centroids))
    )
    if ids.campaign is None:
        traffic = traffic_of(ids.cluster, req.account, req.cluster, clustering.labels, texts, found.text_keys)
        ids = replace(ids, campaign=group_campaigns(traffic).of_cluster)
    request_groups, text_groups = groups(req.cluster), groups(clustering.labels)
    described = _describe(found, tagged, text_groups, templates_cfg)
    members = [request_groups[c] for c in range(len(described))]
    evidence = (
        [d.overlap for d in described], [d.capability for d in described], [float(d.capability_scores.max()) for d in described]
    )
    scores = score_clusters(req, members, *evidence, meta, scoring_cfg)
    calibration = calibrate(req, *evidence, meta, scoring_cfg, seed)
    cluster_risk, outpost, outside_cohort = risk_arrays(scores)
    account_scores = score_accounts(
        req, cluster_risk, meta, scoring_cfg, calibration.threshold, ids.cluster, outpost, outside_cohort
    )
    stability = verdict_stability(
        req, members, evidence, meta, scoring_cfg, calibration.threshold,
        content_keys(found.requests.column("request_id").to_pylist()),
        (account_scores.flagged, np.array([s.flagged for s in scores], dtype=bool)),
    )
    _add_stability_reasons(scores, account_scores, stability)
    clusters = _clusters_table(found, members, text_groups, described, scores, tagged.scorer.names, ids, stability)
    accounts = _accounts_table(
        found.account_ids, req, account_scores, dict(zip(ids.cluster.tolist(), ids.campaign.tolist())), stability
    )
    capability = [d.capability for d in described]
    assignments = _assignments_table(found.requests, req, cluster_risk, capability, tagged, ids)
    texts_table = pa.table(
        {
            "text_id": pa.array(ids.text, pa.int64()),
            "template_id": pa.array(ids.template[found.template_of_text], pa.int64()),
            "cluster_id": pa.array(_published(clustering.labels, ids.cluster), pa.int64()),
            "text": pa.array(texts, pa.string()),
            "campaign_id": pa.array(_published(clustering.labels, ids.campaign), pa.int64()),
        },
        schema=TEXTS,
    )
    return Outputs(assignments, clusters, accounts, texts_table, calibration, stability)


def _add_stability_reasons(scores: list[ClusterScore], account_scores: AccountScores, stability: Stability) -> None:
    for score, share in zip(scores, stability.cluster):
        if (reason := stability_reason(float(share), score.flagged, stability)) is not None:
            score.reasons.append(reason)
    for a in np.flatnonzero(stability.account < 1.0):
        reason = stability_reason(float(stability.account[a]), bool(account_scores.flagged[a]), stability)
        account_scores.reasons[a].append(reason)


def _clusters_table(
    found: Found, members: list[np.ndarray], text_groups: dict[int, np.ndarray], described: list[_Described],
    scores: list[ClusterScore], capability_names: list[str], ids: OutputIds, stability: Stability,
) -> pa.Table:
    req, template_of_text = found.req, found.template_of_text
    columns: dict[str, list] = {name: [] for name in CLUSTERS.names}
    for c, (d, score) in enumerate(zip(described, scores)):
        columns["cluster_id"].append(int(ids.cluster[c]))
        columns["campaign_id"].append(int(ids.campaign[c]))
        columns["flag_stability"].append(float(stability.cluster[c]))
        columns["size"].append(len(members[c]))
        columns["n_accounts"].append(score.n_accounts)
        columns["n_templates"].append(int(len(np.unique(template_of_text[text_groups[c]]))))
        columns["first_seen"].append(int(req.timestamp[members[c]].min()))
        columns["last_seen"].append(int(req.timestamp[members[c]].max()))
        columns["capability"].append(d.capability)
        columns["capability_scores"].append(list(zip(capability_names, map(float, np.round(d.capability_scores, 4)))))
        columns["template"].append(d.template.text)
        columns["example_slot_values"].append(d.template.slot_examples)
        columns["risk_score"].append(round(score.risk, 4))
        columns["flagged"].append(score.flagged)
        columns["reasons"].append(score.reasons)
        columns["exemplar_request_ids"].append(
            _exemplars(members[c], req, found.vectors, found.clustering.centroids[c], found.requests)
        )
    return pa.table(columns, schema=CLUSTERS)


def _published(labels: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """Dense labels (-1 for none) under their published ids."""
    return np.where(labels >= 0, ids[np.clip(labels, 0, None)] if len(ids) else -1, -1)


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


def _accounts_table(
    account_ids: pa.Array, req: RequestArrays, scores: AccountScores, campaign_of: dict[int, int], stability: Stability
) -> pa.Table:
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
            "top_campaign_ids": pa.array(
                [list(dict.fromkeys(campaign_of[c] for c in top)) for top in scores.top_clusters], pa.list_(pa.int64())
            ),
            "flag_stability": pa.array(stability.account, pa.float64()),
        },
        schema=ACCOUNTS,
    )


def _assignments_table(
    requests: pa.Table,
    req: RequestArrays,
    cluster_risk: np.ndarray,
    cluster_capability: list[str],
    tagged: Tagged,
    ids: OutputIds,
) -> pa.Table:
    text_capability = tagged.text_capability
    own = np.array(tagged.scorer.label(text_capability), dtype=object) if len(text_capability) else np.zeros(0, dtype=object)
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
            "campaign_id": pa.array(_published(req.cluster, ids.campaign), pa.int64()),
        },
        schema=ASSIGNMENTS,
    )
