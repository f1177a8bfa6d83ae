"""Cognitive complexity equal to complexipy's (8.x), on the stdlib ``ast``.

complexipy follows SonarSource's whitepaper with its own reading of Python:
- ``if``/``elif``/``else``, loops, ``except`` and ``match`` add 1 plus the nesting level
  (``elif`` and ``else`` add a flat 1); their bodies are one level deeper; ``try``, ``finally``,
  a loop's ``else`` and ``with`` bodies stay at the same level;
- a boolean expression adds 1, plus 1 for each boolean operator nested in it (through
  ``not``) that differs from its parent operator or sits directly under a ``not``; a
  conditional expression adds 1 plus the nesting level; comprehensions add 1 plus the nesting
  level per ``for`` and 1 per ``if``; lambdas nest one level. These are only counted in the
  places complexipy looks (conditions, assigned/returned/raised/asserted values, expression
  statements, positional call arguments, displays), never under an attribute, a subscript, a
  binary operator or ``await``;
- a nested function's body is one level deeper, except in the decorator shape (a function
  whose body is exactly an inner ``def`` and a ``return``, which reads as its inner function);
  a nested class counts its direct methods only;
- a call of the function by its own bare name (outside lambdas and nested definitions) adds 1.

complexipy reports top-level functions and methods (nested classes included); a nested
function's value here is what complexipy would report for it at top level.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Collection, Iterable
from typing import Any

from analyzer.metrics.scopes import FUNCTION_NODES
from analyzer.metrics.tree import children

AnyFunction = ast.FunctionDef | ast.AsyncFunctionDef
# Every node class whose presence can make a body score more than 0 (a recursive call
# aside): branches, loops, handlers, ``match``, boolean operators, conditional expressions,
# comprehensions; ``assert`` is radon's decision, kept so the set holds all of DECISIONS'.
BRANCHING = frozenset(
    {ast.If, ast.IfExp, ast.Assert, ast.BoolOp, ast.For, ast.AsyncFor, ast.While, ast.Try}
    | {ast.Match, ast.comprehension, *([ast.TryStar] if hasattr(ast, "TryStar") else [])}
)
_NOT_SEARCHED = (*FUNCTION_NODES, ast.ClassDef, ast.Lambda)  # complexipy's recursion finder


def cognitive_complexity(
    function: AnyFunction, called: Collection[str] | None = None, branches: bool = True
) -> int:
    """complexipy's value for ``function`` analysed at top level.

    ``called``: when known, bare names called in the function's own code (any superset will
    do, such as every name called in the module); a function whose name is not among them
    cannot call itself, and its body need not be searched. ``branches=False``: no node of a
    class in ``BRANCHING`` lies in its body, which then scores nothing but recursion.
    """
    total = _Scorer().statement(function, 0) if branches else 0
    if (called is None or function.name in called) and _calls_itself(function):
        total += 1
    return total


def _calls_itself(function: AnyFunction) -> bool:
    """A call of ``function`` by its bare name in its body, outside lambdas and definitions."""
    stack: list[ast.AST] = [s for s in function.body if not isinstance(s, _NOT_SEARCHED)]
    while stack:
        node = stack.pop()
        func = getattr(node, "func", None) if type(node) is ast.Call else None
        if isinstance(func, ast.Name) and func.id == function.name:
            return True
        stack.extend(c for c in children(node) if not isinstance(c, _NOT_SEARCHED))
    return False


def _is_decorator_shape(node: ast.AST) -> bool:
    """A function whose body is exactly a nested ``def`` and a ``return``."""
    if not isinstance(node, FUNCTION_NODES) or len(node.body) != 2:
        return False
    return isinstance(node.body[0], FUNCTION_NODES) and isinstance(node.body[1], ast.Return)


def _is_elif(chain_head: ast.If, orelse: list[ast.stmt]) -> bool:
    """An ``elif``: ``ast`` nests it as a lone ``If`` in ``orelse``, at the head's column
    (an ``if`` inside an ``else:`` block is indented deeper)."""
    if len(orelse) != 1 or not isinstance(orelse[0], ast.If):
        return False
    return orelse[0].col_offset == chain_head.col_offset


class _Scorer:
    """complexipy's statement and expression rules."""

    def statement(self, node: ast.AST, nesting: int) -> int:
        """complexipy's ``statement_cognitive_complexity``."""
        rule = _STATEMENTS.get(type(node))
        return rule(self, node, nesting) if rule is not None else 0

    def suite(self, body: Iterable[ast.stmt], nesting: int) -> int:
        """A block of statements at one nesting level."""
        total = 0
        for node in body:  # a loop, not sum(): this runs for every statement of every function
            rule = _STATEMENTS.get(type(node))
            if rule is not None:
                total += rule(self, node, nesting)
        return total

    def function(self, node: AnyFunction, nesting: int) -> int:
        """A function body; a function nested directly in it is one level deeper; a function
        of the decorator shape reads as its inner function."""
        if _is_decorator_shape(node):
            return self.statement(node.body[0], nesting)
        return sum(
            self.statement(child, nesting + isinstance(child, FUNCTION_NODES))
            for child in node.body
        )

    def klass(self, node: ast.ClassDef, nesting: int) -> int:
        """A class inside a function: its direct methods only."""
        return sum(
            self.statement(child, nesting)
            for child in node.body
            if isinstance(child, FUNCTION_NODES)
        )

    def if_chain(self, node: ast.If, nesting: int) -> int:
        """``if`` (1 + nesting), each ``elif`` and the ``else`` (a flat 1), bodies deeper."""
        total = 1 + nesting + self.bools(node.test, nesting) + self.suite(node.body, nesting + 1)
        orelse = node.orelse
        while _is_elif(node, orelse):
            clause = orelse[0]
            assert isinstance(clause, ast.If)
            total += 1 + self.bools(clause.test, nesting) + self.suite(clause.body, nesting + 1)
            orelse = clause.orelse
        if orelse:
            total += 1 + self.suite(orelse, nesting + 1)
        return total

    def loop(self, node: ast.For | ast.AsyncFor | ast.While, nesting: int) -> int:
        """A loop: 1 + nesting + its control's operators; the body deeper, ``else`` not."""
        control = node.test if isinstance(node, ast.While) else node.iter
        own = 1 + nesting + self.bools(control, nesting)
        return own + self.suite(node.body, nesting + 1) + self.suite(node.orelse, nesting)

    def try_(self, node: ast.Try | Any, nesting: int) -> int:
        """``try``/``except*``: each handler 1 + nesting, its body deeper; the rest level."""
        total = self.suite(node.body, nesting)
        for handler in node.handlers:
            total += 1 + nesting + self.suite(handler.body, nesting + 1)
        return total + self.suite(node.orelse, nesting) + self.suite(node.finalbody, nesting)

    def match(self, node: ast.Match, nesting: int) -> int:
        """``match``: 1 + nesting; case bodies deeper; guards are not counted."""
        return 1 + nesting + sum(self.suite(case.body, nesting + 1) for case in node.cases)

    def with_(self, node: ast.With | ast.AsyncWith, nesting: int) -> int:
        """``with``: its context expressions' operators; the body at the same level."""
        own = sum(self.bools(item.context_expr, nesting) for item in node.items)
        return own + self.suite(node.body, nesting)

    def bools(self, expr: ast.AST | None, nesting: int) -> int:
        """complexipy's ``count_bool_ops`` (0 for no expression)."""
        rule = _EXPRESSIONS.get(type(expr))
        return rule(self, expr, nesting) if rule is not None else 0

    def many(self, exprs: Iterable[ast.AST | None], nesting: int) -> int:
        """``count_bool_ops`` summed over several expressions."""
        total = 0
        for expr in exprs:
            rule = _EXPRESSIONS.get(type(expr))
            if rule is not None:
                total += rule(self, expr, nesting)
        return total

    def comprehension(
        self, elements: Iterable[ast.expr], generators: list[ast.comprehension], nesting: int
    ) -> int:
        """1 + nesting per ``for``, 1 per ``if``; filters and elements one level deeper."""
        total = 0
        for generator in generators:
            total += 1 + nesting + self.bools(generator.iter, nesting)
            total += sum(1 + self.bools(test, nesting + 1) for test in generator.ifs)
        return total + self.many(elements, nesting + 1)

    def mixed(self, expr: ast.AST, parent: ast.AST) -> int:
        """complexipy's ``count_different_childs_type``: +1 for each boolean operator below
        ``parent`` (through ``not``) that is not the same operator as its parent; ``not``
        starts afresh, so ``a and not (b and c)`` scores 2."""
        if isinstance(expr, ast.BoolOp):
            same = isinstance(parent, ast.BoolOp) and type(parent.op) is type(expr.op)
            return (not same) + sum(self.mixed(value, expr) for value in expr.values)
        if isinstance(expr, ast.UnaryOp):
            return self.mixed(expr.operand, expr)
        return 0


