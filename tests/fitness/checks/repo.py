"""Build tiny target repos in a temporary folder and read the findings archfit reports."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

from tests.conftest import check_json


def make_repo(root: Path, files: dict[str, str], config: str = "") -> Path:
    """Write ``files`` (dedented) under ``root``, with a pyproject naming the root package."""
    package = next(p.split("/")[0] for p in files if p.endswith("__init__.py"))
    pyproject = f'[tool.archfit]\nroot_packages = ["{package}"]\n' + textwrap.dedent(config)
    (root / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    for path, text in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def found(run_cli: Any, root: Path, select: str) -> list[tuple[str, str]]:
    """(code, subject) of every finding whose code starts with ``select``."""
    _, doc = check_json(run_cli, str(root), "--no-cache", "--select", select)
    return [(f["code"], f["subject"]) for f in doc["findings"]]


def findings(run_cli: Any, root: Path, select: str) -> list[dict[str, Any]]:
    """The JSON findings whose code starts with ``select``."""
    _, doc = check_json(run_cli, str(root), "--no-cache", "--select", select)
    return list(doc["findings"])


def body(lines: int, uses: str = "") -> str:
    """A function body of ``lines`` statements, the first one using ``uses``."""
    first = f"    value = {uses}\n" if uses else "    value = 0\n"
    return first + "".join(f"    value += {i}\n" for i in range(lines - 1)) + "    return value\n"
