"""Import cycles closed by a PEP 810 lazy import: not import-time, so ARC006 (a warning), and
ARC001 only when ``include_lazy`` counts them.

An explicit lazy import is loaded on first use, as a function-local import is loaded on call:
both are deferred, so the cycle never runs while the modules are imported.
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


def test_a_cycle_closed_by_a_lazy_import_is_a_deferred_cycle(tmp_path: Path, run_cli: Any) -> None:
    repo = make_repo(tmp_path, FILES)
    assert found(run_cli, repo, "ARC001") == []
    [(code, subject)] = found(run_cli, repo, "ARC006")
    assert code == "ARC006" and subject == "lzcycle.billing"


def test_include_lazy_judges_it_as_an_import_time_cycle(tmp_path: Path, run_cli: Any) -> None:
    config = "[tool.archfit.rules]\nimport-cycle = { include_lazy = true }\n"
    [(code, _)] = found(run_cli, make_repo(tmp_path, FILES, config), "ARC001")
    assert code == "ARC001"
