"""The popularity null: who would send a cluster if nothing but its popularity decided.

The null keeps every cluster's share of clustered requests q_c = R_c / R and every
account's clustered volume N_a, and otherwise places requests at random (what
shuffling cluster labels among clustered requests does). Under it an account of
volume N reaches cluster c with probability 1 - (1 - q_c)^N, so a cluster's
expected reach is that summed over accounts. A popular ask (many people, one or two
requests each) reaches about as many accounts as predicted; a campaign (the same
accounts, many fillings each) reaches far fewer.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

_EXACT_VOLUMES = 64  # account volumes above this are binned geometrically: the sum stays cheap at any size
_VOLUME_BIN_RATIO = 1.05


@dataclass
class Memberships:
    """Each (account, cluster) with traffic, and the popularity the null keeps."""

    account: np.ndarray  # per pair
    cluster: np.ndarray  # per pair
    requests: np.ndarray  # per pair
    volume: np.ndarray  # per account: clustered requests
    cluster_requests: np.ndarray  # per cluster: R_c
    n_clusters: int

    @property
    def share(self) -> np.ndarray:
        """q_c: each cluster's share of clustered requests (its popularity)."""
        return self.cluster_requests / max(1.0, self.cluster_requests.sum())

    @property
    def reach(self) -> np.ndarray:
        return np.bincount(self.cluster, minlength=self.n_clusters)


def memberships(account: np.ndarray, cluster: np.ndarray, n_accounts: int, n_clusters: int) -> Memberships:
    """Clustered requests grouped by (account, cluster)."""
    keys, requests = np.unique(account * n_clusters + cluster, return_counts=True)
    return Memberships(
        account=keys // n_clusters,
        cluster=keys % n_clusters,
        requests=requests,
        volume=np.bincount(account, minlength=n_accounts),
        cluster_requests=np.bincount(cluster, minlength=n_clusters).astype(np.float64),
        n_clusters=n_clusters,
    )


def _volume_classes(volume: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct account volumes (geometrically binned above 64) and how many accounts have each."""
    v = volume[volume > 0].astype(np.float64)
    binned = np.where(v <= _EXACT_VOLUMES, v, _VOLUME_BIN_RATIO ** np.round(np.log(v) / np.log(_VOLUME_BIN_RATIO)))
    values, counts = np.unique(binned, return_counts=True)
    return values, counts.astype(np.float64)


def expected_reach(m: Memberships) -> np.ndarray:
    """Accounts each cluster would reach if its requests were spread by popularity over accounts' volumes."""
    values, counts = _volume_classes(m.volume)
    q = np.minimum(m.share, 1.0 - 1e-12)
    return counts @ -np.expm1(np.outer(values, np.log1p(-q)))
