"""Every per-file measurement from the one tree the parser built, plus one tokenize pass."""

from __future__ import annotations

import ast
import dataclasses
import operator
from collections.abc import Callable, Collection, Iterable, Iterator

from analyzer.metrics.abstractness import is_abstract
from analyzer.metrics.cognitive import BRANCHING, cognitive_complexity
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
from analyzer.metrics.scopes import Scope, walk, walk_unit

# FunctionMetrics' compared fields, in field order: ``order=True``'s own ``<`` builds the same
# tuples, from a Python method per comparison (20 ms over Django's 10k functions).
_ORDER = operator.attrgetter(*(f.name for f in dataclasses.fields(FunctionMetrics) if f.compare))
# The nodes a walk hands the metrics (``Measurer.node``).
WANTED = frozenset(DECISIONS) | HALSTEAD_NODES | {ast.Call} | BRANCHING


def measure_module(tree: ast.Module, text: str) -> ModuleMetrics:
    """Cyclomatic and cognitive complexity per function, Halstead volume, maintainability
    index, raw counts and class counts of one module.

    Deep trees make the recursive parts (cognitive complexity) raise RecursionError; the
    caller then runs this again on a thread with a big stack (``analyzer.parsing.parse``).
    """
    module = Scope.module(tree)
    return _measured(module, walk(module, WANTED), text)


class Measurer:
    """The metrics' half of a walk the outline's scan shares (``analyzer.outline.SharedWalk``):
    the nodes ``walk`` would yield, gathered unit by unit, then measured as
    ``measure_module`` measures them."""

    __slots__ = ("module", "seen")

    def __init__(self, tree: ast.Module) -> None:
        self.module = Scope.module(tree)
        self.seen: list[tuple[ast.AST, Scope, bool]] = []

    def scan(
        self,
        root: ast.AST,
        noted: Collection[type[ast.AST]],
        note: Callable[[ast.AST], None],
        use: Callable[[str], None],
    ) -> None:
        """The outline's scan of a module-level subtree, and this walk of it."""
        walk_unit(root, self.module, WANTED, self.seen.append, noted, note, use)

    def unscanned(self, node: ast.AST, subtrees: list[ast.AST]) -> None:
        """A module-level node (itself only) and subtrees no outline scan reaches."""
        if type(node) in WANTED:
            self.seen.append((node, self.module, True))
        for root in subtrees:
            walk_unit(root, self.module, WANTED, self.seen.append, (), _unread, _unread)

    def metrics(self, text: str) -> ModuleMetrics:
        """``measure_module``'s result, once the tree is walked. Call it once: it counts
        into the scopes (on RecursionError, measure the tree again from the start)."""
        return _measured(self.module, self.seen, text)


def _measured(
    module: Scope, seen: Iterable[tuple[ast.AST, Scope, bool]], text: str
) -> ModuleMetrics:
    """The measures of the module whose walk ``seen`` is (``text`` for the raw counts)."""
    tallies: dict[Scope, Halstead] = {}  # each scope's own Halstead counts
    # Per scope, the bare names called in its own code (lambdas and nested class headers
    # included): only a function whose own code calls its name can call itself.
    called: dict[Scope, set[str]] = {}
    branching: set[Scope] = set()  # scopes whose own code may score cognitive complexity
    for node, scope, counted in seen:
        cls = type(node)
        if cls in HALSTEAD_NODES:
            tally = tallies.get(scope)
            if tally is None:
                tally = tallies[scope] = Halstead()
            tally.add(node, scope.context)
        elif cls is ast.Call:
            func = node.func  # type: ignore[attr-defined]
            if type(func) is ast.Name:
                names = called.get(scope)
                if names is None:
                    names = called[scope] = set()
                names.add(func.id)
        if cls in BRANCHING:
            branching.add(scope)
            if counted and cls in DECISIONS:
                add_decisions(node, scope)
    raw = raw_counts(text)
    halstead = merged(tallies.values())
    volume = halstead.volume
    classes = [scope for scope in module.walk() if scope.kind == "class"]
    h1, h2, n1, n2 = halstead.counts
    return ModuleMetrics(
        raw=raw,
        functions=tuple(sorted(_functions(module, called, tallies, branching), key=_ORDER)),
        halstead_volume=volume,
        maintainability=maintainability_index(volume, total_complexity(module), raw),
        classes=len(classes),
        abstract_classes=sum(is_abstract(scope.node) for scope in classes),  # type: ignore[arg-type]
        h1=h1,
        h2=h2,
        n1=n1,
        n2=n2,
    )


def _unread(_: object) -> None:
    """What the outline does not read of the subtrees it never scans."""


def _functions(
    module: Scope,
    called: dict[Scope, set[str]],
    tallies: dict[Scope, Halstead],
    branching: Collection[Scope],
) -> Iterator[FunctionMetrics]:
    """One measure per function, method and closure, nested classes' methods included.

    A function none of whose scopes is ``branching`` holds nothing cognitive complexity
    scores but a call of itself: its body is not scored again (4 in 10 of Django's).
    """
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
            cognitive=cognitive_complexity(
                node, called.get(scope, ()), branches=_branches(scope, branching)
            ),
            end_line=node.end_lineno or node.lineno,
            is_closure=scope.in_function,
            h1=h1,
            h2=h2,
            n1=n1,
            n2=n2,
        )


def _branches(scope: Scope, branching: Collection[Scope]) -> bool:
    """Whether the scope or one below it is ``branching``."""
    if scope in branching:
        return True
    return bool(scope.scopes) and any(inner in branching for inner in scope.walk())


def _function_counts(scope: Scope, tallies: dict[Scope, Halstead]) -> tuple[int, int, int, int]:
    """radon's function visitor walks the whole body: nested scopes' counts are its own too
    (most functions have none: their own counts are used as they are, not copied)."""
    if not scope.scopes:
        own = tallies.get(scope)
        return own.counts if own is not None else (0, 0, 0, 0)
    return merged(tallies[s] for s in scope.walk() if s in tallies).counts
