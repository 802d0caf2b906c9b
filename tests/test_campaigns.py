"""Campaign grouping on hand-made traffic: splits stay or leave, frames and fragments join, look-alikes and cover
traffic do not."""

from __future__ import annotations

import numpy as np

from embedcluster.campaigns import FOUNDED, JOINED, MERGED, SPLIT_OFF, Traffic, group_campaigns

AGENT = [f"Goal: migrate the billing database {i}. Environment: a fleet of servers. Explain before each tool call." for i in range(9)]
AGENT_B = [f"Objective: migrate the billing database {i} in a fleet of servers; explain before each tool call." for i in range(9)]
CODE = [f"Solve in Rust: count inversions of array {i}. List edge cases, then the full code and big-O." for i in range(9)]
CHAT = [f"what should I cook tonight with leftover rice number {i}" for i in range(9)]


def _traffic(clusters: list[tuple[int, list[int], list[str]]]) -> Traffic:
    """(published id, account of each request, sample texts) per cluster."""
    ids = np.array([c[0] for c in clusters])
    account = np.concatenate([np.asarray(c[1]) for c in clusters])
    cluster = np.concatenate([np.full(len(c[1]), i) for i, c in enumerate(clusters)])
    return Traffic(ids, account, cluster, [c[2] for c in clusters])


def test_a_density_split_of_one_campaign_keeps_the_campaign_id() -> None:
    traffic = _traffic([(8, [0, 1, 2, 3] * 5, AGENT), (51, [0, 1, 2] * 3, AGENT)])
    campaigns = group_campaigns(traffic, known={8: 8}, splits={51: 8})
    assert campaigns.of_cluster.tolist() == [8, 8]
    (event,) = campaigns.events
    assert (event.event, event.campaign_id, event.cluster_id, event.other_id) == (JOINED, 8, 51, 8)
    assert "same campaign" in event.reason


def test_a_split_with_disjoint_accounts_and_other_wording_is_another_campaign_and_says_why() -> None:
    traffic = _traffic([(8, [0, 1, 2, 3] * 5, AGENT), (51, [10, 11, 12] * 4, CODE)])
    campaigns = group_campaigns(traffic, known={8: 8}, splits={51: 8})
    assert campaigns.of_cluster.tolist() == [8, 51]
    (event,) = campaigns.events
    assert (event.event, event.campaign_id, event.other_id) == (SPLIT_OFF, 51, 8)
    assert "another campaign: 0% of requests from shared accounts" in event.reason


def test_a_split_that_differs_in_one_signal_only_stays() -> None:
    same_accounts = _traffic([(8, [0, 1, 2, 3] * 5, AGENT), (51, [0, 1, 2] * 4, CODE)])
    # Sent by three of the campaign's forty accounts: apart the campaign's way (7% of its requests), not the split's.
    same_wording = _traffic([(8, list(range(40)) * 2, AGENT), (51, [0, 1, 2] * 4, AGENT)])
    for traffic in (same_accounts, same_wording):
        assert group_campaigns(traffic, known={8: 8}, splits={51: 8}).of_cluster.tolist() == [8, 8]


def test_a_split_none_of_whose_requests_the_campaign_sends_leaves_even_in_its_wording() -> None:
    """The same words from other accounts are the topic's (legitimate users asking the same kind of question, or a
    look-alike campaign): a campaign is a population of accounts, and this one sends none of the split."""
    traffic = _traffic([(8, [0, 1, 2, 3] * 5, AGENT), (51, [10, 11, 12] * 4, AGENT)])
    campaigns = group_campaigns(traffic, known={8: 8}, splits={51: 8})
    assert campaigns.of_cluster.tolist() == [8, 51]
    (event,) = campaigns.events
    assert (event.event, event.campaign_id, event.cluster_id, event.other_id) == (SPLIT_OFF, 51, 51, 8)
    assert "another campaign: 0% of its requests from accounts of campaign 8" in event.reason
    assert "is the topic's, sent by other accounts" in event.reason


def test_fragments_with_the_same_accounts_and_wording_are_one_campaign_from_the_first_night() -> None:
    traffic = _traffic([(0, [0, 1, 2, 3] * 5, AGENT), (1, [0, 1, 2, 3] * 3, AGENT_B), (2, [20, 21] * 5, CHAT)])
    campaigns = group_campaigns(traffic)
    assert campaigns.of_cluster.tolist() == [0, 0, 2]
    assert [(e.event, e.campaign_id, e.cluster_id) for e in campaigns.events] == [(FOUNDED, 0, 0), (JOINED, 0, 1), (FOUNDED, 2, 2)]


