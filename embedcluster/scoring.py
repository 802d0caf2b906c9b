"""Cluster and account risk from measured features, each one reported as a reason.

A campaign is the combination of signals, never one alone (see README,
"How look-alikes are told apart"):

    shape        = coordination x templated x coverage
    evidence     = max(concentration, association, cohort)
    cluster risk = shape x evidence x (capability' x dedication' x youth' + shared infrastructure + cohort)

with coordination the effective number of accounts, templated the near-duplicate
share or lexical overlap, coverage the distinct fillings, concentration the
popularity null (a popular ask reaches as many accounts as its popularity
predicts, a campaign far fewer), association (an outpost's members' share of
flagged traffic), cohort (members young and sharing fresh networks with each
other), capability' what is probed, dedication' how much of members' traffic is
campaign-shaped, youth' how established members are.

An account's risk is the risk of the risky clusters its traffic falls in, times
how much of its traffic falls there, damped for established accounts and raised
by a payment fingerprint shared with flagged accounts (a network shared with flagged
accounts is a reason only: carriers and NATs are shared by strangers). A cohort's
evidence does not count for accounts known to be older than its members. An outpost counts for
an account that sends a flagged cluster of its own or two flagged clusters; for
any other account it only ranks it, below the flag (exposure). Missing metadata
is neutral. The flag threshold is calibrated on shuffled memberships (`calibrate`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from embedcluster.config import ScoringConfig
from embedcluster.features import (
    DAY_MS,
    AccountClusterPairs,
    AccountMeta,
    RequestArrays,
    cluster_features,
    cluster_reach,
    established,
    first_seen_per_account,
    fresh_networks,
    groups,
)

_SHAPE_FOR_CAMPAIGN_TRAFFIC = 0.35
_RISKY_SHARE_FULL = 0.1  # of an account's traffic in risky clusters counts fully: a sparse campaign hides among cover traffic
_OVERLAP_FLOOR, _OVERLAP_FULL = 0.15, 0.45
_ESTABLISHED_DAMPING = 0.4
_DAMPING_FADES_FROM = 4.0  # risky requests: beyond this many, over two or more flagged clusters, age damps as this over the count
_DAMPING_FADES_FOR_SHARE = 0.5  # ... and only for an account whose risky requests are at least this share of its traffic
_INFRA_FLOOR, _INFRA_BUMP = 0.5, 0.15
_REACH_PRIOR = 3.0  # pseudo-accounts added to observed and predicted reach
# A stealthy campaign sends one or two requests per account to each of many small clusters: none is
# concentrated, but their members are mostly the accounts of the campaign's flagged clusters.
_ASSOCIATION_FLOOR, _ASSOCIATION_FULL = 0.1, 0.3  # median member's share of traffic in flagged clusters
# A cohort: members young and sharing networks with each other. A popular ask's senders are a sample of the
# population (at most 15% of a legitimate cluster's accounts on the blind logs, 22% to 30% on the dev logs); a
# campaign's fresh accounts may come through a few proxies (55% to 94% of its clusters' accounts on the dev logs).
_COHORT_FLOOR, _COHORT_FULL = 0.35, 0.65
_COHORT_MIN_ACCOUNTS = 10
_COHORT_BUMP = 0.2  # a cohort is one operator's accounts: it adds to a cluster's risk like shared infrastructure, twice over
# An outpost counts for an account that sends a flagged cluster of its own, or this many distinct flagged clusters
# (outposts included): a campaign account scatters over several of the campaign's clusters, a bystander asks one
# thing (however often), or one thing there and another in a merely risky cluster.
_OUTPOST_SPREAD = 2
# An outpost that does not count still ranks its account, up to this share of the flag threshold's floor, so that a
# reviewer sees a sparse campaign's remaining accounts above accounts with no tie to a flagged campaign at all.
_EXPOSURE_CAP = 0.3


@dataclass
class ClusterScore:
    risk: float
    flagged: bool
    reasons: list[str]
    outside_cohort: float  # the risk for members outside its cohort of young accounts
    n_accounts: int = 0
    outpost: bool = False  # at risk through its members' flagged clusters, not its own concentration


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


def traffic_share_in(pairs: AccountClusterPairs, selected: np.ndarray, n_accounts: int) -> np.ndarray:
    """Per account: the share of its traffic in the selected clusters, whichever they are."""
    chosen = selected[pairs.cluster]
    out = np.zeros(n_accounts)
    np.add.at(out, pairs.account[chosen], pairs.count[chosen] / pairs.total[chosen])
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
    reach, expected_reach = cluster_reach(req, len(members))
    fresh = fresh_networks(req, meta, cfg)
    features = [
        cluster_features(m, req, template_accounts, template_texts, overlap, meta, cfg, fresh)
        | {"reach": float(reach[c]), "expected_reach": float(expected_reach[c]), "association": 0.0}
        for c, (m, overlap) in enumerate(zip(members, lexical_overlap))
    ]
    pairs = AccountClusterPairs.of(req, len(members))
    cluster_shape = np.array([shape(f, cfg) for f in features])
    traffic_share = traffic_share_in(pairs, cluster_shape >= _SHAPE_FOR_CAMPAIGN_TRAFFIC, req.n_accounts)
    cluster_dedication = dedication(pairs, traffic_share, len(members))
    scores = []
    for c, f in enumerate(features):
        f["dedication"] = float(cluster_dedication[c])
        scores.append(score_cluster(f, capability[c], capability_score[c], cfg))
    # Outposts: clusters whose members are, for the most part, the accounts of clusters flagged on their own
    # concentration (a cluster flagged on its cohort alone can still be an outpost of those).
    core = np.array([s.outside_cohort >= cfg.cluster_flag_threshold for s in scores], dtype=bool)
    association = dedication(pairs, traffic_share_in(pairs, core, req.n_accounts), len(members))
    for c in np.flatnonzero(~core & (association > _ASSOCIATION_FLOOR)):
        features[c]["association"] = float(association[c])
        rescored = score_cluster(features[c], capability[c], capability_score[c], cfg)
        rescored.outpost = association_factor(features[c]) > max(concentration(features[c], cfg), cohort(features[c]))
        scores[c] = rescored
    return scores


def risk_arrays(scores: list[ClusterScore]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per cluster: risk, outpost, and risk outside its cohort, as `account_risk` takes them."""
    return (
        np.array([s.risk for s in scores]),
        np.array([s.outpost for s in scores], dtype=bool),
        np.array([s.outside_cohort for s in scores]),
    )


