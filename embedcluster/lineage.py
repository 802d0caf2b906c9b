"""A cluster's history in a nightly state: when it was born, what split from it, what merged into it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

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


def lineage_table(report: LineageReport) -> Table:
    """The history as a terminal table, oldest first."""
    merged = f", merged into {report.merged_into}" if report.merged_into is not None else ""
    table = Table(
        title=f"cluster {report.cluster_id}: {report.status}{merged}; nights {report.born_night}-{report.last_night}",
        show_header=True,
    )
    for name in ("night", "day", "event"):
        table.add_column(name)
    for row in report.events:
        table.add_row(str(row.night), row.date, _DESCRIBE[row.event](row))
    return table
