"""The benchmarks' one timer and their two memory measures: a block of this process, or one child process."""

from __future__ import annotations

import os
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass


class Timer:
    """Wall and CPU seconds of a block (CPU time counts every thread, so it holds on a busy machine)."""

    def __init__(self) -> None:
        self.wall = 0.0
        self.cpu = 0.0

    def __enter__(self) -> Timer:
        self._wall, self._cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self._wall
        self.cpu = time.process_time() - self._cpu


class PeakMemory:
    """Peak resident memory of this process while a block runs, sampled from /proc every 0.2 s.

    For work that must run in this process (it shares a loaded model or a log with what follows);
    anything that can run as its own process is measured exactly by `run_child`.
    """

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()

    @staticmethod
    def rss() -> int:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")

    def _sample(self) -> None:
        while not self._stop.wait(0.2):
            self.peak = max(self.peak, self.rss())

    @contextmanager
    def watch(self) -> Iterator[PeakMemory]:
        self.peak = self.rss()
        thread = threading.Thread(target=self._sample, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self._stop.set()
            thread.join()
            self.peak = max(self.peak, self.rss())
            self._stop.clear()


@dataclass(frozen=True)
class ChildRun:
    """How one child process ended, how long it took and the most memory it held."""

    returncode: int
    wall_s: float
    peak_rss_bytes: int
    stderr_tail: str


def run_child(command: list[str]) -> ChildRun:
    """Run `command` to its end; its own peak RSS (os.wait4), not the largest of every child so far."""
    with tempfile.TemporaryFile() as stderr, Timer() as timer:
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr)
        _, status, usage = os.wait4(child.pid, 0)
        stderr.seek(0)
        tail = stderr.read()[-2000:].decode("utf-8", "replace")
    return ChildRun(os.waitstatus_to_exitcode(status), timer.wall, usage.ru_maxrss * 1024, tail)