def _distinct_per_group(groups: np.ndarray, values: np.ndarray, n_groups: int) -> np.ndarray:
    """How many distinct values each group has (e.g. accounts per template)."""
    if not len(groups):
        return np.zeros(n_groups, dtype=np.int64)
    pairs = np.unique(np.stack([groups, values], axis=1), axis=0)
    return np.bincount(pairs[:, 0], minlength=n_groups)


def score_cluster(
    features: dict[str, float], capability: str, capability_score: float, cfg: ScoringConfig
) -> ClusterScore:
    """The cluster's risk, and the risk without its cohort evidence: what counts for established members, who are
    not part of a cohort of fresh accounts (an evaluation suite sending the frame a campaign also sends)."""
    shaped = shape(features, cfg)
    evidence = max(concentration(features, cfg), association_factor(features))
    factors = (0.6 + 0.4 * capability_score) * (0.3 + 0.7 * features["dedication"]) * (1.0 - 0.4 * features["established"])
    without_cohort = shaped * evidence * (factors + 0.1 * features["infra_share"])
    with_cohort = shaped * max(evidence, cohort(features))
    risk = with_cohort * (factors + 0.1 * features["infra_share"] + _COHORT_BUMP * cohort(features))
    risk, outside_cohort = float(min(1.0, risk)), float(min(1.0, without_cohort))
    reasons = _cluster_reasons(features, capability, capability_score, cfg)
    return ClusterScore(risk, risk >= cfg.cluster_flag_threshold, reasons, outside_cohort, int(features["n_accounts"]))


def reach_ratio(features: dict[str, float]) -> float:
    """Accounts reached over accounts popularity predicts, shrunk toward 1 for small clusters (noise, not evidence)."""
    return (features["reach"] + _REACH_PRIOR) / (features["expected_reach"] + _REACH_PRIOR)


