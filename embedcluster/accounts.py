"""What the logs say about each account besides its prompts: age and shared infrastructure.

Campaigns open fresh accounts and rotate through shared proxy networks and
payment instruments; these are read from request metadata and an optional
accounts file, and are never required.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa

from embedcluster.config import IngestConfig
from embedcluster.features import AccountMeta
from embedcluster.ingest import first_field, parse_timestamp
from embedcluster.readers import expand_inputs, read_chunks


def account_meta(requests: pa.Table, account_ids: pa.Array, account_codes: np.ndarray, cfg: IngestConfig) -> AccountMeta:
    """Creation time and shared-infrastructure keys per account, from request rows and an optional accounts file."""
    n_accounts = len(account_ids)
    created = np.full(n_accounts, -1, dtype=np.int64)
    created_col = requests.column("account_created").cast(pa.int64()).to_numpy(zero_copy_only=False)
    has_created = ~np.isnan(created_col.astype(np.float64))
    if has_created.any():
        values = np.full(n_accounts, np.iinfo(np.int64).max)
        np.minimum.at(values, account_codes[has_created], created_col[has_created].astype(np.int64))
        created = np.where(values == np.iinfo(np.int64).max, -1, values)
    infra: list[set[str]] = [set() for _ in range(n_accounts)]
    for column, prefix in (("client_ip", "ip"), ("payment_fingerprint", "pay")):
        values = requests.column(column).to_pylist()
        for account, value in zip(account_codes, values):
            if value:
                infra[account].add(f"{prefix}:{_network_of(value) if prefix == 'ip' else value}")
    if cfg.accounts_file is not None:
        _merge_accounts_file(cfg.accounts_file, account_ids, created, infra, cfg)
    return AccountMeta(created, infra)


def _merge_accounts_file(
    path: Path, account_ids: pa.Array, created: np.ndarray, infra: list[set[str]], cfg: IngestConfig
) -> None:
    """Fill in creation times and payment fingerprints from a separate accounts table."""
    code_of = {account: i for i, account in enumerate(account_ids.to_pylist())}
    for chunk in read_chunks(expand_inputs([str(path)]), cfg.chunk_rows):
        for row in chunk:
            account = first_field(row.obj, cfg.account_id_fields) if row.obj is not None else None
            code = code_of.get(str(account)) if account is not None else None
            if code is None:
                continue
            when = parse_timestamp(first_field(row.obj, cfg.account_created_fields))
            if when is not None and (created[code] < 0 or when < created[code]):
                created[code] = when
            payment = first_field(row.obj, cfg.payment_fields)
            if payment:
                infra[code].add(f"pay:{payment}")


def _network_of(ip: str) -> str:
    """The /24 of an IPv4 address or the /48 of an IPv6 one: proxies rotate within a block."""
    if ":" in ip:
        return ":".join(ip.split(":")[:3])
    return ".".join(ip.split(".")[:3])
