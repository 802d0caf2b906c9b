"""`embedcluster serve`: cluster ids for other detectors over HTTP, from a nightly state, read-only.

    POST /assign              {"requests": [row, ...]} -> {"results": [assignment or per-row error, ...]}
    GET  /clusters/{id}       the cluster report (`embedcluster cluster --json`)
    GET  /accounts/{id}       the account report (`embedcluster investigate --json`)
    GET  /healthz             the generation being served

Prompt text is hostile, and so is every client: the service binds to loopback by
default, compares an optional API key in constant time before reading a body,
caps body size (declared and actually streamed) and batch size, leaves over-long
prompts to the ingest cap (`ingest.max_text_chars`, a per-row error), answers
every error as one JSON line and never sends a stack trace. Each request reads
the state's CURRENT pointer, so a night published while the service runs is
picked up by the next request, with the embedding model kept loaded.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import logging
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any

import orjson
import uvicorn
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
from embedcluster.investigate import account_report, cluster_report
from embedcluster.state import Generation, StateDir
from embedcluster.store import RunStore, open_run

DEFAULT_PORT = 8311
MAX_BODY_BYTES = 8 * 1024 * 1024  # a full batch of typical prompts is well under 1 MiB
MAX_BATCH = BATCH_ROWS  # the batch size `assign` embeds at once
MAX_CONNECTIONS = 64  # uvicorn answers 503 beyond this: bounds buffered bodies to 64 x MAX_BODY_BYTES
API_KEY_HEADER = b"x-api-key"
_INT64 = 2**63

log = logging.getLogger("embedcluster.serve")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


# -- request and response models (the OpenAPI schema) ----------------------------------------------------------


class AssignRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    requests: list[Any] = Field(description="Request rows in any shape `embedcluster run` reads (JSONL objects).")


class Assignment(BaseModel):
    request_id: str
    template_id: int = Field(description="-1: no known template")
    cluster_id: int = Field(description="-1: in no cluster")
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
    path: str


class ErrorBody(BaseModel):
    detail: str


_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorBody} for code in (401, 404, 413, 422, 500, 503)
}


# -- the state behind the service -------------------------------------------------------------------------------


class _Service:
    """One Assigner for the current generation, rebuilt (same model) when a new night is published."""

    def __init__(self, state_dir: Path, config: Config | None, embedder: Embedder | None) -> None:
        self.state = StateDir(state_dir)
        self.config = config  # None: each generation's own saved config
        self._lock = threading.Lock()  # the Assigner's DuckDB connection serves one thread at a time
        self._assigner = Assigner(self.state.root, config, embedder)

    def current(self) -> Generation:
        """Reads the small CURRENT file: cheap enough for every request."""
        return self.state.require_current()

    def assign(self, rows: list[Any]) -> list[dict[str, Any]]:
        with self._lock:
            if self.current().number != self._assigner.generation.number:
                fresh = Assigner(self.state.root, self.config, self._assigner.embedder)
                self._assigner.close()
                self._assigner = fresh
            return self._assigner.assign_rows(rows)

    def close(self) -> None:
        with self._lock:
            self._assigner.close()


# -- ASGI guards: run before FastAPI reads or parses anything -------------------------------------------------


async def _reply(send: Send, status: int, detail: str) -> None:
    body = orjson.dumps({"detail": detail})
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _header(scope: Scope, name: bytes) -> bytes | None:
    return next((value for key, value in scope["headers"] if key.lower() == name), None)


class _RequireKey:
    """401 for a missing or wrong X-API-Key; hashing first keeps even the key's length out of the timing."""

    def __init__(self, app: ASGIApp, api_key: str) -> None:
        self.app = app
        self.digest = hashlib.sha256(api_key.encode()).digest()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            given = hashlib.sha256(_header(scope, API_KEY_HEADER) or b"").digest()
            if not hmac.compare_digest(given, self.digest):
                await _reply(send, 401, "missing or wrong API key (header X-API-Key)")
                return
        await self.app(scope, receive, send)


class _BodyLimit:
    """413 for a body over the limit, by its Content-Length or, when chunked or lying, by the bytes received."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _header(scope, b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await _reply(send, 413, self._too_large())
            return
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await _reply(send, 413, self._too_large())
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        await self.app(scope, _replay(b"".join(chunks), receive), send)

    def _too_large(self) -> str:
        return f"request body over the limit of {self.max_bytes} bytes: send fewer requests per call"


def _replay(body: bytes, receive: Receive) -> Receive:
    """The body already read, once; then the connection's own events (disconnect)."""
    pending = [{"type": "http.request", "body": body, "more_body": False}]

    async def replay() -> Message:
        return pending.pop() if pending else await receive()

    return replay


