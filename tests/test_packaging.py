"""The package works installed from a wheel, away from the source checkout, and its README example runs."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from embedcluster.config import Config, run_config
from scripts.demo_logs.writer import generate

ROOT = Path(__file__).resolve().parent.parent


def test_a_wheel_carries_the_defaults_and_prototypes_and_runs_from_anywhere(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path)],
        check=True, capture_output=True,
    )
    (wheel,) = tmp_path.glob("embedcluster-*.whl")
    installed, elsewhere = tmp_path / "site", tmp_path / "elsewhere"
    elsewhere.mkdir()
    with zipfile.ZipFile(wheel) as archive:
        assert {"embedcluster/data/default.yaml", "embedcluster/data/capabilities.yaml"} <= set(archive.namelist())
        archive.extractall(installed)
    probe = (
        "import embedcluster, embedcluster.config as c, embedcluster.capabilities as k;"
        "print(embedcluster.__file__);"
        "print(len(k.load_capabilities(c.Config().capabilities.prototypes)), len(c.default_yaml()))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=elsewhere, env={"PYTHONPATH": str(installed)},
        check=True, capture_output=True, text=True,
    ).stdout.split()
    assert out[0].startswith(str(installed))
    assert int(out[1]) >= 4 and int(out[2]) > 1000


@pytest.mark.e2e
def test_the_readme_python_example_runs_and_saves_its_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = re.search(r"From Python:\n\n```python\n(.*?)```", readme, re.S).group(1)
    (tmp_path / "logs").mkdir()
    generate(seed=5, size=600, out=tmp_path / "logs" / "day.jsonl.gz", labels=tmp_path / "labels.parquet")
    monkeypatch.chdir(tmp_path)
    exec(compile(example, "README.md", "exec"), {})
    assert (tmp_path / "out" / "run.json").is_file()
    assert run_config(tmp_path / "out") == Config()
