"""Account metadata: creation times and shared-infrastructure keys, from rows and an accounts file."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pyarrow as pa

from embedcluster.accounts import account_meta
from embedcluster.config import IngestConfig
from embedcluster.ingest import parse_chunk
from embedcluster.readers import RawRow

T0 = 1_793_577_600


def _requests(rows: list[dict]) -> pa.Table:
    raw = [RawRow("log", i + 1, row, json.dumps(row)) for i, row in enumerate(rows)]
    return pa.Table.from_batches([parse_chunk(raw, IngestConfig()).batch])


def _meta(rows: list[dict], accounts_file: Path | None = None):
    table = _requests(rows)
    encoded = table.column("account_id").combine_chunks().dictionary_encode()
    codes = encoded.indices.to_numpy().astype(np.int64)
    meta = account_meta(table, encoded.dictionary, codes, IngestConfig(accounts_file=accounts_file))
    return {name: i for i, name in enumerate(encoded.dictionary.to_pylist())}, meta


def _row(i: int, account: str, **extra) -> dict:
    return {"request_id": str(i), "account_id": account, "timestamp": T0 + i, "prompt": f"question {i}", **extra}


def test_earliest_creation_time_and_network_blocks() -> None:
    index, meta = _meta(
        [
            _row(1, "a", account_created_at="2026-10-30T00:00:00Z", client_ip="203.0.113.7"),
            _row(2, "a", account_created_at="2026-10-29T00:00:00Z", client_ip="203.0.113.99"),
            _row(3, "b", payment_fingerprint="card-1", client_ip="2001:db8:5:1::2"),
            _row(4, "c"),
        ]
    )
    assert meta.created[index["a"]] == 1_793_232_000_000  # 2026-10-29
    assert meta.created[index["b"]] == -1 and meta.created[index["c"]] == -1
    assert meta.infra[index["a"]] == {"ip:203.0.113"}
    assert meta.infra[index["b"]] == {"pay:card-1", "ip:2001:db8:5"}
    assert meta.infra[index["c"]] == set()


def test_accounts_file_fills_in_creation_and_payment(tmp_path: Path) -> None:
    accounts = tmp_path / "accounts.csv"
    accounts.write_text("account_id,account_created_at,payment_fingerprint\nb,2026-10-01T00:00:00Z,card-9\nzz,2026-01-01,x\n")
    index, meta = _meta([_row(1, "a"), _row(2, "b")], accounts)
    assert meta.created[index["b"]] == 1_790_812_800_000  # 2026-10-01
    assert meta.infra[index["b"]] == {"pay:card-9"}
    assert meta.created[index["a"]] == -1
