"""The packaged defaults document every setting, install with the package, and every setting is used."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

import embedcluster
from embedcluster.capabilities import load_capabilities
from embedcluster.cli import app
from embedcluster.config import Config, default_yaml, load_config

PACKAGE = Path(embedcluster.__file__).resolve().parent


def test_packaged_default_yaml_matches_builtin_defaults(tmp_path: Path) -> None:
    path = tmp_path / "defaults.yaml"
    path.write_text(default_yaml(), encoding="utf-8")
    assert load_config(path) == Config()


def test_config_write_gives_the_defaults_and_the_prototypes_and_never_overwrites(tmp_path: Path) -> None:
    runner = CliRunner()
    settings, prototypes = tmp_path / "my.yaml", tmp_path / "caps.yaml"
    assert runner.invoke(app, ["config", "write", str(settings)]).exit_code == 0
    assert runner.invoke(app, ["config", "write", str(prototypes), "--capabilities"]).exit_code == 0
    assert load_config(settings) == Config()
    assert [c.name for c in load_capabilities(prototypes)] == [c.name for c in load_capabilities(None)]
    again = runner.invoke(app, ["config", "write", str(settings)])
    assert again.exit_code == 2 and "exists" in again.output
    shown = runner.invoke(app, ["config", "show"])
    assert shown.exit_code == 0 and shown.output == default_yaml()


def test_every_setting_is_read_by_the_package() -> None:
    """A key that nothing reads is a promise the code does not keep."""
    source = "\n".join(p.read_text(encoding="utf-8") for p in PACKAGE.glob("*.py") if p.name != "config.py")
    unread = [
        f"{section}.{key}"
        for section, model in Config.model_fields.items()
        for key in model.annotation.model_fields
        if not re.search(rf"\.{key}\b", source)
    ]
    assert unread == []
