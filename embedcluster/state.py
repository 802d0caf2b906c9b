"""A nightly state directory: generations written whole, switched atomically, one writer at a time.

    DIR/CURRENT        {"generation": "gen-000003", "state_version": 1, ...}, replaced atomically
    DIR/STATE          says the folder is a state, written when a night first takes it
    DIR/lock           held (flock) by the one nightly run allowed at a time
    DIR/cache/         the embedding cache: content-addressed, so it is shared by every generation
    DIR/gen-000003/    a finished run directory (outputs, run.duckdb, index) plus state.duckdb
    DIR/.staging-*     a run in progress; a crash leaves it behind and the next run removes it

A run builds the next generation in a staging folder from a copy of the current
one and points CURRENT at it only once every file is on disk. A run killed at
any point, or failing on a full disk, leaves CURRENT on the last finished
generation, which readers (`assign`, `serve`, investigations) keep using.
A night runs only in a new or empty folder or in a state (`check`), so the
clearing of leftovers never removes anyone else's files.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import orjson

from embedcluster import __version__
from embedcluster.errors import StateError

STATE_VERSION = 2  # 2: requests no longer keep scaffold_hash, user_agent, organization
CURRENT = "CURRENT"
STATE_DB = "state.duckdb"
CACHE_DIR = "cache"
MARKER = "STATE"
STAGING_PREFIX = ".staging-"
_STAGING = re.compile(r"^\.staging-[a-z0-9_]{8}$")  # the names tempfile.mkdtemp gives
_GENERATION = re.compile(r"^gen-(\d{6})$")
_LOCK_POLL_S = 0.2


@dataclass(frozen=True)
class Generation:
    number: int
    path: Path


def is_staging_name(name: str) -> bool:
    """A staging folder's name as `StagedOutput` makes it; any other `.staging-...` is someone else's."""
    return _STAGING.match(name) is not None


def _generation_name(number: int) -> str:
    return f"gen-{number:06d}"


def _fsync_tree(root: Path) -> None:
    """Every file and folder under `root` durably on disk before the switch that makes it visible."""
    for folder, _, files in os.walk(root):
        for name in files:
            fd = os.open(os.path.join(folder, name), os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        _fsync_dir(Path(folder))


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class StateDir:
    """The folder layout above; readers call `current()`, the nightly run also `lock`, `staging` and `publish`."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.cache = self.root / CACHE_DIR

    def current(self) -> Generation | None:
        """The last finished generation, or None for a state no night has finished in yet."""
        marker = self.root / CURRENT
        if not self.root.is_dir():
            raise StateError(f"state directory not found: {self.root}")
        if not marker.is_file():
            return None
        try:
            pointer = orjson.loads(marker.read_bytes())
            name, version = str(pointer["generation"]), int(pointer["state_version"])
        except (OSError, orjson.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise StateError(f"state {self.root} has an unreadable {CURRENT} file: {exc}") from None
        written_by = pointer.get("embedcluster", "unknown")
        if version > STATE_VERSION:
            raise StateError(
                f"state {self.root} has state version {version}, written by embedcluster {written_by}; "
                f"this embedcluster {__version__} reads version {STATE_VERSION}: upgrade embedcluster"
            )
        if version < STATE_VERSION:
            raise StateError(
                f"state {self.root} has state version {version} (embedcluster {written_by}) and no migration to "
                f"version {STATE_VERSION} exists: rerun the nightly job over the logs into a new --state directory"
            )
        match = _GENERATION.match(name)
        path = self.root / name
        if match is None or not path.is_dir():
            raise StateError(f"state {self.root} points at a missing generation {name!r}")
        return Generation(int(match.group(1)), path)

    def require_current(self) -> Generation:
        generation = self.current()
        if generation is None:
            raise StateError(f"state {self.root} holds no finished night yet: run `embedcluster run ... --state`")
        return generation

    def check(self) -> None:
        """Refuse a folder that is neither new, empty nor a state, before anything in it is written or removed."""
        if not self.root.exists():
            return
        try:
            empty = not any(self.root.iterdir())
        except OSError as exc:
            raise StateError(f"cannot use state directory {self.root}: {exc.strerror or exc}") from None
        if empty or (self.root / MARKER).is_file():
            return
        if (self.root / CURRENT).exists():
            self.current()  # a pointer this tool cannot read is refused here, before the lock is written
            return
        raise StateError(
            f"{self.root} is not empty and not an embedcluster state (no {CURRENT} or {MARKER} file): "
            "give a new or empty folder, or the --state of earlier nights"
        )

    @contextmanager
    def lock(self, wait_s: float = 0.0) -> Iterator[None]:
        """Exclusive for the whole run; a second run waits up to `wait_s`, then stops with one clear line.

        Only on a folder `check` accepts, which it then marks as a state."""
        self.check()
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            marker = self.root / MARKER
            if not marker.exists():
                marker.write_text(f"embedcluster state, written by embedcluster {__version__}\n")
            handle = (self.root / "lock").open("a+")
        except OSError as exc:
            raise StateError(f"cannot use state directory {self.root}: {exc.strerror or exc}") from None
        try:
            deadline = time.monotonic() + wait_s
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        handle.seek(0)
                        holder = handle.read().strip() or "unknown"
                        raise StateError(
                            f"state {self.root} is in use by another embedcluster run (pid {holder}); "
                            "wait for it to finish or pass --wait SECONDS"
                        ) from None
                    time.sleep(_LOCK_POLL_S)
            handle.seek(0)
            handle.truncate()
            handle.write(str(os.getpid()))
            handle.flush()
            yield
        finally:
            handle.close()

    def clear_leftovers(self, current: Generation | None) -> None:
        """Staging folders and unpublished generations a crashed run left behind (call under the lock).

        Only folders with the names this tool gives them; the lock made sure the folder is a state."""
        newest = current.number if current else 0
        for entry in self.root.iterdir():
            match = _GENERATION.match(entry.name)
            if (is_staging_name(entry.name) or (match and int(match.group(1)) > newest)) and entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)

    def publish(self, staging: Path, number: int, keep: int) -> Generation:
        """Make the staged generation current: durable files, rename, then atomically replace CURRENT."""
        target = self.root / _generation_name(number)
        try:
            _fsync_tree(staging)
            os.replace(staging, target)
            _fsync_dir(self.root)
            pointer = {"generation": target.name, "state_version": STATE_VERSION, "embedcluster": __version__}
            tmp = self.root / f"{CURRENT}.tmp"
            with tmp.open("wb") as handle:
                handle.write(orjson.dumps(pointer))
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.root / CURRENT)
            _fsync_dir(self.root)
        except OSError as exc:
            raise StateError(f"cannot publish the new generation in {self.root}: {exc.strerror or exc}") from None
        self._prune(number, keep)
        return Generation(number, target)

    def _prune(self, newest: int, keep: int) -> None:
        """Old generations beyond the newest `keep`; readers that opened one keep their open files."""
        for entry in self.root.iterdir():
            match = _GENERATION.match(entry.name)
            if match and int(match.group(1)) <= newest - keep:
                shutil.rmtree(entry, ignore_errors=True)
