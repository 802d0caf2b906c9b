"""Two different ids never look the same, in the terminal views and in the HTML pages.

Look-alikes (a trailing space, a no-break space, a Hangul filler, a blank
braille cell, a combining grapheme joiner, a Cyrillic letter among Latin ones)
are spelled out; ids with outer spaces are quoted, `" "` is visible, and a long
id is shortened to its head and a hash, so 10 KB ids that differ only at the end
stay apart and leave the number columns alone.
"""

from __future__ import annotations

import html
import io
import itertools
import re
from datetime import date, datetime, timezone
from pathlib import Path

import pyarrow as pa
import pytest
from rich.console import Console

from embedcluster import views
from embedcluster.casefile import render_case
from embedcluster.findings import AccountReport, DayCount, Example, Segment, Sibling, Timeline
from embedcluster.render import ident
from embedcluster.report import render_report
from embedcluster.schema import ACCOUNTS, CLUSTERS

LOOK_ALIKES = [
    "acct-7", "acct-7 ", " acct-7", "acct-7\u00a0", "acct-7\u3164", "acct-7\u2800", "acct-\u034f7", "\u0430cct-7",
    "acct\u20117", " ", "  ", "", '"acct-7"', "\\u0430cct-7", 'acct-7\\', "acct-7\u200b",
]  # fmt: skip
LONG = ["x" * 10_000 + "1", "x" * 10_000 + "2"]
IDS = LOOK_ALIKES + LONG
T0 = datetime(2026, 11, 2, 1, 7, tzinfo=timezone.utc)


def test_every_look_alike_is_shown_apart_in_plain_ascii() -> None:
    shown = [ident(i) for i in IDS]
    assert len(set(shown)) == len(IDS), shown
    for text in shown:
        assert text.isascii() and text.isprintable(), text
        assert text == text.strip() and text, repr(text)
    assert ident("acct-7") == "acct-7"
    assert ident(" ") == '" "' and ident("acct-7 ") == '"acct-7 "'
    assert ident("\u0430cct-7") == "\\u0430cct-7"


def test_a_long_id_is_its_head_and_a_hash_and_short() -> None:
    first, second = (ident(i) for i in LONG)
    assert first != second and len(first) <= 80 and first.startswith("xxxx")
    assert "10,001 chars" in first


def _account() -> AccountReport:
    return AccountReport(
        account_id=LONG[0], n_requests=3, first_seen=T0, last_seen=T0, risk_score=0.84, flagged=True,
        reasons=["r"], ring_id=0, clusters=[],
        siblings=[Sibling(i, 0.5, [1], 123_456, True, 0.8, True) for i in IDS], n_siblings=len(IDS),
        timeline=Timeline([DayCount(date(2026, 11, 2), 3)], [0] * 23 + [3]),
        examples=[Example(i, T0, 1, [Segment("p", False)]) for i in IDS],
    )  # fmt: skip


def _terminal(width: int) -> str:
    console = Console(file=io.StringIO(), record=True, width=width, color_system=None)
    console.print(views.account_view(_account()))
    return console.export_text()


def test_terminal_shows_each_sibling_apart_with_whole_numbers() -> None:
    shown = _terminal(140)
    for i in IDS:
        assert ident(i) in shown, ident(i)
    for char in "\u00a0\u3164\u2800\u034f\u0430\u2011":
        assert char not in shown
    assert len(re.findall(r"123,456", shown)) == len(IDS)  # the number column is not folded by a long id


def _report_page() -> str:
    accounts = pa.Table.from_pylist(
        [{"account_id": i, "n_requests": 123_456, "first_seen": T0, "last_seen": T0, "risk_score": 0.8,
          "flagged": True, "reasons": ["r"], "top_cluster_ids": [0], "ring_id": 1} for i in IDS],
        schema=ACCOUNTS,
    )  # fmt: skip
    clusters = pa.Table.from_pylist(
        [{"cluster_id": 0, "size": 40, "n_accounts": 7, "n_templates": 2, "first_seen": T0, "last_seen": T0,
          "capability": "c", "capability_scores": [], "template": "t <slot>", "example_slot_values": [],
          "risk_score": 0.9, "flagged": True, "reasons": ["r"], "exemplar_request_ids": IDS}],
        schema=CLUSTERS,
    )  # fmt: skip
    points = pa.table({"cluster_id": [0], "x": [0.0], "y": [0.0], "size": [40], "risk_score": [0.9], "flagged": [True]})
    return render_report({"counts": {}}, clusters, accounts, points)


@pytest.mark.parametrize("page", [_report_page, lambda: render_case(_account(), Path("run"))], ids=["report", "case"])
def test_pages_show_each_id_apart_and_short(page) -> None:  # type: ignore[no-untyped-def]
    text = page()
    codes = [html.unescape(c) for c in re.findall(r"<code>(.*?)</code>", text)]
    for i in IDS:
        assert ident(i) in codes, ident(i)
    assert max(map(len, codes)) <= 80
    for char in "\u00a0\u3164\u2800\u034f\u0430\u2011":
        assert char not in text
    assert not any(a == b for a, b in itertools.combinations(map(ident, IDS), 2))
