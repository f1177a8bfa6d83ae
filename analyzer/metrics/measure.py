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
from analyzer.metrics.halstead import Halstead, merged
from analyzer.metrics.maintainability import maintainability_index
from analyzer.metrics.model import FunctionMetrics, ModuleMetrics
from analyzer.metrics.raw import raw_counts
from analyzer.metrics.scopes import Scope, walk

_WANTED = frozenset(DECISIONS) | HALSTEAD_NODES | {ast.Call}


def measure_module(tree: ast.Module, text: str) -> ModuleMetrics:
    """Cyclomatic and cognitive complexity per function, Halstead volume, maintainability
    index, raw counts and class counts of one module.

    Deep trees make the recursive parts (cognitive complexity) raise RecursionError; the
    caller then runs this again on a thread with a big stack (``analyzer.parsing.parse``).
    """
    module = Scope.module(tree)
    tallies: dict[Scope, Halstead] = {}  # each scope's own Halstead counts
    # Per scope, the bare names called in its own code (lambdas and nested class headers
    # included): only a function whose own code calls its name can call itself.
    called: dict[Scope, set[str]] = {}
    for node, scope, counted in walk(module, _WANTED):
        cls = node.__class__
        if cls in HALSTEAD_NODES:
            tally = tallies.get(scope)
            if tally is None:
                tally = tallies[scope] = Halstead()
            tally.add(node, scope.context)
        elif cls is ast.Call:
            func = node.func  # type: ignore[attr-defined]
            if func.__class__ is ast.Name:
                names = called.get(scope)
                if names is None:
                    names = called[scope] = set()
                names.add(func.id)
        if counted and cls in DECISIONS:
            add_decisions(node, scope)
    raw = raw_counts(text)
    halstead = merged(tallies.values())
    volume = halstead.volume
    classes = [scope for scope in module.walk() if scope.kind == "class"]
    h1, h2, n1, n2 = halstead.counts
    return ModuleMetrics(
        raw=raw,
        functions=tuple(sorted(_functions(module, called, tallies))),
        halstead_volume=volume,
        maintainability=maintainability_index(volume, total_complexity(module), raw),
        classes=len(classes),
        abstract_classes=sum(is_abstract(scope.node) for scope in classes),  # type: ignore[arg-type]
        h1=h1,
        h2=h2,
        n1=n1,
        n2=n2,
    )


def _functions(
    module: Scope, called: dict[Scope, set[str]], tallies: dict[Scope, Halstead]
) -> Iterator[FunctionMetrics]:
    """One measure per function, method and closure, nested classes' methods included."""
    for scope in module.walk():
        if scope.kind != "function":
            continue
        node = scope.node
        assert isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        h1, h2, n1, n2 = _function_counts(scope, tallies)
        yield FunctionMetrics(
            line=node.lineno,
            qualname=scope.qualname,
            kind="method" if scope.parent_kind == "class" else "function",
            complexity=function_complexity(scope),
            cognitive=cognitive_complexity(node, called.get(scope, ())),
            end_line=node.end_lineno or node.lineno,
            is_closure=scope.in_function,
            h1=h1,
            h2=h2,
            n1=n1,
            n2=n2,
        )


def _function_counts(scope: Scope, tallies: dict[Scope, Halstead]) -> tuple[int, int, int, int]:
    """radon's function visitor walks the whole body: nested scopes' counts are its own too
    (most functions have none: their own counts are used as they are, not copied)."""
    if not scope.scopes:
        own = tallies.get(scope)
        return own.counts if own is not None else (0, 0, 0, 0)
    return merged(tallies[s] for s in scope.walk() if s in tallies).counts
