"""Tests for embedcluster.config: defaults, YAML loading, validation errors, path resolution, digest."""

from __future__ import annotations

from pathlib import Path

import pydantic
import pytest

from embedcluster.config import Config, IndexConfig, load_config
from embedcluster.errors import ConfigError

ACCURATE = Path(__file__).resolve().parent.parent / "configs" / "accurate.yaml"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_load():
    cfg = load_config()
    assert cfg == Config()
    assert cfg.index.kind == "auto"
    assert cfg.index.exact_below == 20_000
    assert cfg.templates.similarity == 0.95 and cfg.embed.bulk == "static"
    assert cfg.embed.model == "all-MiniLM-L6-v2"
    assert cfg.ingest.request_id_fields == ("request_id", "id", "requestId")
    assert cfg.capabilities.prototypes is None  # the packaged prototypes


def test_accurate_config_sends_every_text_through_the_transformer_with_its_own_thresholds():
    cfg = load_config(ACCURATE)
    assert cfg.embed.bulk == "transformer"
    assert cfg.templates.similarity < Config().templates.similarity
    assert cfg.clusters.assign_similarity < Config().clusters.assign_similarity


def test_empty_yaml_gives_defaults(tmp_path):
    assert load_config(write(tmp_path / "empty.yaml", "")) == Config()
    assert load_config(write(tmp_path / "comment.yaml", "# nothing here\n")) == Config()


def test_yaml_overrides_only_given_values(tmp_path):
    cfg = load_config(write(tmp_path / "c.yaml", "index:\n  kind: ivf\n  ivf_nprobe: 8\ntemplates:\n  similarity: 0.9\n"))
    assert (cfg.index.kind, cfg.index.ivf_nprobe, cfg.templates.similarity) == ("ivf", 8, 0.9)
    assert cfg.index.hnsw_m == IndexConfig().hnsw_m
    assert cfg.clusters == Config().clusters


def test_yaml_list_becomes_tuple(tmp_path):
    cfg = load_config(write(tmp_path / "c.yaml", "ingest:\n  request_id_fields: [rid, uuid]\n"))
    assert cfg.ingest.request_id_fields == ("rid", "uuid")


@pytest.mark.parametrize(
    "text, where",
    [
        ("index:\n  kindd: flat\n", "index.kindd"),
        ("templates:\n  similarity: 0.9\n  simlarity: 0.8\n", "templates.simlarity"),
        ("bogus_section:\n  a: 1\n", "bogus_section"),
        ("ingest:\n  request_id_feilds: [x]\n", "ingest.request_id_feilds"),
    ],
)
def test_unknown_key_is_config_error_with_key_path(tmp_path, text, where):
    path = write(tmp_path / "c.yaml", text)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    message = str(info.value)
    assert f": {where}: " in message
    assert str(path) in message


@pytest.mark.parametrize(
    "text, where",
    [
        ("templates:\n  similarity: 1.5\n", "templates.similarity"),
        ("templates:\n  similarity: 0\n", "templates.similarity"),
        ("index:\n  kind: annoy\n", "index.kind"),
        ("embed:\n  batch_size: 0\n", "embed.batch_size"),
        ("embed:\n  device: tpu\n", "embed.device"),
        ("clusters:\n  reducer: pca\n", "clusters.reducer"),
        ("ingest:\n  max_text_chars: -5\n", "ingest.max_text_chars"),
        ("scoring:\n  min_accounts: many\n", "scoring.min_accounts"),
        ("capabilities: 3\n", "capabilities"),
    ],
)
def test_bad_value_is_config_error_with_key_path(tmp_path, text, where):
    with pytest.raises(ConfigError, match=rf": {where}: "):
        load_config(write(tmp_path / "c.yaml", text))


def test_error_counts_all_problems(tmp_path):
    with pytest.raises(ConfigError, match=r"\(2 error\(s\)\)"):
        load_config(write(tmp_path / "c.yaml", "index:\n  kind: x\n  hnsw_m: 0\n"))


def test_missing_file_is_config_error(tmp_path):
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "absent.yaml")


def test_invalid_yaml_is_config_error(tmp_path):
    with pytest.raises(ConfigError, match="cannot read config"):
        load_config(write(tmp_path / "c.yaml", "index: [\n"))


def test_non_mapping_yaml_is_config_error(tmp_path):
    with pytest.raises(ConfigError, match="must be a mapping of sections, got list"):
        load_config(write(tmp_path / "c.yaml", "- index\n- embed\n"))


def test_directory_instead_of_file_is_config_error(tmp_path):
    with pytest.raises(ConfigError):
        load_config(tmp_path)


def test_relative_paths_resolved_against_config_folder(tmp_path, monkeypatch):
    folder = tmp_path / "settings"
    path = write(
        folder / "run.yaml",
        "capabilities:\n  prototypes: protos/caps.yaml\n"
        "ingest:\n  accounts_file: ../data/accounts.csv\n"
        "embed:\n  cache_dir: cache\n",
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    cfg = load_config(path)
    assert cfg.capabilities.prototypes == (folder / "protos" / "caps.yaml").resolve()
    assert cfg.ingest.accounts_file == (tmp_path / "data" / "accounts.csv").resolve()
    assert cfg.embed.cache_dir == (folder / "cache").resolve()


def test_relative_config_path_resolved_from_cwd(tmp_path, monkeypatch):
    write(tmp_path / "settings" / "run.yaml", "capabilities:\n  prototypes: caps.yaml\n")
    monkeypatch.chdir(tmp_path)
    cfg = load_config(Path("settings/run.yaml"))
    assert cfg.capabilities.prototypes == (tmp_path / "settings" / "caps.yaml").resolve()


def test_absolute_paths_kept(tmp_path):
    target = tmp_path / "abs" / "caps.yaml"
    cfg = load_config(write(tmp_path / "c.yaml", f"capabilities:\n  prototypes: {target}\n"))
    assert cfg.capabilities.prototypes == target


def test_digest_stable_and_changes_with_any_value(tmp_path):
    default = Config().digest()
    assert len(default) == 16
    int(default, 16)
    assert load_config().digest() == default
    assert load_config(write(tmp_path / "same.yaml", "index:\n  kind: auto\n")).digest() == default
    changed = {
        load_config(write(tmp_path / f"c{i}.yaml", text)).digest()
        for i, text in enumerate(
            [
                "templates:\n  similarity: 0.87\n",
                "index:\n  kind: flat\n",
                "ingest:\n  request_id_fields: [id, request_id, requestId]\n",
                "report:\n  html: false\n",
                "clusters:\n  seed: 14\n",
            ]
        )
    }
    assert len(changed) == 5
    assert default not in changed


def test_sections_are_frozen():
    cfg = Config()
    with pytest.raises(pydantic.ValidationError):
        cfg.index.kind = "flat"  # type: ignore[misc]
