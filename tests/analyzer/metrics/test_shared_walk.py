"""The outline's scan and the metrics' walk as one walk (``Measurer`` shared with
``outline``) give what each gives on its own walk: the same outline, the same measures."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from analyzer.facts import SourceFile
from analyzer.metrics.measure import Measurer, measure_module
from analyzer.outline import outline
from analyzer.parsing.parse import parse_text, run_deep

SNIPPETS = {
    "module-blocks": (
        "import os\ntry:\n    import a\nexcept (ImportError, get_error(x and y)) as e:\n"
        "    a = None\nelse:\n    b = 1 if a else 2\nfinally:\n    print(a)\n"
        "with open(p) as f, lock(z or w) as (g, h[i + 1]):\n    data = f.read()\n"
        "if os.name == 'nt' and not b:\n    def win(x):\n        return x or b\n"
    ),
    "main-guard": (
        "def main(argv=None):\n    if argv:\n        print(argv)\n"
        "if __name__ == '__main__':\n    while True:\n        main() if x else print(1)\n"
    ),
    "scopes-and-headers": (
        "k, deco, R = 1, None, int\n"  # top-level names only a header refers to
        "@deco(a + b)\ndef f(x: int = k * 2, *args: T, **kw) -> R | None:\n"
        "    assert x > 0 and x < 9, msg(x)\n    g = lambda y: y if y else -y\n"
        "    class Inner(Base, metaclass=M):\n        def m(self):\n"
        "            return [i for i in self if i % 2]\n"
        "    return f(x - 1)\n"
        "class Outer(mixin(a or b), Base):\n    attr: int = 3 + 4\n"
        "    @property\n    def p(self) -> int:\n        match self.attr:\n"
        "            case 1:\n                return 1\n"
        "            case _:\n                return 0\n"
    ),
    "expressions": (
        "x = {**a, 'k': b and c, **{d: e for d, e in f if d}}\n"
        "y = [z async for z in w] if q else (lambda: r)()\n"
        "del x[1:2], y\nglobal_name: int\naug = 1\naug += 2 ** aug\n"
    ),
}


def _both(text: str) -> tuple[tuple[object, object], tuple[object, object]]:
    tree = ast.parse(text)
    alone = (outline(tree, text), measure_module(tree, text))
    tree = ast.parse(text)
    measurer = Measurer(tree)
    shape = outline(tree, text, measurer)
    return alone, (shape, measurer.metrics(text))


@pytest.mark.parametrize("name", sorted(SNIPPETS))
def test_one_walk_measures_and_outlines_as_two(name: str) -> None:
    alone, shared = _both(SNIPPETS[name])
    assert shared == alone
    if name == "scopes-and-headers":
        assert alone[0].definitions[1].references == ("R", "deco", "k")
    assert alone[1].functions or alone[1].h1  # every snippet has something to measure


def test_one_walk_on_archfit_own_modules() -> None:
    """Every module of archfit's analyzer: real code, every construct it uses."""
    root = Path(__file__).resolve().parents[3] / "analyzer"
    for path in sorted(root.rglob("*.py")):
        alone, shared = _both(path.read_text(encoding="utf-8"))
        assert shared == alone, path


def test_a_walk_too_deep_to_measure_is_measured_again_on_the_big_stack() -> None:
    """Cognitive complexity recurses through 1,500 ``not`` over a boolean operator: on the
    shared walk it raises RecursionError, and the file is measured from the start on the
    big-stack thread. (Without the operator, nothing there scores and it is not scored.)"""
    text = "def f(x):\n    return " + "not " * 1500 + "(x and y)\n"
    with pytest.raises(RecursionError):
        measure_module(ast.parse(text), text)
    parsed = parse_text(SourceFile("m.py", "m", False), text)
    tree = run_deep(lambda: ast.parse(text))
    assert parsed.metrics == run_deep(lambda: measure_module(tree, text))
    assert parsed.metrics is not None and parsed.metrics.complete
