"""The HTML report: hostile data renders as inert text, the page is self-contained, writes are atomic."""

from __future__ import annotations

import html
import re
from datetime import datetime, timezone
from html.parser import HTMLParser
from pathlib import Path

import pyarrow as pa
import pytest

from embedcluster.errors import OutputError
from embedcluster.render import CSP
from embedcluster.report import MAX_FLAGGED_CLUSTERS, render_report, write_report
from embedcluster.schema import ACCOUNTS, CLUSTERS

HOSTILE = [
    "<script>alert(1)</script>",
    "</style><script>x</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">',
    "</pre>",
]
T0 = datetime(2024, 3, 1, 12, 30, 45, tzinfo=timezone.utc)
T1 = datetime(2024, 3, 2, 8, 5, tzinfo=timezone.utc)
# The only elements and attributes the page itself writes.
PAGE_TAGS = {
    "html", "head", "meta", "title", "style", "body", "main", "header", "h1", "h2", "h3", "h4", "p", "nav", "a",
    "div", "section", "article", "dl", "dt", "dd", "ul", "li", "code", "pre", "mark", "span", "table", "thead",
    "tbody", "tr", "th", "td", "svg", "circle",
}  # fmt: skip
PAGE_ATTRS = {
    "lang", "charset", "http-equiv", "content", "name", "href", "class", "id", "style", "viewbox", "width",
    "height", "role", "aria-label", "cx", "cy", "r", "fill",
}  # fmt: skip


class Page(HTMLParser):
    """Every tag, attribute and text run of a page, as a browser's tokenizer sees them."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.stack: list[str] = []
        self.titles: list[str] = []
        self.feed(source)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in {"meta", "circle"}:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self.stack and self.stack[-1] == "title" and "svg" in self.stack:
            self.titles.append(data)


def clusters_table(rows: list[dict]) -> pa.Table:
    base = {
        "size": 40,
        "n_accounts": 7,
        "n_templates": 2,
        "first_seen": T0,
        "last_seen": T1,
        "capability": "code",
        "capability_scores": [("code", 0.8), ("math", 0.1)],
        "template": "Solve <slot> step by step",
        "example_slot_values": ["x + 1 = 2"],
        "risk_score": 0.1,
        "flagged": False,
        "reasons": ["reason"],
        "exemplar_request_ids": ["req-1"],
    }
    return pa.Table.from_pylist([{**base, **row} for row in rows], schema=CLUSTERS)


def accounts_table(rows: list[dict]) -> pa.Table:
    base = {
        "n_requests": 12,
        "first_seen": T0,
        "last_seen": T1,
        "risk_score": 0.2,
        "flagged": False,
        "reasons": [],
        "top_cluster_ids": [1],
        "ring_id": -1,
    }
    return pa.Table.from_pylist([{**base, **row} for row in rows], schema=ACCOUNTS)


def map_table(clusters: pa.Table) -> pa.Table:
    n = clusters.num_rows
    return pa.table(
        {
            "cluster_id": clusters.column("cluster_id"),
            "x": pa.array([float(i) for i in range(n)], pa.float64()),
            "y": pa.array([float(i * i) for i in range(n)], pa.float64()),
            "size": clusters.column("size"),
            "risk_score": clusters.column("risk_score"),
            "flagged": clusters.column("flagged"),
        }
    )


def summary(**extra: object) -> dict:
    return {
        "started_at": "2024-03-03T10:11:12+00:00",
        "inputs": ["logs/a.jsonl.gz"],
        "counts": {"rows_read": 1200, "accepted": 1100, "clusters": 3},
        "timings_s": {"embed": 12.345},
        "versions": {"embedcluster": "0.1.0"},
        "config_digest": "abc123",
        **extra,
    }


@pytest.fixture
def hostile_page() -> str:
    clusters = clusters_table(
        [
            {
                "cluster_id": 1,
                "risk_score": 0.91,
                "flagged": True,
                "capability": HOSTILE[2],
                "capability_scores": [(HOSTILE[0], 0.9)],
                "template": " <slot> ".join(HOSTILE),
                "example_slot_values": HOSTILE,
                "reasons": HOSTILE,
                "exemplar_request_ids": HOSTILE,
            },
            {"cluster_id": 2, "risk_score": 0.3, "template": HOSTILE[4] + HOSTILE[0], "reasons": HOSTILE},
        ]
    )
    accounts = accounts_table(
        [
            {"account_id": h, "reasons": HOSTILE, "flagged": i % 2 == 0, "risk_score": 0.5 + i / 10}
            for i, h in enumerate(HOSTILE)
        ]
    )
    hostile_summary = summary(
        inputs=HOSTILE,
        counts={h: 1 for h in HOSTILE},
        timings_s={HOSTILE[0]: 1.0},
        versions={HOSTILE[1]: HOSTILE[2]},
        config_digest=HOSTILE[3],
        started_at=HOSTILE[0],
        note=HOSTILE[4],
    )
    return render_report(hostile_summary, clusters, accounts, map_table(clusters))


def test_hostile_strings_render_only_as_escaped_text(hostile_page: str) -> None:
    for hostile in HOSTILE:
        assert html.escape(hostile, quote=True) in hostile_page
    assert "<script" not in hostile_page.lower()
    assert "<img" not in hostile_page.lower()
    assert not re.search(r"<[^>]*onerror", hostile_page, re.I)
    assert not re.search(r"""href\s*=\s*["']?\s*javascript:""", hostile_page, re.I)
    assert hostile_page.count("</style>") == 1 and hostile_page.count("<style>") == 1
    assert hostile_page.count("<pre>") == hostile_page.count("</pre>") == 2


