"""configs/default.yaml documents every setting: it must load and equal the built-in defaults."""

from pathlib import Path

from embedcluster.config import Config, load_config

DEFAULTS = Path(__file__).resolve().parent.parent / "configs" / "default.yaml"


def test_default_yaml_matches_builtin_defaults() -> None:
    assert load_config(DEFAULTS) == Config()
