"""Campaign ids: the clusters one population sends, under one id that outlives HDBSCAN's re-cuts.

HDBSCAN cuts a campaign afresh each night: as it grows, more density shows and
one cluster becomes three; on a small night its frames may sit in separate
clusters. Detectors downstream need an id that keeps naming the same campaign,
so clusters are grouped into campaigns:

- a cluster that continues (or revives) an old one keeps that one's campaign;
- a split keeps its parent's campaign, unless it is genuinely another campaign:
  its accounts are (nearly) disjoint from the rest of that campaign's, one way
  or the other, AND its wording differs (word pairs of its prompts against
  theirs), as when the legitimate part of a mixed cluster comes apart; or
  (nearly) none of its own requests come from the campaign's accounts, whatever
  its wording: the same words from other senders are the topic's (legitimate
  users asking the same kind of question, a look-alike campaign), not the
  campaign's, which is a population of accounts;
- clusters sent by the same accounts are one campaign: a new cluster joins,
  two campaigns found to be one merge. "The same accounts" is one of: the same
  population each way (a campaign's frames each get a cluster, worded apart,
  sent by all its accounts); most requests each way, with the same wording; or
  a fragment, nearly all of whose requests come from the other's accounts, which
  send a real part of the other's, with the same wording. Wording keeps out
  cover traffic: a cluster of chat sent by a campaign's accounts is not the
  campaign's;
- a cluster is also judged against a whole group (all the clusters linked so
  far), because a campaign's accounts spread over its frames, so one frame's
  senders are a subset of the campaign's, not of any one cluster's: a fragment
  of the group (as above, its wording against any of the group's clusters); or
  sent by the group's crowd: at least SAME_POPULATION of its requests AND of its
  distinct accounts come from the group's accounts, those accounts send at
  least JOIN_ACCOUNTS of the group's requests, and they are at least
  CROWD_ACCOUNTS accounts. No wording is needed (frames are worded apart); the
  overlap is counted in accounts as well as requests so that a few heavy users
  cannot carry it, the back share keeps a popular cluster (whose senders are
  everyone) from collecting clusters, and the account minimum keeps out a
  handful of colleagues who ask about two things;
- when campaigns merge, the one whose clusters from before tonight (with their
  splits) hold most requests keeps its id: the fewest published ids change; a
  tie goes to the lower id, founded no later (ids only grow). The others are
  recorded in `merged_into` and as `merged` events whose reason gives the link
  and both counts, so a detector that stored an absorbed id follows it to the
  survivor.

Leaving needs the accounts apart (below APART_ACCOUNTS), joining needs them
together (JOIN_ACCOUNTS and up, with wording unless the overlap is a whole
population's): the gap between is hysteresis, so an id neither flaps nor
swallows look-alikes. A campaign's id is the id of the cluster that founded it:
a cluster id, never reused, so `lineage ID` reads both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
from scipy.sparse import csr_matrix

from embedcluster.sampling import bottom_k

FOUNDED, JOINED, SPLIT_OFF, MERGED = "founded", "joined", "split_off", "merged"
SAME_POPULATION = 0.8  # each way: share of a cluster's requests from accounts that also send the other; no wording needed
JOIN_ACCOUNTS = 0.5  # each way, with SAME_WORDING
FRAGMENT_ACCOUNTS = 0.9  # a fragment's requests from the other's accounts ...
FRAGMENT_BACK = 0.1  # ... which send at least this share of the other's requests, with SAME_WORDING
SAME_WORDING = 0.35  # shared word pairs over the smaller cluster's (same frames, same slot pools)
APART_ACCOUNTS = 0.1  # a split leaves its campaign below this share of its own requests from the campaign's accounts,
# or below it either way ...
APART_WORDING = 0.4  # ... and below this wording overlap with each of the campaign's clusters
CROWD_ACCOUNTS = 10  # a population link counted in accounts needs at least this many shared accounts
WORDING_SAMPLE = 24  # texts per cluster whose word pairs stand for its wording
_WORDS = re.compile(r"\w+")


@dataclass(frozen=True)
class CampaignEvent:
    event: str  # founded | joined | split_off | merged
    campaign_id: int
    cluster_id: int | None  # the cluster that founded, joined or split off; merged: None
    other_id: int | None  # joined: the split's parent; split_off: the campaign left; merged: the campaign it went into
    reason: str


@dataclass
class Campaigns:
    of_cluster: np.ndarray  # campaign id per dense cluster
    events: list[CampaignEvent] = field(default_factory=list)
    merged_into: dict[int, int] = field(default_factory=dict)  # campaign -> the campaign it merged into


class Traffic:
    """Tonight's clusters as grouping sees them: who sends each, and what its prompts say."""

    def __init__(self, ids: np.ndarray, account: np.ndarray, cluster: np.ndarray, texts: list[list[str]]) -> None:
        """`ids`: published id per dense cluster; `account`, `cluster`: per clustered request; `texts`: a sample
        of each cluster's prompts."""
        self.ids, self.texts = ids, texts
        self.counts = csr_matrix(
            (np.ones(len(account)), (cluster, account)), shape=(len(ids), int(account.max(initial=-1)) + 1)
        )
        self.counts.sum_duplicates()
        self.sizes = np.asarray(self.counts.sum(axis=1)).ravel()
        self._wording: dict[int, set[tuple[str, str]]] = {}

    def linked_pairs(self) -> list[tuple[int, int, str]]:
        """(a, b, why), a < b, for clusters sent by the same accounts (module docstring)."""
        if len(self.ids) < 2:
            return []
        shared = self.counts @ (self.counts > 0).T.astype(np.float64)  # [a, b]: a's requests from b's accounts
        share = csr_matrix(shared.multiply(1.0 / np.maximum(self.sizes, 1)[:, None])).tocoo()
        of = {(int(a), int(b)): float(v) for a, b, v in zip(share.row, share.col, share.data) if a != b}
        out = []
        for a, b in sorted({(min(k), max(k)) for k in of if of[k] >= JOIN_ACCOUNTS or of[k] >= FRAGMENT_ACCOUNTS}):
            why = self._link(a, b, of.get((a, b), 0.0), of.get((b, a), 0.0))
            if why:
                out.append((a, b, why))
        return out

    def _link(self, a: int, b: int, a_from_b: float, b_from_a: float) -> str | None:
        """Why clusters `a` and `b` are one campaign (`x_from_y`: x's requests from y's accounts), or None."""
        low, high = min(a_from_b, b_from_a), max(a_from_b, b_from_a)
        small, big = (int(self.ids[a]), int(self.ids[b])) if a_from_b >= b_from_a else (int(self.ids[b]), int(self.ids[a]))
        if low >= SAME_POPULATION:
            return f"clusters {small} and {big}: the same accounts, {low:.0%} of requests from shared accounts each way"
        if low >= JOIN_ACCOUNTS:
            measured = f"clusters {small} and {big}: {low:.0%} of requests from shared accounts each way"
        elif high >= FRAGMENT_ACCOUNTS and low >= FRAGMENT_BACK:
            measured = (f"cluster {small} is a fragment of cluster {big}: {high:.0%} of its requests from accounts "
                        f"that send {low:.0%} of the other's")
        else:
            return None
        wording = self.wording(a, [b])
        return f"{measured}, wording overlap {wording:.2f}" if wording >= SAME_WORDING else None

    def account_share(self, group: list[int], others: list[int]) -> float:
        """The smaller of: the share of `group`'s requests from accounts of `others`, and the reverse."""
        return min(self.sent_by(group, others), self.sent_by(others, group))

    def sent_by(self, group: list[int], others: list[int]) -> float:
        """The share of `group`'s requests from accounts that also send `others`."""
        a, b = self.counts[group].sum(axis=0).A1, self.counts[others].sum(axis=0).A1
        return float(a[b > 0].sum() / max(a.sum(), 1))

    def group_links(self, groups: list[list[int]]) -> list[tuple[int, int, str]]:
        """(cluster, group index, why) for each cluster linked to a group it is not in, judged against the group's
        accounts as a whole (module docstring): sent by its crowd, or a fragment of it in its wording."""
        if not groups:  # a night with no clusters
            return []
        member = np.full(len(self.ids), -1)
        for g, group in enumerate(groups):
            member[group] = g
        rows = np.concatenate([np.asarray(group, dtype=np.int64) for group in groups])
        cols = np.concatenate([np.full(len(group), g) for g, group in enumerate(groups)])
        of_group = csr_matrix((np.ones(len(rows)), (cols, rows)), shape=(len(groups), len(self.ids)))
        group_counts = (of_group @ self.counts).tocsr()  # [g, account]: the group's requests per account
        group_sends = (group_counts > 0).astype(np.float64)
        sends = (self.counts > 0).astype(np.float64).tocsr()
        from_group = (self.counts @ group_sends.T).tocoo()  # [c, g]: c's requests from g's accounts
        shares = from_group.data / np.maximum(self.sizes[from_group.row], 1)
        near = (shares >= min(SAME_POPULATION, FRAGMENT_ACCOUNTS)) & (member[from_group.row] != from_group.col)
        out = []
        for c, g, share in zip(from_group.row[near].tolist(), from_group.col[near].tolist(), shares[near].tolist()):
            accounts, n_accounts = float(sends[c].multiply(group_sends[g]).sum()), float(sends[c].sum())
            back = float(group_counts[g].multiply(sends[c]).sum() / max(group_counts[g].sum(), 1))
            named = f"clusters {_names(self.ids, groups[g])}"
            if accounts >= CROWD_ACCOUNTS and accounts >= SAME_POPULATION * n_accounts and back >= JOIN_ACCOUNTS:
                out.append((c, g, f"cluster {int(self.ids[c])} is sent by the crowd of {named}: {share:.0%} of its "
                                  f"requests and {accounts / n_accounts:.0%} of its {int(n_accounts)} accounts are theirs "
                                  f"({int(accounts)} accounts), sending {back:.0%} of their requests"))
            elif share >= FRAGMENT_ACCOUNTS and back >= FRAGMENT_BACK and (wording := self.wording(c, groups[g])) >= SAME_WORDING:
                out.append((c, g, f"cluster {int(self.ids[c])} is a fragment of {named}: {share:.0%} of its requests "
                                  f"from accounts that send {back:.0%} of theirs, wording overlap {wording:.2f}"))
        return out

    def wording(self, a: int, others: list[int]) -> float:
        """The most word pairs the prompts of cluster `a` share with those of any one of `others`, over the smaller
        set: against the union, a large mixed campaign's common pairs would cover anything."""
        mine = self._pairs(a)
        return max((len(mine & self._pairs(o)) / max(1, min(len(mine), len(self._pairs(o)))) for o in others), default=0.0)

    def _pairs(self, c: int) -> set[tuple[str, str]]:
        if c not in self._wording:
            pairs: set[tuple[str, str]] = set()
            for text in self.texts[c][:WORDING_SAMPLE]:
                words = _WORDS.findall(text.lower())
                pairs.update(zip(words, words[1:]))
            self._wording[c] = pairs
        return self._wording[c]


