"""The run's report: one self-contained HTML page an analyst can open offline.

It shows the run as a whole: what it read, the flagged and riskiest clusters,
the riskiest accounts, and a map of the clusters. Every value from the data
goes through `embedcluster.render`, which escapes it and gives the page the
shell (and Content-Security-Policy) that every page shares.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from embedcluster.render import (
    DASH,
    badge,
    data_table,
    escape,
    escape_id,
    facts,
    finite,
    ident,
    items,
    none,
    number,
    page,
    score,
    template_block,
    timestamp,
    write_page,
)

MAX_FLAGGED_CLUSTERS = 200
MAX_OTHER_CLUSTERS = 20
MAX_ACCOUNTS = 100
MAP_WIDTH, MAP_HEIGHT, MAP_PAD = 720, 440, 24
# Colour stops of the fixed risk scale: grey, amber, red.
_RISK_STOPS = ((0.0, (156, 163, 175)), (0.5, (245, 158, 11)), (1.0, (220, 38, 38)))


def render_report(
    summary: Mapping[str, Any], clusters: pa.Table, accounts: pa.Table, cluster_map: pa.Table | None
) -> str:
    """The whole page as one string; everything taken from the data is escaped."""
    body = "".join(
        [
            _header(summary, clusters, accounts),
            _clusters_section(clusters),
            _accounts_section(accounts),
            _map_section(cluster_map),
        ]
    )
    return page("embedcluster report", body)


def write_report(
    path: Path, summary: Mapping[str, Any], clusters: pa.Table, accounts: pa.Table, cluster_map: pa.Table | None
) -> None:
    write_page(path, render_report(summary, clusters, accounts, cluster_map), "report")


# -- values only the report shows ------------------------------------------------------------------------------


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _compact(value: Any) -> str:
    """Any other run.json value, on one line."""
    if isinstance(value, Mapping):
        return escape(", ".join(f"{k}: {v}" for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return escape(", ".join(str(v) for v in value))
    return number(value)


# -- sections ---------------------------------------------------------------------------------------------------


def _header(summary: Mapping[str, Any], clusters: pa.Table, accounts: pa.Table) -> str:
    """Title, a one-line verdict from the tables, and every run.json key that is present."""
    summary = _mapping(summary)
    lead = (
        f"{_flag_count(clusters):,} of {clusters.num_rows:,} clusters flagged · "
        f"{_flag_count(accounts):,} of {accounts.num_rows:,} accounts flagged"
    )
    run = {"started": timestamp(summary["started_at"])} if "started_at" in summary else {}
    if "config_digest" in summary:
        run["config digest"] = f"<code>{escape(summary['config_digest'])}</code>"
    known = {"started_at", "config_digest", "counts", "timings_s", "versions", "inputs", "calibration", "stability"}
    run.update({str(k): _compact(v) for k, v in summary.items() if k not in known})
    boxes = [
        ("Run", run),
        ("Counts", {str(k): number(v) for k, v in _mapping(summary.get("counts")).items()}),
        ("Flag calibration", {str(k).replace("_", " "): escape(v) for k, v in _mapping(summary.get("calibration")).items()}),
        ("Verdict stability", {str(k).replace("_", " "): escape(v) for k, v in _mapping(summary.get("stability")).items()}),
        ("Timings", {str(k): _seconds(v) for k, v in _mapping(summary.get("timings_s")).items()}),
        ("Versions", {str(k): escape(v) for k, v in _mapping(summary.get("versions")).items()}),
    ]
    inputs = summary.get("inputs")
    inputs = [inputs] if isinstance(inputs, str) else inputs if isinstance(inputs, (list, tuple)) else []
    grid = "".join(f'<div class="box"><h3>{title}</h3>{facts(rows)}</div>' for title, rows in boxes if rows)
    if inputs:
        grid += f'<div class="box"><h3>Inputs</h3>{items(inputs, code=True)}</div>'
    links = (("flagged", "Flagged clusters"), ("accounts", "Top accounts"), ("map", "Cluster map"))
    nav = "<nav>" + "".join(f'<a href="#{anchor}">{label}</a>' for anchor, label in links) + "</nav>"
    return f'<header><h1>embedcluster report</h1><p class="lead">{lead}</p>{nav}</header><div class="grid">{grid}</div>'


def _seconds(value: Any) -> str:
    usable = finite(value)
    return f"{usable:,.1f} s" if usable is not None else number(value)


def _flag_count(table: pa.Table) -> int:
    return int(pc.sum(pc.fill_null(table.column("flagged"), False)).as_py() or 0) if table.num_rows else 0


def _ranked(table: pa.Table, id_column: str, limit: int, flagged: bool | None = None) -> tuple[list[dict], int]:
    """The `limit` riskiest rows (ties by id), optionally only flagged or only unflagged; and how many qualified."""
    if flagged is not None and table.num_rows:
        mask = pc.fill_null(table.column("flagged"), False)
        table = table.filter(mask if flagged else pc.invert(mask))
    ranked = table.sort_by([("risk_score", "descending"), (id_column, "ascending")])
    return ranked.slice(0, limit).to_pylist(), table.num_rows


def _clusters_section(clusters: pa.Table) -> str:
    flagged, n_flagged = _ranked(clusters, "cluster_id", MAX_FLAGGED_CLUSTERS, flagged=True)
    others, n_others = _ranked(clusters, "cluster_id", MAX_OTHER_CLUSTERS, flagged=False)
    parts = ['<section id="flagged"><h2>Flagged clusters</h2>']
    if n_flagged > len(flagged):
        parts.append(f'<p class="note">Showing the {len(flagged):,} riskiest of {n_flagged:,} flagged clusters.</p>')
    parts.append("".join(map(_cluster, flagged)) or none("No flagged clusters."))
    parts.append("<h2>Other clusters by risk</h2>")
    if others:
        parts.append(f'<p class="note">{len(others):,} of {n_others:,} clusters not flagged, riskiest first.</p>')
    parts.append("".join(map(_cluster, others)) or none("No other clusters."))
    return "".join(parts) + "</section>"


def _cluster(row: Mapping[str, Any]) -> str:
    """One cluster's card: facts, why it scored as it did, and what its prompts look like."""
    shown = {
        "capability": _capability(row.get("capability"), row.get("capability_scores")),
        "size": number(row.get("size")),
        "accounts": number(row.get("n_accounts")),
        "templates": number(row.get("n_templates")),
        "first seen": timestamp(row.get("first_seen")),
        "last seen": timestamp(row.get("last_seen")),
    }
    return (
        f'<article class="cluster"><h3>Cluster {escape(row.get("cluster_id"))} '
        f'{badge(row.get("risk_score"), row.get("flagged"))}</h3>{facts(shown)}'
        f'<h4>Reasons</h4>{items(row.get("reasons"))}'
        f'<h4>Template</h4>{template_block(row.get("template"))}'
        f'<h4>Example slot values</h4>{items(row.get("example_slot_values"), code=True)}'
        f'<h4>Exemplar requests</h4>{items(map(ident, row.get("exemplar_request_ids") or []), code=True)}</article>'
    )


