"""Cluster and account scoring on hand-built traffic with known answers."""

from __future__ import annotations

import numpy as np
import pytest

from embedcluster.config import ScoringConfig
from embedcluster.features import (
    DAY_MS,
    AccountClusterPairs,
    AccountMeta,
    RequestArrays,
    cluster_features,
    cluster_reach,
    established,
    fresh_networks,
)
from embedcluster.scoring import (
    AccountScores,
    ClusterScore,
    score_clusters,
    calibrate,
    cohort,
    concentration,
    dedication,
    risk_arrays,
    score_accounts,
    score_cluster,
    shape,
    traffic_share_in,
)

T0 = 1_793_577_600_000
CFG = ScoringConfig()


class Traffic:
    """Builds request arrays account by account; unique texts are numbered as they come."""

    def __init__(self) -> None:
        self.account, self.cluster, self.template, self.unique, self.timestamp = [], [], [], [], []
        self.n_accounts = 0
        self.created: list[int] = []
        self.infra: list[set[str]] = []

    def add_account(self, created: int = -1, infra: set[str] | None = None) -> int:
        self.n_accounts += 1
        self.created.append(created)
        self.infra.append(infra or set())
        return self.n_accounts - 1

    def send(self, account: int, cluster: int, template: int, n: int, gap_ms: int = 60_000) -> None:
        for k in range(n):
            self.account.append(account)
            self.cluster.append(cluster)
            self.template.append(template)
            self.unique.append(len(self.unique))
            self.timestamp.append(T0 + len(self.timestamp) * 1000 + k * gap_ms)

    def arrays(self) -> tuple[RequestArrays, AccountMeta]:
        req = RequestArrays(
            account=np.array(self.account),
            cluster=np.array(self.cluster),
            template=np.array(self.template),
            unique=np.array(self.unique),
            timestamp=np.array(self.timestamp, dtype=np.int64),
            n_accounts=self.n_accounts,
        )
        return req, AccountMeta(np.array(self.created, dtype=np.int64), self.infra)


def _features(req: RequestArrays, meta: AccountMeta, cluster: int, overlap: float) -> dict[str, float]:
    """Features of one cluster, with dedication computed over every cluster's shape as the pipeline does."""
    n_templates = int(req.template.max()) + 1
    template_accounts = np.array([len(set(req.account[req.template == t])) for t in range(n_templates)])
    template_texts = np.array([len(set(req.unique[req.template == t])) for t in range(n_templates)])
    n_clusters = int(req.cluster.max()) + 1
    reach, expected_reach = cluster_reach(req, n_clusters)
    features = [
        cluster_features(np.flatnonzero(req.cluster == c), req, template_accounts, template_texts, overlap, meta, CFG)
        | {"reach": reach[c], "expected_reach": expected_reach[c], "association": 0.0}
        for c in range(n_clusters)
    ]
    pairs = AccountClusterPairs.of(req, n_clusters)
    shapes = np.array([shape(f, CFG) for f in features])
    share = traffic_share_in(pairs, shapes >= 0.35, req.n_accounts)
    return {**features[cluster], "dedication": float(dedication(pairs, share, n_clusters)[cluster])}


@pytest.fixture
def traffic() -> Traffic:
    t = Traffic()
    # Cluster 0: a campaign, 40 young accounts, each half probes and half cover traffic.
    for i in range(40):
        a = t.add_account(created=T0 - 2 * DAY_MS, infra={f"ip:10.0.{i % 4}"})
        t.send(a, cluster=0, template=0, n=6)
        t.send(a, cluster=-1, template=100 + i, n=6)
    # Cluster 1: one company's automation, one account, one template, thousands of requests.
    bot = t.add_account(created=T0 - 400 * DAY_MS)
    t.send(bot, cluster=1, template=1, n=500, gap_ms=30_000)
    # Cluster 2: a jailbreak text pasted by 40 old accounts, once each among their own traffic.
    for i in range(40):
        a = t.add_account(created=T0 - 300 * DAY_MS)
        t.send(a, cluster=2, template=2, n=1)
        t.send(a, cluster=-1, template=200 + i, n=12)
    add_crowd(t, clusters=range(3, 23), accounts=400)
    return t


