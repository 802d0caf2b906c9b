"""Investigations over a stored run: one account, one cluster, or the stored prompts nearest a prompt.

Plain queries over a read-only `RunStore` that return the plain dataclasses of
`embedcluster.findings`; the CLI, the case page and the service only render
them. The embedding model is imported only when a free text has to be embedded:
looking up accounts and clusters never loads torch.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta
from difflib import SequenceMatcher
from typing import Any

import numpy as np

from embedcluster.config import EmbedConfig
from embedcluster.embed import Embedder
from embedcluster.errors import RunError
from embedcluster.findings import (
    AccountCluster,
    AccountReport,
    ClusterAccount,
    ClusterReport,
    DayCount,
    Example,
    NearCluster,
    Segment,
    Sibling,
    SimilarPrompt,
    SimilarReport,
    Timeline,
)
from embedcluster.normalize import embedding_window, normalize_text
from embedcluster.render import AMBER_RISK, SLOT
from embedcluster.store import RunStore

MAX_SIBLINGS = 25
MAX_CLUSTER_ACCOUNTS = 25
MAX_EXAMPLES = 5
NEAREST_CLUSTERS = 5
ACCOUNTS_PER_PROMPT = 3
SUGGESTIONS = 3
_TOKENS = re.compile(r"\w+|[^\w\s]")
_ACCOUNT_COLUMNS = "account_id, n_requests, first_seen, last_seen, risk_score, flagged, reasons, ring_id"
_CLUSTER_COLUMNS = (
    "cluster_id, size, n_accounts, n_templates, first_seen, last_seen, capability, capability_scores, template, "
    "example_slot_values, risk_score, flagged, reasons, exemplar_request_ids"
)


# -- accounts ---------------------------------------------------------------------------------------------------


def account_report(store: RunStore, account_id: str) -> AccountReport:
    """Everything an analyst needs to judge one account: its clusters, its ring, its activity, its prompts."""
    found = store.rows(f"SELECT {_ACCOUNT_COLUMNS} FROM accounts WHERE account_id = $a", {"a": account_id})
    if not found:
        raise _unknown(store, "account", account_id, "accounts", "account_id")
    account = found[0]
    siblings = _siblings(store, account_id, account["ring_id"])
    hours = store.rows(
        "SELECT date_trunc('hour', timestamp) AS hour, count(*) AS n FROM assignments "
        "WHERE account_id = $a GROUP BY hour ORDER BY hour",
        {"a": account_id},
    )
    return AccountReport(
        **account,
        clusters=[AccountCluster(**row) for row in _account_clusters(store, account_id)],
        siblings=[Sibling(**{k: v for k, v in row.items() if k != "total"}) for row in siblings],
        n_siblings=siblings[0]["total"] if siblings else 0,
        timeline=_timeline(hours),
        examples=_examples(store, account_id),
    )


def _account_clusters(store: RunStore, account_id: str) -> list[dict[str, Any]]:
    return store.rows(
        """
        SELECT ac.cluster_id, ac.n_requests, ac.share, c.template, c.capability, c.risk_score,
               coalesce(c.flagged, false) AS flagged
        FROM account_clusters ac LEFT JOIN clusters c USING (cluster_id)
        WHERE ac.account_id = $a ORDER BY ac.n_requests DESC, ac.cluster_id""",
        {"a": account_id},
    )


def _siblings(store: RunStore, account_id: str, ring_id: int) -> list[dict[str, Any]]:
    """Accounts ranked by how much of both accounts' traffic goes to the same risky clusters, then ring members."""
    return store.rows(
        """
        WITH mine AS (
            SELECT ac.cluster_id, ac.share FROM account_clusters ac JOIN clusters c USING (cluster_id)
            WHERE ac.account_id = $a AND (c.flagged OR c.risk_score >= $risky)),
        shared AS (
            SELECT o.account_id, list(o.cluster_id ORDER BY o.cluster_id) AS shared_clusters,
                   sum(o.n_requests) AS shared_requests, sum(least(m.share, o.share)) AS overlap
            FROM cluster_accounts o JOIN mine m USING (cluster_id)
            WHERE o.account_id <> $a GROUP BY o.account_id),
        ring AS (SELECT account_id FROM accounts WHERE $ring <> -1 AND ring_id = $ring AND account_id <> $a),
        candidates AS (SELECT account_id FROM shared UNION SELECT account_id FROM ring)
        SELECT a.account_id, coalesce(s.overlap, 0.0) AS overlap,
               coalesce(s.shared_clusters, []::BIGINT[]) AS shared_clusters,
               coalesce(s.shared_requests, 0) AS shared_requests,
               ($ring <> -1 AND a.ring_id = $ring) AS same_ring, a.risk_score, a.flagged,
               count(*) OVER () AS total
        FROM candidates JOIN accounts a USING (account_id) LEFT JOIN shared s USING (account_id)
        ORDER BY overlap DESC, same_ring DESC, shared_requests DESC, a.account_id LIMIT $limit""",
        {"a": account_id, "ring": ring_id, "risky": AMBER_RISK, "limit": MAX_SIBLINGS},
    )


