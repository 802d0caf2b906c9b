"""Verdict stability: rescorings without a tenth of the requests name the flags a few requests decide."""

from __future__ import annotations

import numpy as np

from embedcluster.config import ScoringConfig
from embedcluster.features import DAY_MS, AccountMeta, RequestArrays
from embedcluster.sampling import content_keys
from embedcluster.scoring import score_accounts, score_clusters
from embedcluster.stability import kept_requests, stability_reason, verdict_stability

T0 = 1_793_577_600_000
CFG = ScoringConfig()
NEVER_DROPPED = np.uint64(2**64 - 1)  # every byte 255: kept in every round


def _campaign_with_a_marginal_account() -> tuple[RequestArrays, AccountMeta, int, list[int]]:
    """40 young accounts sending 6 fillings each to cluster 0 among cover traffic, a crowd of ordinary
    people in 20 everyday clusters, one campaign account with only two campaign requests, and one with a
    few campaign requests among much cover traffic, flagged only because it pays with the card two
    campaign accounts use (the last account)."""
    account, cluster, template = [], [], []
    created: list[int] = []
    infra: list[set[str]] = []

    def send(a: int, c: int, t: int, n: int) -> None:
        account.extend([a] * n)
        cluster.extend([c] * n)
        template.extend([t] * n)

    for i in range(40):
        created.append(T0 - 2 * DAY_MS)
        infra.append({"pay:card-7"} if i < 2 else set())
        send(i, 0, 0, 6)
        send(i, -1, 100 + i, 6)
    rng = np.random.default_rng(0)
    for i in range(400):
        created.append(-1)
        infra.append(set())
        for c in rng.choice(np.arange(1, 21), 2, replace=False):
            send(40 + i, int(c), 1000 + 100 * i + int(c), 1)
    marginal = len(created)
    created.append(T0 - 2 * DAY_MS)
    infra.append(set())
    marginal_probes = [len(account), len(account) + 1]
    send(marginal, 0, 0, 2)
    send(marginal, -1, 99, 2)
    created.append(T0 - 2 * DAY_MS)
    infra.append({"pay:card-7"})
    send(marginal + 1, 0, 0, 3)
    send(marginal + 1, -1, 98, 40)
    n = len(account)
    req = RequestArrays(
        account=np.array(account), cluster=np.array(cluster), template=np.array(template), unique=np.arange(n),
        timestamp=T0 + np.arange(n, dtype=np.int64) * 60_000, n_accounts=len(created),
    )
    return req, AccountMeta(np.array(created, dtype=np.int64), infra), marginal, marginal_probes


def test_rounds_leave_out_about_a_tenth_differently_and_never_empty_a_cluster() -> None:
    keys = content_keys([f"req_{i}" for i in range(20_000)])
    kept = [kept_requests(keys, r, 0.1, []) for r in range(4)]
    for keep in kept:
        assert 0.88 < keep.mean() < 0.92
    assert not np.array_equal(kept[0], kept[1])
    tiny = np.flatnonzero(~kept[0])[:3]
    assert kept_requests(keys, 0, 0.1, [tiny])[tiny].all()


def test_a_flag_that_two_requests_decide_is_reported_borderline_and_firm_ones_are_not() -> None:
    req, meta, marginal, probes = _campaign_with_a_marginal_account()
    members = [np.flatnonzero(req.cluster == c) for c in range(21)]
    evidence = ([0.8] + [0.1] * 20, ["agentic"] + ["other"] * 20, [0.8] + [0.1] * 20)
    scores = score_clusters(req, members, *evidence, meta, CFG)
    cluster_risk = np.array([s.risk for s in scores])
    accounts = score_accounts(req, cluster_risk, meta, CFG)
    assert scores[0].flagged and accounts.flagged[:40].all() and accounts.flagged[marginal]
    paying = marginal + 1
    assert accounts.flagged[paying] and any("pay:card-7" in r for r in accounts.reasons[paying])

    keys = np.full(len(req.account), NEVER_DROPPED)
    keys[probes[0]] = np.uint64(0xFFFF_FFFF_FFFF_FF00)  # left out in round 0 only
    verdicts = (accounts.flagged, np.array([s.flagged for s in scores]))
    stability = verdict_stability(req, members, evidence, meta, CFG, CFG.account_flag_threshold, keys, verdicts)

    assert stability.account[marginal] == 0.75
    assert np.all(np.delete(stability.account, marginal) == 1.0)  # the card-linked flag too: rounds decide as the run does
    assert stability.cluster[0] == 1.0
    reason = stability_reason(0.75, True, stability)
    assert reason == "borderline: the flag holds in 3 of 4 rescorings that each leave out a different 10% of requests"
    assert stability_reason(1.0, True, stability) is None
    summary = stability.as_dict(*verdicts)
    assert summary["borderline_flagged_accounts"] == 1 and summary["near_flag_accounts"] == 0


def test_an_account_some_rescorings_flag_is_named_near_the_flag() -> None:
    req, meta, marginal, probes = _campaign_with_a_marginal_account()
    members = [np.flatnonzero(req.cluster == c) for c in range(21)]
    evidence = ([0.8] + [0.1] * 20, ["agentic"] + ["other"] * 20, [0.8] + [0.1] * 20)
    scores = score_clusters(req, members, *evidence, meta, CFG)
    accounts = score_accounts(req, np.array([s.risk for s in scores]), meta, CFG)
    unflagged = accounts.flagged.copy()
    unflagged[marginal] = False  # as if the run had left it just under the threshold
    keys = np.full(len(req.account), NEVER_DROPPED)
    keys[probes[0]] = np.uint64(0xFFFF_FFFF_FFFF_FF00)
    stability = verdict_stability(
        req, members, evidence, meta, CFG, CFG.account_flag_threshold, keys, (unflagged, np.array([s.flagged for s in scores]))
    )
    assert stability.account[marginal] == 0.25
    reason = stability_reason(0.25, False, stability)
    assert reason == "near the flag: flagged in 3 of 4 rescorings that each leave out a different 10% of requests"
    assert stability.as_dict(unflagged, np.array([s.flagged for s in scores]))["near_flag_accounts"] == 1


def test_no_rounds_means_every_verdict_is_taken_as_firm() -> None:
    req, meta, _, _ = _campaign_with_a_marginal_account()
    members = [np.flatnonzero(req.cluster == c) for c in range(21)]
    evidence = ([0.8] + [0.1] * 20, ["agentic"] + ["other"] * 20, [0.8] + [0.1] * 20)
    cfg = CFG.model_copy(update={"stability_rounds": 0})
    verdicts = (np.zeros(req.n_accounts, dtype=bool), np.zeros(21, dtype=bool))
    stability = verdict_stability(req, members, evidence, meta, cfg, 0.5, np.zeros(len(req.account), np.uint64), verdicts)
    assert stability.rounds == 0 and np.all(stability.account == 1.0) and np.all(stability.cluster == 1.0)
