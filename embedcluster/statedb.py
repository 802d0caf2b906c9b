"""The tables a nightly state keeps between nights, in one DuckDB file per generation.

DuckDB because the nightly job scans and joins whole windows of requests
(columnar, vectorised) while readers only point-query it; the file is copied
into the next generation's staging folder and changed there, so the current
generation's file is never written to.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from embedcluster.campaigns import CampaignEvent
from embedcluster.errors import StateError
from embedcluster.identity import KnownClusters, LineageEvent
from embedcluster.schema import TIMESTAMP

REQUEST_COLUMNS = (
    "request_id", "account_id", "timestamp", "client_ip", "payment_fingerprint", "account_created", "source", "line",
)

_CAMPAIGN_TABLES = [
    """CREATE TABLE IF NOT EXISTS campaign_events (night INTEGER, event VARCHAR, campaign_id BIGINT, cluster_id BIGINT,
        other_id BIGINT, reason VARCHAR)""",
    "CREATE TABLE IF NOT EXISTS campaign_clusters (night INTEGER, campaign_id BIGINT, cluster_id BIGINT, requests BIGINT)",
]
# A state written before campaign ids: each cluster its own campaign until a night groups them.
_ADD_CAMPAIGNS = [
    "ALTER TABLE clusters ADD COLUMN IF NOT EXISTS campaign_id BIGINT",
    "UPDATE clusters SET campaign_id = cluster_id WHERE campaign_id IS NULL",
    *_CAMPAIGN_TABLES,
]

_SCHEMA = [
    "CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
    "CREATE TABLE inputs (digest VARCHAR, path VARCHAR, bytes BIGINT, night INTEGER)",
    """CREATE TABLE requests (request_id VARCHAR, account_id VARCHAR, timestamp TIMESTAMPTZ, client_ip VARCHAR,
        payment_fingerprint VARCHAR, account_created TIMESTAMPTZ, source VARCHAR, line BIGINT, text_id BIGINT,
        night INTEGER)""",
    "CREATE TABLE texts (text_id BIGINT, hash_key VARCHAR, text VARCHAR, template_id BIGINT)",
    "CREATE TABLE templates (template_id BIGINT, cluster_id BIGINT)",
    """CREATE TABLE clusters (cluster_id BIGINT, born_night INTEGER, last_night INTEGER, status VARCHAR,
        merged_into BIGINT, capability VARCHAR, risk_score DOUBLE, flagged BOOLEAN, template VARCHAR,
        centroid FLOAT[{dim}], campaign_id BIGINT)""",
    "CREATE TABLE lineage (night INTEGER, event VARCHAR, cluster_id BIGINT, other_id BIGINT, share DOUBLE)",
    "CREATE TABLE nights (night INTEGER, finished_at VARCHAR, summary JSON)",
    *_CAMPAIGN_TABLES,
]


def _numbered(column: str, values: pa.Array | pa.ChunkedArray | list | np.ndarray, kind: pa.DataType) -> pa.Table:
    """The values to look up, each with its position, so results come back in the caller's order."""
    array = values if isinstance(values, (pa.Array, pa.ChunkedArray)) else pa.array(values, kind)
    return pa.table({column: array, "position": pa.array(np.arange(len(values)), pa.int64())})