def test_frames_of_one_campaign_worded_apart_are_one_campaign_when_the_same_accounts_send_both() -> None:
    traffic = _traffic([(0, [0, 1, 2, 3] * 5, AGENT), (1, [0, 1, 2, 3] * 4, CODE), (2, [20, 21] * 5, CHAT)])
    campaigns = group_campaigns(traffic)
    assert campaigns.of_cluster.tolist() == [0, 0, 2]
    assert "the same accounts, 100% of requests from shared accounts each way" in campaigns.events[1].reason


def test_campaign_accounts_cover_traffic_does_not_pull_a_legitimate_cluster_in() -> None:
    # Cluster 2 is chat that the campaign's accounts send among legitimate senders: half its requests are theirs.
    traffic = _traffic([(0, [0, 1, 2, 3] * 5, AGENT), (2, [0, 1, 2, 3] * 2 + list(range(20, 28)), CHAT)])
    assert group_campaigns(traffic).of_cluster.tolist() == [0, 2]
    # All of cluster 2's requests come from the campaign's accounts, which send a real part of the campaign,
    # but its wording is another: cover traffic, not a fragment.
    traffic = _traffic([(0, list(range(20)) * 2, AGENT), (2, [0, 1, 2, 3] * 3, CHAT)])
    assert group_campaigns(traffic).of_cluster.tolist() == [0, 2]


def test_a_fragment_in_the_campaigns_wording_from_a_real_part_of_its_accounts_joins() -> None:
    traffic = _traffic([(0, list(range(20)) * 2, AGENT), (5, [0, 1, 2, 3] * 2, AGENT_B)])
    campaigns = group_campaigns(traffic)
    assert campaigns.of_cluster.tolist() == [0, 0]
    reason = campaigns.events[1].reason
    assert "cluster 5 is a fragment of cluster 0: 100% of its requests from accounts that send 20% of the other's" in reason
    # One of the campaign's twenty accounts (5% of its requests) is not a real part of it: a look-alike stays apart.
    traffic = _traffic([(0, list(range(20)) * 2, AGENT), (5, [0] * 8, AGENT)])
    assert group_campaigns(traffic).of_cluster.tolist() == [0, 5]


def test_two_campaigns_found_to_be_one_merge_into_the_one_whose_clusters_hold_more_requests() -> None:
    traffic = _traffic([(3, [0, 1, 2] * 2, AGENT_B), (7, [0, 1, 2] * 5, AGENT)])
    campaigns = group_campaigns(traffic, known={3: 3, 7: 7})
    assert campaigns.of_cluster.tolist() == [7, 7]
    assert campaigns.merged_into == {3: 7}
    (event,) = campaigns.events
    assert (event.event, event.campaign_id, event.other_id) == (MERGED, 3, 7)
    assert "clusters 3 and 7" in event.reason
    assert "campaign 7 keeps its id: its clusters from before tonight (with their splits) hold 15 requests, campaign 3's 6" in event.reason


def test_a_merge_keeps_the_id_whose_earlier_clusters_hold_more_and_a_tie_keeps_the_lower_id() -> None:
    """Tonight's new clusters do not count: the survivor is the id most published requests already carry."""
    traffic = _traffic([(3, [0, 1, 2] * 4, AGENT_B), (7, [0, 1, 2] * 3, AGENT), (9, [0, 1, 2] * 10, AGENT)])
    campaigns = group_campaigns(traffic, known={3: 3, 7: 7})
    assert campaigns.of_cluster.tolist() == [3, 3, 3]
    assert campaigns.merged_into == {7: 3}
    tie = _traffic([(3, [0, 1, 2] * 3, AGENT_B), (7, [0, 1, 2] * 3, AGENT)])
    campaigns = group_campaigns(tie, known={3: 3, 7: 7})
    assert campaigns.merged_into == {7: 3} and "(a tie: the lower id)" in campaigns.events[0].reason


