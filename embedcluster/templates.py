"""Near-duplicate template groups, and the readable template each group shares.

A template group is a connected component of the FAISS neighbour graph cut at a
high similarity: slot-filled copies of one frame sit far closer to each other
than to anything else. Components scale to millions of prompts because they
only need k neighbours per prompt.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from difflib import SequenceMatcher

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from embedcluster.config import IndexConfig, TemplateConfig
from embedcluster.index import VectorIndex, build_index
from embedcluster.schema import SLOT

MAX_ALIGN_TOKENS = 400
_TOKENS = re.compile(r"\w+|[^\w\s]")
_WORDS = re.compile(r"\w+")
_JOINED = re.compile(r"(\w) ([-'’]) (\w)")
_SIBLING_JACCARD = 0.2
_HASHES = 64
_HASH_SEED = 20261202
_PRIME = np.uint64((1 << 61) - 1)
_PAIR_BATCH = 1 << 18
_NO_SPACE_BEFORE = re.compile(r" ([,.;:!?)\]}%])")
_NO_SPACE_AFTER = re.compile(r"([(\[{$]) ")


@dataclass(frozen=True)
class Template:
    text: str  # shared words, varying parts as <slot>
    slot_examples: list[str]


@dataclass(frozen=True)
class Neighbours:
    """k nearest neighbours of every row (row ids into the same vector set)."""

    sims: np.ndarray  # float32 (n, k)
    ids: np.ndarray  # int64 (n, k), -1 where missing


def neighbour_graph(index: VectorIndex, vectors: np.ndarray, k: int, batch: int = 8192) -> Neighbours:
    """k-NN of every vector, searched in blocks so memory stays bounded."""
    sims, ids = [], []
    for start in range(0, len(vectors), batch):
        s, i = index.search(vectors[start : start + batch], k)
        sims.append(s)
        ids.append(i)
    return Neighbours(np.vstack(sims), np.vstack(ids))


def index_texts(vectors: np.ndarray, cfg: IndexConfig) -> tuple[VectorIndex | None, Neighbours | None]:
    """The FAISS index of a run's distinct texts (their row numbers as ids) and each text's k nearest neighbours."""
    if not len(vectors):
        return None, None
    index = build_index(vectors, np.arange(len(vectors), dtype=np.int64), cfg)
    return index, neighbour_graph(index, vectors, cfg.neighbors)


def template_groups(neighbours: Neighbours | None, texts: list[str], cfg: TemplateConfig) -> np.ndarray:
    """Each text's template group: near-duplicates that also share word pairs; alone without neighbours."""
    if neighbours is None:
        return np.arange(len(texts), dtype=np.int64)
    return group_templates(neighbours, cfg.similarity, texts, cfg.min_shared_word_pairs)


def _close_pairs(neighbours: Neighbours, similarity: float) -> tuple[np.ndarray, np.ndarray]:
    """(row, neighbour id) of every neighbour at or above `similarity`, self-pairs left out."""
    rows = np.repeat(np.arange(neighbours.ids.shape[0]), neighbours.ids.shape[1])
    cols = neighbours.ids.reshape(-1)
    keep = (cols >= 0) & (neighbours.sims.reshape(-1) >= similarity) & (cols != rows)
    return rows[keep], cols[keep]


def _components(rows: np.ndarray, cols: np.ndarray, n: int) -> np.ndarray:
    graph = coo_matrix((np.ones(len(rows), dtype=np.int8), (rows, cols)), shape=(n, n))
    return connected_components(graph, directed=False)[1].astype(np.int64)


def group_templates(
    neighbours: Neighbours, similarity: float, texts: list[str] | None = None, min_shared_word_pairs: float = 0.0
) -> np.ndarray:
    """Component label of each row in the graph of pairs at or above `similarity` that share enough word pairs."""
    rows, cols = _close_pairs(neighbours, similarity)
    if texts is not None:
        keep = word_linked(texts, rows, cols, min_shared_word_pairs)
        rows, cols = rows[keep], cols[keep]
    return _components(rows, cols, neighbours.ids.shape[0])


def word_linked(texts: list[str], rows: np.ndarray, cols: np.ndarray, min_shared_word_pairs: float) -> np.ndarray:
    """Which close pairs (texts[rows[i]], texts[cols[i]]) share enough word pairs to link; all of them at 0."""
    if min_shared_word_pairs <= 0 or not len(rows):
        return np.ones(len(rows), dtype=bool)
    return shared_word_pairs(texts, rows, cols) >= min_shared_word_pairs


