"""CBX002 maintainability: a long, dense, branchy module has a low maintainability index."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.fitness.checks.repo import found, make_repo


def _dense(functions: int) -> str:
    def one(i: int) -> str:
        checks = "".join(
            f"    if a * {j} + b ** {j} > c - {j} and a % {j + 1} or b // {j + 1}:\n"
            f"        c = a * b + c / {j + 1} - a ** 2\n"
            for j in range(8)
        )
        return f"def f{i}(a, b, c):\n{checks}    return a + b * c\n"

    return "".join(one(i) for i in range(functions))


def test_a_dense_module_is_reported(tmp_path: Path, run_cli: Any) -> None:
    files = {"mishop/__init__.py": "", "mishop/dense.py": _dense(12)}
    assert found(run_cli, make_repo(tmp_path, files), "CBX002") == [("CBX002", "mishop.dense")]


def test_a_small_module_like_it_is_not(tmp_path: Path, run_cli: Any) -> None:
    files = {"mishop/__init__.py": "", "mishop/dense.py": _dense(2)}
    assert found(run_cli, make_repo(tmp_path, files), "CBX002") == []


def test_threshold_param(tmp_path: Path, run_cli: Any) -> None:
    files = {"mishop/__init__.py": "", "mishop/dense.py": _dense(12)}
    config = "[tool.archfit.rules]\nmaintainability = { threshold = 0 }\n"
    assert found(run_cli, make_repo(tmp_path, files, config), "CBX002") == []