def add_crowd(t: Traffic, clusters: range, accounts: int, seed: int = 0) -> None:
    """Ordinary people: two requests each in two of many everyday clusters, each in their own words."""
    rng = np.random.default_rng(seed)
    for i in range(accounts):
        a = t.add_account()
        for c in rng.choice(clusters, 2, replace=False):
            t.send(a, cluster=int(c), template=1000 + i * 100 + int(c), n=1)


def test_campaign_cluster_is_flagged_with_reasons(traffic: Traffic) -> None:
    req, meta = traffic.arrays()
    features = _features(req, meta, cluster=0, overlap=0.8)
    result = score_cluster(features, "agentic", 0.8, CFG)
    assert features["n_accounts"] == 40
    assert features["dedication"] == pytest.approx(0.5)
    assert features["young_share"] == 1.0 and features["established"] == 0.0
    assert features["infra_share"] == 1.0
    assert result.flagged and result.risk > 0.6
    joined = " ".join(result.reasons)
    assert "40 accounts" in joined and "agentic" in joined and "100% created under 14 days" in joined


def test_single_account_automation_is_not_flagged(traffic: Traffic) -> None:
    req, meta = traffic.arrays()
    features = _features(req, meta, cluster=1, overlap=0.9)
    result = score_cluster(features, "software_engineering", 0.9, CFG)
    assert features["effective_accounts"] == pytest.approx(1.0)
    assert not result.flagged
    assert result.risk < 0.05


def test_pasted_jailbreak_is_not_flagged_even_if_capability_shaped(traffic: Traffic) -> None:
    req, meta = traffic.arrays()
    features = _features(req, meta, cluster=2, overlap=0.9)
    result = score_cluster(features, "reasoning_trace", 1.0, CFG)
    assert features["dedication"] == pytest.approx(1 / 13)
    assert features["established"] == 1.0
    assert not result.flagged


def test_established_ramps_from_young_to_ninety_days() -> None:
    first_seen = np.full(4, T0)
    created = np.array([T0 - 5 * DAY_MS, T0 - 52 * DAY_MS, T0 - 200 * DAY_MS, -1])
    assert established(created, first_seen, CFG) == pytest.approx([0.0, 0.5, 1.0, 0.0])


def test_untemplated_topic_cluster_is_not_flagged() -> None:
    t = Traffic()
    for i in range(60):
        a = t.add_account()
        t.send(a, cluster=0, template=i, n=3)  # each account its own wording: no shared template
    req, meta = t.arrays()
    features = _features(req, meta, cluster=0, overlap=0.1)
    assert features["templated_share"] == 0.0
    assert features["dedication"] == 0.0
    assert not score_cluster(features, "software_engineering", 0.9, CFG).flagged


def test_few_accounts_damp_coordination(traffic: Traffic) -> None:
    req, meta = traffic.arrays()
    features = _features(req, meta, cluster=0, overlap=0.8)
    many = score_cluster(features, "agentic", 0.8, CFG).risk
    few = score_cluster({**features, "n_accounts": 3.0, "effective_accounts": 3.0}, "agentic", 0.8, CFG).risk
    assert few < many * 0.3


def test_accounts_with_cover_traffic_are_flagged_and_ringed(traffic: Traffic) -> None:
    req, meta = traffic.arrays()
    cluster_risk = np.r_[0.8, 0.01, 0.2, np.zeros(20)]
    scores = score_accounts(req, cluster_risk, meta, CFG)
    campaign, bot, pasters = slice(0, 40), 40, slice(41, 81)
    assert scores.flagged[campaign].all()
    assert not scores.flagged[bot]
    assert not scores.flagged[pasters].any()
    assert (scores.ring[campaign] == 0).all()
    assert (scores.ring[pasters] == -1).all()
    assert scores.top_clusters[0] == [0]
    assert any("6 of 12 requests (50%) in cluster 0" in r for r in scores.reasons[0])


def test_single_request_in_risky_cluster_is_weak_evidence() -> None:
    t = Traffic()
    lone = t.add_account()
    t.send(lone, cluster=0, template=0, n=1)
    t.send(lone, cluster=-1, template=1, n=9)
    req, meta = t.arrays()
    scores = score_accounts(req, np.array([0.9]), meta, CFG)
    assert scores.risk[0] < CFG.account_flag_threshold