def _capability(name: Any, scores: Any) -> str:
    """The capability and its three strongest scores, which show how clear-cut the call was."""
    shown = DASH if name in (None, "") else escape(name)
    pairs = sorted(
        ((k, s) for k, s in (scores or []) if finite(s) is not None), key=lambda pair: pair[1], reverse=True
    )[:3]
    if pairs:
        shown += ' <span class="muted">(' + ", ".join(f"{escape(k)} {s:.2f}" for k, s in pairs) + ")</span>"
    return shown


def _accounts_section(accounts: pa.Table) -> str:
    rows, total = _ranked(accounts, "account_id", MAX_ACCOUNTS)
    head = '<section id="accounts"><h2>Top accounts</h2>'
    if not rows:
        return head + none("No accounts.") + "</section>"
    note = f'<p class="note">{len(rows):,} of {total:,} accounts, riskiest first.</p>'
    columns = ("account", "risk", "flagged", "requests", "first seen", "last seen", "ring", "top clusters", "reasons")
    return head + note + data_table(columns, map(_account, rows)) + "</section>"


def _account(row: Mapping[str, Any]) -> list[str]:
    ring = row.get("ring_id")
    return [
        f'<code>{escape_id(row.get("account_id"))}</code>',
        badge(row.get("risk_score"), row.get("flagged")),
        "yes" if row.get("flagged") else "no",
        number(row.get("n_requests")),
        timestamp(row.get("first_seen")),
        timestamp(row.get("last_seen")),
        DASH if ring is None or ring == -1 else escape(ring),
        escape(", ".join(str(c) for c in row.get("top_cluster_ids") or [])) or DASH,
        items(row.get("reasons")),
    ]


