"""Cluster and account risk from measured features, each one reported as a reason.

A campaign is the combination of signals, never one alone (see README,
"How look-alikes are told apart"):

    shape        = coordination x templated x coverage
    cluster risk = shape x capability' x dedication' x youth'  (+ shared infrastructure)

- coordination: effective number of accounts (inverse Herfindahl of the traffic
  share), so one loud account with a few helpers is not "many accounts";
- templated: the larger of the share of requests in near-duplicate template
  groups used by several accounts, and the lexical overlap of members with
  their closest sibling (slot-filled frames share most word pairs, prompts
  that are merely on one topic share few);
- coverage: distinct slot fillings (a pasted text repeats itself);
- capability': 0.6 + 0.4 x how strongly the cluster probes a listed capability
  (a campaign after a skill no prototype names still counts, a little less);
- dedication: how much of its members' traffic goes to campaign-shaped
  clusters at all (a campaign spreads its accounts over several templates;
  people pasting a jailbreak do so now and then among their own traffic);
- youth': 1 - 0.4 x the members' mean establishment (0 for a young or unknown
  account, 1 for one over 90 days old when first seen).

An account's risk is the risk of the risky clusters its traffic falls in, times
how much of its traffic (share and count) falls there, so cover traffic and a
campaign split over sibling clusters do not dilute it. It is damped for an
established account (customers have histories; campaigns burn fresh accounts)
and raised when it shares network or payment fingerprints with other flagged
accounts. Missing metadata is neutral: it never raises or lowers a score.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from embedcluster.config import ScoringConfig
from embedcluster.features import DAY_MS, AccountClusterPairs, AccountMeta, RequestArrays, cluster_features, established

_SHAPE_FOR_CAMPAIGN_TRAFFIC = 0.35
_RISKY_SHARE_FULL = 0.25
_OVERLAP_FLOOR, _OVERLAP_FULL = 0.15, 0.45


@dataclass
class ClusterScore:
    risk: float
    flagged: bool
    reasons: list[str]
    n_accounts: int = 0


@dataclass
class AccountScores:
    risk: np.ndarray
    flagged: np.ndarray
    reasons: list[list[str]]
    top_clusters: list[list[int]]
    ring: np.ndarray


def coordination(effective_accounts: float, n_accounts: float, cfg: ScoringConfig) -> float:
    value = float(1.0 - np.exp(-max(0.0, effective_accounts - 1.0) / cfg.accounts_half_saturation))
    return value * 0.3 if n_accounts < cfg.min_accounts else value


def shape(features: dict[str, float], cfg: ScoringConfig) -> float:
    """How campaign-shaped a cluster is before asking what it probes: many accounts, one frame, many fillings."""
    coverage = min(1.0, max(features["distinct_ratio"] / 0.3, features["distinct_texts"] / 50))
    templated = templatedness(features)
    return coordination(features["effective_accounts"], features["n_accounts"], cfg) * templated * coverage


def templatedness(features: dict[str, float]) -> float:
    lexical = (features["lexical_overlap"] - _OVERLAP_FLOOR) / (_OVERLAP_FULL - _OVERLAP_FLOOR)
    return float(max(features["templated_share"], min(1.0, max(0.0, lexical))))


def campaign_traffic_share(pairs: AccountClusterPairs, cluster_shape: np.ndarray, n_accounts: int) -> np.ndarray:
    """Per account: the share of its traffic in campaign-shaped clusters, whichever they are."""
    shaped = cluster_shape[pairs.cluster] >= _SHAPE_FOR_CAMPAIGN_TRAFFIC
    out = np.zeros(n_accounts)
    np.add.at(out, pairs.account[shaped], pairs.count[shaped] / pairs.total[shaped])
    return out


def dedication(pairs: AccountClusterPairs, traffic_share: np.ndarray, n_clusters: int) -> np.ndarray:
    """Per cluster: the median member's share of traffic in campaign-shaped clusters."""
    out = np.zeros(n_clusters)
    if not len(pairs.cluster):
        return out
    order = np.argsort(pairs.cluster, kind="stable")
    clusters = pairs.cluster[order]
    starts = np.flatnonzero(np.r_[True, np.diff(clusters) != 0])
    for start, end in zip(starts, np.r_[starts[1:], len(order)]):
        out[clusters[start]] = np.median(traffic_share[pairs.account[order[start:end]]])
    return out