def test_a_popular_ask_is_not_a_campaign_however_templated() -> None:
    """Hundreds of people sending one or two fillings each reach as many accounts as popularity predicts."""
    t = Traffic()
    for i in range(300):
        a = t.add_account(created=T0 - 2 * DAY_MS)
        t.send(a, cluster=0, template=0, n=2 if i % 4 == 0 else 1)
    add_crowd(t, clusters=range(1, 21), accounts=400)
    req, meta = t.arrays()
    popular = _features(req, meta, cluster=0, overlap=0.8)
    assert shape(popular, CFG) > 0.5  # templated, many accounts, full coverage: the old picture of a campaign
    assert concentration(popular, CFG) == 0.0
    assert not score_cluster({**popular, "dedication": 1.0}, "agentic", 1.0, CFG).flagged


def test_the_same_accounts_sending_many_fillings_are_concentrated() -> None:
    t = Traffic()
    for _ in range(40):
        t.send(t.add_account(created=T0 - 2 * DAY_MS), cluster=0, template=0, n=8)
    add_crowd(t, clusters=range(1, 21), accounts=400)
    req, meta = t.arrays()
    campaign = _features(req, meta, cluster=0, overlap=0.8)
    assert campaign["reach"] == 40 and campaign["expected_reach"] > 100
    assert concentration(campaign, CFG) == 1.0
    result = score_cluster({**campaign, "dedication": 1.0}, "agentic", 1.0, CFG)
    assert result.flagged and any("concentration 1.00: 40 accounts" in r for r in result.reasons)


def test_the_flag_threshold_is_set_by_what_shuffled_memberships_score(traffic: Traffic) -> None:
    req, meta = traffic.arrays()
    n_clusters = int(req.cluster.max()) + 1
    evidence = ([0.8] * n_clusters, ["agentic"] * n_clusters, [0.8] * n_clusters)
    as_set = calibrate(req, *evidence, meta, CFG, seed=1)
    assert as_set.threshold == CFG.account_flag_threshold and as_set.expected_false_flags < 1
    loose = ScoringConfig(account_flag_threshold=0.0, cluster_flag_threshold=0.0, target_fpr=0.2)
    measured = calibrate(req, *evidence, meta, loose, seed=1)
    assert measured.threshold > 0.0
    assert measured.null_flag_rate <= 0.2 + 1e-9
    assert measured.expected_false_flags == pytest.approx(measured.null_flag_rate * req.n_accounts)


def test_rings_join_only_through_flagged_clusters() -> None:
    """Two campaigns whose accounts also send a popular cluster stay two rings, and its other senders none."""
    t = Traffic()
    for campaign in (0, 1):
        for _ in range(20):
            a = t.add_account()
            t.send(a, cluster=campaign, template=campaign, n=6)
            t.send(a, cluster=2, template=2, n=1)
    for _ in range(50):
        t.send(t.add_account(), cluster=2, template=2, n=2)
    req, meta = t.arrays()
    scores = score_accounts(req, np.array([0.9, 0.9, 0.3]), meta, CFG)
    assert set(scores.ring[:20]) == {0} or set(scores.ring[:20]) == {1}
    assert set(scores.ring[20:40]).isdisjoint(scores.ring[:20]) and -1 not in scores.ring[:40]
    assert (scores.ring[40:] == -1).all() and not scores.flagged[40:].any()


def _sparse_campaign(t: Traffic) -> list[int]:
    """40 accounts: three requests each in core cluster 0, one in each of clusters 1 and 2, cover traffic besides."""
    campaign = [t.add_account(created=T0 - DAY_MS) for _ in range(40)]
    for a in campaign:
        t.send(a, cluster=0, template=0, n=3)
        for c in (1, 2):
            t.send(a, cluster=c, template=c, n=1)
        t.send(a, cluster=-1, template=50 + a, n=4)
    return campaign


def _scored_beside_a_crowd(t: Traffic) -> tuple[RequestArrays, AccountMeta, list[ClusterScore]]:
    """Clusters 0-2 scored among 20 popular clusters (3-22) of 400 other accounts."""
    add_crowd(t, clusters=range(3, 23), accounts=400)
    req, meta = t.arrays()
    members = [np.flatnonzero(req.cluster == c) for c in range(23)]
    return req, meta, score_clusters(req, members, [0.8] * 23, ["agentic"] * 23, [1.0] * 23, meta, CFG)


