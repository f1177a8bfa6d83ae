"""The libcst path: syntax newer than the running interpreter is analysed, not INP001."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest

from analyzer.facts import ImportKind, SourceFile
from analyzer.parsing import parse_text
from analyzer.parsing.cst import collect_cst_imports, parse_cst
from analyzer.parsing.imports import ImportCollector, ModuleContext, SourceRows
from tests.analyzer.trees import import_rows, write_tree
from tests.conftest import FIXTURES, REPO, check_json

NEWER = """\
from typing import TYPE_CHECKING
import os
type Alias = list[int]
if TYPE_CHECKING:
    from newpkg.models import Model
def first[T](items: list[T]) -> T:
    import json
    importlib.import_module("newpkg.plugins")
    importlib.import_module(name)
    return items[0]
from . import models
"""


def _needs_newer_ast() -> None:
    try:
        ast.parse("type Alias = int\n")
    except SyntaxError:
        return
    pytest.skip("this interpreter's ast already reads PEP 695 syntax")


def test_newer_syntax_is_read_with_libcst() -> None:
    _needs_newer_ast()
    parsed = parse_text(SourceFile("newpkg/a.py", "newpkg.a"), NEWER)
    assert parsed.problems == () and parsed.parser == "libcst"
    assert import_rows(parsed.imports) == [
        ("typing", "TYPE_CHECKING", 1, 1, ImportKind.IMPORT),
        ("os", None, 2, 1, ImportKind.IMPORT),
        ("newpkg.models", "Model", 5, 5, ImportKind.TYPE_ONLY),
        ("json", None, 7, 5, ImportKind.LAZY),
        ("newpkg.plugins", None, 8, 5, ImportKind.DYNAMIC),
        ("newpkg", "models", 11, 1, ImportKind.IMPORT),
    ]
    assert [b.line for b in parsed.blind_spots] == [9]


def test_python2_is_still_a_parse_error() -> None:
    parsed = parse_text(SourceFile("old.py", "old"), 'print "hello"\n')
    assert [p.kind.value for p in parsed.problems] == ["parse-error"]


def test_check_reports_edges_of_a_newer_syntax_file(tmp_path: Path, run_cli: Any) -> None:
    _needs_newer_ast()
    write_tree(
        tmp_path,
        {
            "newpkg/__init__.py": "",
            "newpkg/models.py": "type Id = int\n",
            "newpkg/a.py": NEWER,
            "archfit.yaml": "contracts:\n  - name: models stay low\n    type: forbidden\n"
            "    source_modules: [newpkg.models]\n    forbidden_modules: [newpkg.a]\n",
        },
    )
    code, doc = check_json(run_cli, str(tmp_path))
    assert [f["code"] for f in doc["findings"]] == []
    assert code == 0 and doc["summary"]["modules"] == 3


def _ast_rows(path: Path, context: ModuleContext) -> list[Any]:
    text = path.read_text(encoding="utf-8")
    collector = ImportCollector(context, SourceRows(text), [], [])
    collector.collect(ast.parse(text), scan_expressions=True)
    return import_rows(collector.imports) + [(b.kind, b.line) for b in collector.blind_spots]


def _cst_rows(path: Path, context: ModuleContext) -> list[Any]:
    text = path.read_text(encoding="utf-8")
    module = parse_cst(text)
    assert module is not None
    imports, blind = collect_cst_imports(module, context, text.split("\n"))
    return import_rows(imports) + [(b.kind, b.line) for b in blind]


@pytest.mark.parametrize(
    "path",
    sorted(
        p
        for base in (FIXTURES / "importkinds", REPO / "analyzer", REPO / "fitness")
        for p in base.rglob("*.py")
    ),
    ids=lambda p: str(p.relative_to(REPO)),
)
def test_libcst_collector_agrees_with_the_ast_collector(path: Path) -> None:
    """Same imports, kinds, lines, columns and blind spots, wherever both parsers read a file."""
    context = ModuleContext(str(path), "pkg.sub.mod", path.name == "__init__.py")
    assert _cst_rows(path, context) == _ast_rows(path, context)


def test_explicit_lazy_imports_keep_their_kind_on_both_paths() -> None:
    """libcst's LazyImport nodes here; ``ast``'s ``is_lazy`` flag on an interpreter that has
    PEP 810 (3.15), simulated on this one's tree."""
    text = "lazy import a.b\nif TYPE_CHECKING:\n    lazy from . import c\nlazy from d import *\n"
    parsed = parse_text(SourceFile("pkg/m.py", "pkg.m"), text)
    assert import_rows(parsed.imports) == [
        ("a.b", None, 1, 1, ImportKind.EXPLICIT_LAZY),
        ("pkg", "c", 3, 5, ImportKind.TYPE_ONLY),
        ("d", "*", 4, 1, ImportKind.EXPLICIT_LAZY),
    ]
    tree = ast.parse("import a.b\nfrom d import e\n")
    for node in tree.body:
        node.is_lazy = 1  # type: ignore[attr-defined]
    collector = ImportCollector(ModuleContext("pkg/m.py", "pkg.m", False), SourceRows(""), [], [])
    collector.collect(tree, scan_expressions=False)
    assert {i.kind for i in collector.imports} == {ImportKind.EXPLICIT_LAZY}
