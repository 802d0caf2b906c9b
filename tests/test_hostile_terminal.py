"""Hostile text in the terminal views prints as literal, visible characters.

Views are rendered to a recording rich Console that behaves like a colour
terminal; only rich's own colour codes may reach it. A prompt's escape
sequences, carriage returns, bidi overrides and zero-width characters come out
spelled as \\uXXXX, and its rich markup comes out as typed.
"""

from __future__ import annotations

import io
import re
from datetime import date, datetime, timezone

import pytest
from rich.console import Console, RenderableType

from embedcluster import views
from embedcluster.findings import (
    AccountCluster,
    AccountReport,
    ClusterAccount,
    ClusterReport,
    DayCount,
    Example,
    NearCluster,
    Segment,
    Sibling,
    SimilarPrompt,
    SimilarReport,
    Timeline,
)

MARKUP = ["[link=https://evil.example]click me[/link]", "[bold red]URGENT[/bold red]", "[/]", ":skull: [dim]"]
ESCAPES = {
    "\x1b[2J\x1b[H": "\\u001b[2J\\u001b[H",  # clear the screen
    "\x1b]0;pwned\x07": "\\u001b]0;pwned\\u0007",  # retitle the window
    "\x1b]8;;https://evil.example\x07link\x1b]8;;\x07": "\\u001b]8;;https://evil.example\\u0007link",  # hyperlink
    "\x9b31m": "\\u009b31m",  # 8-bit CSI
    "fake\rreal": "fake\\u000dreal",  # overwrite the line
    "abc\x08\x08\x08xyz": "abc\\u0008\\u0008\\u0008xyz",  # backspace over it
    "evil\u202etxt.exe": "evil\\u202etxt.exe",  # bidi override
    "camp7\u200b": "camp7\\u200b",  # an id passing for another
}
HOSTILE = MARKUP + list(ESCAPES)
T0 = datetime(2026, 11, 2, 1, 7, tzinfo=timezone.utc)
TIMELINE = Timeline([DayCount(date(2026, 11, 2), 3)], [0] * 23 + [3])
# What rich itself writes to a colour terminal: SGR colour codes, nothing else.
RICH_STYLE = re.compile(r"\x1b\[[0-9;]*m")


def account() -> AccountReport:
    return AccountReport(
        account_id=" ".join(HOSTILE), n_requests=3, first_seen=T0, last_seen=T0, risk_score=0.84, flagged=True,
        reasons=HOSTILE, ring_id=0,
        clusters=[AccountCluster(i, 1, 0.1, f"{h} <slot>", h, 0.7, True) for i, h in enumerate(HOSTILE)],
        siblings=[Sibling(h, 1.0, [1], 6, True, 0.8, True) for h in HOSTILE], n_siblings=len(HOSTILE),
        timeline=TIMELINE,
        examples=[Example(h, T0, 1, [Segment(h, False), Segment(h, True)]) for h in HOSTILE],
    )  # fmt: skip


def cluster() -> ClusterReport:
    return ClusterReport(
        cluster_id=1, size=40, n_accounts=7, n_templates=2, first_seen=T0, last_seen=T0, capability=HOSTILE[0],
        capability_scores={h: 0.5 for h in HOSTILE}, template=" <slot> ".join(HOSTILE),
        example_slot_values=HOSTILE, risk_score=0.9, flagged=True, reasons=HOSTILE, exemplar_request_ids=HOSTILE,
        accounts=[ClusterAccount(h, 3, 0.1, 1.0, 0.8, True, 0) for h in HOSTILE], timeline=TIMELINE,
        nearest=[NearCluster(2, 0.9, h, h, 10, 0.5, False) for h in HOSTILE],
    )  # fmt: skip


def similar() -> SimilarReport:
    hits = [SimilarPrompt(i, 0.9, h, 1, 0.7, True, 3, 5, HOSTILE[:3], h) for i, h in enumerate(HOSTILE)]
    return SimilarReport(query=" ".join(HOSTILE), request_id=HOSTILE[1], account_id=HOSTILE[2], cluster_id=1, hits=hits)


VIEWS = {
    "account": lambda: views.account_view(account()),
    "cluster": lambda: views.cluster_view(cluster()),
    "similar": lambda: views.similar_view(similar()),
}


def render(view: RenderableType) -> tuple[str, str]:
    """(what a colour terminal receives, the plain text it shows)."""
    terminal = io.StringIO()
    console = Console(file=terminal, record=True, force_terminal=True, color_system="truecolor", width=2000)
    console.print(view)
    return terminal.getvalue(), console.export_text()


@pytest.fixture(params=sorted(VIEWS))
def rendered(request: pytest.FixtureRequest) -> tuple[str, str]:
    return render(VIEWS[request.param]())


def test_only_rich_colour_codes_reach_the_terminal(rendered: tuple[str, str]) -> None:
    received, _ = rendered
    rest = RICH_STYLE.sub("", received)
    for char in "\x1b\x07\x08\r\x9b\u202e\u200b":
        assert char not in rest, repr(char)


def test_escape_sequences_and_invisibles_are_spelled_out(rendered: tuple[str, str]) -> None:
    _, shown = rendered
    for spelled in ESCAPES.values():
        assert spelled in shown


def test_rich_markup_in_data_prints_as_typed(rendered: tuple[str, str]) -> None:
    received, shown = rendered
    for markup in MARKUP:
        assert markup in shown
    assert "\x1b]8;" not in received  # no hyperlink was made