def test_a_sparse_campaigns_scattered_clusters_are_outposts_that_count_only_for_its_accounts() -> None:
    """One or two requests per account in each of several small clusters: none concentrated, all the campaign's."""
    t = Traffic()
    campaign = _sparse_campaign(t)
    bystander = t.add_account()
    t.send(bystander, cluster=1, template=1, n=2)
    t.send(bystander, cluster=-1, template=999, n=3)
    req, meta, scores = _scored_beside_a_crowd(t)
    assert scores[0].flagged and not scores[0].outpost
    assert scores[1].flagged and scores[1].outpost and any(r.startswith("association 1.00") for r in scores[1].reasons)
    assert not any(s.flagged for s in scores[3:])
    outpost = np.array([s.outpost for s in scores])
    accounts = score_accounts(req, np.array([s.risk for s in scores]), meta, CFG, outpost=outpost)
    without = score_accounts(req, np.array([s.risk if not s.outpost else 0.0 for s in scores]), meta, CFG)
    assert accounts.risk[campaign].min() > without.risk[campaign].min()
    assert not accounts.flagged[bystander]


def test_an_account_scattered_over_two_outposts_counts_without_a_flagged_cluster_of_its_own() -> None:
    """A sparse campaign's account may miss its core cluster entirely: one request in each of two outposts is
    co-membership with the campaign; two requests in one outpost are a bystander asking one thing twice."""
    t = Traffic()
    _sparse_campaign(t)
    scattered = t.add_account(created=T0 - DAY_MS)
    for c in (1, 2):
        t.send(scattered, cluster=c, template=c, n=1)
    t.send(scattered, cluster=-1, template=998, n=4)
    bystander = t.add_account(created=T0 - DAY_MS)
    t.send(bystander, cluster=1, template=1, n=2)
    t.send(bystander, cluster=-1, template=999, n=4)
    req, meta, scores = _scored_beside_a_crowd(t)
    assert scores[1].outpost and scores[2].outpost
    outpost = np.array([s.outpost for s in scores])
    accounts = score_accounts(req, np.array([s.risk for s in scores]), meta, CFG, outpost=outpost)
    assert accounts.flagged[scattered] and any("cluster 1 " in r for r in accounts.reasons[scattered])
    assert not accounts.flagged[bystander]
    assert accounts.risk[bystander] == pytest.approx(0.3 * CFG.account_flag_threshold)
    assert any("an outpost of a flagged campaign" in r for r in accounts.reasons[bystander])
    assert any(r.startswith("exposure only") for r in accounts.reasons[bystander])


def test_an_outpost_does_not_count_beside_a_merely_risky_cluster() -> None:
    """One request in an outpost and one in an unrelated half-risky cluster (a harness's shared scaffold) is a
    bystander, not a campaign account spread over the campaign's clusters."""
    t = Traffic()
    spread, bystander = t.add_account(), t.add_account()
    for a, clusters in ((spread, (1, 2)), (bystander, (1, 3))):
        for c in clusters:
            t.send(a, cluster=c, template=c, n=1)
        t.send(a, cluster=-1, template=100 + a, n=3)
    t.send(t.add_account(), cluster=0, template=0, n=1)
    req, meta = t.arrays()
    risk, outpost = np.array([0.9, 0.9, 0.9, 0.3]), np.array([False, True, True, False])
    accounts = score_accounts(req, risk, meta, CFG, outpost=outpost)
    assert accounts.flagged[spread]
    assert accounts.risk[bystander] == pytest.approx(0.3 * 0.5)
    assert not any("cluster 1 " in r for r in accounts.reasons[bystander])


def test_a_shared_network_is_a_reason_a_shared_card_raises_risk() -> None:
    t = Traffic()
    for _ in range(30):  # a flagged campaign on one /24 and one card
        t.send(t.add_account(infra={"ip:10.0.0", "pay:card-1"}), cluster=0, template=0, n=6)
    on_network = t.add_account(infra={"ip:10.0.0"})
    on_card = t.add_account(infra={"pay:card-1"})
    for a in (on_network, on_card):
        t.send(a, cluster=0, template=0, n=1)
        t.send(a, cluster=-1, template=100 + a, n=3)
    req, meta = t.arrays()
    scores = score_accounts(req, np.array([0.9]), meta, CFG)
    assert not scores.flagged[on_network] and scores.flagged[on_card]
    assert any("shares ip:10.0.0 with flagged accounts" in r for r in scores.reasons[on_network])



