"""`embedcluster serve`: cluster ids for other detectors over HTTP, from a nightly state, read-only.

    POST /assign              {"requests": [row, ...]} -> {"results": [assignment or per-row error, ...]}
    GET  /clusters/{id}       the cluster report (`embedcluster cluster --json`)
    GET  /accounts/{id}       the account report (`embedcluster investigate --json`)
    GET  /healthz             the generation being served

Prompt text is hostile, and so is every client: the service binds to loopback by
default, compares an optional API key in constant time before reading a body,
caps body size (declared and actually streamed) and batch size, leaves over-long
prompts to the ingest cap (`ingest.max_text_chars`, a per-row error), answers
every error as one JSON line and never sends a stack trace. Connections are
bounded per client and in all, and a request must arrive whole within a time
limit, so idle or trickling connections cannot shut others out; `/assign` runs
on a small pool of workers, so one slow batch does not stall the rest. Without
an API key, replies name no file path and suggest no ids. Each request reads
the state's CURRENT pointer, so a night published while the service runs is
picked up by the next request, with the embedding model kept loaded.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any

import orjson
import uvicorn
from starlette.concurrency import run_in_threadpool
from fastapi import FastAPI, HTTPException, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from embedcluster import __version__
from embedcluster.assignment import BATCH_ROWS, Assigner
from embedcluster.config import Config
from embedcluster.embed import Embedder
from embedcluster.errors import ConfigError, EmbedClusterError, RunError
from embedcluster.findings import AccountReport, ClusterReport
from embedcluster.guards import BodyLimit, ConnectionLimits, RequireKey, server_settings
from embedcluster.investigate import account_report, cluster_report
from embedcluster.state import Generation, StateDir
from embedcluster.store import RunStore, open_run

DEFAULT_PORT = 8311
MAX_BODY_BYTES = 8 * 1024 * 1024  # a full batch of typical prompts is well under 1 MiB
MAX_BATCH = BATCH_ROWS  # the batch size `assign` embeds at once
WORKERS = 2  # /assign batches embedded at once, each with its own read-only view of the state
QUEUE_WAIT_S = 30.0  # how long an /assign waits for a free worker before a 503
_INT64 = 2**63

log = logging.getLogger("embedcluster.serve")



# -- request and response models (the OpenAPI schema) ----------------------------------------------------------


class AssignRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    requests: list[Any] = Field(description="Request rows in any shape `embedcluster run` reads (JSONL objects).")


class Assignment(BaseModel):
    request_id: str
    template_id: int = Field(description="-1: no known template")
    cluster_id: int = Field(description="-1: in no cluster")
    campaign_id: int = Field(description="-1: in no cluster; the id to key on across nights")
    capability: str
    risk_score: float = Field(description="the cluster's risk; 0 outside clusters")
    similarity: float = Field(description="cosine to the nearest stored prompt; 1 for a prompt the state has seen")


class RowError(BaseModel):
    request_id: str | None = Field(description="null when the row had no usable id")
    error: str


class AssignResponse(BaseModel):
    results: list[Assignment | RowError] = Field(description="one per request row, in order")


class Health(BaseModel):
    ok: bool
    generation: int
    path: str | None = Field(None, description="the generation's folder; only to callers with the API key")


class ErrorBody(BaseModel):
    detail: str


_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorBody} for code in (401, 404, 408, 413, 422, 500, 503)
}


# -- the state behind the service -------------------------------------------------------------------------------


class Busy(Exception):
    """Every /assign worker stayed taken for the whole wait."""


class _Service:
    """A pool of Assigners over the current generation (one model), each rebuilt when a new night is published.

    A DuckDB connection serves one thread at a time, so each worker has its own;
    a slow batch holds one worker and the others keep answering."""

    def __init__(self, state_dir: Path, config: Config | None, embedder: Embedder | None, workers: int) -> None:
        self.state = StateDir(state_dir)
        self.config = config  # None: each generation's own saved config
        first = Assigner(self.state.root, config, embedder)
        self._idle = [first, *(Assigner(self.state.root, config, first.embedder) for _ in range(workers - 1))]
        self._slots: asyncio.Semaphore | None = None  # made in the server's event loop
        self.workers = workers

    def current(self) -> Generation:
        """Reads the small CURRENT file: cheap enough for every request."""
        return self.state.require_current()

    async def assign(self, rows: list[Any], wait_s: float) -> list[dict[str, Any]]:
        """Waits up to `wait_s` for a free worker, then assigns in a thread (not cancelled midway)."""
        self._slots = self._slots or asyncio.Semaphore(self.workers)
        try:
            await asyncio.wait_for(self._slots.acquire(), wait_s)
        except asyncio.TimeoutError:
            raise Busy from None
        assigner = self._idle.pop()
        try:
            assigner = await run_in_threadpool(self._fresh, assigner)
            return await run_in_threadpool(assigner.assign_rows, rows)
        finally:
            self._idle.append(assigner)
            self._slots.release()

    def _fresh(self, assigner: Assigner) -> Assigner:
        if self.current().number == assigner.generation.number:
            return assigner
        fresh = Assigner(self.state.root, self.config, assigner.embedder)
        assigner.close()
        return fresh

    def close(self) -> None:
        for assigner in self._idle:
            assigner.close()


# -- error answers: one line of JSON, never a traceback -----------------------------------------------------------


def _first_line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0]


async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
    """Where and what, without echoing the (hostile) input back."""
    errors = exc.errors()
    parts = [".".join(str(p) for p in e.get("loc", ())) + f": {e.get('msg', 'invalid')}" for e in errors[:3]]
    more = f" (and {len(errors) - 3} more)" if len(errors) > 3 else ""
    return JSONResponse({"detail": "invalid request: " + "; ".join(parts) + more}, status_code=422)


def _unavailable(authenticated: bool) -> Callable[[Request, Exception], Awaitable[JSONResponse]]:
    """The state is missing, empty, busy or of another version: the message says which, to a caller with the key."""

    async def answer(request: Request, exc: Exception) -> JSONResponse:
        if authenticated:
            return JSONResponse({"detail": _first_line(exc)}, status_code=503)
        log.error("cannot serve %s %s: %s", request.method, request.url.path, _first_line(exc))
        return JSONResponse({"detail": "the state cannot be served now: see the server's log"}, status_code=503)

    return answer


async def _busy(request: Request, exc: Exception) -> JSONResponse:
    return JSONResponse({"detail": "busy: every /assign worker is taken; retry shortly"}, status_code=503)


async def _internal(request: Request, exc: Exception) -> JSONResponse:
    log.error("error serving %s %s", request.method, request.url.path, exc_info=exc)
    return JSONResponse({"detail": "internal server error"}, status_code=500)


def _report(generation: Generation, query: Callable[[RunStore], object], unknown: str | None) -> Response:
    """A report as `--json` writes it; an unknown id is a 404.

    The run's message names its folder and the closest known ids: it goes only to
    a caller with the API key (`unknown` is None); others get `unknown`. A
    read-only connection per request, since DuckDB connections are not shared
    across threads.
    """
    with open_run(generation.path) as store:
        try:
            report = query(store)
        except RunError as exc:
            raise HTTPException(404, unknown or _first_line(exc)) from None
    return Response(orjson.dumps(report), media_type="application/json")


# -- the app --------------------------------------------------------------------------------------------------


def create_app(
    state_dir: Path,
    config: Config | None = None,
    api_key: str | None = None,
    embedder: Embedder | None = None,
    max_body_bytes: int = MAX_BODY_BYTES,
    max_batch: int = MAX_BATCH,
    workers: int = WORKERS,
    queue_wait_s: float = QUEUE_WAIT_S,
) -> FastAPI:
    """The service over `state_dir`; loads the model and the current generation now, so a bad state fails here.

    Every request that reaches a route passed the key check, so with a key
    every caller is authenticated and may see file paths and suggested ids."""
    if api_key is not None and not api_key:
        raise ConfigError("the API key is empty: give a non-empty key, or none to serve without one")
    if workers < 1:
        raise ConfigError(f"workers must be at least 1, not {workers}")
    service = _Service(Path(state_dir), config, embedder, workers)
    authenticated = api_key is not None

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        service.close()

    app = FastAPI(
        title="embedcluster",
        version=__version__,
        description="Template and cluster ids for LLM API requests, from a nightly embedcluster state. "
        "When started with an API key, every path requires the header X-API-Key.",
        lifespan=lifespan,
        docs_url=None,  # the interactive pages load scripts from a CDN; /openapi.json is enough
        redoc_url=None,
    )
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(EmbedClusterError, _unavailable(authenticated))
    app.add_exception_handler(Busy, _busy)
    app.add_exception_handler(Exception, _internal)
    app.add_middleware(BodyLimit, max_bytes=max_body_bytes)
    if api_key is not None:
        app.add_middleware(RequireKey, api_key=api_key)  # added last, so it runs first

    @app.post("/assign", response_model=AssignResponse, responses=_ERRORS)
    async def assign(body: AssignRequest) -> dict[str, Any]:
        """Template, cluster, capability and risk for each request row; unusable rows get their reason."""
        if len(body.requests) > max_batch:
            raise HTTPException(413, f"{len(body.requests)} requests in one call, over the limit of {max_batch}")
        return {"results": await service.assign(body.requests, queue_wait_s)}

    @app.get("/clusters/{cluster_id}", response_model=ClusterReport, responses=_ERRORS)
    def cluster(cluster_id: Annotated[int, PathParam(ge=-_INT64, lt=_INT64)]) -> Response:
        """One cluster of the current generation, as `embedcluster cluster ID --json` prints it."""
        unknown = None if authenticated else f"unknown cluster {cluster_id}"
        return _report(service.current(), lambda store: cluster_report(store, cluster_id), unknown)

    @app.get("/accounts/{account_id:path}", response_model=AccountReport, responses=_ERRORS)
    def account(account_id: str) -> Response:
        """One account of the current generation, as `embedcluster investigate ID --json` prints it.

        The id may hold any character, `/` included: percent-encode what a URL path cannot carry."""
        unknown = None if authenticated else "unknown account"
        return _report(service.current(), lambda store: account_report(store, account_id), unknown)

    @app.get("/healthz", response_model=Health, response_model_exclude_none=True, responses=_ERRORS)
    def healthz() -> Health:
        """The generation the next request will read (its folder only to callers with the key); 503 while none."""
        generation = service.current()
        return Health(ok=True, generation=generation.number, path=str(generation.path) if authenticated else None)

    return app


def _is_loopback(host: str) -> bool:
    try:
        return host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(
    state_dir: Path,
    host: str = "127.0.0.1",
    port: int = DEFAULT_PORT,
    api_key: str | None = None,
    config: Config | None = None,
    limits: ConnectionLimits | None = None,
    workers: int = WORKERS,
) -> None:
    """Serve until interrupted; a state that cannot be served raises before the port is opened."""
    app = create_app(state_dir, config, api_key, workers=workers)
    if api_key is None and not _is_loopback(host):
        log.warning("serving %s on %s without an API key: anyone who can reach the port can query it", state_dir, host)
    uvicorn.run(app, host=host, port=port, **server_settings(limits or ConnectionLimits()))
