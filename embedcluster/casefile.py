"""An account investigation as one self-contained HTML page, to attach to a case.

Built from the pieces every page shares (`embedcluster.render`): the same shell,
styles and Content-Security-Policy (no script, nothing loaded), and every value
from the run escaped by the same `escape`.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from embedcluster.findings import AccountReport, Segment, Timeline
from embedcluster.render import (
    DASH, badge, data_table, escape, escape_id, facts, items, none, page, template_block, timestamp, write_page,
)

CASE_CSS = """
pre.prompt mark.slot{padding:0 2px}
.bars{display:flex;align-items:flex-end;gap:2px;height:80px;background:#fff;border:1px solid #d0d7de;
border-radius:6px;padding:8px;overflow-x:auto}
.bars div{flex:1 0 6px;background:#0969da;min-height:1px}.bars div.zero{background:#d0d7de}
.axis{display:flex;justify-content:space-between;font-size:12px;color:#57606a}
"""


def render_case(report: AccountReport, run_dir: Path) -> str:
    """The page as one string; every value taken from the run is escaped."""
    title = f"Account {escape_id(report.account_id)}"
    ring = DASH if report.ring_id == -1 else escape(report.ring_id)
    shown = {
        "risk": badge(report.risk_score, report.flagged),
        "flagged": "yes" if report.flagged else "no",
        "requests": f"{report.n_requests:,}",
        "first seen": timestamp(report.first_seen),
        "last seen": timestamp(report.last_seen),
        "ring": ring,
        "run": f"<code>{escape(run_dir)}</code>",
        "page written": timestamp(datetime.now(timezone.utc)),
    }
    body = "".join(
        [
            f"<header><h1>{title}</h1></header>",
            f'<div class="box">{facts(shown)}</div>',
            f"<h2>Reasons</h2>{_reasons(report.reasons)}",
            _clusters(report),
            _siblings(report),
            _timeline(report.timeline),
            _examples(report),
        ]
    )
    return page(f"embedcluster case: {title}", body, CASE_CSS)


def write_case(path: Path, report: AccountReport, run_dir: Path) -> None:
    """Written like the report: a failed write leaves any earlier page at `path` whole."""
    write_page(path, render_case(report, run_dir), "case page")


def _reasons(reasons: list[str]) -> str:
    return items(reasons) if reasons else none("No reasons: nothing about this account scored.")


def _clusters(report: AccountReport) -> str:
    rows = [
        [
            escape(c.cluster_id) if c.cluster_id >= 0 else "none",
            f"{c.share:.0%}",
            f"{c.n_requests:,}",
            badge(c.risk_score, c.flagged) if c.risk_score is not None else DASH,
            escape(c.capability) if c.capability else DASH,
            template_block(c.template) if c.template else '<span class="muted">in no cluster</span>',
        ]
        for c in report.clusters
    ]
    columns = ("cluster", "share", "requests", "risk", "capability", "template")
    note = "<p class=\"note\">Share of this account's requests in each.</p>"
    return "<h2>Clusters</h2>" + note + data_table(columns, rows)


def _siblings(report: AccountReport) -> str:
    head = "<h2>Sibling accounts</h2>"
    if not report.siblings:
        return head + none("No other account shares its risky clusters or its ring.")
    note = (
        f'<p class="note">{len(report.siblings):,} of {report.n_siblings:,} accounts sharing its risky clusters '
        "or its ring, most overlap first.</p>"
    )
    rows = [
        [
            f"<code>{escape_id(s.account_id)}</code>",
            f"{s.overlap:.2f}",
            escape(", ".join(map(str, s.shared_clusters))) or DASH,
            f"{s.shared_requests:,}",
            "yes" if s.same_ring else "no",
            badge(s.risk_score, s.flagged),
        ]
        for s in report.siblings
    ]
    columns = ("account", "overlap", "shared clusters", "shared requests", "same ring", "risk")
    return head + note + data_table(columns, rows)


def _timeline(timeline: Timeline) -> str:
    head = "<h2>Activity (UTC)</h2>"
    if not timeline.days:
        return head + none("No requests.")
    days = [(str(d.day), d.n_requests) for d in timeline.days]
    hours = [(f"{h:02d}h", n) for h, n in enumerate(timeline.hours)]
    return (
        head
        + "<h4>Requests per day</h4>"
        + _bars(days)
        + "<h4>Requests per hour of day</h4>"
        + _bars(hours)
    )


def _bars(counts: list[tuple[str, int]]) -> str:
    """A bar chart of plain boxes: heights are numbers computed here, labels are escaped."""
    top_label, top = max(counts, key=lambda pair: pair[1])
    bars = []
    for label, n in counts:
        zero = ' class="zero"' if n == 0 else ""
        height = max(1.0, 100 * n / max(top, 1))
        bars.append(f'<div{zero} style="height:{height:.1f}%" title="{escape(label)}: {n:,}"></div>')
    axis = (
        f"<span>{escape(counts[0][0])}</span><span>peak {top:,} at {escape(top_label)}</span>"
        f"<span>{escape(counts[-1][0])}</span>"
    )
    return f'<div class="bars" role="img" aria-label="bar chart">{"".join(bars)}</div><div class="axis">{axis}</div>'


def _examples(report: AccountReport) -> str:
    head = "<h2>Example prompts</h2><p class=\"note\">Slot values highlighted; the rest is the cluster's template.</p>"
    if not report.examples:
        return head + none("No prompts.")
    cards = []
    for e in report.examples:
        cluster = f"cluster {escape(e.cluster_id)}" if e.cluster_id >= 0 else "in no cluster"
        cards.append(
            f'<article class="cluster"><h4><code>{escape_id(e.request_id)}</code> '
            f'<span class="muted">{timestamp(e.timestamp)} · {cluster}</span></h4>{_prompt(e.segments)}</article>'
        )
    return head + "".join(cards)


def _prompt(segments: list[Segment]) -> str:
    parts = (f'<mark class="slot">{escape(s.text)}</mark>' if s.slot else escape(s.text) for s in segments)
    return '<pre class="prompt">' + "".join(parts) + "</pre>"