def _names(ids: np.ndarray, group: list[int], shown: int = 4) -> str:
    names = [str(int(ids[c])) for c in group[:shown]]
    return ", ".join(names) + (f" (+{len(group) - shown})" if len(group) > shown else "")


def group_campaigns(traffic: Traffic, known: dict[int, int] | None = None, splits: dict[int, int] | None = None) -> Campaigns:
    """Campaign id per dense cluster from last night's campaign per cluster id (`known`) and tonight's splits
    (new cluster id -> parent id); without them (a one-off run) clusters are only grouped among themselves."""
    known, splits = known or {}, splits or {}
    ids = traffic.ids
    result = Campaigns(np.full(len(ids), -1, dtype=np.int64))
    kept = [c for c in range(len(ids)) if int(ids[c]) in known]
    for c in kept:
        result.of_cluster[c] = known[int(ids[c])]
    order = np.argsort(-traffic.sizes, kind="stable")
    left: dict[int, int] = {}  # dense cluster -> the campaign it split off from tonight
    for c in (int(c) for c in order if int(ids[c]) in splits and int(ids[c]) not in known):
        if (campaign := _place_split(traffic, result, c, splits[int(ids[c])], known, kept)) is not None:
            left[c] = campaign
    _group(traffic, result, order, left)
    return result


