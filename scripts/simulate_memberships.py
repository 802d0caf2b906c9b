"""Membership-level simulator for embedcluster.coordination: who sends what to which cluster, and when; no text.

Usage: python -m scripts.simulate_memberships [--sizes 30000 300000] [--seed 3]

Legitimate kinds: individuals (Zipf-popular clusters in ten topics, a favourite topic,
1-2 requests per ask, among unclustered traffic), harness users (long organic histories,
mostly everyday coding-agent tasks in the popular coding clusters), big one-account
automation, one evaluation lab (two accounts running benchmark suites together), and
jailbreak pasters (a viral jailbreak or two, pasted 1-3 times around its viral day,
among their own traffic). Campaigns: loud ones (accounts each sending many fillings to
2-5 clusters, in synchronized waves or spread over days) and a stealthy one (2-5
campaign requests per account, in waves, among ordinary cover traffic).

Prints, per size, the false-positive rate per legitimate kind, recall and AUC per
campaign, and the run time of the scoring.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass, field

import numpy as np
from scipy import stats

from embedcluster.coordination import CoordinationResult, score_coordination

MINUTE, HOUR, DAY = 60_000, 3_600_000, 86_400_000
SPAN_DAYS = 7
N_TOPICS = 10
CODING = 0
LEGITIMATE = ("individual", "harness", "automation", "eval", "paster")


@dataclass
class Log:
    """Requests as the scorer sees them, plus who each account really is."""

    account: list[np.ndarray] = field(default_factory=list)
    cluster: list[np.ndarray] = field(default_factory=list)
    timestamp: list[np.ndarray] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    n_clusters: int = 0

    def new_accounts(self, n: int, kind: str) -> np.ndarray:
        start = len(self.kinds)
        self.kinds += [kind] * n
        return np.arange(start, start + n)

    def new_clusters(self, n: int) -> np.ndarray:
        self.n_clusters += n
        return np.arange(self.n_clusters - n, self.n_clusters)

    def add(self, account: np.ndarray, cluster: np.ndarray, timestamp: np.ndarray) -> None:
        self.account.append(np.asarray(account, np.int64))
        self.cluster.append(np.asarray(cluster, np.int64))
        self.timestamp.append(np.asarray(timestamp, np.int64))


class World:
    """Popular clusters in topics, and a diurnal clock."""

    def __init__(self, log: Log, n_popular: int, rng: np.random.Generator) -> None:
        self.rng = rng
        self.clusters = log.new_clusters(n_popular)
        self.topic = rng.integers(0, N_TOPICS, n_popular)
        self.weight = 1.0 / (1.0 + rng.permutation(n_popular))

    def times(self, n: int, start: float = 0.0, days: float = SPAN_DAYS) -> np.ndarray:
        """Diurnal: activity peaks mid-afternoon and is lowest before dawn."""
        t = self.rng.uniform(start, start + days * DAY, 3 * n + 10)
        keep = self.rng.random(len(t)) < 0.5 + 0.45 * np.sin(2 * np.pi * ((t % DAY) / DAY - 0.35))
        return t[keep][:n].astype(np.int64)

    def draw(self, topic: np.ndarray) -> np.ndarray:
        """A popular cluster of each given topic (Zipf within the topic)."""
        out = np.empty(len(topic), np.int64)
        for k in range(N_TOPICS):
            mine = np.flatnonzero(self.topic == k)
            where = topic == k
            out[where] = self.clusters[self.rng.choice(mine, where.sum(), p=self.weight[mine] / self.weight[mine].sum())]
        return out

    def organic(self, log: Log, accounts: np.ndarray, favourite: np.ndarray, loyalty: float) -> None:
        """One ask per entry of `accounts`: 1-2 requests minutes apart, 30% of asks in no cluster."""
        n = len(accounts)
        topic = np.where(self.rng.random(n) < loyalty, favourite, self.rng.integers(0, N_TOPICS, n))
        cluster = np.where(self.rng.random(n) < 0.3, -1, self.draw(topic))
        ts = self.times(n)
        again = self.rng.random(n) < 0.3
        log.add(accounts, cluster, ts)
        log.add(accounts[again], cluster[again], ts[again] + self.rng.integers(MINUTE // 2, 10 * MINUTE, again.sum()))


def ordinary(world: World, log: Log, accounts: np.ndarray, asks: np.ndarray, loyalty: float, favourite: np.ndarray) -> None:
    world.organic(log, np.repeat(accounts, asks), np.repeat(favourite, asks), loyalty)


def individuals(world: World, log: Log, n: int) -> None:
    accounts = log.new_accounts(n, "individual")
    asks = 1 + world.rng.geometric(1 / 5, n)
    ordinary(world, log, accounts, asks, 0.4, world.rng.integers(0, N_TOPICS, n))


def harness_users(world: World, log: Log, n: int) -> None:
    """Long histories, mostly everyday coding-agent tasks: the popular coding clusters, organically."""
    accounts = log.new_accounts(n, "harness")
    ordinary(world, log, accounts, world.rng.integers(20, 100, n), 0.7, np.full(n, CODING))


def automation(world: World, log: Log, n: int, each: int) -> None:
    """One account, one fixed template, thousands of requests at a machine-regular pace."""
    for a, c in zip(log.new_accounts(n, "automation"), log.new_clusters(n)):
        ts = np.linspace(0, SPAN_DAYS * DAY - 1, each).astype(np.int64)
        log.add(np.full(each, a), np.full(each, c), ts)


def evaluation(world: World, log: Log, each: int) -> None:
    """Two accounts of one lab run five benchmark suites together, three times in the week."""
    accounts, suites = log.new_accounts(2, "eval"), log.new_clusters(5)
    for run in world.rng.uniform(0, SPAN_DAYS * DAY - 2 * HOUR, 3):
        for a in accounts:
            c = world.rng.choice(suites, each // 3)
            log.add(np.full(len(c), a), c, run + world.rng.uniform(0, 2 * HOUR, len(c)))


def pasters(world: World, log: Log, n: int) -> None:
    """Each pastes a viral jailbreak (a quarter two) 1-3 times near its viral day, among their own traffic."""
    accounts = log.new_accounts(n, "paster")
    jailbreaks = log.new_clusters(6)
    viral = world.rng.uniform(DAY, (SPAN_DAYS - 1) * DAY, len(jailbreaks))
    popularity = 1.0 / np.arange(1, len(jailbreaks) + 1)
    ordinary(world, log, accounts, 1 + world.rng.geometric(1 / 6, n), 0.4, world.rng.integers(0, N_TOPICS, n))
    for a in accounts:
        picks = world.rng.choice(len(jailbreaks), 1 + (world.rng.random() < 0.25), replace=False, p=popularity / popularity.sum())
        for j in picks:
            pastes = world.rng.choice([1, 2, 3], p=[0.6, 0.3, 0.1])
            log.add(np.full(pastes, a), np.full(pastes, jailbreaks[j]), viral[j] + world.rng.normal(0, 12 * HOUR, pastes))


def campaign(world: World, log: Log, name: str, n: int, per_account: tuple[int, int], waves: int, cover: int) -> None:
    """Each account sends fillings to 2-5 of the campaign's clusters, in shared waves (or spread when waves=0)."""
    accounts, frames = log.new_accounts(n, name), log.new_clusters(int(world.rng.integers(2, 6)))
    start = world.rng.uniform(0, 3 * DAY)
    wave_times = start + np.sort(world.rng.uniform(0, 3 * DAY, max(waves, 1)))
    for a in accounts:
        k = int(world.rng.integers(*per_account))
        mine = world.rng.choice(frames, min(len(frames), int(world.rng.integers(2, 6))), replace=False)
        if waves:
            ts = world.rng.choice(wave_times, k) + world.rng.uniform(0, 5 * MINUTE, k)
        else:
            ts = start + world.rng.uniform(0, 4 * DAY, k)
        log.add(np.full(k, a), world.rng.choice(mine, k), ts)
    ordinary(world, log, accounts, world.rng.integers(0, cover + 1, n), 0.4, world.rng.integers(0, N_TOPICS, n))


