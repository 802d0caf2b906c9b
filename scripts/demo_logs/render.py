"""Planned events turned into request rows of the three shapes the ingester accepts, with the counts."""

from __future__ import annotations

import json
import random
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from scripts.demo_logs.accounts import CODING, MAIN, MODELS, NEW_MODEL, SHAPES, Account
from scripts.demo_logs.base import Tool, pick, split_parts
from scripts.demo_logs.campaigns import CampaignSpec
from scripts.demo_logs.lookalikes import HARNESS_SYSTEM, HARNESS_TOOLS, JAILBREAKS
from scripts.demo_logs.obfuscation import LIGHT_STYLES, OBFUSCATION_STYLES, STYLE_ORDER, Obfuscator
from scripts.demo_logs.textgen import TextGen

BAD_KINDS = ("non_json", "invalid_utf8", "missing_account", "empty_prompt", "bad_timestamp", "duplicate_id")
UNREADABLE = ("non_json", "invalid_utf8")
BAD_TIMESTAMPS = ("2026-13-45T25:61:00Z", "N/A", "yesterday 3pm", "1730.5.2", "", "31/11/2026 24:00")
TS_FORMS = ("iso_z", "iso_offset", "epoch_s", "epoch_ms")
TS_FORM_WEIGHTS = (40, 15, 25, 20)
OFFSETS = (-8, -5, -3, 1, 2, 5.5, 9)
JAILBREAK_ITEMS = {
    part: tuple((f"jailbreak.{part[0]}{i + 1}", text) for i, text in enumerate(texts)) for part, texts in JAILBREAKS.items()
}


@dataclass
class Content:
    """What one request says, before it is put into a request shape."""

    turns: list[tuple[str, str]]
    kind: str
    system: str | None = None
    tools: tuple[Tool, ...] = ()
    campaign: str = ""
    template: str = ""
    obfuscation: tuple[str, ...] = ()


def _iso(ts: float, offset_hours: float = 0.0, millis: bool = False) -> str:
    tz = timezone(timedelta(hours=offset_hours))
    text = datetime.fromtimestamp(ts, tz).isoformat(timespec="milliseconds" if millis else "seconds")
    return text.replace("+00:00", "Z")


