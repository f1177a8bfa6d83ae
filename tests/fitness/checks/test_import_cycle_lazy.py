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


BOTH = {
    "both/__init__.py": '"""Both kinds."""\n',
    "both/a.py": '"""A."""\nimport both.b\n',
    "both/b.py": '"""B."""\nimport both.a\n',
    "both/c.py": '"""C."""\nimport both.d\n',
    "both/d.py": '"""D."""\n\n\ndef f() -> None:\n    import both.c\n',
}
_DEFAULTS = {"include_type_checking": False, "include_lazy": False, "include_framework": False}
_DEFERRED = {**_DEFAULTS, "include_type_checking": True, "include_lazy": True}


def _facts(root: Path, files: dict[str, str]) -> Any:
    from fitness.config import load_config
    from fitness.engine.check import RunOptions, gather

    root.mkdir()
    make_repo(root, files)
    return gather(str(root), load_config(str(root)), RunOptions(use_cache=False, jobs=1))


def test_the_import_time_cycles_shared_by_both_rules_follow_the_facts(tmp_path: Path) -> None:
    """ARC001 and ARC006 share one run's import-time cycles (found once per facts): each rule
    still sees its own cycles, with the lines of their own imports, and a second set of facts
    is never answered from the first's."""
    from fitness.checks.import_cycle import ImportCycleCheck

    check = ImportCycleCheck()
    facts = _facts(tmp_path / "one", BOTH)
    now = check.run(facts, {**_DEFAULTS, "deferred_only": False})
    assert [(h.target, h.line) for h in now] == [("both.a,both.b", 2)]
    later = check.run(facts, {**_DEFERRED, "deferred_only": True})
    assert [(h.target, h.line) for h in later] == [("both.c,both.d", 5)]
    other = _facts(tmp_path / "two", FILES)
    assert check.run(other, {**_DEFAULTS, "deferred_only": False}) == []
    [lazy] = check.run(other, {**_DEFERRED, "deferred_only": True})
    assert lazy.target == "lzcycle.billing,lzcycle.orders"
