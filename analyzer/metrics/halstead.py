"""Halstead numbers equal to radon's ``h_visit``: the module's total and each function's.

radon's HalsteadVisitor counts five node types: binary, unary and boolean operators,
augmented assignments and comparisons. An operator is its node class name (``Add``, ``And``,
``Eq``); an operand is a name's id, an attribute's name, a constant's value, or for any other
expression the node itself (so two equal calls are two distinct operands). Distinct operands are
told apart by the innermost function they appear in. A function's decorators, arguments and
annotations are never visited.

radon reports a function's numbers from a visitor of its own body, nested functions included,
so a function's counts are the union of the counts of every scope below it (``merged``).
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import field
from typing import Any

from archfit_values import frozen, mutable

# (operators in the node, operands in the node): radon's ``dispatch`` tuples.
_Parts = tuple[Sequence[str], Sequence[ast.AST]]


def _name(node: ast.AST) -> str:
    return type(node).__name__


_PARTS: dict[type[ast.AST], Callable[[Any], _Parts]] = {
    ast.BinOp: lambda node: ((_name(node.op),), (node.left, node.right)),
    ast.UnaryOp: lambda node: ((_name(node.op),), (node.operand,)),
    ast.BoolOp: lambda node: ((_name(node.op),), node.values),
    ast.AugAssign: lambda node: ((_name(node.op),), (node.target, node.value)),
    ast.Compare: lambda node: ([_name(op) for op in node.ops], [*node.comparators, node.left]),
}
NODES = frozenset(_PARTS)


@mutable
class Halstead:
    """Running Halstead counts of one scope (or, merged, of a module or a function)."""

    operators: set[str] = field(default_factory=set)
    operands: set[tuple[str | None, object]] = field(default_factory=set)
    total_operators: int = 0
    total_operands: int = 0

    def add(self, node: ast.AST, context: str | None) -> None:
        """Count one node of a type in ``NODES``, seen inside function ``context``."""
        operators, operands = _PARTS[type(node)](node)
        self.total_operators += len(operators)
        self.total_operands += len(operands)
        self.operators.update(operators)
        found = self.operands.add
        # What radon compares operands by: a name's id, an attribute's name, a constant's
        # value, else the node itself (inlined: this runs for every operand of the target).
        for operand in operands:
            cls = type(operand)
            if cls is ast.Name:
                found((context, operand.id))  # type: ignore[attr-defined]
            elif cls is ast.Attribute:
                found((context, operand.attr))  # type: ignore[attr-defined]
            elif cls is ast.Constant:
                found((context, operand.value))  # type: ignore[attr-defined]
            else:
                found((context, operand))

    @property
    def counts(self) -> tuple[int, int, int, int]:
        """radon's h1, h2, N1, N2: distinct operators and operands, then their totals."""
        return (
            len(self.operators),
            len(self.operands),
            self.total_operators,
            self.total_operands,
        )

    @property
    def volume(self) -> float:
        """N * log2(n), computed exactly as radon does (``math.log(n, 2)``)."""
        return halstead_report(*self.counts).volume


def merged(parts: Iterable[Halstead]) -> Halstead:
    """The counts of several scopes as one: distinct sets united, totals added."""
    total = Halstead()
    for part in parts:
        total.operators |= part.operators
        total.operands |= part.operands
        total.total_operators += part.total_operators
        total.total_operands += part.total_operands
    return total


@frozen
class HalsteadReport:
    """radon's ``HalsteadReport``: the four counts and what its formulas derive from them."""

    h1: int
    h2: int
    n1: int  # radon's N1
    n2: int  # radon's N2
    vocabulary: int
    length: int
    calculated_length: float
    volume: float
    difficulty: float
    effort: float
    time: float
    bugs: float


def halstead_report(h1: int, h2: int, n1: int, n2: int) -> HalsteadReport:
    """radon's ``halstead_visitor_report``: the same operations in the same order, so every
    float is the same (radon writes 0, an int, where a value has no meaning; 0.0 here)."""
    vocabulary, length = h1 + h2, n1 + n2
    calculated = h1 * math.log(h1, 2) + h2 * math.log(h2, 2) if h1 and h2 else 0.0
    volume = length * math.log(vocabulary, 2) if vocabulary != 0 else 0.0
    difficulty = (h1 * n2) / float(2 * h2) if h2 != 0 else 0.0
    effort = difficulty * volume
    return HalsteadReport(
        h1, h2, n1, n2, vocabulary, length, calculated, volume, difficulty, effort,
        effort / 18.0, volume / 3000.0,
    )  # fmt: skip
