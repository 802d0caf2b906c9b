"""The one place that makes a value from a run safe to show, and the pieces every HTML page is built from.

Every string in a run (prompts, templates, account and request ids, reasons,
file names) was written by whoever sent the requests. `inert` spells out what a
screen would hide or obey, for the terminal views and the pages alike; `ident`
shows an account or request id so that no two ids look alike; `escape` then
makes either plain HTML text, safe in element content and quoted attributes.
Every page gets the same shell from `page`: no script, nothing loaded, no link
built from data, and a Content-Security-Policy that forbids all of that anyway
should an escape ever be missed.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import math
import os
import re
import secrets
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from embedcluster.errors import OutputError
from embedcluster.schema import SLOT

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
MAX_TEXT_CHARS = 2_000  # one hostile 200k-character prompt must not bury the page
MAX_TEMPLATE_CHARS = 10_000
MAX_ID_CHARS = 64  # longer ids show their head and a hash: 10 KB ids stay apart and leave the columns alone
ID_HEAD_CHARS = 32
AMBER_RISK = 0.25  # not flagged, yet worth a look
DASH = "—"
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


# -- neutralising: every value from the data leaves through one of these ----------------------------------------


def inert(value: Any, limit: int = MAX_TEXT_CHARS) -> str:
    """A value from the data as it may be shown anywhere: clipped, every invisible character spelled out."""
    shown = str(value)
    if len(shown) > limit:
        shown = f"{shown[:limit]} … [{len(shown) - limit:,} more characters]"
    return _INVISIBLE.sub(_escape_code, shown)


def _escape_code(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def ident(value: Any) -> str:
    """An id (account, request) shown so that two different ids never look the same.

    Ids are names to compare, not prose: every character outside printable ASCII
    is spelled out as \\uXXXX (no-break space, Hangul filler, blank braille,
    combining joiner, a Cyrillic `а` among Latin letters), a backslash doubles so a
    spelled-out character cannot be faked, an id that is empty, starts with a quote
    or has a space at either end is quoted (`" "` stays visible), and a long id
    shows its head, its length and a hash of the whole.
    """
    raw = str(value)
    shown = "".join(_id_char(char) for char in raw)
    if not raw or raw[0] in ' "' or raw[-1] == " ":
        shown = '"' + shown.replace('"', '\\"') + '"'
    if len(shown) > MAX_ID_CHARS:
        digest = hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()[:12]
        shown = f"{shown[:ID_HEAD_CHARS]}... [{len(raw):,} chars, sha256 {digest}]"  # over MAX_ID_CHARS: no id shows so
    return shown


def _id_char(char: str) -> str:
    if " " <= char <= "~":
        return "\\\\" if char == "\\" else char
    code = ord(char)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def escape_id(value: Any) -> str:
    """`ident`, HTML-escaped."""
    return html.escape(ident(value), quote=True)


def escape(value: Any, limit: int = MAX_TEXT_CHARS) -> str:
    """Escaped text, safe in element content and in quoted attributes; clipped so one value cannot flood the page."""
    return html.escape(inert(value, limit), quote=True)


# -- numbers and times ------------------------------------------------------------------------------------------


def finite(value: Any) -> float | None:
    """A usable number, or None for missing, NaN, infinite or non-numeric values."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    return None


def number(value: Any) -> str:
    """Integers with thousands separators, other numbers to two places; anything else escaped as given."""
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    usable = finite(value)
    return DASH if value is None else f"{usable:,.2f}" if usable is not None else escape(value)


def score(value: Any) -> str:
    """A risk score to two places, or a dash when there is none."""
    usable = finite(value)
    return DASH if usable is None else f"{usable:.2f}"


def timestamp(value: Any) -> str:
    """UTC `YYYY-MM-DD HH:MM`; naive times are taken as UTC, unparseable strings shown as given."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return escape(value)
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M")
    return DASH if value is None else escape(value)


# -- HTML pieces ------------------------------------------------------------------------------------------------


def badge(risk: Any, flagged: Any) -> str:
    """Red when flagged, amber when risky but under the flag, grey otherwise."""
    level = "high" if flagged else "mid" if (finite(risk) or 0.0) >= AMBER_RISK else "low"
    return f'<span class="badge {level}">{score(risk)}</span>'


def items(values: Iterable[Any] | None, code: bool = False) -> str:
    """A bulleted list of values from the data, each escaped."""
    values = list(values or [])
    if not values:
        return DASH
    wrap = (lambda v: f"<code>{escape(v)}</code>") if code else escape
    return "<ul>" + "".join(f"<li>{wrap(v)}</li>" for v in values) + "</ul>"


def none(message: str) -> str:
    """What stands in for an empty section."""
    return f'<p class="none">{escape(message)}</p>'


def facts(rows: Mapping[str, str]) -> str:
    """A definition list of label -> already-rendered HTML."""
    return '<dl class="facts">' + "".join(f"<dt>{escape(k)}</dt><dd>{v}</dd>" for k, v in rows.items()) + "</dl>"


def data_table(columns: Iterable[str], rows: Iterable[Iterable[str]]) -> str:
    """A scrolling table of fixed column names and already-rendered cells."""
    header = "<tr>" + "".join(f"<th>{c}</th>" for c in columns) + "</tr>"
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f'<div class="scroll"><table><thead>{header}</thead><tbody>{body}</tbody></table></div>'


def template_block(template: Any) -> str:
    """The template in a <pre>; the text between markers is escaped piece by piece, each marker highlighted."""
    if template in (None, ""):
        return DASH
    marker = f'<mark class="slot">{escape(SLOT)}</mark>'
    return "<pre>" + marker.join(escape(part, MAX_TEMPLATE_CHARS) for part in str(template).split(SLOT)) + "</pre>"


# -- pages ------------------------------------------------------------------------------------------------------


def page(title: str, body: str, css: str = "") -> str:
    """The shell every page shares: the policy comes right after the charset, before anything it must govern.

    `title` and `body` are HTML: every value from the data in them must already have gone through `escape`.
    """
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title><style>{CSS}{css}</style></head>\n"
        f"<body><main>{body}</main></body></html>\n"
    )


def write_page(path: Path, text: str, what: str) -> None:
    """Write the page beside `path` first, then rename it over: a crash or a full disk never leaves half a page."""
    path = Path(path)
    temp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(fd, "wb") as out:
            out.write(text.encode("utf-8"))
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write {what} {path}: {exc.strerror or exc}") from None
        raise
