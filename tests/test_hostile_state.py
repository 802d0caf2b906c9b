"""Reading a run or state never unpickles: a crafted file from elsewhere cannot run code.

Two guards: the package's source holds no call that can unpickle (checked on
its syntax tree, so a new loader is caught when it is written), and a run whose
id map was swapped for a pickle payload is refused with an error, payload unrun.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import numpy as np
import pytest
from conftest import HashingEmbedder

import embedcluster
from embedcluster.config import Config
from embedcluster.errors import RunError
from embedcluster.index import load_index
from embedcluster.pipeline import run
from embedcluster.store import open_run

PACKAGE = Path(embedcluster.__file__).parent
# Modules whose loading runs code stored in the data.
UNSAFE_MODULES = {"pickle", "_pickle", "cPickle", "dill", "cloudpickle", "joblib", "shelve", "marshal", "jsonpickle"}
# Calls that unpickle (or evaluate) by default, by their last two name parts.
UNSAFE_CALLS = {
    ("torch", "load"), ("pd", "read_pickle"), ("pandas", "read_pickle"), ("yaml", "load"), ("yaml", "unsafe_load"),
    ("yaml", "full_load"), ("", "eval"), ("", "exec"),
}  # fmt: skip
NUMPY_LOADS = {("np", "load"), ("numpy", "load")}
REFUSED = r"allow_pickle=False|Python objects"


def _call_name(call: ast.Call) -> tuple[str, str]:
    func = call.func
    if isinstance(func, ast.Attribute):
        owner = func.value.id if isinstance(func.value, ast.Name) else ""
        return owner, func.attr
    return ("", func.id) if isinstance(func, ast.Name) else ("", "")


def unsafe_loads(source: str) -> list[str]:
    """Every import of an unpickling module and every call that may unpickle, in one module's source."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.split(".")[0] in UNSAFE_MODULES]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in UNSAFE_MODULES:
            found.append(node.module or "")
        elif isinstance(node, ast.Call):
            name = _call_name(node)
            pickle_off = any(k.arg == "allow_pickle" and getattr(k.value, "value", None) is False for k in node.keywords)
            if name in UNSAFE_CALLS or (name in NUMPY_LOADS and not pickle_off):
                found.append(".".join(name).lstrip(".") + f" (line {node.lineno})")
    return found


def test_the_scan_finds_what_it_looks_for() -> None:
    """The guard below is only worth something if it would fire."""
    source = "import pickle\nfrom joblib import load\nnp.load(p)\nnp.load(p, allow_pickle=True)\ntorch.load(p)\n"
    assert unsafe_loads(source) == ["pickle", "joblib", "np.load (line 3)", "np.load (line 4)", "torch.load (line 5)"]
    assert unsafe_loads("np.load(p, mmap_mode='r', allow_pickle=False)\nyaml.safe_load(t)\n") == []


@pytest.mark.parametrize("module", sorted(PACKAGE.rglob("*.py")), ids=lambda p: p.name)
def test_package_has_no_unpickling_load(module: Path) -> None:
    assert unsafe_loads(module.read_text(encoding="utf-8")) == []


class Payload:
    """Unpickling this creates `path`: proof that code from the file ran."""

    def __init__(self, path: Path) -> None:
        self.path = str(path)

    def __reduce__(self) -> tuple:
        return open, (self.path, "w")


def plant(path: Path, sentinel: Path) -> None:
    np.save(path, np.array([Payload(sentinel)], dtype=object), allow_pickle=True)


@pytest.fixture(scope="module")
def finished_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("state")
    log = base / "log.jsonl"
    rows = [{"request_id": f"r{i}", "account_id": f"a{i % 7}", "timestamp": 1793577600 + i, "prompt": f"task {i % 5}"}
            for i in range(40)]  # fmt: skip
    log.write_text("\n".join(json.dumps(r) for r in rows))
    config = Config.model_validate({"embed": {"cache_dir": str(base / "cache")}, "report": {"html": False}})
    run([str(log)], base / "out", config, embedder=HashingEmbedder())
    return base / "out"


def test_the_payload_would_run_if_unpickled(tmp_path: Path) -> None:
    plant(tmp_path / "evil.npy", tmp_path / "ran")
    np.load(tmp_path / "evil.npy", allow_pickle=True)
    assert (tmp_path / "ran").exists()


def test_run_with_a_pickled_id_map_is_refused_unrun(finished_run: Path, tmp_path: Path) -> None:
    sentinel = tmp_path / "ran"
    plant(finished_run / "index" / "index_ids.npy", sentinel)
    with open_run(finished_run) as store, pytest.raises(RunError, match=REFUSED) as refused:
        store.index()
    assert "\n" not in str(refused.value)
    with pytest.raises(RunError, match=REFUSED):
        load_index(finished_run / "index")
    assert not sentinel.exists()
