"""The state directory's rules, without a model: versions, leftovers of crashed runs, one writer at a time."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from embedcluster.config import Config
from embedcluster.errors import StateError
from embedcluster.nightly import run_night
from embedcluster.state import CURRENT, STATE_VERSION, StateDir


def _pointer(root: Path, generation: str, version: int) -> None:
    (root / generation).mkdir(parents=True, exist_ok=True)
    (root / CURRENT).write_text(json.dumps({"generation": generation, "state_version": version, "embedcluster": "x"}))


def test_an_empty_state_has_no_generation_and_a_missing_one_is_an_error(tmp_path: Path) -> None:
    assert StateDir(tmp_path).current() is None
    with pytest.raises(StateError, match="no finished night"):
        StateDir(tmp_path).require_current()
    with pytest.raises(StateError, match="not found"):
        StateDir(tmp_path / "absent").current()


def test_the_current_generation_is_read_from_the_pointer(tmp_path: Path) -> None:
    _pointer(tmp_path, "gen-000004", STATE_VERSION)
    generation = StateDir(tmp_path).require_current()
    assert (generation.number, generation.path) == (4, tmp_path / "gen-000004")


@pytest.mark.parametrize(
    ("version", "message"), [(STATE_VERSION + 1, "upgrade embedcluster"), (STATE_VERSION - 1, "no migration")]
)
def test_a_state_of_another_version_is_refused_with_one_clear_line(tmp_path: Path, version: int, message: str) -> None:
    _pointer(tmp_path, "gen-000001", version)
    with pytest.raises(StateError, match=message) as caught:
        StateDir(tmp_path).current()
    assert "\n" not in str(caught.value)


def test_a_pointer_to_a_missing_or_garbled_generation_is_refused(tmp_path: Path) -> None:
    (tmp_path / CURRENT).write_text(json.dumps({"generation": "gen-000009", "state_version": STATE_VERSION}))
    with pytest.raises(StateError, match="missing generation"):
        StateDir(tmp_path).current()
    (tmp_path / CURRENT).write_text("{not json")
    with pytest.raises(StateError, match="unreadable"):
        StateDir(tmp_path).current()


def test_leftovers_of_a_crashed_run_are_cleared_and_finished_generations_kept(tmp_path: Path) -> None:
    _pointer(tmp_path, "gen-000002", STATE_VERSION)
    for name in ("gen-000001", "gen-000003", ".staging-abc12_yz"):
        (tmp_path / name).mkdir()
    state = StateDir(tmp_path)
    state.clear_leftovers(state.current())
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_dir()) == ["gen-000001", "gen-000002"]


def test_publish_switches_the_pointer_and_prunes_old_generations(tmp_path: Path) -> None:
    state = StateDir(tmp_path)
    for number in (1, 2, 3):
        staging = tmp_path / f".staging-{number}"
        staging.mkdir()
        (staging / "marker").write_text(str(number))
        state.publish(staging, number, keep=2)
    assert state.require_current().number == 3
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("gen-")) == ["gen-000002", "gen-000003"]
    assert (tmp_path / "gen-000003" / "marker").read_text() == "3"


def test_a_second_run_on_a_busy_state_stops_with_one_line_and_changes_nothing(tmp_path: Path) -> None:
    log = tmp_path / "log.jsonl"
    log.write_text('{"request_id": "r1", "account_id": "a", "timestamp": 1790000000, "prompt": "hello"}\n')
    state = StateDir(tmp_path / "state")
    with state.lock():
        with pytest.raises(StateError, match="in use by another embedcluster run") as caught:
            run_night([str(log)], state.root, Config(), wait_s=0.3)
    assert "\n" not in str(caught.value)
    assert state.current() is None
    assert not list(state.root.glob(".staging-*"))


@pytest.mark.parametrize("fault", ["copying the tables", "writing the tables"])
def test_a_full_disk_mid_night_fails_in_one_line_and_leaves_the_state(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fault: str
) -> None:
    import errno

    import duckdb
    from conftest import HashingEmbedder

    from embedcluster import nightly
    from embedcluster.statedb import StateDB

    def log(name: str, start: int) -> str:
        path = tmp_path / name
        rows = [{"request_id": f"r{i}", "account_id": f"a{i % 7}", "timestamp": 1790000000 + i, "prompt": f"task {i}"}
                for i in range(start, start + 40)]
        path.write_text("\n".join(json.dumps(r) for r in rows))
        return str(path)

    config = Config.model_validate({"embed": {"cache_dir": str(tmp_path / "cache")}, "report": {"html": False}})
    embedder = HashingEmbedder()
    run_night([log("day1.jsonl", 0)], tmp_path / "state", config, embedder=embedder)
    state = StateDir(tmp_path / "state")
    before = sorted((p.relative_to(state.root), p.stat().st_mtime_ns) for p in state.root.rglob("gen-*/*"))

    def disk_full(*args: object, **kwargs: object) -> None:
        if fault == "copying the tables":
            raise OSError(errno.ENOSPC, "No space left on device")
        raise duckdb.IOException("IO Error: Could not write file: No space left on device\nat offset 0")

    if fault == "copying the tables":
        monkeypatch.setattr(nightly.shutil, "copyfile", disk_full)
    else:
        monkeypatch.setattr(StateDB, "add_requests", disk_full)
    with pytest.raises(StateError, match="^night not finished, state .* unchanged: .*No space left on device$"):
        run_night([log("day2.jsonl", 40)], state.root, config, embedder=embedder)
    assert state.require_current().number == 1
    assert sorted((p.relative_to(state.root), p.stat().st_mtime_ns) for p in state.root.rglob("gen-*/*")) == before
    assert not list(state.root.glob(".staging-*"))
