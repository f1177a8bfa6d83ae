"""Every per-file measurement from the one tree the parser built, plus one tokenize pass."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from analyzer.metrics.abstractness import is_abstract
from analyzer.metrics.cognitive import cognitive_complexity
from analyzer.metrics.complexity import (
    DECISIONS,
    add_decisions,
    function_complexity,
    total_complexity,
)
from analyzer.metrics.halstead import NODES as HALSTEAD_NODES
from analyzer.metrics.halstead import Halstead
from analyzer.metrics.maintainability import maintainability_index
from analyzer.metrics.model import FunctionMeasure, ModuleMeasures
from analyzer.metrics.raw import raw_counts
from analyzer.metrics.scopes import Scope, walk

_WANTED = frozenset(DECISIONS) | HALSTEAD_NODES | {ast.Call}


def measure_module(tree: ast.Module, text: str) -> ModuleMeasures:
    """Cyclomatic and cognitive complexity per function, Halstead volume, maintainability
    index, raw counts and class counts of one module.

    Deep trees make the recursive parts (cognitive complexity) raise RecursionError; the
    caller then runs this again on a thread with a big stack (``analyzer.parsing.parse``).
    """
    module = Scope.module(tree)
    halstead = Halstead()
    called: set[str] = set()  # bare names called anywhere: only those functions can recurse
    for node, scope, counted in walk(module, _WANTED):
        cls = node.__class__
        if cls in HALSTEAD_NODES:
            halstead.add(node, scope.context)
        elif cls is ast.Call:
            func = node.func  # type: ignore[attr-defined]
            if func.__class__ is ast.Name:
                called.add(func.id)
        if counted and cls in DECISIONS:
            add_decisions(node, scope)
    raw = raw_counts(text)
    volume = halstead.volume
    classes = [scope for scope in module.walk() if scope.kind == "class"]
    return ModuleMeasures(
        raw=raw,
        functions=tuple(sorted(_functions(module, called))),
        halstead_volume=volume,
        maintainability=maintainability_index(volume, total_complexity(module), raw),
        classes=len(classes),
        abstract_classes=sum(is_abstract(scope.node) for scope in classes),  # type: ignore[arg-type]
    )


def _functions(module: Scope, called: set[str]) -> Iterator[FunctionMeasure]:
    """One measure per function, method and closure, nested classes' methods included."""
    for scope in module.walk():
        if scope.kind != "function":
            continue
        node = scope.node
        assert isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        yield FunctionMeasure(
            line=node.lineno,
            qualname=scope.qualname,
            kind="method" if scope.parent_kind == "class" else "function",
            complexity=function_complexity(scope),
            cognitive=cognitive_complexity(node, called),
            end_line=node.end_lineno or node.lineno,
            is_closure=scope.in_function,
        )
