"""PEP 810 ``lazy import`` under import-linter's own contracts: lint-imports 2.17 is the oracle.

The interpreter here (3.11) cannot parse ``lazy import``; archfit reads such a file on its
libcst path, lint-imports through grimp 3.20's Rust parser. grimp keeps every explicit lazy
import as an ordinary edge flagged ``is_lazy`` (a ``lazy`` import under ``TYPE_CHECKING`` is
type-checking only), so a forbidden contract is BROKEN by one, as it would be by a plain import.
"""

from __future__ import annotations

import json
from pathlib import Path

import grimp
import pytest
from click.testing import CliRunner

from analyzer.facts import Facts, ImportKind
from analyzer.graph import build_grimp_graph
from analyzer.metrics.coupling import measure_coupling
from analyzer.project import analyze
from fitness.cli.main import main
from tests.analyzer.trees import write_tree
from tests.parity.archfit_report import run_archfit
from tests.parity.grimp_edges import archfit_edges, grimp_edges
from tests.parity.lint_imports import run_lint_imports

API = '''\
"""Api, importing the core lazily (PEP 810)."""

from typing import TYPE_CHECKING

lazy import shop.core.db
lazy from .core import models as m
lazy import json, shop.util

if TYPE_CHECKING:
    lazy from shop.core import db


def total(items: list[int]) -> int:
    if not items:
        return 0
    return sum(items) + len(m.X)
'''
CONFIG = """\
[importlinter]
root_package = shop

[importlinter:contract:api-core]
name = api does not use core
type = forbidden
source_modules = shop.api
forbidden_modules = shop.core

[importlinter:contract:util-core]
name = util does not use core
type = forbidden
source_modules = shop.util
forbidden_modules = shop.core
"""
FILES = {
    ".importlinter": CONFIG,
    "src/shop/__init__.py": '"""Shop."""\n',
    "src/shop/api.py": API,
    "src/shop/util.py": '"""Util."""\n',
    "src/shop/core/__init__.py": '"""Core."""\n',
    "src/shop/core/db.py": '"""Db."""\n',
    "src/shop/core/models.py": '"""Models."""\nX = "x"\n',
}


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tree(tmp_path_factory.mktemp("pep810"), FILES)


@pytest.fixture(scope="module")
def facts(repo: Path) -> Facts:
    return analyze(str(repo), root_packages=["shop"], jobs=1)


def test_forbidden_contract_is_broken_by_lazy_imports_as_lint_imports_says(repo: Path) -> None:
    theirs = run_lint_imports(repo, repo / "src")
    ours = run_archfit(repo)
    assert theirs.verdicts() == {"api does not use core": False, "util does not use core": True}
    assert {name: c.kept for name, c in ours.items()} == theirs.verdicts(), theirs.output
    report, contract = theirs.contracts["api does not use core"], ours["api does not use core"]
    assert contract.pairs() == report.pairs() == {("shop.api", "shop.core")}
    modules = {"shop.api", "shop.core.db", "shop.core.models"}
    assert contract.chain_modules() == report.chain_modules() == modules


@pytest.mark.parametrize("exclude_type_checking", [False, True])
def test_edges_and_lines_equal_grimps(
    repo: Path, exclude_type_checking: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    ours = archfit_edges(repo, ["shop"], exclude_type_checking=exclude_type_checking)
    theirs = grimp_edges(
        repo / "src", ["shop"], monkeypatch, exclude_type_checking_imports=exclude_type_checking
    )
    assert ours == theirs
    assert ("shop.api", "shop.core.db", 10) in theirs or exclude_type_checking


def test_lazy_imports_are_explicit_lazy_edges_and_grimps_is_lazy(facts: Facts) -> None:
    kinds = {(e.imported, e.line): e.kind for e in facts.edges if e.importer == "shop.api"}
    assert kinds == {
        ("typing", 3): ImportKind.IMPORT,
        ("shop.core.db", 5): ImportKind.EXPLICIT_LAZY,
        ("shop.core.models", 6): ImportKind.EXPLICIT_LAZY,
        ("json", 7): ImportKind.EXPLICIT_LAZY,
        ("shop.util", 7): ImportKind.EXPLICIT_LAZY,
        ("shop.core.db", 10): ImportKind.TYPE_ONLY,  # grimp: type-checking, not lazy
    }
    graph: grimp.ImportGraph = build_grimp_graph(facts.modules, (), facts.edges)
    details = graph.get_import_details(importer="shop.api", imported="shop.core.models")
    assert [d["is_lazy"] for d in details] == [True]


def test_the_file_is_measured_and_couples_like_any_other(facts: Facts) -> None:
    parsed = next(p for p in facts.parsed if p.source.module == "shop.api")
    assert parsed.parser == "libcst" and parsed.metrics is not None
    assert parsed.metrics.complete
    assert [(f.qualname, f.complexity) for f in parsed.metrics.functions] == [("total", 2)]
    coupling = {m.name: m for m in measure_coupling(facts.layout.files, facts.edges).modules}
    assert coupling["shop.api"].fan_out == 3  # core.db, core.models, util
    assert coupling["shop.core.models"].fan_in == 1


def test_graph_json_mermaid_and_dot_show_the_kind(repo: Path) -> None:
    def graph(*args: str) -> str:
        result = CliRunner().invoke(main, ["graph", *args, "--no-cache", str(repo)])
        assert result.exit_code == 0, result.output
        return result.stdout

    document = json.loads(graph("--format", "json"))
    edges = {(e["importer"], e["imported"]): e["kinds"] for e in document["edges"]}
    assert edges[("shop.api", "shop.core.db")] == ["type-only", "explicit-lazy"]
    assert edges[("shop.api", "shop.util")] == ["explicit-lazy"]
    assert "m_shop_api --o|explicit-lazy| m_shop_util" in graph("--format", "mermaid")
    dot = graph("--format", "dot")
    tooltip = 'tooltip="shop.api -> shop.util: explicit-lazy"'
    assert f'"shop.api" -> "shop.util" [{tooltip}, arrowhead="onormal"]' in dot
