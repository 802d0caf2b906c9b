"""The three coordination signals, each as evidence (-log10 of a tail probability) under a popularity null.

The null keeps every cluster's request share q_c = R_c / R and every account's clustered
volume N_a and otherwise places requests at random (what permuting cluster labels among
clustered requests does). Under it:

- depth: account a sends Binomial(N_a, q_c) requests to cluster c, so f distinct fillings
  have tail probability at most P(Bin(N_a, q_c) >= f);
- co-membership: a reaches c with probability p_ac = 1 - (1 - q_c)^N_a, so the number of
  accounts reaching both c and d is about Poisson(sum_a p_ac p_ad); popular clusters and
  heavy accounts are predicted to meet often, so only the excess (lift) is evidence;
- synchrony: distinct accounts of c active in one short window are about Poisson with the
  mean the cluster's own rate over the surrounding context predicts, shaped by the global
  time-of-day profile, so diurnal peaks and slow viral waves are predicted, short shared bursts not.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse, stats

_LN10 = np.log(10.0)
_MAX_EVIDENCE = 300.0
_EXACT_VOLUMES = 64
_VOLUME_BIN_RATIO = 1.05


def evidence(log_sf: np.ndarray) -> np.ndarray:
    """-log10 p from a natural-log tail probability, finite and capped (p underflows for huge excesses)."""
    out = np.nan_to_num(-np.asarray(log_sf, dtype=np.float64) / _LN10, nan=0.0, posinf=_MAX_EVIDENCE)
    return np.clip(out, 0.0, _MAX_EVIDENCE)


@dataclass
class Memberships:
    """Each (account, cluster) with traffic, and the popularity the null keeps."""

    account: np.ndarray  # per pair
    cluster: np.ndarray  # per pair
    requests: np.ndarray  # per pair
    fillings: np.ndarray  # per pair: distinct texts
    pair_of_request: np.ndarray  # per clustered request: its pair index
    volume: np.ndarray  # per account: clustered requests
    cluster_requests: np.ndarray  # per cluster: R_c
    n_accounts: int
    n_clusters: int

    @property
    def share(self) -> np.ndarray:
        """q_c: each cluster's share of clustered requests (its popularity)."""
        return self.cluster_requests / max(1, self.cluster_requests.sum())

    @property
    def reach(self) -> np.ndarray:
        return np.bincount(self.cluster, minlength=self.n_clusters)

    def matrix(self) -> sparse.csr_matrix:
        """Binary account x cluster membership."""
        ones = np.ones(len(self.account), dtype=np.float32)
        return sparse.csr_matrix((ones, (self.account, self.cluster)), shape=(self.n_accounts, self.n_clusters))


