"""Staged outputs: nothing replaces the previous run until the new one is complete."""

from __future__ import annotations

import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet  # noqa: F401  (pa.parquet)
import pytest

from embedcluster import __version__
from embedcluster.errors import OutputError
from embedcluster.outputs import StagedOutput
from embedcluster.schema import RUN_MARKER


def _write_run(out: Path, value: int) -> StagedOutput:
    staged = StagedOutput(out)
    staged.write_table("clusters.parquet", pa.table({"v": [value]}))
    (staged.file("index")).mkdir()
    (staged.file("index") / "index.faiss").write_text(str(value))
    staged.write_json(RUN_MARKER, {"schema_version": 1, "versions": {"embedcluster": __version__}, "v": value})
    return staged


def test_commit_replaces_previous_run_and_cleans_up(tmp_path: Path) -> None:
    _write_run(tmp_path, 1).commit()
    _write_run(tmp_path, 2).commit()
    assert (tmp_path / "index" / "index.faiss").read_text() == "2"
    assert pa.parquet.read_table(tmp_path / "clusters.parquet").column("v").to_pylist() == [2]
    assert not list(tmp_path.glob(".staging-*"))


def test_discarded_run_leaves_previous_outputs_untouched(tmp_path: Path) -> None:
    _write_run(tmp_path, 1).commit()
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    _write_run(tmp_path, 2).discard()
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    assert after == before
    assert not list(tmp_path.glob(".staging-*"))


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores directory permissions")
def test_unwritable_output_directory_is_one_clear_error(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    with pytest.raises(OutputError, match="cannot write to output directory"):
        StagedOutput(locked / "out")


def test_output_path_that_is_a_file_is_one_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutputError, match="cannot write to output directory"):
        StagedOutput(blocker)
