"""The demo log generator: deterministic, exact, realistic in shape, and honest about splits."""

from __future__ import annotations

import gzip
import hashlib
import itertools
import json
import re
import string
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from scripts.demo_logs.campaigns import CAMPAIGN_TEMPLATES
from scripts.demo_logs.accounts import MAIN, Planner
from scripts.demo_logs.hard import PASTES, POPULAR_FAMILIES, HardPlanner
from scripts.demo_logs.hard_tables import HARNESS_TASKS
from scripts.demo_logs.lookalikes import AUTOMATION_TEMPLATES, EVAL_TEMPLATES, HARNESS_SYSTEM, HARNESS_TOOLS, JAILBREAKS
from scripts.demo_logs.obfuscation import OBFUSCATION_STYLES, PERSONAS
from scripts.demo_logs.render import BAD_KINDS, UNREADABLE
from scripts.demo_logs.writer import generate, main

DAY = 86400.0



def _make(root: Path, split: str, size: int, seed: int = 11, **kwargs: Any) -> dict[str, Any]:
    paths = {"out": root / f"{split}.jsonl.gz", "labels": root / f"{split}_labels.parquet", "request_labels": root / f"{split}_requests.parquet"}
    counts = generate(seed, size, split=split, **paths, **kwargs)
    return {**paths, "counts": counts}