def test_a_continuing_cluster_keeps_its_campaign_even_when_it_no_longer_looks_like_it() -> None:
    traffic = _traffic([(4, [0, 1] * 5, AGENT), (9, [30, 31] * 5, CODE)])
    assert group_campaigns(traffic, known={4: 2, 9: 2}).of_cluster.tolist() == [2, 2]


def test_a_split_that_left_its_campaign_is_not_linked_back_into_it_the_same_night() -> None:
    """Leaving is judged against the whole campaign, joining pair by pair: without the guard, a split apart
    from the campaign as a whole could join one of its small clusters again, and its new id merge away."""
    core_words, other_words = [f"a{i}" for i in range(20)], [f"c{i}" for i in range(20)]
    split_text = " ".join(core_words[:8] + [f"b{i}" for i in range(12)])  # 7 of 19 word pairs shared: 0.37
    traffic = _traffic([
        (100, list(range(100)) * 2, [" ".join(other_words)]),  # the campaign's main cluster, 100 accounts
        (101, [0, 1, 2, 3, 4] * 2, [" ".join(core_words)]),  # its small cluster, 5 of them
        (200, [0, 1, 2, 3, 4] * 2, [split_text]),  # split from 100, sent by those 5 accounts
    ])
    campaigns = group_campaigns(traffic, known={100: 100, 101: 100}, splits={200: 100})
    assert campaigns.of_cluster.tolist() == [100, 100, 200]
    assert [e.event for e in campaigns.events] == [SPLIT_OFF]
    assert not campaigns.merged_into


def test_a_frame_sent_by_the_campaign_s_crowd_joins_without_its_wording() -> None:
    """A campaign's accounts spread over its frames: frame 5 is sent by twenty of the forty accounts of campaign 0's
    two clusters, ten from each, so no single cluster's senders hold it, and it is worded apart."""
    traffic = _traffic([
        (0, list(range(20)) * 2, CODE), (1, list(range(20, 40)) * 2, CODE), (5, list(range(10, 30)), AGENT),
    ])
    campaigns = group_campaigns(traffic, known={0: 0, 1: 0})
    assert campaigns.of_cluster.tolist() == [0, 0, 0]
    (event,) = campaigns.events
    assert (event.event, event.campaign_id, event.cluster_id) == (JOINED, 0, 5)
    assert event.reason == ("cluster 5 is sent by the crowd of clusters 0, 1: 100% of its requests and 100% of its 20 "
                            "accounts are theirs (20 accounts), sending 50% of their requests")


def test_a_crowd_link_needs_many_accounts_not_heavy_users_nor_a_popular_cluster() -> None:
    # Six of the campaign's ten accounts: a handful of colleagues asking about two things, not a crowd.
    few = _traffic([(0, list(range(10)) * 2, CODE), (5, list(range(6)), AGENT)])
    # Twelve of the campaign's accounts send 86% of cluster 5's requests, but they are 12 of its 32 accounts.
    heavy = _traffic([(0, list(range(20)) * 2, CODE), (5, list(range(12)) * 10 + list(range(100, 120)), AGENT)])
    # Everyone sends cluster 5: all of the campaign's requests come from its accounts, which send 10% of it.
    popular = _traffic([(0, list(range(20)) * 2, CODE), (5, list(range(200)), CHAT)])
    for traffic in (few, heavy, popular):
        assert group_campaigns(traffic).of_cluster.tolist() == [0, 5]


def test_a_fragment_of_a_campaign_whose_senders_span_its_clusters_joins() -> None:
    """Cluster 5's eight accounts are three of cluster 0's and five of cluster 1's: a fragment of neither alone, all of
    it from the campaign's accounts, in the wording of one of its clusters."""
    traffic = _traffic([
        (0, list(range(10)) * 2, AGENT), (1, list(range(10, 20)) * 2, CODE), (5, list(range(7, 15)), AGENT_B),
    ])
    campaigns = group_campaigns(traffic, known={0: 0, 1: 0})
    assert campaigns.of_cluster.tolist() == [0, 0, 0]
    (event,) = campaigns.events
    assert event.reason.startswith("cluster 5 is a fragment of clusters 0, 1: 100% of its requests from accounts that "
                                   "send 40% of theirs, wording overlap")


def test_a_night_without_clusters_groups_nothing() -> None:
    """Every row rejected or unclustered: no campaigns, and no error."""
    empty = Traffic(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), [])
    assert len(group_campaigns(empty).of_cluster) == 0
