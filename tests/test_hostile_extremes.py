"""Extreme inputs through the real `pipeline.run` (fake embedder), and faults while writing a run.

Each extreme must finish with a summary whose counts add up and agree with
run.json and rejected.jsonl. Each fault must fail with one OutputError line and
leave the previous run's files byte for byte as they were.
"""

from __future__ import annotations

import csv
import errno
import json
import os
from pathlib import Path
from types import ModuleType

import numpy as np
import orjson
import pyarrow.parquet as pq
import pytest
from conftest import HashingEmbedder
from typer.testing import CliRunner

from embedcluster import cli, outputs, render
from embedcluster.config import Config
from embedcluster.errors import OutputError
from embedcluster.pipeline import RunResult, run

START = 1793577600  # 2026-11-02 00:00 UTC
TEN_MB = 10 * 2**20
# The one-character file: 20,000 rows here; EMBEDCLUSTER_EXTREME_ROWS=100000 (or 1000000) for the full-size check.
ONE_CHAR_ROWS = int(os.environ.get("EMBEDCLUSTER_EXTREME_ROWS", "20000"))
FRAME = "Write a {lang} function that {task}; think step by step and list every assumption."
LANGS = ["Python", "Rust", "Go", "Java", "C", "Kotlin", "Swift", "Ruby"]
TASKS = ["parses dates", "merges lists", "sorts records", "hashes files", "retries requests", "parses logs"]


def request(i: int, account: str, prompt: str) -> dict:
    return {"request_id": f"r{i}", "account_id": account, "timestamp": START + i, "prompt": prompt}


