"""Coordination beyond popularity: each signal, the calibration, rings and determinism on small synthetic logs."""

from __future__ import annotations

import numpy as np
import pytest

from embedcluster import coordination_signals as sig
from embedcluster.coordination import CoordinationParams, CoordinationResult, score_coordination

MINUTE, HOUR, DAY = 60_000, 3_600_000, 86_400_000
N_POPULAR = 120


class Log:
    """Requests built up kind by kind; every request its own text unless said otherwise."""

    def __init__(self, seed: int = 0) -> None:
        self.rng = np.random.default_rng(seed)
        self.account: list[int] = []
        self.cluster: list[int] = []
        self.timestamp: list[int] = []
        self.n_accounts = 0
        self.n_clusters = N_POPULAR

    def accounts(self, n: int) -> np.ndarray:
        self.n_accounts += n
        return np.arange(self.n_accounts - n, self.n_accounts)

    def clusters(self, n: int) -> np.ndarray:
        self.n_clusters += n
        return np.arange(self.n_clusters - n, self.n_clusters)

    def add(self, account: int, cluster: int, timestamp: float) -> None:
        self.account.append(int(account))
        self.cluster.append(int(cluster))
        self.timestamp.append(int(timestamp))

    def crowd(self, n: int, diurnal: bool = False) -> np.ndarray:
        """Unrelated people: Zipf-popular clusters, one or two requests per ask, over three days."""
        weight = 1.0 / np.arange(1, N_POPULAR + 1)
        people = self.accounts(n)
        for a in people:
            for _ in range(1 + self.rng.poisson(4)):
                c = self.rng.choice(N_POPULAR, p=weight / weight.sum()) if self.rng.random() < 0.7 else -1
                day = self.rng.integers(0, 3) * DAY
                t = day + (self.rng.normal(15 * HOUR, 2 * HOUR) if diurnal else self.rng.uniform(0, DAY))
                for k in range(1 + (self.rng.random() < 0.3)):
                    self.add(a, c, t + k * MINUTE)
        return people

    def campaign(self, n: int, frames: int, per_account: int, synchronized: bool) -> np.ndarray:
        """Accounts each sending per_account fillings over the frames, in shared waves or spread over days."""
        members, clusters = self.accounts(n), self.clusters(frames)
        waves = self.rng.uniform(0, 3 * DAY, 3)
        for a in members:
            for c in self.rng.choice(clusters, per_account):
                t = self.rng.choice(waves) + self.rng.uniform(0, 4 * MINUTE) if synchronized else self.rng.uniform(0, 3 * DAY)
                self.add(a, c, t)
        return members

    def score(self, **params: object) -> CoordinationResult:
        text = np.arange(len(self.account))
        return score_coordination(
            np.array(self.account), np.array(self.cluster), text, np.array(self.timestamp),
            self.n_accounts, self.n_clusters, CoordinationParams(**params),  # type: ignore[arg-type]
        )


def recall(result: CoordinationResult, members: np.ndarray) -> float:
    return float(result.accounts.flagged[members].mean())


def deep_campaign() -> tuple[Log, np.ndarray, np.ndarray]:
    """Many fillings per account in two frames, spread over days: only depth tells it from the crowd."""
    log = Log(1)
    crowd = log.crowd(600)
    return log, crowd, log.campaign(25, 2, 30, synchronized=False)


def stealthy_campaign(synchronized: bool = True) -> tuple[Log, np.ndarray, np.ndarray]:
    """Three requests per account over four frames, in waves: co-membership and bursts, no depth."""
    log = Log(2)
    crowd = log.crowd(600)
    return log, crowd, log.campaign(40, 4, 3, synchronized=synchronized)


def test_depth_finds_accounts_sending_many_fillings(monkeypatch: pytest.MonkeyPatch) -> None:
    log, crowd, members = deep_campaign()
    result = log.score()
    assert recall(result, members) >= 0.9
    assert not result.accounts.flagged[crowd].any()
    assert (result.accounts.depth_fillings[members] >= 5).all()
    monkeypatch.setattr(sig, "depth", lambda m: (np.zeros(len(m.account)), np.zeros(len(m.account))))
    assert recall(log.score(), members) < 0.5


def test_co_membership_beyond_popularity_finds_light_accounts(monkeypatch: pytest.MonkeyPatch) -> None:
    log, crowd, members = stealthy_campaign()
    result = log.score()
    assert recall(result, members) >= 0.8
    assert not result.accounts.flagged[crowd].any()
    lift = result.accounts.co_accounts[members] / np.maximum(result.accounts.co_expected[members], 1e-9)
    assert np.median(lift) > 4
    empty = sig.ClusterPairs(*(np.zeros(0, dtype) for dtype in (int, int, float, float, float, bool)))
    monkeypatch.setattr(sig, "co_membership", lambda *args: empty)
    assert recall(log.score(), members) == 0.0


def test_burst_synchrony_corroborates_light_accounts(monkeypatch: pytest.MonkeyPatch) -> None:
    log, _, members = stealthy_campaign()
    assert recall(log.score(), members) >= 0.8
    assert recall(stealthy_campaign(synchronized=False)[0].score(), members) < 0.2
    monkeypatch.setattr(sig, "bursts", lambda account, *args: sig.Bursts(np.zeros(len(account)), np.ones(len(account), int)))
    assert recall(log.score(), members) < 0.2


def test_diurnal_peaks_are_not_bursts() -> None:
    log = Log(3)
    log.crowd(800, diurnal=True)
    result = log.score()
    assert result.clusters.burst_share[:N_POPULAR].max() < 0.05


def test_calibration_on_pure_popularity_flags_about_the_target_rate() -> None:
    log = Log(4)
    log.crowd(1500)
    result = log.score(target_fpr=0.01, rounds=3)
    assert result.accounts.flagged.mean() <= 0.02
    assert result.expected_false_flags <= 0.01 * log.n_accounts + 1
    assert min(result.signal_thresholds.values()) >= 2.0


def test_one_or_two_requests_in_popular_clusters_never_pass() -> None:
    log, _, members = stealthy_campaign()
    result = log.score()
    light = np.bincount(np.array(log.account), minlength=log.n_accounts) <= 2
    outsider = ~np.isin(np.arange(log.n_accounts), members)
    assert not result.accounts.flagged[light & outsider].any()


def test_no_ring_is_joined_by_one_popular_cluster() -> None:
    log = Log(5)
    log.crowd(500)
    first = log.campaign(20, 3, 20, synchronized=True)
    second = log.campaign(20, 3, 20, synchronized=True)
    for a in np.r_[first, second]:
        log.add(a, 0, log.rng.uniform(0, 3 * DAY))
    result = log.score()
    ring = result.accounts.ring
    assert recall(result, first) >= 0.9 and recall(result, second) >= 0.9
    assert len(np.unique(ring[first])) == 1 and len(np.unique(ring[second])) == 1
    assert ring[first[0]] != ring[second[0]]
    assert 0 not in np.r_[result.pairs.first, result.pairs.second]


def test_same_seed_same_result() -> None:
    log, _, _ = stealthy_campaign()
    a, b = log.score(seed=7), log.score(seed=7)
    assert np.array_equal(a.accounts.statistic, b.accounts.statistic)
    assert a.threshold == b.threshold and a.signal_thresholds == b.signal_thresholds
    assert np.array_equal(a.accounts.ring, b.accounts.ring)