def test_age_damps_an_evaluation_suite_in_one_cluster_but_not_an_aged_account_spread_over_a_campaign() -> None:
    """Campaigns buy aged accounts: twenty requests over two flagged clusters outweigh the account's age; twenty
    into one cluster (a lab's evaluation suite against one benchmark), twenty that are a minority of the account's
    traffic (a suite whose benchmark shares campaign frames), or two requests do not."""
    t = Traffic()
    for _ in range(30):
        a = t.add_account()
        t.send(a, cluster=0, template=0, n=6)
        t.send(a, cluster=1, template=1, n=6)
    aged_spread, aged_one_cluster, aged_thin, aged_suite = (t.add_account(created=T0 - 400 * DAY_MS) for _ in range(4))
    t.send(aged_spread, cluster=0, template=0, n=10)
    t.send(aged_spread, cluster=1, template=1, n=10)
    t.send(aged_suite, cluster=0, template=0, n=10)  # a benchmark sharing two campaign frames, among its own suite
    t.send(aged_suite, cluster=1, template=1, n=10)
    t.send(aged_suite, cluster=-1, template=997, n=30)
    t.send(aged_one_cluster, cluster=0, template=0, n=20)
    t.send(aged_thin, cluster=0, template=0, n=1)
    t.send(aged_thin, cluster=1, template=1, n=1)
    t.send(aged_thin, cluster=-1, template=999, n=3)
    req, meta = t.arrays()
    scores = score_accounts(req, np.array([0.8, 0.8]), meta, CFG)
    assert scores.flagged[aged_spread] and scores.risk[aged_spread] == pytest.approx(0.8 * (1 - 0.4 * 4 / 20))
    assert not scores.flagged[aged_one_cluster] and scores.risk[aged_one_cluster] == pytest.approx(0.8 * 0.6)
    assert not scores.flagged[aged_thin] and scores.risk[aged_thin] == pytest.approx(0.8 * 0.6)
    assert not scores.flagged[aged_suite] and scores.risk[aged_suite] == pytest.approx(0.8 * 0.6)
    assert any(r.startswith("damped 8%") for r in scores.reasons[aged_spread])


def _frame_sent_once_or_twice(t: Traffic, created: int, networks: int | None) -> list[int]:
    """60 accounts sending one or two fillings of one frame (cluster 0) among cover traffic: a popular ask's shape.
    `networks`: how many /24s they come through between them (None: each account its own)."""
    accounts = []
    for i in range(60):
        network = f"ip:10.9.{i % networks}" if networks else f"ip:172.16.{i}"
        a = t.add_account(created=created, infra={network})
        t.send(a, cluster=0, template=0, n=2 if i % 2 else 1)
        t.send(a, cluster=-1, template=500 + i, n=4)
        accounts.append(a)
    return accounts


def _frame_scored(created: int, networks: int | None) -> tuple[list[int], dict[str, float], ClusterScore, AccountScores]:
    t = Traffic()
    accounts = _frame_sent_once_or_twice(t, created, networks)
    add_crowd(t, clusters=range(1, 21), accounts=400)
    req, meta = t.arrays()
    members = [np.flatnonzero(req.cluster == c) for c in range(21)]
    scores = score_clusters(req, members, [0.8] * 21, ["agentic"] * 21, [1.0] * 21, meta, CFG)
    risk, outpost, outside_cohort = risk_arrays(scores)
    return accounts, _features(req, meta, 0, 0.8), scores[0], score_accounts(req, risk, meta, CFG, None, None, outpost, outside_cohort)


def test_a_cohort_of_fresh_accounts_on_a_few_networks_is_coordination_a_popular_ask_is_not() -> None:
    """Strangers asking one thing reach as many accounts as its popularity predicts, and so does a stealthy
    campaign sending one or two requests per account; only the campaign's senders are fresh accounts coming
    through a handful of proxies."""
    campaign, features, cluster, accounts = _frame_scored(T0 - 2 * DAY_MS, networks=4)
    assert features["cohort_share"] == 1.0 and concentration(features, CFG) < 0.2  # near what popularity predicts
    assert cluster.flagged and any(r.startswith("cohort 1.00: 100% of its accounts") for r in cluster.reasons)
    twice, once = campaign[1::2], campaign[::2]
    assert accounts.flagged[twice].all() and not accounts.flagged[once].any()

    for created, networks in ((T0 - 2 * DAY_MS, None), (T0 - 400 * DAY_MS, 4), (-1, 4)):
        strangers, features, cluster, accounts = _frame_scored(created, networks)
        assert features["cohort_share"] == 0.0
        assert not cluster.flagged and not accounts.flagged[strangers].any()