def templated(i: int) -> str:
    return FRAME.format(lang=LANGS[i % len(LANGS)], task=TASKS[i // len(LANGS) % len(TASKS)])


def organic(i: int) -> str:
    words = "garden music health recipe sleep cloud budget movie history physics dog cat apple car river".split()
    return " ".join(words[(i * k) % len(words)] for k in (1, 3, 7, 11, 13)) + f" question {i}"


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
    return path


def config(base: Path, **ingest: object) -> Config:
    return Config.model_validate(
        {
            "ingest": ingest,
            "embed": {"cache_dir": str(base / "cache")},
            "clusters": {"min_cluster_size": 5, "min_samples": 3, "min_template_cluster_size": 8},
        }
    )


def run_fake(inputs: list[Path], out: Path, cfg: Config) -> RunResult:
    return run([str(p) for p in inputs], out, cfg, embedder=HashingEmbedder())


def rejected_rows(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "rejected.jsonl").read_text(encoding="utf-8").splitlines()]


def assert_clear_summary(result: RunResult) -> dict[str, int]:
    """Counts add up, run.json says the same, every rejection is on file with a reason, the report exists."""
    out, counts = result.out_dir, result.summary["counts"]
    assert counts["accepted"] + counts["rejected"] + counts["duplicates"] == counts["rows_read"]
    assert json.loads((out / "run.json").read_text())["counts"] == counts
    rejected = rejected_rows(out)
    assert len(rejected) == counts["rejected"] and all(r["reason"] for r in rejected)
    assert pq.read_metadata(out / "assignments.parquet").num_rows == counts["accepted"]
    assert f"{counts['accounts']:,} accounts" in (out / "report.html").read_text(encoding="utf-8")
    assert not list(out.glob(".staging-*"))
    return counts


# -- extremes -----------------------------------------------------------------------------------------------------


def huge_prompt_log(path: Path) -> Path:
    """A 10 MB prompt among 40 ordinary requests, as JSONL or as CSV."""
    rows = [request(i, f"acct{i % 9}", organic(i)) for i in range(40)]
    rows.insert(17, request(999, "mallory", "please " * (TEN_MB // 7)))
    if path.suffix == ".jsonl":
        return write_jsonl(path, rows)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_a_10_mb_prompt_is_rejected_with_its_reason(tmp_path: Path, suffix: str) -> None:
    log = huge_prompt_log(tmp_path / f"log{suffix}")
    counts = assert_clear_summary(run_fake([log], tmp_path / "out", config(tmp_path)))
    assert (counts["rows_read"], counts["accepted"], counts["rejected"]) == (41, 40, 1)
    (rejected,) = rejected_rows(tmp_path / "out")
    assert rejected["reason"] == "text longer than 200000 characters" and rejected["request_id"] == "r999"
    assert rejected["raw_truncated"] and len(rejected["raw"]) == 20_000


def test_a_long_prompt_under_a_raised_cap_is_embedded_by_its_window(tmp_path: Path) -> None:
    rows = [request(i, f"acct{i % 9}", organic(i)) for i in range(40)] + [request(99, "a", "word " * 100_000)]
    cfg = config(tmp_path, max_text_chars=1_000_000)
    counts = assert_clear_summary(run_fake([write_jsonl(tmp_path / "log.jsonl", rows)], tmp_path / "out", cfg))
    assert counts["accepted"] == 41
    longest = max(len(t) for t in pq.read_table(tmp_path / "out" / "texts.parquet").column("text").to_pylist())
    assert longest == cfg.embed.head_chars + cfg.embed.tail_chars + len(" … ")


def test_many_one_character_prompts(tmp_path: Path) -> None:
    chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789éßжд字\u200b "
    rows = [request(i, f"acct{i % 997}", chars[i % len(chars)]) for i in range(ONE_CHAR_ROWS)]
    counts = assert_clear_summary(run_fake([write_jsonl(tmp_path / "log.jsonl", rows)], tmp_path / "out", config(tmp_path)))
    invisible = sum(1 for r in rows if not r["prompt"].strip("\u200b "))
    assert counts["rejected"] == invisible and counts["accepted"] == ONE_CHAR_ROWS - invisible
    assert {r["reason"] for r in rejected_rows(tmp_path / "out")} == {"empty prompt text"}
    assert counts["distinct_texts"] == len("abcdefghijklmnopqrstuvwxyz0123456789éßжд字")  # upper case hashes as lower


def test_one_account_with_half_of_all_traffic(tmp_path: Path) -> None:
    """One company's automation, however large, is one account: not a coordinated campaign."""
    rows = [request(i, "whale", templated(i)) for i in range(600)]
    rows += [request(600 + i, f"user{i % 150}", organic(i)) for i in range(600)]
    result = run_fake([write_jsonl(tmp_path / "log.jsonl", rows)], tmp_path / "out", config(tmp_path))
    counts = assert_clear_summary(result)
    assert (counts["accepted"], counts["accounts"]) == (1200, 151)
    whale = next(a for a in result.accounts.to_pylist() if a["account_id"] == "whale")
    assert whale["n_requests"] == 600 and not whale["flagged"]


def test_every_request_from_a_distinct_account(tmp_path: Path) -> None:
    rows = [request(i, f"acct{i}", templated(i) if i % 2 else organic(i)) for i in range(800)]
    result = run_fake([write_jsonl(tmp_path / "log.jsonl", rows)], tmp_path / "out", config(tmp_path))
    counts = assert_clear_summary(result)
    assert counts["accepted"] == counts["accounts"] == 800
    assert set(result.accounts.column("n_requests").to_pylist()) == {1}


@pytest.mark.parametrize("content", [b"", b"\n\n   \n"], ids=["empty", "blank lines"])
def test_empty_input(tmp_path: Path, content: bytes) -> None:
    log = tmp_path / "log.jsonl"
    log.write_bytes(content)
    counts = assert_clear_summary(run_fake([log], tmp_path / "out", config(tmp_path)))
    assert counts["rows_read"] == counts["accepted"] == counts["clusters"] == counts["accounts"] == 0
    assert "No flagged clusters." in (tmp_path / "out" / "report.html").read_text()


def test_all_rows_bad(tmp_path: Path) -> None:
    good = request(0, "a", "hello")
    lines = [
        b"{not json",
        b"\xff\xfe\x00",
        b"[1, 2]",
        orjson.dumps({k: v for k, v in good.items() if k != "request_id"}),
        orjson.dumps({k: v for k, v in good.items() if k != "account_id"}),
        orjson.dumps({**good, "timestamp": "soon"}),
        orjson.dumps({**good, "prompt": "\u200b\u202e "}),
        orjson.dumps({**good, "prompt": "x" * 200_001}),
    ]
    log = tmp_path / "log.jsonl"
    log.write_bytes(b"\n".join(lines))
    counts = assert_clear_summary(run_fake([log], tmp_path / "out", config(tmp_path)))
    assert (counts["rows_read"], counts["accepted"], counts["rejected"], counts["clusters"]) == (8, 0, 8, 0)
    assert [r["line"] for r in rejected_rows(tmp_path / "out")] == list(range(1, 9))


# -- faults -------------------------------------------------------------------------------------------------------


@pytest.fixture
def previous_run(tmp_path: Path) -> tuple[Path, Path, dict[str, bytes]]:
    """A finished run in OUT, a log for the next one, and every byte of OUT."""
    rows = [request(i, f"acct{i % 30}", templated(i) if i % 3 else organic(i)) for i in range(150)]
    log = write_jsonl(tmp_path / "log.jsonl", rows)
    out = tmp_path / "out"
    run_fake([log], out, config(tmp_path))
    return log, out, snapshot(out)


def snapshot(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


class DiskFull:
    """A module as seen by the code under test, except that call number `nth` of `name` fails with ENOSPC."""

    def __init__(self, module: ModuleType, name: str, nth: int) -> None:
        self._module, self._name, self._nth, self._calls = module, name, nth, 0

    def __getattr__(self, attr: str) -> object:
        real = getattr(self._module, attr)
        if attr != self._name:
            return real

        def call(*args: object, **kwargs: object) -> object:
            self._calls += 1
            if self._calls == self._nth:
                raise OSError(errno.ENOSPC, "No space left on device")
            return real(*args, **kwargs)

        return call


@pytest.mark.parametrize(
    ("where", "module", "name", "nth"),
    [
        ("a Parquet table", outputs, "pq", ("write_table", 2)),
        ("the centroids", outputs, "np", ("save", 1)),
        ("the report", render, "os", ("fsync", 1)),
        ("moving the finished run into place", outputs, "os", ("replace", 3)),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_full_disk_fails_in_one_line_and_keeps_the_previous_run(
    previous_run: tuple[Path, Path, dict[str, bytes]],
    monkeypatch: pytest.MonkeyPatch,
    where: str,
    module: ModuleType,
    name: str,
    nth: tuple[str, int],
) -> None:
    log, out, before = previous_run
    monkeypatch.setattr(module, name, DiskFull(getattr(module, name), *nth))
    with pytest.raises(OutputError) as failure:
        run_fake([log], out, config(out.parent))
    message = str(failure.value)
    assert "No space left on device" in message and "\n" not in message
    assert snapshot(out) == before


def test_full_disk_while_writing_run_json_keeps_the_previous_run(
    previous_run: tuple[Path, Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    log, out, before = previous_run
    real = Path.write_bytes

    def write_bytes(path: Path, data: bytes) -> int:
        if path.name == "run.json":
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(path, data)

    monkeypatch.setattr(Path, "write_bytes", write_bytes)
    with pytest.raises(OutputError, match="cannot write run.json .*No space left on device"):
        run_fake([log], out, config(out.parent))
    assert snapshot(out) == before


def test_full_disk_while_writing_rejected_rows_fails_in_one_line(
    previous_run: tuple[Path, Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    log, out, before = previous_run
    log.write_bytes(log.read_bytes() + b"{broken\n")  # one rejected row to write
    real = Path.open

    def open_(path: Path, mode: str = "r", *args: object, **kwargs: object):
        handle = real(path, mode, *args, **kwargs)
        if path.name != "rejected.jsonl" or "w" not in mode:
            return handle

        class Full:
            def write(self, data: bytes) -> int:
                raise OSError(errno.ENOSPC, "No space left on device")

            def close(self) -> None:
                handle.close()

        return Full()

    monkeypatch.setattr(Path, "open", open_)
    with pytest.raises(OutputError, match="^cannot write rejected.jsonl in .*: No space left on device$"):
        run_fake([log], out, config(out.parent))
    assert snapshot(out) == before


def test_full_disk_while_writing_the_vector_index_fails_in_one_line(
    previous_run: tuple[Path, Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    import faiss

    log, out, before = previous_run

    def write_index(*args: object) -> None:
        raise RuntimeError("Error in faiss::FileIOWriter::operator(): write error\n0 != 1 (No space left on device)")

    monkeypatch.setattr(faiss, "write_index", write_index)
    with pytest.raises(OutputError, match="^cannot write the vector index in .*No space left on device\\)$") as failure:
        run_fake([log], out, config(out.parent))
    assert "\n" not in str(failure.value)
    assert snapshot(out) == before


def test_a_failing_embedding_cache_fails_in_one_line(tmp_path: Path) -> None:
    import duckdb

    from embedcluster.embed import EmbeddingCache

    cache = EmbeddingCache(tmp_path / "cache", 4)

    class Full:
        """The cache's connection, except that statements fail as DuckDB does on a full disk."""

        def __init__(self, real: duckdb.DuckDBPyConnection) -> None:
            self.real = real

        def __getattr__(self, name: str) -> object:
            return getattr(self.real, name)

        def execute(self, *args: object) -> None:
            raise duckdb.IOException("IO Error: Could not write file: No space left on device\nmore detail")

        def sql(self, *args: object) -> None:
            raise duckdb.IOException("IO Error: Could not read file\nmore detail")

    cache._db = Full(cache._db)
    with pytest.raises(OutputError, match="^cannot write the embedding cache in .*: IO Error: Could not write file: No space left on device$"):
        cache.put(["k"], np.ones((1, 4), dtype=np.float32))
    with pytest.raises(OutputError, match="^cannot read the embedding cache in .*: IO Error: Could not read file$"):
        cache.get(["k"])
    cache._db.real.close()


def test_unwritable_output_directory_fails_in_one_line(tmp_path: Path) -> None:
    """A path under a regular file cannot be a directory, even for root."""
    log = write_jsonl(tmp_path / "log.jsonl", [request(0, "a", "hello")])
    blocker = tmp_path / "blocker"
    blocker.write_text("not a directory")
    with pytest.raises(OutputError, match="^cannot write to output directory .*blocker/out: Not a directory$"):
        run_fake([log], blocker / "out", config(tmp_path))
    result = CliRunner().invoke(cli.app, ["run", str(log), "--out", str(blocker / "out")])
    assert result.exit_code == 2
    # (the progress display, started before the failure, may leave one blank line)
    assert [line for line in result.stderr.splitlines() if line] == [f"error: cannot write to output directory {blocker / 'out'}: Not a directory"]
    assert blocker.read_text() == "not a directory"
