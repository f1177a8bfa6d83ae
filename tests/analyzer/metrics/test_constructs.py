"""Each construct, on a small snippet: archfit's numbers, written out, and radon's and
complexipy's for the same snippet (run in-process: snippets are tiny and never deep)."""

from __future__ import annotations

import ast
import math
import textwrap
from pathlib import Path

import pytest
from radon.metrics import h_visit, mi_visit
from radon.raw import analyze
from radon.visitors import ComplexityVisitor

from analyzer.facts import FunctionMetrics, ModuleMetrics, SourceFile
from analyzer.parsing import parse_text
from tests.analyzer.metrics.oracle import (
    Tally,
    compare_complexipy,
    compare_halstead,
    radon_hidden_lines,
)
from tests.analyzer.metrics.radon_worker import flatten


def measure(code: str) -> ModuleMetrics:
    """archfit's measures of ``code`` as module ``snippet``."""
    parsed = parse_text(SourceFile("snippet.py", "snippet"), textwrap.dedent(code))
    assert parsed.metrics is not None, parsed.problems
    return parsed.metrics


def rows(metrics: ModuleMetrics) -> list[tuple[str, int, int, int]]:
    """(qualname, line, cyclomatic, cognitive) per function, in line order."""
    return [(f.qualname, f.line, f.complexity, f.cognitive) for f in metrics.functions]


def assert_oracles_agree(code: str) -> None:
    """radon's functions, volume, MI and raw counts, and complexipy's values, are archfit's."""
    code = textwrap.dedent(code)
    metrics = measure(code)
    tree = ast.parse(code)
    visitor = ComplexityVisitor.from_ast(tree)
    theirs = sorted(tuple(row) for row in flatten(visitor.functions + visitor.classes, []))
    hidden = radon_hidden_lines(tree)
    mine = sorted((f.line, f.complexity) for f in metrics.functions if f.line not in hidden)
    assert mine == theirs
    assert math.isclose(metrics.halstead_volume, h_visit(code).total.volume, abs_tol=1e-9)
    hal = h_visit(code)
    tally = Tally()
    compare_halstead(Path("snippet.py"), {"total": list(hal.total), "functions": [
        [name, list(numbers)] for name, numbers in hal.functions
    ]}, metrics, tally)  # fmt: skip
    assert tally.mismatches == []
    assert math.isclose(metrics.maintainability, mi_visit(code, True), abs_tol=1e-9)
    assert tuple(vars(metrics.raw).values()) == tuple(analyze(code))
    tally = Tally()
    compare_complexipy(Path("snippet.py"), code, metrics, tally)
    assert tally.mismatches == []


MATCH = """
def m(x):
    match x:
        case 1 | 2:
            return "a"
        case [y, *_] if y and x:
            return "b"
        case _:
            return "c"
"""
COMPREHENSIONS = """
def c(rows):
    pairs = [r for r in rows if r if r > 0]
    return {x: r for r in rows for x in r}
"""
LAMBDAS = """
def l(items):
    key = lambda i: i.a if i else (i.b or i.c)
    return sorted(items, key=key)
"""
BOOLEANS = """
def b(a, c, d):
    if a and c or not (d and a):
        return a or c or d
    return not a
"""
DECORATORS = """
import functools

def deco(f):
    @functools.wraps(f)
    def inner(*a):
        if a:
            return f(*a)
    return inner

@deco
@other(x if y else z)
def decorated(v):
    return v
"""
CLOSURES = """
def outer(n):
    def middle(m):
        def inner(k):
            return k if k else n
        return inner if m else None
    return middle(n) if n else outer(n - 1)
"""
# Only a call in the function's own code is recursion: not one in a lambda, a nested class's
# header or a nested def, nor one from another function (per-scope calls, issue 18).
SELF_CALLS = """
def direct(n):
    return direct(n - 1)


def in_assert(n):
    assert in_assert(n)


def in_lambda(n):
    return lambda: in_lambda(n)


def in_class_header(n):
    class K(in_class_header(n)):
        pass
    return K


def in_nested(n):
    def inner():
        return in_nested(n)
    return inner


def elsewhere(n):
    return n


def caller(n):
    return elsewhere(n)
"""
NESTED_CLASSES = """
class Outer:
    class Inner:
        def run(self, x):
            return x or self

    def go(self):
        class Local:
            def deep(self):
                return 1 if self else 0
        return Local
"""
ASYNC = """
async def a(xs):
    async with lock if xs else other:
        async for x in xs:
            await x
        else:
            pass
    return [y async for y in xs if y]
"""
TRY = """
def t(x):
    try:
        x()
    except ValueError:
        if x:
            raise
    except (TypeError, KeyError) as e:
        pass
    else:
        x = 1
    finally:
        x = None
"""
WHILE_ELSE = """
def w(n):
    while n > 0 and n < 10:
        n -= 1
        if n == 5:
            break
    else:
        return -1
    return n
"""
WALRUS = """
def wal(data):
    if (n := len(data)) > 10 and (m := n // 2):
        return m
    return [y for x in data if (y := x)]
"""
ELIF = """
def e(x):
    if x > 2:
        return 2
    elif x > 1 and x < 2:
        return 1
    else:
        if x:
            return 0
    assert x or not x, "never"
"""

