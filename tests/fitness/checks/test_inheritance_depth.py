"""CBX007 inheritance-depth: bases resolved through imports and re-exports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.fitness.checks.repo import found, make_repo


def _repo(root: Path, levels: int) -> Path:
    chain = "".join(f"\n\nclass L{i}(L{i - 1}):\n    pass\n" for i in range(2, levels + 1))
    files = {
        "idshop/__init__.py": "",
        "idshop/base/__init__.py": "from idshop.base.core import L1\n",
        "idshop/base/core.py": "class L1(Exception):\n    pass\n",
        "idshop/views.py": f"from .base import L1\n{chain}",
    }
    return make_repo(root, files)


def test_depth_8_is_reported(tmp_path: Path, run_cli: Any) -> None:
    # L7 is 8 deep: L7 .. L1 and Exception, which counts one level
    assert found(run_cli, _repo(tmp_path, 7), "CBX007") == [("CBX007", "idshop.views.L7")]


def test_depth_7_is_fine(tmp_path: Path, run_cli: Any) -> None:
    assert found(run_cli, _repo(tmp_path, 6), "CBX007") == []


def test_max_depth_param(tmp_path: Path, run_cli: Any) -> None:
    root = _repo(tmp_path, 6)
    text = (root / "pyproject.toml").read_text()
    (root / "pyproject.toml").write_text(
        text + "[tool.archfit.rules]\nCBX007 = { max_depth = 7 }\n"
    )
    assert found(run_cli, root, "CBX007") == []
