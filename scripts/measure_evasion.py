"""How much obfuscation each stage of embedcluster tolerates, measured with the real model.

Measured on the accurate path (configs/accurate.yaml: every text through the
transformer, with its thresholds). A templated campaign (four frames,
slot-filled) is disguised in one way at a time: zero-width characters, look-alike letters, random casing, typos at three
rates, persona prefixes, sentence reordering, and all of them at once. For each
disguise the script reports

- normalization: the share of disguised prompts whose normalized text is the
  clean prompt's (then they hash together and share one embedding);
- embedding: the cosine similarity of each disguised prompt to its clean form
  (all-MiniLM-L6-v2 on the normalized embedding window), and the share at or
  above the template threshold (`templates.similarity`, 0.86) and the cluster
  assignment threshold (`clusters.assign_similarity`, 0.75);
- pipeline (unless --no-pipeline): one real `embedcluster.run` over the clean and
  disguised campaign hidden in ordinary traffic, and the share of disguised
  requests that land in the same template group, and in the same cluster, as
  their clean form.

Usage:
    .venv/bin/python -m scripts.measure_evasion [--per-frame 40] [--organic 600] [--seed 1] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import orjson
import pyarrow.parquet as pq

from embedcluster import run
from embedcluster.config import Config, load_config
from embedcluster.embed import Embedder, EmbeddingCache, SentenceTransformerEmbedder, embed_texts
from embedcluster.normalize import embedding_window, normalize_text
from scripts.demo_logs.textgen import TextGen

ACCURATE = Path(__file__).resolve().parent.parent / "configs" / "accurate.yaml"

Disguise = Callable[[str, random.Random], str]

FRAMES = [
    "You are an autonomous agent with shell and browser tools. Goal: build a {thing} in {lang}. "
    "Think step by step and explain your reasoning before each tool call. List every assumption you make.",
    "Implement a {structure} in {lang} with full unit tests. Explain the time complexity of each operation. "
    "Then refactor it for readability and justify every change.",
    "Solve this problem about {topic}: {problem}. Show your complete chain of thought. "
    "Verify the answer with a second, independent method.",
    "Draft a {months}-month plan to launch a {product} for {market}. Break it into weekly milestones with owners. "
    "Name the three biggest risks and how to mitigate each.",
]
SLOTS = {
    "thing": ["web scraper", "fraud detector", "ETL job", "search service", "bank chatbot", "inventory tracker",
              "chess engine", "log shipper"],
    "lang": ["Python", "Rust", "Go", "Java", "TypeScript", "C++"],
    "structure": ["red-black tree", "LRU cache", "trie", "skip list", "priority queue", "bloom filter", "rope",
                  "interval tree"],
    "topic": ["probability", "number theory", "geometry", "combinatorics", "graph theory", "linear algebra"],
    "problem": ["two dice are rolled until a six appears", "find all primes p with p^2 + 2 prime",
                "count the lattice paths avoiding the diagonal", "a chord is drawn at random in a circle",
                "colour the edges of K6 with two colours", "a matrix squares to the identity",
                "a knight tours a 5x5 board", "ten people exchange gifts at random"],
    "months": ["3", "6", "9", "12"],
    "product": ["budgeting app", "meal-kit service", "B2B analytics tool", "language-learning game"],
    "market": ["college students", "small restaurants", "rural clinics", "freelance designers"],
}  # fmt: skip
PERSONAS = [
    "You are a world-class senior software architect with twenty years of experience. ",
    "Act as my patient tutor, who explains every idea carefully and never skips a step. ",
    "I am a graduate student preparing for my qualifying exam, so please be thorough. ",
    "Pretend you are an expert consultant hired by a Fortune 500 company. ",
]
ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]
# What an attacker types instead of Latin letters: Cyrillic and Greek twins.
LOOKALIKES = {
    "a": "а", "c": "с", "e": "е", "i": "і", "j": "ј", "o": "о", "p": "р", "s": "ѕ", "x": "х", "y": "у",
    "A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "I": "І", "K": "К", "M": "М", "N": "Ν", "O": "О",
    "P": "Р", "T": "Т", "X": "Х", "Y": "Υ", "Z": "Ζ",
}  # fmt: skip
TEMPLATE_THRESHOLD = 0.86
ASSIGN_THRESHOLD = 0.75
_SENTENCES = re.compile(r"(?<=[.!?])\s+")
_WORDS = re.compile(r"[A-Za-z]{3,}")


def zero_width(text: str, rng: random.Random) -> str:
    """An invisible character after about a third of all characters."""
    return "".join(c + rng.choice(ZERO_WIDTH) if rng.random() < 0.3 else c for c in text)


def homoglyphs(text: str, rng: random.Random) -> str:
    """Every letter that has a Cyrillic or Greek twin swapped for it."""
    return "".join(LOOKALIKES.get(c, c) for c in text)


def random_case(text: str, rng: random.Random) -> str:
    return "".join(c.swapcase() if rng.random() < 0.5 else c for c in text)


def typos(rate: float) -> Disguise:
    """Each word of three letters or more, with probability `rate`: two letters swapped, one dropped, doubled or wrong."""

    def one(word: str, rng: random.Random) -> str:
        i = rng.randrange(len(word) - 1)
        kind = rng.randrange(4)
        if kind == 0:
            return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        if kind == 1:
            return word[:i] + word[i + 1 :]
        if kind == 2:
            return word[:i] + word[i] + word[i:]
        return word[:i] + rng.choice("abcdefghijklmnopqrstuvwxyz") + word[i + 1 :]

    def apply(text: str, rng: random.Random) -> str:
        return _WORDS.sub(lambda m: one(m.group(), rng) if rng.random() < rate else m.group(), text)

    return apply


def persona(count: int) -> Disguise:
    def apply(text: str, rng: random.Random) -> str:
        return "".join(rng.sample(PERSONAS, count)) + text

    return apply


def reorder(text: str, rng: random.Random) -> str:
    """The sentences in another order (never the original one when there is another)."""
    sentences = _SENTENCES.split(text)
    order = list(range(len(sentences)))
    while len(order) > 1 and order == sorted(order):
        rng.shuffle(order)
    return " ".join(sentences[i] for i in order)


def everything(text: str, rng: random.Random) -> str:
    for disguise in (reorder, persona(1), typos(0.05), random_case, homoglyphs, zero_width):
        text = disguise(text, rng)
    return text


DISGUISES: dict[str, Disguise] = {
    "zero-width characters": zero_width,
    "look-alike letters (all)": homoglyphs,
    "random casing": random_case,
    "typos, 5% of words": typos(0.05),
    "typos, 15% of words": typos(0.15),
    "typos, 30% of words": typos(0.30),
    "persona prefix": persona(1),
    "two persona prefixes": persona(2),
    "sentences reordered": reorder,
    "all of the above (5% typos)": everything,
}


def campaign(per_frame: int, rng: random.Random) -> list[str]:
    """`per_frame` distinct fillings of each frame."""
    prompts: list[str] = []
    for frame in FRAMES:
        names = re.findall(r"{(\w+)}", frame)
        if per_frame > math.prod(len(SLOTS[n]) for n in names):
            raise ValueError(f"at most {math.prod(len(SLOTS[n]) for n in names)} distinct fillings of: {frame}")
        seen: set[str] = set()
        while len(seen) < per_frame:
            seen.add(frame.format(**{n: rng.choice(SLOTS[n]) for n in names}))
        prompts += sorted(seen)
    return prompts


def window(text: str, config: Config) -> str:
    """What the pipeline embeds for a prompt."""
    return embedding_window(normalize_text(text), config.embed.head_chars, config.embed.tail_chars)


@dataclass
class Row:
    disguise: str
    same_text: float  # share whose normalized text equals the clean prompt's (ignoring case)
    mean_cosine: float
    min_cosine: float
    template_share: float  # share with cosine >= TEMPLATE_THRESHOLD
    assign_share: float  # share with cosine >= ASSIGN_THRESHOLD
    same_template: float | None = None  # pipeline: share in the clean form's template group
    same_cluster: float | None = None  # pipeline: share in the clean form's cluster


def disguise_all(prompts: list[str], seed: int) -> dict[str, list[str]]:
    """Every prompt under every disguise, reproducibly."""
    out = {}
    for k, (name, disguise) in enumerate(DISGUISES.items()):
        rng = random.Random(seed * 1000 + k)
        out[name] = [disguise(p, rng) for p in prompts]
    return out


def similarities(
    embedder: Embedder, cache: EmbeddingCache, prompts: list[str], disguised: dict[str, list[str]], config: Config
) -> list[Row]:
    """Normalization and embedding stages, measured per disguise against each prompt's clean form."""
    clean = [window(p, config) for p in prompts]
    clean_vectors, _ = embed_texts(clean, embedder, cache)
    rows = []
    for name, variants in disguised.items():
        texts = [window(v, config) for v in variants]
        cosines = np.sum(embed_texts(texts, embedder, cache)[0] * clean_vectors, axis=1)
        rows.append(
            Row(
                disguise=name,
                same_text=float(np.mean([t.casefold() == c.casefold() for t, c in zip(texts, clean)])),
                mean_cosine=float(cosines.mean()),
                min_cosine=float(cosines.min()),
                template_share=float(np.mean(cosines >= TEMPLATE_THRESHOLD)),
                assign_share=float(np.mean(cosines >= ASSIGN_THRESHOLD)),
            )
        )
    return rows


