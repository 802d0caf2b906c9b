"""Writing a run's files: staged in a private folder, then moved into place, run.json last.

A crash before the move leaves the previous run's files untouched; run.json is
the marker that a run finished, so readers trust a directory only when it exists.
`write_run` is the last stage of both the one-off and the nightly run.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path

import numpy as np
import orjson
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from embedcluster import __version__
from embedcluster.clusters import map_2d
from embedcluster.config import Config, save_config
from embedcluster.errors import OutputError
from embedcluster.index import VectorIndex
from embedcluster.report import write_report
from embedcluster.results import Outputs
from embedcluster.schema import RUN_MARKER, SCHEMA_VERSION
from embedcluster.state import STAGING_PREFIX, is_staging_name
from embedcluster.store import build_run_database

_PREVIOUS = ".previous"


def check_out_dir(out_dir: Path) -> None:
    """Refuse a folder a run must not replace files in: `/`, the home folder, or someone's non-empty folder.

    A run moves its files over same-named ones, so it may only write into a new or
    empty folder or into an earlier run (whose run.json says it is one).
    """
    resolved = Path(out_dir).expanduser().resolve()
    if resolved == Path(resolved.anchor) or resolved == Path.home().resolve():
        raise OutputError(f"refusing to write a run into {resolved}: give a folder of its own, e.g. {resolved / 'run'}")
    if resolved.exists() and not resolved.is_dir():
        raise OutputError(f"cannot write to output directory {out_dir}: it is a file")
    if resolved.is_dir() and not _is_run_or_empty(resolved):
        raise OutputError(
            f"{out_dir} is not empty and not an earlier embedcluster run: give a new or empty folder"
        )


def _is_run_or_empty(folder: Path) -> bool:
    """Empty but for crashed staging folders, or holding a run.json this tool wrote (also mid-commit, moved aside)."""
    try:
        entries = list(folder.iterdir())
    except OSError as exc:
        raise OutputError(f"cannot read output directory {folder}: {exc.strerror or exc}") from None
    staging = [e for e in entries if is_staging_name(e.name) and e.is_dir()]
    if len(staging) == len(entries) or _is_run_marker(folder / RUN_MARKER):
        return True
    return any(_is_run_marker(s / _PREVIOUS / RUN_MARKER) for s in staging)


def _is_run_marker(path: Path) -> bool:
    """run.json as `write_run` writes it: a JSON object naming the schema and the embedcluster that wrote it."""
    try:
        marker = orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return False
    versions = marker.get("versions") if isinstance(marker, dict) else None
    return "schema_version" in marker and isinstance(versions, dict) and "embedcluster" in versions


class StagedOutput:
    """A staging folder inside `out_dir`; `commit` moves its files over the old ones."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
            self.path = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out_dir))
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
        """Move every staged entry into place, the run marker last; on failure put the previous run back.

        Only into a folder `check_out_dir` accepts, checked again here for callers
        of the Python API. The previous run's entries are first moved aside into the
        staging folder, its marker first, so a half-moved directory never looks
        finished. Only renames happen here: a full disk cannot strand a mix of two
        runs. Entries of the out folder that this run does not write stay where they
        are, and so do entries someone added inside a replaced folder (`index/`).
        """
        self._check_target()
        entries = sorted(self.path.iterdir(), key=lambda p: p.name == RUN_MARKER)
        previous = self.path / _PREVIOUS
        moved: list[str] = []
        try:
            previous.mkdir()
            for name in dict.fromkeys([RUN_MARKER, *(e.name for e in entries)]):
                if os.path.lexists(self.out_dir / name):
                    os.replace(self.out_dir / name, previous / name)
            for entry in entries:
                os.replace(entry, self.out_dir / entry.name)
                moved.append(entry.name)
        except OSError as exc:
            self._roll_back(moved, previous)
            raise OutputError(f"cannot move results into {self.out_dir}: {exc.strerror or exc}") from None
        for name in moved:
            _keep_extras(previous / name, self.out_dir / name)
        shutil.rmtree(self.path, ignore_errors=True)

    def _check_target(self) -> None:
        """`check_out_dir` again (this run's staging folder counts as a crashed one); refused, nothing is kept."""
        try:
            check_out_dir(self.out_dir)
        except OutputError:
            self.discard()
            raise

    def _roll_back(self, moved: list[str], previous: Path) -> None:
        """Take back what was moved in and return the previous run's entries, marker last; best effort."""
        returning = sorted(previous.iterdir(), key=lambda p: p.name == RUN_MARKER) if previous.is_dir() else []
        for source, target in [*((self.out_dir / n, self.path / n) for n in moved),
                               *((e, self.out_dir / e.name) for e in returning)]:  # fmt: skip
            with contextlib.suppress(OSError):
                os.replace(source, target)

    def discard(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)


