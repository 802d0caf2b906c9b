"""embedcluster: find distillation campaigns in LLM API request logs.

    from embedcluster import load_config, run
    result = run(["logs/*.jsonl.gz"], Path("out"), load_config())
"""

__version__ = "0.1.0"

from embedcluster.config import Config, load_config  # noqa: E402
from embedcluster.errors import EmbedClusterError  # noqa: E402


def run(*args, **kwargs):
    """The detector end to end; see `embedcluster.pipeline.run` (imported lazily: it pulls in torch)."""
    from embedcluster.pipeline import run as _run

    return _run(*args, **kwargs)


def assign(*args, **kwargs):
    """Cluster ids for request rows from a nightly state; see `embedcluster.assignment.assign`."""
    from embedcluster.assignment import assign as _assign

    return _assign(*args, **kwargs)


__all__ = ["Config", "EmbedClusterError", "assign", "load_config", "run", "__version__"]
