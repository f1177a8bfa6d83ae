"""A contract's violations read the same in every process: grimp's routes are ordered by a
total key, not by their own ``<`` (a subset test on their heads and tails, which left them in
the order of sets that Python's per-process string hash seed decides)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

_CONFIG = """[tool.archfit]
root_packages = ["shop"]

[[tool.archfit.contracts]]
id = "layers"
name = "api above domain"
type = "layers"
layers = ["shop.api", "shop.domain"]

[[tool.archfit.contracts]]
id = "independent"
name = "the parts are independent"
type = "independence"
modules = ["shop.parts.a", "shop.parts.b"]
"""


def _project(root: Path) -> Path:
    """Six domain modules each importing a different api module (six routes of one
    dependency), and two independent parts reaching each other through several modules."""
    files = {"pyproject.toml": _CONFIG, "shop/__init__.py": "", "shop/api/__init__.py": ""}
    files["shop/domain/__init__.py"] = ""
    for n in range(6):
        files[f"shop/api/m{n}.py"] = ""
        files[f"shop/domain/d{n}.py"] = f"from shop.api import m{n}\n"
    files |= {"shop/parts/__init__.py": "", "shop/parts/a/__init__.py": ""}
    files["shop/parts/b/__init__.py"] = ""
    for n in range(4):
        files[f"shop/parts/a/x{n}.py"] = f"import shop.parts.b.y{n}\n"
        files[f"shop/parts/b/y{n}.py"] = ""
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def _check(root: Path, seed: int) -> str:
    env = {**os.environ, "PYTHONHASHSEED": str(seed), "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-c", "from fitness.cli.main import run; run()", "check"]
    command += ["--no-cache", "--format", "json", "--select", "CON", str(root)]
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=root, check=False)
    assert done.returncode == 1, done.stderr
    return done.stdout


def test_the_same_tree_gives_the_same_violations_whatever_the_hash_seed(tmp_path: Path) -> None:
    root = _project(tmp_path / "p")
    outputs = {_check(root, seed) for seed in range(5)}
    assert len(outputs) == 1
    assert '"code": "CON001"' in outputs.pop()
