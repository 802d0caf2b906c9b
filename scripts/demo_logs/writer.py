"""Writes a log of exactly the requested size and its labels, deterministically; the command line."""

from __future__ import annotations

import argparse
import gzip
import os
import time
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from scripts.demo_logs.accounts import Account, Planner
from scripts.demo_logs.base import SPLITS
from scripts.demo_logs.hard import HardPlanner, HardWriter, merge
from scripts.demo_logs.render import BAD_KINDS, UNREADABLE, Content, Writer

REQUEST_LABELS = pa.schema([
    ("request_id", pa.string()), ("account_id", pa.string()), ("kind", pa.string()), ("campaign", pa.string()),
    ("gen_template", pa.string()), ("obfuscated", pa.bool_()), ("obfuscation", pa.string()), ("bad", pa.string()),
    ("line", pa.int64()),
])
ACCOUNT_LABELS = pa.schema([
    ("account_id", pa.string()), ("kind", pa.string()), ("campaign", pa.string()), ("is_campaign", pa.bool_()),
    ("split", pa.string()),
])


def _tmp(path: Path) -> Path:
    return path.with_name(path.name + ".tmp")


def _bad_rows(rng: np.random.Generator, size: int, bad_fraction: float) -> tuple[dict[int, str], dict[int, int]]:
    """Positions of malformed rows, an even mix of kinds; duplicates point at an earlier readable row."""
    n_bad = min(size - 1, int(round(size * bad_fraction))) if size > 1 else 0
    if n_bad <= 0:
        return {}, {}
    positions = rng.choice(np.arange(1, size), n_bad, replace=False)
    bad = {int(p): BAD_KINDS[i % len(BAD_KINDS)] for i, p in enumerate(positions)}
    sources: dict[int, int] = {}
    for pos, kind in bad.items():
        if kind == "duplicate_id":
            for _ in range(20):
                src = int(rng.integers(0, pos))
                if bad.get(src, "") not in (*UNREADABLE, "duplicate_id"):
                    break
            sources[pos] = src
    for pos, src in sources.items():  # a duplicate whose source could not be made readable is left intact
        if bad.get(src, "") in (*UNREADABLE, "duplicate_id"):
            del bad[pos]
    return bad, {p: s for p, s in sources.items() if p in bad}


def generate(
    seed: int, size: int, out: str | Path, labels: str | Path | None = None, request_labels: str | Path | None = None,
    days: int = 3, start: str = "2026-11-01", split: str = "dev", bad_fraction: float = 0.002,
    long_context: float = 0.0, hard: float = 0.0,
) -> dict[str, Any]:
    """Write a log of exactly `size` rows and its labels; return what was written, counted."""
    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}, not {split!r}")
    if size < 1 or days < 1 or not 0 <= bad_fraction <= 0.5 or not 0 <= long_context <= 1 or not 0 <= hard < 1:
        raise ValueError("need size >= 1, days >= 1, 0 <= bad_fraction <= 0.5, 0 <= long_context <= 1 and 0 <= hard < 1")
    started = time.perf_counter()
    t0 = datetime.fromisoformat(start)
    t0 = t0.replace(tzinfo=timezone.utc) if t0.tzinfo is None else t0
    planner = Planner(seed, split, t0.timestamp(), days)
    n_hard = min(size - 1, int(round(size * hard)))  # hard traffic (hard.py) takes its share; the rest is as before
    plan = planner.plan(size - n_hard)
    if n_hard > 0:
        plan = merge(plan, HardPlanner(seed, split, t0.timestamp(), days, planner._ids).plan_hard(n_hard))
    accounts, acct_idx, ts, codes = plan
    request_ids = [f"req_{int(x):016x}" for x in planner.rng.integers(0, 2**63 - 1, size, dtype=np.int64)]
    bad, dup_source = _bad_rows(planner.rng, size, bad_fraction)
    for pos, src in dup_source.items():
        request_ids[pos] = request_ids[src]
    writer = Writer(seed, split, long_context)
    if n_hard > 0:
        writer.hard = HardWriter(seed, split)

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    sink = _LabelSink(Path(request_labels) if request_labels is not None else None)
    with open(_tmp(out), "wb", buffering=1 << 20) as raw:
        # No name or time in the gzip header, so that equal seeds give equal bytes.
        fh: IO[bytes] = raw
        if out.name.endswith(".gz"):
            fh = gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=5, mtime=0)
        buffer: list[bytes] = []
        for pos in range(size):
            acct = accounts[acct_idx[pos]]
            kind = bad.get(pos, "")
            content = writer.content(acct, int(codes[pos]))
            row = writer.row(acct, content, float(ts[pos]), request_ids[pos], kind)
            buffer += (writer.line(row, kind), b"\n")
            writer.count(content, kind)
            if kind not in UNREADABLE:
                sink.add(request_ids[pos], acct.id, content, kind, pos + 1)
            if len(buffer) >= 4000:
                fh.write(b"".join(buffer))
                buffer.clear()
        fh.write(b"".join(buffer))
        if fh is not raw:
            fh.close()
    sink.close()
    os.replace(_tmp(out), out)
    if labels is not None:
        _write_account_labels(accounts, Path(labels), split)

    counts = writer.counts
    return {
        "rows": size, "seed": seed, "split": split, "accounts": len(accounts),
        "account_kinds": dict(Counter(a.kind for a in accounts)),
        "campaign_accounts": dict(Counter(a.campaign for a in accounts if a.campaign)),
        "request_kinds": dict(counts["request_kind"]), "campaign_rows": dict(counts["campaign"]),
        "shapes": dict(counts["shape"]), "timestamp_forms": dict(counts["timestamp"]),
        "bad_rows": dict(counts["bad"]), **dict(counts["other"]),
        "seconds": round(time.perf_counter() - started, 2),
    }


