"""Coordination beyond popularity: which accounts act as a campaign rather than as a crowd.

Popular asks put hundreds of unrelated accounts into one cluster with full slot coverage,
one or two requests each. What popularity cannot produce (see embedcluster.coordination_signals):
accounts sharing *pairs* of clusters far beyond what the clusters' popularity and the
accounts' volumes predict (co-membership), each sending many distinct fillings there (depth),
or acting there in short windows together with many others (burst synchrony).

Each signal is evidence in -log10 p units. Its threshold is the (1 - target FPR) quantile
of the per-account maximum over permutation nulls (cluster labels shuffled among clustered
requests: popularity and per-account volume kept, coordination destroyed), never below
-log10(target FPR). An account's statistic is

    z = min(co-membership / t_co, max(depth / t_depth, synchrony / t_sync))

with depth and synchrony counted only in the clusters of its significant cluster pairs:
coordination must be shown, and corroborated by behaviour there. The flag threshold is
the (1 - target FPR) quantile of z over the nulls (at least 1), and the expected number
of false flags is the null exceedance rate times the number of accounts. Rings are
flagged accounts joined through significant cluster pairs, never through one cluster.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from embedcluster import coordination_signals as sig


@dataclass(frozen=True)
class CoordinationParams:
    """Tunables; defaults are statistical levels, not fitted constants."""

    target_fpr: float = 0.001  # benign accounts flagged under the null
    rounds: int = 2  # permutation nulls
    burst_window_ms: int = 600_000  # a burst: accounts of one cluster inside 10 minutes
    burst_context_ms: int = 3 * 3_600_000  # the cluster's own rate is measured over 3 hours
    min_group: int = 5  # "many accounts": fewer is an account, a team or a small lab
    min_lift: float = 4.0  # effect size: shared accounts over the null expectation
    seed: int = 0


@dataclass
class Signals:
    """Everything measured on one request set (observed or permuted)."""

    m: sig.Memberships
    membership: sparse.csr_matrix
    depth: np.ndarray  # per pair
    depth_expected: np.ndarray  # per pair
    sync: np.ndarray  # per pair
    bursts: sig.Bursts  # per clustered request
    pairs: sig.ClusterPairs


@dataclass
class AccountCoordination:
    """Per account: the statistic, the flag and the numbers behind it."""

    score: np.ndarray  # z / (z + threshold): in [0, 1), flagged at >= 0.5
    statistic: np.ndarray  # z
    flagged: np.ndarray
    ring: np.ndarray  # -1 none
    requests: np.ndarray  # clustered requests
    co_evidence: np.ndarray  # -log10 p of its strongest cluster pair
    co_clusters: np.ndarray  # (n, 2) that pair, -1 none
    co_accounts: np.ndarray  # other accounts sharing both clusters
    co_expected: np.ndarray  # accounts the pair's popularity predicts
    co_pairs: np.ndarray  # significant cluster pairs it is in
    depth_evidence: np.ndarray  # in its coordinated clusters
    depth_cluster: np.ndarray
    depth_fillings: np.ndarray
    depth_expected: np.ndarray  # requests volume x popularity predicts there
    sync_evidence: np.ndarray  # in its coordinated clusters
    sync_cluster: np.ndarray
    burst_requests: np.ndarray  # requests in significant bursts (any cluster)
    burst_accounts: np.ndarray  # most accounts in one of its bursts

    @property
    def burst_share(self) -> np.ndarray:
        return np.divide(self.burst_requests, self.requests, out=np.zeros(len(self.requests)), where=self.requests > 0)


@dataclass
class ClusterCoordination:
    """Per cluster: how much of its membership popularity explains."""

    requests: np.ndarray
    reach: np.ndarray  # accounts
    expected_reach: np.ndarray  # accounts the null spreads its requests over
    fillings_per_member: np.ndarray
    expected_requests_per_member: np.ndarray
    burst_share: np.ndarray  # requests in significant bursts
    flagged_accounts: np.ndarray

    @property
    def reach_ratio(self) -> np.ndarray:
        """Near 1: membership as popularity predicts; far below: the same few accounts send it all."""
        return np.divide(self.reach, self.expected_reach, out=np.zeros(len(self.reach)), where=self.expected_reach > 0)


@dataclass
class CoordinationResult:
    accounts: AccountCoordination
    clusters: ClusterCoordination
    pairs: sig.ClusterPairs  # significant cluster pairs
    threshold: float  # on the statistic
    signal_thresholds: dict[str, float]  # -log10 p per signal
    null_flag_rate: float
    expected_false_flags: float


def measure(
    account: np.ndarray, cluster: np.ndarray, text: np.ndarray, timestamp: np.ndarray, n_accounts: int, n_clusters: int, p: CoordinationParams
) -> Signals:
    """All three signals over clustered requests (the arrays must hold clustered requests only)."""
    m = sig.memberships(account, cluster, text, n_accounts, n_clusters)
    membership = m.matrix()
    depth, depth_expected = sig.depth(m)
    b = sig.bursts(account, cluster, timestamp, p.burst_window_ms, p.burst_context_ms, p.min_group)
    sync = sig.pair_max(b.evidence, m.pair_of_request, len(m.account))
    return Signals(m, membership, depth, depth_expected, sync, b, sig.co_membership(m, membership, p.min_group, p.min_lift))


def best_per_account(account: np.ndarray, values: np.ndarray, n_accounts: int) -> tuple[np.ndarray, np.ndarray]:
    """Largest value per account and the index of the entry holding it (-1 none)."""
    best, where = np.zeros(n_accounts), np.full(n_accounts, -1)
    order = np.lexsort((-values, account))
    first = order[np.r_[True, np.diff(account[order]) != 0]] if len(order) else order
    best[account[first]], where[account[first]] = values[first], first
    return best, where


def candidate_pairs(s: Signals, t: dict[str, float], p: CoordinationParams) -> tuple[sig.ClusterPairs, sparse.coo_matrix]:
    """Plain and deep co-membership pairs, with the accounts reaching both clusters of each (account x pair)."""
    deep = sig.deep_co_membership(s.m, s.depth >= t["depth"], p.min_group, p.min_lift)
    pairs = s.pairs.extend(deep)
    columns = s.membership.tocsc()
    both = columns[:, pairs.first].multiply(columns[:, pairs.second]).tocoo()
    return pairs, sparse.coo_matrix((np.ones(both.nnz), (both.row, both.col)), shape=both.shape)


def upper_quantile(values: np.ndarray, fpr: float) -> float:
    return float(np.quantile(values, 1.0 - fpr, method="higher")) if len(values) else 0.0


def signal_thresholds(nulls: list[Signals], p: CoordinationParams) -> dict[str, float]:
    """Per signal: the (1 - FPR) quantile of the per-account maximum over the nulls, floored at -log10 FPR."""
    floor = -np.log10(p.target_fpr)

    def calibrated(per_account: list[np.ndarray]) -> float:
        return max(floor, upper_quantile(np.concatenate(per_account), p.target_fpr))

    t = {
        "depth": calibrated([best_per_account(s.m.account, s.depth, s.m.n_accounts)[0] for s in nulls]),
        "sync": calibrated([best_per_account(s.m.account, s.sync, s.m.n_accounts)[0] for s in nulls]),
    }
    co = []
    for s in nulls:
        pairs, inc = candidate_pairs(s, t, p)
        co.append(best_per_account(inc.row, pairs.evidence[inc.col], s.m.n_accounts)[0])
    return t | {"co": calibrated(co)}


@dataclass
class Combined:
    """The statistic and the entries behind it, for one request set at given thresholds."""

    z: np.ndarray
    pairs: sig.ClusterPairs  # significant cluster pairs
    incidence: sparse.coo_matrix  # account x significant pair
    co: np.ndarray
    co_pair: np.ndarray  # per account: index into pairs, -1 none
    depth: np.ndarray
    depth_entry: np.ndarray  # per account: membership pair index, -1 none
    sync: np.ndarray
    sync_entry: np.ndarray


def combine(s: Signals, t: dict[str, float], p: CoordinationParams) -> Combined:
    """z = min(co-membership, max(depth, synchrony) in the coordinated clusters), each over its threshold."""
    n, nc = s.m.n_accounts, s.m.n_clusters
    pairs, inc = candidate_pairs(s, t, p)
    significant = np.flatnonzero(pairs.evidence >= t["co"])
    pairs = pairs.take(significant)
    keep = np.isin(inc.col, significant)
    inc = sparse.coo_matrix(
        (inc.data[keep], (inc.row[keep], np.searchsorted(significant, inc.col[keep]))), shape=(n, len(significant))
    )
    co, co_entry = best_per_account(inc.row, pairs.evidence[inc.col], n)
    co_pair = np.where(co_entry >= 0, inc.col[np.maximum(co_entry, 0)] if inc.nnz else -1, -1)
    keys = np.r_[inc.row * nc + pairs.first[inc.col], inc.row * nc + pairs.second[inc.col]]
    coordinated = np.isin(s.m.account * nc + s.m.cluster, keys)
    depth, depth_entry = best_per_account(s.m.account, np.where(coordinated, s.depth, 0.0), n)
    sync, sync_entry = best_per_account(s.m.account, np.where(coordinated, s.sync, 0.0), n)
    z = np.minimum(co / t["co"], np.maximum(depth / t["depth"], sync / t["sync"]))
    return Combined(z, pairs, inc, co, co_pair, depth, depth_entry, sync, sync_entry)


def permuted(cluster: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """The null: cluster labels shuffled among clustered requests (popularity and account volume kept)."""
    return cluster[rng.permutation(len(cluster))]


def rings(c: Combined, flagged: np.ndarray) -> np.ndarray:
    """Flagged accounts joined through shared significant cluster pairs; numbered by size, 0 the largest."""
    n = len(flagged)
    keep = flagged[c.incidence.row]
    size = n + len(c.pairs.first)
    graph = sparse.coo_matrix((np.ones(int(keep.sum())), (c.incidence.row[keep], n + c.incidence.col[keep])), shape=(size, size))
    _, labels = connected_components(graph, directed=False)
    ring = np.full(n, -1)
    members = np.flatnonzero(flagged)
    components, counts = np.unique(labels[members], return_counts=True)
    ranked = components[counts >= 2][np.argsort(-counts[counts >= 2], kind="stable")]
    lookup = np.full(len(labels), -1)
    lookup[ranked] = np.arange(len(ranked))
    ring[members] = lookup[labels[members]]
    return ring


def score_coordination(
    account: np.ndarray,
    cluster: np.ndarray,
    text: np.ndarray,
    timestamp: np.ndarray,
    n_accounts: int,
    n_clusters: int,
    params: CoordinationParams | None = None,
) -> CoordinationResult:
    """Coordination statistic, calibrated flag, evidence and rings per account; popularity explained per cluster."""
    p = params or CoordinationParams()
    on = cluster >= 0
    acc, clu, txt, ts = account[on], cluster[on], text[on], timestamp[on]
    observed = measure(acc, clu, txt, ts, n_accounts, n_clusters, p)
    rng = np.random.default_rng(p.seed)
    nulls = [measure(acc, permuted(clu, rng), txt, ts, n_accounts, n_clusters, p) for _ in range(p.rounds)]
    t = signal_thresholds(nulls, p)
    null_z = np.concatenate([combine(s, t, p).z for s in nulls])
    threshold = max(1.0, upper_quantile(null_z, p.target_fpr))
    null_rate = float(np.mean(null_z >= threshold)) if len(null_z) else 0.0
    c = combine(observed, t, p)
    flagged = c.z >= threshold
    return CoordinationResult(
        accounts=account_evidence(observed, c, t, threshold, flagged),
        clusters=cluster_evidence(observed, t, flagged),
        pairs=c.pairs,
        threshold=threshold,
        signal_thresholds=t,
        null_flag_rate=null_rate,
        expected_false_flags=null_rate * n_accounts,
    )


def pick(values: np.ndarray, entry: np.ndarray, missing: float) -> np.ndarray:
    """values[entry] where an entry exists, `missing` elsewhere."""
    if not len(values):
        return np.full(len(entry), missing)
    return np.where(entry >= 0, values[np.maximum(entry, 0)], missing)


def account_evidence(s: Signals, c: Combined, t: dict[str, float], threshold: float, flagged: np.ndarray) -> AccountCoordination:
    """The numbers behind each account's statistic, ready to be worded as reasons."""
    n = s.m.n_accounts
    in_burst = s.bursts.evidence >= t["sync"]
    request_account = s.m.account[s.m.pair_of_request]
    burst_accounts = np.zeros(n, dtype=np.int64)
    np.maximum.at(burst_accounts, request_account, np.where(in_burst, s.bursts.accounts, 0))
    depth_entry = np.where(c.depth > 0, c.depth_entry, -1)
    sync_entry = np.where(c.sync > 0, c.sync_entry, -1)
    return AccountCoordination(
        score=c.z / (c.z + threshold),
        statistic=c.z,
        flagged=flagged,
        ring=rings(c, flagged),
        requests=s.m.volume,
        co_evidence=c.co,
        co_clusters=np.c_[pick(c.pairs.first, c.co_pair, -1), pick(c.pairs.second, c.co_pair, -1)].astype(np.int64),
        co_accounts=(pick(c.pairs.together, c.co_pair, 1) - 1).astype(np.int64),
        co_expected=pick(c.pairs.expected, c.co_pair, 0.0),
        co_pairs=np.bincount(c.incidence.row, minlength=n),
        depth_evidence=c.depth,
        depth_cluster=pick(s.m.cluster, depth_entry, -1),
        depth_fillings=pick(s.m.fillings, depth_entry, 0),
        depth_expected=pick(s.depth_expected, depth_entry, 0.0),
        sync_evidence=c.sync,
        sync_cluster=pick(s.m.cluster, sync_entry, -1),
        burst_requests=np.bincount(request_account, weights=in_burst, minlength=n).astype(np.int64),
        burst_accounts=burst_accounts,
    )


def cluster_evidence(s: Signals, t: dict[str, float], flagged: np.ndarray) -> ClusterCoordination:
    """Observed against null reach and depth per cluster: how much of it popularity explains."""
    m = s.m
    expected_reach = sig.expected_reach(m)
    reach = m.reach
    cluster_of_request = m.cluster[m.pair_of_request]
    in_burst = np.bincount(cluster_of_request, weights=s.bursts.evidence >= t["sync"], minlength=m.n_clusters)
    return ClusterCoordination(
        requests=m.cluster_requests,
        reach=reach,
        expected_reach=expected_reach,
        fillings_per_member=np.divide(np.bincount(m.cluster, weights=m.fillings, minlength=m.n_clusters), reach, out=np.zeros(m.n_clusters), where=reach > 0),
        expected_requests_per_member=np.divide(m.cluster_requests, expected_reach, out=np.zeros(m.n_clusters), where=expected_reach > 0),
        burst_share=np.divide(in_burst, m.cluster_requests, out=np.zeros(m.n_clusters), where=m.cluster_requests > 0),
        flagged_accounts=np.bincount(m.cluster, weights=flagged[m.account], minlength=m.n_clusters).astype(np.int64),
    )
