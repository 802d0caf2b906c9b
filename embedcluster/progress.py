"""Progress callbacks and per-stage timings, shared by the one-off and the nightly run.

A run reports `progress(stage, done, total)` to whoever drives it (the CLI's bars,
a benchmark, nothing) and records how long each stage took. A stage may contain
a separately timed part (the transformer's points inside clustering): that part
is reported under its own name and not counted twice in its stage.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

ProgressFn = Callable[[str, int, "int | None"], None]
_FINE_GRAINED = {"ingest", "embed"}  # stages that report their own counts


def no_progress(stage: str, done: int, total: int | None) -> None:
    return None


class Timings(dict[str, float]):
    """Seconds per stage, rounded to the millisecond, as written to run.json."""

    def __init__(self, progress: ProgressFn = no_progress) -> None:
        super().__init__()
        self.progress = progress
        self._open: list[str] = []
        self._inner: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Time a stage; stages without finer progress show as one step."""
        start = time.perf_counter()
        self.progress(name, 0, None)
        self._open.append(name)
        try:
            yield
        finally:
            self._open.pop()
        self[name] = round(time.perf_counter() - start - self._inner.pop(name, 0.0), 3)
        if name not in _FINE_GRAINED:
            self.progress(name, 1, 1)

    @contextmanager
    def part(self, name: str) -> Iterator[None]:
        """Time a part of the open stage under its own name, and take it out of that stage's time."""
        start = time.perf_counter()
        yield
        elapsed = time.perf_counter() - start
        self[name] = round(self.get(name, 0.0) + elapsed, 3)
        if self._open:
            self._inner[self._open[-1]] = self._inner.get(self._open[-1], 0.0) + elapsed