_Rule = Callable[[_Scorer, Any, int], int]
_STATEMENTS: dict[type[ast.AST], _Rule] = {
    ast.FunctionDef: _Scorer.function,
    ast.AsyncFunctionDef: _Scorer.function,
    ast.ClassDef: _Scorer.klass,
    ast.If: _Scorer.if_chain,
    ast.For: _Scorer.loop,
    ast.AsyncFor: _Scorer.loop,
    ast.While: _Scorer.loop,
    ast.Try: _Scorer.try_,
    ast.Match: _Scorer.match,
    ast.With: _Scorer.with_,
    ast.AsyncWith: _Scorer.with_,
    # The expressions a simple statement holds (bools() counts None as 0).
    ast.Assign: lambda s, node, n: s.bools(node.value, n),
    ast.AnnAssign: lambda s, node, n: s.bools(node.value, n),
    ast.AugAssign: lambda s, node, n: s.bools(node.value, n),
    ast.Return: lambda s, node, n: s.bools(node.value, n),
    ast.Raise: lambda s, node, n: s.bools(node.exc, n) + s.bools(node.cause, n),
    ast.Assert: lambda s, node, n: s.bools(node.test, n) + s.bools(node.msg, n),
    ast.Expr: lambda s, node, n: s.bools(node.value, n),
}
if hasattr(ast, "TryStar"):  # ``except*`` (3.11+) scores as ``except``
    _STATEMENTS[ast.TryStar] = _Scorer.try_

