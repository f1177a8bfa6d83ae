"""The import collector's two walks (statements with their import kinds, then every node for
calls and assignments) find what one walk of every node carrying the kinds finds, in the same
order: the order of dynamic imports at one position and of blind spots is part of the facts."""

from __future__ import annotations

import ast
import random
from itertools import repeat

import pytest

from analyzer.facts import BlindSpotKind as B
from analyzer.facts import ImportKind
from analyzer.parsing import imports as collector_module
from analyzer.parsing.dynamic import classify
from analyzer.parsing.imports import ImportCollector, ModuleContext, SourceRows

SNIPPETS = {
    "fields-in-order": "import a\nf(__path__.append('z'), k=exec('import y'))\n",
    "type-checking": (
        "import typing\nif typing.TYPE_CHECKING:\n    import a\n    __import__('b')\nelse:\n"
        "    import c\nif TYPE_CHECKING and __import__('d'):\n    import e\n"
        "if __import__('t').TYPE_CHECKING:\n    import f\n"  # the test is not walked
    ),
    "lazy-scopes": (
        "def f(x=__import__('a')):\n    import b\n    g = lambda: __import__('c')\n"
        "class K(__import__('d').Base):\n    import e\n    def m(self):\n        from . import f\n"
    ),
    "blind-order": (
        "import sys\nsys.modules['x'] = 1\nexec('import y')\nsys.path.append('z')\n"
        "__path__ += ['w']\nfrom .... import far\neval(compile('import q', 'f', 'exec'))\n"
    ),
    "dict-unpacking-and-decorators": (
        "import importlib as il\nd = {**x, 'k': il.import_module('a')}\n"
        "@il.import_module('b').deco\ndef f(): ...\nx: int = __import__('c')\n"
    ),
    "try-and-match": (
        "try:\n    import a\nexcept ImportError:\n    __import__('b')\nelse:\n    import c\n"
        "finally:\n    __import__('d')\nmatch v:\n    case 1:\n        import e\n"
    ),
}


def _one_walk(collector: ImportCollector, tree: ast.Module) -> None:
    """The walk the two replace: every node, each carrying the kind its statements give it."""
    stack = list(zip(reversed(tree.body), repeat(ImportKind.IMPORT)))
    while stack:
        node, kind = stack.pop()
        cls = node.__class__
        if cls in collector_module._VISITED or cls in collector_module._PENDING:
            collector._visit(node, kind)
        elif isinstance(node, ast.If) and collector_module._is_type_checking(node.test):
            stack.extend(zip(reversed(node.orelse), repeat(kind)))
            stack.extend(zip(reversed(node.body), repeat(ImportKind.TYPE_ONLY)))
            continue
        elif cls in collector_module._FUNCTIONS and kind is ImportKind.IMPORT:
            kind = ImportKind.LAZY
        for name in collector_module._walked_fields(cls, True):  # last to first
            value = getattr(node, name)
            if value.__class__ is list:
                stack.extend(zip(reversed(value), repeat(kind)))
            elif value is not None:
                stack.append((value, kind))


def _collected(text: str, one_walk: bool) -> tuple[list[object], list[object]]:
    collector = ImportCollector(ModuleContext("p/m.py", "p.m", False), SourceRows(text), [], [])
    tree = ast.parse(text)
    if not one_walk:
        collector.collect(tree, scan_expressions=True)
        return list(collector.imports), list(collector.blind_spots)
    _one_walk(collector, tree)
    for node in collector.pending:
        for found in classify(node, collector.aliases, collector._literal):
            collector._found(found, node)
    if collector.pending:
        collector.imports.sort(key=lambda item: (item.line, item.column))
    return list(collector.imports), list(dict.fromkeys(collector.blind_spots))


@pytest.mark.parametrize("name", sorted(SNIPPETS))
def test_two_walks_find_what_one_walk_finds(name: str) -> None:
    text = SNIPPETS[name]
    imports, blind = _collected(text, one_walk=False)
    assert (imports, blind) == _collected(text, one_walk=True)
    assert imports  # every snippet imports something


def test_blind_spots_on_one_line_keep_the_walk_order() -> None:
    """A file's blind spots are kept in the order found: on one line, in field order
    (a call's arguments before its keywords)."""
    _, blind = _collected(SNIPPETS["fields-in-order"], one_walk=False)
    assert [spot.kind for spot in blind] == [B.PACKAGE_PATH, B.EXEC_IMPORT]


