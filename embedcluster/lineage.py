"""History in a nightly state: a cluster's (born, split from, merged into) and its campaign's clusters night by night."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from rich.console import Group
from rich.table import Table

from embedcluster.errors import RunError
from embedcluster.state import STATE_DB, StateDir
from embedcluster.statedb import StateDB


@dataclass(frozen=True)
class LineageRow:
    night: int
    date: str  # the day the night's window ended on (UTC)
    event: str  # born | split | merged | revived
    cluster_id: int
    other_id: int | None
    share: float


@dataclass(frozen=True)
class LineageReport:
    cluster_id: int
    status: str  # active | merged
    born_night: int
    last_night: int
    merged_into: int | None
    template: str
    events: list[LineageRow] = field(default_factory=list)


def cluster_lineage(state_dir: Path, cluster_id: int) -> LineageReport:
    """Every lineage event naming the cluster, as the cluster itself or as the other side."""
    generation = StateDir(state_dir).require_current()
    db = StateDB(generation.path / STATE_DB, read_only=True)
    try:
        found = db.con.execute(
            "SELECT status, born_night, last_night, merged_into, template FROM clusters WHERE cluster_id = ?",
            [cluster_id],
        ).fetchall()
        if not found:
            known = [str(c) for (c,) in db.con.execute(
                "SELECT cluster_id FROM clusters ORDER BY abs(cluster_id - ?) LIMIT 5", [cluster_id]
            ).fetchall()]
            raise RunError(f"cluster {cluster_id} is not in state {state_dir}; closest: {', '.join(known) or 'none'}", tuple(known))
        status, born, last, merged_into, template = found[0]
        rows = db.con.execute(
            """SELECT l.night, n.summary->>'$.window.end_ms' AS end_ms, l.event, l.cluster_id, l.other_id, l.share
               FROM lineage l LEFT JOIN nights n USING (night)
               WHERE l.cluster_id = $c OR l.other_id = $c ORDER BY l.night, l.event, l.cluster_id""",
            {"c": cluster_id},
        ).fetchall()
    finally:
        db.close()
    events = [
        LineageRow(int(night), _day(end_ms), event, int(c), None if other is None else int(other), float(share))
        for night, end_ms, event, c, other, share in rows
    ]
    return LineageReport(cluster_id, status, int(born), int(last), merged_into, template or "", events)


def _day(end_ms: str | None) -> str:
    return "" if end_ms is None else datetime.fromtimestamp(int(end_ms) / 1000, timezone.utc).strftime("%Y-%m-%d")


_DESCRIBE = {
    "born": lambda r: f"cluster {r.cluster_id} first seen",
    "revived": lambda r: f"cluster {r.cluster_id} active again (centroid matched)",
    "split": lambda r: f"cluster {r.cluster_id} split from {r.other_id} ({r.share:.0%} of it came from {r.other_id})",
    "merged": lambda r: f"cluster {r.cluster_id} merged into {r.other_id} ({r.share:.0%} of its traffic)",
}


def _night_table(title: str, last_column: str, rows: Iterable[tuple[int, str, str]]) -> Table:
    """A history as a terminal table: night, day, what happened."""
    table = Table(title=title, show_header=True)
    for name in ("night", "day", last_column):
        table.add_column(name)
    for night, day, text in rows:
        table.add_row(str(night), day, text)
    return table


def lineage_table(report: LineageReport) -> Table:
    """The history as a terminal table, oldest first."""
    merged = f", merged into {report.merged_into}" if report.merged_into is not None else ""
    title = f"cluster {report.cluster_id}: {report.status}{merged}; nights {report.born_night}-{report.last_night}"
    return _night_table(title, "event", ((row.night, row.date, _DESCRIBE[row.event](row)) for row in report.events))


@dataclass(frozen=True)
class CampaignNight:
    night: int
    date: str
    requests: int
    clusters: list[int]  # the campaign's clusters that night, largest first


@dataclass(frozen=True)
class CampaignRow:
    night: int
    date: str
    event: str  # founded | joined | split_off | merged
    campaign_id: int
    cluster_id: int | None
    other_id: int | None
    reason: str


@dataclass(frozen=True)
class CampaignReport:
    campaign_id: int
    status: str  # active | inactive | merged
    merged_into: int | None
    absorbed: list[int]  # campaigns that merged into this one; their nights are shown with it
    nights: list[CampaignNight] = field(default_factory=list)
    events: list[CampaignRow] = field(default_factory=list)


@dataclass(frozen=True)
class Lineage:
    """What `embedcluster lineage ID` shows: the cluster with that id and the campaign it founded, where they exist."""

    cluster: LineageReport | None
    campaign: CampaignReport | None


def lineage(state_dir: Path, some_id: int) -> Lineage:
    """The cluster `some_id` and the campaign `some_id` (founded by that cluster); one of them at least must exist."""
    try:
        cluster = cluster_lineage(state_dir, some_id)
    except RunError as missing:
        campaign = campaign_lineage(state_dir, some_id)
        if campaign is None:
            raise missing from None
        return Lineage(None, campaign)
    return Lineage(cluster, campaign_lineage(state_dir, some_id))


def campaign_lineage(state_dir: Path, campaign_id: int) -> CampaignReport | None:
    """The campaign's clusters night by night and its events (founded, joined, split off, merged); None if unknown."""
    generation = StateDir(state_dir).require_current()
    db = StateDB(generation.path / STATE_DB, read_only=True)
    try:
        tables = {name for (name,) in db.con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        if "campaign_events" not in tables or "campaign_clusters" not in tables:
            return None
        merges = db.con.execute("SELECT campaign_id, other_id FROM campaign_events WHERE event = 'merged'").fetchall()
        family = _absorbed(campaign_id, merges)
        nights = db.con.execute(
            """SELECT c.night, n.summary->>'$.window.end_ms', sum(c.requests), list(c.cluster_id ORDER BY c.requests DESC, c.cluster_id)
               FROM campaign_clusters c LEFT JOIN nights n USING (night)
               WHERE list_contains($f, c.campaign_id) GROUP BY c.night, n.summary->>'$.window.end_ms' ORDER BY c.night""",
            {"f": sorted(family)},
        ).fetchall()
        events = db.con.execute(
            """SELECT e.night, n.summary->>'$.window.end_ms', e.event, e.campaign_id, e.cluster_id, e.other_id, e.reason
               FROM campaign_events e LEFT JOIN nights n USING (night)
               WHERE list_contains($f, e.campaign_id) OR (e.event != 'joined' AND list_contains($f, e.other_id))
               ORDER BY e.night, e.event, e.cluster_id""",
            {"f": sorted(family)},
        ).fetchall()
        last_night = db.con.execute("SELECT max(night) FROM campaign_clusters").fetchall()[0][0]
    finally:
        db.close()
    if not nights and not events:
        return None
    merged_into = next((int(other) for c, other in merges if c == campaign_id), None)
    active = bool(nights) and nights[-1][0] == last_night
    status = "merged" if merged_into is not None else "active" if active else "inactive"
    return CampaignReport(
        campaign_id, status, merged_into, sorted(family - {campaign_id}),
        [CampaignNight(int(n), _day(end), int(size), [int(c) for c in members]) for n, end, size, members in nights],
        [CampaignRow(int(n), _day(end), ev, int(k), _int(c), _int(o), reason) for n, end, ev, k, c, o, reason in events],
    )


def _absorbed(campaign_id: int, merges: list[tuple[int, int]]) -> set[int]:
    """The campaign and every campaign that merged into it, directly or through another."""
    family, grew = {campaign_id}, True
    while grew:
        grew = False
        for old, new in merges:
            if new in family and old not in family:
                family.add(old)
                grew = True
    return family


def _int(value: int | None) -> int | None:
    return None if value is None else int(value)


_DESCRIBE_CAMPAIGN = {
    "founded": lambda r: f"campaign {r.campaign_id} founded by cluster {r.cluster_id}",
    "joined": lambda r: f"cluster {r.cluster_id} joined campaign {r.campaign_id}: {r.reason}",
    "split_off": lambda r: f"cluster {r.cluster_id} left campaign {r.other_id} as campaign {r.campaign_id}: {r.reason}",
    "merged": lambda r: f"campaign {r.campaign_id} merged into campaign {r.other_id}: {r.reason}",
}


def campaign_table(report: CampaignReport) -> Table:
    """The campaign's clusters night by night, then its events, oldest first."""
    merged = f", merged into {report.merged_into}" if report.merged_into is not None else ""
    absorbed = f", absorbed {', '.join(map(str, report.absorbed))}" if report.absorbed else ""
    rows = [(n.night, 0, n.date, f"{n.requests} requests in clusters {', '.join(map(str, n.clusters))}") for n in report.nights]
    rows += [(e.night, 1, e.date, _DESCRIBE_CAMPAIGN[e.event](e)) for e in report.events]
    ordered = ((night, day, text) for night, _, day, text in sorted(rows, key=lambda r: (r[0], r[1])))
    return _night_table(f"campaign {report.campaign_id}: {report.status}{merged}{absorbed}", "clusters / event", ordered)


def lineage_view(report: Lineage) -> Group:
    """The cluster's table and the campaign's, whichever exist."""
    parts = [lineage_table(report.cluster)] if report.cluster else []
    return Group(*parts, *([campaign_table(report.campaign)] if report.campaign else []))
