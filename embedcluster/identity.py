"""Stable cluster ids across nights.

Each night clusters the templates active in the rolling window afresh; this
module carries yesterday's ids over. A new cluster continues the old one it
shares the most traffic with (greedy one-to-one on shared templates, weighted
by requests); the rest are splits (they hold another cluster's templates),
revivals (their centroid is close to a known cluster no one continued) or
births. An old cluster most of whose traffic went into another one's
continuation has merged into it. Membership is sticky: a template that
tonight's clustering leaves as noise, or moves from one continuing cluster to
another, keeps its cluster, so ids do not flap with HDBSCAN's re-cuts; it moves
only into a split (campaigns.py keeps the split in its campaign) or when its
cluster merged or dispersed (the lineage says which). Ids are never reused.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

BORN, SPLIT, MERGED, REVIVED = "born", "split", "merged", "revived"
_MERGE_SHARE = 0.5


@dataclass(frozen=True)
class LineageEvent:
    event: str  # born | split | merged | revived
    cluster_id: int
    other_id: int | None  # split: the parent; merged: the cluster it went into
    share: float  # split: the parent's share of the new cluster; merged: the share that moved


@dataclass
class Identity:
    stable: np.ndarray  # stable cluster id per template, -1 none
    events: list[LineageEvent] = field(default_factory=list)
    merged_into: dict[int, int] = field(default_factory=dict)
    next_id: int = 0


@dataclass(frozen=True)
class KnownClusters:
    """Clusters of earlier nights that may be revived: their ids and unit centroids."""

    ids: np.ndarray
    centroids: np.ndarray


def _overlaps(prev: np.ndarray, run: np.ndarray, weight: np.ndarray) -> list[tuple[float, int, int]]:
    """(shared weight, run label, old id) of every pair that shares a template, heaviest first."""
    both = (prev >= 0) & (run >= 0)
    totals: dict[tuple[int, int], float] = {}
    for c, s, w in zip(run[both], prev[both], weight[both]):
        totals[(int(c), int(s))] = totals.get((int(c), int(s)), 0.0) + float(w)
    return sorted(((w, c, s) for (c, s), w in totals.items()), key=lambda x: (-x[0], x[1], x[2]))


def match_clusters(
    prev: np.ndarray,
    run: np.ndarray,
    weight: np.ndarray,
    run_centroids: np.ndarray,
    known: KnownClusters,
    next_id: int,
    revive_similarity: float,
) -> Identity:
    """Stable id per template from yesterday's ids (`prev`), tonight's labels (`run`) and requests per template."""
    n_run = int(run.max(initial=-1)) + 1
    pairs = _overlaps(prev, run, weight)
    run_weight = np.bincount(run[run >= 0], weights=weight[run >= 0], minlength=n_run)
    continued: dict[int, int] = {}
    heaviest_parent: dict[int, tuple[float, int]] = {}  # pairs come heaviest first
    taken: set[int] = set()
    for w, c, s in pairs:
        heaviest_parent.setdefault(c, (w, s))
        if c not in continued and s not in taken:
            continued[c] = s
            taken.add(s)

    identity = Identity(np.full(len(run), -1, dtype=np.int64), next_id=next_id)
    id_of_run: dict[int, int] = {}
    for c in range(n_run):
        if c in continued:
            id_of_run[c] = continued[c]
            continue
        if c in heaviest_parent:
            shared, parent = heaviest_parent[c]
            id_of_run[c] = _new_id(identity, SPLIT, parent, shared / max(run_weight[c], 1e-9))
            continue
        revived = _revive(run_centroids[c], known, taken, revive_similarity)
        if revived is not None:
            taken.add(revived)
            id_of_run[c] = revived
            identity.events.append(LineageEvent(REVIVED, revived, None, 1.0))
        else:
            id_of_run[c] = _new_id(identity, BORN, None, 1.0)

    _record_merges(identity, pairs, prev, weight, continued, id_of_run, taken)
    alive = set(continued.values())
    for t in range(len(run)):
        old = int(prev[t])
        if run[t] >= 0 and not (old in alive and int(run[t]) in continued):
            identity.stable[t] = id_of_run[int(run[t])]
        elif old >= 0:
            identity.stable[t] = identity.merged_into.get(old, old)
    return identity


def _new_id(identity: Identity, event: str, other: int | None, share: float) -> int:
    new = identity.next_id
    identity.next_id += 1
    identity.events.append(LineageEvent(event, new, other, round(float(share), 4)))
    return new


def _revive(centroid: np.ndarray, known: KnownClusters, taken: set[int], threshold: float) -> int | None:
    if not len(known.ids):
        return None
    sims = known.centroids @ centroid
    for i in np.argsort(-sims, kind="stable"):
        if sims[i] < threshold:
            return None
        if int(known.ids[i]) not in taken:
            return int(known.ids[i])
    return None


def _record_merges(
    identity: Identity,
    pairs: list[tuple[float, int, int]],
    prev: np.ndarray,
    weight: np.ndarray,
    continued: dict[int, int],
    id_of_run: dict[int, int],
    taken: set[int],
) -> None:
    """An old cluster no one continued, whose traffic mostly went into one continued cluster, merged into it."""
    old_weight: dict[int, float] = {}
    for s, w in zip(prev[prev >= 0], weight[prev >= 0]):
        old_weight[int(s)] = old_weight.get(int(s), 0.0) + float(w)
    for w, c, s in pairs:
        if s in taken or s in identity.merged_into or c not in continued:
            continue
        share = w / old_weight[s]
        if share >= _MERGE_SHARE:
            identity.merged_into[s] = id_of_run[c]
            identity.events.append(LineageEvent(MERGED, s, id_of_run[c], round(share, 4)))
