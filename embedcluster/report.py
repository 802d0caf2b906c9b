"""The run's report: one self-contained HTML page an analyst can open offline.

Every string in the data (prompts, templates, account and request ids, reasons,
file names) is attacker-controlled, so all of it goes through `_text`, which
escapes it for element text and quoted attributes alike. The page holds no
script, loads nothing, builds no link from data, and its Content-Security-Policy
forbids all of that anyway should an escape ever be missed.
"""

from __future__ import annotations

import contextlib
import html
import math
import os
import re
import secrets
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from embedcluster.errors import OutputError

SLOT = "<slot>"  # the marker embedcluster.templates puts where members differ
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
MAX_FLAGGED_CLUSTERS = 200
MAX_OTHER_CLUSTERS = 20
MAX_ACCOUNTS = 100
MAX_TEXT_CHARS = 2_000  # one hostile 200k-character prompt must not bury the page
MAX_TEMPLATE_CHARS = 10_000
AMBER_RISK = 0.25  # not flagged, yet worth a look
MAP_WIDTH, MAP_HEIGHT, MAP_PAD = 720, 440, 24
DASH = "—"
# Colour stops of the fixed risk scale: grey, amber, red.
_RISK_STOPS = ((0.0, (156, 163, 175)), (0.5, (245, 158, 11)), (1.0, (220, 38, 38)))
# Controls (C0, C1, ESC of terminal escapes), bidi overrides, zero-width and other invisible format characters,
# line separators, invisible tag characters and lone surrogates: invisible or misleading on screen, so they are
# shown as \uXXXX. An id padded with a zero-width space must not pass for another.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f"
    "\ufeff\ufff9-\ufffb\ud800-\udfff\U000e0000-\U000e007f]"
)

CSS = """
body{margin:0;background:#f6f7f9;color:#1f2328;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:1100px;margin:0 auto;padding:24px}
h1{margin:0 0 4px}h2{margin-top:40px;border-bottom:2px solid #d0d7de;padding-bottom:4px}h4{margin:12px 0 4px}
nav a{margin-right:16px;color:#0969da}
.lead{color:#57606a;margin-top:0}.note,.none{color:#57606a;font-style:italic}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(260px,1fr));gap:16px}
.box,.cluster{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:12px 16px}
.box h3{margin:0 0 8px;font-size:15px}
.cluster{margin:16px 0}.cluster h3{margin:0 0 8px}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;background:#fff;font-size:14px}
th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:#eef1f4}tr:nth-child(even) td{background:#fafbfc}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:0}
dl.facts dt{color:#57606a}dl.facts dd{margin:0}
ul{margin:0;padding-left:20px}li{overflow-wrap:anywhere}
code,pre{font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
pre{background:#f6f8fa;border:1px solid #d0d7de;border-radius:4px;padding:8px;margin:0;
white-space:pre-wrap;overflow-wrap:anywhere}
mark.slot{background:#ddf4ff;color:#0550ae;border-radius:3px;font-weight:600}
.badge{display:inline-block;min-width:3em;text-align:center;border-radius:10px;padding:0 8px;
color:#fff;font-weight:600;font-size:13px}
.badge.high{background:#cf222e}.badge.mid{background:#bf8700}.badge.low{background:#8c959f}
.muted{color:#57606a;font-size:13px}
svg.map{background:#fff;border:1px solid #d0d7de;border-radius:6px;max-width:100%;height:auto}
svg.map circle{stroke:#fff;stroke-width:.5;fill-opacity:.85}svg.map circle.flagged{stroke:#111;stroke-width:2}
.legend{display:flex;flex-wrap:wrap;gap:16px;align-items:center;font-size:13px;margin-top:8px}
.swatch{display:inline-block;width:12px;height:12px;border-radius:50%;vertical-align:middle;margin-right:4px}
"""


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
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>embedcluster report</title><style>{CSS}</style></head>\n"
        f"<body><main>{body}</main></body></html>\n"
    )


def write_report(
    path: Path, summary: Mapping[str, Any], clusters: pa.Table, accounts: pa.Table, cluster_map: pa.Table | None
) -> None:
    write_page(path, render_report(summary, clusters, accounts, cluster_map), "report")


def write_page(path: Path, page: str, what: str) -> None:
    """Write the page beside `path` first, then rename it over: a crash or a full disk never leaves half a page."""
    path = Path(path)
    temp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(fd, "wb") as out:
            out.write(page.encode("utf-8"))
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write {what} {path}: {exc.strerror or exc}") from None
        raise


# -- formatting: every value from the data leaves through one of these ------------------------------------------


def inert(value: Any, limit: int = MAX_TEXT_CHARS) -> str:
    """A value from the data as it may be shown anywhere: clipped, every invisible character spelled out."""
    shown = str(value)
    if len(shown) > limit:
        shown = f"{shown[:limit]} … [{len(shown) - limit:,} more characters]"
    return _INVISIBLE.sub(_escape_code, shown)


