"""Cluster and account risk from measured features, each one reported as a reason.

A campaign is the combination of signals, never one alone (see README,
"How look-alikes are told apart"):

    cluster risk = coordination x templated x coverage x capability' x dedication'  (+ youth, infrastructure)

- coordination: effective number of accounts (inverse Herfindahl of the traffic
  share), so one loud account with a few helpers is not "many accounts";
- templated: the larger of the share of requests in near-duplicate template
  groups used by several accounts, and the frame coverage (share of a member's
  words that belong to the frame all members share);
- coverage: distinct slot fillings per request (a pasted text repeats itself);
- capability: how strongly the cluster probes a valuable capability;
- dedication: how much of its members' traffic the cluster takes (campaign
  accounts exist to send it; people pasting a jailbreak do so now and then).

An account's risk is its strongest evidence of membership in a risky cluster,
so cover traffic mixed in does not dilute it, raised when it shares network or
payment fingerprints with other suspicious accounts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from embedcluster.config import ScoringConfig

DAY_MS = 86_400_000
_MIN_SHARE_FOR_MEMBERSHIP = 0.25


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
    features: dict[str, float] = field(default_factory=dict)


@dataclass
class AccountScores:
    risk: np.ndarray
    flagged: np.ndarray
    reasons: list[list[str]]
    top_clusters: list[list[int]]
    ring: np.ndarray


def _coordination(effective_accounts: float, cfg: ScoringConfig) -> float:
    return float(1.0 - np.exp(-max(0.0, effective_accounts - 1.0) / cfg.accounts_half_saturation))


def _timing_cv(timestamps: np.ndarray, accounts: np.ndarray) -> float | None:
    """Median coefficient of variation of per-account gaps; machines are regular, people are not."""
    cvs = []
    order = np.lexsort((timestamps, accounts))
    acc, ts = accounts[order], timestamps[order]
    bounds = np.flatnonzero(np.diff(acc)) + 1
    for part in np.split(ts, bounds):
        if len(part) >= 4:
            gaps = np.diff(part).astype(np.float64)
            if gaps.mean() > 0:
                cvs.append(gaps.std() / gaps.mean())
    return float(np.median(cvs)) if len(cvs) >= 3 else None


def cluster_features(
    members: np.ndarray,
    req: RequestArrays,
    account_totals: np.ndarray,
    template_accounts: np.ndarray,
    template_texts: np.ndarray,
    meta: AccountMeta,
    cfg: ScoringConfig,
) -> dict[str, float]:
    """Measured features of one cluster, given the indices of its requests."""
    accounts = req.account[members]
    ids, counts = np.unique(accounts, return_counts=True)
    shares = counts / counts.sum()
    templ = req.template[members]
    in_shared_template = (template_accounts[templ] >= 2) & (template_texts[templ] >= 3)
    first_seen = np.full(req.n_accounts, np.iinfo(np.int64).max)
    np.minimum.at(first_seen, accounts, req.timestamp[members])
    created = meta.created[ids]
    known = created >= 0
    young = ((first_seen[ids][known] - created[known]) < cfg.young_account_days * DAY_MS) if known.any() else np.zeros(0, bool)
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
        "distinct_texts": float(distinct),
        "distinct_ratio": float(distinct / len(members)),
        "dedication": float(np.median(counts / account_totals[ids])),
        "young_share": float(young.mean()) if len(young) else -1.0,
        "infra_share": float(shared_infra.mean()),
        "timing_cv": -1.0 if cv is None else cv,
    }


def score_cluster(features: dict[str, float], capability: str, capability_score: float, cfg: ScoringConfig) -> ClusterScore:
    coordination = _coordination(features["effective_accounts"], cfg)
    if features["n_accounts"] < cfg.min_accounts:
        coordination *= 0.3
    coverage = min(1.0, max(features["distinct_ratio"] / 0.3, features["distinct_texts"] / 50))
    templated = max(features["templated_share"], features.get("frame_coverage", 0.0))
    core = coordination * templated * coverage
    risk = core * (0.35 + 0.65 * capability_score) * (0.3 + 0.7 * features["dedication"])
    boosts = 0.0
    if features["young_share"] >= 0:
        boosts += 0.15 * features["young_share"] * core
    boosts += 0.1 * features["infra_share"] * core
    risk = float(min(1.0, risk + boosts))
    flagged = risk >= cfg.cluster_flag_threshold
    reasons = _cluster_reasons(features, capability, capability_score, coordination, templated)
    return ClusterScore(risk, flagged, reasons, {**features, "coordination": coordination, "templated": templated})


def _cluster_reasons(f: dict[str, float], capability: str, capability_score: float, coordination: float, templated: float) -> list[str]:
    reasons = [
        f"coordination {coordination:.2f}: {int(f['n_accounts'])} accounts, effectively {f['effective_accounts']:.1f} "
        f"(largest sends {f['top_account_share']:.0%} of {int(f['size'])} requests)",
        f"templated {templated:.2f}: {f['templated_share']:.0%} of requests in near-duplicate templates shared by "
        f"several accounts; {f.get('frame_coverage', 0.0):.0%} of a typical prompt is shared frame",
        f"slot coverage: {int(f['distinct_texts'])} distinct fillings ({f['distinct_ratio']:.0%} of requests)",
        f"capability: {capability} ({capability_score:.2f})",
        f"dedication: members send a median {f['dedication']:.0%} of their traffic here",
    ]
    if f["young_share"] >= 0:
        reasons.append(f"young accounts: {f['young_share']:.0%} created under 14 days before first seen")
    if f["infra_share"] > 0:
        reasons.append(f"shared infrastructure: {f['infra_share']:.0%} of accounts share a network or payment fingerprint")
    if f["timing_cv"] >= 0 and f["timing_cv"] < 0.35:
        reasons.append(f"machine-regular timing: median gap variation {f['timing_cv']:.2f}")
    return reasons


def score_accounts(
    req: RequestArrays, cluster_risk: np.ndarray, meta: AccountMeta, cfg: ScoringConfig
) -> AccountScores:
    """Each account's strongest membership evidence in a risky cluster, then rings and infrastructure."""
    n = req.n_accounts
    totals = np.bincount(req.account, minlength=n).astype(np.float64)
    clustered = req.cluster >= 0
    pairs = req.account[clustered] * (len(cluster_risk) + 1) + req.cluster[clustered]
    keys, pair_counts = np.unique(pairs, return_counts=True)
    pair_account, pair_cluster = keys // (len(cluster_risk) + 1), keys % (len(cluster_risk) + 1)
    share = pair_counts / totals[pair_account]
    volume = np.minimum(1.0, pair_counts / cfg.min_account_requests_in_cluster)
    membership = volume * np.minimum(1.0, share / _MIN_SHARE_FOR_MEMBERSHIP)
    evidence = cluster_risk[pair_cluster] * membership

    risk = np.zeros(n)
    np.maximum.at(risk, pair_account, evidence)
    top: list[list[int]] = [[] for _ in range(n)]
    reasons: list[list[str]] = [[] for _ in range(n)]
    for p in np.argsort(-evidence, kind="stable"):
        a, c = int(pair_account[p]), int(pair_cluster[p])
        if len(top[a]) < 5:
            top[a].append(c)
        if evidence[p] >= 0.1 and len(reasons[a]) < 3:
            reasons[a].append(
                f"{pair_counts[p]} of {int(totals[a])} requests ({share[p]:.0%}) in cluster {c} (risk {cluster_risk[c]:.2f})"
            )

    ring = _rings(pair_account, pair_cluster, evidence, meta, risk, cfg)
    ring_sizes = np.bincount(ring[ring >= 0]) if (ring >= 0).any() else np.zeros(0, int)
    suspicious = risk >= cfg.account_flag_threshold / 2
    flagged_infra = _infra_shared_by_flagged(meta, risk >= cfg.account_flag_threshold)
    for a in np.flatnonzero(suspicious):
        linked = [k for k in meta.infra[a] if k in flagged_infra]
        if linked:
            risk[a] = min(1.0, risk[a] + 0.15)
            reasons[a].append(f"shares {', '.join(sorted(linked)[:3])} with flagged accounts")
        if ring[a] >= 0:
            reasons[a].append(f"ring {ring[a]}: {ring_sizes[ring[a]]} accounts linked by shared clusters or infrastructure")
    flagged = risk >= cfg.account_flag_threshold
    return AccountScores(risk, flagged, reasons, top, ring)


