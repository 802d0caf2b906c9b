"""A run's lookup database: the Parquet outputs re-laid in DuckDB for point queries, opened read-only.

An investigation asks about one account, cluster or request at a time. Each
table is sorted by the key it is looked up by, so DuckDB's zone maps skip every
row group but the few that hold the key, and the per-account and per-cluster
aggregates are computed once here rather than on every lookup. The FAISS index
is memory-mapped, so asking for similar prompts does not read the whole index.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import numpy as np
import orjson
import pyarrow as pa

from embedcluster import __version__
from embedcluster.config import Config, run_config
from embedcluster.errors import OutputError, RunError
from embedcluster.schema import RUN_MARKER

if TYPE_CHECKING:
    from embedcluster.index import VectorIndex

STORE_FILE = "run.duckdb"
STORE_VERSION = 1

# Each table: its query over the run's files, in the order its lookups need.
_TABLES = {
    "accounts": "SELECT * FROM read_parquet($accounts) ORDER BY account_id",
    "clusters": "SELECT * FROM read_parquet($clusters) ORDER BY cluster_id",
    "texts": "SELECT * FROM read_parquet($texts) ORDER BY text_id",
    "assignments": "SELECT * FROM read_parquet($assignments) ORDER BY account_id, timestamp, request_id",
    "requests": "SELECT request_id, account_id, timestamp, cluster_id, text_id FROM assignments ORDER BY request_id",
    "account_clusters": """
        SELECT account_id, cluster_id, count(*) AS n_requests,
               count(*) / sum(count(*)) OVER (PARTITION BY account_id) AS share
        FROM assignments GROUP BY account_id, cluster_id ORDER BY account_id, cluster_id""",
    "cluster_accounts": "SELECT * FROM account_clusters ORDER BY cluster_id, n_requests DESC, account_id",
    "cluster_hours": """
        SELECT cluster_id, date_trunc('hour', timestamp) AS hour, count(*) AS n_requests
        FROM assignments GROUP BY ALL ORDER BY cluster_id, hour""",
    "text_accounts": """
        SELECT text_id, account_id, count(*) AS n_requests, min(request_id) AS request_id
        FROM assignments GROUP BY text_id, account_id ORDER BY text_id, n_requests DESC, account_id""",
}


def build_run_database(run_dir: Path) -> None:
    """Write `run_dir/run.duckdb` from the Parquet files and centroids beside it (run by the pipeline before run.json)."""
    path = run_dir / STORE_FILE
    path.unlink(missing_ok=True)
    files = {name: str(run_dir / f"{name}.parquet") for name in ("accounts", "clusters", "texts", "assignments")}
    try:
        con = duckdb.connect(str(path))
        try:
            con.execute("SET TimeZone = 'UTC'")
            for table, query in _TABLES.items():
                params = {name: value for name, value in files.items() if f"${name}" in query}
                con.execute(f"CREATE TABLE {table} AS {query}", params)
            # Centroid rows follow clusters.parquet's row order, whatever ids the clusters carry.
            cluster_ids = con.execute("SELECT cluster_id FROM read_parquet($p)", {"p": files["clusters"]}).fetchnumpy()
            _add_centroids(con, cluster_ids["cluster_id"], np.load(run_dir / "centroids.npy", allow_pickle=False))
            con.execute("CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
            con.executemany(
                "INSERT INTO meta VALUES (?, ?)", [["store_version", str(STORE_VERSION)], ["embedcluster", __version__]]
            )
            con.execute("CHECKPOINT")
        finally:
            con.close()
    except (OSError, duckdb.Error) as exc:
        path.unlink(missing_ok=True)
        raise OutputError(f"cannot build the lookup database in {run_dir}: {str(exc).splitlines()[0]}") from None


def _add_centroids(con: duckdb.DuckDBPyConnection, cluster_ids: np.ndarray, centroids: np.ndarray) -> None:
    """Centroids as fixed-size arrays, so nearest clusters are one SQL query."""
    dim = centroids.shape[1]
    vectors = pa.FixedSizeListArray.from_arrays(pa.array(centroids.reshape(-1), pa.float32()), dim)
    con.register("centroid_rows", pa.table({"cluster_id": pa.array(np.asarray(cluster_ids), pa.int64()), "vector": vectors}))
    try:
        con.execute("CREATE TABLE centroids AS SELECT * FROM centroid_rows")
    finally:
        con.unregister("centroid_rows")


@dataclass
class RunStore:
    """A finished run opened read-only: its lookup database, its run.json, and its vector index on demand."""

    run_dir: Path
    con: duckdb.DuckDBPyConnection
    summary: dict[str, Any]
    _index: VectorIndex | None = field(default=None, repr=False)

    def rows(self, sql: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """The result of one query as a list of dicts."""
        cursor = self.con.execute(sql, params or {})
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]

    def index(self) -> VectorIndex:
        """The FAISS index, memory-mapped read-only: loading it costs milliseconds whatever its size."""
        if self._index is None:
            self._index = map_index(self.run_dir / "index")
        return self._index

    def config(self) -> Config:
        """The full config the run was made with (its model and thresholds)."""
        return run_config(self.run_dir)

    def vector(self, text_id: int) -> np.ndarray:
        """The stored unit vector of one text, read back from the index."""
        try:
            return self.index().vectors(np.array([text_id], dtype=np.int64))[0]
        except KeyError:
            raise RunError(f"text {text_id} is not in the vector index of {self.run_dir}") from None

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> RunStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_run(run_dir: Path) -> RunStore:
    """Open a finished run read-only; a missing, unfinished or incompatible directory raises RunError."""
    run_dir = Path(run_dir)
    if not run_dir.is_dir():
        raise RunError(f"run directory not found: {run_dir}")
    marker = run_dir / RUN_MARKER
    if not marker.is_file():
        raise RunError(f"{run_dir} is not a finished embedcluster run (no {RUN_MARKER})")
    try:
        summary = orjson.loads(marker.read_bytes())
    except (OSError, orjson.JSONDecodeError) as exc:
        raise RunError(f"cannot read {marker}: {exc}") from None
    if not isinstance(summary, dict):
        raise RunError(f"cannot read {marker}: not a JSON object")
    written_by = str((summary.get("versions") or {}).get("embedcluster", "unknown"))
    database = run_dir / STORE_FILE
    if not database.is_file():
        raise RunError(_incompatible(run_dir, written_by, "no lookup database"))
    try:
        con = duckdb.connect(str(database), read_only=True)
    except duckdb.Error as exc:
        raise RunError(f"cannot open {database}: {str(exc).splitlines()[0]}") from None
    try:
        con.execute("SET TimeZone = 'UTC'")
        found = con.execute("SELECT value FROM meta WHERE key = 'store_version'").fetchone()
    except duckdb.Error:
        found = None
    if found is None or found[0] != str(STORE_VERSION):
        con.close()
        version = f"store version {found[0]}" if found else "no store version"
        raise RunError(_incompatible(run_dir, written_by, version))
    return RunStore(run_dir, con, summary)


def _incompatible(run_dir: Path, written_by: str, what: str) -> str:
    return (
        f"{run_dir} was written by embedcluster {written_by} ({what}); this embedcluster {__version__} "
        f"reads store version {STORE_VERSION}: run `embedcluster run` again"
    )


def map_index(directory: Path) -> VectorIndex:
    import faiss

    from embedcluster.index import VectorIndex, load_ids

    if not (directory / "index.faiss").is_file():
        raise RunError(f"{directory.parent} has no vector index (the run held no prompts)")
    flags = faiss.IO_FLAG_MMAP_IFC | faiss.IO_FLAG_READ_ONLY
    index = faiss.read_index(str(directory / "index.faiss"), flags)
    return VectorIndex(index, load_ids(directory / "index_ids.npy", mmap=True), type(index).__name__)