def organic_traffic(n: int, seed: int) -> list[str]:
    """Ordinary prompts from the demo log generator, as cover for the campaign."""
    gen = TextGen(random.Random(seed))
    return [gen.organic() for _ in range(n)]


def write_log(path: Path, prompts: list[str], disguised: dict[str, list[str]], organic: list[str]) -> None:
    """Clean campaign from 20 accounts, each disguise from 10 accounts of its own, organic from 1 to 3 requests each."""
    rows = []

    def add(request_id: str, account: str, prompt: str) -> None:
        rows.append({"request_id": request_id, "account_id": account, "timestamp": 1793577600 + len(rows), "prompt": prompt})

    for i, prompt in enumerate(prompts):
        add(f"clean-{i}", f"camp-{i % 20}", prompt)
    for k, (name, variants) in enumerate(disguised.items()):
        for i, variant in enumerate(variants):
            add(f"d{k}-{i}", f"evade{k}-{i % 10}", variant)
    for i, prompt in enumerate(organic):
        add(f"org-{i}", f"user-{i // 2}", prompt)
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))


def pipeline_shares(
    embedder: Embedder, prompts: list[str], disguised: dict[str, list[str]], organic: list[str], config: Config, base: Path
) -> dict[str, tuple[float, float]]:
    """(same template, same cluster) share of each disguise, from one real run."""
    write_log(base / "log.jsonl", prompts, disguised, organic)
    run([str(base / "log.jsonl")], base / "out", config, embedder=embedder)
    table = pq.read_table(base / "out" / "assignments.parquet", columns=["request_id", "template_id", "cluster_id"])
    where = {r: (t, c) for r, t, c in zip(*table.to_pydict().values())}
    out = {}
    for k, name in enumerate(disguised):
        pairs = [(where[f"d{k}-{i}"], where[f"clean-{i}"]) for i in range(len(prompts))]
        same_template = np.mean([d[0] == c[0] for d, c in pairs])
        same_cluster = np.mean([d[1] == c[1] and c[1] != -1 for d, c in pairs])
        out[name] = (float(same_template), float(same_cluster))
    return out