def _place_split(
    traffic: Traffic, result: Campaigns, c: int, parent: int, known: dict[int, int], kept: list[int]
) -> int | None:
    """A split stays in its parent's campaign unless both its accounts and its wording are apart from it;
    returns the campaign it left, if it left."""
    cid = int(traffic.ids[c])
    campaign = known.get(parent, parent)
    core = [d for d in kept if result.of_cluster[d] == campaign]
    if not core:
        result.of_cluster[c] = campaign
        result.events.append(CampaignEvent(JOINED, campaign, cid, parent, f"split from {parent}, the rest of campaign {campaign} inactive tonight"))
        return None
    accounts, wording = traffic.account_share([c], core), traffic.wording(c, core)
    measured = f"{accounts:.0%} of requests from shared accounts (the lesser way), wording overlap {wording:.2f}"
    if accounts < APART_ACCOUNTS and wording < APART_WORDING:
        result.of_cluster[c] = cid
        result.events.append(CampaignEvent(SPLIT_OFF, cid, cid, campaign, f"split from {parent}, another campaign: {measured}"))
        return campaign
    if (sent := traffic.sent_by([c], core)) < APART_ACCOUNTS:
        result.of_cluster[c] = cid
        result.events.append(CampaignEvent(SPLIT_OFF, cid, cid, campaign, (
            f"split from {parent}, another campaign: {sent:.0%} of its requests from accounts of campaign {campaign}; "
            f"its wording (overlap {wording:.2f}) is the topic's, sent by other accounts")))
        return campaign
    result.of_cluster[c] = campaign
    result.events.append(CampaignEvent(JOINED, campaign, cid, parent, f"split from {parent}, same campaign: {measured}"))
    return None


