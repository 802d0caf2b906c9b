"""What an investigation finds, as plain data: the contract between the queries and whatever shows them.

`embedcluster.investigate` fills these from a stored run; the terminal views,
the case page and the HTTP service only read them, so each can change without
the others, and `--json` is these dataclasses as they stand.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class Segment:
    """A piece of a prompt: template frame, or a value filled into one of its slots."""

    text: str
    slot: bool


@dataclass
class Example:
    request_id: str
    timestamp: datetime
    cluster_id: int
    segments: list[Segment]


@dataclass
class DayCount:
    day: date
    n_requests: int


@dataclass
class Timeline:
    """Requests per UTC day (every day from first to last) and per UTC hour of day."""

    days: list[DayCount]
    hours: list[int]


@dataclass
class AccountCluster:
    cluster_id: int  # -1: requests in no cluster
    n_requests: int
    share: float  # of the account's requests
    template: str | None
    capability: str | None
    risk_score: float | None
    flagged: bool


@dataclass
class Sibling:
    """An account in this account's risky clusters, or in its ring."""

    account_id: str
    overlap: float  # sum over shared risky clusters of the smaller of the two accounts' traffic shares
    shared_clusters: list[int]
    shared_requests: int
    same_ring: bool
    risk_score: float
    flagged: bool


@dataclass
class AccountReport:
    account_id: str
    n_requests: int
    first_seen: datetime
    last_seen: datetime
    risk_score: float
    flagged: bool
    reasons: list[str]
    ring_id: int
    clusters: list[AccountCluster]
    siblings: list[Sibling]
    n_siblings: int
    timeline: Timeline
    examples: list[Example]


@dataclass
class ClusterAccount:
    account_id: str
    n_requests: int
    share_of_cluster: float
    share_of_account: float
    risk_score: float
    flagged: bool
    ring_id: int


@dataclass
class NearCluster:
    cluster_id: int
    similarity: float  # cosine of the centroids
    template: str
    capability: str
    size: int
    risk_score: float
    flagged: bool


@dataclass
class ClusterReport:
    cluster_id: int
    size: int
    n_accounts: int
    n_templates: int
    first_seen: datetime
    last_seen: datetime
    capability: str
    capability_scores: dict[str, float]  # strongest first
    template: str
    example_slot_values: list[str]
    risk_score: float
    flagged: bool
    reasons: list[str]
    exemplar_request_ids: list[str]
    accounts: list[ClusterAccount]
    timeline: Timeline
    nearest: list[NearCluster]


@dataclass
class SimilarPrompt:
    text_id: int
    similarity: float
    text: str
    cluster_id: int
    cluster_risk: float | None
    cluster_flagged: bool
    n_requests: int
    n_accounts: int
    accounts: list[str]  # the largest senders
    request_id: str  # one request that sent it


@dataclass
class SimilarReport:
    query: str  # the text searched for, as embedded
    request_id: str | None
    account_id: str | None
    cluster_id: int | None
    hits: list[SimilarPrompt]