def _examples(store: RunStore, account_id: str) -> list[Example]:
    """A few distinct prompts of the account, taken in turn from its largest clusters, slots set apart."""
    rows = store.rows(
        """
        WITH mine AS (
            SELECT request_id, timestamp, cluster_id, text_id,
                   row_number() OVER (PARTITION BY text_id ORDER BY timestamp, request_id) AS copy
            FROM assignments WHERE account_id = $a),
        ranked AS (
            SELECT *, row_number() OVER (PARTITION BY cluster_id ORDER BY timestamp, request_id) AS nth,
                   count(*) OVER (PARTITION BY cluster_id) AS in_cluster
            FROM mine WHERE copy = 1),
        chosen AS (SELECT * FROM ranked ORDER BY nth, in_cluster DESC, cluster_id LIMIT $limit)
        SELECT ch.request_id, ch.timestamp, ch.cluster_id, t.text, c.template
        FROM chosen ch JOIN texts t USING (text_id) LEFT JOIN clusters c ON c.cluster_id = ch.cluster_id
        ORDER BY ch.nth, ch.in_cluster DESC, ch.cluster_id""",
        {"a": account_id, "limit": MAX_EXAMPLES},
    )
    return [
        Example(row["request_id"], row["timestamp"], row["cluster_id"], split_slots(row["text"], row["template"]))
        for row in rows
    ]


# -- clusters ---------------------------------------------------------------------------------------------------


def cluster_report(store: RunStore, cluster_id: int) -> ClusterReport:
    """One cluster: what its prompts share, who sends them and when, and which clusters resemble it."""
    found = store.rows(f"SELECT {_CLUSTER_COLUMNS} FROM clusters WHERE cluster_id = $c", {"c": cluster_id})
    if not found:
        raise _unknown_cluster(store, cluster_id)
    cluster = found[0]
    accounts = store.rows(
        """
        WITH top AS (
            SELECT account_id, n_requests, share FROM cluster_accounts WHERE cluster_id = $c
            ORDER BY n_requests DESC, account_id LIMIT $limit)
        SELECT top.account_id, top.n_requests, top.n_requests / $size AS share_of_cluster,
               top.share AS share_of_account, a.risk_score, a.flagged, a.ring_id
        FROM top JOIN accounts a USING (account_id) ORDER BY top.n_requests DESC, top.account_id""",
        {"c": cluster_id, "limit": MAX_CLUSTER_ACCOUNTS, "size": max(cluster["size"], 1)},
    )
    hours = store.rows(
        "SELECT hour, n_requests AS n FROM cluster_hours WHERE cluster_id = $c ORDER BY hour", {"c": cluster_id}
    )
    nearest = store.rows(
        """
        SELECT o.cluster_id, array_cosine_similarity(o.vector, q.vector) AS similarity,
               c.template, c.capability, c.size, c.risk_score, c.flagged
        FROM centroids o CROSS JOIN (SELECT vector FROM centroids WHERE cluster_id = $c) q
        JOIN clusters c ON c.cluster_id = o.cluster_id
        WHERE o.cluster_id <> $c ORDER BY similarity DESC, o.cluster_id LIMIT $limit""",
        {"c": cluster_id, "limit": NEAREST_CLUSTERS},
    )
    scores = sorted((cluster["capability_scores"] or {}).items(), key=lambda pair: (-pair[1], pair[0]))
    return ClusterReport(
        **{**cluster, "capability_scores": dict(scores)},
        accounts=[ClusterAccount(**row) for row in accounts],
        timeline=_timeline(hours),
        nearest=[NearCluster(**row) for row in nearest],
    )


