"""Each metric module on its own: the functions the parser composes, called directly."""

from __future__ import annotations

import ast
import math
import textwrap

import pytest
from radon.raw import analyze

from analyzer.facts import RawCounts
from analyzer.metrics.abstractness import is_abstract
from analyzer.metrics.cognitive import cognitive_complexity
from analyzer.metrics.halstead import NODES, Halstead
from analyzer.metrics.maintainability import maintainability_index, mi_compute
from analyzer.metrics.measure import measure_module
from analyzer.metrics.raw import raw_counts
from analyzer.metrics.scopes import Scope, walk
from analyzer.metrics.tree import children


def _function(code: str) -> ast.FunctionDef:
    node = ast.parse(textwrap.dedent(code)).body[0]
    assert isinstance(node, ast.FunctionDef)
    return node


def test_raw_counts_of_one_line() -> None:
    assert raw_counts("x = 1\n") == RawCounts(loc=1, lloc=1, sloc=1)


# Rows the raw counter sums up without tokenize ("plain" rows), next to rows it must tokenize:
# colons in slices, dicts, lambdas and annotations, walrus, strings holding ':' '#' ';' and
# brackets, implicit concatenation, a name glued to a string, f-strings (one token up to
# 3.11, several from 3.12).
PLAIN_ROWS = """\
x = d[1:2]
y = {"a": 1, 'b:c': [2]}
f = lambda: 0
g = lambda a: a
z: int = 3
if (n := 3) > 2: pass
s = "a#b" + 'c;d' + "(" + ']'
t = "a" "b"
u = rb"\\x" if x else f"{x:>3}"
while x: x -= 1
else: pass
print(s, t, u)
v = "x" if"y" else "z"
"""


@pytest.mark.parametrize("row", PLAIN_ROWS.splitlines())
def test_plain_rows_count_as_radon_counts_them(row: str) -> None:
    """Each row alone, then inside brackets and after a string: radon's numbers."""
    for text in (row + "\n", f"call(\n{row}\n)\n", f'"""doc\n{row}\n"""\n'):
        assert tuple(vars(raw_counts(text)).values()) == tuple(analyze(text)), text


def test_plain_rows_together() -> None:
    text = PLAIN_ROWS + "w = x[\n    1:\n    2,\n]\n"  # plain rows inside brackets
    assert tuple(vars(raw_counts(text)).values()) == tuple(analyze(text))


# Where tokenize is handed rows again after the raw counter skipped plain and empty ones
# (ADR-0012): the start and end of the text, after a backslash, inside brackets and strings,
# around comments, semicolons and docstrings, and an unfinished statement at the end.
SKIP_BOUNDARIES = [
    "x = 1\n\n\ny = 2\n",
    "\n\nx = 1\n",
    "x = 1\n\n\n",
    "x = 1\n\n\n  \n",
    "x = 1\ny = 2",
    "x = 1 + \\\n2\ny = 3\n",
    "x = 1 + \\\n\ny = 3\n",
    "call(\n    a,\n\n    b,\n)\nz = 1\n",
    's = """\nx = 1\n\ny: int = 2\n"""\nt = 3\n',
    '"""doc\n\nmore"""\nx = 1\n# note\n\ny = 2  # trailing\n',
    "if x: y = 1\nelse: y = 2\n\nfor i in r: pass\n",
    "a = 1; b = 2\n\nc = 3\n",
    "def f():\n    x = 1\n\n    return x\n\n\nclass C:\n    y: int = 2\n",
    "x = (\n1\n\ny = 2\n",
    "x = 1\n\f\ny = 2\n",
]


@pytest.mark.parametrize("text", SKIP_BOUNDARIES)
def test_skipped_rows_count_as_radon_counts_them(text: str) -> None:
    try:
        expected: tuple[int, ...] | None = tuple(analyze(text))
    except SyntaxError:  # radon gives up on an unclosed bracket; archfit counts it as code
        expected = None
    counted = tuple(vars(raw_counts(text)).values())
    if expected is not None:
        assert counted == expected, text
    else:
        assert counted[0] == len(text.splitlines())


def test_raw_counts_never_raise_where_radon_does() -> None:
    """An unclosed bracket at the end: radon raises SyntaxError, archfit counts code."""
    with pytest.raises(SyntaxError):
        analyze("x = (\n1\n")
    assert raw_counts("x = (\n1\n").sloc == 2