def _group(traffic: Traffic, result: Campaigns, order: np.ndarray, left: dict[int, int]) -> None:
    """Union clusters of one campaign and clusters with the same accounts and wording; new ids where none is
    known. A split that left a campaign tonight is not linked back into it the same night."""
    parent = list(range(len(traffic.ids)))

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    first_of: dict[int, int] = {}
    for c, campaign in enumerate(result.of_cluster.tolist()):
        if campaign >= 0:
            parent[root(c)] = root(first_of.setdefault(campaign, c))
    links: dict[int, str] = {}
    for a, b, why in traffic.linked_pairs():
        if left.get(a) == result.of_cluster[b] or left.get(b) == result.of_cluster[a]:
            continue
        if root(a) != root(b):
            links[a] = links[b] = why
            parent[root(a)] = root(b)
    while True:  # group links are judged against whole groups, so each union may reveal another
        grouped: dict[int, list[int]] = {}
        for c in order.tolist():
            grouped.setdefault(root(c), []).append(c)
        groups = list(grouped.values())
        joined = False
        for c, g, why in traffic.group_links(groups):
            group, mine = groups[g], grouped[root(c)] if root(c) in grouped else [c]
            if root(c) == root(group[0]) or any(
                left.get(a) == result.of_cluster[b] or left.get(b) == result.of_cluster[a] for a in mine for b in group
            ):
                continue
            links[c] = why
            for d in group:
                links.setdefault(d, why)
            parent[root(c)] = root(group[0])
            joined = True
        if not joined:
            break
    sizes = traffic.sizes
    members: dict[int, list[int]] = {}
    for c in order.tolist():
        members.setdefault(root(c), []).append(c)
    for group in members.values():
        _settle(traffic, result, group, sizes, links)


def _settle(traffic: Traffic, result: Campaigns, group: list[int], sizes: np.ndarray, links: dict[int, str]) -> None:
    """One campaign for a group (heaviest first): of the campaigns its clusters carried before tonight, the one
    holding most requests in them (fewest published ids change; a tie goes to the lower id), else a new campaign
    founded by its heaviest cluster."""
    weight: dict[int, float] = {}
    for c in group:
        if result.of_cluster[c] >= 0:
            weight[int(result.of_cluster[c])] = weight.get(int(result.of_cluster[c]), 0.0) + float(sizes[c])
    if weight:
        campaign = min(weight, key=lambda k: (-weight[k], k))
    else:
        campaign = int(traffic.ids[group[0]])
        result.events.append(CampaignEvent(FOUNDED, campaign, campaign, None, "new cluster"))
    for other in sorted(set(weight) - {campaign}):
        link = next((links[c] for c in group if result.of_cluster[c] == other and c in links), "same accounts and wording")
        kept = (f"campaign {campaign} keeps its id: its clusters from before tonight (with their splits) hold "
                f"{weight[campaign]:.0f} requests, campaign {other}'s {weight[other]:.0f}"
                + (" (a tie: the lower id)" if weight[campaign] == weight[other] else ""))
        result.merged_into[other] = campaign
        result.events.append(CampaignEvent(MERGED, other, None, campaign, f"{link}; {kept}"))
    for c in group:
        cid = int(traffic.ids[c])
        if result.of_cluster[c] < 0 and cid != campaign:
            result.events.append(CampaignEvent(JOINED, campaign, cid, None, links.get(c, "same accounts and wording")))
        result.of_cluster[c] = campaign


def traffic_of(
    ids: np.ndarray, account: np.ndarray, cluster: np.ndarray, cluster_of_text: np.ndarray, texts: list[str],
    text_keys: np.ndarray,
) -> Traffic:
    """Traffic from per-request account and dense cluster codes and each distinct text's dense cluster;
    each cluster's wording from a content-keyed sample of its texts (sampling.bottom_k)."""
    clustered = cluster >= 0
    members = np.argsort(cluster_of_text, kind="stable")
    starts = np.searchsorted(cluster_of_text[members], np.arange(len(ids) + 1))
    sample = [
        [texts[i] for i in bottom_k(members[starts[c] : starts[c + 1]], WORDING_SAMPLE, text_keys)] for c in range(len(ids))
    ]
    return Traffic(ids, account[clustered], cluster[clustered], sample)