_EXPRESSIONS: dict[type, _Rule] = {  # keyed by class; None (no expression) has none
    ast.BoolOp: lambda s, node, n: 1 + sum(s.mixed(value, node) for value in node.values),
    ast.UnaryOp: lambda s, node, n: s.mixed(node.operand, node),
    ast.Compare: lambda s, node, n: s.bools(node.left, n) + s.many(node.comparators, n),
    ast.IfExp: lambda s, node, n: (
        1 + n + s.bools(node.test, n) + s.bools(node.body, n + 1) + s.bools(node.orelse, n + 1)
    ),
    ast.Lambda: lambda s, node, n: s.bools(node.body, n + 1),
    ast.ListComp: lambda s, node, n: s.comprehension([node.elt], node.generators, n),
    ast.SetComp: lambda s, node, n: s.comprehension([node.elt], node.generators, n),
    ast.GeneratorExp: lambda s, node, n: s.comprehension([node.elt], node.generators, n),
    ast.DictComp: lambda s, node, n: s.comprehension([node.key, node.value], node.generators, n),
    ast.Call: lambda s, node, n: s.many(node.args, n),
    ast.Tuple: lambda s, node, n: s.many(node.elts, n),
    ast.List: lambda s, node, n: s.many(node.elts, n),
    ast.Set: lambda s, node, n: s.many(node.elts, n),
    ast.Dict: lambda s, node, n: s.many(node.values, n),
}