def score_clusters(
    req: RequestArrays,
    members: list[np.ndarray],
    lexical_overlap: list[float],
    capability: list[str],
    capability_score: list[float],
    meta: AccountMeta,
    cfg: ScoringConfig,
) -> list[ClusterScore]:
    """Risk and reasons of every cluster, given the indices of each one's requests.

    Dedication needs every cluster's shape first: campaigns spread over sibling clusters.
    """
    n_templates = int(req.template.max(initial=-1)) + 1
    template_accounts = _distinct_per_group(req.template, req.account, n_templates)
    template_texts = _distinct_per_group(req.template, req.unique, n_templates)
    features = [
        cluster_features(m, req, template_accounts, template_texts, overlap, meta, cfg)
        for m, overlap in zip(members, lexical_overlap)
    ]
    pairs = AccountClusterPairs.of(req, len(members))
    cluster_shape = np.array([shape(f, cfg) for f in features])
    traffic_share = campaign_traffic_share(pairs, cluster_shape, req.n_accounts)
    cluster_dedication = dedication(pairs, traffic_share, len(members))
    scores = []
    for c, f in enumerate(features):
        f["dedication"] = float(cluster_dedication[c])
        scores.append(score_cluster(f, capability[c], capability_score[c], cfg))
    return scores


def _distinct_per_group(groups: np.ndarray, values: np.ndarray, n_groups: int) -> np.ndarray:
    """How many distinct values each group has (e.g. accounts per template)."""
    if not len(groups):
        return np.zeros(n_groups, dtype=np.int64)
    pairs = np.unique(np.stack([groups, values], axis=1), axis=0)
    return np.bincount(pairs[:, 0], minlength=n_groups)


def score_cluster(
    features: dict[str, float], capability: str, capability_score: float, cfg: ScoringConfig
) -> ClusterScore:
    base = shape(features, cfg)
    youth = 1.0 - 0.4 * features["established"]
    risk = base * (0.6 + 0.4 * capability_score) * (0.3 + 0.7 * features["dedication"]) * youth
    risk += 0.1 * features["infra_share"] * base
    risk = float(min(1.0, risk))
    reasons = _cluster_reasons(features, capability, capability_score, cfg)
    return ClusterScore(risk, risk >= cfg.cluster_flag_threshold, reasons, int(features["n_accounts"]))


def _cluster_reasons(f: dict[str, float], capability: str, capability_score: float, cfg: ScoringConfig) -> list[str]:
    coord = coordination(f["effective_accounts"], f["n_accounts"], cfg)
    reasons = [
        f"coordination {coord:.2f}: {int(f['n_accounts'])} accounts, effectively {f['effective_accounts']:.1f} "
        f"(largest sends {f['top_account_share']:.0%} of {int(f['size'])} requests)",
        f"templated {templatedness(f):.2f}: {f['templated_share']:.0%} of requests in near-duplicate templates shared "
        f"by several accounts; a typical prompt shares {f['lexical_overlap']:.0%} of its word pairs with a sibling",
        f"slot coverage: {int(f['distinct_texts'])} distinct fillings ({f['distinct_ratio']:.0%} of requests)",
        f"capability: {capability} ({capability_score:.2f})",
        f"dedication: members send a median {f['dedication']:.0%} of their traffic to campaign-shaped clusters",
    ]
    if f["young_share"] >= 0:
        reasons.append(
            f"account age: {f['young_share']:.0%} created under {cfg.young_account_days:g} days before first seen; "
            f"establishment {f['established']:.2f} (damps risk by up to 40%)"
        )
    if f["infra_share"] > 0:
        reasons.append(f"shared infrastructure: {f['infra_share']:.0%} of accounts share a network or payment fingerprint")
    if 0 <= f["timing_cv"] < 0.35:
        reasons.append(f"machine-regular timing: median gap variation {f['timing_cv']:.2f}")
    return reasons


