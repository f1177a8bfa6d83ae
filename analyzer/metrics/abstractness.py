"""Which classes are abstract: the numerator of a package's abstractness A.

A class is abstract when it declares itself so: an ``ABC`` or ``Protocol`` base (through any
module alias, ``Protocol[T]`` included), an ``ABCMeta`` metaclass, or a method decorated with
``abstractmethod`` (or the older ``abstractproperty`` / ``abstractclassmethod`` /
``abstractstaticmethod``). Names are matched by their last part, since archfit never imports
the target to resolve them.
"""

from __future__ import annotations

import ast

from analyzer.metrics.scopes import FUNCTION_NODES

_ABSTRACT_BASES = frozenset({"ABC", "Protocol"})
_ABSTRACT_METACLASSES = frozenset({"ABCMeta"})
_ABSTRACT_DECORATORS = frozenset(
    {"abstractmethod", "abstractproperty", "abstractclassmethod", "abstractstaticmethod"}
)


def is_abstract(node: ast.ClassDef) -> bool:
    """Whether the class declares itself abstract (see the module docstring)."""
    if any(_last_name(base) in _ABSTRACT_BASES for base in node.bases):
        return True
    metaclasses = (k.value for k in node.keywords if k.arg == "metaclass")
    if any(_last_name(meta) in _ABSTRACT_METACLASSES for meta in metaclasses):
        return True
    return any(_has_abstract_method(statement) for statement in node.body)


def _has_abstract_method(statement: ast.stmt) -> bool:
    if not isinstance(statement, FUNCTION_NODES):
        return False
    return any(_last_name(d) in _ABSTRACT_DECORATORS for d in statement.decorator_list)


def _last_name(expr: ast.expr) -> str | None:
    """``abc.ABC`` -> ``ABC``; ``Protocol[T]`` -> ``Protocol``; anything else: None."""
    if isinstance(expr, ast.Subscript):
        expr = expr.value
    if isinstance(expr, ast.Name):
        return expr.id
    if isinstance(expr, ast.Attribute):
        return expr.attr
    return None