def _map_section(cluster_map: pa.Table | None) -> str:
    """Cluster centroids in 2-D: nearby points are similar campaigns, big red outlined ones matter most."""
    head = '<section id="map"><h2>Cluster map</h2>'
    rows = cluster_map.to_pylist() if cluster_map is not None else []
    points = [r for r in rows if finite(r.get("x")) is not None and finite(r.get("y")) is not None]
    if not points:
        return head + none("No clusters to place.") + "</section>"
    x_of = _scaler([r["x"] for r in points], MAP_PAD, MAP_WIDTH - MAP_PAD)
    y_of = _scaler([r["y"] for r in points], MAP_HEIGHT - MAP_PAD, MAP_PAD)
    points.sort(key=lambda r: (bool(r.get("flagged")), finite(r.get("risk_score")) or 0.0))  # riskiest drawn last
    circles = "".join(_point(r, x_of(r["x"]), y_of(r["y"])) for r in points)
    svg = (
        f'<svg class="map" viewBox="0 0 {MAP_WIDTH} {MAP_HEIGHT}" width="{MAP_WIDTH}" height="{MAP_HEIGHT}" '
        f'role="img" aria-label="cluster map">{circles}</svg>'
    )
    note = '<p class="note">One point per cluster; similar clusters sit close together. Hover for details.</p>'
    if len(points) < len(rows):
        note += f'<p class="note">{len(rows) - len(points):,} clusters without a position are not shown.</p>'
    return head + note + svg + _legend() + "</section>"


def _scaler(values: list[float], lo: float, hi: float) -> Callable[[float], float]:
    """Map the values' range onto [lo, hi]; a single position (or all equal) lands in the middle."""
    low, span = min(values), max(values) - min(values)
    if span == 0:
        return lambda v: (lo + hi) / 2
    return lambda v: lo + (v - low) / span * (hi - lo)


def _point(row: Mapping[str, Any], x: float, y: float) -> str:
    size = row.get("size")
    radius = min(18.0, 2.0 + 1.6 * math.log1p(max(finite(size) or 0.0, 0.0)))
    title = f"cluster {row.get('cluster_id')} · size {number(size)} · risk {score(row.get('risk_score'))}"
    if row.get("flagged"):
        title += " · flagged"
    css = ' class="flagged"' if row.get("flagged") else ""
    return (
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" fill="{_risk_colour(row.get("risk_score"))}"{css}>'
        f"<title>{escape(title)}</title></circle>"
    )


def _risk_colour(risk: Any) -> str:
    """A fixed scale (not relative to this run), so colours compare across reports."""
    value = min(1.0, max(0.0, finite(risk) or 0.0))
    (start, low), (end, high) = _RISK_STOPS[:2] if value <= _RISK_STOPS[1][0] else _RISK_STOPS[1:]
    t = (value - start) / (end - start)
    return "#" + "".join(f"{round(a + (b - a) * t):02x}" for a, b in zip(low, high))


def _legend() -> str:
    swatches = "".join(
        f'<span><span class="swatch" style="background:{_risk_colour(r)}"></span>risk {r:.2f}</span>'
        for r in (0.0, 0.25, 0.5, 0.75, 1.0)
    )
    flagged = '<span><span class="swatch" style="border:2px solid #111"></span>flagged</span>'
    return f'<div class="legend">{swatches}{flagged}<span>radius grows with log(size)</span></div>'
