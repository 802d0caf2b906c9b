"""A static embedder distilled from the packaged transformer: one vector per vocabulary token.

The bulk of a night's prompts only needs to find its near-duplicate siblings
(templates) and its nearest cluster; a weighted mean of token vectors does that
at thousands of prompts a second where the transformer manages a few hundred.
The table is distilled the way model2vec does it, from the same offline model:
each vocabulary token embedded alone by the transformer, reduced by PCA, and
weighted so that frequent tokens count less (Zipf's law over the WordPiece
vocabulary, whose ids follow frequency). It is built once per model and kept in
the cache folder; a corrupt or foreign table is rebuilt, never trusted.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from embedcluster.embed import Embedder, SentenceTransformerEmbedder
from embedcluster.errors import ModelError, OutputError

DISTILL_VERSION = 1
_SIF = 1e-4
_BATCH = 1024


class StaticEmbedder(Embedder):
    """Weighted mean of distilled token vectors; L2-normalized float32 rows, like every embedder."""

    measures_capability = False
    worth_caching = False

    def __init__(self, transformer: SentenceTransformerEmbedder, table_dir: Path, dims: int) -> None:
        from sentence_transformers import SentenceTransformer
        from sentence_transformers.models import Normalize, StaticEmbedding
        from tokenizers import Tokenizer

        tokenizer_file = Path(transformer.model_path) / "tokenizer.json"
        try:
            tokenizer = Tokenizer.from_file(str(tokenizer_file))
        except Exception as exc:  # the tokenizers library raises its own exception type
            raise ModelError(f"cannot read {tokenizer_file}: {exc}") from None
        tokenizer.no_truncation()
        tokenizer.no_padding()
        table = token_table(transformer, table_dir, dims)
        self._model = SentenceTransformer(
            modules=[StaticEmbedding(tokenizer, embedding_weights=table), Normalize()], device="cpu"
        )
        self.dim = int(table.shape[1])
        self.name = f"static:{transformer.name}|pca{self.dim}|v{DISTILL_VERSION}"

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        vectors = self._model.encode(list(texts), batch_size=4096, convert_to_numpy=True, show_progress_bar=False)
        return np.ascontiguousarray(vectors, dtype=np.float32)


def token_table(transformer: SentenceTransformerEmbedder, table_dir: Path, dims: int) -> np.ndarray:
    """The distilled (vocabulary, dims) table, from the cache when this model's table is there."""
    path = table_dir / f"{_table_key(transformer, dims)}.npy"
    if path.exists():
        try:
            table = np.load(path, allow_pickle=False)
            if table.ndim == 2 and table.shape[1] == min(dims, transformer.dim) and np.isfinite(table).all():
                return table
        except (OSError, ValueError):
            pass  # rebuilt below
    table = distill(transformer, dims)
    _save(path, table)
    return table


def distill(transformer: SentenceTransformerEmbedder, dims: int) -> np.ndarray:
    """Each token embedded alone ([CLS] token [SEP]), centred, PCA to `dims`, then Zipf/SIF weighted."""
    import torch

    model = transformer.model
    vocab_size = model.tokenizer.vocab_size
    cls_id, sep_id = model.tokenizer.cls_token_id, model.tokenizer.sep_token_id
    rows = []
    with torch.inference_mode(), transformer.precision_context():
        for start in range(0, vocab_size, _BATCH):
            ids = torch.arange(start, min(start + _BATCH, vocab_size)).unsqueeze(1)
            input_ids = torch.cat([torch.full_like(ids, cls_id), ids, torch.full_like(ids, sep_id)], dim=1)
            features = {"input_ids": input_ids.to(model.device), "attention_mask": torch.ones_like(input_ids).to(model.device)}
            rows.append(model(features)["sentence_embedding"].float().cpu().numpy())
    vectors = np.concatenate(rows).astype(np.float64)
    vectors -= vectors.mean(axis=0)
    dims = min(dims, vectors.shape[1])
    _, _, components = np.linalg.svd(vectors, full_matrices=False)
    reduced = vectors @ components[:dims].T
    inverse_rank = 1.0 / np.arange(2, vocab_size + 2)
    probability = inverse_rank / inverse_rank.sum()
    reduced *= (_SIF / (_SIF + probability))[:, None]
    return reduced.astype(np.float32)


def _table_key(transformer: SentenceTransformerEmbedder, dims: int) -> str:
    """Names the model by its weights' size and first megabyte, so another model never reuses a table."""
    weights = sorted(Path(transformer.model_path).glob("*.safetensors")) + sorted(Path(transformer.model_path).glob("*.bin"))
    digest = hashlib.blake2b(f"{transformer.name}|{dims}|{DISTILL_VERSION}".encode(), digest_size=12)
    for file in weights:
        digest.update(f"{file.name}:{file.stat().st_size}".encode())
        with file.open("rb") as fh:
            digest.update(fh.read(1 << 20))
    return digest.hexdigest()


def _save(path: Path, table: np.ndarray) -> None:
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("wb") as fh:
            np.save(fh, table, allow_pickle=False)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"cannot write the distilled token table in {path.parent}: {exc.strerror or exc}") from None
