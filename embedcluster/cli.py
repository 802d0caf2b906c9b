"""Command line: a thin typer layer over the Python API; library errors become one line."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.console import Console, RenderableType
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from embedcluster import views
from embedcluster.casefile import write_case
from embedcluster.config import default_capabilities_yaml, default_yaml, load_config
from embedcluster.errors import EmbedClusterError
from embedcluster.readers import expand_inputs
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
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Output directory of a one-off run.")] = None,
    state: Annotated[
        Optional[Path], typer.Option("--state", "-s", help="Nightly state directory, kept across runs (instead of --out).")
    ] = None,
    config: Annotated[
        Optional[Path], typer.Option("--config", "-c", help="YAML config of the settings to change (`embedcluster config show`).")
    ] = None,
    wait: Annotated[float, typer.Option(help="With --state: seconds to wait for another run on the state to finish.")] = 0.0,
) -> None:
    """Run the detector over request logs: a one-off run into OUT, or one night added to a STATE.

    Examples:

      embedcluster run 'logs/2026-11-*.jsonl.gz' --out runs/nov

      embedcluster run logs/2026-11-24.jsonl.gz --state state/

      embedcluster run logs/day.jsonl.gz --out runs/day --config configs/accurate.yaml
    """
    if (out is None) == (state is None):
        raise typer.BadParameter("give --out DIR for a one-off run or --state DIR for a nightly run, one of the two")
    try:
        _check_target(out, state)
        cfg = load_config(config)
        expand_inputs(inputs)
        with _progress() as progress:
            tasks: dict[str, int] = {}

            def on_progress(stage: str, done: int, total: int | None) -> None:
                if stage not in tasks:
                    tasks[stage] = progress.add_task(stage, total=total)
                progress.update(tasks[stage], completed=done, total=total)

            if state is not None:
                from embedcluster.nightly import run_night

                night = run_night(inputs, state, cfg, progress=on_progress, wait_s=wait)
            else:
                from embedcluster.pipeline import run as run_pipeline

                result = run_pipeline(inputs, out, cfg, progress=on_progress)
    except EmbedClusterError as exc:
        _fail(exc)
    if state is None:
        _print_summary(result.summary, out)
    elif night.generation is None:
        counts = night.summary["counts"]
        out_console.print(
            f"nothing new: {counts['files_already_ingested']} of {counts['files']} file(s) already ingested, "
            f"{counts['already_ingested']:,} request(s) already in the state; state unchanged",
            markup=False, highlight=False,
        )
    else:
        _print_summary(night.summary, night.generation)


def _check_target(out: Path | None, state: Path | None) -> None:
    """Refuse a folder of someone's files before anything is read or written, not after an hour of work."""
    if out is not None:
        from embedcluster.outputs import check_out_dir

        check_out_dir(out)
    else:
        from embedcluster.state import StateDir

        StateDir(state).check()


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
    keys = ["rows_read", "accepted", "rejected", "rejected_not_written", "duplicates", "distinct_texts", "templates",
            "clusters", "flagged_clusters", "accounts", "flagged_accounts", "rings"]
    if "night" in summary:
        table.title = f"embedcluster night {summary['night']}"
        keys[4:4] = ["already_ingested", "new_texts", "window_requests", "lineage_events"]
    for key in keys:
        table.add_row(key.replace("_", " "), f"{counts.get(key, 0):,}")
    table.add_row("wall time", f"{sum(timings.values()):.1f} s")
    out_console.print(table)
    report = out / "report.html"
    if report.exists():
        out_console.print(f"report: {report.resolve()}", markup=False, highlight=False)
    out_console.print(f"outputs: {out.resolve()}", markup=False, highlight=False)


RunDir = Annotated[
    Optional[Path], typer.Option("--run", "-r", help="A finished run: the --out directory of `embedcluster run`.")
]
StateOpt = Annotated[
    Optional[Path], typer.Option("--state", "-s", help="A nightly state directory: its latest night is read.")
]
AsJson = Annotated[bool, typer.Option("--json", help="Print the same data as JSON, for scripts.")]


def _run_dir(run_dir: Path | None, state: Path | None) -> Path:
    """The run directory to read: --run as given, or the latest finished night of --state."""
    if (run_dir is None) == (state is None):
        raise typer.BadParameter("give --run DIR or --state DIR, one of the two")
    if state is not None:
        from embedcluster.state import StateDir

        return StateDir(state).require_current().path
    return run_dir


def _show(report: object, as_json: bool, view: Callable[[Any], RenderableType]) -> None:
    if as_json:
        typer.echo(views.as_json(report))
    else:
        out_console.print(view(report))


@app.command()
def investigate(
    account_id: Annotated[str, typer.Argument(help="The account to investigate.")],
    run_dir: RunDir = None, state: StateOpt = None,  # one of the two
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
        run_dir = _run_dir(run_dir, state)
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
    run_dir: RunDir = None, state: StateOpt = None,  # one of the two
    as_json: AsJson = False,
) -> None:
    """One cluster: template, slot values, capability scores, accounts by volume, activity, nearest clusters.

    Examples:

      embedcluster cluster 12 --run runs/nov

      embedcluster cluster 12 --run runs/nov --json | jq '.accounts[].account_id'
    """
    try:
        with open_run(_run_dir(run_dir, state)) as store:
            report = cluster_report(store, cluster_id)
    except EmbedClusterError as exc:
        _fail(exc)
    _show(report, as_json, views.cluster_view)