def _keep_extras(old: Path, new: Path) -> None:
    """Entries someone added inside a folder the run replaced move into the new folder, never into the bin."""
    if not (old.is_dir() and not old.is_symlink() and new.is_dir()):
        return
    for entry in old.iterdir():
        target = new / entry.name
        if not os.path.lexists(target):
            with contextlib.suppress(OSError):
                os.replace(entry, target)
        else:
            _keep_extras(entry, target)


def write_run(
    staged: StagedOutput,
    summary: dict,
    outputs: Outputs,
    centroids: np.ndarray,
    index: VectorIndex | None,
    config: Config,
) -> None:
    """Every file of a finished run into the staging folder, run.json last; adds the output counts to `summary`."""
    if index is not None:
        index.save(staged.file("index"))
    staged.write_table("assignments.parquet", outputs.assignments)
    staged.write_table("clusters.parquet", outputs.clusters)
    staged.write_table("accounts.parquet", outputs.accounts)
    staged.write_table("texts.parquet", outputs.texts)
    staged.write_array("centroids.npy", centroids)
    try:
        save_config(config, staged.path)
    except OSError as exc:
        raise OutputError(f"cannot write the run's config in {staged.out_dir}: {exc.strerror or exc}") from None
    summary["schema_version"] = SCHEMA_VERSION
    summary["calibration"] = outputs.calibration.as_dict()
    summary["stability"] = outputs.stability.as_dict(
        outputs.accounts.column("flagged").to_numpy(zero_copy_only=False),
        outputs.clusters.column("flagged").to_numpy(zero_copy_only=False),
    )
    summary["counts"].update(
        {
            "clusters": outputs.clusters.num_rows,
            "flagged_clusters": int(pc.sum(outputs.clusters.column("flagged")).as_py() or 0),
            "accounts": outputs.accounts.num_rows,
            "flagged_accounts": int(pc.sum(outputs.accounts.column("flagged")).as_py() or 0),
            "rings": int(len(set(outputs.accounts.column("ring_id").to_pylist()) - {-1})),
        }
    )
    if config.report.html:
        map_points = _map_table(outputs.clusters, centroids, config.report.max_map_points)
        write_report(staged.file("report.html"), summary, outputs.clusters, outputs.accounts, map_points)
    build_run_database(staged.path)
    staged.write_json(RUN_MARKER, summary)


def _map_table(clusters: pa.Table, centroids: np.ndarray, limit: int) -> pa.Table:
    """2-D positions of the largest `limit` clusters for the report's map."""
    xy = map_2d(centroids)
    keep = slice(0, min(limit, clusters.num_rows))
    return pa.table(
        {
            "cluster_id": clusters.column("cluster_id")[keep],
            "x": pa.array(xy[keep, 0] if len(xy) else [], pa.float64()),
            "y": pa.array(xy[keep, 1] if len(xy) else [], pa.float64()),
            "size": clusters.column("size")[keep],
            "risk_score": clusters.column("risk_score")[keep],
            "flagged": clusters.column("flagged")[keep],
        }
    )


def run_versions(model_name: str) -> dict[str, str]:
    """What produced a run: embedcluster, the embedding model and the libraries that shape results."""
    from importlib.metadata import PackageNotFoundError, version

    out = {"embedcluster": __version__, "model": model_name}
    for package in ("torch", "sentence-transformers", "faiss-cpu", "hdbscan", "umap-learn", "pyarrow"):
        try:
            out[package] = version(package)
        except PackageNotFoundError:
            out[package] = "absent"
    return out
