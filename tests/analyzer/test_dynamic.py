"""Dynamic imports through every spelling, and each construct read only partially.

Each case runs twice: on ``ast`` and on the libcst path (the same text after a PEP 695 line,
which this interpreter's ``ast`` rejects), and both must find the same edges and blind spots.
"""

from __future__ import annotations

import ast

import pytest

from analyzer.facts import BlindSpotKind as B
from analyzer.facts import ImportKind, ParsedFile, SourceFile
from analyzer.parsing import parse_text

D = ImportKind.DYNAMIC
Rows = tuple[list[tuple[str, int]], list[tuple[B, int]]]  # (target, line), (blind spot, line)

# name -> (source, dynamic imports, blind spots)
CASES: dict[str, tuple[str, list[tuple[str, int]], list[tuple[B, int]]]] = {
    "from-alias": (
        "from importlib import import_module as im\nim('uvicorn')\n",
        [("uvicorn", 2)],
        [],
    ),
    "module-alias": ("import importlib as il\nil.import_module('uvicorn')\n", [("uvicorn", 2)], []),
    "importlib-dunder": (
        "import importlib\nimportlib.__import__('uvicorn')\n",
        [("uvicorn", 2)],
        [],
    ),
    "builtin-dunder": ("__import__('uvicorn')\n", [("uvicorn", 1)], []),
    "builtins-module": ("import builtins as b\nb.__import__('uvicorn')\n", [("uvicorn", 2)], []),
    "dunder-alias": (
        "from importlib import __import__ as imp\nimp('uvicorn')\n",
        [("uvicorn", 2)],
        [],
    ),
    "submodule-import": (
        "import importlib.util\nimportlib.import_module('uvicorn')\n",
        [("uvicorn", 2)],
        [],
    ),
    "alias-used-before-bound": (
        "def f():\n    return im('uvicorn')\nfrom importlib import import_module as im\n",
        [("uvicorn", 2)],
        [],
    ),
    "alias-variable": (
        "from importlib import import_module as im\nim(name)\n",
        [],
        [(B.NON_LITERAL_DYNAMIC, 2)],
    ),
    "alias-fstring": (
        "import importlib as il\nil.import_module(f'p.{x}')\n",
        [],
        [(B.NON_LITERAL_DYNAMIC, 2)],
    ),
    "dunder-variable": ("__import__(name)\n", [], [(B.NON_LITERAL_DYNAMIC, 1)]),
    "dunder-fromlist": (
        "__import__('pkg', globals(), locals(), ['sub'])\n",
        [("pkg", 1)],
        [(B.PARTIAL_DYNAMIC, 1)],
    ),
    "dunder-fromlist-keyword": (
        "__import__('pkg', fromlist=('sub',))\n",
        [("pkg", 1)],
        [(B.PARTIAL_DYNAMIC, 1)],
    ),
    "dunder-level": (
        "__import__('sub', globals(), locals(), [], 1)\n",
        [],
        [(B.PARTIAL_DYNAMIC, 1)],
    ),
    "dunder-empty-fromlist": ("__import__('pkg', globals(), locals(), [])\n", [("pkg", 1)], []),
    "dunder-level-zero": ("__import__('pkg', globals(), locals(), [], 0)\n", [("pkg", 1)], []),
    "spec-from-file": (
        "import importlib.util\ns = importlib.util.spec_from_file_location('m', p)\n",
        [],
        [(B.FILE_LOCATION, 2)],
    ),
    "spec-from-file-alias": (
        "from importlib.util import spec_from_file_location as sf\nsf('m', p)\n",
        [],
        [(B.FILE_LOCATION, 2)],
    ),
    "source-file-loader": (
        "from importlib.machinery import SourceFileLoader\nSourceFileLoader('m', p)\n",
        [],
        [(B.FILE_LOCATION, 2)],
    ),
    "sys-modules-item": ("import sys\nsys.modules['x'] = m\n", [], [(B.SYS_MODULES_WRITE, 2)]),
    "sys-modules-alias": (
        "import sys as _s\n_s.modules[__name__ + '.x'] = m\n",
        [],
        [(B.SYS_MODULES_WRITE, 2)],
    ),
    "sys-modules-from": (
        "from sys import modules\nmodules['x'] = m\n",
        [],
        [(B.SYS_MODULES_WRITE, 2)],
    ),
    "sys-modules-setdefault": (
        "import sys\nsys.modules.setdefault('x', m)\n",
        [],
        [(B.SYS_MODULES_WRITE, 2)],
    ),
    "extend-path": (
        "from pkgutil import extend_path\n__path__ = extend_path(__path__, __name__)\n",
        [],
        [(B.PACKAGE_PATH, 2)],
    ),
    "path-append": ("__path__.append('/opt/plugins')\n", [], [(B.PACKAGE_PATH, 1)]),
    "path-augmented": ("__path__ += ['/opt/plugins']\n", [], [(B.PACKAGE_PATH, 1)]),
    "exec-import": ("exec('import os')\n", [], [(B.EXEC_IMPORT, 1)]),
    "eval-dunder": ("eval(\"__import__('os')\")\n", [], [(B.EXEC_IMPORT, 1)]),
    "exec-variable": ("exec(code, namespace)\n", [], [(B.EXEC_IMPORT, 1)]),
    "eval-variable": ("value = eval(text)\n", [], [(B.EXEC_IMPORT, 1)]),
}
# Look-alikes that import nothing and hide nothing.
QUIET = {
    "exec-literal-without-import": "exec('x = 1')\n",
    "method-named-exec": "self.exec(code)\ncursor.execute(sql)\n",
    "local-modules-dict": "modules = {}\nmodules['a'] = 1\n",
    "path-read": "print(__path__[0])\n",
}


def _rows(parsed: ParsedFile, shift: int) -> Rows:
    dynamic = [(i.module, i.line - shift) for i in parsed.imports if i.kind is D]
    blind = [(b.kind, b.line - shift) for b in parsed.blind_spots]
    return dynamic, blind


def _both(text: str) -> tuple[Rows, Rows]:
    """The rows on the ``ast`` path and on the libcst path."""
    source = SourceFile("app/m.py", "app.m")
    plain = parse_text(source, text)
    newer = parse_text(source, "type _T = int\n" + text)
    assert plain.parser == "ast" and newer.parser == "libcst"
    return _rows(plain, 0), _rows(newer, 1)


def _needs_libcst_path() -> None:
    try:
        ast.parse("type _T = int\n")
    except SyntaxError:
        return
    pytest.skip("this interpreter's ast reads PEP 695: the libcst path is not taken")


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_spelling_and_construct_on_both_paths(name: str) -> None:
    _needs_libcst_path()
    text, dynamic, blind = CASES[name]
    on_ast, on_libcst = _both(text)
    assert on_ast == (dynamic, blind)
    assert on_libcst == on_ast


@pytest.mark.parametrize("name", sorted(QUIET))
def test_look_alikes_are_neither_edges_nor_blind_spots(name: str) -> None:
    _needs_libcst_path()
    assert _both(QUIET[name]) == (([], []), ([], []))


def test_every_partial_construct_kind_has_a_case() -> None:
    kinds = {kind for _, _, blind in CASES.values() for kind, _ in blind}
    assert kinds == {
        B.NON_LITERAL_DYNAMIC,
        B.PARTIAL_DYNAMIC,
        B.FILE_LOCATION,
        B.SYS_MODULES_WRITE,
        B.PACKAGE_PATH,
        B.EXEC_IMPORT,
    }
