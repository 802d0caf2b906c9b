"""Writing a run's files: staged in a private folder, then moved into place, run.json last.

A crash before the move leaves the previous run's files untouched; run.json is
the marker that a run finished, so readers trust a directory only when it exists.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import numpy as np
import orjson
import pyarrow as pa
import pyarrow.parquet as pq

from embedcluster.errors import OutputError

RUN_MARKER = "run.json"


class StagedOutput:
    """A staging folder inside `out_dir`; `commit` moves its files over the old ones."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
            self.path = Path(tempfile.mkdtemp(prefix=".staging-", dir=out_dir))
        except OSError as exc:
            raise OutputError(f"cannot write to output directory {out_dir}: {exc.strerror or exc}") from None

    def file(self, name: str) -> Path:
        return self.path / name

    def write_table(self, name: str, table: pa.Table) -> None:
        try:
            pq.write_table(table, self.path / name, compression="zstd")
        except OSError as exc:
            raise OutputError(f"cannot write {name} in {self.out_dir}: {exc}") from None

    def write_array(self, name: str, array: np.ndarray) -> None:
        try:
            with (self.path / name).open("wb") as handle:
                np.save(handle, array, allow_pickle=False)
        except OSError as exc:
            raise OutputError(f"cannot write {name} in {self.out_dir}: {exc}") from None

    def write_json(self, name: str, payload: dict) -> None:
        try:
            (self.path / name).write_bytes(orjson.dumps(payload, option=orjson.OPT_INDENT_2 | orjson.OPT_SERIALIZE_NUMPY))
        except OSError as exc:
            raise OutputError(f"cannot write {name} in {self.out_dir}: {exc}") from None

    def commit(self) -> None:
        """Move every staged entry into place; the run marker goes last."""
        try:
            stale = self.out_dir / RUN_MARKER
            if stale.exists():
                stale.unlink()
            entries = sorted(self.path.iterdir(), key=lambda p: p.name == RUN_MARKER)
            for entry in entries:
                target = self.out_dir / entry.name
                if entry.is_dir() and target.exists():
                    shutil.rmtree(target)
                os.replace(entry, target)
            self.path.rmdir()
        except OSError as exc:
            raise OutputError(f"cannot move results into {self.out_dir}: {exc}") from None

    def discard(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)
