"""`--out` and `--state` on directories that hold someone's files: refused in one line, nothing touched.

A run replaces only an earlier run's own files; a night starts only in an empty
directory or a state. Everything here runs before any model is loaded.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pyarrow as pa
import pytest
from typer.testing import CliRunner

from embedcluster import __version__, cli
from embedcluster.errors import OutputError, StateError
from embedcluster.outputs import StagedOutput, check_out_dir
from embedcluster.schema import RUN_MARKER
from embedcluster.state import CURRENT, StateDir


def listing(root: Path) -> dict[str, bytes | None]:
    """Every entry under `root` with a file's bytes (None for a folder)."""
    return {str(p.relative_to(root)): (p.read_bytes() if p.is_file() else None) for p in sorted(root.rglob("*"))}


def users_files(root: Path) -> Path:
    """A folder of someone's own work that happens to use a run's file names."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "report.html").write_text("<p>my report</p>")
    (root / RUN_MARKER).write_text('{"my": "settings"}')
    (root / "index").mkdir()
    (root / "index" / "important.txt").write_text("keep me")
    return root


def earlier_run(root: Path, value: int) -> StagedOutput:
    """A staged run as `write_run` leaves it: a table, an index folder, run.json with its versions."""
    staged = StagedOutput(root)
    staged.write_table("clusters.parquet", pa.table({"v": [value]}))
    staged.file("index").mkdir()
    (staged.file("index") / "index.faiss").write_text(str(value))
    staged.write_json(RUN_MARKER, {"schema_version": 1, "versions": {"embedcluster": __version__}, "v": value})
    return staged


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli.app, list(args))
    return result.exit_code, result.output


# -- --out ------------------------------------------------------------------------------------------------------


def test_out_refuses_a_folder_of_someone_elses_files_in_one_line_and_touches_nothing(tmp_path: Path) -> None:
    out = users_files(tmp_path / "mine")
    before = listing(out)
    code, output = invoke("run", str(tmp_path / "absent.jsonl"), "--out", str(out))
    assert code == 2
    assert output.count("\n") == 1 and "not an earlier embedcluster run" in output
    assert listing(out) == before


def test_a_library_commit_into_someone_elses_folder_is_refused_too(tmp_path: Path) -> None:
    """The CLI checks first; `commit` checks again, for callers of the Python API."""
    out = tmp_path / "out"
    staged = earlier_run(out, 1)
    (out / "notes.txt").write_text("mine")
    before = {name: data for name, data in listing(out).items() if not name.startswith(".staging-")}
    with pytest.raises(OutputError, match="not an earlier embedcluster run"):
        staged.commit()
    assert {name: data for name, data in listing(out).items() if not name.startswith(".staging-")} == before


@pytest.mark.parametrize("where", ["/", "~"])
def test_out_refuses_the_root_and_the_home_folder(where: str) -> None:
    with pytest.raises(OutputError, match="refusing to write a run into"):
        check_out_dir(Path(where).expanduser())
    code, output = invoke("run", "absent.jsonl", "--out", where if where == "/" else str(Path.home()))
    assert code == 2 and "refusing to write a run into" in output


def test_out_accepts_a_new_or_empty_folder_and_an_earlier_run(tmp_path: Path) -> None:
    check_out_dir(tmp_path / "new")
    (tmp_path / "empty").mkdir()
    check_out_dir(tmp_path / "empty")
    earlier_run(tmp_path / "run", 1).commit()
    check_out_dir(tmp_path / "run")


def test_a_new_run_replaces_only_the_earlier_runs_own_files(tmp_path: Path) -> None:
    out = tmp_path / "run"
    earlier_run(out, 1).commit()
    (out / "notes.txt").write_text("my notes")
    (out / "index" / "important.txt").write_text("keep me")
    earlier_run(out, 2).commit()
    assert (out / "notes.txt").read_text() == "my notes"
    assert (out / "index" / "important.txt").read_text() == "keep me"
    assert (out / "index" / "index.faiss").read_text() == "2"
    assert json.loads((out / RUN_MARKER).read_text())["v"] == 2
    assert not list(out.glob(".staging-*"))


# -- --state ----------------------------------------------------------------------------------------------------


def test_state_refuses_a_folder_that_is_not_a_state_before_writing_anything(tmp_path: Path) -> None:
    root = tmp_path / "mine"
    (root / "gen-000003").mkdir(parents=True)
    (root / "gen-000003" / "thesis.tex").write_text("chapter 3")
    (root / ".staging-mine").mkdir()
    (root / ".staging-mine" / "draft.txt").write_text("draft")
    (root / "lock").write_text("my lock notes")
    before = listing(root)
    with pytest.raises(StateError, match="not an embedcluster state"):
        with StateDir(root).lock():
            pytest.fail("the lock was taken")
    code, output = invoke("run", str(tmp_path / "absent.jsonl"), "--state", str(root))
    assert code == 2 and output.count("\n") == 1 and "not an embedcluster state" in output
    assert listing(root) == before


def test_state_with_a_garbage_pointer_is_refused_before_the_lock_is_written(tmp_path: Path) -> None:
    root = tmp_path / "state"
    root.mkdir()
    (root / CURRENT).write_text("garbage")
    (root / "lock").write_text("my lock notes")
    before = listing(root)
    with pytest.raises(StateError, match="unreadable CURRENT"):
        with StateDir(root).lock():
            pytest.fail("the lock was taken")
    assert listing(root) == before


def test_a_new_state_is_marked_and_stays_usable_before_its_first_night(tmp_path: Path) -> None:
    """A first night that found nothing new, or crashed, leaves a state that the next night accepts."""
    root = tmp_path / "state"
    with StateDir(root).lock():
        pass
    with StateDir(root).lock():
        pass
    assert StateDir(root).current() is None


def test_clearing_leftovers_removes_only_folders_this_tool_makes(tmp_path: Path) -> None:
    root = tmp_path / "state"
    with StateDir(root).lock():
        (root / ".staging-mine").mkdir()
        (root / ".staging-mine" / "draft.txt").write_text("someone's")
        (root / ".staging-ab12cd_9").mkdir()
        StateDir(root).clear_leftovers(None)
    assert (root / ".staging-mine").exists() and not (root / ".staging-ab12cd_9").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores directory permissions")
def test_unreadable_state_folder_is_one_clear_error(tmp_path: Path) -> None:
    root = tmp_path / "state"
    root.mkdir()
    (root / "x").write_text("x")
    root.chmod(0o300)
    try:
        with pytest.raises(StateError):
            with StateDir(root).lock():
                pass
    finally:
        root.chmod(0o700)
