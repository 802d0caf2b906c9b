"""How firmly each verdict holds: the scoring rerun without a different tenth of the requests each time.

A flag is an accusation. One that a handful of requests decide, or that sits a
hair above the threshold, should be shown as borderline rather than passed off
as firm, and an account a hair below it should be named for review. Each round
leaves out about `stability_drop` of the requests (chosen by a hash of the
request id, so the same ones in every run of the same log), rescores clusters
and accounts at the run's threshold, and counts how often each verdict repeats.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from embedcluster.config import ScoringConfig
from embedcluster.features import AccountMeta, RequestArrays
from embedcluster.scoring import account_risk, risk_arrays, score_clusters, with_shared_payment

_KEY_BITS = 8  # bits of a request's key each round draws on: 8 rounds (the most config allows) from one 64-bit key


@dataclass
class Stability:
    """Per account and per cluster: the share of rescorings that repeat the verdict (1.0 without rounds)."""

    account: np.ndarray
    cluster: np.ndarray
    rounds: int
    drop: float

    def as_dict(self, account_flagged: np.ndarray, cluster_flagged: np.ndarray) -> dict[str, float]:
        unsure = self.account < 1.0
        return {
            "rounds": self.rounds,
            "requests_left_out": self.drop,
            "borderline_flagged_accounts": int(np.sum(unsure & account_flagged)),
            "near_flag_accounts": int(np.sum(unsure & ~account_flagged)),
            "borderline_flagged_clusters": int(np.sum((self.cluster < 1.0) & cluster_flagged)),
        }


def kept_requests(request_keys: np.ndarray, round_: int, drop: float, members: list[np.ndarray]) -> np.ndarray:
    """Requests kept in one round; a cluster the draw would empty keeps all of its requests."""
    byte = (request_keys >> np.uint64(_KEY_BITS * round_)) & np.uint64((1 << _KEY_BITS) - 1)
    keep = byte >= np.uint64(round(drop * (1 << _KEY_BITS)))  # config keeps drop >= 1/256: at least one value
    for m in members:
        if len(m) and not keep[m].any():
            keep[m] = True
    return keep


def verdict_stability(
    req: RequestArrays,
    members: list[np.ndarray],
    evidence: tuple[list[float], list[str], list[float]],
    meta: AccountMeta,
    cfg: ScoringConfig,
    threshold: float,
    request_keys: np.ndarray,
    verdicts: tuple[np.ndarray, np.ndarray],
) -> Stability:
    """`evidence`: each cluster's lexical overlap, capability and capability score, as scored;
    `verdicts`: the run's account and cluster flags."""
    account_flagged, cluster_flagged = verdicts
    if cfg.stability_rounds == 0:
        return Stability(np.ones(req.n_accounts), np.ones(len(members)), 0, cfg.stability_drop)
    agree_accounts = np.zeros(req.n_accounts)
    agree_clusters = np.zeros(len(members))
    for round_ in range(cfg.stability_rounds):
        keep = kept_requests(request_keys, round_, cfg.stability_drop, members)
        position = np.cumsum(keep) - 1
        sub = replace(
            req, account=req.account[keep], cluster=req.cluster[keep], template=req.template[keep],
            unique=req.unique[keep], timestamp=req.timestamp[keep],
        )
        scores = score_clusters(sub, [position[m[keep[m]]] for m in members], *evidence, meta, cfg)
        cluster_risk, outpost, outside_cohort = risk_arrays(scores)
        risk = account_risk(sub, cluster_risk, meta, cfg, outpost, outside_cohort).risk
        flagged = with_shared_payment(risk, meta, threshold)[0] >= threshold
        agree_accounts += flagged == account_flagged
        agree_clusters += np.array([s.flagged for s in scores], dtype=bool) == cluster_flagged
    rounds = cfg.stability_rounds
    return Stability(agree_accounts / rounds, agree_clusters / rounds, rounds, cfg.stability_drop)


def stability_reason(share: float, flagged: bool, stability: Stability) -> str | None:
    """The reason that names an unsure verdict; None for a firm one."""
    if share >= 1.0:
        return None
    agreeing = int(round(share * stability.rounds))
    rescorings = f"{stability.rounds} rescorings that each leave out a different {stability.drop:.0%} of requests"
    if flagged:
        return f"borderline: the flag holds in {agreeing} of {rescorings}"
    return f"near the flag: flagged in {stability.rounds - agreeing} of {rescorings}"
