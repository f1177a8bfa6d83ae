"""CBX006 shallow-module: as many public callables and parameters as statements."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.fitness.checks.repo import found, make_repo


def _helpers(statements: int) -> str:
    body = "".join(f"    value = value + {i}\n" for i in range(statements - 1))
    return "".join(
        f"def get_{i}(user):\n    value = user\n{body}    return value\n\n\n" for i in range(8)
    )


def test_eight_one_liners_are_shallow(tmp_path: Path, run_cli: Any) -> None:
    files = {"smshop/__init__.py": "", "smshop/helpers.py": _helpers(1)}
    assert found(run_cli, make_repo(tmp_path, files), "CBX006") == [("CBX006", "smshop.helpers")]


def test_eight_deeper_functions_are_not(tmp_path: Path, run_cli: Any) -> None:
    files = {"smshop/__init__.py": "", "smshop/helpers.py": _helpers(4)}
    assert found(run_cli, make_repo(tmp_path, files), "CBX006") == []