def _infra_shared_by_flagged(meta: AccountMeta, flagged: np.ndarray) -> set[str]:
    """Network and payment keys used by at least two already-flagged accounts."""
    counts: dict[str, int] = {}
    for a in np.flatnonzero(flagged):
        for key in meta.infra[a]:
            counts[key] = counts.get(key, 0) + 1
    return {key for key, count in counts.items() if count >= 2}


def _rings(
    pair_account: np.ndarray,
    pair_cluster: np.ndarray,
    evidence: np.ndarray,
    meta: AccountMeta,
    risk: np.ndarray,
    cfg: ScoringConfig,
) -> np.ndarray:
    """Connected components of suspicious accounts joined by risky clusters and shared infrastructure."""
    n = len(risk)
    suspicious = risk >= cfg.account_flag_threshold / 2
    strong = (evidence >= cfg.account_flag_threshold / 2) & suspicious[pair_account]
    edges_a = list(pair_account[strong])
    edges_b = [f"cluster:{c}" for c in pair_cluster[strong]]
    for a in np.flatnonzero(suspicious):
        for key in meta.infra[a]:
            edges_a.append(a)
            edges_b.append(key)
    ring = np.full(n, -1, dtype=np.int64)
    if not edges_a:
        return ring
    other_ids = {k: n + i for i, k in enumerate(dict.fromkeys(edges_b))}
    total = n + len(other_ids)
    graph = coo_matrix(
        (np.ones(len(edges_a), dtype=np.int8), (np.asarray(edges_a, dtype=np.int64), [other_ids[b] for b in edges_b])),
        shape=(total, total),
    )
    _, labels = connected_components(graph, directed=False)
    account_labels = labels[:n]
    members = np.flatnonzero(suspicious)
    comp, counts = np.unique(account_labels[members], return_counts=True)
    rings = comp[counts >= 2]
    # Rings numbered by decreasing size, so ring 0 is the largest.
    ranked = rings[np.argsort(-counts[counts >= 2], kind="stable")]
    mapping = {int(c): i for i, c in enumerate(ranked)}
    for a in members:
        ring[a] = mapping.get(int(account_labels[a]), -1)
    return ring
