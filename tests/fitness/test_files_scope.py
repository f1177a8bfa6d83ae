"""FILES narrow the per-file rules (``scope = "file"``) to those files (ADR-0014).

The property that makes it safe: a run narrowed to a file reports, for that file, exactly what
a whole run reports for it. A check that wrongly claims ``scope = "file"`` (one that looks at
other files' facts) breaks it on the fixtures or on Django.
"""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest

from analyzer.facts import Facts
from fitness import catalog
from fitness.catalog.selection import Selection
from fitness.checks.base import Hit, judges_files_alone
from fitness.checks.registry import CHECKS
from fitness.config import Config, load_config
from fitness.engine.check import RunOptions, check, gather, judge
from fitness.engine.gate import touches
from fitness.engine.params import rule_params
from fitness.exceptions import ConfigError
from fitness.gating import baseline
from fitness.results.findings import Finding, Result
from tests.conftest import FIXTURES
from tests.fitness.checks.repo import make_repo
from tests.realcode import django_root

TODAY = datetime.date(2026, 11, 23)
UNCACHED = RunOptions(use_cache=False)


def _judged(root: Path) -> tuple[Config, Facts, catalog.Catalog]:
    config = load_config(str(root), None)
    return config, gather(str(root), config, UNCACHED), catalog.Catalog(config.loaded_packs)


def _in(result: Result, path: str) -> list[Finding]:
    return [f for f in result.findings if touches(f, frozenset({path}))]


def _assert_narrowing_keeps_findings(root: Path, paths: list[str] | None = None) -> None:
    config, facts, rules = _judged(root)
    whole = judge(facts, config, Selection(), rules, TODAY)
    for path in paths or [p.source.path for p in facts.parsed]:
        narrowed = judge(facts, config, Selection(files=frozenset({path})), rules, TODAY)
        assert _in(narrowed, path) == _in(whole, path), path


def _fixtures() -> list[str]:
    names = []
    for folder in sorted(FIXTURES.iterdir()):
        try:
            load_config(str(folder), None)
        except ConfigError:  # the fixtures of config errors
            continue
        names.append(folder.name)
    return names


@pytest.mark.parametrize("fixture", _fixtures())
def test_a_narrowed_run_finds_in_each_file_what_a_whole_run_finds(fixture: str) -> None:
    _assert_narrowing_keeps_findings(FIXTURES / fixture)


def _assert_each_file_alone_gives_the_same_hits(root: Path) -> None:
    """Every per-file check, run on each file's facts alone, hits there what it hits in the
    whole run: the promise ``scope = "file"`` makes."""
    config, facts, rules = _judged(root)
    for doc in [d for d in rules.pack_rules() if judges_files_alone(CHECKS[d.check])]:
        check_impl = CHECKS[doc.check]
        params = rule_params(check_impl, doc, config)  # as the engine gives them
        whole: dict[str, list[Hit]] = {}
        for hit in check_impl.run(facts, params):
            whole.setdefault(hit.path, []).append(hit)
        for parsed in facts.parsed:
            path = parsed.source.path
            alone = check_impl.run(facts.only({path}), params)
            assert alone == whole.get(path, []), (doc.code, path)


@pytest.mark.parametrize("fixture", _fixtures())
def test_each_fixture_file_alone_gets_the_same_per_file_hits(fixture: str) -> None:
    _assert_each_file_alone_gives_the_same_hits(FIXTURES / fixture)


def test_a_file_alone_with_what_other_files_hold(tmp_path: Path) -> None:
    # Findings that depend on other files: an ABC implemented elsewhere, a package budget
    # spent in its modules (a check claiming ``scope = "file"`` wrongly misses them).
    make_repo(
        tmp_path,
        {
            "shop/__init__.py": '"""The shop."""\n',
            "shop/ports.py": """\
                \"\"\"Ports.\"\"\"
                from abc import ABC, abstractmethod


                class Notifier(ABC):
                    @abstractmethod
                    def send(self) -> None: ...
            """,
            "shop/adapters.py": """\
                \"\"\"Adapters.\"\"\"
                from shop.ports import Notifier


                class EmailNotifier(Notifier):
                    def send(self) -> None:
                        if self:
                            return None
                        return None
            """,
        },
        '[tool.archfit.budgets]\n"shop" = { complexity = 1 }\n',
    )
    _assert_each_file_alone_gives_the_same_hits(tmp_path)


@pytest.mark.realcode
def test_each_django_file_alone_gets_the_same_per_file_hits() -> None:
    _assert_each_file_alone_gives_the_same_hits(django_root())


def test_per_file_checks_see_only_the_files_and_the_others_see_everything() -> None:
    config, facts, rules = _judged(FIXTURES / "cycleshop")
    narrowed = judge(facts, config, Selection(files=frozenset({"cycleshop/orders.py"})), rules)
    assert {(f.code, f.path) for f in narrowed.findings} == {
        # the cycle (closed by billing's TYPE_CHECKING import); the package's docstring unjudged
        ("ARC006", "cycleshop/billing.py")
    }
    assert judges_files_alone(CHECKS["one-sentence"])
    assert not judges_files_alone(CHECKS["import-cycle"])


def test_a_check_that_declares_no_scope_judges_the_whole_target() -> None:
    class ThirdParty:
        id = "third-party"

    assert not judges_files_alone(ThirdParty())  # type: ignore[arg-type]


def _baselined_copy(tmp_path: Path) -> tuple[Path, str, Config]:
    root = tmp_path / "cycleshop"
    shutil.copytree(FIXTURES / "cycleshop", root, ignore=shutil.ignore_patterns(".archfit_*"))
    config = load_config(str(root), None)
    path = str(root / "archfit-baseline.json")
    baseline.write(path, baseline.record(check(str(root), config, options=UNCACHED), None))
    return root, path, config


def _fixed(root: Path, path: str, config: Config, files: set[str]) -> set[str]:
    selection = Selection(files=frozenset(files))
    result = check(str(root), config, options=UNCACHED, selection=selection, baseline_file=path)
    assert result.baseline is not None
    assert not [f for f in result.findings if f.new]
    return {entry.code for entry in result.baseline.fixed}


def test_a_narrowed_run_never_calls_other_files_per_file_entries_fixed(tmp_path: Path) -> None:
    root, path, config = _baselined_copy(tmp_path)
    assert _fixed(root, path, config, {"cycleshop/util/money.py"}) == set()  # UNX002 unjudged
    docstring = root / "cycleshop" / "__init__.py"
    docstring.write_text('"""A shop whose orders import billing."""\n')
    assert _fixed(root, path, config, {"cycleshop/util/money.py"}) == set()
    assert _fixed(root, path, config, {"cycleshop/__init__.py"}) == {"UNX002"}


def test_a_narrowed_run_still_sees_a_project_entry_fixed_anywhere(tmp_path: Path) -> None:
    root, path, config = _baselined_copy(tmp_path)
    orders = root / "cycleshop" / "orders.py"
    orders.write_text('"""Orders."""\n\n\nclass Order:\n    pass\n')  # the cycle is gone
    assert _fixed(root, path, config, {"cycleshop/util/money.py"}) == {"ARC006"}