def score_accounts(
    req: RequestArrays,
    cluster_risk: np.ndarray,
    meta: AccountMeta,
    cfg: ScoringConfig,
    cluster_ids: np.ndarray | None = None,
) -> AccountScores:
    """Share and count of each account's traffic in risky clusters, at their risk; then age, infrastructure, rings.

    `cluster_ids` names each cluster index in reasons and top clusters (stable ids of a nightly state).
    """
    n = req.n_accounts
    names = np.arange(len(cluster_risk)) if cluster_ids is None else cluster_ids
    pairs = AccountClusterPairs.of(req, len(cluster_risk))
    pair_risk = cluster_risk[pairs.cluster]
    risky = pair_risk >= cfg.cluster_flag_threshold / 2
    risky_requests = np.bincount(pairs.account[risky], weights=pairs.count[risky], minlength=n)
    risk_mass = np.bincount(pairs.account[risky], weights=(pairs.count * pair_risk)[risky], minlength=n)
    totals = np.bincount(req.account, minlength=n).astype(np.float64)
    level = np.divide(risk_mass, risky_requests, out=np.zeros(n), where=risky_requests > 0)
    volume = np.minimum(1.0, risky_requests / cfg.min_account_requests_in_cluster)
    share = np.minimum(1.0, np.divide(risky_requests, totals, out=np.zeros(n), where=totals > 0) / _RISKY_SHARE_FULL)
    first_seen = np.full(n, np.iinfo(np.int64).max)
    np.minimum.at(first_seen, req.account, req.timestamp)
    settled = established(meta.created, first_seen, cfg)
    risk = level * volume * share * (1.0 - 0.4 * settled)

    reasons: list[list[str]] = [[] for _ in range(n)]
    top: list[list[int]] = [[] for _ in range(n)]
    for p in np.lexsort((pairs.cluster, -pairs.count * pair_risk)):
        a, c = int(pairs.account[p]), int(pairs.cluster[p])
        if len(top[a]) < 5:
            top[a].append(int(names[c]))
        if risky[p] and len(reasons[a]) < 3:
            reasons[a].append(
                f"{pairs.count[p]} of {int(totals[a])} requests ({pairs.count[p] / totals[a]:.0%}) in cluster {names[c]} "
                f"(risk {cluster_risk[c]:.2f})"
            )
    for a in np.flatnonzero((settled > 0) & (risk > 0)):
        age = (first_seen[a] - meta.created[a]) / DAY_MS
        reasons[a].append(f"damped: account was {age:.0f} days old when first seen (campaigns burn fresh accounts)")

    flagged_infra = _infra_shared_by(meta, risk >= cfg.account_flag_threshold)
    for a in np.flatnonzero(risk >= cfg.account_flag_threshold / 2):
        linked = sorted(k for k in meta.infra[a] if k in flagged_infra)
        if linked:
            risk[a] = min(1.0, risk[a] + 0.15)
            reasons[a].append(f"shares {', '.join(linked[:3])} with flagged accounts")
    ring = _rings(pairs, pair_risk, meta, risk, cfg)
    ring_sizes = np.bincount(ring[ring >= 0]) if (ring >= 0).any() else np.zeros(0, int)
    for a in np.flatnonzero(ring >= 0):
        reasons[a].append(f"ring {ring[a]}: {ring_sizes[ring[a]]} accounts linked by shared clusters or infrastructure")
    return AccountScores(risk, risk >= cfg.account_flag_threshold, reasons, top, ring)


def _infra_shared_by(meta: AccountMeta, accounts: np.ndarray) -> set[str]:
    """Network and payment keys used by at least two of the given accounts."""
    counts: dict[str, int] = {}
    for a in np.flatnonzero(accounts):
        for key in meta.infra[a]:
            counts[key] = counts.get(key, 0) + 1
    return {key for key, count in counts.items() if count >= 2}


def _rings(
    pairs: AccountClusterPairs, pair_risk: np.ndarray, meta: AccountMeta, risk: np.ndarray, cfg: ScoringConfig
) -> np.ndarray:
    """Connected components of suspicious accounts joined by flagged clusters and shared infrastructure."""
    n = len(risk)
    suspicious = risk >= cfg.account_flag_threshold / 2
    strong = (pair_risk >= cfg.cluster_flag_threshold) & suspicious[pairs.account]
    edges_a = list(pairs.account[strong])
    edges_b = [f"cluster:{c}" for c in pairs.cluster[strong]]
    for a in np.flatnonzero(suspicious):
        for key in meta.infra[a]:
            edges_a.append(a)
            edges_b.append(key)
    ring = np.full(n, -1, dtype=np.int64)
    if not edges_a:
        return ring
    node_of = {k: n + i for i, k in enumerate(dict.fromkeys(edges_b))}
    total = n + len(node_of)
    graph = coo_matrix(
        (np.ones(len(edges_a), dtype=np.int8), (np.asarray(edges_a, dtype=np.int64), [node_of[b] for b in edges_b])),
        shape=(total, total),
    )
    _, labels = connected_components(graph, directed=False)
    members = np.flatnonzero(suspicious)
    components, counts = np.unique(labels[members], return_counts=True)
    # Rings numbered by decreasing size, so ring 0 is the largest; a lone account is no ring.
    ranked = components[counts >= 2][np.argsort(-counts[counts >= 2], kind="stable")]
    mapping = {int(c): i for i, c in enumerate(ranked)}
    for a in members:
        ring[a] = mapping.get(int(labels[a]), -1)
    return ring
