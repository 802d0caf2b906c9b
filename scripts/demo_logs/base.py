"""Building blocks every table of the generator is written in: pools, templates, tools and splits."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

SPLITS = ("dev", "holdout", "all")


def lines(block: str) -> tuple[str, ...]:
    """Pools are written one entry a line so that long phrases stay readable."""
    return tuple(s.strip() for s in block.strip().splitlines() if s.strip())


@dataclass(frozen=True)
class Tool:
    """A tool definition in neutral form, rendered per request shape."""

    name: str
    description: str
    params: dict[str, Any]


@dataclass(frozen=True)
class Template:
    """One generator template: a user-turn format string, optional system prompt and tools."""

    id: str
    user: str
    system: str | None = None
    tools: tuple[Tool, ...] = ()


def tool(name: str, description: str, required: dict[str, str], optional: dict[str, str] | None = None) -> Tool:
    """Build a tool whose parameters are strings or integers (names ending in _n are integers)."""
    props = {**required, **(optional or {})}
    schema = {
        "type": "object",
        "properties": {
            key: {"type": "integer" if key.endswith("_n") else "string", "description": desc}
            for key, desc in props.items()
        },
        "required": list(required),
    }
    return Tool(name, description, schema)


def templates(
    prefix: str, texts: Iterable[str], system: str | None = None, tools: tuple[Tool, ...] = ()
) -> tuple[Template, ...]:
    """Templates numbered from 1 under one id prefix, sharing a system prompt and tools."""
    return tuple(Template(f"{prefix}{i + 1}", text.strip(), system, tools) for i, text in enumerate(texts))


def split_parts(split: str) -> tuple[str, ...]:
    """The template sets a log of this split draws from."""
    return ("dev", "holdout") if split == "all" else (split,)


def pick(mapping: dict[str, tuple[Any, ...]], split: str) -> tuple[Any, ...]:
    """The items of `mapping` that a log of this split may use, dev first."""
    return tuple(item for part in split_parts(split) for item in mapping.get(part, ()))
