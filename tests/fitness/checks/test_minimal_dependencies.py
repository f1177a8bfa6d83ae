"""UNX003 minimal-dependencies: fan-out over a threshold."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.fitness.checks.repo import found, make_repo


def _repo(root: Path, imported: int, config: str = "") -> Path:
    files = {"mdshop/__init__.py": '"""Shop."""\n'}
    for i in range(26):
        files[f"mdshop/m{i}.py"] = '"""A part."""\n'
    lines = "".join(f"import mdshop.m{i}\n" for i in range(imported))
    files["mdshop/hub.py"] = '"""The hub."""\nimport os\nimport typing\n' + lines
    return make_repo(root, files, config)


def test_a_module_importing_26_modules_is_reported(tmp_path: Path, run_cli: Any) -> None:
    assert found(run_cli, _repo(tmp_path, 26), "UNX003") == [("UNX003", "mdshop.hub")]


def test_25_modules_and_the_stdlib_are_fine(tmp_path: Path, run_cli: Any) -> None:
    assert found(run_cli, _repo(tmp_path, 25), "UNX003") == []


def test_the_threshold_is_a_param(tmp_path: Path, run_cli: Any) -> None:
    config = "[tool.archfit.rules]\nminimal-dependencies = { max_fan_out = 3 }\n"
    assert found(run_cli, _repo(tmp_path, 4, config), "UNX003") == [("UNX003", "mdshop.hub")]
