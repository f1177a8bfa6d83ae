"""ARC001 import-cycle on PEP 810 lazy imports: a cycle, unless ``include_lazy`` is off.

An explicit lazy import is loaded on first use, as a function-local import is loaded on call:
both are dependencies (counted by default) and both are left out with ``include_lazy = false``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.fitness.checks.repo import found, make_repo

FILES = {
    "lzcycle/__init__.py": '"""Lazy cycle."""\n',
    "lzcycle/orders.py": '"""Orders."""\nlazy from lzcycle import billing\n',
    "lzcycle/billing.py": '"""Billing."""\nimport lzcycle.orders\n',
}


def test_a_cycle_closed_by_a_lazy_import_is_a_cycle(tmp_path: Path, run_cli: Any) -> None:
    [(code, subject)] = found(run_cli, make_repo(tmp_path, FILES), "ARC001")
    assert code == "ARC001" and subject == "lzcycle.billing"


def test_include_lazy_false_leaves_explicit_lazy_imports_out(tmp_path: Path, run_cli: Any) -> None:
    config = "[tool.archfit.rules]\nimport-cycle = { include_lazy = false }\n"
    assert found(run_cli, make_repo(tmp_path, FILES, config), "ARC001") == []
