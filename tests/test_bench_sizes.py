"""The MinHash-LSH reference of scripts/bench_sizes.py: it must find what it is the reference for."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import orjson
from datasketch import MinHash, MinHashLSH
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from embedcluster.config import IngestConfig
from scripts.bench_sizes import JACCARD, PERMUTATIONS, _shingles, minhash_groups, table


def test_minhash_reference_groups_near_duplicates_and_leaves_the_rest(tmp_path: Path) -> None:
    frame = "please review the following python function for bugs and explain each fix you would make in detail"
    prompts = [f"{frame} {slot}" for slot in ("parse_dates", "merge_rows", "load_config")]
    other = "summarize this meeting transcript into action items with owners and due dates for the team"
    prompts += [f"{other} {slot}" for slot in ("monday", "friday")]
    prompts += ["what is the capital of mongolia", "write a haiku about autumn rain on a tin roof"]
    log = _log(tmp_path, prompts, b"not json\n")

    found = minhash_groups(log, IngestConfig())

    assert found["prompts"] == 7
    assert found["groups_of_two_or_more"] == 2
    assert found["largest_group"] == 3
    assert found["in_groups"] == 5


def test_minhash_groups_are_the_components_of_what_lsh_query_finds(tmp_path: Path) -> None:
    rng = random.Random(3)
    words = [f"w{i}" for i in range(400)]
    frames = [" ".join(rng.choices(words, k=24)) for _ in range(6)]
    prompts = [f"{rng.choice(frames)} {' '.join(rng.choices(words, k=rng.randint(1, 12)))}" for _ in range(150)]
    prompts += [" ".join(rng.choices(words, k=20)) for _ in range(50)]
    log = _log(tmp_path, prompts)

    signatures = MinHash.bulk([_shingles(p.lower()) for p in prompts], num_perm=PERMUTATIONS)
    lsh = MinHashLSH(threshold=JACCARD, num_perm=PERMUTATIONS)
    for i, signature in enumerate(signatures):
        lsh.insert(i, signature)
    pairs = [(i, j) for i, signature in enumerate(signatures) for j in lsh.query(signature)]
    graph = coo_matrix((np.ones(len(pairs)), tuple(zip(*pairs))), shape=(len(prompts), len(prompts)))
    sizes = np.bincount(connected_components(graph, directed=False)[1])

    found = minhash_groups(log, IngestConfig())

    assert found["groups_of_two_or_more"] == int((sizes >= 2).sum()) >= 6
    assert found["largest_group"] == int(sizes.max())
    assert found["in_groups"] == int(sizes[sizes >= 2].sum())


def test_a_size_run_without_the_reference_says_so_in_the_table() -> None:
    ours = {"counts": {"accepted": 10}, "wall_s": 2.0, "cpu_s": 3.0, "requests_per_s": 5.0, "peak_rss_gib": 1.0,
            "ingest_rows_per_s": 100.0, "stages_s": {"ingest": 0.1}, "per_campaign_recall": {},
            "detection": {k: 1.0 for k in ("roc_auc", "precision", "recall", "fpr")}}
    with_reference = {"minhash": {"wall_s": 1.0, "cpu_s": 1.0}, "ratio_to_minhash": {"wall": 2.0, "cpu": 3.0}}
    result = {"machine": "m", "warm_up_s": 1.0, "sizes": [
        {"requests": 10, "embedcluster": ours, **with_reference},
        {"requests": 20, "embedcluster": ours, "minhash": None, "ratio_to_minhash": None},
    ]}

    lines = {line.split(" | ")[0]: line for line in table(result).splitlines()}

    assert lines["| embedcluster / MinHash-LSH (wall, CPU)"].endswith("| 2.0x, 3.0x | not run |")


def _log(folder: Path, prompts: list[str], tail: bytes = b"") -> Path:
    log = folder / "log.jsonl"
    rows = [{"request_id": f"r{i}", "account_id": "a", "timestamp": 1_700_000_000 + i, "prompt": p} for i, p in enumerate(prompts)]
    log.write_bytes(b"\n".join(orjson.dumps(row) for row in rows) + b"\n" + tail)
    return log