# -- error answers: one line of JSON, never a traceback -----------------------------------------------------------


def _first_line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0]


async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
    """Where and what, without echoing the (hostile) input back."""
    errors = exc.errors()
    parts = [".".join(str(p) for p in e.get("loc", ())) + f": {e.get('msg', 'invalid')}" for e in errors[:3]]
    more = f" (and {len(errors) - 3} more)" if len(errors) > 3 else ""
    return JSONResponse({"detail": "invalid request: " + "; ".join(parts) + more}, status_code=422)


async def _unavailable(request: Request, exc: Exception) -> JSONResponse:
    """The state is missing, empty, busy or of another version: the message says which."""
    return JSONResponse({"detail": _first_line(exc)}, status_code=503)


async def _internal(request: Request, exc: Exception) -> JSONResponse:
    log.error("error serving %s %s", request.method, request.url.path, exc_info=exc)
    return JSONResponse({"detail": "internal server error"}, status_code=500)


def _report(generation: Generation, query: Callable[[RunStore], object]) -> Response:
    """A report as `--json` writes it; an unknown id is a 404 with the run's one-line message.

    A read-only connection per request, since DuckDB connections are not shared across threads.
    """
    with open_run(generation.path) as store:
        try:
            report = query(store)
        except RunError as exc:
            raise HTTPException(404, _first_line(exc)) from None
    return Response(orjson.dumps(report), media_type="application/json")


# -- the app --------------------------------------------------------------------------------------------------


def create_app(
    state_dir: Path,
    config: Config | None = None,
    api_key: str | None = None,
    embedder: Embedder | None = None,
    max_body_bytes: int = MAX_BODY_BYTES,
    max_batch: int = MAX_BATCH,
) -> FastAPI:
    """The service over `state_dir`; loads the model and the current generation now, so a bad state fails here."""
    if api_key is not None and not api_key:
        raise ConfigError("the API key is empty: give a non-empty key, or none to serve without one")
    service = _Service(Path(state_dir), config, embedder)

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
    app.add_exception_handler(EmbedClusterError, _unavailable)
    app.add_exception_handler(Exception, _internal)
    app.add_middleware(_BodyLimit, max_bytes=max_body_bytes)
    if api_key is not None:
        app.add_middleware(_RequireKey, api_key=api_key)  # added last, so it runs first

    @app.post("/assign", response_model=AssignResponse, responses=_ERRORS)
    def assign(body: AssignRequest) -> dict[str, Any]:
        """Template, cluster, capability and risk for each request row; unusable rows get their reason."""
        if len(body.requests) > max_batch:
            raise HTTPException(413, f"{len(body.requests)} requests in one call, over the limit of {max_batch}")
        return {"results": service.assign(body.requests)}

    @app.get("/clusters/{cluster_id}", response_model=ClusterReport, responses=_ERRORS)
    def cluster(cluster_id: Annotated[int, PathParam(ge=-_INT64, lt=_INT64)]) -> Response:
        """One cluster of the current generation, as `embedcluster cluster ID --json` prints it."""
        return _report(service.current(), lambda store: cluster_report(store, cluster_id))

    @app.get("/accounts/{account_id}", response_model=AccountReport, responses=_ERRORS)
    def account(account_id: str) -> Response:
        """One account of the current generation, as `embedcluster investigate ID --json` prints it."""
        return _report(service.current(), lambda store: account_report(store, account_id))

    @app.get("/healthz", response_model=Health, responses=_ERRORS)
    def healthz() -> Health:
        """The generation the next request will read; 503 while the state has none or cannot be read."""
        generation = service.current()
        return Health(ok=True, generation=generation.number, path=str(generation.path))

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
) -> None:
    """Serve until interrupted; a state that cannot be served raises before the port is opened."""
    app = create_app(state_dir, config, api_key)
    if api_key is None and not _is_loopback(host):
        log.warning("serving %s on %s without an API key: anyone who can reach the port can query it", state_dir, host)
    uvicorn.run(app, host=host, port=port, server_header=False, limit_concurrency=MAX_CONNECTIONS)