class _LabelSink:
    """Streams per-request labels to parquet in batches, so a million rows never sit in memory."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.columns: dict[str, list[Any]] = {name: [] for name in REQUEST_LABELS.names}
        self.writer: pq.ParquetWriter | None = None
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.writer = pq.ParquetWriter(_tmp(path), REQUEST_LABELS)

    def add(self, request_id: str, account_id: str, content: Content, bad: str, line: int) -> None:
        if self.writer is None:
            return
        values = (request_id, account_id, content.kind, content.campaign, content.template, bool(content.obfuscation),
                  "+".join(content.obfuscation), bad, line)
        for column, value in zip(self.columns.values(), values):
            column.append(value)
        if len(self.columns["request_id"]) >= 100_000:
            self._flush()

    def _flush(self) -> None:
        if self.writer is not None and self.columns["request_id"]:
            self.writer.write_table(pa.table(self.columns, schema=REQUEST_LABELS))
        for column in self.columns.values():
            column.clear()

    def close(self) -> None:
        if self.writer is not None and self.path is not None:
            self._flush()
            self.writer.close()
            os.replace(_tmp(self.path), self.path)


def _write_account_labels(accounts: list[Account], path: Path, split: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    table = pa.table({
        "account_id": [a.id for a in accounts], "kind": [a.kind for a in accounts],
        "campaign": [a.campaign for a in accounts], "is_campaign": [a.kind == "campaign" for a in accounts],
        "split": [split] * len(accounts),
    }, schema=ACCOUNT_LABELS)
    pq.write_table(table, _tmp(path))
    os.replace(_tmp(path), path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--size", type=int, required=True, help="rows to write, malformed ones included")
    parser.add_argument("--out", required=True, help="JSONL log; gzip when the name ends in .gz")
    parser.add_argument("--labels", help="per-account labels (parquet)")
    parser.add_argument("--request-labels", help="per-request labels (parquet)")
    parser.add_argument("--days", type=int, default=3)
    parser.add_argument("--start", default="2026-11-01", help="first day of the window (UTC)")
    parser.add_argument("--split", choices=SPLITS, default="dev", help="template sets to draw from")
    parser.add_argument("--bad-fraction", type=float, default=0.002, help="share of malformed rows")
    parser.add_argument("--long-context", type=float, default=0.0,
                        help="share of requests whose last turn carries a pasted file or document (realistic lengths)")
    parser.add_argument("--hard", type=float, default=0.0,
                        help="share of requests from hard traffic: popular asks, harness users' common tasks, viral "
                             "jailbreak pastes and a sparse campaign (0 leaves the log exactly as without it)")
    args = parser.parse_args(argv)
    try:
        counts = generate(args.seed, args.size, args.out, args.labels, args.request_labels, args.days, args.start,
                          args.split, args.bad_fraction, args.long_context, args.hard)
    except ValueError as exc:
        parser.error(str(exc))
    mix = sorted(counts["request_kinds"].items(), key=lambda kv: -kv[1])
    kinds = ", ".join(f"{k} {v / counts['rows']:.1%}" for k, v in mix)
    print(f"wrote {counts['rows']} rows from {counts['accounts']} accounts to {args.out} in {counts['seconds']}s ({kinds})")
    return 0