@app.command()
def similar(
    text: Annotated[Optional[str], typer.Argument(help="A prompt to look for, embedded with the run's model.")] = None,
    request_id: Annotated[Optional[str], typer.Option(help="Look for the prompt of this stored request instead.")] = None,
    run_dir: RunDir = None,
    state: StateOpt = None,
    k: Annotated[int, typer.Option("-k", min=1, max=1000, help="How many prompts to show.")] = 10,
    config: Annotated[
        Optional[Path], typer.Option("--config", "-c", help="Embed with this config instead of the run's own.")
    ] = None,
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
        with open_run(_run_dir(run_dir, state)) as store:
            embed_config = (load_config(config) if config else store.config()).embed if text is not None else None
            report = similar_prompts(store, text=text, request_id=request_id, k=k, embed_config=embed_config)
    except EmbedClusterError as exc:
        _fail(exc)
    _show(report, as_json, views.similar_view)


StateArg = Annotated[Path, typer.Option("--state", "-s", help="A nightly state directory.")]


@app.command()
def lineage(
    some_id: Annotated[int, typer.Argument(help="A cluster or campaign id of the state (a campaign's id is its founding cluster's).")],
    state: StateArg,
    as_json: AsJson = False,
) -> None:
    """A cluster's history across nights (born, split from, merged into, revived) and its campaign's clusters night by night.

    Example: embedcluster lineage 7 --state state/
    """
    from embedcluster.lineage import lineage as read_lineage
    from embedcluster.lineage import lineage_view

    try:
        report = read_lineage(state, some_id)
    except EmbedClusterError as exc:
        _fail(exc)
    _show(report, as_json, lineage_view)


@app.command()
def assign(
    state: StateArg,
    config: Annotated[
        Optional[Path], typer.Option("--config", "-c", help="Use this config instead of the state's own.")
    ] = None,
) -> None:
    """Read requests as JSONL on stdin; write one JSONL line per request with its template and cluster ids.

    Never changes the state. A bad line gets a line with its "error" instead.

    Example: zcat new.jsonl.gz | embedcluster assign --state state/ > assigned.jsonl
    """
    import sys

    import orjson

    from embedcluster.assignment import assign as assign_requests

    def rows():
        for line in sys.stdin.buffer:
            if line.strip():
                try:
                    yield orjson.loads(line)
                except orjson.JSONDecodeError:
                    yield line.decode("utf-8", "replace")

    try:
        for result in assign_requests(rows(), state, load_config(config) if config else None):
            sys.stdout.buffer.write(orjson.dumps(result) + b"\n")
    except EmbedClusterError as exc:
        _fail(exc)


@app.command()
def serve(
    state: StateArg,
    host: Annotated[str, typer.Option(help="Address to bind; loopback unless you mean to expose it.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8311,
    api_key_env: Annotated[
        Optional[str], typer.Option(help="Name of an environment variable holding the API key clients must send.")
    ] = None,
    config: Annotated[
        Optional[Path], typer.Option("--config", "-c", help="Use this config instead of the state's own.")
    ] = None,
    workers: Annotated[int, typer.Option(min=1, help="/assign batches embedded at once.")] = 2,
    max_connections: Annotated[int, typer.Option(min=1, help="Open connections allowed in all.")] = 128,
    max_client_connections: Annotated[
        int, typer.Option(min=1, help="Open connections allowed from one address (behind a proxy: raise it).")
    ] = 64,
    request_timeout: Annotated[
        float, typer.Option(min=0.1, help="Seconds a request may take to arrive whole (headers and body).")
    ] = 30.0,
) -> None:
    """Serve cluster ids over HTTP: POST /assign, GET /clusters/{id}, GET /accounts/{id}, GET /healthz.

    Example: EC_KEY=s3cret embedcluster serve --state state/ --api-key-env EC_KEY
    """

    from embedcluster.serve import ConnectionLimits
    from embedcluster.serve import serve as serve_state

    api_key = None
    if api_key_env is not None:
        api_key = os.environ.get(api_key_env)
        if not api_key:
            raise typer.BadParameter(f"environment variable {api_key_env} is not set")
    try:
        limits = ConnectionLimits(max_connections, max_client_connections, request_timeout)
        cfg = load_config(config) if config else None
        serve_state(state, host=host, port=port, api_key=api_key, config=cfg, limits=limits, workers=workers)
    except EmbedClusterError as exc:
        _fail(exc)


config_app = typer.Typer(no_args_is_help=True, help="The packaged defaults: every setting, and the capability prototypes.")
app.add_typer(config_app, name="config")
CapabilitiesOpt = Annotated[bool, typer.Option("--capabilities", help="The capability prototypes instead of the settings.")]


@config_app.command("show")
def config_show(capabilities: CapabilitiesOpt = False) -> None:
    """Print every setting with its default and a comment (or the capability prototypes).

    Example: embedcluster config show | less
    """
    typer.echo(default_capabilities_yaml() if capabilities else default_yaml(), nl=False)


@config_app.command("write")
def config_write(
    path: Annotated[Path, typer.Argument(help="Where to write the YAML; an existing file is not replaced.")],
    capabilities: CapabilitiesOpt = False,
) -> None:
    """Write the defaults (or the capability prototypes) to PATH, to edit and pass with --config.

    Example: embedcluster config write my.yaml && embedcluster run logs/*.jsonl.gz --out run --config my.yaml
    """
    try:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(default_capabilities_yaml() if capabilities else default_yaml())
    except FileExistsError:
        _fail(EmbedClusterError(f"{path} exists; choose another path or remove it first"))
    except OSError as exc:
        _fail(EmbedClusterError(f"cannot write {path}: {exc.strerror or exc}"))
    console.print(f"wrote {path}", markup=False, highlight=False)


def main() -> None:
    # Before any OpenMP runtime starts: numba's idle threads (UMAP) would otherwise spin against torch's.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    app()


if __name__ == "__main__":
    main()