def shared_word_pairs(texts: list[str], rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Estimated Jaccard of the word-pair sets of texts[rows[i]] and texts[cols[i]] (MinHash).

    Slot-filled copies of a frame share most of their word pairs; two prompts
    that merely embed alike (the same kind of pasted prose, one topic) share few.
    Without this check one dense region of such prompts chains unrelated
    templates into a single component as a night grows.
    """
    used, inverse = np.unique(np.concatenate([rows, cols]), return_inverse=True)
    signatures = _minhash([texts[i] for i in used])
    a, b = inverse[: len(rows)], inverse[len(rows) :]
    out = np.empty(len(rows), dtype=np.float32)
    for start in range(0, len(rows), _PAIR_BATCH):
        part = slice(start, start + _PAIR_BATCH)
        out[part] = (signatures[a[part]] == signatures[b[part]]).mean(axis=1)
    return out


def _minhash(texts: list[str]) -> np.ndarray:
    """(n, _HASHES) MinHash of each text's set of consecutive word pairs (a one-word text: the word)."""
    vocabulary: dict[str, int] = {}
    rng = np.random.default_rng(_HASH_SEED)
    mul = rng.integers(1, _PRIME, _HASHES, dtype=np.uint64)
    add = rng.integers(0, _PRIME, _HASHES, dtype=np.uint64)
    out = np.empty((len(texts), _HASHES), dtype=np.uint64)
    for i, text in enumerate(texts):
        ids = np.fromiter((vocabulary.setdefault(w, len(vocabulary)) for w in _WORDS.findall(text.casefold())), np.uint64)
        pairs = np.unique(ids[:-1] * np.uint64(1 << 24) + ids[1:]) if len(ids) > 1 else ids
        out[i] = ((pairs[:, None] * mul + add) % _PRIME).min(axis=0) if len(pairs) else _PRIME
    return out


def attach_templates(
    vectors: np.ndarray,
    texts: list[str],
    known: VectorIndex | None,
    known_texts: Callable[[np.ndarray], list[str]],
    template_of_known: np.ndarray,
    next_template: int,
    cfg: TemplateConfig,
    index_cfg: IndexConfig,
) -> np.ndarray:
    """Template id of each new text: a known template it links to, or a new id (from `next_template`).

    The same components as `group_templates` over the union, except that known
    templates are never merged with each other: a component that reaches several
    joins the one it has the most links to, so yesterday's template ids hold.
    """
    n, k = len(vectors), index_cfg.neighbors
    local = neighbour_graph(build_index(vectors, np.arange(n), index_cfg), vectors, k)
    local_rows, local_cols = _close_pairs(local, cfg.similarity)
    old_rows = old_ids = np.zeros(0, dtype=np.int64)
    if known is not None and known.index.ntotal:
        found = neighbour_graph(known, vectors, k)
        hit = (found.ids >= 0) & (found.sims >= cfg.similarity)
        old_rows = np.repeat(np.arange(n), found.ids.shape[1])[hit.reshape(-1)]
        old_ids = found.ids[hit]
    if cfg.min_shared_word_pairs > 0 and len(local_rows) + len(old_rows):
        linked, position = np.unique(old_ids, return_inverse=True)
        keep = word_linked(texts + known_texts(linked), np.concatenate([local_rows, old_rows]),
                           np.concatenate([local_cols, n + position.reshape(-1)]), cfg.min_shared_word_pairs)
        keep_local, keep_old = np.split(keep, [len(local_rows)])
        local_rows, local_cols = local_rows[keep_local], local_cols[keep_local]
        old_rows, old_ids = old_rows[keep_old], old_ids[keep_old]
    old_templates = template_of_known[old_ids]
    _, node_of_edge = np.unique(old_templates, return_inverse=True)
    component = _components(
        np.concatenate([local_rows, old_rows]),
        np.concatenate([local_cols, n + node_of_edge.reshape(-1)]),
        n + int(node_of_edge.max(initial=-1)) + 1,
    )

    links: dict[int, Counter] = {}
    for row, template in zip(old_rows, old_templates):
        links.setdefault(int(component[row]), Counter())[int(template)] += 1
    out = np.empty(n, dtype=np.int64)
    fresh: dict[int, int] = {}
    for i in range(n):
        comp = int(component[i])
        if comp in links:
            out[i] = min(links[comp].items(), key=lambda item: (-item[1], item[0]))[0]
        else:
            if comp not in fresh:
                fresh[comp] = next_template + len(fresh)
            out[i] = fresh[comp]
    return out


def _tokens(text: str) -> list[str]:
    return _TOKENS.findall(text)[:MAX_ALIGN_TOKENS]


def _detokenize(tokens: list[str]) -> str:
    text = " ".join(tokens)
    text = _NO_SPACE_AFTER.sub(r"\1", _NO_SPACE_BEFORE.sub(r"\1", text))
    return _JOINED.sub(r"\1\2\3", text)


def _jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def _medoid_and_siblings(token_lists: list[list[str]]) -> tuple[list[str], list[list[str]]]:
    """The member sharing most word pairs with the others, and the members of its own variant.

    A cluster may mix paraphrased frames; aligning one frame's members shows
    that frame, where aligning them all would show nothing but slots.
    """
    pairs = [set(zip(t, t[1:])) for t in token_lists]
    similarity = np.array([[_jaccard(a, b) for b in pairs] for a in pairs])
    np.fill_diagonal(similarity, 0.0)
    lengths = np.array([len(t) for t in token_lists])
    closeness_to_median = -np.abs(lengths - np.median(lengths))
    best = int(np.lexsort((closeness_to_median, similarity.sum(axis=1)))[-1])
    siblings = [t for i, t in enumerate(token_lists) if i != best and similarity[best, i] >= _SIBLING_JACCARD]
    if len(siblings) < 2:
        siblings = [t for i, t in enumerate(token_lists) if i != best]
    return token_lists[best], siblings


def extract_template(texts: list[str], max_examples: int = 5) -> Template:
    """The text the members share, varying parts shown as <slot>, and example slot values.

    Aligns each member to a medoid word by word; a medoid word kept by at least
    half of the members is part of the frame.
    """
    token_lists = [_tokens(t) for t in dict.fromkeys(texts)]
    token_lists = [t for t in token_lists if t]
    if not token_lists:
        return Template("", [])
    if len(token_lists) == 1:
        return Template(_detokenize(token_lists[0]), [])
    medoid, others = _medoid_and_siblings(token_lists)
    kept = np.zeros(len(medoid), dtype=np.int64)
    inserted_after = Counter()
    member_slots: list[list[str]] = []
    for member in others:
        matcher = SequenceMatcher(None, medoid, member, autojunk=False)
        slots = []
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                kept[i1:i2] += 1
            else:
                if j2 > j1:
                    slots.append(_detokenize(member[j1:j2]))
                if op == "insert":
                    inserted_after[i1] += 1
        member_slots.append(slots)
    frame = kept * 2 >= len(others)
    out: list[str] = []
    for i, token in enumerate(medoid):
        gap_slot = inserted_after[i] * 2 >= len(others) and inserted_after[i] > 0
        if gap_slot and (not out or out[-1] != SLOT):
            out.append(SLOT)
        if frame[i]:
            out.append(token)
        elif not out or out[-1] != SLOT:
            out.append(SLOT)
    if inserted_after[len(medoid)] * 2 >= len(others) and (not out or out[-1] != SLOT):
        out.append(SLOT)
    examples = [" | ".join(slots)[:300] for slots in member_slots if slots]
    return Template(_detokenize(out), list(dict.fromkeys(examples))[:max_examples])


def _shingles(text: str) -> set[tuple[str, str]]:
    words = _WORDS.findall(text.casefold())
    return set(zip(words, words[1:]))


def lexical_overlap(texts: list[str]) -> float:
    """Median, over members, of the word-bigram Jaccard with the most similar other member.

    Slot-filled copies of a frame share most of their word pairs with some
    sibling (around 0.5 and above), even when a cluster mixes several
    paraphrased frames; prompts that are merely on one topic share few (~0.1).
    """
    sets = [s for s in (_shingles(t) for t in dict.fromkeys(texts)) if s]
    if len(sets) < 2:
        return 0.0
    best = []
    for i, current in enumerate(sets):
        best.append(max(len(current & other) / len(current | other) for j, other in enumerate(sets) if j != i))
    return float(np.median(best))
