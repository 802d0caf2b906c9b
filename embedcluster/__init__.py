"""embedcluster: find distillation campaigns in LLM API request logs.

    from pathlib import Path
    from embedcluster import load_config, run
    result = run(["logs/*.jsonl.gz"], Path("out"), load_config())

`run` and `assign` import the embedding stack (torch) only when called, so
importing the package stays cheap for code that only reads finished runs.
"""

from __future__ import annotations

__version__ = "0.1.0"

from collections.abc import Iterable, Iterator  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import TYPE_CHECKING, Any  # noqa: E402

from embedcluster.config import Config, load_config  # noqa: E402
from embedcluster.errors import EmbedClusterError  # noqa: E402
from embedcluster.progress import ProgressFn, no_progress  # noqa: E402

if TYPE_CHECKING:
    from embedcluster.embed import Embedder
    from embedcluster.pipeline import RunResult


def run(
    inputs: list[str],
    out_dir: Path,
    config: Config | None = None,
    progress: ProgressFn = no_progress,
    embedder: Embedder | None = None,
    point_embedder: Embedder | None = None,
) -> RunResult:
    """Run the detector over request logs (files or globs) into `out_dir`; see `embedcluster.pipeline.run`.

    Returns the run's summary and its clusters and accounts tables; raises an
    `EmbedClusterError` with a one-line message on bad input, config or output.
    """
    from embedcluster.pipeline import run as run_pipeline

    return run_pipeline(inputs, Path(out_dir), config, progress, embedder, point_embedder)


def assign(
    requests: Iterable[Any],
    state: Path | str,
    config: Config | None = None,
    embedder: Embedder | None = None,
) -> Iterator[dict[str, Any]]:
    """Template and cluster ids for request rows from a nightly state; see `embedcluster.assignment.assign`.

    One result dict per row, in order; the state is only read. `config` defaults
    to the one the state's last night ran with.
    """
    from embedcluster.assignment import assign as assign_rows

    return assign_rows(requests, Path(state), config, embedder)


__all__ = ["Config", "EmbedClusterError", "assign", "load_config", "run", "__version__"]