def association_factor(features: dict[str, float]) -> float:
    """0 below `_ASSOCIATION_FLOOR`, 1 from `_ASSOCIATION_FULL`: how much the cluster's members are a flagged campaign's accounts."""
    return float(np.clip((features["association"] - _ASSOCIATION_FLOOR) / (_ASSOCIATION_FULL - _ASSOCIATION_FLOOR), 0.0, 1.0))


def cohort(features: dict[str, float]) -> float:
    """0 below `_COHORT_FLOOR`, 1 from `_COHORT_FULL`: how much the cluster's senders are one cohort of fresh
    accounts on shared networks, which popularity does not produce (too few accounts: 0, chance)."""
    if features["n_accounts"] < _COHORT_MIN_ACCOUNTS:
        return 0.0
    return float(np.clip((features["cohort_share"] - _COHORT_FLOOR) / (_COHORT_FULL - _COHORT_FLOOR), 0.0, 1.0))


def concentration(features: dict[str, float], cfg: ScoringConfig) -> float:
    """0 where popularity explains who sends the cluster, 1 where far fewer accounts send it than popularity predicts."""
    span = cfg.popular_reach_ratio - cfg.concentrated_reach_ratio
    return float(np.clip((cfg.popular_reach_ratio - reach_ratio(features)) / span, 0.0, 1.0))


def _cluster_reasons(f: dict[str, float], capability: str, capability_score: float, cfg: ScoringConfig) -> list[str]:
    coord = coordination(f["effective_accounts"], f["n_accounts"], cfg)
    reasons = [
        f"coordination {coord:.2f}: {int(f['n_accounts'])} accounts, effectively {f['effective_accounts']:.1f} "
        f"(largest sends {f['top_account_share']:.0%} of {int(f['size'])} requests)",
        f"templated {templatedness(f):.2f}: {f['templated_share']:.0%} of requests in near-duplicate templates shared "
        f"by several accounts; a typical prompt shares {f['lexical_overlap']:.0%} of its word pairs with a sibling",
        f"slot coverage: {int(f['distinct_texts'])} distinct fillings ({f['distinct_ratio']:.0%} of requests)",
        f"concentration {concentration(f, cfg):.2f}: {int(f['reach'])} accounts send what its popularity would spread "
        f"over {f['expected_reach']:.0f} ({reach_ratio(f):.2f}x; a popular ask reaches about 1x)",
        f"capability: {capability} ({capability_score:.2f})",
        f"dedication: members send a median {f['dedication']:.0%} of their traffic to campaign-shaped clusters",
    ]
    if f["association"] > _ASSOCIATION_FLOOR:
        reasons.append(
            f"association {association_factor(f):.2f}: its accounts send a median {f['association']:.0%} of their traffic "
            "to flagged clusters (counts only for accounts that send those too, or several flagged clusters)"
        )
    if f["cohort_share"] > 0:
        reasons.append(
            f"cohort {cohort(f):.2f}: {f['cohort_share']:.0%} of its accounts are young and share networks with other "
            f"young members (counts from {_COHORT_FLOOR:.0%} of {_COHORT_MIN_ACCOUNTS} or more accounts; a popular ask's "
            "senders are strangers)"
        )
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


@dataclass
class Calibration:
    """The account flag threshold, set so that popularity alone flags at most `target_fpr` of accounts."""

    threshold: float
    target_fpr: float
    null_flag_rate: float  # share of accounts over the threshold under the null
    expected_false_flags: float
    null_rounds: int

    def as_dict(self) -> dict[str, float]:
        return {
            "account_flag_threshold": round(self.threshold, 4),
            "target_benign_fpr": self.target_fpr,
            "null_flag_rate": round(self.null_flag_rate, 6),
            "expected_false_flags": round(self.expected_false_flags, 2),
            "null_rounds": self.null_rounds,
        }