def test_hostile_page_parses_to_only_the_pages_own_markup(hostile_page: str) -> None:
    page = Page(hostile_page)
    assert {tag for tag, _ in page.tags} <= PAGE_TAGS
    for _, attrs in page.tags:
        assert set(attrs) <= PAGE_ATTRS
        assert not any("javascript:" in (v or "").lower() for v in attrs.values())
    text = "".join(page.text)
    for hostile in HOSTILE:
        assert hostile in text  # shown to the analyst verbatim, as text
    # the only links are the page's own in-page anchors
    assert sorted(a["href"] for tag, a in page.tags if "href" in a) == ["#accounts", "#flagged", "#map"]


def test_page_is_self_contained(hostile_page: str) -> None:
    assert f'<meta http-equiv="Content-Security-Policy" content="{CSP}">' in hostile_page
    assert CSP == "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    assert "<script" not in hostile_page.lower()
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:|//)""", hostile_page, re.I)
    assert "@import" not in hostile_page and "url(" not in hostile_page and "@font-face" not in hostile_page


def test_template_slots_are_highlighted_and_content_shown() -> None:
    clusters = clusters_table([{"cluster_id": 5, "risk_score": 0.876, "flagged": True, "size": 1234}])
    page = render_report(summary(), clusters, accounts_table([]), None)
    assert '<pre>Solve <mark class="slot">&lt;slot&gt;</mark> step by step</pre>' in page
    assert "0.88" in page and "1,234" in page
    assert "2024-03-01 12:30" in page and "2024-03-02 08:05" in page
    assert "2024-03-03 10:11" in page and "abc123" in page and "12.3 s" in page and "logs/a.jsonl.gz" in page
    assert 'class="badge high"' in page


def test_bidi_control_and_surrogate_characters_are_made_visible() -> None:
    clusters = clusters_table([{"cluster_id": 1, "flagged": True, "reasons": ["evil\u202eexe.txt\x00"]}])
    page = render_report({"inputs": ["log\udcff.gz"]}, clusters, accounts_table([]), None)  # an undecodable file name
    assert "\u202e" not in page and "\x00" not in page
    assert "evil\\u202eexe.txt\\u0000" in page and "log\\udcff.gz" in page
    page.encode("utf-8")


