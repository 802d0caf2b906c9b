"""The fast path (static bulk, transformer for clustering points) against the accurate path on one small log.

Both run the real stack. The static table finds near-duplicates lexically, so it
may join a few variants the transformer keeps apart, never the reverse; and it
must not accuse anyone the accurate path clears, nor miss anyone it flags.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest
from conftest import load_script
from sklearn.metrics import homogeneity_completeness_v_measure

from embedcluster.config import CONFIG_DIR, Config, load_config
from embedcluster.pipeline import run

pytestmark = pytest.mark.e2e

SMALL = {"min_cluster_size": 5, "min_samples": 3, "min_template_cluster_size": 8}


@pytest.fixture(scope="module")
def both_paths(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    base = tmp_path_factory.mktemp("paths")
    log, labels = base / "log.jsonl.gz", base / "labels.parquet"
    load_script("make_demo_logs").generate(seed=3, size=6000, out=log, labels=labels)
    fast = Config.model_validate({"embed": {"cache_dir": str(base / "cache")}, "clusters": SMALL})
    accurate = load_config(CONFIG_DIR / "accurate.yaml")
    accurate = accurate.model_copy(
        update={
            "embed": accurate.embed.model_copy(update={"cache_dir": base / "cache"}),
            "clusters": accurate.clusters.model_copy(update=SMALL),
        }
    )
    assert fast.embed.bulk == "static" and accurate.embed.bulk == "transformer"
    run([str(log)], base / "fast", fast)
    run([str(log)], base / "accurate", accurate)
    return labels, base / "fast", base / "accurate"


def test_every_template_the_accurate_path_finds_lies_within_one_fast_template(both_paths) -> None:
    _, fast, accurate = both_paths
    columns = ["request_id", "template_id"]
    fast_rows = pq.read_table(fast / "assignments.parquet", columns=columns).sort_by("request_id").to_pydict()
    accurate_rows = pq.read_table(accurate / "assignments.parquet", columns=columns).sort_by("request_id").to_pydict()
    assert fast_rows["request_id"] == accurate_rows["request_id"]
    homogeneity, completeness, _ = homogeneity_completeness_v_measure(
        accurate_rows["template_id"], fast_rows["template_id"]
    )
    assert completeness >= 0.95  # accurate templates are not split
    assert homogeneity >= 0.85  # and few are joined


def test_the_fast_path_flags_whom_the_accurate_path_flags_and_no_legitimate_account(both_paths) -> None:
    labels, fast, accurate = both_paths

    def flagged(out: Path) -> set[str]:
        return {r["account_id"] for r in pq.read_table(out / "accounts.parquet").to_pylist() if r["flagged"]}

    legitimate = {r["account_id"] for r in pq.read_table(labels).to_pylist() if not r["is_campaign"]}
    assert flagged(accurate) <= flagged(fast)
    assert not flagged(fast) & legitimate
    evaluate = load_script("evaluate").evaluate
    assert evaluate(labels, fast)["roc_auc"] >= evaluate(labels, accurate)["roc_auc"] - 0.03
