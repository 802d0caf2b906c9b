"""Investigations from the CLI on a small real run: human and JSON output, unknown ids, bad run directories,
read-only access, hostile text, and no torch for the account and cluster commands."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from embedcluster.cli import app
from embedcluster.config import Config
from embedcluster.errors import RunError
from embedcluster.investigate import account_report, split_slots
from embedcluster.pipeline import run
from embedcluster.store import STORE_FILE, open_run

pytestmark = pytest.mark.e2e

FRAME = (
    "You are an autonomous agent with shell and browser tools. Goal: build a {thing} in {lang}. "
    "Think step by step and explain your reasoning before each tool call, listing every assumption."
)
THINGS = ["web scraper", "fraud detector", "ETL job", "search service", "bank chatbot", "data lake", "inventory tracker"]
LANGS = ["Python", "Rust", "Go", "Java", "TypeScript"]
WORDS = "garden music health recipe sleep cloud budget movie history physics dog cat apple car river tax novel".split()
START = 1793577600  # 2026-11-02 00:00 UTC
CAMPAIGN = [f"camp{i}" for i in range(30)]
HOSTILE_ACCOUNT = "mallory\x1b[2J\x1b]8;;https://evil.example\x07"
HOSTILE_PROMPT = "[link=https://evil.example]click me[/link] [bold red]urgent[/bold red] café naïve 日本語 please summarise"


def _write_log(path: Path) -> None:
    """30 young accounts on shared networks sending one agentic frame, 80 ordinary users, one with hostile text."""
    rng = random.Random(5)
    rows = []
    for a, account in enumerate(CAMPAIGN):
        for j in range(6):
            rows.append(
                {
                    "request_id": f"c{a}-{j}",
                    "account_id": account,
                    "timestamp": START + 3600 * (a % 3) + 60 * a + 7 * j,
                    "prompt": FRAME.format(thing=rng.choice(THINGS), lang=rng.choice(LANGS)),
                    "account_created_at": "2026-10-30T00:00:00Z",
                    "client_ip": f"10.9.{a % 3}.{a}",
                }
            )
    for u in range(80):
        for j in range(3):
            words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 12)))
            rows.append(
                {
                    "request_id": f"o{u}-{j}",
                    "account_id": f"user{u}",
                    "timestamp": START + rng.randint(0, 3 * 86400),
                    "prompt": f"{words}?",
                    "client_ip": f"172.16.{u}.1",
                }
            )
    for j in range(3):
        words = " ".join(rng.choice(WORDS) for _ in range(8))
        prompt = f"{words}? {HOSTILE_PROMPT}"
        rows.append({"request_id": f"m-{j}", "account_id": HOSTILE_ACCOUNT, "timestamp": START + 500 * j, "prompt": prompt})
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("investigate")
    _write_log(base / "log.jsonl")
    config = Config.model_validate(
        {
            "embed": {"cache_dir": str(base / "cache")},
            "clusters": {"min_cluster_size": 5, "min_samples": 3, "min_template_cluster_size": 8},
        }
    )
    run([str(base / "log.jsonl")], base / "out", config)
    return base / "out"


@pytest.fixture(scope="module")
def campaign_cluster(run_dir: Path) -> int:
    with open_run(run_dir) as store:
        return account_report(store, "camp3").clusters[0].cluster_id


def cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def as_json(*args: str) -> dict:
    code, out, err = cli(*args, "--json")
    assert code == 0, err
    return json.loads(out)


# -- investigate ------------------------------------------------------------------------------------------------


def test_investigate_shows_the_account_its_cluster_ring_activity_and_prompts(run_dir: Path) -> None:
    code, out, err = cli("investigate", "camp3", "--run", str(run_dir))
    assert code == 0, err
    for expected in ("Account camp3", "flagged", "Reasons", "Clusters", "Sibling accounts", "per day", "per hour"):
        assert expected in out
    assert "camp4" in out  # a sibling
    assert "build a «" in out and "» in «" in out  # slot values set apart from the frame


def test_investigate_json(run_dir: Path, campaign_cluster: int) -> None:
    report = as_json("investigate", "camp3", "--run", str(run_dir))
    assert report["account_id"] == "camp3" and report["n_requests"] == 6 and report["flagged"]
    assert report["reasons"] and report["ring_id"] >= 0
    assert [c["cluster_id"] for c in report["clusters"]] == [campaign_cluster]
    assert sum(c["share"] for c in report["clusters"]) == pytest.approx(1.0)
    siblings = {s["account_id"]: s for s in report["siblings"]}
    assert set(siblings) <= set(CAMPAIGN) - {"camp3"} and len(siblings) >= 20
    assert all(s["overlap"] == pytest.approx(1.0) and s["shared_clusters"] == [campaign_cluster] for s in siblings.values())
    overlaps = [s["overlap"] for s in report["siblings"]]
    assert overlaps == sorted(overlaps, reverse=True)
    timeline = report["timeline"]
    assert len(timeline["hours"]) == 24 and sum(timeline["hours"]) == 6
    assert sum(d["n_requests"] for d in timeline["days"]) == 6
    texts = dict(zip(*pq.read_table(run_dir / "assignments.parquet", columns=["request_id", "text_id"]).to_pydict().values()))
    stored = pq.read_table(run_dir / "texts.parquet").column("text").to_pylist()
    for example in report["examples"]:
        assert "".join(s["text"] for s in example["segments"]) == stored[texts[example["request_id"]]]
        slots = [s["text"] for s in example["segments"] if s["slot"]]
        assert slots and all(any(slot in thing for thing in THINGS + LANGS) for slot in slots)


def test_investigate_html_is_a_self_contained_page(run_dir: Path, tmp_path: Path) -> None:
    page = tmp_path / "case.html"
    code, _, err = cli("investigate", "camp3", "--run", str(run_dir), "--html", str(page))
    assert code == 0, err
    text = page.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and "Content-Security-Policy" in text
    assert "<script" not in text and "http" not in text.replace("http-equiv", "")
    assert "Sibling accounts" in text and '<mark class="slot">' in text and "camp4" in text


def test_hostile_account_and_prompt_print_literally(run_dir: Path, tmp_path: Path) -> None:
    code, out, err = cli("investigate", HOSTILE_ACCOUNT, "--run", str(run_dir), "--html", str(tmp_path / "m.html"))
    assert code == 0, err
    assert "\x1b" not in out and "\x07" not in out
    assert "mallory" in out and "[link=https://evil.example]click me[/link]" in out and "日本語" in out
    page = (tmp_path / "m.html").read_text(encoding="utf-8")
    assert "\x1b" not in page and "日本語" in page and "<link" not in page


# -- cluster ----------------------------------------------------------------------------------------------------


def test_cluster_shows_template_accounts_activity_and_neighbours(run_dir: Path, campaign_cluster: int) -> None:
    code, out, err = cli("cluster", str(campaign_cluster), "--run", str(run_dir))
    assert code == 0, err
    for expected in (f"Cluster {campaign_cluster}", "Template", "build a «» in", "Capability scores",
                     "Accounts", "camp0", "Nearest clusters", "per hour"):  # fmt: skip
        assert expected in out


def test_cluster_json(run_dir: Path, campaign_cluster: int) -> None:
    report = as_json("cluster", str(campaign_cluster), "--run", str(run_dir))
    assert report["cluster_id"] == campaign_cluster and report["flagged"] and report["size"] == 180
    assert "<slot>" in report["template"] and report["example_slot_values"]
    scores = list(report["capability_scores"].values())
    assert scores == sorted(scores, reverse=True) and report["capability"] == "agentic"
    volumes = [a["n_requests"] for a in report["accounts"]]
    assert volumes == sorted(volumes, reverse=True) and {a["account_id"] for a in report["accounts"]} <= set(CAMPAIGN)
    assert sum(report["timeline"]["hours"]) == 180
    nearest = [n["cluster_id"] for n in report["nearest"]]
    assert campaign_cluster not in nearest
    sims = [n["similarity"] for n in report["nearest"]]
    assert sims == sorted(sims, reverse=True)


# -- similar ----------------------------------------------------------------------------------------------------


def test_similar_to_a_request(run_dir: Path) -> None:
    code, out, err = cli("similar", "--request-id", "c3-2", "--run", str(run_dir), "-k", "5")
    assert code == 0, err
    assert "Nearest stored prompts" in out and "request c3-2 of account camp3" in out and "Goal: build a" in out
    report = as_json("similar", "--request-id", "c3-2", "--run", str(run_dir), "-k", "5")
    assert report["account_id"] == "camp3" and len(report["hits"]) == 5
    sims = [h["similarity"] for h in report["hits"]]
    assert sims == sorted(sims, reverse=True) and sims[1] > 0.7
    own = report["hits"][0]  # the request's own prompt, with every account that sent it
    assert own["text"] == report["query"] and own["similarity"] == pytest.approx(1.0, abs=1e-5) and "camp3" in own["accounts"]
    assert all(set(h["accounts"]) <= set(CAMPAIGN) and h["n_requests"] >= 1 for h in report["hits"])


def test_similar_to_a_text_normalizes_and_embeds_it_as_the_run_did(run_dir: Path) -> None:
    stored = as_json("similar", "--request-id", "c3-2", "--run", str(run_dir), "-k", "1")["query"]
    disguised = stored.replace("agent", "\u0430gent").replace("browser", "brow\u200bser")  # Cyrillic a, zero-width space
    report = as_json("similar", disguised, "--run", str(run_dir), "-k", "3")
    assert report["request_id"] is None and report["query"] == stored
    assert len(report["hits"]) == 3 and report["hits"][0]["text"] == stored
    assert report["hits"][0]["similarity"] > 0.99 and report["hits"][0]["cluster_flagged"]
    code, out, err = cli("similar", disguised, "--run", str(run_dir), "-k", "3")
    assert code == 0, err
    assert "this text, as embedded" in out and "1. 1.000" in out


def test_similar_needs_exactly_one_query(run_dir: Path) -> None:
    assert cli("similar", "--run", str(run_dir))[0] == 2
    assert cli("similar", "some text", "--request-id", "c3-2", "--run", str(run_dir))[0] == 2


# -- errors -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "start", "suggested"),
    [
        (("investigate", "camp3x"), "error: unknown account 'camp3x'", "'camp3'"),
        (("cluster", "999"), "error: unknown cluster 999", "closest: "),
        (("similar", "--request-id", "c3-99"), "error: unknown request 'c3-99'", "'c3-"),
    ],
)
def test_unknown_ids_fail_in_one_line_with_suggestions(run_dir: Path, args: tuple[str, ...], start: str, suggested: str) -> None:
    code, out, err = cli(*args, "--run", str(run_dir))
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert err.startswith(start) and suggested in err


def test_unknown_account_suggests_the_closest_ids(run_dir: Path) -> None:
    with open_run(run_dir) as store, pytest.raises(RunError) as caught:
        account_report(store, "CAMP3")
    assert caught.value.suggestions[0] == "camp3"


@pytest.fixture
def copied_run(run_dir: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "copy"
    shutil.copytree(run_dir, copy)
    return copy


def _one_line_error(run: Path) -> str:
    code, out, err = cli("investigate", "camp3", "--run", str(run))
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
    return err.strip()


def test_missing_run_directory(tmp_path: Path) -> None:
    assert _one_line_error(tmp_path / "nope") == f"error: run directory not found: {tmp_path / 'nope'}"


def test_unfinished_run_directory(copied_run: Path) -> None:
    (copied_run / "run.json").unlink()
    assert _one_line_error(copied_run) == f"error: {copied_run} is not a finished embedcluster run (no run.json)"


def test_run_from_another_store_version(copied_run: Path) -> None:
    with duckdb.connect(str(copied_run / STORE_FILE)) as con:
        con.execute("UPDATE meta SET value = '0' WHERE key = 'store_version'")
    message = _one_line_error(copied_run)
    assert "store version 0" in message and "run `embedcluster run` again" in message


def test_run_from_before_the_lookup_database(copied_run: Path) -> None:
    (copied_run / STORE_FILE).unlink()
    message = _one_line_error(copied_run)
    assert "no lookup database" in message and "run `embedcluster run` again" in message


# -- read-only and lazy imports ---------------------------------------------------------------------------------


def _snapshot(directory: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(directory)): (p.stat().st_size, p.stat().st_mtime_ns) for p in directory.rglob("*")}


def test_investigations_never_change_the_run(run_dir: Path, campaign_cluster: int) -> None:
    before = _snapshot(run_dir)
    cli("investigate", "camp3", "--run", str(run_dir))
    cli("cluster", str(campaign_cluster), "--run", str(run_dir), "--json")
    cli("similar", "--request-id", "c3-2", "--run", str(run_dir))
    cli("investigate", "nobody", "--run", str(run_dir))
    assert _snapshot(run_dir) == before
    with open_run(run_dir) as store, pytest.raises(duckdb.Error, match="read-only"):
        store.con.execute("DELETE FROM accounts")
    assert _snapshot(run_dir) == before


def test_account_and_cluster_commands_do_not_import_the_model(run_dir: Path, campaign_cluster: int) -> None:
    script = (
        "import json, sys\n"
        "from typer.testing import CliRunner\n"
        "from embedcluster.cli import app\n"
        f"for args in (['investigate', 'camp3'], ['cluster', '{campaign_cluster}']):\n"
        f"    assert CliRunner().invoke(app, [*args, '--run', {str(run_dir)!r}]).exit_code == 0\n"
        "print(json.dumps(sorted(m for m in ('torch', 'sentence_transformers', 'transformers') if m in sys.modules)))\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == []


def test_every_investigation_command_has_examples_in_its_help() -> None:
    for command in ("investigate", "cluster", "similar"):
        code, out, _ = cli(command, "--help")
        assert code == 0 and "Examples" in out and f"embedcluster {command} " in out


def test_split_slots_keeps_the_text_and_sets_apart_what_varies() -> None:
    template = "Goal: build a <slot> in <slot>. Think step by step."
    text = "Goal: build a fraud  detector in Rust. Think step by step."
    segments = split_slots(text, template)
    assert "".join(s.text for s in segments) == text
    assert [s.text for s in segments if s.slot] == ["fraud  detector", "Rust"]
    assert split_slots("something else entirely", template)[0].slot is False
    assert split_slots(text, None) == split_slots(text, "no slots here")