def test_empty_tables_and_empty_summary_render() -> None:
    page = render_report({}, clusters_table([]), accounts_table([]), map_table(clusters_table([])))
    assert "No flagged clusters." in page and "No other clusters." in page
    assert "No accounts." in page and "No clusters to place." in page
    assert render_report({"counts": None, "inputs": "one.jsonl"}, clusters_table([]), accounts_table([]), None)


def test_flagged_clusters_are_capped_with_a_note_and_others_limited() -> None:
    n = MAX_FLAGGED_CLUSTERS + 5
    rows = [{"cluster_id": i, "flagged": True, "risk_score": 0.5 + i / 1000} for i in range(n)]
    rows += [{"cluster_id": 1000 + i, "risk_score": i / 100} for i in range(30)]
    page = render_report(summary(), clusters_table(rows), accounts_table([]), None)
    assert page.count('<article class="cluster">') == MAX_FLAGGED_CLUSTERS + 20
    assert f"Showing the {MAX_FLAGGED_CLUSTERS} riskiest of {n} flagged clusters." in page
    assert "Cluster 204 " in page and "Cluster 4 " not in page  # the riskiest kept
    assert "Cluster 1029 " in page and "Cluster 1009 " not in page


def test_accounts_sorted_by_risk_and_capped() -> None:
    accounts = accounts_table(
        [{"account_id": f"acct-{i:03d}", "risk_score": i / 200, "ring_id": 7 if i == 150 else -1} for i in range(150)]
    )
    page = render_report(summary(), clusters_table([]), accounts, None)
    assert page.count("<tr>") == 101  # header + 100
    assert page.index("acct-149") < page.index("acct-148") and "acct-049" not in page


def test_svg_has_one_point_per_map_row_with_titles() -> None:
    clusters = clusters_table(
        [{"cluster_id": i, "size": 10**i, "risk_score": i / 5, "flagged": i >= 3} for i in range(6)]
    )
    page = Page(render_report(summary(), clusters, accounts_table([]), map_table(clusters)))
    circles = [attrs for tag, attrs in page.tags if tag == "circle"]
    assert len(circles) == 6
    assert sum(1 for c in circles if c.get("class") == "flagged") == 3
    assert len({c["r"] for c in circles}) == 6  # radius grows with size
    assert "cluster 5 · size 100,000 · risk 1.00 · flagged" in page.titles
    assert len(page.titles) == 6


def test_map_points_with_one_position_or_no_position() -> None:
    clusters = clusters_table([{"cluster_id": 1}, {"cluster_id": 2}])
    layout = map_table(clusters).set_column(1, "x", pa.array([0.0, float("nan")]))
    page = Page(render_report(summary(), clusters, accounts_table([]), layout))
    assert sum(1 for tag, _ in page.tags if tag == "circle") == 1
    assert "1 clusters without a position are not shown." in "".join(page.text)


def test_write_report_is_atomic_and_equals_render(tmp_path: Path) -> None:
    clusters = clusters_table([{"cluster_id": 1, "flagged": True, "template": HOSTILE[0]}])
    accounts = accounts_table([{"account_id": "a"}])
    target = tmp_path / "report.html"
    target.write_text("old report")
    write_report(target, summary(), clusters, accounts, map_table(clusters))
    assert target.read_text(encoding="utf-8") == render_report(summary(), clusters, accounts, map_table(clusters))
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_write_report_failure_leaves_old_report_and_no_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "report.html"
    target.write_text("old report")

    def fail(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("embedcluster.render.os.replace", fail)
    with pytest.raises(OutputError, match="No space left"):
        write_report(target, {}, clusters_table([]), accounts_table([]), None)
    assert target.read_text() == "old report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]
