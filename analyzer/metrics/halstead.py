"""Halstead volume equal to radon's ``h_visit(code).total.volume``.

radon's HalsteadVisitor counts five node types: binary, unary and boolean operators,
augmented assignments and comparisons. An operator is its node class name (``Add``, ``And``,
``Eq``); an operand is a name's id, an attribute's name, a constant's value, or for any other
expression the node itself (so two equal calls are two distinct operands). Distinct operands are
told apart by the innermost function they appear in. A function's decorators, arguments and
annotations are never visited.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

# (operators in the node, operands in the node): radon's ``dispatch`` tuples.
_Parts = tuple[Sequence[str], Sequence[ast.AST]]


def _name(node: ast.AST) -> str:
    return node.__class__.__name__


_PARTS: dict[type[ast.AST], Callable[[Any], _Parts]] = {
    ast.BinOp: lambda node: ((_name(node.op),), (node.left, node.right)),
    ast.UnaryOp: lambda node: ((_name(node.op),), (node.operand,)),
    ast.BoolOp: lambda node: ((_name(node.op),), node.values),
    ast.AugAssign: lambda node: ((_name(node.op),), (node.target, node.value)),
    ast.Compare: lambda node: ([_name(op) for op in node.ops], [*node.comparators, node.left]),
}
NODES = frozenset(_PARTS)


def _operand(node: ast.AST) -> object:
    """What radon compares operands by: id, attribute name, constant value, else the node."""
    cls = node.__class__
    if cls is ast.Name:
        return node.id  # type: ignore[attr-defined]
    if cls is ast.Attribute:
        return node.attr  # type: ignore[attr-defined]
    if cls is ast.Constant:
        return node.value  # type: ignore[attr-defined]
    return node


@dataclass
class Halstead:
    """Running Halstead counts of one module."""

    operators: set[str] = field(default_factory=set)
    operands: set[tuple[str | None, object]] = field(default_factory=set)
    total_operators: int = 0
    total_operands: int = 0

    def add(self, node: ast.AST, context: str | None) -> None:
        """Count one node of a type in ``NODES``, seen inside function ``context``."""
        operators, operands = _PARTS[node.__class__](node)
        self.total_operators += len(operators)
        self.total_operands += len(operands)
        self.operators.update(operators)
        self.operands.update((context, _operand(operand)) for operand in operands)

    @property
    def volume(self) -> float:
        """N * log2(n), computed exactly as radon does (``math.log(n, 2)``)."""
        vocabulary = len(self.operators) + len(self.operands)
        length = self.total_operators + self.total_operands
        return length * math.log(vocabulary, 2) if vocabulary else 0.0
