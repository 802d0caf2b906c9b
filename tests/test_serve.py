"""`embedcluster serve` over a real socket, on a small real nightly state (the packaged model, FAISS, HDBSCAN).

One state and one model load for the module; each test talks HTTP to a uvicorn
server running in a thread on a free loopback port.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import duckdb
import numpy as np
import orjson
import pyarrow.parquet as pq
import pytest
import uvicorn
from fastapi import FastAPI

from embedcluster.assignment import Assigner
from embedcluster.config import Config
from embedcluster.embed import Embedder
from embedcluster.errors import RunError
from embedcluster.investigate import account_report, cluster_report
from embedcluster.nightly import run_night
from embedcluster.embed import make_embedder
from embedcluster.guards import ConnectionLimits, server_settings
from embedcluster.serve import create_app
from embedcluster.state import STATE_DB, StateDir
from embedcluster.store import open_run
from scripts.demo_logs.writer import generate

pytestmark = pytest.mark.e2e
KEY = "s3cret-key-for-tests"
MAX_BODY = 1024 * 1024
MAX_BATCH = 64
ROUTES = {"/assign", "/clusters/{cluster_id}", "/accounts/{account_id}", "/healthz"}
SLASHED = "org/team a/"  # the prefix given to one account's id: ids may hold any character


@dataclass
class NightlyState:
    log_rows: list[dict[str, Any]]
    slashed: str  # an account id holding slashes and a space
    state: Path
    config: Config
    embedder: Embedder
    assigner: Assigner


@dataclass
class Served:
    host: str
    port: int
    before: dict[str, tuple[int, int]] = field(default_factory=dict)  # the state's listing before the start

    def call(
        self, method: str, path: str, body: bytes | Iterable[bytes] | None = None, key: str | None = KEY
    ) -> tuple[int, bytes]:
        """One request on a fresh connection: the status and the raw body; an iterable body goes chunked."""
        conn = http.client.HTTPConnection(self.host, self.port, timeout=120)
        try:
            headers = {"Content-Type": "application/json", **({"X-API-Key": key} if key is not None else {})}
            chunked = body is not None and not isinstance(body, bytes)
            conn.request(method, path, body=body, headers=headers, encode_chunked=chunked)
            response = conn.getresponse()
            return response.status, response.read()
        finally:
            conn.close()

    def json(self, method: str, path: str, payload: Any = None, key: str | None = KEY) -> tuple[int, Any]:
        status, raw = self.call(method, path, None if payload is None else orjson.dumps(payload), key)
        return status, json.loads(raw)


def listing(root: Path) -> dict[str, tuple[int, int]]:
    """Every file and folder under `root` with its size and modification time."""
    found = {}
    for folder, _, files in os.walk(root):
        for path in [Path(folder), *(Path(folder, name) for name in files)]:
            stat = path.stat()
            found[str(path.relative_to(root))] = (stat.st_size if path.is_file() else 0, stat.st_mtime_ns)
    return found


@contextmanager
def running(app: FastAPI, limits: ConnectionLimits | None = None) -> Iterator[tuple[str, int]]:
    """The app on a free 127.0.0.1 port, in a thread, with the settings `serve` uses, until the block ends."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", **server_settings(limits or ConnectionLimits())))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "server did not start"
        time.sleep(0.01)
    try:
        yield sock.getsockname()
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()


@pytest.fixture(scope="module")
def nightly(tmp_path_factory: pytest.TempPathFactory) -> Iterator[NightlyState]:
    base = tmp_path_factory.mktemp("serve")
    log = base / "log.jsonl"
    generate(seed=11, size=600, out=log, labels=base / "labels.parquet")
    slashed = _slash_one_account(log)
    config = Config.model_validate({"embed": {"cache_dir": str(base / "cache")}})
    embedder = make_embedder(config.embed)
    run_night([str(log)], base / "state", config, embedder=embedder)
    rows = []
    for line in log.read_text().splitlines():
        try:
            rows.append(json.loads(line))
        except ValueError:
            continue  # the generator's deliberately broken lines
    assigner = Assigner(base / "state", config, embedder)
    yield NightlyState(rows, slashed, base / "state", config, embedder, assigner)
    assigner.close()


