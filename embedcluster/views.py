"""Terminal views of investigations, and their JSON form.

Every string from a run (ids, prompts, templates, reasons) was written by
whoever sent the requests, so it is printed only inside rich `Text` objects
(never parsed as markup: `[link=...]` prints as typed) after
`embedcluster.render.inert` has spelled out every control and invisible
character as `\\uXXXX`: the ESC that starts a terminal escape sequence
included, so a prompt cannot restyle, hide, retitle or rewrite the analyst's
terminal. Account and request ids go through `render.ident`, so an id padded
with a space or spelled with a look-alike letter cannot pass for another.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, timezone
from typing import Any

import orjson
from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from embedcluster.findings import AccountReport, ClusterReport, Segment, SimilarReport, Timeline
from embedcluster.render import DASH, MAX_TEMPLATE_CHARS, ident, inert
from embedcluster.schema import SLOT

SPARK = "▁▂▃▄▅▆▇█"
NO_REQUESTS = "·"
OPEN_SLOT, CLOSE_SLOT = "«", "»"
_SPACES = re.compile(r"[\n\t]+")


def line(value: Any, style: str = "") -> Text:
    """One value on one line, as literal text."""
    return Text(_SPACES.sub(" ", inert(value)), style=style)


def id_text(value: Any, style: str = "") -> Text:
    """An account or request id, shown apart from every look-alike (`render.ident`)."""
    return Text(ident(value), style=style)


def as_json(report: Any) -> str:
    return orjson.dumps(report, option=orjson.OPT_INDENT_2).decode()


# -- account ----------------------------------------------------------------------------------------------------


def account_view(report: AccountReport) -> RenderableType:
    ring = f"ring {report.ring_id}" if report.ring_id != -1 else "in no ring"
    head = Text.assemble(
        ("Account ", "bold"), id_text(report.account_id, "bold cyan"),
        "  risk ", _risk(report.risk_score, report.flagged), f"  {ring}",
    )  # fmt: skip
    seen = f"first seen {_when(report.first_seen)} · last seen {_when(report.last_seen)}"
    facts = Text(f"{report.n_requests:,} requests · {seen}")
    clusters = _table("cluster", "share", "requests", "risk", "capability", "template")
    for c in report.clusters:
        clusters.add_row(
            Text(str(c.cluster_id) if c.cluster_id >= 0 else "none"),
            Text(f"{c.share:.0%}"),
            Text(f"{c.n_requests:,}"),
            _risk(c.risk_score, c.flagged),
            line(c.capability or DASH),
            _template(c.template) if c.template else Text("(in no cluster)", style="dim"),
        )
    siblings = _table("account", "overlap", "shared clusters", "shared requests", "same ring", "risk")
    for s in report.siblings:
        siblings.add_row(
            id_text(s.account_id),
            Text(f"{s.overlap:.2f}"),
            Text(", ".join(map(str, s.shared_clusters)) or DASH),
            Text(f"{s.shared_requests:,}"),
            Text("yes" if s.same_ring else "no"),
            _risk(s.risk_score, s.flagged),
        )
    shown = f"{len(report.siblings)} of {report.n_siblings} " if report.n_siblings > len(report.siblings) else ""
    return Group(
        head,
        facts,
        _heading("Reasons"),
        _bullets(report.reasons, "no reasons: nothing about this account scored"),
        _heading("Clusters", "share of this account's requests in each"),
        clusters,
        _heading("Sibling accounts", f"{shown}sharing its risky clusters or its ring, most overlap first"),
        siblings if report.siblings else Text("  none", style="dim"),
        _heading("Activity", "UTC"),
        timeline_view(report.timeline),
        _heading("Example prompts", f"slot values between {OPEN_SLOT} {CLOSE_SLOT}"),
        *_examples(report),
    )


def _examples(report: AccountReport) -> list[RenderableType]:
    out: list[RenderableType] = []
    for example in report.examples:
        cluster = f"cluster {example.cluster_id}" if example.cluster_id >= 0 else "in no cluster"
        when = _when(example.timestamp)
        out.append(Text.assemble("  ", id_text(example.request_id, "bold"), f" · {when} · {cluster}"))
        out.append(_indent(segments_text(example.segments), 4))
    return out or [Text("  none", style="dim")]


def segments_text(segments: Iterable[Segment]) -> Text:
    """A prompt with its slot values marked, so they stand out even without colour."""
    text = Text()
    for segment in segments:
        if segment.slot:
            text.append(f"{OPEN_SLOT}{inert(segment.text)}{CLOSE_SLOT}", style="bold yellow")
        else:
            text.append(inert(segment.text), style="dim")
    return text


# -- cluster ----------------------------------------------------------------------------------------------------


def cluster_view(report: ClusterReport) -> RenderableType:
    head = Text.assemble(
        (f"Cluster {report.cluster_id}", "bold cyan"),
        "  risk ", _risk(report.risk_score, report.flagged), "  ", line(report.capability),
    )  # fmt: skip
    facts = Text(
        f"{report.size:,} requests · {report.n_accounts:,} accounts · {report.n_templates:,} templates · "
        f"{_when(report.first_seen)} to {_when(report.last_seen)}"
    )
    scores = Text("  ").join(line(f"{name} {score:.2f}") for name, score in report.capability_scores.items())
    accounts = _table("account", "requests", "of cluster", "of account", "ring", "risk")
    for a in report.accounts:
        accounts.add_row(
            id_text(a.account_id),
            Text(f"{a.n_requests:,}"),
            Text(f"{a.share_of_cluster:.1%}"),
            Text(f"{a.share_of_account:.0%}"),
            Text(str(a.ring_id) if a.ring_id != -1 else DASH),
            _risk(a.risk_score, a.flagged),
        )
    nearest = _table("cluster", "similarity", "size", "risk", "capability", "template")
    for n in report.nearest:
        nearest.add_row(
            Text(str(n.cluster_id)),
            Text(f"{n.similarity:.2f}"),
            Text(f"{n.size:,}"),
            _risk(n.risk_score, n.flagged),
            line(n.capability),
            _template(n.template),
        )
    return Group(
        head,
        facts,
        _heading("Template", f"slots shown as {OPEN_SLOT}{CLOSE_SLOT}"),
        _indent(_template(report.template), 2),
        _heading("Example slot values"),
        _bullets(report.example_slot_values, "none"),
        _heading("Capability scores"),
        _indent(scores, 2),
        _heading("Reasons"),
        _bullets(report.reasons, "none"),
        _heading("Accounts", f"{len(report.accounts)} of {report.n_accounts:,} by volume"),
        accounts,
        _heading("Activity", "UTC"),
        timeline_view(report.timeline),
        _heading("Nearest clusters", "cosine of centroids"),
        nearest if report.nearest else Text("  none", style="dim"),
        _heading("Exemplar requests"),
        _indent(Text(", ".join(map(ident, report.exemplar_request_ids)) or DASH), 2),
    )


# -- similar ----------------------------------------------------------------------------------------------------


def similar_view(report: SimilarReport) -> RenderableType:
    if report.request_id is not None:
        in_cluster = report.cluster_id is not None and report.cluster_id >= 0
        cluster = f"cluster {report.cluster_id}" if in_cluster else "in no cluster"
        source = Text.assemble(
            "request ", id_text(report.request_id, "bold"),
            " of account ", id_text(report.account_id, "bold"), f" · {cluster}",
        )  # fmt: skip
    else:
        source = Text("this text, as embedded")
    hits: list[RenderableType] = []
    for rank, hit in enumerate(report.hits, 1):
        others = hit.n_accounts - len(hit.accounts)
        senders = ", ".join(map(ident, hit.accounts)) + (f" +{others}" if others > 0 else "")
        cluster = (
            Text.assemble(f"cluster {hit.cluster_id} (", _risk(hit.cluster_risk, hit.cluster_flagged), ")")
            if hit.cluster_id >= 0
            else Text("in no cluster")
        )
        hits.append(
            Text.assemble(
                f"\n{rank:>3}. ", (f"{hit.similarity:.3f}", "bold"), " · ", cluster,
                f" · {hit.n_requests:,} requests from ", senders,
            )  # fmt: skip
        )
        hits.append(_indent(line(hit.text), 5))
    return Group(
        Text.assemble(("Nearest stored prompts", "bold"), " to ", source),
        _indent(line(report.query, "italic"), 2),
        *(hits or [Text("  none", style="dim")]),
    )


# -- shared pieces ----------------------------------------------------------------------------------------------


def timeline_view(timeline: Timeline) -> RenderableType:
    if not timeline.days:
        return Text("  no requests", style="dim")
    days = [d.n_requests for d in timeline.days]
    peak_day = max(timeline.days, key=lambda d: d.n_requests)
    peak_hour = max(range(24), key=lambda h: timeline.hours[h])
    day_note = f"  {timeline.days[0].day} to {timeline.days[-1].day}, peak {peak_day.n_requests:,} on {peak_day.day}"
    hour_note = f"  00h to 23h, peak {timeline.hours[peak_hour]:,} at {peak_hour:02d}h"
    return Group(
        Text.assemble("  per day   ", (sparkline(days), "cyan"), day_note),
        Text.assemble("  per hour  ", (sparkline(timeline.hours), "cyan"), hour_note),
    )


def sparkline(counts: list[int]) -> str:
    """One character per count, height proportional to the largest; a dot where there were none."""
    peak = max(counts, default=0)
    return "".join(NO_REQUESTS if c == 0 else SPARK[(c * len(SPARK) - 1) // peak] for c in counts)


def _template(template: str) -> Text:
    text = Text()
    for i, part in enumerate(inert(template, MAX_TEMPLATE_CHARS).split(SLOT)):
        if i:
            text.append(f"{OPEN_SLOT}{CLOSE_SLOT}", style="bold yellow")
        text.append(part)
    return text


def _risk(risk: float | None, flagged: bool) -> Text:
    if risk is None:
        return Text(DASH)
    return Text(f"{risk:.2f}" + (" flagged" if flagged else ""), style="bold red" if flagged else "")


def _when(value: datetime) -> str:
    return value.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M")


def _heading(title: str, note: str = "") -> Text:
    return Text.assemble("\n", (title, "bold underline"), (f"  ({note})" if note else "", "dim"))


def _bullets(values: list[str], empty: str) -> RenderableType:
    if not values:
        return Text(f"  {empty}", style="dim")
    return Group(*(_indent(Text.assemble("• ", line(v)), 2) for v in values))


def _indent(renderable: RenderableType, width: int) -> Padding:
    return Padding(renderable, (0, 0, 0, width), expand=False)


def _table(*columns: str) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    return table
