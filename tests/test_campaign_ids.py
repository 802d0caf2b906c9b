"""Campaign ids on the real stack: three nights of a generated log whose campaigns grow night by night.

A request keeps its campaign id while HDBSCAN re-cuts the campaign; two
campaigns that a coarse first night put in one cluster come apart under
different ids once a later night separates them; every output, `assign` and
`serve` carry the same ids; `embedcluster lineage` shows a campaign's clusters.
"""

from __future__ import annotations

import collections
import json
import shutil
import urllib.request
from pathlib import Path

import duckdb
import orjson
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

import embedcluster
from embedcluster.cli import app
from embedcluster.config import Config
from embedcluster.embed import make_embedders
from embedcluster.lineage import campaign_lineage
from embedcluster.nightly import run_night
from embedcluster.serve import create_app
from scripts.demo_logs.writer import generate
from scripts.split_log_by_day import split_by_day
from tests.test_serve import running

pytestmark = pytest.mark.e2e
MIN_REQUESTS = 15  # campaigns with fewer clustered requests on night 1 are too small to judge a share on


class Grown:
    """One log, three days, run as three nights (default config) and as two (a coarse first night, then default)."""

    def __init__(self, base: Path) -> None:
        log = base / "log.jsonl"
        generate(seed=13, size=4500, out=log, labels=base / "accounts.parquet", request_labels=base / "requests.parquet", days=3)
        self.days = split_by_day(log, base / "days")
        rows = pq.read_table(base / "requests.parquet").to_pylist()
        self.labels = {r["request_id"]: r["campaign"] if r["kind"] == "campaign" else "" for r in rows}
        self.config = Config.model_validate({"embed": {"cache_dir": str(base / "cache")}})
        self.embedder, self.point_embedder = make_embedders(self.config.embed)
        self.state = base / "state"
        self.nights = [self._night(self.state, [day], self.config) for day in self.days]
        self.generation = self._generation(self.state)
        coarse = Config.model_validate({**self.config.model_dump(mode="json"), "clusters": {"min_cluster_size": 60}})
        self.lumped_state = base / "lumped"
        self.lumped = [self._night(self.lumped_state, self.days[:1], coarse),
                       self._night(self.lumped_state, self.days[1:], self.config)]

    def _night(self, state: Path, days: list[Path], config: Config) -> list[dict]:
        result = run_night([str(d) for d in days], state, config, embedder=self.embedder, point_embedder=self.point_embedder)
        return pq.read_table(result.generation / "assignments.parquet").to_pylist()

    @staticmethod
    def _generation(state: Path) -> Path:
        return state / json.loads((state / "CURRENT").read_text())["generation"]

    def owned_rows(self, night: list[dict]) -> dict[str, list[dict]]:
        """Each campaign's requests in the clusters where it is the largest campaign: a stealthy campaign's requests
        disguised inside another campaign's cluster are that campaign's, and no grouping can give them their own id."""
        rows = self.campaign_rows(night)
        by_cluster: dict[int, collections.Counter] = collections.defaultdict(collections.Counter)
        for campaign, mine in rows.items():
            for row in mine:
                by_cluster[row["cluster_id"]][campaign] += 1
        owner = {c: counts.most_common(1)[0][0] for c, counts in by_cluster.items()}
        return {c: [r for r in mine if owner[r["cluster_id"]] == c] for c, mine in rows.items()}

    def campaign_rows(self, night: list[dict], clustered: bool = True) -> dict[str, list[dict]]:
        """Each campaign's requests of a night (those in a cluster, unless `clustered` is False)."""
        out: dict[str, list[dict]] = collections.defaultdict(list)
        for row in night:
            if (row["cluster_id"] >= 0 or not clustered) and self.labels.get(row["request_id"]):
                out[self.labels[row["request_id"]]].append(row)
        return out


def _rows(path: Path, limit: int) -> list[dict]:
    """The first `limit` readable JSON rows of a day file (the generator also writes broken lines)."""
    rows = []
    for line in path.read_bytes().splitlines()[:limit]:
        try:
            rows.append(orjson.loads(line))
        except orjson.JSONDecodeError:
            continue
    return [r for r in rows if isinstance(r, dict)]


@pytest.fixture(scope="module")
def grown(tmp_path_factory: pytest.TempPathFactory) -> Grown:
    return Grown(tmp_path_factory.mktemp("campaign_ids"))


def test_night_1_requests_keep_their_campaign_id_on_night_3_as_campaigns_grow(grown: Grown) -> None:
    """Judged on the requests each campaign sent into its own clusters on night 1: a stealthy campaign's requests
    disguised in another campaign's cluster carry that one's id until a later night splits them off, and then they
    must change it (the split test below)."""
    first, later = grown.owned_rows(grown.nights[0]), {r["request_id"]: r for r in grown.nights[2]}
    sizes = [{c: len(rows) for c, rows in grown.campaign_rows(grown.nights[n], clustered=False).items()} for n in (0, 2)]
    judged = {c: rows for c, rows in first.items() if len(rows) >= MIN_REQUESTS}
    assert len(judged) >= 3
    for campaign, rows in judged.items():
        assert sizes[1][campaign] >= 2 * sizes[0][campaign], campaign  # night 3's window holds twice night 1's or more
        same = sum(later[r["request_id"]]["campaign_id"] == r["campaign_id"] for r in rows)
        assert same >= 0.95 * len(rows), (campaign, same, len(rows))


