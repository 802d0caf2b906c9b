"""Run configuration: one pydantic section per stage, loaded from YAML.

Each stage receives only its own section. Unknown keys are errors so a typo in a
config file never silently falls back to a default. The defaults, with a comment
on every setting, and the capability prototypes ship inside the package
(`embedcluster config show`), so an installed wheel needs no checkout.
"""

from __future__ import annotations

import hashlib
import json
from importlib import resources
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from embedcluster.errors import ConfigError

CONFIG_FILE = "config.json"  # the full resolved config, saved in every run directory
_PACKAGE_DATA = resources.files("embedcluster") / "data"


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class IngestConfig(Section):
    """Where each field lives in a log row; the first candidate present wins."""

    request_id_fields: tuple[str, ...] = ("request_id", "id", "requestId")
    account_id_fields: tuple[str, ...] = ("account_id", "user_id", "api_key_id", "accountId")
    timestamp_fields: tuple[str, ...] = ("timestamp", "created_at", "time", "ts")
    prompt_fields: tuple[str, ...] = ("prompt", "text", "input", "query")
    body_fields: tuple[str, ...] = ("request", "body", "payload")
    client_ip_fields: tuple[str, ...] = ("client_ip", "ip", "remote_addr")
    payment_fields: tuple[str, ...] = ("payment_fingerprint", "card_fingerprint")
    account_created_fields: tuple[str, ...] = ("account_created_at", "account_created")
    accounts_file: Path | None = None
    max_text_chars: int = Field(200_000, gt=0)
    chunk_rows: int = Field(5_000, gt=0)  # rows parsed at a time: bounds the memory long prompts take
    # Resource limits: hostile rows are refused before the step they would make expensive.
    max_line_bytes: int = Field(16 * 2**20, ge=1_024)  # a JSONL line or CSV record; longer is read past, never held
    max_depth: int = Field(64, gt=0, le=200)  # nesting levels in a row; orjson cannot write 255
    max_rejected_row_bytes: int = Field(32_768, ge=512)  # one line of rejected.jsonl, escapes included
    max_rejected_bytes: int = Field(128 * 2**20, ge=0)  # all of rejected.jsonl; further rejected rows are counted only


class EmbedConfig(Section):
    """`bulk: static` embeds every text with a token table distilled from `model` and keeps the
    transformer for the points clustering sees; `bulk: transformer` sends every text through it."""

    model: str = "all-MiniLM-L6-v2"
    bulk: Literal["static", "transformer"] = "static"
    static_dims: int = Field(256, ge=8)
    static_dir: Path | None = None  # where distilled token tables are kept; null: ~/.cache/embedcluster/static
    device: Literal["auto", "cpu", "cuda"] = "auto"
    precision: Literal["auto", "float32", "bfloat16"] = "auto"
    batch_size: int = Field(64, gt=0)
    max_seq_length: int = Field(128, gt=8)
    head_chars: int = Field(600, gt=0)
    tail_chars: int = Field(200, ge=0)
    cache_dir: Path | None = None


class IndexConfig(Section):
    kind: Literal["auto", "flat", "hnsw", "ivf"] = "auto"
    exact_below: int = Field(20_000, gt=0)  # auto: an exact (flat) index below this many vectors, HNSW above
    hnsw_m: int = Field(32, gt=1)  # links per vector: recall against memory
    hnsw_ef_search: int = Field(96, gt=0)
    hnsw_ef_construction: int = Field(80, gt=0)
    ivf_nprobe: int = Field(16, gt=0)  # IVF lists searched per query
    neighbors: int = Field(16, gt=1)  # k of the neighbour graph template groups are cut from


class TemplateConfig(Section):
    similarity: float = Field(0.95, gt=0.0, le=1.0)
    min_shared_word_pairs: float = Field(0.25, ge=0.0, le=1.0)  # estimated Jaccard of word-pair sets; 0: off
    sample_for_text: int = Field(24, ge=2)
    max_slot_examples: int = Field(5, ge=0)


class ClusterConfig(Section):
    reducer: Literal["umap", "none"] = "umap"
    umap_components: int = Field(10, ge=2)
    umap_neighbors: int = Field(15, ge=2)
    min_cluster_size: int = Field(8, ge=2)
    min_samples: int = Field(4, ge=1)
    points_per_template: int = Field(8, ge=1)
    max_points: int = Field(30_000, ge=100)
    min_template_cluster_size: int = Field(10, ge=2)
    assign_similarity: float = Field(0.95, gt=0.0, le=1.0)
    seed: int = 13


class CapabilityConfig(Section):
    prototypes: Path | None = None  # null: the packaged prototypes (`embedcluster config show --capabilities`)
    min_score: float = Field(0.3, ge=0.0, le=1.0)