# Imports at every depth, in bodies of every kind, beside statements that hold none.
PRUNED = {
    **SNIPPETS,
    "deep-and-shallow": (
        "def f():\n    x = 1\n    if x:\n        for i in y:\n            while z:\n"
        "                import deep\n    return x\n\ndef g():\n    important = 2\n"
        "    return important\n\nclass K:\n    def m(self):\n        with a:\n"
        "            try:\n                pass\n            except E:\n"
        "                from . import inner\n"
    ),
    "continued-keyword": "if a:\n    from os \\\n        import path\nif b:\n    x = (1,\n 2)\n",
    "match-cases": (
        "match v:\n    case [1, 2]:\n        pass\n    case {'k': _}:\n        import m\n"
    ),
    "no-import-at-all": "def f():\n    return 1\nclass K:\n    x = f()\n",
    "word-in-strings": "def f():\n    '''import nothing'''\n    s = 'import'\n    # import\n",
}


def _statement_walk(text: str, pruned: bool) -> list[object]:
    collector = ImportCollector(ModuleContext("p/m.py", "p.m", False), SourceRows(text), [], [])
    rows = collector_module.import_rows(text) if pruned else None
    collector._walk(ast.parse(text), rows)
    return [*collector.imports, *collector.blind_spots]


@pytest.mark.parametrize("name", sorted(PRUNED))
def test_the_statement_walk_skips_only_what_holds_no_import(name: str) -> None:
    """Skipping statements whose rows never spell ``import`` finds every import the whole
    statement walk finds, with its kind, in the same order."""
    text = PRUNED[name]
    assert _statement_walk(text, pruned=True) == _statement_walk(text, pruned=False)


def test_import_rows_number_rows_as_ast_does() -> None:
    """Every import's own row is among ``import_rows``; text with a carriage return left in
    is not pruned at all (``ast`` may number its rows otherwise)."""
    text = PRUNED["deep-and-shallow"] + PRUNED["continued-keyword"]
    rows = collector_module.import_rows(text)
    found = [n for n in ast.walk(ast.parse(text)) if isinstance(n, ast.Import | ast.ImportFrom)]
    assert rows is not None and found
    assert all(any(n.lineno <= r <= (n.end_lineno or 0) for r in rows) for n in found)
    assert collector_module.import_rows("import a\r\nimport b\n") is None


# Rows that spell ``import`` or not, empty rows, a last row with or without a line feed.
_ROW_PIECES = [
    "import a", "from . import b", "    from x import (", "y,", ")", "", "important = 1",
    "x = 'import'", "def f():", "    return 1", "# import", "\t", "é = 2",
]  # fmt: skip


def test_source_rows_give_what_a_split_gives() -> None:
    """Every row by number (past the end too) as ``text.split("\\n")`` has it, whether or not
    ``import_rows`` noted where the row starts; a carriage return leaves every row to the
    split."""
    rnd = random.Random(18)
    for _ in range(300):
        rows = [rnd.choice(_ROW_PIECES) for _ in range(rnd.randint(0, 12))]
        text = rnd.choice(["\n", "\r\n"]).join(rows) + rnd.choice(["", "\n"])
        split = text.split("\n")
        for noted in (False, True):
            source = SourceRows(text)
            if noted:
                assert source.import_rows() == collector_module.import_rows(text)
            got = [source.row(n) for n in range(-1, len(split) + 3)]
            assert got == ["", "", *split, "", ""], text


def test_the_collector_reads_its_imports_rows_without_splitting_the_text() -> None:
    """A file whose imports each spell ``import`` on their first row is never split: their
    rows are cut out where ``import_rows`` found them (splitting every file cost more than
    collecting the imports of most)."""
    text = "import a\nx = 1\nfrom . import (\n    b,\n)\ndef f():\n    import c.d as e\n"
    source = SourceRows(text)
    collector = ImportCollector(ModuleContext("p/m.py", "p.m", False), source, [], [])
    collector.collect(ast.parse(text), scan_expressions=False, pruned=True)
    assert [(i.line, i.line_contents) for i in collector.imports] == [
        (1, "import a"),
        (3, "from . import ("),
        (7, "import c.d as e"),
    ]
    assert source.split is None
