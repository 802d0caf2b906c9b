"""Arrow schemas of the tables that flow between stages and of the run's outputs.

The output schemas are the contract with other tools: columns may be added in a
minor version, never renamed, retyped or removed (see README, "Output schema").
`SCHEMA_VERSION` is written into every run.json and moves only when that
contract breaks.
"""

from __future__ import annotations

import pyarrow as pa

SCHEMA_VERSION = 1
RUN_MARKER = "run.json"  # written last: a run directory without it is not a finished run
SLOT = "<slot>"  # where the members of a template differ, in clusters.parquet's `template`

TIMESTAMP = pa.timestamp("ms", tz="UTC")

# One accepted request after ingestion and normalization.
REQUESTS = pa.schema(
    [
        ("request_id", pa.string()),
        ("account_id", pa.string()),
        ("timestamp", TIMESTAMP),
        ("task_text", pa.string()),  # normalized user turns, the last one first
        ("task_hash", pa.string()),  # hash of the case-folded task text
        ("client_ip", pa.string()),
        ("payment_fingerprint", pa.string()),
        ("account_created", TIMESTAMP),
        ("source", pa.string()),
        ("line", pa.int64()),
    ]
)

ASSIGNMENTS = pa.schema(
    [
        ("request_id", pa.string()),
        ("account_id", pa.string()),
        ("timestamp", TIMESTAMP),
        ("template_id", pa.int64()),
        ("cluster_id", pa.int64()),  # -1: in no cluster
        ("capability", pa.string()),
        ("risk_score", pa.float64()),
        ("text_id", pa.int64()),  # row of texts.parquet and of the FAISS index
        ("campaign_id", pa.int64()),  # -1: in no cluster; the id to key on across nights (README, "Stable ids")
    ]
)

# Each distinct normalized prompt once (its embedding window), keyed by text_id.
TEXTS = pa.schema(
    [
        ("text_id", pa.int64()),
        ("template_id", pa.int64()),
        ("cluster_id", pa.int64()),
        ("text", pa.string()),
        ("campaign_id", pa.int64()),
    ]
)

CLUSTERS = pa.schema(
    [
        ("cluster_id", pa.int64()),
        ("size", pa.int64()),
        ("n_accounts", pa.int64()),
        ("n_templates", pa.int64()),
        ("first_seen", TIMESTAMP),
        ("last_seen", TIMESTAMP),
        ("capability", pa.string()),
        ("capability_scores", pa.map_(pa.string(), pa.float64())),
        ("template", pa.string()),
        ("example_slot_values", pa.list_(pa.string())),
        ("risk_score", pa.float64()),
        ("flagged", pa.bool_()),
        ("reasons", pa.list_(pa.string())),
        ("exemplar_request_ids", pa.list_(pa.string())),
        ("campaign_id", pa.int64()),  # the campaign the cluster belongs to: the id of the cluster that founded it
        ("flag_stability", pa.float64()),  # share of rescorings without a tenth of the requests that repeat `flagged`
    ]
)

ACCOUNTS = pa.schema(
    [
        ("account_id", pa.string()),
        ("n_requests", pa.int64()),
        ("first_seen", TIMESTAMP),
        ("last_seen", TIMESTAMP),
        ("risk_score", pa.float64()),
        ("flagged", pa.bool_()),
        ("reasons", pa.list_(pa.string())),
        ("top_cluster_ids", pa.list_(pa.int64())),
        ("ring_id", pa.int64()),  # -1: in no ring
        ("top_campaign_ids", pa.list_(pa.int64())),  # the campaigns of top_cluster_ids, each once, in that order
        ("flag_stability", pa.float64()),  # share of rescorings without a tenth of the requests that repeat `flagged`
    ]
)