def calibrate(
    req: RequestArrays,
    lexical_overlap: list[float],
    capability: list[str],
    capability_score: list[float],
    meta: AccountMeta,
    cfg: ScoringConfig,
    seed: int,
) -> Calibration:
    """Score the run again with cluster memberships shuffled across requests, which keeps every cluster's
    popularity and every account's volume but destroys coordination; the flag threshold is the
    (1 - target FPR) quantile of account risk there, never below `account_flag_threshold`."""
    rng = np.random.default_rng(seed)
    clustered = np.flatnonzero(req.cluster >= 0)
    null_risks = []
    for _ in range(cfg.null_rounds):
        cluster = req.cluster.copy()
        cluster[clustered] = cluster[clustered][rng.permutation(len(clustered))]
        null_req = replace(req, cluster=cluster)
        members = [group for _, group in sorted(groups(cluster).items())]
        scores = score_clusters(null_req, members, lexical_overlap, capability, capability_score, meta, cfg)
        risk, outpost, outside_cohort = risk_arrays(scores)
        null_risks.append(account_risk(null_req, risk, meta, cfg, outpost, outside_cohort).risk)
    null_risk = np.concatenate(null_risks) if null_risks else np.zeros(0)
    quantile = float(np.quantile(null_risk, 1.0 - cfg.target_fpr)) if len(null_risk) else 0.0
    threshold = max(cfg.account_flag_threshold, float(np.nextafter(quantile, np.inf)))
    rate = float(np.mean(null_risk >= threshold)) if len(null_risk) else 0.0
    return Calibration(threshold, cfg.target_fpr, rate, rate * req.n_accounts, cfg.null_rounds)


@dataclass
class AccountRisk:
    """Account risk and what it was made of, for the reasons."""

    risk: np.ndarray
    pairs: AccountClusterPairs
    pair_risk: np.ndarray  # per pair: the cluster's risk for this account (no cohort evidence for an older one)
    risky: np.ndarray  # per pair: counts toward the risk
    exposed: np.ndarray  # per pair: an outpost that does not count, ranking its account below the flag
    exposure_only: np.ndarray  # per account: the risk is the capped exposure
    totals: np.ndarray  # requests per account
    first_seen: np.ndarray
    damping: np.ndarray  # share of risk taken off for establishment, 0 to _ESTABLISHED_DAMPING


def account_risk(
    req: RequestArrays,
    cluster_risk: np.ndarray,
    meta: AccountMeta,
    cfg: ScoringConfig,
    outpost: np.ndarray | None = None,
    outside_cohort: np.ndarray | None = None,
) -> AccountRisk:
    """Risk of the risky clusters an account's traffic falls in, times the share and count of its traffic there,
    damped for established accounts unless they send many requests over several flagged clusters. An outpost
    cluster counts only for accounts that also send a flagged cluster of their own or `_OUTPOST_SPREAD` distinct
    flagged clusters; for the others it ranks the account below the flag (`_EXPOSURE_CAP`). A cluster's cohort
    evidence does not count for an account known to be older than a cohort member: `outside_cohort` is the risk
    for those (default: the same)."""
    n = req.n_accounts
    pairs = AccountClusterPairs.of(req, len(cluster_risk))
    outpost = np.zeros(len(cluster_risk), dtype=bool) if outpost is None else outpost
    totals = np.bincount(req.account, minlength=n).astype(np.float64)
    first_seen = first_seen_per_account(req)
    settled = established(meta.created, first_seen, cfg)
    outside = cluster_risk if outside_cohort is None else outside_cohort
    pair_risk = np.where(settled[pairs.account] > 0, outside[pairs.cluster], cluster_risk[pairs.cluster])
    in_core = (pair_risk >= cfg.cluster_flag_threshold) & ~outpost[pairs.cluster]
    has_core = np.bincount(pairs.account[in_core], minlength=n) > 0
    at_risk = pair_risk >= cfg.cluster_flag_threshold / 2
    # Spread over several flagged clusters: an outpost counts, and age no longer excuses many requests.
    spread = np.bincount(pairs.account[pair_risk >= cfg.cluster_flag_threshold], minlength=n) >= _OUTPOST_SPREAD
    risky = at_risk & (~outpost[pairs.cluster] | has_core[pairs.account] | spread[pairs.account])
    risk, damping = _risk_of(pairs, risky, pair_risk, totals, settled, spread, cfg)
    exposed_risk = _risk_of(pairs, at_risk, pair_risk, totals, settled, spread, cfg)[0]
    exposure = np.minimum(exposed_risk, _EXPOSURE_CAP * cfg.account_flag_threshold)
    exposure_only = exposure > risk
    risk = np.where(exposure_only, exposure, risk)
    return AccountRisk(risk, pairs, pair_risk, risky, at_risk & ~risky, exposure_only, totals, first_seen, damping)


