"""Command line: a thin typer layer over the Python API; library errors become one line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.console import Console, RenderableType
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from embedcluster import views
from embedcluster.casefile import write_case
from embedcluster.config import load_config
from embedcluster.errors import EmbedClusterError
from embedcluster.ingest import expand_inputs
from embedcluster.investigate import account_report, cluster_report, similar_prompts
from embedcluster.store import open_run

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


RunDir = Annotated[Path, typer.Option("--run", "-r", help="A finished run: the --out directory of `embedcluster run`.")]
AsJson = Annotated[bool, typer.Option("--json", help="Print the same data as JSON, for scripts.")]


def _show(report: object, as_json: bool, view: Callable[[Any], RenderableType]) -> None:
    if as_json:
        typer.echo(views.as_json(report))
    else:
        out_console.print(view(report))


@app.command()
def investigate(
    account_id: Annotated[str, typer.Argument(help="The account to investigate.")],
    run_dir: RunDir,
    as_json: AsJson = False,
    html: Annotated[Optional[Path], typer.Option(help="Also write the case as a self-contained HTML page.")] = None,
) -> None:
    """One account: risk and reasons, its clusters, its sibling accounts, its activity, example prompts.

    Examples:

      embedcluster investigate acct-1842 --run runs/nov

      embedcluster investigate acct-1842 --run runs/nov --json | jq '.siblings[].account_id'

      embedcluster investigate acct-1842 --run runs/nov --html case-1842.html
    """
    try:
        with open_run(run_dir) as store:
            report = account_report(store, account_id)
        if html is not None:
            write_case(html, report, run_dir)
            console.print(f"case page: {html.resolve()}", markup=False, highlight=False)
    except EmbedClusterError as exc:
        _fail(exc)
    _show(report, as_json, views.account_view)


@app.command()
def cluster(
    cluster_id: Annotated[int, typer.Argument(help="The cluster to show (as in clusters.parquet and the report).")],
    run_dir: RunDir,
    as_json: AsJson = False,
) -> None:
    """One cluster: template, slot values, capability scores, accounts by volume, activity, nearest clusters.

    Examples:

      embedcluster cluster 12 --run runs/nov

      embedcluster cluster 12 --run runs/nov --json | jq '.accounts[].account_id'
    """
    try:
        with open_run(run_dir) as store:
            report = cluster_report(store, cluster_id)
    except EmbedClusterError as exc:
        _fail(exc)
    _show(report, as_json, views.cluster_view)


@app.command()
def similar(
    run_dir: RunDir,
    text: Annotated[Optional[str], typer.Argument(help="A prompt to look for, embedded with the run's model.")] = None,
    request_id: Annotated[Optional[str], typer.Option(help="Look for the prompt of this stored request instead.")] = None,
    k: Annotated[int, typer.Option("-k", min=1, max=1000, help="How many prompts to show.")] = 10,
    config: Annotated[Optional[Path], typer.Option("--config", "-c", help="The run's config, for its embed section.")] = None,
    as_json: AsJson = False,
) -> None:
    """The stored prompts nearest a prompt, with their accounts, clusters and similarity.

    Examples:

      embedcluster similar "Goal: build a web scraper in Rust. Think step by step" --run runs/nov

      embedcluster similar --request-id req-00042 --run runs/nov -k 20 --json
    """
    if (text is None) == (request_id is None):
        raise typer.BadParameter("give a TEXT or --request-id, one of the two")
    try:
        embed_config = load_config(config).embed if text is not None else None
        with open_run(run_dir) as store:
            report = similar_prompts(store, text=text, request_id=request_id, k=k, embed_config=embed_config)
    except EmbedClusterError as exc:
        _fail(exc)
    _show(report, as_json, views.similar_view)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