# -- similar prompts --------------------------------------------------------------------------------------------


def similar_prompts(
    store: RunStore,
    text: str | None = None,
    request_id: str | None = None,
    k: int = 10,
    embedder: Embedder | None = None,
    embed_config: EmbedConfig | None = None,
) -> SimilarReport:
    """The k stored prompts nearest a free text (embedded as the run embedded its prompts) or a stored request.

    A stored request's own prompt comes first, with every account that sent it word for word.
    """
    if (text is None) == (request_id is None):
        raise ValueError("give exactly one of text and request_id")
    index = store.index()
    if request_id is not None:
        found = store.rows("SELECT * FROM requests WHERE request_id = $r", {"r": request_id})
        if not found:
            raise _unknown(store, "request", request_id, "requests", "request_id")
        request = found[0]
        (stored,) = store.rows("SELECT text FROM texts WHERE text_id = $t", {"t": request["text_id"]})
        query, vector = stored["text"], store.vector(request["text_id"])
    else:
        request = {}
        query, vector = _embed_query(store, text, embedder, embed_config or EmbedConfig())
    sims, ids = index.search(vector[None, :], k)
    ranked = [(int(i), float(s)) for i, s in zip(ids[0], sims[0]) if i >= 0]
    return SimilarReport(
        query=query,
        request_id=request.get("request_id"),
        account_id=request.get("account_id"),
        cluster_id=request.get("cluster_id"),
        hits=_describe_texts(store, ranked),
    )


def _embed_query(store: RunStore, text: str, embedder: Embedder | None, cfg: EmbedConfig) -> tuple[str, np.ndarray]:
    """Normalize and window the text as ingestion does, then embed it with the run's model (loaded only here)."""
    window = embedding_window(normalize_text(text), cfg.head_chars, cfg.tail_chars)
    if embedder is None:
        from embedcluster.embed import make_embedder

        embedder = make_embedder(cfg)
    run_model = (store.summary.get("versions") or {}).get("model")
    if run_model and embedder.name != run_model:
        raise RunError(
            f"{store.run_dir} was embedded with {run_model!r} but the query with {embedder.name!r}: "
            "pass the run's config (--config)"
        )
    return window, embedder.embed_batch([window])[0]


def _describe_texts(store: RunStore, ranked: list[tuple[int, float]]) -> list[SimilarPrompt]:
    if not ranked:
        return []
    listed = ", ".join(str(text_id) for text_id, _ in ranked)  # ints from the index, safe to inline
    rows = store.rows(
        f"""
        WITH senders AS (
            SELECT text_id, sum(n_requests) AS n_requests, count(*) AS n_accounts,
                   list(account_id ORDER BY n_requests DESC, account_id)[1:{ACCOUNTS_PER_PROMPT}] AS accounts,
                   min(request_id) AS request_id
            FROM text_accounts WHERE text_id IN ({listed}) GROUP BY text_id)
        SELECT t.text_id, t.text, t.cluster_id, c.risk_score AS cluster_risk,
               coalesce(c.flagged, false) AS cluster_flagged, s.n_requests, s.n_accounts, s.accounts, s.request_id
        FROM texts t JOIN senders s USING (text_id) LEFT JOIN clusters c ON c.cluster_id = t.cluster_id
        WHERE t.text_id IN ({listed})"""
    )
    by_id = {row["text_id"]: row for row in rows}
    return [SimilarPrompt(similarity=sim, **by_id[text_id]) for text_id, sim in ranked if text_id in by_id]


