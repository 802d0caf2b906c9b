"""Do campaign ids hold? Night-1 requests still under their id on the last night, one id per campaign, no merges.

Usage: python -m scripts.measure_campaign_ids --kind dev --seed 5 --requests 3000 --nights 1 1 1 --work DIR
       python -m scripts.measure_campaign_ids --kind blind --seed 7071 --requests 30000 --nights 7 1 1 --work DIR

A log (dev: scripts/demo_logs, labelled per request; blind: scripts/blind,
labelled per account) is split by day and run as nights through one `--state`,
`--nights 7 1 1` taking seven days, then one, then one. Per campaign, for
`campaign_id` and, to compare, `cluster_id`:

- same: of the campaign's requests in a cluster on night 1, the share carrying the same id on the last night;
- complete: on the last night, the share of the campaign's clustered requests under its most common id;
- joined_legit / joined_other: requests of clusters that legitimate traffic (or another campaign) holds the
  majority of, yet which share an id with this campaign's clusters: what grouping clusters into campaigns merged.

Blind labels name accounts, not requests, so a blind campaign's requests are its accounts' requests in
clusters its accounts hold the majority of (their cover traffic sits in legitimate clusters).
"""

from __future__ import annotations

import argparse
import collections
import json
import shutil
import sys
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from embedcluster import load_config
from embedcluster.nightly import run_night
from scripts.blind.generate import main as generate_blind
from scripts.demo_logs.writer import generate as generate_dev
from scripts.split_log_by_day import split_by_day

LEGIT = ""
IDS = ("campaign_id", "cluster_id")


def make_log(kind: str, seed: int, requests: int, days: int, work: Path) -> tuple[Path, dict[str, str]]:
    """The log and a label per request id (dev) or account id (blind): the campaign's name, '' for legitimate."""
    log = work / f"{kind}-{seed}.jsonl.gz"
    if kind == "blind":
        labels = work / f"{kind}-{seed}.accounts.parquet"
        generate_blind(["--seed", str(seed), "--requests", str(requests), "--out", str(log), "--labels", str(labels)])
        rows = pq.read_table(labels).to_pylist()
        return log, {r["account_id"]: r["campaign"] or LEGIT if r["is_campaign"] else LEGIT for r in rows}
    labels = work / f"{kind}-{seed}.requests.parquet"
    generate_dev(seed=seed, size=requests, out=log, labels=work / f"{kind}-{seed}.accounts.parquet",
                 request_labels=labels, days=days, hard=0.35)
    rows = pq.read_table(labels, columns=["request_id", "kind", "campaign"]).to_pylist()
    return log, {r["request_id"]: r["campaign"] if r["kind"] == "campaign" else LEGIT for r in rows}


def run_nights(log: Path, nights: list[int], work: Path, cache: Path | None = None) -> list[list[dict[str, Any]]]:
    """Each night's assignments (read at once: the state keeps only the newest generations)."""
    days = split_by_day(log, work / "days")
    config = load_config()
    config = config.model_copy(update={"embed": config.embed.model_copy(update={"cache_dir": cache or work / "cache"})})
    state, out, start = work / "state", [], 0
    shutil.rmtree(state, ignore_errors=True)
    for n in nights:
        files = [str(p) for p in days[start : start + n]]
        start += n
        result = run_night(files, state, config)
        out.append(pq.read_table(result.generation / "assignments.parquet").to_pylist())
    return out


def _label_of(rows: list[dict[str, Any]], labels: dict[str, str], per_account: bool) -> list[str]:
    """Each clustered row's campaign; blind: by account, only in clusters its campaign holds the majority of."""
    if not per_account:
        return [labels.get(r["request_id"], LEGIT) for r in rows]
    raw = [labels.get(r["account_id"], LEGIT) for r in rows]
    owner = _majority(rows, raw, "cluster_id")
    return [label if label == owner.get(r["cluster_id"]) else LEGIT for r, label in zip(rows, raw)]


def _majority(rows: list[dict[str, Any]], labels: list[str], key: str) -> dict[int, str]:
    counts: dict[int, collections.Counter] = collections.defaultdict(collections.Counter)
    for r, label in zip(rows, labels):
        counts[r[key]][label] += 1
    return {k: c.most_common(1)[0][0] for k, c in counts.items()}


def measure(nights: list[list[dict[str, Any]]], labels: dict[str, str], per_account: bool) -> dict[str, dict[str, Any]]:
    """Per campaign and id kind: same (night 1 to last), complete (last night), and what grouping merged."""
    first = [r for r in nights[0] if r["cluster_id"] >= 0]
    last = [r for r in nights[-1] if r["cluster_id"] >= 0]
    first_label, last_label = _label_of(first, labels, per_account), _label_of(last, labels, per_account)
    later = {r["request_id"]: r for r in last}
    cluster_owner = _majority(last, last_label, "cluster_id")
    out: dict[str, dict[str, Any]] = {}
    for campaign in sorted(set(last_label) - {LEGIT}):
        entry: dict[str, Any] = {"requests_night_1": first_label.count(campaign), "requests_last": last_label.count(campaign)}
        for key in IDS:
            if key not in last[0]:
                continue
            mine = [r for r, label in zip(first, first_label) if label == campaign]
            kept = sum(1 for r in mine if r["request_id"] in later and later[r["request_id"]][key] == r[key])
            ids = collections.Counter(r[key] for r, label in zip(last, last_label) if label == campaign)
            top, n_top = ids.most_common(1)[0]
            joined = collections.Counter(cluster_owner[r["cluster_id"]] for r in last if r[key] == top)
            entry[key] = {
                "same": round(kept / max(len(mine), 1), 3),
                "complete": round(n_top / max(sum(ids.values()), 1), 3),
                "top_id": top,
                "ids": len(ids),
                "joined_legit": joined.get(LEGIT, 0),
                "joined_other": sum(v for k, v in joined.items() if k not in (LEGIT, campaign)),
            }
        out[campaign] = entry
    return out


def table(results: dict[str, dict[str, Any]]) -> str:
    lines = ["| campaign | requests n1 / last | same campaign_id (cluster_id) | complete campaign_id (cluster_id) | ids | joined legit / other |",
             "|---|---:|---:|---:|---:|---:|"]
    for campaign, e in results.items():
        c, k = e.get("campaign_id", e["cluster_id"]), e["cluster_id"]
        lines.append(
            f"| {campaign} | {e['requests_night_1']} / {e['requests_last']} | {c['same']:.0%} ({k['same']:.0%}) | "
            f"{c['complete']:.0%} ({k['complete']:.0%}) | {c['ids']} ({k['ids']}) | {c['joined_legit']} / {c['joined_other']} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kind", choices=("dev", "blind"), required=True)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--requests", type=int, required=True)
    parser.add_argument("--nights", type=int, nargs="+", default=[1, 1, 1], help="days per night")
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    log, labels = make_log(args.kind, args.seed, args.requests, sum(args.nights), args.work)
    nights = run_nights(log, args.nights, args.work)
    results = measure(nights, labels, per_account=args.kind == "blind")
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