CASES = {
    # radon: 1 + two cases (a catch-all ``case _`` is the else) + the guard's ``and``;
    # complexipy: ``match`` 1, guards not counted.
    "match": (MATCH, [("m", 2, 4, 1)]),
    # radon: each ``for`` 1, each ``if`` in it 1; complexipy: the same, plus nesting.
    "comprehensions": (COMPREHENSIONS, [("c", 2, 6, 5)]),
    # The lambda's decisions belong to the function; complexipy nests the lambda body.
    "lambdas": (LAMBDAS, [("l", 2, 3, 3)]),
    # radon: len - 1 per operator; complexipy: 1 per expression, +1 per change and per ``not``.
    "booleans": (BOOLEANS, [("b", 2, 7, 5)]),
    # Decorators count nowhere; the line is the ``def``; complexipy reads ``deco`` as ``inner``.
    "decorators": (
        DECORATORS,
        [("deco", 4, 1, 1), ("deco.inner", 6, 2, 1), ("decorated", 13, 1, 0)],
    ),
    # Each closure on its own line. complexipy folds closures into the outer function; here
    # ``outer`` and ``middle`` both have the decorator shape (a ``def`` then a ``return``), so
    # ``outer`` reads as ``inner`` (1) plus 1 for its recursive call.
    "closures": (
        CLOSURES,
        [("outer", 2, 2, 2), ("outer.middle", 3, 2, 1), ("outer.middle.inner", 4, 2, 1)],
    ),
    "self calls": (
        SELF_CALLS,
        [
            ("direct", 2, 1, 1),
            ("in_assert", 6, 2, 1),
            ("in_lambda", 10, 1, 0),
            ("in_class_header", 14, 1, 0),
            ("in_nested", 20, 1, 0),
            ("in_nested.inner", 21, 1, 0),
            ("elsewhere", 26, 1, 0),
            ("caller", 30, 1, 0),
        ],
    ),
    # radon hides ``Local.deep`` (a class inside a function); archfit lists it.
    "nested classes": (
        NESTED_CLASSES,
        [("Outer.Inner.run", 4, 2, 1), ("Outer.go", 7, 1, 1), ("Outer.go.Local.deep", 9, 2, 1)],
    ),
    "async": (ASYNC, [("a", 2, 6, 4)]),
    # radon: one per handler and one for ``else``; complexipy: handlers nest their bodies.
    "try": (TRY, [("t", 2, 5, 4)]),
    "while/else": (WHILE_ELSE, [("w", 2, 5, 4)]),
    "walrus": (WALRUS, [("wal", 2, 5, 4)]),
    # radon: ``elif`` is an ``if``; ``assert`` adds 1 and nothing under it counts (6).
    # complexipy: ``if`` 1, ``elif`` 1 + its ``and``, ``else`` a flat 1, the nested ``if`` 2,
    # the asserted ``or`` 1 (7).
    "elif/assert": (ELIF, [("e", 2, 6, 7)]),
}


@pytest.mark.parametrize("name", CASES)
def test_construct(name: str) -> None:
    """archfit's (qualname, line, cyclomatic, cognitive) rows, and the oracles agree."""
    code, expected = CASES[name]
    assert rows(measure(code)) == expected
    assert_oracles_agree(code)


def test_kinds_and_closures() -> None:
    """Methods are ``def``s in a class body; closures are ``def``s a function encloses."""
    found = {f.qualname: f for f in measure(NESTED_CLASSES + CLOSURES).functions}
    assert (found["Outer.go"].kind, found["Outer.go"].is_closure) == ("method", False)
    assert (found["Outer.go.Local.deep"].kind, found["Outer.go.Local.deep"].is_closure) == (
        "method",
        True,
    )
    assert (found["outer.middle"].kind, found["outer.middle"].is_closure) == ("function", True)
    assert found["outer"].end_line == found["outer"].line + 5


def test_halstead_by_hand() -> None:
    """Operators: Add, Mult, USub, Lt, And (5 distinct, 7 in all); operands: a, b, c, x, 1, 2
    and the node ``b * 2`` (7 distinct, 12 in all): volume 19 * log2(12)."""
    code = "x = a + b * 2\ny = -a\nz = a < b < c\nx += 1\nw = a and b\n"
    assert measure(code).halstead_volume == pytest.approx(19 * math.log2(12))
    assert_oracles_agree(code)