@pytest.fixture(scope="module")
def dev(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return _make(tmp_path_factory.mktemp("dev"), "dev", 6000)


@pytest.fixture(scope="module")
def holdout(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return _make(tmp_path_factory.mktemp("holdout"), "holdout", 4000)


def _raw_lines(path: Path) -> list[bytes]:
    data = gzip.open(path).read() if path.name.endswith(".gz") else path.read_bytes()
    assert data.endswith(b"\n")
    return data[:-1].split(b"\n")


def _rows(path: Path) -> list[dict[str, Any]]:
    rows = []
    for raw in _raw_lines(path):
        try:
            rows.append(json.loads(raw.decode("utf-8")))
        except (UnicodeDecodeError, json.JSONDecodeError):
            continue
    return rows


def _last_user_text(row: dict[str, Any]) -> str:
    if "prompt" in row:
        return row["prompt"]
    content = row["request"]["messages"][-1]["content"]
    return content if isinstance(content, str) else content[0]["text"]


def _epoch(stamp: Any) -> float:
    if isinstance(stamp, int):
        return stamp / 1000 if stamp > 10**11 else float(stamp)
    return datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    for name in ("a", "b"):
        generate(3, 1500, tmp_path / f"{name}.jsonl.gz", labels=tmp_path / f"{name}.parquet")
    generate(4, 1500, tmp_path / "c.jsonl.gz")
    assert (tmp_path / "a.jsonl.gz").read_bytes() == (tmp_path / "b.jsonl.gz").read_bytes()
    assert pq.read_table(tmp_path / "a.parquet").equals(pq.read_table(tmp_path / "b.parquet"))
    assert (tmp_path / "a.jsonl.gz").read_bytes() != (tmp_path / "c.jsonl.gz").read_bytes()


def test_pasted_context_lengthens_prompts_of_every_kind_and_leaves_the_rest_alone(tmp_path: Path) -> None:
    generate(3, 1500, tmp_path / "plain.jsonl", request_labels=tmp_path / "plain.parquet")
    generate(3, 1500, tmp_path / "long.jsonl", request_labels=tmp_path / "long.parquet", long_context=0.5)
    plain, long = _raw_lines(tmp_path / "plain.jsonl"), _raw_lines(tmp_path / "long.jsonl")
    assert sum(len(b) > len(a) + 600 for a, b in zip(plain, long)) >= 0.35 * len(plain)
    lengthened = {pq.read_table(tmp_path / "long.parquet").column("kind")[i].as_py()
                  for i, (a, b) in enumerate(zip(plain, long)) if len(b) > len(a) + 600 and i < 1400}
    assert {"organic", "campaign", "automation", "harness"} <= lengthened
    assert pq.read_table(tmp_path / "plain.parquet").equals(pq.read_table(tmp_path / "long.parquet"))


@pytest.mark.parametrize("size", [1, 7, 1234])
def test_exact_row_count(tmp_path: Path, size: int) -> None:
    counts = generate(5, size, tmp_path / "log.jsonl", bad_fraction=0.01)
    assert len(_raw_lines(tmp_path / "log.jsonl")) == size
    assert counts["rows"] == sum(counts["request_kinds"].values()) == size


def test_every_shape_and_timestamp_form(dev: dict[str, Any]) -> None:
    rows = _rows(dev["out"])
    seen: Counter[str] = Counter()
    for row in rows:
        stamp = row["timestamp"]
        if isinstance(stamp, int):
            seen["epoch_ms" if stamp > 10**11 else "epoch_s"] += 1
        elif stamp.endswith("Z"):
            seen["iso_z"] += 1
        elif re.search(r"[+-]\d\d:\d\d$", stamp):
            seen["iso_offset"] += 1
        if "prompt" in row:
            seen["flat"] += 1
            continue
        req = row["request"]
        messages = req["messages"]
        if messages[0]["role"] == "system":
            seen["openai_system"] += 1
        elif "max_tokens" in req:
            seen["anthropic"] += 1
            if "system" in req:
                seen["anthropic_system_" + type(req["system"]).__name__] += 1
        if any(m["role"] == "assistant" for m in messages):
            seen["multi_turn"] += 1
        seen["content_" + type(messages[-1]["content"]).__name__] += 1
        for tool in req.get("tools", []):
            seen["openai_tool" if tool.get("type") == "function" else "anthropic_tool"] += 1
    for key in ("iso_z", "iso_offset", "epoch_s", "epoch_ms", "flat", "anthropic", "openai_system",
                "anthropic_system_str", "anthropic_system_list", "multi_turn", "content_str", "content_list",
                "openai_tool", "anthropic_tool"):
        assert seen[key] > 0, key
    with_meta = sum("client_ip" in row or "user_agent" in row for row in rows) / len(rows)
    assert 0.6 < with_meta < 0.85


def test_labels_match_rows(dev: dict[str, Any]) -> None:
    labels = {r["account_id"]: r for r in pq.read_table(dev["labels"]).to_pylist()}
    requests = pq.read_table(dev["request_labels"]).to_pylist()
    rows = _rows(dev["out"])
    assert {r["account_id"] for r in rows if "account_id" in r} <= set(labels)
    assert {r["account_id"] for r in requests} <= set(labels)
    assert set(Counter(r["kind"] for r in labels.values())) == {"organic", "organic_coding", "automation", "harness", "jailbreak", "eval", "campaign"}
    for label in labels.values():
        assert label["is_campaign"] == (label["kind"] == "campaign") == bool(label["campaign"])
        assert label["split"] == "dev"
    # Request kinds agree with account kinds; campaign accounts also send ordinary cover prompts.
    for req in requests:
        account = labels[req["account_id"]]
        if req["kind"] == "campaign":
            assert account["campaign"] == req["campaign"] and req["gen_template"].startswith(req["campaign"] + ".")
        elif req["kind"] in ("organic", "organic_coding"):
            assert req["gen_template"] == "" and not req["obfuscated"]
        else:
            assert account["kind"] == req["kind"]
    # Campaign accounts are opened at most five days before their first request; others are old.
    first: dict[str, float] = {}
    created: dict[str, float] = {}
    last: dict[str, float] = {}
    for row in rows:
        if "account_id" not in row:
            continue
        try:
            stamp = _epoch(row["timestamp"])
        except ValueError:  # a malformed timestamp
            continue
        acct = row["account_id"]
        first[acct] = min(first.get(acct, stamp), stamp)
        last[acct] = max(last.get(acct, stamp), stamp)
        if "account_created_at" in row:
            created[acct] = _epoch(row["account_created_at"])
    ages = {a: (first[a] - created[a]) / DAY for a in created}
    campaign_ages = [age for a, age in ages.items() if labels[a]["is_campaign"]]
    assert campaign_ages and all(0 <= age <= 5.01 for age in campaign_ages)
    assert all(last[a] - first[a] <= 3.01 * DAY for a in first if labels[a]["is_campaign"])
    legit_ages = sorted(age for a, age in ages.items() if labels[a]["kind"] in ("automation", "harness", "jailbreak", "eval"))
    assert legit_ages and legit_ages[0] >= 30
    organic_ages = [age for a, age in ages.items() if labels[a]["kind"] == "organic"]
    assert sum(age >= 30 for age in organic_ages) / len(organic_ages) > 0.85


def _fixed_texts(part: str) -> list[str]:
    texts: list[str] = []
    for by_split in CAMPAIGN_TEMPLATES.values():
        for t in by_split.get(part, ()):
            texts += [t.user, t.system or ""] + [tool.description for tool in t.tools]
    for t in EVAL_TEMPLATES[part] + AUTOMATION_TEMPLATES[part]:
        texts += [t.user, t.system or ""]
    texts += [HARNESS_SYSTEM[part]] + [tool.description for tool in HARNESS_TOOLS[part]]
    return texts + list(JAILBREAKS[part]) + list(PERSONAS[part])


def _shingles(texts: list[str], k: int) -> set[tuple[str, ...]]:
    out: set[tuple[str, ...]] = set()
    for text in texts:
        for piece in re.split(r"\{\w+\}", text):  # literal text between slots
            words = [w.strip(string.punctuation) for w in piece.lower().split()]
            words = [w for w in words if w]
            out |= {tuple(words[i:i + k]) for i in range(len(words) - k + 1)}
    return out


def test_dev_and_holdout_share_no_text(dev: dict[str, Any], holdout: dict[str, Any]) -> None:
    assert not _shingles(_fixed_texts("dev"), 6) & _shingles(_fixed_texts("holdout"), 6)
    assert not set(OBFUSCATION_STYLES["dev"]) & set(OBFUSCATION_STYLES["holdout"])
    dev_req = pq.read_table(dev["request_labels"]).to_pylist()
    hold_req = pq.read_table(holdout["request_labels"]).to_pylist()
    dev_templates = {r["gen_template"] for r in dev_req} - {""}
    hold_templates = {r["gen_template"] for r in hold_req} - {""}
    assert dev_templates and hold_templates and not dev_templates & hold_templates
    # Holdout brings a campaign style and obfuscations that dev never shows.
    dev_campaigns = {r["campaign"] for r in dev_req} - {""}
    hold_campaigns = {r["campaign"] for r in hold_req} - {""}
    assert dev_campaigns == {"agentic", "coding", "planning", "reasoning", "stealth"}
    assert hold_campaigns - dev_campaigns >= {"data_analysis", "math_proof"}
    hold_styles = {s for r in hold_req for s in r["obfuscation"].split("+") if s}
    dev_styles = {s for r in dev_req for s in r["obfuscation"].split("+") if s}
    assert dev_styles <= set(OBFUSCATION_STYLES["dev"]) and hold_styles <= set(OBFUSCATION_STYLES["holdout"])
    assert {"foreign", "synonyms"} & hold_styles
    # The dev log contains none of holdout's fixed texts.
    dev_text = "\n".join(json.dumps(r, ensure_ascii=False) for r in _rows(dev["out"]))
    for text in (HARNESS_SYSTEM["holdout"][:200], *JAILBREAKS["holdout"]):
        assert json.dumps(text, ensure_ascii=False)[1:120] not in dev_text


def test_campaign_templates_have_two_to_four_slots() -> None:
    for by_split in CAMPAIGN_TEMPLATES.values():
        for templates in by_split.values():
            assert len(templates) >= 3
            for t in templates:
                assert 2 <= len(set(re.findall(r"\{(\w+)\}", t.user))) <= 4, t.id
    for text in HARNESS_SYSTEM.values():
        assert 500 <= len(text.split()) <= 1500


def test_bad_rows_of_every_kind(tmp_path: Path) -> None:
    path, req_path = tmp_path / "log.jsonl", tmp_path / "req.parquet"
    counts = generate(9, 600, path, request_labels=req_path, bad_fraction=0.05)
    assert set(counts["bad_rows"]) == set(BAD_KINDS)
    seen: Counter[str] = Counter()
    ids: Counter[str] = Counter()
    for raw in _raw_lines(path):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            seen["invalid_utf8"] += 1
            continue
        try:
            row = json.loads(text)
        except json.JSONDecodeError:
            seen["non_json"] += 1
            continue
        ids[row["request_id"]] += 1
        if "account_id" not in row:
            seen["missing_account"] += 1
        if not _last_user_text(row).strip():
            seen["empty_prompt"] += 1
        if isinstance(row["timestamp"], str):
            try:
                _epoch(row["timestamp"])
            except ValueError:
                seen["bad_timestamp"] += 1
    seen["duplicate_id"] = sum(n - 1 for n in ids.values())
    assert seen == Counter(counts["bad_rows"])
    requests = pq.read_table(req_path).to_pylist()
    assert len(requests) == 600 - seen["non_json"] - seen["invalid_utf8"]
    assert Counter(r["bad"] for r in requests if r["bad"]) == Counter({k: v for k, v in seen.items() if k not in UNREADABLE})


def _pair_share(texts: list[str], k: int = 8) -> float:
    """Share of text pairs that have at least one k-word run in common."""
    index: dict[tuple[str, ...], list[int]] = {}
    for i, text in enumerate(texts):
        words = text.lower().split()
        for shingle in {tuple(words[j:j + k]) for j in range(len(words) - k + 1)}:
            index.setdefault(shingle, []).append(i)
    pairs = {pair for ids in index.values() if len(ids) > 1 for pair in itertools.combinations(ids, 2)}
    return len(pairs) / (len(texts) * (len(texts) - 1) / 2)


def test_organic_prompts_are_diverse(dev: dict[str, Any]) -> None:
    rows = {r["request_id"]: r for r in _rows(dev["out"])}
    requests = pq.read_table(dev["request_labels"]).to_pylist()
    organic = [_last_user_text(rows[r["request_id"]]) for r in requests
               if r["kind"] in ("organic", "organic_coding") and not r["bad"] and r["request_id"] in rows][:2000]
    assert len(organic) == 2000
    assert _pair_share(organic) < 0.005
    lengths = sorted(len(t.split()) for t in organic)
    assert lengths[len(lengths) // 2] >= 8 and lengths[-1] >= 150
    # The same measure sees a campaign's template at once.
    coding = [_last_user_text(rows[r["request_id"]]) for r in requests
              if r["gen_template"] == "coding.d1" and r["request_id"] in rows][:100]
    assert _pair_share(coding) > 0.9


def test_cli_writes_log_and_labels(tmp_path: Path) -> None:
    code = main(["--seed", "2", "--size", "300", "--out", str(tmp_path / "x.jsonl"), "--labels",
                     str(tmp_path / "l.parquet"), "--split", "all", "--days", "2"])
    assert code == 0
    assert len(_raw_lines(tmp_path / "x.jsonl")) == 300
    assert set(pq.read_table(tmp_path / "l.parquet").column("split").to_pylist()) == {"all"}


# ---- hard traffic (--hard): popularity, harness users' common tasks, viral pastes, a sparse campaign ----

# sha256 of the uncompressed log, account labels and request labels of generate(7, 800, split=...), taken
# before hard traffic existed: --hard 0 must leave every log byte-identical.
PRE_HARD = {
    "dev": ("8f4906a6dc700d059218d8825a06c6e8760de0a9db41247854443474256c6c60",
            "2088bf626ad6a21ba657ceac3ffc09fd44fd84c4241bb69f596d26e7726335a4",
            "78c430bf4c243033c9d4edcbcbd515ac3cecc0ff6c392daf2165d845f1308872"),
    "holdout": ("34d5abdb8c98ab4132e8c9972d55b4565248ce08660417942dc48881e6d23102",
                "6550715c97ff55d5f4b66f2b6bc280ebde10957afc43602762ce3dc00fbb64c9",
                "62543d61b7c50f23c678b1b9c3cf6fa50c5a82c0ea7db178e595f6d288c91f5e"),
}


@pytest.mark.parametrize("split", ["dev", "holdout"])
def test_hard_zero_leaves_the_log_as_it_was(tmp_path: Path, split: str) -> None:
    out, labels, requests = tmp_path / "log.jsonl", tmp_path / "labels.parquet", tmp_path / "req.parquet"
    generate(7, 800, out, labels=labels, request_labels=requests, split=split, hard=0.0)
    digests = (hashlib.sha256(out.read_bytes()).hexdigest(),
               *(hashlib.sha256(repr(pq.read_table(p).to_pylist()).encode()).hexdigest() for p in (labels, requests)))
    assert digests == PRE_HARD[split]


@pytest.fixture(scope="module")
def hard_logs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    root = tmp_path_factory.mktemp("hard")
    return {split: _make(root, split, 20000, seed=7, hard=0.35, bad_fraction=0.0) for split in ("dev", "holdout")}


def _family_accounts(requests: list[dict[str, Any]], prefix: str) -> dict[str, Counter[str]]:
    """Per family (gen_template), how many of its requests each account sent."""
    out: dict[str, Counter[str]] = {}
    for r in requests:
        if r["gen_template"].startswith(prefix):
            out.setdefault(r["gen_template"], Counter())[r["account_id"]] += 1
    return out


def test_hard_traffic_takes_its_share_and_is_labelled(hard_logs: dict[str, dict[str, Any]]) -> None:
    for split, log in hard_logs.items():
        labels = {r["account_id"]: r for r in pq.read_table(log["labels"]).to_pylist()}
        requests = pq.read_table(log["request_labels"]).to_pylist()
        assert len(requests) == 20000
        kinds = Counter(labels[r["account_id"]]["kind"] for r in requests)
        sparse = sum(1 for r in requests if labels[r["account_id"]]["campaign"] == "stealth_sparse")
        hard = kinds["popular"] + kinds["harness_common"] + kinds["jailbreak_viral"] + sparse
        assert hard == round(20000 * 0.35), split
        for label in labels.values():
            assert label["is_campaign"] == (label["kind"] == "campaign") == bool(label["campaign"])
        for r in requests:
            if r["kind"] in ("popular", "harness_common", "jailbreak_viral"):
                assert labels[r["account_id"]]["kind"] == r["kind"]
            if r["campaign"] == "stealth_sparse":
                assert r["gen_template"].startswith("stealth_sparse.") and labels[r["account_id"]]["is_campaign"]


def test_popular_asks_spread_over_many_accounts_a_few_each(hard_logs: dict[str, dict[str, Any]]) -> None:
    requests = pq.read_table(hard_logs["dev"]["request_labels"]).to_pylist()
    labels = {r["account_id"]: r["kind"] for r in pq.read_table(hard_logs["dev"]["labels"]).to_pylist()}
    families = _family_accounts(requests, "popular.")
    assert len(families) >= 25
    assert max(len(accounts) for accounts in families.values()) >= 50
    per_account = sorted(n for accounts in families.values() for n in accounts.values())
    assert per_account[len(per_account) // 2] <= 3 and per_account[-1] <= 3
    # Popular people send other, ordinary traffic too, and their wordings differ.
    popular = [a for a, kind in labels.items() if kind == "popular"]
    sent = Counter(r["account_id"] for r in requests if labels[r["account_id"]] == "popular")
    assert sum(sent[a] > sum(f[a] for f in families.values()) for a in popular) > 0.4 * len(popular)
    rows = {r["request_id"]: r for r in _rows(hard_logs["dev"]["out"])}
    top = max(families, key=lambda f: len(families[f]))
    texts = [_last_user_text(rows[r["request_id"]]) for r in requests if r["gen_template"] == top][:200]
    assert len(set(texts)) > 0.5 * len(texts)  # short asks ("prove that root 2 is irrational") do recur verbatim


def test_dev_and_holdout_share_no_hard_phenomenon(hard_logs: dict[str, dict[str, Any]]) -> None:
    seen = {}
    for split, log in hard_logs.items():
        requests = pq.read_table(log["request_labels"]).to_pylist()
        seen[split] = {r["gen_template"] for r in requests
                       if r["gen_template"].split(".")[0] in ("popular", "harness_common", "jailbreak_viral")}
    assert {t for t in seen["dev"] if t.startswith("popular.")} and {t for t in seen["holdout"] if t.startswith("popular.")}
    assert not seen["dev"] & seen["holdout"]
    texts = {part: [p for f in POPULAR_FAMILIES[part] + HARNESS_TASKS[part] for p in f.phrasings] + [t for _, t in PASTES[part]]
             for part in ("dev", "holdout")}
    assert len(POPULAR_FAMILIES["dev"]) + len(POPULAR_FAMILIES["holdout"]) >= 60
    assert all(len(f.phrasings) >= 5 for part in POPULAR_FAMILIES.values() for f in part)
    assert not _shingles(texts["dev"], 6) & _shingles(texts["holdout"], 6)


def test_stealth_sparse_accounts_send_two_to_five_campaign_requests(hard_logs: dict[str, dict[str, Any]]) -> None:
    for split, log in hard_logs.items():
        labels = {r["account_id"]: r for r in pq.read_table(log["labels"]).to_pylist()}
        requests = pq.read_table(log["request_labels"]).to_pylist()
        accounts = {a for a, r in labels.items() if r["campaign"] == "stealth_sparse"}
        campaign = Counter(r["account_id"] for r in requests if r["campaign"] == "stealth_sparse")
        everything = Counter(r["account_id"] for r in requests if r["account_id"] in accounts)
        assert accounts and set(campaign) == accounts, split
        assert all(2 <= n <= 5 for n in campaign.values())
        assert sum(everything.values()) > 3 * sum(campaign.values())  # mostly cover traffic
        assert sum(bool(r["obfuscation"]) for r in requests if r["campaign"] == "stealth_sparse") > 0.7 * sum(campaign.values())


@pytest.mark.parametrize("split", ["dev", "holdout", "all"])
@pytest.mark.parametrize("size", [1, 2, 9, 3000])
def test_hard_plan_gives_every_planned_ask_one_request(split: str, size: int) -> None:
    base = Planner(7, split, 1.79e9, 3)
    base.plan(100)
    accounts, acct, ts, code = HardPlanner(7, split, 1.79e9, 3, base._ids).plan_hard(size)
    assert len(acct) == len(ts) == len(code) == size
    asked = Counter(acct[code == MAIN].tolist())
    assert all(asked[i] == len(a.asks) for i, a in enumerate(accounts))
    assert len({a.id for a in accounts} | {a.id for a in base.accounts}) == len(accounts) + len(base.accounts)