def _slash_one_account(log: Path) -> str:
    """Give the first row's account an id with slashes and a space, in every row of the log; returns the id."""
    lines = log.read_text().splitlines()
    first = json.loads(lines[0])["account_id"]
    slashed = SLASHED + first

    def renamed(line: str) -> str:
        try:
            row = json.loads(line)
        except ValueError:
            return line
        if isinstance(row, dict) and row.get("account_id") == first:
            row["account_id"] = slashed
        return json.dumps(row)

    log.write_text("\n".join(map(renamed, lines)) + "\n")
    return slashed


@pytest.fixture(scope="module")
def served(nightly: NightlyState) -> Iterator[Served]:
    """The service with an API key and small limits; the state's listing is taken before it starts."""
    before = listing(nightly.state)
    app = create_app(nightly.state, nightly.config, KEY, nightly.embedder, max_body_bytes=MAX_BODY, max_batch=MAX_BATCH)
    with running(app) as (host, port):
        yield Served(host, port, before)


def novel(row: dict[str, Any], n: int) -> dict[str, Any]:
    """A request the state has never seen: new id, the prompt reworded."""
    prompt = f"{_prompt(row)} Please also add a short summary {n}."
    return {**row, "request_id": f"novel-{n}", "request": {"messages": [{"role": "user", "content": prompt}]}}


def _prompt(row: dict[str, Any]) -> str:
    content = row["request"]["messages"][-1]["content"]
    return content if isinstance(content, str) else " ".join(block["text"] for block in content)


def stored_assignments(state: Path) -> dict[str, dict[str, Any]]:
    generation = StateDir(state).require_current()
    table = pq.read_table(generation.path / "assignments.parquet", columns=["request_id", "template_id", "cluster_id"])
    return {row["request_id"]: row for row in table.to_pylist()}


# -- tests --------------------------------------------------------------------------------------------------------


def test_healthz_names_the_current_generation(served: Served, nightly: NightlyState) -> None:
    status, body = served.json("GET", "/healthz")
    generation = StateDir(nightly.state).require_current()
    assert status == 200
    assert body == {"ok": True, "generation": generation.number, "path": str(generation.path)}


def test_assign_agrees_with_the_assigner_and_the_nightly_run(served: Served, nightly: NightlyState) -> None:
    plain = [r for r in nightly.log_rows if isinstance(r.get("request"), dict) and "messages" in r["request"]]
    stored = plain[:40]
    fresh = [novel(row, n) for n, row in enumerate(plain[40:45])]
    no_account = {k: v for k, v in plain[45].items() if k != "account_id"}
    too_long = {**novel(plain[46], 99), "request": {"prompt": "x" * (nightly.config.ingest.max_text_chars + 1)}}
    rows = stored + fresh + [no_account, too_long, "not an object"]

    status, body = served.json("POST", "/assign", {"requests": rows})

    assert status == 200
    results = body["results"]
    assert results == nightly.assigner.assign_rows(rows)
    known = stored_assignments(nightly.state)
    matched = [r for r in results[:40] if r.get("request_id") in known]
    assert len(matched) >= 35 and any(r["cluster_id"] >= 0 for r in matched)
    for result in matched:
        expected = known[result["request_id"]]
        assert (result["template_id"], result["cluster_id"]) == (expected["template_id"], expected["cluster_id"])
        assert result["similarity"] == 1.0
    assert all("error" not in r for r in results[40:45]) and min(r["similarity"] for r in results[40:45]) < 1.0
    assert results[45] == {"request_id": no_account["request_id"], "error": "missing account id"}
    assert results[46]["error"] == f"text longer than {nightly.config.ingest.max_text_chars} characters"
    assert results[47] == {"request_id": None, "error": "not a JSON object"}


def test_a_batch_over_the_limit_is_refused(served: Served, nightly: NightlyState) -> None:
    status, body = served.json("POST", "/assign", {"requests": nightly.log_rows[: MAX_BATCH + 1]})
    assert status == 413
    assert body == {"detail": f"{MAX_BATCH + 1} requests in one call, over the limit of {MAX_BATCH}"}
    status, _ = served.json("POST", "/assign", {"requests": nightly.log_rows[:MAX_BATCH]})
    assert status == 200