def memberships(account: np.ndarray, cluster: np.ndarray, text: np.ndarray, n_accounts: int, n_clusters: int) -> Memberships:
    """Group clustered requests by (account, cluster); count requests and distinct fillings."""
    keys, pair_of_request, requests = np.unique(account * n_clusters + cluster, return_inverse=True, return_counts=True)
    texts = np.unique(pair_of_request * (int(text.max(initial=0)) + 1) + text)
    fillings = np.bincount(texts // (int(text.max(initial=0)) + 1), minlength=len(keys))
    return Memberships(
        account=keys // n_clusters,
        cluster=keys % n_clusters,
        requests=requests,
        fillings=fillings,
        pair_of_request=pair_of_request,
        volume=np.bincount(account, minlength=n_accounts),
        cluster_requests=np.bincount(cluster, minlength=n_clusters).astype(np.float64),
        n_accounts=n_accounts,
        n_clusters=n_clusters,
    )


def depth(m: Memberships) -> tuple[np.ndarray, np.ndarray]:
    """Per pair: evidence that its distinct fillings exceed what volume x popularity predicts, and that prediction."""
    n, q = m.volume[m.account], m.share[m.cluster]
    log_sf = stats.binom.logsf(m.fillings - 1, n, q)
    return np.where(m.fillings >= 2, evidence(log_sf), 0.0), n * q


def volume_classes(volume: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct account volumes (geometrically binned above 64) and how many accounts have each."""
    v = volume[volume > 0].astype(np.float64)
    binned = np.where(v <= _EXACT_VOLUMES, v, _VOLUME_BIN_RATIO ** np.round(np.log(v) / np.log(_VOLUME_BIN_RATIO)))
    values, counts = np.unique(binned, return_counts=True)
    return values, counts.astype(np.float64)


def reach_probability(m: Memberships) -> tuple[np.ndarray, np.ndarray]:
    """p[v, c]: chance an account of volume class v reaches cluster c under the null; and class sizes."""
    values, counts = volume_classes(m.volume)
    q = np.minimum(m.share, 1.0 - 1e-12)
    return -np.expm1(np.outer(values, np.log1p(-q))), counts


@dataclass
class ClusterPairs:
    """Cluster pairs shared by at least min_group accounts beyond min_lift x their null expectation."""

    first: np.ndarray
    second: np.ndarray
    together: np.ndarray  # accounts reaching both
    expected: np.ndarray  # under the null
    evidence: np.ndarray
    deep: np.ndarray  # bool: counted among accounts deep in both clusters

    def take(self, index: np.ndarray) -> ClusterPairs:
        return ClusterPairs(*(getattr(self, f)[index] for f in ("first", "second", "together", "expected", "evidence", "deep")))

    def extend(self, other: ClusterPairs) -> ClusterPairs:
        fields = ("first", "second", "together", "expected", "evidence", "deep")
        return ClusterPairs(*(np.r_[getattr(self, f), getattr(other, f)] for f in fields))

    @property
    def lift(self) -> np.ndarray:
        return self.together / np.maximum(self.expected, 1e-12)


def shared(membership: sparse.csr_matrix, min_group: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cluster pairs (c < d) reached by at least min_group common accounts: a sparse product, no account pairs."""
    together = sparse.triu(membership.T.tocsr() @ membership, k=1).tocoo()
    keep = together.data >= min_group
    return together.row[keep], together.col[keep], together.data[keep].astype(np.float64)


def co_membership(m: Memberships, membership: sparse.csr_matrix, min_group: int, min_lift: float) -> ClusterPairs:
    """Cluster pairs whose shared accounts exceed what popularity and volume predict."""
    c, d, n = shared(membership, min_group)
    p, counts = reach_probability(m)
    expected = np.einsum("vk,vk,v->k", p[:, c], p[:, d], counts) if len(c) else np.zeros(0)
    strong = n >= min_lift * expected
    c, d, n, expected = c[strong], d[strong], n[strong], expected[strong]
    return ClusterPairs(c, d, n, expected, evidence(stats.poisson.logsf(n - 1, expected)), np.zeros(len(c), bool))


def expected_reach(m: Memberships) -> np.ndarray:
    """Accounts each cluster would reach if its requests were spread by popularity over accounts' volumes."""
    p, counts = reach_probability(m)
    return counts @ p


def concentrated(m: Memberships, min_lift: float) -> np.ndarray:
    """Clusters reaching min_lift times fewer accounts than popularity predicts: the same few send it all."""
    return m.reach * min_lift <= expected_reach(m)


def deep_co_membership(m: Memberships, deep: np.ndarray, min_group: int, min_lift: float) -> ClusterPairs:
    """Cluster pairs where many accounts are each deep in both, beyond a leave-out configuration null.

    A heavy campaign makes its own clusters popular, so the plain null predicts its accounts
    meeting; among deep memberships it does not. The null keeps each cluster's deep accounts
    D and each account's deep memberships k: E = D_c D_d sum k(k-1) / K^2, with the accounts
    deep in both left out of the sums over k (a campaign must not explain itself away).
    Only concentrated clusters count: heavy users of a popular cluster are preference, not a campaign.
    """
    ones = np.ones(int(deep.sum()), dtype=np.float32)
    marked = sparse.csr_matrix((ones, (m.account[deep], m.cluster[deep])), shape=(m.n_accounts, m.n_clusters))
    c, d, n = shared(marked, min_group)
    focused = concentrated(m, min_lift)
    keep = focused[c] & focused[d]
    c, d, n = c[keep], d[keep], n[keep]
    k = np.asarray(marked.sum(axis=1)).ravel()
    in_both = marked[:, c].multiply(marked[:, d]).T.tocsr()
    stubs = k.sum() - in_both @ k
    pairs_of_stubs = (k * (k - 1)).sum() - in_both @ (k * (k - 1))
    per_cluster = np.asarray(marked.sum(axis=0)).ravel()
    expected = per_cluster[c] * per_cluster[d] * np.divide(pairs_of_stubs, stubs**2, out=np.zeros(len(c)), where=stubs > 0)
    strong = n >= min_lift * expected
    c, d, n, expected = c[strong], d[strong], n[strong], expected[strong]
    return ClusterPairs(c, d, n, expected, evidence(stats.poisson.logsf(n - 1, expected)), np.ones(len(c), bool))


@dataclass
class Bursts:
    """Per clustered request: the evidence of its (cluster, window) burst and how many accounts share it."""

    evidence: np.ndarray
    accounts: np.ndarray


def bursts(account: np.ndarray, cluster: np.ndarray, timestamp: np.ndarray, window_ms: int, context_ms: int, min_group: int) -> Bursts:
    """Distinct accounts of a cluster in a short window against its context rate x the time-of-day profile.

    The profile is pooled over days, so diurnal peaks are predicted while one-off waves
    (the campaign's own) do not become part of what is expected.
    """
    window = (timestamp - timestamp.min(initial=0)) // window_ms
    per_context, per_day = max(1, context_ms // window_ms), max(1, 86_400_000 // window_ms)
    n_windows = int(window.max(initial=0)) + 1
    cell = cluster * n_windows + window
    active = np.unique(cell * (int(account.max(initial=0)) + 1) + account) // (int(account.max(initial=0)) + 1)
    cells, active_accounts = np.unique(active, return_counts=True)
    cell_window = cells % n_windows
    of_day = np.bincount(cell_window % per_day, weights=active_accounts, minlength=per_day) + 1.0
    profile = of_day[np.arange(n_windows) % per_day]
    context_profile = np.bincount(np.arange(n_windows) // per_context, weights=profile)
    context_key = (cells // n_windows) * (n_windows // per_context + 1) + cell_window // per_context
    _, context_of_cell = np.unique(context_key, return_inverse=True)
    cluster_context = np.bincount(context_of_cell, weights=active_accounts)[context_of_cell]
    expected = cluster_context * profile[cell_window] / context_profile[cell_window // per_context]
    cell_evidence = np.where(active_accounts >= min_group, evidence(stats.poisson.logsf(active_accounts - 1, expected)), 0.0)
    index = np.searchsorted(cells, cell)
    return Bursts(cell_evidence[index], active_accounts[index])


def pair_max(values: np.ndarray, pair_of_request: np.ndarray, n_pairs: int) -> np.ndarray:
    """Largest per-request value within each (account, cluster) pair."""
    out = np.zeros(n_pairs)
    np.maximum.at(out, pair_of_request, values)
    return out
