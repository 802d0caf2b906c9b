"""Compare two finished runs table by table: the check that a change which should not move results did not.

Usage: python -m scripts.compare_runs RUN_A RUN_B

Every output table (assignments, clusters, accounts, texts) is compared row for
row after sorting by its key; the flagged accounts and clusters are compared as
sets. Exit code 0 when all are identical, 1 otherwise, with the differences named.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

TABLES = {
    "assignments.parquet": "request_id",
    "clusters.parquet": "cluster_id",
    "accounts.parquet": "account_id",
    "texts.parquet": "text_id",
}


def _sorted(path: Path, key: str) -> pa.Table:
    table = pq.read_table(path)
    return table.sort_by(key)


def _flagged(table: pa.Table, key: str) -> set:
    return {row[key] for row in table.select([key, "flagged"]).to_pylist() if row["flagged"]}


def compare(run_a: Path, run_b: Path) -> list[str]:
    """The differences between two runs' outputs, one line each; empty when identical."""
    differences = []
    for name, key in TABLES.items():
        a, b = _sorted(run_a / name, key), _sorted(run_b / name, key)
        if a.schema != b.schema:
            differences.append(f"{name}: schemas differ")
            continue
        if a.num_rows != b.num_rows:
            differences.append(f"{name}: {a.num_rows} rows against {b.num_rows}")
            continue
        columns = [c for c in a.column_names if not a.column(c).equals(b.column(c))]
        if columns:
            differences.append(f"{name}: columns differ: {', '.join(columns)}")
        if "flagged" in a.column_names:
            only_a, only_b = _flagged(a, key) - _flagged(b, key), _flagged(b, key) - _flagged(a, key)
            if only_a or only_b:
                differences.append(f"{name}: flagged only in A: {len(only_a)}, only in B: {len(only_b)}")
    return differences


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Compare two finished runs' output tables.")
    parser.add_argument("run_a", type=Path)
    parser.add_argument("run_b", type=Path)
    args = parser.parse_args(argv)
    differences = compare(args.run_a, args.run_b)
    for line in differences:
        print(line)
    if not differences:
        print(f"identical: {', '.join(TABLES)} (every row, every column; same flagged accounts and clusters)")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
