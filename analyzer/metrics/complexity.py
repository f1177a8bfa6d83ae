"""Cyclomatic complexity equal to radon's ``ComplexityVisitor`` (``cc_visit``).

radon counts, in the code a function owns (not in nested functions or classes, not in its
decorators or arguments): +1 per ``if``, ``elif`` and conditional expression; +1 per loop
and +1 for its ``else``; +1 per ``except`` and +1 for a ``try``'s ``else``; ``len - 1`` per
boolean operator; +1 per comprehension ``for`` and per ``if`` in it; one per ``match`` case
except a catch-all; +1 per ``assert`` (nothing under it). A function's complexity is 1 plus
its own count. ``except*`` counts nothing: radon only knows the ``Try`` node.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from typing import Any

from analyzer.metrics.scopes import Scope


def _match(node: ast.Match) -> int:
    """One per case; a catch-all ``case _`` / ``case name`` (one or more) is the ``else``."""
    catch_all = any(getattr(case.pattern, "pattern", False) is None for case in node.cases)
    return max(0, len(node.cases) - catch_all)


DECISIONS: dict[type[ast.AST], Callable[[Any], int]] = {
    ast.If: lambda node: 1,
    ast.IfExp: lambda node: 1,
    ast.Assert: lambda node: 1,
    ast.BoolOp: lambda node: len(node.values) - 1,
    ast.For: lambda node: 1 + bool(node.orelse),
    ast.AsyncFor: lambda node: 1 + bool(node.orelse),
    ast.While: lambda node: 1 + bool(node.orelse),
    ast.Try: lambda node: len(node.handlers) + bool(node.orelse),
    ast.comprehension: lambda node: 1 + len(node.ifs),
    ast.Match: _match,
}


def add_decisions(node: ast.AST, scope: Scope) -> None:
    """Count ``node``'s decision points into the scope that owns it."""
    scope.decisions += DECISIONS[type(node)](node)


def function_complexity(scope: Scope) -> int:
    """radon's complexity of a function: 1 plus the decisions in the code it owns."""
    return 1 + scope.decisions


def total_complexity(module: Scope) -> int:
    """radon's ``ComplexityVisitor.total_complexity``, the input of its maintainability index.

    The module's own decisions plus 1, each module-level function's complexity minus 1, and
    for each module-level class its own decisions plus its methods' complexities. Closures,
    nested classes and their methods are left out, as radon leaves them out.
    """
    total = 1 + module.decisions
    for scope in module.scopes:
        if scope.kind == "function":
            total += function_complexity(scope) - 1
        else:
            methods = (m for m in scope.scopes if m.kind == "function")
            total += scope.decisions + sum(function_complexity(m) for m in methods)
    return total
