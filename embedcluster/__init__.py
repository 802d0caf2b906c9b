"""embedcluster: find distillation campaigns in LLM API request logs.

    from pathlib import Path
    from embedcluster import load_config, run
    result = run(["logs/*.jsonl.gz"], Path("out"), load_config())

The public API: `run` (`embedcluster.pipeline.run`: logs in, flagged clusters
and accounts out), `assign` (`embedcluster.assignment.assign`: cluster ids for
new prompts from a nightly state), `load_config` and `Config`, and
`EmbedClusterError`, the root of every error raised. `run` and `assign` are
imported on first use, so code that only reads finished runs does not load the
clustering and embedding stack.
"""

from __future__ import annotations

__version__ = "0.1.0"

from typing import Any  # noqa: E402

from embedcluster.config import Config, load_config  # noqa: E402
from embedcluster.errors import EmbedClusterError  # noqa: E402

_LAZY = {"run": "embedcluster.pipeline", "assign": "embedcluster.assignment"}


def __getattr__(name: str) -> Any:
    """`run` and `assign` themselves (their signatures and docstrings), imported when first asked for."""
    if name in _LAZY:
        from importlib import import_module

        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'embedcluster' has no attribute {name!r}")


__all__ = ["Config", "EmbedClusterError", "assign", "load_config", "run", "__version__"]
