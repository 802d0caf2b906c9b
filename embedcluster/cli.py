"""Command line: a thin typer layer over the Python API; library errors become one line."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from embedcluster.config import load_config
from embedcluster.errors import EmbedClusterError
from embedcluster.ingest import expand_inputs

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Find distillation campaigns in LLM API request logs.")
console = Console(stderr=True)
out_console = Console()


def _fail(exc: EmbedClusterError) -> None:
    typer.echo(f"error: {exc}", err=True)
    raise typer.Exit(code=2)


@app.callback()
def _root() -> None:
    """embedcluster: embed, index and cluster templated prompts; score and explain clusters and accounts."""


@app.command()
def run(
    inputs: Annotated[list[str], typer.Argument(help="Log files or globs: JSONL (.gz), CSV or Parquet.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output directory.")],
    config: Annotated[Optional[Path], typer.Option("--config", "-c", help="YAML config (see configs/default.yaml).")] = None,
) -> None:
    """Run the detector over request logs and write clusters, accounts and a report to OUT.

    Example: embedcluster run 'logs/2026-11-*.jsonl.gz' --out runs/nov
    """
    try:
        cfg = load_config(config)
        expand_inputs(inputs)
        from embedcluster.pipeline import run as run_pipeline

        with _progress() as progress:
            tasks: dict[str, int] = {}

            def on_progress(stage: str, done: int, total: int | None) -> None:
                if stage not in tasks:
                    tasks[stage] = progress.add_task(stage, total=total)
                progress.update(tasks[stage], completed=done, total=total)

            result = run_pipeline(inputs, out, cfg, progress=on_progress)
    except EmbedClusterError as exc:
        _fail(exc)
    _print_summary(result.summary, out)


def _progress() -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description:<8}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    )


def _print_summary(summary: dict, out: Path) -> None:
    counts, timings = summary["counts"], summary["timings_s"]
    table = Table(title="embedcluster run", show_header=True)
    table.add_column("measure")
    table.add_column("value", justify="right")
    for key in ("rows_read", "accepted", "rejected", "duplicates", "distinct_texts", "templates",
                "clusters", "flagged_clusters", "accounts", "flagged_accounts", "rings"):
        table.add_row(key.replace("_", " "), f"{counts.get(key, 0):,}")
    table.add_row("wall time", f"{sum(timings.values()):.1f} s")
    out_console.print(table)
    report = out / "report.html"
    if report.exists():
        out_console.print(f"report: {report.resolve()}", markup=False, highlight=False)
    out_console.print(f"outputs: {out.resolve()}", markup=False, highlight=False)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