def _risk_of(
    pairs: AccountClusterPairs, counted: np.ndarray, pair_risk: np.ndarray, totals: np.ndarray, settled: np.ndarray,
    spread: np.ndarray, cfg: ScoringConfig,
) -> tuple[np.ndarray, np.ndarray]:
    """Per account: the risk of its counted pairs (level x volume x share, damped), and the damping taken off."""
    n = len(totals)
    requests = np.bincount(pairs.account[counted], weights=pairs.count[counted], minlength=n)
    mass = np.bincount(pairs.account[counted], weights=(pairs.count * pair_risk)[counted], minlength=n)
    level = np.divide(mass, requests, out=np.zeros(n), where=requests > 0)
    volume = np.minimum(1.0, requests / cfg.min_account_requests_in_cluster)
    risky_share = np.divide(requests, totals, out=np.zeros(n), where=totals > 0)
    share = np.minimum(1.0, risky_share / _RISKY_SHARE_FULL)
    # Age protects an account whose evidence is thin, sits in one cluster, or is a minority of its traffic (an
    # evaluation suite whose benchmark shares a campaign's frames); it does not excuse an account sending mostly
    # many requests over several flagged clusters (campaigns buy aged accounts too).
    fades = spread & (risky_share >= _DAMPING_FADES_FOR_SHARE)
    fade = np.where(fades, np.minimum(1.0, _DAMPING_FADES_FROM / np.maximum(requests, 1.0)), 1.0)
    damping = _ESTABLISHED_DAMPING * settled * fade
    return level * volume * share * (1.0 - damping), damping


def score_accounts(
    req: RequestArrays,
    cluster_risk: np.ndarray,
    meta: AccountMeta,
    cfg: ScoringConfig,
    threshold: float | None = None,
    cluster_ids: np.ndarray | None = None,
    outpost: np.ndarray | None = None,
    outside_cohort: np.ndarray | None = None,
) -> AccountScores:
    """Account risk, flags at `threshold` (default `account_flag_threshold`; see `calibrate`), reasons, rings.

    `cluster_ids` names each cluster index in reasons and top clusters (stable ids of a nightly state).
    """
    n = req.n_accounts
    threshold = cfg.account_flag_threshold if threshold is None else threshold
    names = np.arange(len(cluster_risk)) if cluster_ids is None else cluster_ids
    measured = account_risk(req, cluster_risk, meta, cfg, outpost, outside_cohort)
    risk, pairs, risky, totals, first_seen = measured.risk, measured.pairs, measured.risky, measured.totals, measured.first_seen
    pair_risk = measured.pair_risk

    reasons: list[list[str]] = [[] for _ in range(n)]
    top: list[list[int]] = [[] for _ in range(n)]
    for p in np.lexsort((pairs.cluster, -pairs.count * pair_risk)):
        a, c = int(pairs.account[p]), int(pairs.cluster[p])
        if len(top[a]) < 5:
            top[a].append(int(names[c]))
        shown = risky[p] or (measured.exposed[p] and measured.exposure_only[a])
        if shown and len(reasons[a]) < 3:
            reasons[a].append(
                f"{pairs.count[p]} of {int(totals[a])} requests ({pairs.count[p] / totals[a]:.0%}) in cluster {names[c]} "
                f"(risk {pair_risk[p]:.2f}{'' if risky[p] else ', an outpost of a flagged campaign'}"
                f"{', not counting its cohort of young accounts' if pair_risk[p] < cluster_risk[c] else ''})"
            )
    for a in np.flatnonzero(measured.exposure_only):
        reasons[a].append(
            f"exposure only: ranked at most {_EXPOSURE_CAP * cfg.account_flag_threshold:.2f}, never flagged on outposts "
            "alone (that takes a flagged cluster of its own or two flagged clusters)"
        )
    for a in np.flatnonzero((measured.damping > 0) & (risk > 0) & ~measured.exposure_only):
        age = (first_seen[a] - meta.created[a]) / DAY_MS
        reasons[a].append(
            f"damped {measured.damping[a]:.0%}: account was {age:.0f} days old when first seen (campaigns burn fresh "
            f"accounts; the damping fades beyond {_DAMPING_FADES_FROM:.0f} risky requests over two flagged clusters "
            f"making up {_DAMPING_FADES_FOR_SHARE:.0%} of its traffic)"
        )

    bumped, flagged_infra = with_shared_payment(risk, meta, threshold)
    for a in np.flatnonzero(risk >= threshold * _INFRA_FLOOR):
        linked = sorted(k for k in meta.infra[a] if k in flagged_infra)
        if linked:
            reasons[a].append(f"shares {', '.join(linked[:3])} with flagged accounts")
    risk = bumped
    flagged = risk >= threshold
    ring = _rings(pairs, pair_risk, flagged, cfg)
    ring_sizes = np.bincount(ring[ring >= 0]) if (ring >= 0).any() else np.zeros(0, int)
    for a in np.flatnonzero(ring >= 0):
        reasons[a].append(f"ring {ring[a]}: {ring_sizes[ring[a]]} flagged accounts sending the same flagged clusters")
    return AccountScores(risk, flagged, reasons, top, ring)


