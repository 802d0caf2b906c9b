#!/usr/bin/env python3
"""Write the normalizer's character classes for this Python's Unicode version into the package.

Usage: python -m scripts.write_unicode_classes

`embedcluster.normalize` reads them from `embedcluster/data/unicode-<version>.json`
instead of scanning every code point at the start of each process (about 3 s);
under a Python with another Unicode version it scans as before.
"""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path

from embedcluster.normalize import read_char_classes


def main() -> int:
    path = Path(__file__).resolve().parents[1] / "embedcluster" / "data" / f"unicode-{unicodedata.unidata_version}.json"
    path.write_text(json.dumps(read_char_classes(), indent=1) + "\n", encoding="utf-8")
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