def test_halstead_per_function_takes_in_nested_functions() -> None:
    """radon's function numbers count a closure's body too (its operands told apart by the
    closure's name); archfit measures the closure on its own as well, radon does not."""
    code = """
    def outer(a, b):
        x = a + b

        def inner(c):
            return c * a + 1

        return inner(x) - x
    """
    metrics = measure(code)
    outer, inner = metrics.functions
    assert (outer.h1, outer.h2, outer.n1, outer.n2) == (3, 8, 4, 8)
    assert (inner.h1, inner.h2, inner.n1, inner.n2) == (2, 4, 2, 4)
    (name, numbers), = h_visit(textwrap.dedent(code)).functions  # fmt: skip
    assert (name, tuple(numbers[:4])) == ("outer", (3, 8, 4, 8))
    assert_oracles_agree(code)


def test_halstead_operands_are_per_function() -> None:
    """The same name in two functions is two operands; a function's defaults are not seen:
    one operator (Add, twice), four operands (f's a and 1, g's a and 1): 6 * log2(5)."""
    code = "def f(a=b + c):\n    return a + 1\n\ndef g():\n    return a + 1\n"
    assert measure(code).halstead_volume == pytest.approx(6 * math.log2(5))
    assert_oracles_agree(code)


def test_raw_counts_by_hand() -> None:
    """radon's quirks: a one-line docstring is a single comment line, a multi-line one is
    ``multi``; ``if x: y`` is two logical lines; ``a; b`` two; a comment-only line is one."""
    code = '''\
        """One line."""
        # a comment

        def f(x):
            """Two
            lines."""
            if x: return 1  # trailing
            a = 1; b = 2
            return [
                a,
                b,
            ]
        '''
    raw = measure(code).raw
    assert vars(raw) == {
        "loc": 12,
        "lloc": 8,
        "sloc": 7,
        "comments": 2,
        "multi": 2,
        "blank": 1,
        "single_comments": 2,
    }
    assert_oracles_agree(code)


def test_raw_counts_edge_cases() -> None:
    """Backslash continuations, form feeds, CR-free text, a final line without newline."""
    for code in (
        "x = 1 + \\\n    2\n\n\n",
        "x = 1\n\x0c\ndef f():\n    return 1",
        "s = '''a\n\nb'''\n# end",
        "",
        "\n\n",
    ):
        assert tuple(vars(measure(code).raw).values()) == tuple(analyze(code)), repr(code)


def test_maintainability_of_an_empty_module_is_100() -> None:
    """radon: no volume means MI 100."""
    assert measure("").maintainability == 100.0
    assert measure("import os\n").maintainability == 100.0


def test_abstract_classes() -> None:
    """ABC bases, ABCMeta metaclasses, abstract methods and Protocols make a class abstract."""
    code = """
    import abc
    from typing import Protocol, Generic

    class A(abc.ABC): pass
    class B(metaclass=abc.ABCMeta): pass
    class C:
        @abc.abstractmethod
        def run(self): ...
    class D(Protocol[int]): pass
    class E(Generic[int]):
        class F: pass
    """
    metrics = measure(code)
    assert (metrics.classes, metrics.abstract_classes) == (6, 4)


def test_ten_thousand_terms_do_not_crash() -> None:
    """radon overflows the stack here; archfit measures: a 10k-term sum (parsed on the big
    stack), a 10k-term ``and``, and 5k nested ``not`` / unary minus (cognitive recursion)."""
    terms = " + ".join(["x"] * 10_000)
    code = f"total = {terms}\n"
    code += "def f(x):\n    return " + " and ".join(["x"] * 10_000) + "\n"
    code += "def g(x):\n    return " + "not " * 5_000 + "x\n"
    code += "def h(x):\n    return " + "- " * 5_000 + "x\n"
    metrics = measure(code)
    assert [(f.qualname, f.complexity, f.cognitive) for f in metrics.functions] == [
        ("f", 10_000, 1),
        ("g", 1, 0),
        ("h", 1, 0),
    ]
    assert metrics.halstead_volume > 0 and metrics.complete
    assert metrics.raw.sloc == 7


def test_measures_are_frozen_and_ordered() -> None:
    """Value objects: immutable, comparable, sorted by line."""
    metrics = measure(CLOSURES)
    with pytest.raises(AttributeError):
        metrics.functions[0].line = 3  # type: ignore[misc]
    assert list(metrics.functions) == sorted(metrics.functions)
    assert isinstance(metrics.functions[0], FunctionMetrics)
    assert metrics.complexity == 6