def test_new_sign_ups_behind_a_carriers_nat_are_no_cohort() -> None:
    """A viral ask sent by new sign-ups on four mobile-carrier networks that established customers use too."""
    t = Traffic()
    newcomers = _frame_sent_once_or_twice(t, T0 - 2 * DAY_MS, networks=4)
    for i in range(80):
        t.send(t.add_account(created=T0 - 500 * DAY_MS, infra={f"ip:10.9.{i % 4}"}), cluster=-1, template=2000 + i, n=3)
    add_crowd(t, clusters=range(1, 21), accounts=400)
    req, meta = t.arrays()
    members = [np.flatnonzero(req.cluster == c) for c in range(21)]
    scores = score_clusters(req, members, [0.8] * 21, ["agentic"] * 21, [1.0] * 21, meta, CFG)
    assert _features(req, meta, 0, 0.8)["cohort_share"] == 1.0  # any network: the pool looks like a proxy's
    assert fresh_networks(req, meta, CFG) == set()
    assert not scores[0].flagged and not any(r.startswith("cohort") for r in scores[0].reasons)
    assert not score_accounts(req, risk_arrays(scores)[0], meta, CFG).flagged[newcomers].any()


def test_a_cohort_needs_three_young_accounts_on_a_network_and_ten_accounts_in_the_cluster() -> None:
    _, pairs_only, _, _ = _frame_scored(T0 - 2 * DAY_MS, networks=30)  # two young accounts per network
    assert pairs_only["cohort_share"] == 0.0
    assert cohort({"n_accounts": 10.0, "cohort_share": 1.0}) == 1.0
    assert cohort({"n_accounts": 9.0, "cohort_share": 1.0}) == 0.0


def test_a_cohorts_evidence_does_not_count_for_an_established_account_sending_its_frame() -> None:
    """A lab's aged accounts running a benchmark whose questions share a campaign's frame are not in its cohort;
    an account of unknown age is (missing metadata is neutral)."""
    t = Traffic()
    _frame_sent_once_or_twice(t, T0 - 2 * DAY_MS, networks=4)
    aged, unknown = t.add_account(created=T0 - 400 * DAY_MS), t.add_account()
    for a in (aged, unknown):
        t.send(a, cluster=0, template=0, n=10)
        t.send(a, cluster=-1, template=900 + a, n=10)
    add_crowd(t, clusters=range(1, 21), accounts=400)
    req, meta = t.arrays()
    members = [np.flatnonzero(req.cluster == c) for c in range(21)]
    scores = score_clusters(req, members, [0.8] * 21, ["agentic"] * 21, [1.0] * 21, meta, CFG)
    assert scores[0].flagged and scores[0].outside_cohort < scores[0].risk
    risk, outpost, outside_cohort = risk_arrays(scores)
    accounts = score_accounts(req, risk, meta, CFG, None, None, outpost, outside_cohort)
    assert accounts.flagged[unknown] and not accounts.flagged[aged]
    assert accounts.risk[aged] == 0.0  # the cluster's risk without its cohort is under the half-risk floor
    assert score_accounts(req, risk, meta, CFG).risk[aged] == pytest.approx(0.6 * scores[0].risk)


def test_a_cluster_flagged_on_its_cohort_keeps_its_association_with_a_flagged_campaign() -> None:
    """A cohort can lift a campaign's outpost over the flag on its own; its association with the campaign's
    concentrated clusters must still be measured: it is the evidence that counts for members older than the cohort."""
    t = Traffic()
    campaign = _sparse_campaign(t)
    for a in campaign:
        t.infra[a] = {f"ip:10.7.{a % 5}"}
    req, meta, scores = _scored_beside_a_crowd(t)
    assert scores[0].flagged and scores[0].outside_cohort >= CFG.cluster_flag_threshold
    assert any(r.startswith("cohort 1.00") for r in scores[1].reasons)
    assert any(r.startswith("association 1.00") for r in scores[1].reasons)
    assert scores[1].outside_cohort >= CFG.cluster_flag_threshold  # older members still see the association