def measure(per_frame: int, organic: int, seed: int, pipeline: bool, embedder: Embedder | None = None) -> list[Row]:
    """Every measurement, in a private embedding cache and output folder; `embedder` defaults to the real model."""
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        accurate = load_config(ACCURATE)  # every text through the transformer, its thresholds
        config = Config.model_validate(
            {
                "embed": {**accurate.embed.model_dump(), "cache_dir": str(base / "cache")},
                "templates": accurate.templates.model_dump(),
                "clusters": {
                    **accurate.clusters.model_dump(), "min_cluster_size": 5, "min_samples": 3, "min_template_cluster_size": 8
                },
                "report": {"html": False},
            }
        )
        embedder = embedder or SentenceTransformerEmbedder(config.embed)
        prompts = campaign(per_frame, random.Random(seed))
        disguised = disguise_all(prompts, seed)
        cache = EmbeddingCache(base / "cache", embedder.dim)  # shared with the run, so each text is embedded once
        try:
            rows = similarities(embedder, cache, prompts, disguised, config)
        finally:
            cache.close()
        if pipeline:
            shares = pipeline_shares(embedder, prompts, disguised, organic_traffic(organic, seed), config, base)
            for row in rows:
                row.same_template, row.same_cluster = shares[row.disguise]
    return rows


def markdown(rows: list[Row]) -> str:
    def pct(value: float | None) -> str:
        return "–" if value is None else f"{value:.0%}"

    lines = [
        "| disguise | same text after normalizing | cosine to clean, mean | min | ≥ 0.86 (template) "
        "| ≥ 0.75 (assign) | same template (run) | same cluster (run) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r.disguise} | {pct(r.same_text)} | {r.mean_cosine:.3f} | {r.min_cosine:.3f} | {pct(r.template_share)} "
            f"| {pct(r.assign_share)} | {pct(r.same_template)} | {pct(r.same_cluster)} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--per-frame", type=int, default=40, help="distinct clean prompts per campaign frame (at most 48)")
    parser.add_argument("--organic", type=int, default=600, help="ordinary prompts hiding the campaign")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-pipeline", action="store_true", help="only the normalization and embedding stages")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON here")
    args = parser.parse_args()
    rows = measure(args.per_frame, args.organic, args.seed, not args.no_pipeline)
    print(markdown(rows))
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in rows], indent=2))


if __name__ == "__main__":
    main()