def with_shared_payment(risk: np.ndarray, meta: AccountMeta, threshold: float) -> tuple[np.ndarray, set[str]]:
    """Account risk raised where an account near the threshold shares a payment fingerprint with flagged
    accounts (a network is shared by strangers, carriers and NAT; a card is not); and the keys flagged
    accounts share. The last step of every flag decision, the run's and its rescorings' alike."""
    flagged_infra = _infra_shared_by(meta, risk >= threshold)
    out = risk.copy()
    for a in np.flatnonzero(risk >= threshold * _INFRA_FLOOR):
        if any(k.startswith("pay:") and k in flagged_infra for k in meta.infra[a]):
            out[a] = min(1.0, out[a] + _INFRA_BUMP)
    return out, flagged_infra


def _infra_shared_by(meta: AccountMeta, accounts: np.ndarray) -> set[str]:
    """Network and payment keys used by at least two of the given accounts."""
    counts: dict[str, int] = {}
    for a in np.flatnonzero(accounts):
        for key in meta.infra[a]:
            counts[key] = counts.get(key, 0) + 1
    return {key for key, count in counts.items() if count >= 2}


def _rings(pairs: AccountClusterPairs, pair_risk: np.ndarray, flagged: np.ndarray, cfg: ScoringConfig) -> np.ndarray:
    """Connected components of flagged accounts joined by flagged clusters they both send.

    Only flagged clusters join: a popular cluster never reaches the flag (its concentration is 0),
    so a ring is accounts coordinating, not accounts sharing an interest. Shared infrastructure
    is a reason on the account, not a ring edge: NATs and carriers are shared by strangers.
    """
    n = len(flagged)
    strong = (pair_risk >= cfg.cluster_flag_threshold) & flagged[pairs.account]
    ring = np.full(n, -1, dtype=np.int64)
    if not strong.any():
        return ring
    size = n + int(pairs.cluster.max()) + 1
    graph = coo_matrix(
        (np.ones(int(strong.sum()), dtype=np.int8), (pairs.account[strong], n + pairs.cluster[strong])), shape=(size, size)
    )
    _, labels = connected_components(graph, directed=False)
    members = np.flatnonzero(flagged)
    components, counts = np.unique(labels[members], return_counts=True)
    # Rings numbered by decreasing size, so ring 0 is the largest; a lone account is no ring.
    ranked = components[counts >= 2][np.argsort(-counts[counts >= 2], kind="stable")]
    mapping = np.full(len(labels), -1, dtype=np.int64)
    mapping[ranked] = np.arange(len(ranked))
    ring[members] = mapping[labels[members]]
    return ring