def test_a_body_over_the_limit_is_refused_by_its_declared_length_before_it_is_sent(served: Served) -> None:
    """Only the headers go out: a server that waited for the body would time out here."""
    with socket.create_connection((served.host, served.port), timeout=10) as conn:
        conn.sendall(
            f"POST /assign HTTP/1.1\r\nHost: x\r\nX-API-Key: {KEY}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {MAX_BODY + 1}\r\n\r\n".encode()
        )
        answer = b""
        while not answer.endswith(b"}") and (chunk := conn.recv(65536)):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 413")
    detail = f"request body over the limit of {MAX_BODY} bytes: send fewer requests per call"
    assert json.loads(answer.split(b"\r\n\r\n", 1)[1]) == {"detail": detail}


def test_a_streamed_body_over_the_limit_is_refused_by_its_bytes(served: Served) -> None:
    """Chunked, so no Content-Length to check: the bytes received are counted."""
    chunk = b" " * 65536
    status, raw = served.call("POST", "/assign", (chunk for _ in range(MAX_BODY // len(chunk) + 1)))
    assert status == 413
    assert json.loads(raw)["detail"].startswith("request body over the limit")
    status, raw = served.call("POST", "/assign", iter([b'{"requests": ', b"[]}"]))
    assert (status, json.loads(raw)) == (200, {"results": []})


def test_malformed_requests_are_422_in_one_line_without_a_traceback(served: Served) -> None:
    for body in (b'{"requests": [{"request_id": ', b'{"rows": []}', b'{"requests": 5}', b"\xff\xfe"):
        status, raw = served.call("POST", "/assign", body)
        answer = json.loads(raw)
        assert status == 422, body
        assert list(answer) == ["detail"] and answer["detail"].startswith("invalid request: ")
        assert "\n" not in answer["detail"] and "Traceback" not in raw.decode(errors="replace")
    status, raw = served.call("GET", "/clusters/not-a-number")
    assert status == 422 and "cluster_id" in json.loads(raw)["detail"]


def test_the_api_key_is_required_and_checked_before_the_body_is_read(served: Served) -> None:
    wrong = KEY[:-1] + "X"
    refusals = [
        served.call("GET", "/healthz", key=None),
        served.call("GET", "/healthz", key=wrong),
        served.call("GET", "/clusters/0", key=""),
        served.call("POST", "/assign", b"{malformed", key=wrong),
        served.call("GET", "/openapi.json", key="x"),
    ]
    for status, raw in refusals:
        assert (status, json.loads(raw)) == (401, {"detail": "missing or wrong API key (header X-API-Key)"})
    assert served.call("GET", "/healthz")[0] == 200


def test_cluster_and_account_reports_match_the_cli_json(served: Served, nightly: NightlyState) -> None:
    generation = StateDir(nightly.state).require_current()
    known = stored_assignments(nightly.state)
    cluster_id = max(r["cluster_id"] for r in known.values())
    account_id = nightly.log_rows[0]["account_id"]
    with open_run(generation.path) as store:
        cluster = json.loads(orjson.dumps(cluster_report(store, cluster_id)))
        account = json.loads(orjson.dumps(account_report(store, account_id)))
        with pytest.raises(RunError) as unknown_cluster:
            cluster_report(store, 10**6)
        with pytest.raises(RunError) as unknown_account:
            account_report(store, "no-such-account")
    assert served.json("GET", f"/clusters/{cluster_id}") == (200, cluster)
    assert served.json("GET", f"/accounts/{quote(account_id, safe='')}") == (200, account)
    assert served.json("GET", f"/clusters/{10**6}") == (404, {"detail": str(unknown_cluster.value)})
    assert served.json("GET", "/accounts/no-such-account") == (404, {"detail": str(unknown_account.value)})
    assert served.json("GET", f"/clusters/{2**63}")[0] == 422


def test_the_openapi_schema_lists_the_four_routes(served: Served) -> None:
    status, schema = served.json("GET", "/openapi.json")
    assert status == 200
    assert set(schema["paths"]) == ROUTES
    answer = schema["paths"]["/assign"]["post"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert answer == {"$ref": "#/components/schemas/AssignResponse"}
    assert {"AssignRequest", "Assignment", "RowError", "ClusterReport", "AccountReport", "Health"} <= set(
        schema["components"]["schemas"]
    )
    assert served.call("GET", "/docs")[0] == 404  # would load scripts from a CDN


class FailingEmbedder(Embedder):
    """The real model until armed, then an error whose text must not reach the client."""

    def __init__(self, real: Embedder) -> None:
        self.real, self.name, self.dim, self.armed = real, real.name, real.dim, False

    def embed_batch(self, texts: list[str]) -> np.ndarray:
        if self.armed:
            raise RuntimeError("secret internals at /srv/private/path")
        return self.real.embed_batch(texts)


def test_internal_errors_are_a_generic_500_and_no_key_means_open(nightly: NightlyState) -> None:
    embedder = FailingEmbedder(nightly.embedder)
    with running(create_app(nightly.state, nightly.config, embedder=embedder)) as (host, port):
        served = Served(host, port)
        assert served.call("GET", "/healthz", key=None)[0] == 200
        embedder.armed = True
        payload = orjson.dumps({"requests": [novel(nightly.log_rows[0], 1)]})
        status, raw = served.call("POST", "/assign", payload, key=None)
    assert (status, json.loads(raw)) == (500, {"detail": "internal server error"})
    assert b"secret" not in raw and b"Traceback" not in raw


def test_a_new_generation_is_picked_up_without_reloading_the_model(
    nightly: NightlyState, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A night published while serving: the next request reads it (a marked cluster shows it), same model."""
    state = tmp_path / "state"
    shutil.copytree(nightly.state, state)
    known = stored_assignments(state)
    request = next(r for r in nightly.log_rows if known.get(r["request_id"], {}).get("cluster_id", -1) >= 0)
    cluster_id = known[request["request_id"]]["cluster_id"]
    with running(create_app(state, nightly.config, embedder=nightly.embedder)) as (host, port):
        served = Served(host, port)
        before = served.json("POST", "/assign", {"requests": [request]}, key=None)
        assert before[1]["results"][0]["capability"] != "marked"
        staging = state / ".staging-test"
        shutil.copytree(StateDir(state).require_current().path, staging)
        with duckdb.connect(str(staging / STATE_DB)) as con:
            con.execute("UPDATE clusters SET capability = 'marked' WHERE cluster_id = ?", [cluster_id])
        StateDir(state).publish(staging, 2, keep=2)
        monkeypatch.setattr("embedcluster.embed.make_embedder", lambda cfg: pytest.fail("model loaded again"))

        health = served.json("GET", "/healthz", key=None)
        assigned = served.json("POST", "/assign", {"requests": [request]}, key=None)
        unknown = served.json("GET", f"/clusters/{10**6}", key=None)
    assert health == (200, {"ok": True, "generation": 2})
    assert assigned[0] == 200 and assigned[1]["results"][0]["capability"] == "marked"
    assert unknown == (404, {"detail": f"unknown cluster {10**6}"})


def test_the_state_is_never_written(served: Served, nightly: NightlyState) -> None:
    """Runs last: every request of this module and its own round went to the state, which is unchanged."""
    row = nightly.log_rows[0]
    assert served.json("POST", "/assign", {"requests": [row, novel(row, 7)]})[0] == 200
    assert served.call("GET", "/clusters/0")[0] == 200
    assert served.call("GET", f"/accounts/{quote(row['account_id'])}")[0] == 200
    assert served.call("GET", "/healthz")[0] == 200
    assert listing(nightly.state) == served.before


def test_an_account_id_with_slashes_is_reachable(served: Served, nightly: NightlyState) -> None:
    with open_run(StateDir(nightly.state).require_current().path) as store:
        expected = json.loads(orjson.dumps(account_report(store, nightly.slashed)))
    assert served.json("GET", "/accounts/" + quote(nightly.slashed, safe="")) == (200, expected)
    assert served.json("GET", "/accounts/" + quote(nightly.slashed)) == (200, expected)  # slashes as they are


def test_without_a_key_replies_name_no_path_and_suggest_no_id(nightly: NightlyState, tmp_path: Path) -> None:
    """Only a caller who showed the API key learns where the state lies or which ids are close to a guess."""
    state = tmp_path / "state"
    shutil.copytree(nightly.state, state)
    near = nightly.log_rows[0]["account_id"][:-1]
    with running(create_app(state, nightly.config, embedder=nightly.embedder)) as (host, port):
        served = Served(host, port)
        answers = [
            served.json("GET", "/healthz", key=None),
            served.json("GET", "/accounts/" + quote(near, safe=""), key=None),
            served.json("GET", f"/clusters/{10**6}", key=None),
        ]
        (state / "CURRENT").write_text("garbage")
        answers.append(served.json("GET", "/healthz", key=None))
    assert answers[:3] == [
        (200, {"ok": True, "generation": 1}),
        (404, {"detail": "unknown account"}),
        (404, {"detail": f"unknown cluster {10**6}"}),
    ]
    assert answers[3][0] == 503 and str(tmp_path) not in answers[3][1]["detail"]
    assert all(str(tmp_path) not in json.dumps(body) and "closest" not in json.dumps(body) for _, body in answers)


class SlowEmbedder(Embedder):
    """The real model, except that a prompt holding SLOW waits until released."""

    def __init__(self, real: Embedder) -> None:
        self.real, self.name, self.dim = real, real.name, real.dim
        self.entered, self.release = threading.Event(), threading.Event()

    def embed_batch(self, texts: list[str]) -> np.ndarray:
        if any("SLOW" in t for t in texts):
            self.entered.set()
            self.release.wait(timeout=20)
        return self.real.embed_batch(texts)


@contextmanager
def one_slow_assign(nightly: NightlyState, **limits: Any) -> Iterator[tuple[Served, SlowEmbedder]]:
    """A keyless service whose one /assign of a SLOW prompt is under way for the whole block."""
    embedder = SlowEmbedder(nightly.embedder)
    app = create_app(nightly.state, nightly.config, embedder=embedder, **limits)
    row = novel(nightly.log_rows[0], 1)
    slow = {**row, "request": {"messages": [{"role": "user", "content": "SLOW " + _prompt(row)}]}}
    with running(app) as (host, port):
        served = Served(host, port)
        caller = threading.Thread(target=served.json, args=("POST", "/assign", {"requests": [slow]}, None))
        caller.start()
        assert embedder.entered.wait(timeout=30)
        try:
            yield served, embedder
        finally:
            embedder.release.set()
            caller.join(timeout=30)


def test_a_slow_assign_does_not_stall_the_others(nightly: NightlyState) -> None:
    with one_slow_assign(nightly, workers=2) as (served, _):
        started = time.monotonic()
        status, body = served.json("POST", "/assign", {"requests": [novel(nightly.log_rows[1], 2)]}, key=None)
        took = time.monotonic() - started
    assert status == 200 and "error" not in body["results"][0]
    assert took < 10, f"waited {took:.1f} s behind the slow request"


def test_assign_answers_busy_in_json_when_every_worker_is_taken(nightly: NightlyState) -> None:
    with one_slow_assign(nightly, workers=1, queue_wait_s=0.5) as (served, _):
        status, body = served.json("POST", "/assign", {"requests": [novel(nightly.log_rows[1], 2)]}, key=None)
    assert status == 503 and body["detail"].startswith("busy:")


GUARDED = ConnectionLimits(total=100, per_client=64, request_timeout_s=2.0, keep_alive_s=1.0)


@pytest.fixture(scope="module")
def guarded(nightly: NightlyState) -> Iterator[Served]:
    """The keyless service with short timeouts, for the connection tests."""
    with running(create_app(nightly.state, nightly.config, embedder=nightly.embedder), GUARDED) as (host, port):
        yield Served(host, port)


def connect(served: Served, source: str) -> socket.socket:
    """A connection from another loopback address, which the server sees as another client."""
    conn = socket.create_connection((served.host, served.port), timeout=10, source_address=(source, 0))
    conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return conn


def answer(conn: socket.socket, limit_s: float = 10) -> tuple[int, Any]:
    """Everything the server sends until it closes: the status and the JSON body."""
    conn.settimeout(limit_s)
    data = b""
    while chunk := conn.recv(65536):
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), json.loads(body)


def burst(served: Served, n: int, request: Callable[[socket.socket], None]) -> list[tuple[int, Any]]:
    """`n` connections opened together, each sending `request` at the same moment."""
    conns = [connect(served, "127.0.0.1") for _ in range(n)]
    barrier, results = threading.Barrier(n), [None] * n

    def one(i: int) -> None:
        barrier.wait()
        request(conns[i])
        results[i] = answer(conns[i])

    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    for conn in conns:
        conn.close()
    return results  # type: ignore[return-value]


def test_a_burst_of_64_simultaneous_requests_is_served(guarded: Served) -> None:
    get = b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    results = burst(guarded, 64, lambda conn: conn.sendall(get))
    assert [status for status, _ in results] == [200] * 64


def test_idle_and_slow_header_connections_do_not_shut_others_out(guarded: Served) -> None:
    idle = [connect(guarded, "127.0.0.2") for _ in range(70)]
    slow = [connect(guarded, "127.0.0.3") for _ in range(5)]
    try:
        for conn in slow:
            conn.sendall(b"GET /healthz HTTP/1.1\r\n")
        for _ in range(3):
            assert guarded.call("GET", "/healthz", key=None)[0] == 200
        time.sleep(0.5)
        for conn in idle[64:]:  # one client's connections beyond 64
            conn.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            status, body = answer(conn)
            assert status == 503 and "connections from your address" in body["detail"]
        started = time.monotonic()
        for conn in slow:
            conn.sendall(b"X")  # a header byte now and then does not keep it open
        for conn in idle[:64] + slow:
            status, body = answer(conn)
            assert status == 408 and body["detail"].startswith("request not received within")
        assert time.monotonic() - started < 6
    finally:
        for conn in idle + slow:
            conn.close()


def test_the_total_connection_bound_answers_in_json(nightly: NightlyState) -> None:
    limits = ConnectionLimits(total=6, per_client=4, request_timeout_s=10.0)
    with running(create_app(nightly.state, nightly.config, embedder=nightly.embedder), limits) as (host, port):
        served = Served(host, port)
        held = [connect(served, "127.0.0.2") for _ in range(4)] + [connect(served, "127.0.0.3") for _ in range(2)]
        time.sleep(0.3)
        status, raw = served.call("GET", "/healthz", key=None)
        for conn in held:
            conn.close()
        time.sleep(0.3)
        after = served.call("GET", "/healthz", key=None)[0]
    assert status == 503 and "connections at once" in json.loads(raw)["detail"]
    assert after == 200


def test_malformed_http_is_answered_in_json(guarded: Served) -> None:
    conn = connect(guarded, "127.0.0.1")
    conn.sendall(b"\x00\x01 not http at all\r\n\r\n")
    status, body = answer(conn)
    conn.close()
    assert status == 400 and body == {"detail": "invalid HTTP request"}


def test_serve_binds_to_loopback_unless_told_otherwise(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Both the Python entry point and the CLI default to 127.0.0.1; another address must be asked for."""
    from typer.testing import CliRunner

    from embedcluster import cli
    from embedcluster import serve as serve_module

    bound: list[str] = []
    monkeypatch.setattr(serve_module, "create_app", lambda *args, **kwargs: object())
    monkeypatch.setattr(uvicorn, "run", lambda app, host, **kwargs: bound.append(host))
    serve_module.serve(tmp_path)
    serve_module.serve(tmp_path, host="0.0.0.0")

    monkeypatch.setattr(serve_module, "serve", lambda state, host, **kwargs: bound.append(f"cli:{host}"))
    assert CliRunner().invoke(cli.app, ["serve", "--state", str(tmp_path)]).exit_code == 0
    missing_key = CliRunner().invoke(cli.app, ["serve", "--state", str(tmp_path), "--api-key-env", "EC_ABSENT_KEY"])
    assert missing_key.exit_code != 0 and "EC_ABSENT_KEY" in missing_key.output
    assert bound == ["127.0.0.1", "0.0.0.0", "cli:127.0.0.1"]