def test_two_campaigns_one_cluster_on_a_coarse_night_get_different_ids_once_split(grown: Grown) -> None:
    first = grown.campaign_rows(grown.lumped[0])
    by_cluster: dict[int, set[str]] = collections.defaultdict(set)
    for campaign, rows in first.items():
        top = collections.Counter(r["cluster_id"] for r in rows).most_common(1)[0]
        if top[1] >= MIN_REQUESTS:
            by_cluster[top[0]].add(campaign)
    lumped = [sorted(campaigns) for campaigns in by_cluster.values() if len(campaigns) >= 2]
    assert lumped, "the coarse night put no two campaigns in one cluster"
    later = grown.owned_rows(grown.lumped[1])
    for campaigns in lumped:
        ids = {c: collections.Counter(r["campaign_id"] for r in later[c]).most_common(1)[0][0] for c in campaigns if later[c]}
        assert len(ids) >= 2 and len(set(ids.values())) == len(ids), ids
        split_off = [campaign_lineage(grown.lumped_state, i) for i in ids.values()]
        reasons = [e.reason for report in split_off if report for e in report.events if e.event == "split_off"]
        assert any("another campaign" in r and "shared accounts" in r for r in reasons), reasons


def test_outputs_assign_and_serve_carry_the_same_campaign_ids(grown: Grown) -> None:
    gen = grown.generation
    clusters = {r["cluster_id"]: r["campaign_id"] for r in pq.read_table(gen / "clusters.parquet").to_pylist()}
    assigned = grown.nights[2]
    assert all(r["campaign_id"] == clusters.get(r["cluster_id"], -1) for r in assigned)
    accounts = pq.read_table(gen / "accounts.parquet").to_pylist()
    assert all(a["top_campaign_ids"] == list(dict.fromkeys(clusters[c] for c in a["top_cluster_ids"])) for a in accounts)
    texts = pq.read_table(gen / "texts.parquet").to_pylist()
    assert all(t["campaign_id"] == clusters.get(t["cluster_id"], -1) for t in texts)

    rows = _rows(grown.days[2], 200)
    stored = {r["request_id"]: r["campaign_id"] for r in assigned}
    answers = list(embedcluster.assign(rows, state=grown.state, config=grown.config, embedder=grown.embedder))
    matched = [a for a in answers if a.get("request_id") in stored and "error" not in a]
    assert len(matched) >= 150 and any(a["campaign_id"] >= 0 for a in matched)
    assert all(a["campaign_id"] == stored[a["request_id"]] for a in matched)

    service = create_app(grown.state, grown.config, embedder=grown.embedder, workers=1)
    with running(service) as (host, port):
        request = urllib.request.Request(
            f"http://{host}:{port}/assign", data=orjson.dumps({"requests": rows[:50]}),
            headers={"Content-Type": "application/json"},
        )
        served = orjson.loads(urllib.request.urlopen(request, timeout=120).read())["results"]
    assert [s.get("campaign_id") for s in served] == [a.get("campaign_id") for a in answers[:50]]


def test_lineage_shows_a_campaign_s_clusters_night_by_night(grown: Grown) -> None:
    rows = grown.campaign_rows(grown.nights[2])
    campaign = max(rows, key=lambda c: len(rows[c]))
    campaign_id = collections.Counter(r["campaign_id"] for r in rows[campaign]).most_common(1)[0][0]
    report = campaign_lineage(grown.state, campaign_id)
    assert report is not None and report.status == "active"
    assert [n.night for n in report.nights] == [1, 2, 3]
    assert report.events[0].event == "founded" and report.events[0].cluster_id == campaign_id
    shown = CliRunner().invoke(app, ["lineage", str(campaign_id), "--state", str(grown.state)])
    assert shown.exit_code == 0, shown.output
    assert f"campaign {campaign_id}: active" in shown.output and "requests in clusters" in shown.output


def test_a_state_written_before_campaign_ids_gains_them_on_its_next_night(grown: Grown, tmp_path: Path) -> None:
    old = tmp_path / "old"
    shutil.copytree(grown.lumped_state, old)
    with duckdb.connect(str(Grown._generation(old) / "state.duckdb")) as con:
        con.execute("DROP TABLE campaign_events; DROP TABLE campaign_clusters; ALTER TABLE clusters DROP COLUMN campaign_id")
    again = tmp_path / "again.jsonl"  # day 3 once more under new request ids: a night with work to do
    again.write_bytes(grown.days[2].read_bytes().replace(b'"req_', b'"again_'))
    rows = grown._night(old, [again], grown.config)
    assert any(r["campaign_id"] >= 0 for r in rows)
    assert all((r["campaign_id"] >= 0) == (r["cluster_id"] >= 0) for r in rows)
    with duckdb.connect(str(Grown._generation(old) / "state.duckdb"), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM clusters WHERE campaign_id IS NULL").fetchall() == [(0,)]
