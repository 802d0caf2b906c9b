"""Hostile text in both HTML pages (the run's report, an account's case page) renders as inert text.

Each protection is checked on each page by parsing it as a browser's tokenizer
would: only the page's own elements and attributes, no link or resource from
the data, a Content-Security-Policy that allows no script at all, invisible
characters spelled out, and a failed write that leaves the earlier page whole.
"""

from __future__ import annotations

import errno
import html
import re
from collections.abc import Callable
from datetime import date, datetime, timezone
from html.parser import HTMLParser
from pathlib import Path

import pyarrow as pa
import pytest

from embedcluster.casefile import render_case, write_case
from embedcluster.errors import OutputError
from embedcluster.findings import AccountCluster, AccountReport, DayCount, Example, Segment, Sibling, Timeline
from embedcluster.report import render_report
from embedcluster.schema import ACCOUNTS, CLUSTERS

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '" onmouseover="alert(1)" x="',
    "' autofocus onfocus='alert(1)",
    "</style><script>alert(2)</script>",
    "</title><script>alert(3)</script>",
    '<a href="javascript:alert(1)">click</a>',
    "<svg onload=alert(1)>",
    "<iframe src=https://evil.example/></iframe>",
    '<link rel=stylesheet href="https://evil.example/x.css">',
    "<style>@import url(https://evil.example/x.css)</style>",
    "<meta http-equiv=refresh content='0;url=https://evil.example'>",
    "<base href=https://evil.example/>",
    "<!-- <![CDATA[ ]]> -->",
    "&lt;script&gt; already escaped &amp;",
]
SPOOFED_ID = "camp7\u200b"  # looks exactly like camp7
T0 = datetime(2026, 11, 2, 1, 7, tzinfo=timezone.utc)
ELEMENTS = {
    "html", "head", "meta", "title", "style", "body", "main", "header", "h1", "h2", "h3", "h4", "p", "nav", "a",
    "div", "section", "article", "dl", "dt", "dd", "ul", "li", "code", "pre", "mark", "span", "table", "thead",
    "tbody", "tr", "th", "td", "svg", "circle",
}  # fmt: skip
ATTRIBUTES = {
    "lang", "charset", "http-equiv", "content", "name", "href", "class", "id", "style", "viewbox", "width",
    "height", "role", "aria-label", "cx", "cy", "r", "fill", "title",
}  # fmt: skip
OWN_ANCHORS = {"#flagged", "#accounts", "#map"}