class Writer:
    """Turns planned events into request rows, in time order, and keeps the counts."""

    def __init__(self, seed: int, split: str, long_context: float = 0.0) -> None:
        self.r = random.Random(f"{seed}/{split}/text")
        self.split = split
        self.gen = TextGen(self.r)
        # Pasted context draws from its own stream, so that logs without it stay byte-identical.
        self.long_context = long_context
        self.context_gen = TextGen(random.Random(f"{seed}/{split}/context"))
        self.obf = Obfuscator(self.r)
        self.hard: Any = None  # hard.HardWriter, which writes the requests of accounts with planned asks
        self.counts: dict[str, Counter[str]] = {
            k: Counter() for k in ("request_kind", "campaign", "shape", "timestamp", "bad", "other")
        }

    # ---- content -----------------------------------------------------------------------

    def content(self, acct: Account, code: int) -> Content:
        content = self.hard.content(acct, code) if acct.asks and self.hard is not None else self._content(acct, code)
        if self.long_context and self.context_gen.r.random() < self.long_context:
            role, text = content.turns[-1]
            content.turns[-1] = (role, self.context_gen.pasted_context(text))
        return content

    def _content(self, acct: Account, code: int) -> Content:
        r, gen = self.r, self.gen
        if code != MAIN:
            return cover_content(r, gen, code)
        if acct.kind == "harness":
            coding = r.random() < 0.75
            first = gen.organic_coding if coding else gen.organic
            turns = gen.conversation(first, coding) if r.random() < 0.35 else [("user", first())]
            system, tools = HARNESS_SYSTEM[acct.part], HARNESS_TOOLS[acct.part]
            return Content(turns, "harness", system, tools, template=f"harness.{acct.part}")
        if acct.kind == "jailbreak":
            template_id, text = r.choice(pick(JAILBREAK_ITEMS, self.split))
            pasted = text + r.choice((" ", "\n", "\n\n")) + gen.organic()
            return Content([("user", pasted)], "jailbreak", template=template_id)
        template = r.choice(acct.templates)
        text = gen.fill(template.user)
        if acct.kind != "campaign":
            return Content([("user", text)], acct.kind, template.system, template.tools, template=template.id)
        styles = self._styles(acct.spec)
        if styles:
            text = self.obf.apply(text, styles)
        return Content([("user", text)], "campaign", template.system, template.tools, acct.campaign, template.id,
                       styles)

    def _styles(self, spec: CampaignSpec | None) -> tuple[str, ...]:
        r = self.r
        if spec is None or r.random() >= spec.obfuscation:
            return ()
        part = r.choice(split_parts(self.split))
        if spec.heavy:
            chosen = r.sample(OBFUSCATION_STYLES[part], r.choice((1, 2, 2, 3)))
        else:
            chosen = [r.choice(LIGHT_STYLES[part])]
        return tuple(sorted(chosen, key=STYLE_ORDER.index))

    # ---- rows --------------------------------------------------------------------------

    def row(self, acct: Account, content: Content, ts: float, request_id: str, bad: str) -> dict[str, Any]:
        r = self.r
        shape = acct.shape
        if r.random() < 0.05:
            shape = r.choice(SHAPES[:2] if acct.needs_tools else SHAPES)
        form = r.choices(TS_FORMS, TS_FORM_WEIGHTS)[0]
        self.counts["shape"][shape] += 1
        self.counts["timestamp"][form] += 1
        if form == "iso_z":
            stamp: Any = _iso(ts, millis=r.random() < 0.5)
        elif form == "iso_offset":
            stamp = _iso(ts, r.choice(OFFSETS), millis=r.random() < 0.3)
        elif form == "epoch_s":
            stamp = int(ts)
        else:
            stamp = int(ts * 1000)
        if bad == "bad_timestamp":
            stamp = r.choice(BAD_TIMESTAMPS)
        row: dict[str, Any] = {"request_id": request_id, "account_id": acct.id, "timestamp": stamp}
        if bad == "missing_account":
            del row["account_id"]
        turns = content.turns
        if bad == "empty_prompt":
            turns = [*turns[:-1], ("user", r.choice(("", " ", "\n")))]
        if len(turns) > 1:
            self.counts["other"]["multi_turn"] += 1
        family = shape if shape != "flat" else ("anthropic" if acct.model in MODELS["anthropic"] else "openai")
        model = acct.model
        if ts >= acct.switch_at and r.random() < acct.adopt:
            model = NEW_MODEL[family]
        elif model not in MODELS[family]:  # the account's other client speaks the other API
            model = MODELS[family][0]
        if shape == "flat":
            text = turns[-1][1]
            row["prompt"] = f"{content.system}\n\n{text}" if content.system and text.strip() else text
            if acct.flat_model:
                row["model"] = model
        elif shape == "anthropic":
            row["request"] = self._anthropic(acct, content, turns, model)
        else:
            row["request"] = self._openai(acct, content, turns, model)
        if r.random() < acct.meta_rate:
            self.counts["other"]["with_metadata"] += 1
            row.update(self._metadata(acct))
        return row

    def _anthropic(self, acct: Account, content: Content, turns: list[tuple[str, str]], model: str) -> dict[str, Any]:
        req: dict[str, Any] = {"model": model, "max_tokens": acct.max_tokens}
        if content.system is not None:
            req["system"] = [{"type": "text", "text": content.system}] if acct.sys_blocks else content.system
        req["messages"] = [
            {"role": role, "content": [{"type": "text", "text": text}] if acct.blocks else text} for role, text in turns
        ]
        if content.tools:
            req["tools"] = [
                {"name": t.name, "description": t.description, "input_schema": t.params} for t in content.tools
            ]
        return req

    def _openai(self, acct: Account, content: Content, turns: list[tuple[str, str]], model: str) -> dict[str, Any]:
        messages: list[dict[str, Any]] = []
        if content.system is not None:
            messages.append({"role": "system", "content": content.system})
        parts = acct.blocks and self.r.random() < 0.3
        messages += [
            {"role": role, "content": [{"type": "text", "text": text}] if parts else text} for role, text in turns
        ]
        req: dict[str, Any] = {"model": model, "messages": messages}
        if content.tools:
            req["tools"] = [
                {"type": "function", "function": {"name": t.name, "description": t.description, "parameters": t.params}}
                for t in content.tools
            ]
        return req

    def _metadata(self, acct: Account) -> dict[str, str]:
        r = self.r
        if acct.proxies:
            ip = f"{r.choice(acct.proxies)}.{r.randint(2, 254)}"
        else:
            ip = r.choice(acct.ips)
        meta = {
            "client_ip": ip, "user_agent": acct.ua, "organization": acct.org,
            "payment_fingerprint": acct.payment, "account_created_at": _iso(acct.created),
        }
        if r.random() < 0.1:
            del meta[r.choice(tuple(meta))]
        return meta

    def count(self, content: Content, bad: str) -> None:
        self.counts["request_kind"][content.kind] += 1
        if content.campaign:
            self.counts["campaign"][content.campaign] += 1
        if content.obfuscation:
            self.counts["other"]["obfuscated"] += 1
        if bad:
            self.counts["bad"][bad] += 1

    def line(self, row: dict[str, Any], bad: str) -> bytes:
        text = json.dumps(row, ensure_ascii=False, separators=(",", ":"))
        if bad == "non_json":
            text = repr(row) if self.r.random() < 0.3 else text[: max(10, int(len(text) * self.r.uniform(0.3, 0.9)))]
        data = text.encode("utf-8")
        if bad == "invalid_utf8":
            cut = self.r.randint(20, max(21, len(data) - 2))
            data = data[:cut] + self.r.choice((b"\xff\xfe", b"\xc3\x28", b"\xa0\xa1", b"\xf8\x88\x80")) + data[cut:]
        return data


def cover_content(r: random.Random, gen: TextGen, code: int) -> Content:
    """An ordinary request (coding or not) among an account's own traffic; a tenth of them multi-turn."""
    coding = code == CODING
    first = gen.organic_coding if coding else gen.organic
    turns = gen.conversation(first, coding) if r.random() < 0.1 else [("user", first())]
    return Content(turns, "organic_coding" if coding else "organic")