class StateDB:
    """One generation's state.duckdb, opened for the nightly job (read-write) or a reader (read-only)."""

    def __init__(self, path: Path, read_only: bool = False) -> None:
        try:
            self.con = duckdb.connect(str(path), read_only=read_only)
            self.con.execute("SET TimeZone = 'UTC'").fetchall()
        except duckdb.Error as exc:
            raise StateError(f"cannot open state database {path}: {str(exc).splitlines()[0]}") from None

    @classmethod
    def create(cls, path: Path, model: str, dim: int) -> StateDB:
        db = cls(path)
        for statement in _SCHEMA:
            db.con.execute(statement.format(dim=dim)).fetchall()
        for key, value in (("model", model), ("dim", dim), ("next_template_id", 0), ("next_cluster_id", 0)):
            db.set_meta(key, value)
        return db

    def add_campaigns(self) -> None:
        """Campaign ids in a state written before them (additive, so the state version stays); idempotent."""
        for statement in _ADD_CAMPAIGNS:
            self.con.execute(statement).fetchall()

    def close(self) -> None:
        self.con.close()

    def checkpoint(self) -> None:
        self.con.execute("CHECKPOINT").fetchall()

    # -- counters and settings ---------------------------------------------------------------------------------

    def meta(self, key: str) -> str:
        found = self.con.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchall()
        if not found:
            raise StateError(f"state database lacks its {key!r} setting")
        return found[0][0]

    def set_meta(self, key: str, value: object) -> None:
        self.con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [key, str(value)]).fetchall()

    def count(self, table: str) -> int:
        return int(self.con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0])

    # -- what has been ingested --------------------------------------------------------------------------------

    def known_digests(self) -> set[str]:
        return {row[0] for row in self.con.execute("SELECT digest FROM inputs").fetchall()}

    def add_inputs(self, records: list[tuple[str, Path, int]], night: int) -> None:
        self.con.executemany("INSERT INTO inputs VALUES (?, ?, ?, ?)", [[d, str(p), b, night] for d, p, b in records])

    def known_request_ids(self, request_ids: pa.Array) -> np.ndarray:
        """A mask over `request_ids`: True where the state already holds the request."""
        wanted = _numbered("request_id", request_ids, pa.string())
        found = self._query(
            "SELECT w.position FROM wanted w SEMI JOIN requests r ON r.request_id = w.request_id", wanted=wanted
        )
        mask = np.zeros(len(request_ids), dtype=bool)
        mask[found.column("position").to_numpy()] = True
        return mask

    @contextmanager
    def _visible(self, **tables: pa.Table) -> Iterator[None]:
        """Arrow tables queryable under the given names for the duration of one statement."""
        for name, table in tables.items():
            self.con.register(name, table)
        try:
            yield
        finally:
            for name in tables:
                self.con.unregister(name)

    def _query(self, sql: str, **tables: pa.Table) -> pa.Table:
        with self._visible(**tables):
            return self.con.sql(sql).to_arrow_table()

    def _execute_with(self, sql: str, **tables: pa.Table) -> None:
        with self._visible(**tables):
            self.con.execute(sql).fetchall()

    # -- texts and templates -----------------------------------------------------------------------------------

    def text_ids_of(self, hashes: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """(text id, template id) of each hash key; -1 where the state has never seen the text."""
        wanted = _numbered("hash_key", hashes, pa.string())
        found = self._query(
            "SELECT w.position, t.text_id, t.template_id FROM wanted w JOIN texts t USING (hash_key)", wanted=wanted
        )
        text_ids = np.full(len(hashes), -1, dtype=np.int64)
        template_ids = np.full(len(hashes), -1, dtype=np.int64)
        positions = found.column("position").to_numpy()
        text_ids[positions] = found.column("text_id").to_numpy()
        template_ids[positions] = found.column("template_id").to_numpy()
        return text_ids, template_ids

    def add_texts(self, text_ids: np.ndarray, hashes: list[str], texts: list[str], template_ids: np.ndarray) -> None:
        rows = pa.table(
            {
                "text_id": pa.array(text_ids, pa.int64()),
                "hash_key": pa.array(hashes, pa.string()),
                "text": pa.array(texts, pa.string()),
                "template_id": pa.array(template_ids, pa.int64()),
            }
        )
        self._execute_with("INSERT INTO texts SELECT * FROM rows", rows=rows)
        new_templates = np.setdiff1d(np.unique(template_ids), self.template_ids())
        self._execute_with(
            "INSERT INTO templates SELECT template_id, -1 FROM rows",
            rows=pa.table({"template_id": pa.array(new_templates, pa.int64())}),
        )

    def template_ids(self) -> np.ndarray:
        return self.con.execute("SELECT template_id FROM templates").fetchnumpy()["template_id"]

    def template_of_texts(self) -> np.ndarray:
        """Template id of every text, indexed by text id (text ids are dense from 0)."""
        return self.con.execute("SELECT template_id FROM texts ORDER BY text_id").fetchnumpy()["template_id"]

    def texts(self, text_ids: np.ndarray) -> tuple[list[str], np.ndarray]:
        """Texts and template ids of the given text ids, in that order."""
        wanted = _numbered("text_id", text_ids, pa.int64())
        found = self._query(
            "SELECT t.text, t.template_id FROM wanted w JOIN texts t USING (text_id) ORDER BY w.position", wanted=wanted
        )
        return found.column("text").to_pylist(), found.column("template_id").to_numpy()

    def clusters_of_templates(self, template_ids: np.ndarray) -> np.ndarray:
        wanted = _numbered("template_id", template_ids, pa.int64())
        found = self._query(
            "SELECT t.cluster_id FROM wanted w JOIN templates t USING (template_id) ORDER BY w.position", wanted=wanted
        )
        return found.column("cluster_id").to_numpy()

    def set_template_clusters(self, template_ids: np.ndarray, cluster_ids: np.ndarray) -> None:
        rows = pa.table({"template_id": pa.array(template_ids, pa.int64()), "cluster_id": pa.array(cluster_ids, pa.int64())})
        self._execute_with(
            "UPDATE templates SET cluster_id = rows.cluster_id FROM rows WHERE templates.template_id = rows.template_id",
            rows=rows,
        )

    def redirect_merged(self, merged_into: dict[int, int]) -> None:
        """Templates outside tonight's window that still point at a merged cluster follow it."""
        for old, new in merged_into.items():
            self.con.execute("UPDATE templates SET cluster_id = ? WHERE cluster_id = ?", [new, old]).fetchall()

    # -- requests ----------------------------------------------------------------------------------------------

    def add_requests(self, requests: pa.Table, text_ids: np.ndarray, night: int) -> None:
        rows = requests.select(list(REQUEST_COLUMNS)).append_column("text_id", pa.array(text_ids, pa.int64()))
        rows = rows.append_column("night", pa.array(np.full(len(text_ids), night), pa.int32()))
        self._execute_with("INSERT INTO requests SELECT * FROM rows", rows=rows)

    def latest_timestamp(self) -> int | None:
        found = self.con.execute("SELECT epoch_ms(max(timestamp)) FROM requests").fetchall()[0][0]
        return None if found is None else int(found)

    def window(self, start_ms: int) -> pa.Table:
        """Requests at or after `start_ms`, in a fixed order so a rerun sees them the same way."""
        table = self.con.sql(
            f"SELECT {', '.join(REQUEST_COLUMNS)}, text_id FROM requests "
            f"WHERE timestamp >= make_timestamp({int(start_ms)} * 1000) ORDER BY timestamp, request_id"
        ).to_arrow_table()
        for name in ("timestamp", "account_created"):
            table = table.set_column(table.schema.get_field_index(name), name, table.column(name).cast(TIMESTAMP))
        return table

    # -- clusters and their history ----------------------------------------------------------------------------

    def known_clusters(self, dim: int) -> KnownClusters:
        found = self.con.sql(
            "SELECT cluster_id, centroid FROM clusters WHERE status = 'active' ORDER BY cluster_id"
        ).to_arrow_table()
        if found.num_rows == 0:
            return KnownClusters(np.zeros(0, np.int64), np.zeros((0, dim), np.float32))
        centroids = found.column("centroid").combine_chunks().flatten().to_numpy().astype(np.float32).reshape(-1, dim)
        return KnownClusters(found.column("cluster_id").to_numpy(), centroids)

    def resolve_merged(self, cluster_ids: np.ndarray) -> np.ndarray:
        """Follow merged_into chains, so a template of a merged cluster names the cluster it went into."""
        chain = dict(self.con.execute("SELECT cluster_id, merged_into FROM clusters WHERE status = 'merged'").fetchall())
        final = {}
        for start in chain:
            target, hops = start, 0
            while target in chain and hops <= len(chain):
                target, hops = chain[target], hops + 1
            final[start] = target
        out = np.asarray(cluster_ids, dtype=np.int64).copy()
        merged = np.isin(out, np.fromiter(final, dtype=np.int64, count=len(final)))
        out[merged] = [final[int(c)] for c in out[merged]]
        return out

    def campaigns(self) -> dict[int, int]:
        """Campaign id of every cluster the state knows; in a state from before campaign ids, each its own."""
        has_column = self.con.execute(
            "SELECT count(*) FROM information_schema.columns WHERE table_name = 'clusters' AND column_name = 'campaign_id'"
        ).fetchall()[0][0]
        column = "coalesce(campaign_id, cluster_id)" if has_column else "cluster_id"
        return dict(self.con.execute(f"SELECT cluster_id, {column} FROM clusters").fetchall())

    def merge_campaigns(self, merged_into: dict[int, int]) -> None:
        """Clusters of a campaign merged tonight, active or not, follow it into the campaign it joined."""
        for old, new in merged_into.items():
            self.con.execute("UPDATE clusters SET campaign_id = ? WHERE campaign_id = ?", [new, old]).fetchall()

    def add_campaign_clusters(self, clusters: pa.Table, night: int) -> None:
        """Which clusters each campaign held tonight (from clusters.parquet), for `embedcluster lineage`."""
        rows = clusters.select(["campaign_id", "cluster_id", "size"])
        self._execute_with(f"INSERT INTO campaign_clusters SELECT {int(night)}, campaign_id, cluster_id, size FROM rows", rows=rows)

    def add_campaign_events(self, events: list[CampaignEvent], night: int) -> None:
        if events:
            self.con.executemany(
                "INSERT INTO campaign_events VALUES (?, ?, ?, ?, ?, ?)",
                [[night, e.event, e.campaign_id, e.cluster_id, e.other_id, e.reason] for e in events],
            )

    def update_clusters(self, clusters: pa.Table, centroids: np.ndarray, night: int) -> None:
        """Upsert tonight's clusters (from clusters.parquet) with their centroids and campaigns; new ones born tonight."""
        dim = centroids.shape[1] if centroids.ndim == 2 else 0
        rows = pa.table(
            {
                "cluster_id": clusters.column("cluster_id"),
                "capability": clusters.column("capability"),
                "risk_score": clusters.column("risk_score"),
                "flagged": clusters.column("flagged"),
                "template": clusters.column("template"),
                "campaign_id": clusters.column("campaign_id"),
                "centroid": pa.FixedSizeListArray.from_arrays(pa.array(centroids.reshape(-1), pa.float32()), dim)
                if dim
                else pa.array([], pa.list_(pa.float32())),
            }
        )
        self._execute_with(
            f"""UPDATE clusters SET last_night = {int(night)}, status = 'active', capability = rows.capability,
                   risk_score = rows.risk_score, flagged = rows.flagged, template = rows.template,
                   centroid = rows.centroid, campaign_id = rows.campaign_id
               FROM rows WHERE clusters.cluster_id = rows.cluster_id""",
            rows=rows,
        )
        self._execute_with(
            f"""INSERT INTO clusters SELECT cluster_id, {int(night)}, {int(night)}, 'active', NULL, capability,
                   risk_score, flagged, template, centroid, campaign_id
               FROM rows ANTI JOIN clusters USING (cluster_id)""",
            rows=rows,
        )

    def mark_merged(self, merged_into: dict[int, int]) -> None:
        for old, new in merged_into.items():
            self.con.execute("UPDATE clusters SET status = 'merged', merged_into = ? WHERE cluster_id = ?", [new, old]).fetchall()

    def add_lineage(self, events: list[LineageEvent], night: int) -> None:
        if events:
            self.con.executemany(
                "INSERT INTO lineage VALUES (?, ?, ?, ?, ?)",
                [[night, e.event, e.cluster_id, e.other_id, e.share] for e in events],
            )

    def add_night(self, night: int, finished_at: str, summary: bytes) -> None:
        self.con.execute("INSERT INTO nights VALUES (?, ?, ?)", [night, finished_at, summary.decode()]).fetchall()