# -- shared pieces ----------------------------------------------------------------------------------------------


def split_slots(text: str, template: str | None) -> list[Segment]:
    """Cut a prompt into the template's frame and the values in its slots.

    Words of the prompt that align, in order, with the frame words of the
    template are frame; the rest are slot values. A prompt that matches less than
    half of the frame was written from another frame and is left whole.
    """
    if not template or SLOT not in template:
        return [Segment(text, False)]
    frame = [word.casefold() for word in _TOKENS.findall(template.replace(SLOT, " "))]
    spans = [match.span() for match in _TOKENS.finditer(text)]
    matcher = SequenceMatcher(None, frame, [text[a:b].casefold() for a, b in spans], autojunk=False)
    in_frame = [False] * len(spans)
    for block in matcher.get_matching_blocks():
        in_frame[block.b : block.b + block.size] = [True] * block.size
    if sum(in_frame) * 2 < len(frame):
        return [Segment(text, False)]
    runs: list[tuple[int, int]] = []  # character spans of consecutive slot words
    for i, (start, end) in enumerate(spans):
        if in_frame[i]:
            continue
        if runs and not in_frame[i - 1]:
            runs[-1] = (runs[-1][0], end)
        else:
            runs.append((start, end))
    segments: list[Segment] = []
    cursor = 0
    for start, end in runs:
        if start > cursor:
            segments.append(Segment(text[cursor:start], False))
        segments.append(Segment(text[start:end], True))
        cursor = end
    if cursor < len(text):
        segments.append(Segment(text[cursor:], False))
    return segments


def _timeline(hours: list[dict[str, Any]]) -> Timeline:
    per_day: Counter[date] = Counter()
    per_hour = [0] * 24
    for row in hours:
        per_day[row["hour"].date()] += row["n"]
        per_hour[row["hour"].hour] += row["n"]
    if not per_day:
        return Timeline([], per_hour)
    first, last = min(per_day), max(per_day)
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    return Timeline([DayCount(day, per_day[day]) for day in days], per_hour)


def _unknown(store: RunStore, kind: str, value: str, table: str, column: str) -> RunError:
    """An unknown-id error naming the most similar ids in the run."""
    rows = store.rows(
        f"SELECT {column} AS id FROM {table} "
        f"ORDER BY jaro_winkler_similarity(lower({column}), lower($v)) DESC, {column} LIMIT {SUGGESTIONS}",
        {"v": value},
    )
    closest = tuple(row["id"] for row in rows)
    hint = "; closest: " + ", ".join(repr(c) for c in closest) if closest else f"; the run has no {kind}s"
    return RunError(f"unknown {kind} {value!r} in {store.run_dir}{hint}", closest)


def _unknown_cluster(store: RunStore, cluster_id: int) -> RunError:
    """Cluster ids are 0..n-1, so the closest are the nearest numbers."""
    rows = store.rows(
        f"SELECT cluster_id FROM clusters ORDER BY abs(cluster_id - $c), cluster_id LIMIT {SUGGESTIONS}",
        {"c": cluster_id},
    )
    closest = tuple(str(row["cluster_id"]) for row in rows)
    (count,) = store.rows("SELECT count(*) AS n FROM clusters")
    hint = f"; clusters are 0 to {count['n'] - 1}, closest: {', '.join(closest)}" if closest else ""
    hint = hint or "; the run has no clusters"
    return RunError(f"unknown cluster {cluster_id} in {store.run_dir}{hint}", closest)