class Parsed(HTMLParser):
    """Tags, attributes, text and style sheets of a page, as a browser's tokenizer sees them."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.styles: list[str] = []
        self._in_style = False
        self.feed(page)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        self._in_style = tag == "style"

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        (self.styles if self._in_style else self.text).append(data)

    def csp(self) -> str:
        found = [a["content"] for t, a in self.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
        assert len(found) == 1, "exactly one Content-Security-Policy"
        return found[0]


def hostile_report_page() -> str:
    rows = [
        {
            "cluster_id": i,
            "size": 40,
            "n_accounts": 7,
            "n_templates": 2,
            "first_seen": T0,
            "last_seen": T0,
            "capability": text,
            "capability_scores": [(text, 0.9)],
            "template": f"Solve <slot> {text} <slot>",
            "example_slot_values": HOSTILE,
            "risk_score": 0.9,
            "flagged": i % 2 == 0,
            "reasons": [text],
            "exemplar_request_ids": [text, SPOOFED_ID],
        }
        for i, text in enumerate(HOSTILE)
    ]
    clusters = pa.Table.from_pylist(rows, schema=CLUSTERS)
    accounts = pa.Table.from_pylist(
        [
            {
                "account_id": account,
                "n_requests": 3,
                "first_seen": T0,
                "last_seen": T0,
                "risk_score": 0.8,
                "flagged": True,
                "reasons": HOSTILE,
                "top_cluster_ids": [0],
                "ring_id": 1,
            }
            for account in [*HOSTILE, SPOOFED_ID]
        ],
        schema=ACCOUNTS,
    )
    points = pa.table({"cluster_id": range(len(HOSTILE)), "x": [float(i) for i in range(len(HOSTILE))],
                       "y": [1.0] * len(HOSTILE), "size": [40] * len(HOSTILE), "risk_score": [0.9] * len(HOSTILE),
                       "flagged": [True] * len(HOSTILE)})  # fmt: skip
    summary = {"inputs": HOSTILE, "counts": {h: 1 for h in HOSTILE}, "versions": {HOSTILE[0]: HOSTILE[1]},
               "config_digest": HOSTILE[2], "started_at": HOSTILE[3], HOSTILE[4]: HOSTILE[5]}  # fmt: skip
    return render_report(summary, clusters, accounts, points)


def hostile_account() -> AccountReport:
    segments = [Segment(text, slot=i % 2 == 1) for i, text in enumerate(HOSTILE)]
    return AccountReport(
        account_id=HOSTILE[0] + SPOOFED_ID,
        n_requests=len(HOSTILE),
        first_seen=T0,
        last_seen=T0,
        risk_score=0.84,
        flagged=True,
        reasons=HOSTILE,
        ring_id=0,
        clusters=[AccountCluster(i, 1, 0.1, f"{text} <slot>", text, 0.7, True) for i, text in enumerate(HOSTILE)],
        siblings=[Sibling(text, 1.0, [1], 6, True, 0.8, True) for text in [*HOSTILE, SPOOFED_ID]],
        n_siblings=len(HOSTILE) + 1,
        timeline=Timeline([DayCount(date(2026, 11, 2), len(HOSTILE))], [0] * 23 + [len(HOSTILE)]),
        examples=[Example(text, T0, 1, segments) for text in HOSTILE],
    )


def hostile_case_page() -> str:
    return render_case(hostile_account(), Path(HOSTILE[9]))


PAGES: dict[str, Callable[[], str]] = {"report": hostile_report_page, "case page": hostile_case_page}


@pytest.fixture(params=sorted(PAGES))
def page(request: pytest.FixtureRequest) -> str:
    return PAGES[request.param]()


def test_only_the_pages_own_elements_and_attributes(page: str) -> None:
    parsed = Parsed(page)
    assert {tag for tag, _ in parsed.tags} <= ELEMENTS
    for _, attrs in parsed.tags:
        assert set(attrs) <= ATTRIBUTES
        assert not any(name.startswith("on") for name in attrs)


def test_hostile_strings_show_verbatim_as_text(page: str) -> None:
    text = "".join(Parsed(page).text)
    for hostile in HOSTILE:
        assert hostile in text
    assert page.count("<style>") == page.count("</style>") == 1
    assert page.count("<title>") == page.count("</title>")


def test_no_link_leaves_the_page_and_nothing_is_loaded(page: str) -> None:
    parsed = Parsed(page)
    links = [attrs["href"] for _, attrs in parsed.tags if "href" in attrs]
    assert set(links) <= OWN_ANCHORS
    assert not any("javascript:" in value.lower() for _, attrs in parsed.tags for value in attrs.values())
    style = "".join(parsed.styles) + " ".join(a.get("style", "") for _, a in parsed.tags)
    assert not re.search(r"url\(|@import|@font-face|https?:|//", style, re.I)


def test_content_security_policy_allows_no_script_and_no_remote_resource(page: str) -> None:
    parsed = Parsed(page)
    directives = dict(d.strip().split(" ", 1) for d in parsed.csp().split(";"))
    assert directives["default-src"] == "'none'"  # scripts, frames, fonts, connections: none
    assert "script-src" not in directives and "script-src-elem" not in directives
    assert not {"http:", "https:", "*", "'unsafe-eval'"} & set(" ".join(directives.values()).split())
    # The policy and the charset come before anything taken from the data.
    head = [tag for tag, _ in parsed.tags][:4]
    assert head == ["html", "head", "meta", "meta"]
    assert parsed.tags[2][1] == {"charset": "utf-8"}


def test_invisible_characters_in_ids_are_spelled_out(page: str) -> None:
    assert "\u200b" not in page
    assert "camp7\\u200b" in page


def test_slot_values_in_case_prompts_are_marked_and_escaped() -> None:
    page = hostile_case_page()
    marks = re.findall(r'<mark class="slot">(.*?)</mark>', page)
    assert html.escape(HOSTILE[1], quote=True) in marks
    assert HOSTILE[1] not in page


def test_failed_case_write_leaves_the_earlier_page_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "case.html"
    target.write_text("earlier case page")

    def disk_full(*_: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("embedcluster.render.os.fsync", disk_full)
    with pytest.raises(OutputError, match=r"^cannot write case page .*: No space left on device$"):
        write_case(target, hostile_account(), tmp_path)
    assert target.read_text() == "earlier case page"
    assert [p.name for p in tmp_path.iterdir()] == ["case.html"]
