"""What a cluster's traffic measures, before any judgement: accounts, templates, fillings, age, timing.

Everything here is a count or a share over per-request integer codes
(`RequestArrays`), so it runs over any batch of requests and says nothing about
risk; scoring.py turns these measurements into risk and reasons.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from embedcluster.config import ScoringConfig
from embedcluster.popularity import expected_reach, memberships

DAY_MS = 86_400_000
_OLD_ACCOUNT_DAYS = 90.0
# A young member is in a cohort when it uses a fresh network (/24 or /48) that at least this many young members use:
# a campaign's fresh accounts come through a handful of proxies, a popular ask's senders are strangers.
_COHORT_NETWORK_ACCOUNTS = 3


@dataclass
class RequestArrays:
    """Per-request integer codes; everything the scorer needs, nothing textual."""

    account: np.ndarray  # int64 account index
    cluster: np.ndarray  # int64, -1 none
    template: np.ndarray  # int64 template group
    unique: np.ndarray  # int64 index of the distinct normalized text
    timestamp: np.ndarray  # int64 ms
    n_accounts: int


def request_arrays(
    requests: pa.Table, unique_of_request: np.ndarray, template_of_text: np.ndarray, cluster_of_text: np.ndarray
) -> tuple[RequestArrays, pa.Array]:
    """The scorer's per-request codes, and the account id of each account code."""
    account_dict = pc.dictionary_encode(requests.column("account_id")).combine_chunks()
    req = RequestArrays(
        account=account_dict.indices.to_numpy(zero_copy_only=False).astype(np.int64),
        cluster=cluster_of_text[unique_of_request],
        template=template_of_text[unique_of_request],
        unique=unique_of_request,
        timestamp=requests.column("timestamp").cast(pa.int64()).to_numpy(zero_copy_only=False),
        n_accounts=len(account_dict.dictionary),
    )
    return req, account_dict.dictionary


@dataclass
class AccountMeta:
    created: np.ndarray  # int64 ms per account, -1 unknown
    infra: list[set[str]]  # shared-infrastructure keys per account ("ip:1.2.3", "pay:abc")


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
    fresh: set[str] | None = None,
) -> dict[str, float]:
    """Measured features of one cluster, given the indices of its requests (dedication comes later).

    `fresh`: the networks a cohort can share (see `fresh_networks`; default: any)."""
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
    cohort = _young_cohort(ids[known][young], meta.infra, fresh)
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
        "cohort_share": cohort / len(ids),
        "timing_cv": -1.0 if cv is None else cv,
    }


def fresh_networks(req: RequestArrays, meta: AccountMeta, cfg: ScoringConfig) -> set[str]:
    """Networks on which at least half of the accounts of known age are young: a proxy pool carries a campaign's
    fresh accounts, a carrier's or a campus's NAT carries everyone (new sign-ups among them)."""
    known = meta.created >= 0
    young = known & (established(meta.created, first_seen_per_account(req), cfg) == 0)
    balance: dict[str, int] = {}
    for a in np.flatnonzero(known):
        for key in meta.infra[a]:
            if key.startswith("ip:"):
                balance[key] = balance.get(key, 0) + (1 if young[a] else -1)
    return {key for key, value in balance.items() if value >= 0}


def _young_cohort(young_ids: np.ndarray, infra: list[set[str]], fresh: set[str] | None) -> int:
    """How many of a cluster's young accounts share a fresh network with other young accounts of the cluster."""
    networks = [[key for key in infra[a] if key.startswith("ip:") and (fresh is None or key in fresh)] for a in young_ids]
    counts: dict[str, int] = {}
    for keys in networks:
        for key in keys:
            counts[key] = counts.get(key, 0) + 1
    return sum(any(counts[key] >= _COHORT_NETWORK_ACCOUNTS for key in keys) for keys in networks)


def first_seen_per_account(req: RequestArrays) -> np.ndarray:
    """Each account's earliest request timestamp in the run (int64 max for an account without requests)."""
    first_seen = np.full(req.n_accounts, np.iinfo(np.int64).max)
    np.minimum.at(first_seen, req.account, req.timestamp)
    return first_seen


def established(created: np.ndarray, first_seen: np.ndarray, cfg: ScoringConfig) -> np.ndarray:
    """0 for a young or unknown account, rising to 1 for one older than 90 days when first seen."""
    age_days = (first_seen - created) / DAY_MS
    ramp = (age_days - cfg.young_account_days) / (_OLD_ACCOUNT_DAYS - cfg.young_account_days)
    return np.where(created >= 0, np.clip(ramp, 0.0, 1.0), 0.0)


def cluster_reach(req: RequestArrays, n_clusters: int) -> tuple[np.ndarray, np.ndarray]:
    """Accounts each cluster reaches, and how many its requests would reach if spread by popularity over
    the accounts' volumes (the null that keeps each cluster's popularity and each account's volume)."""
    clustered = req.cluster >= 0
    m = memberships(req.account[clustered], req.cluster[clustered], req.n_accounts, n_clusters)
    return m.reach.astype(np.float64), expected_reach(m)


def groups(labels: np.ndarray) -> dict[int, np.ndarray]:
    """Indices of each non-negative label, in one sort."""
    order = np.argsort(labels, kind="stable")
    sorted_labels = labels[order]
    values, starts = np.unique(sorted_labels, return_index=True)
    ends = np.append(starts[1:], len(order))
    return {int(v): order[s:e] for v, s, e in zip(values, starts, ends) if v >= 0}
