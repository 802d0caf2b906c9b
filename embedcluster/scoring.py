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

DAY_MS = 86_400_000
_SHAPE_FOR_CAMPAIGN_TRAFFIC = 0.35
_RISKY_SHARE_FULL = 0.25
_OLD_ACCOUNT_DAYS = 90.0
_OVERLAP_FLOOR, _OVERLAP_FULL = 0.15, 0.45


@dataclass
class RequestArrays:
    """Per-request integer codes; everything the scorer needs, nothing textual."""

    account: np.ndarray  # int64 account index
    cluster: np.ndarray  # int64, -1 none
    template: np.ndarray  # int64 template group
    unique: np.ndarray  # int64 index of the distinct normalized text
    timestamp: np.ndarray  # int64 ms
    n_accounts: int


@dataclass
class AccountMeta:
    created: np.ndarray  # int64 ms per account, -1 unknown
    infra: list[set[str]]  # shared-infrastructure keys per account ("ip:1.2.3", "pay:abc")


@dataclass
class ClusterScore:
    risk: float
    flagged: bool
    reasons: list[str]


@dataclass
class AccountScores:
    risk: np.ndarray
    flagged: np.ndarray
    reasons: list[list[str]]
    top_clusters: list[list[int]]
    ring: np.ndarray


@dataclass
class AccountClusterPairs:
    """Each (account, cluster) with traffic: how many requests, and the account's total."""

    account: np.ndarray
    cluster: np.ndarray
    count: np.ndarray
    total: np.ndarray

    @classmethod
    def of(cls, req: RequestArrays, n_clusters: int) -> AccountClusterPairs:
        totals = np.bincount(req.account, minlength=req.n_accounts)
        clustered = req.cluster >= 0
        keys, counts = np.unique(req.account[clustered] * (n_clusters + 1) + req.cluster[clustered], return_counts=True)
        accounts = keys // (n_clusters + 1)
        return cls(accounts, keys % (n_clusters + 1), counts, totals[accounts])


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


def _timing_cv(timestamps: np.ndarray, accounts: np.ndarray) -> float | None:
    """Median coefficient of variation of per-account gaps; machines are regular, people are not."""
    cvs = []
    order = np.lexsort((timestamps, accounts))
    acc, ts = accounts[order], timestamps[order]
    for part in np.split(ts, np.flatnonzero(np.diff(acc)) + 1):
        if len(part) >= 4:
            gaps = np.diff(part).astype(np.float64)
            if gaps.mean() > 0:
                cvs.append(gaps.std() / gaps.mean())
    return float(np.median(cvs)) if len(cvs) >= 3 else None


def cluster_features(
    members: np.ndarray,
    req: RequestArrays,
    template_accounts: np.ndarray,
    template_texts: np.ndarray,
    lexical_overlap: float,
    meta: AccountMeta,
    cfg: ScoringConfig,
) -> dict[str, float]:
    """Measured features of one cluster, given the indices of its requests (dedication comes later)."""
    accounts = req.account[members]
    ids, counts = np.unique(accounts, return_counts=True)
    shares = counts / counts.sum()
    templ = req.template[members]
    in_shared_template = (template_accounts[templ] >= 2) & (template_texts[templ] >= 3)
    first_seen = np.full(req.n_accounts, np.iinfo(np.int64).max)
    np.minimum.at(first_seen, accounts, req.timestamp[members])
    created = meta.created[ids]
    known = created >= 0
    young = (first_seen[ids][known] - created[known]) < cfg.young_account_days * DAY_MS
    settled = established(created, first_seen[ids], cfg)
    infra_counts: dict[str, int] = {}
    for a in ids:
        for key in meta.infra[a]:
            infra_counts[key] = infra_counts.get(key, 0) + 1
    shared_infra = np.array([any(infra_counts[k] >= 2 for k in meta.infra[a]) for a in ids])
    cv = _timing_cv(req.timestamp[members], accounts)
    distinct = len(np.unique(req.unique[members]))
    return {
        "size": float(len(members)),
        "n_accounts": float(len(ids)),
        "effective_accounts": float(1.0 / np.sum(shares**2)),
        "top_account_share": float(shares.max()),
        "templated_share": float(in_shared_template.mean()),
        "lexical_overlap": float(lexical_overlap),
        "distinct_texts": float(distinct),
        "distinct_ratio": float(distinct / len(members)),
        "young_share": float(young.mean()) if known.any() else -1.0,
        "established": float(settled.mean()),
        "infra_share": float(shared_infra.mean()),
        "timing_cv": -1.0 if cv is None else cv,
    }


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


def score_cluster(
    features: dict[str, float], capability: str, capability_score: float, cfg: ScoringConfig
) -> ClusterScore:
    base = shape(features, cfg)
    youth = 1.0 - 0.4 * features["established"]
    risk = base * (0.6 + 0.4 * capability_score) * (0.3 + 0.7 * features["dedication"]) * youth
    risk += 0.1 * features["infra_share"] * base
    risk = float(min(1.0, risk))
    return ClusterScore(risk, risk >= cfg.cluster_flag_threshold, _cluster_reasons(features, capability, capability_score, cfg))


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


def established(created: np.ndarray, first_seen: np.ndarray, cfg: ScoringConfig) -> np.ndarray:
    """0 for a young or unknown account, rising to 1 for one older than 90 days when first seen."""
    age_days = (first_seen - created) / DAY_MS
    ramp = (age_days - cfg.young_account_days) / (_OLD_ACCOUNT_DAYS - cfg.young_account_days)
    return np.where(created >= 0, np.clip(ramp, 0.0, 1.0), 0.0)


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