def simulate(n_requests: int, seed: int) -> tuple[dict[str, np.ndarray], np.ndarray, int]:
    """A week of traffic of about n_requests; returns the arrays, each account's kind and the cluster count."""
    rng = np.random.default_rng(seed)
    log = Log()
    world = World(log, max(200, n_requests // 60), rng)
    scale = n_requests / 30_000
    individuals(world, log, int(2600 * scale))
    harness_users(world, log, int(60 * scale))
    automation(world, log, 2 + int(scale // 4), n_requests // 50)
    evaluation(world, log, n_requests // 100)
    pasters(world, log, int(150 * scale))
    loud = max(20, int(12 * scale))
    campaign(world, log, "campaign_waves", loud, (15, 60), 8, 10)
    campaign(world, log, "campaign_wide", loud, (10, 40), 12, 30)
    campaign(world, log, "campaign_spread", loud, (15, 60), 0, 10)
    campaign(world, log, "stealthy", max(40, int(30 * scale)), (2, 6), 4, 30)
    ts = np.concatenate(log.timestamp)
    arrays = {
        "account": np.concatenate(log.account),
        "cluster": np.concatenate(log.cluster),
        "text": rng.permutation(len(ts)).astype(np.int64),
        "timestamp": np.clip(ts, 0, None),
    }
    return arrays, np.array(log.kinds), log.n_clusters


def auc(positive: np.ndarray, negative: np.ndarray) -> float:
    """Probability a campaign account outscores a legitimate one (ties count half)."""
    return float(stats.mannwhitneyu(positive, negative).statistic / (len(positive) * len(negative)))


def report(result: CoordinationResult, kinds: np.ndarray) -> list[str]:
    flagged, score = result.accounts.flagged, result.accounts.statistic
    legit = np.isin(kinds, LEGITIMATE)
    lines = [f"  threshold {result.threshold:.2f}, signal thresholds "
             + ", ".join(f"{k} {v:.1f}" for k, v in result.signal_thresholds.items())
             + f"; expected false flags {result.expected_false_flags:.1f}, flagged {int(flagged.sum())}"]
    for kind in LEGITIMATE:
        mine = kinds == kind
        lines.append(f"  {kind:16s} accounts {mine.sum():6d}  FPR {flagged[mine].mean():.4f}")
    for kind in sorted(set(kinds) - set(LEGITIMATE)):
        mine = kinds == kind
        rings = np.unique(result.accounts.ring[mine & flagged])
        lines.append(
            f"  {kind:16s} accounts {mine.sum():6d}  recall {flagged[mine].mean():.3f}  "
            f"AUC {auc(score[mine], score[legit]):.4f}  rings {len(rings)}"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[30_000, 300_000])
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    for size in args.sizes:
        arrays, kinds, n_clusters = simulate(size, args.seed)
        started = time.perf_counter()
        result = score_coordination(n_accounts=len(kinds), n_clusters=n_clusters, **arrays)
        elapsed = time.perf_counter() - started
        print(f"{len(arrays['account']):,} requests, {len(kinds):,} accounts, {n_clusters:,} clusters: scored in {elapsed:.1f} s")
        print("\n".join(report(result, kinds)))


if __name__ == "__main__":
    main()
