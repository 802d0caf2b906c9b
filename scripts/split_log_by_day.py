"""Split a JSONL request log into one file per UTC day, as a nightly job receives it.

    python -m scripts.split_log_by_day logs/all.jsonl.gz nights/
    -> nights/2026-11-01.jsonl, nights/2026-11-02.jsonl, ...

Rows without a readable timestamp go to the day of the row before them, so bad
rows reach the nightly run (which sets them aside) rather than vanishing here.
"""

from __future__ import annotations

import argparse
import gzip
from datetime import datetime, timezone
from pathlib import Path
from typing import BinaryIO

import orjson

from embedcluster.config import IngestConfig
from embedcluster.ingest import first_field, parse_timestamp


def _day_of(line: bytes, cfg: IngestConfig) -> str | None:
    try:
        row = orjson.loads(line)
    except orjson.JSONDecodeError:
        return None
    ms = parse_timestamp(first_field(row, cfg.timestamp_fields)) if isinstance(row, dict) else None
    return None if ms is None else datetime.fromtimestamp(ms / 1000, timezone.utc).strftime("%Y-%m-%d")


def split_by_day(log: Path, out_dir: Path) -> list[Path]:
    """Write one JSONL file per day into `out_dir`; the files, in day order."""
    out_dir.mkdir(parents=True, exist_ok=True)
    cfg = IngestConfig()
    handles: dict[str, BinaryIO] = {}
    day = "unknown"
    opener = gzip.open if log.suffix == ".gz" else open
    with opener(log, "rb") as source:
        for line in source:
            day = _day_of(line, cfg) or day
            if day not in handles:
                handles[day] = (out_dir / f"{day}.jsonl").open("wb")
            handles[day].write(line if line.endswith(b"\n") else line + b"\n")
    for handle in handles.values():
        handle.close()
    return sorted(out_dir / f"{d}.jsonl" for d in handles)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("log", type=Path)
    parser.add_argument("out_dir", type=Path)
    args = parser.parse_args()
    for path in split_by_day(args.log, args.out_dir):
        print(path)


if __name__ == "__main__":
    main()