def test_halstead_counter() -> None:
    """``a + b`` and ``a < b``: 2 operators, 2 distinct operands, 4 operand uses."""
    counter = Halstead()
    for node in ast.walk(ast.parse("a + b\na < b\n")):
        if node.__class__ in NODES:
            counter.add(node, None)
    assert counter.volume == pytest.approx(6 * math.log2(4))
    assert Halstead().volume == 0.0


def test_cognitive_complexity_of_a_function() -> None:
    code = """
    def walk(node):
        for child in node:
            if child and not child.done:
                walk(child)
    """
    function = _function(code)
    assert cognitive_complexity(function) == 1 + 2 + 1 + 1  # for, nested if, and, recursion
    assert cognitive_complexity(function, called=set()) == 4  # no call seen: no recursion


def test_abstractness() -> None:
    classes = ast.parse("class A(ABC): pass\nclass B: pass\nclass C(typing.Protocol): pass\n")
    found = [is_abstract(node) for node in classes.body if isinstance(node, ast.ClassDef)]
    assert found == [True, False, True]


def test_maintainability() -> None:
    assert mi_compute(0.0, 1, 10, 0.0) == 100.0
    raw = RawCounts(loc=10, lloc=8, sloc=9, comments=1)
    assert maintainability_index(50.0, 3, raw) == mi_compute(50.0, 3, 8, 1 / 9 * 100)


def test_scopes_and_walk() -> None:
    """Decisions land in the scope that owns them; class headers are Halstead-only."""
    tree = ast.parse("class K(a or b):\n    def m(self):\n        return x or y\n")
    module = Scope.module(tree)
    seen = [(scope.qualname, counted) for node, scope, counted in walk(module, {ast.BoolOp})]
    assert sorted(seen) == [("", False), ("K.m", True)]
    assert [s.qualname for s in module.walk()] == ["", "K", "K.m"]


def test_children_skip_missing_dict_keys() -> None:
    node = ast.parse("{**a, 'k': b}", mode="eval").body
    assert [type(c).__name__ for c in children(node)] == ["Constant", "Name", "Name"]


def test_measure_module() -> None:
    text = "def f(x):\n    return x if x else -x\n"
    metrics = measure_module(ast.parse(text), text)
    assert [(f.qualname, f.complexity, f.cognitive) for f in metrics.functions] == [("f", 2, 1)]
    assert metrics.raw.sloc == 2


BRANCH_SHAPES = """
def plain(a, b=1 if x else 2):
    return a.b(c)

@deco(a and b)
def decorated_only(x: int = y or z):
    v = [i for i in x]
    return v

def recursive(n):
    return recursive(n - 1)

def nested(a):
    def inner(b):
        return b if b else a
    class K(Base if a else Other):
        def m(self):
            while True:
                pass
    return inner

def asserted(a):
    assert a and not a.b, "msg"

def matched(v):
    match v:
        case _:
            return lambda: (w for w in v)

def starred():
    try:
        pass
    except* E:
        pass
"""


def test_cognitive_complexity_skips_only_bodies_without_branches() -> None:
    """``measure_module`` scores a function whose scopes hold no ``BRANCHING`` node as 0
    (plus recursion) without scoring it: every function is what scoring it gives."""
    tree = ast.parse(BRANCH_SHAPES)
    measured = {f.line: f.cognitive for f in measure_module(tree, BRANCH_SHAPES).functions}
    functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]
    assert measured == {f.lineno: cognitive_complexity(f) for f in functions}
    assert measured[2] == 0 and measured[10] == 1  # a plain body; a recursive one


def test_functions_come_in_their_own_order() -> None:
    """Sorted by a key of the compared fields: the order FunctionMetrics' ``<`` gives, nested
    functions and methods after the definitions that enclose them."""
    code = textwrap.dedent(
        """\
        class B:
            def z(self):
                def inner():
                    pass
                return inner
            def a(self): pass
        def outer():
            class Local:
                def run(self): pass
            return Local
        f = lambda: None
        """
    )
    functions = measure_module(ast.parse(code), code).functions
    assert list(functions) == sorted(functions)
    assert [f.qualname for f in functions] == [
        "B.z", "B.z.inner", "B.a", "outer", "outer.Local.run",
    ]  # fmt: skip