class ScoringConfig(Section):
    """Weights and thresholds of the cluster and account risk; see scoring.py."""

    @model_validator(mode="after")
    def _ratios_ordered(self) -> ScoringConfig:
        if self.concentrated_reach_ratio >= self.popular_reach_ratio:
            raise ValueError("concentrated_reach_ratio must be below popular_reach_ratio")
        return self

    accounts_half_saturation: float = Field(6.0, gt=0.0)
    min_accounts: int = Field(5, ge=2)
    cluster_flag_threshold: float = Field(0.5, ge=0.0, le=1.0)
    account_flag_threshold: float = Field(0.5, ge=0.0, le=1.0)
    young_account_days: float = Field(14.0, gt=0.0)
    min_account_requests_in_cluster: int = Field(2, ge=1)
    popular_reach_ratio: float = Field(0.75, gt=0.0, le=1.0)
    concentrated_reach_ratio: float = Field(0.4, ge=0.0, lt=1.0)
    target_fpr: float = Field(0.001, gt=0.0, lt=1.0)
    null_rounds: int = Field(1, ge=0)
    stability_rounds: int = Field(4, ge=0, le=8)
    stability_drop: float = Field(0.1, ge=1 / 256, lt=0.5)  # rounds draw on 8 bits of a request's key


class ReportConfig(Section):
    html: bool = True
    max_map_points: int = Field(2_000, ge=10)


class NightlyConfig(Section):
    """A state directory's rolling window, how many finished generations it keeps, and cluster identity."""

    window_days: float = Field(14.0, gt=0.0)
    keep_generations: int = Field(2, ge=1)
    revive_similarity: float = Field(0.985, gt=0.0, le=1.0)


class Config(Section):
    ingest: IngestConfig = IngestConfig()
    embed: EmbedConfig = EmbedConfig()
    index: IndexConfig = IndexConfig()
    templates: TemplateConfig = TemplateConfig()
    clusters: ClusterConfig = ClusterConfig()
    capabilities: CapabilityConfig = CapabilityConfig()
    scoring: ScoringConfig = ScoringConfig()
    report: ReportConfig = ReportConfig()
    nightly: NightlyConfig = NightlyConfig()

    def digest(self) -> str:
        """A short hash that changes whenever any setting does (recorded in run.json)."""
        payload = json.dumps(self.model_dump(mode="json"), sort_keys=True)
        return hashlib.sha256(payload.encode()).hexdigest()[:16]


def default_yaml() -> str:
    """Every setting with its default and a comment on it: what `embedcluster config show` prints."""
    return (_PACKAGE_DATA / "default.yaml").read_text(encoding="utf-8")


def default_capabilities_yaml() -> str:
    """The packaged capability prototypes, used when `capabilities.prototypes` is null."""
    return (_PACKAGE_DATA / "capabilities.yaml").read_text(encoding="utf-8")


def _resolve_paths(raw: dict, base: Path) -> dict:
    """Relative paths in a config file are relative to that file, not to the cwd."""
    paths = (
        ("capabilities", "prototypes"), ("ingest", "accounts_file"), ("embed", "cache_dir"), ("embed", "static_dir"),
    )
    for section, key in paths:
        value = raw.get(section, {}).get(key) if isinstance(raw.get(section), dict) else None
        if isinstance(value, str) and not Path(value).is_absolute():
            raw[section][key] = str((base / value).resolve())
    return raw


def load_config(path: Path | None = None) -> Config:
    """The defaults, overridden by the YAML file at `path` when given.

    A config file names only what it changes; relative paths in it are resolved
    against the file's folder. A bad file raises `ConfigError` with the first
    offending key.
    """
    if path is None:
        return Config()
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise ConfigError(f"config file not found: {path}") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot read config {path}: {exc}") from None
    if not isinstance(raw, dict):
        raise ConfigError(f"config {path} must be a mapping of sections, got {type(raw).__name__}")
    try:
        return Config.model_validate(_resolve_paths(raw, Path(path).resolve().parent))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ConfigError(f"bad config {path}: {where}: {first['msg']} ({len(exc.errors())} error(s))") from None


def save_config(config: Config, run_dir: Path) -> Path:
    """The full resolved config beside a run's outputs, so readers of the run need no `--config`."""
    path = run_dir / CONFIG_FILE
    path.write_text(json.dumps(config.model_dump(mode="json"), indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return path


def run_config(run_dir: Path) -> Config:
    """The config a run was made with; the defaults for a run written before configs were saved."""
    path = run_dir / CONFIG_FILE
    if not path.is_file():
        return Config()
    try:
        return Config.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read the run's config {path}: {str(exc).splitlines()[0]}") from None
