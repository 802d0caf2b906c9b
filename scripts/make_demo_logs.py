#!/usr/bin/env python3
"""Generate a labelled, deterministic request log for developing and judging embedcluster.

Usage: python -m scripts.make_demo_logs --seed 7 --size 50000 --out log.jsonl.gz --labels labels.parquet

The generator itself is the package scripts.demo_logs; this is its command line.
"""

import sys

from scripts.demo_logs.writer import main

if __name__ == "__main__":
    sys.exit(main())