def _escape_code(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _text(value: Any, limit: int = MAX_TEXT_CHARS) -> str:
    """Escaped text, safe in element content and in quoted attributes; clipped so one value cannot flood the page."""
    return html.escape(inert(value, limit), quote=True)


def _finite(value: Any) -> float | None:
    """A usable number, or None for missing, NaN, infinite or non-numeric values."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    return None


def _number(value: Any) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    number = _finite(value)
    return DASH if value is None else f"{number:,.2f}" if number is not None else _text(value)


def _risk(value: Any) -> str:
    number = _finite(value)
    return DASH if number is None else f"{number:.2f}"


def _time(value: Any) -> str:
    """UTC `YYYY-MM-DD HH:MM`; naive times are taken as UTC, unparseable strings shown as given."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return _text(value)
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M")
    return DASH if value is None else _text(value)


def _badge(risk: Any, flagged: Any) -> str:
    """Red when flagged, amber when risky but under the flag, grey otherwise."""
    level = "high" if flagged else "mid" if (_finite(risk) or 0.0) >= AMBER_RISK else "low"
    return f'<span class="badge {level}">{_risk(risk)}</span>'


def _items(values: Iterable[Any] | None, code: bool = False) -> str:
    values = list(values or [])
    if not values:
        return DASH
    wrap = (lambda v: f"<code>{_text(v)}</code>") if code else _text
    return "<ul>" + "".join(f"<li>{wrap(v)}</li>" for v in values) + "</ul>"


def _none(message: str) -> str:
    return f'<p class="none">{_text(message)}</p>'


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _facts(rows: Mapping[str, str]) -> str:
    """A definition list of label -> already-rendered HTML."""
    return '<dl class="facts">' + "".join(f"<dt>{_text(k)}</dt><dd>{v}</dd>" for k, v in rows.items()) + "</dl>"


def _compact(value: Any) -> str:
    """Any other run.json value, on one line."""
    if isinstance(value, Mapping):
        return _text(", ".join(f"{k}: {v}" for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return _text(", ".join(str(v) for v in value))
    return _number(value)


# -- sections ---------------------------------------------------------------------------------------------------


def _header(summary: Mapping[str, Any], clusters: pa.Table, accounts: pa.Table) -> str:
    """Title, a one-line verdict from the tables, and every run.json key that is present."""
    summary = _mapping(summary)
    lead = (
        f"{_flag_count(clusters):,} of {clusters.num_rows:,} clusters flagged · "
        f"{_flag_count(accounts):,} of {accounts.num_rows:,} accounts flagged"
    )
    run = {"started": _time(summary["started_at"])} if "started_at" in summary else {}
    if "config_digest" in summary:
        run["config digest"] = f"<code>{_text(summary['config_digest'])}</code>"
    known = {"started_at", "config_digest", "counts", "timings_s", "versions", "inputs"}
    run.update({str(k): _compact(v) for k, v in summary.items() if k not in known})
    boxes = [
        ("Run", run),
        ("Counts", {str(k): _number(v) for k, v in _mapping(summary.get("counts")).items()}),
        ("Timings", {str(k): _seconds(v) for k, v in _mapping(summary.get("timings_s")).items()}),
        ("Versions", {str(k): _text(v) for k, v in _mapping(summary.get("versions")).items()}),
    ]
    inputs = summary.get("inputs")
    inputs = [inputs] if isinstance(inputs, str) else inputs if isinstance(inputs, (list, tuple)) else []
    grid = "".join(f'<div class="box"><h3>{title}</h3>{_facts(rows)}</div>' for title, rows in boxes if rows)
    if inputs:
        grid += f'<div class="box"><h3>Inputs</h3>{_items(inputs, code=True)}</div>'
    links = (("flagged", "Flagged clusters"), ("accounts", "Top accounts"), ("map", "Cluster map"))
    nav = "<nav>" + "".join(f'<a href="#{anchor}">{label}</a>' for anchor, label in links) + "</nav>"
    return f'<header><h1>embedcluster report</h1><p class="lead">{lead}</p>{nav}</header><div class="grid">{grid}</div>'


def _seconds(value: Any) -> str:
    number = _finite(value)
    return f"{number:,.1f} s" if number is not None else _number(value)


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
    parts.append("".join(map(_cluster, flagged)) or _none("No flagged clusters."))
    parts.append("<h2>Other clusters by risk</h2>")
    if others:
        parts.append(f'<p class="note">{len(others):,} of {n_others:,} clusters not flagged, riskiest first.</p>')
    parts.append("".join(map(_cluster, others)) or _none("No other clusters."))
    return "".join(parts) + "</section>"


def _cluster(row: Mapping[str, Any]) -> str:
    """One cluster's card: facts, why it scored as it did, and what its prompts look like."""
    facts = {
        "capability": _capability(row.get("capability"), row.get("capability_scores")),
        "size": _number(row.get("size")),
        "accounts": _number(row.get("n_accounts")),
        "templates": _number(row.get("n_templates")),
        "first seen": _time(row.get("first_seen")),
        "last seen": _time(row.get("last_seen")),
    }
    return (
        f'<article class="cluster"><h3>Cluster {_text(row.get("cluster_id"))} '
        f'{_badge(row.get("risk_score"), row.get("flagged"))}</h3>{_facts(facts)}'
        f'<h4>Reasons</h4>{_items(row.get("reasons"))}'
        f'<h4>Template</h4>{_template(row.get("template"))}'
        f'<h4>Example slot values</h4>{_items(row.get("example_slot_values"), code=True)}'
        f'<h4>Exemplar requests</h4>{_items(row.get("exemplar_request_ids"), code=True)}</article>'
    )


def _capability(name: Any, scores: Any) -> str:
    """The capability and its three strongest scores, which show how clear-cut the call was."""
    shown = DASH if name in (None, "") else _text(name)
    pairs = sorted(
        ((k, s) for k, s in (scores or []) if _finite(s) is not None), key=lambda pair: pair[1], reverse=True
    )[:3]
    if pairs:
        shown += ' <span class="muted">(' + ", ".join(f"{_text(k)} {s:.2f}" for k, s in pairs) + ")</span>"
    return shown


def _template(template: Any) -> str:
    """The template in a <pre>; the text between markers is escaped piece by piece, each marker highlighted."""
    if template in (None, ""):
        return DASH
    marker = f'<mark class="slot">{_text(SLOT)}</mark>'
    return "<pre>" + marker.join(_text(part, MAX_TEMPLATE_CHARS) for part in str(template).split(SLOT)) + "</pre>"


def _accounts_section(accounts: pa.Table) -> str:
    rows, total = _ranked(accounts, "account_id", MAX_ACCOUNTS)
    head = '<section id="accounts"><h2>Top accounts</h2>'
    if not rows:
        return head + _none("No accounts.") + "</section>"
    note = f'<p class="note">{len(rows):,} of {total:,} accounts, riskiest first.</p>'
    columns = ("account", "risk", "flagged", "requests", "first seen", "last seen", "ring", "top clusters", "reasons")
    header = "<tr>" + "".join(f"<th>{c}</th>" for c in columns) + "</tr>"
    body = "".join(map(_account, rows))
    table = f'<div class="scroll"><table><thead>{header}</thead><tbody>{body}</tbody></table></div>'
    return head + note + table + "</section>"


def _account(row: Mapping[str, Any]) -> str:
    ring = row.get("ring_id")
    cells = [
        f'<code>{_text(row.get("account_id"))}</code>',
        _badge(row.get("risk_score"), row.get("flagged")),
        "yes" if row.get("flagged") else "no",
        _number(row.get("n_requests")),
        _time(row.get("first_seen")),
        _time(row.get("last_seen")),
        DASH if ring is None or ring == -1 else _text(ring),
        _text(", ".join(str(c) for c in row.get("top_cluster_ids") or [])) or DASH,
        _items(row.get("reasons")),
    ]
    return "<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>"


def _map_section(cluster_map: pa.Table | None) -> str:
    """Cluster centroids in 2-D: nearby points are similar campaigns, big red outlined ones matter most."""
    head = '<section id="map"><h2>Cluster map</h2>'
    rows = cluster_map.to_pylist() if cluster_map is not None else []
    points = [r for r in rows if _finite(r.get("x")) is not None and _finite(r.get("y")) is not None]
    if not points:
        return head + _none("No clusters to place.") + "</section>"
    x_of = _scaler([r["x"] for r in points], MAP_PAD, MAP_WIDTH - MAP_PAD)
    y_of = _scaler([r["y"] for r in points], MAP_HEIGHT - MAP_PAD, MAP_PAD)
    points.sort(key=lambda r: (bool(r.get("flagged")), _finite(r.get("risk_score")) or 0.0))  # riskiest drawn last
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
    radius = min(18.0, 2.0 + 1.6 * math.log1p(max(_finite(size) or 0.0, 0.0)))
    title = f"cluster {row.get('cluster_id')} · size {_number(size)} · risk {_risk(row.get('risk_score'))}"
    if row.get("flagged"):
        title += " · flagged"
    css = ' class="flagged"' if row.get("flagged") else ""
    return (
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" fill="{_risk_colour(row.get("risk_score"))}"{css}>'
        f"<title>{_text(title)}</title></circle>"
    )


def _risk_colour(risk: Any) -> str:
    """A fixed scale (not relative to this run), so colours compare across reports."""
    value = min(1.0, max(0.0, _finite(risk) or 0.0))
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
