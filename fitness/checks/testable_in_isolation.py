"""``testable-in-isolation``: modules no test imports, import-time side effects, and modules
whose import drags in too much of the project.

What it does:
    Reports (1) a module with functions or classes that no test file reaches: imports, or
    (``transitive``) loads through the modules it imports (only when the target has a test
    suite: files under ``tests/`` or outside every package); a module a framework loads by name
    (``analyzer.framework_loaded``: Django's ``apps``, ``models``, ``admin``, migrations,
    management commands, template tags, modules named in settings strings) is reached as a
    test's import is; (2) a call or ``with`` statement run at import time at module level
    (``__main__`` guards, scripts, Django admin modules and template tag libraries aside: their
    registrations are the protocol; callees in ``allowed_calls`` and calls on the module's own
    top-level names, such as ``MyField.register_lookup(...)``, too); (3) a module whose eager
    import closure (the target's modules it loads when imported) is larger than ``max_closure``.

Why is this bad?
    A module can be tested alone only if a test can import it without the rest of the system
    and without something happening on import: connections opened, files written, registries
    filled.

Example:
    ``db = connect(os.environ["DB_URL"])`` at the top of ``shop/orders.py``.

Use instead:
    Create the connection in a function the caller invokes (or inject it), and write a test
    that imports ``shop.orders`` alone.

Options:
    ``untested`` (bool, default true), ``side_effects`` (bool, default true): the two parts.
    ``transitive`` (bool, default true): a module a test loads through other modules counts as
    reached; false asks for a test that imports it (or its package) directly.
    ``allowed_calls`` (list, default warnings and typing helpers): callees that may run.
    ``max_closure`` (int, default 0: off): the most modules an import may load.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterator, Mapping
from typing import Any

from analyzer.facts import Facts, ImportKind, SourceFile
from fitness.checks.base import Hit, Param
from fitness.checks.files import is_test
from fitness.checks.view_values import TestableView, Viewed, viewed_of

_ALLOWED = ("warnings.warn", "warnings.filterwarnings", "warnings.simplefilter")


class TestableInIsolationCheck:
    """Flags untested modules, import-time side effects and oversized import closures."""

    __test__ = False  # not a pytest class
    id = "testable-in-isolation"
    params_schema: Mapping[str, Param] = {
        "untested": Param(bool, True, "report modules no test reaches"),
        "transitive": Param(bool, True, "a module a test loads through others counts"),
        "side_effects": Param(bool, True, "report calls run at import time"),
        "allowed_calls": Param(list, list(_ALLOWED), "callees that may run at import time"),
        "max_closure": Param(int, 0, "the most modules an import may load (0: off)"),
    }

    def inputs(self, params: Mapping[str, Any]) -> tuple[str, ...]:
        """The views of each file's facts its hits follow from (``fitness.engine.parts``):
        what of each file's outline and imports it reads (``testable_view``), which modules
        each imports of the project's own and by what kinds of import (``internal_pairs``),
        and the framework strings."""
        return ("testable", "internal_pairs", "strings")

    def run(self, facts: Facts, params: Mapping[str, Any]) -> list[Hit]:
        """Hits of the three kinds, each with its own target."""
        return self.run_views(viewed_of(facts, self.inputs(params)), params)

    def run_views(self, viewed: Viewed, params: Mapping[str, Any]) -> list[Hit]:
        """``run`` on the ``testable`` and ``strings`` views of every file and the edges."""
        hits: list[Hit] = []
        if params["untested"]:
            hits += untested(viewed, bool(params["transitive"]))
        if params["side_effects"]:
            hits += side_effects(viewed, tuple(params["allowed_calls"]))
        limit = int(params["max_closure"])
        if limit > 0:
            hits += large_closures(viewed, limit)
        return hits


def tested_modules(viewed: Viewed, transitive: bool = True) -> set[str] | None:
    """Modules some test imports (or its package re-exports, or, ``transitive``, anything
    those import); None when the target has no test suite."""
    views: tuple[TestableView, ...] = viewed.column("testable")
    tests = [(s, v) for s, v in zip(viewed.sources, views, strict=True) if is_test(s.path)]
    if not any(_in_suite(source) for source, _ in tests):  # e.g. test_*.py in the library
        return None
    # Here, not at the top: only a run that computes the rule reads it (an edit that
    # keeps the rule's part never loads it).
    from analyzer.framework_loaded import loaded_by_name

    # What the framework imports by name runs under the test suite as a test's import does.
    modules = viewed.layout.modules
    named = loaded_by_name(modules, (r for refs in viewed.column("strings") for r in refs))
    reached = ({name for _, view in tests for name in view.imported} | named) & set(modules)
    graph = _internal_graph(viewed, transitive)
    if not transitive:
        return reached | {m for name in reached for m in graph.get(name, ())}
    found: set[str] = set()
    for name in sorted(reached):
        if name not in found:  # already loaded through an earlier one
            found |= closure(graph, name)
    return found


def _internal_graph(viewed: Viewed, transitive: bool) -> dict[str, set[str]]:
    """Internal import edges: all of them, or (not ``transitive``) packages' re-exports."""
    packages = {f.module for f in viewed.layout.files if f.is_package and f.module}
    graph: dict[str, set[str]] = defaultdict(set)
    for edge in viewed.edges:
        if not edge.external and (transitive or edge.importer in packages):
            graph[edge.importer].add(edge.imported)
    return graph


def _in_suite(source: SourceFile) -> bool:
    """A test of the project's own suite: under ``tests/`` or outside every package."""
    return source.module is None or "tests" in source.path.split("/")[:-1]


def _outlined(viewed: Viewed) -> Iterator[tuple[str, SourceFile, TestableView]]:
    """Every analysed module with an outline, with its ``testable`` view."""
    for source, view in zip(viewed.sources, viewed.column("testable"), strict=True):
        if source.module is not None and view.outlined:
            yield source.module, source, view


def untested(viewed: Viewed, transitive: bool) -> Iterator[Hit]:
    """Modules with functions or classes that no test imports."""
    reached = tested_modules(viewed, transitive)
    if reached is None:
        return
    for module, source, view in _outlined(viewed):
        if view.code and module not in reached and not view.script:
            message = f"no test imports {module}"
            yield Hit(module, message, source.path, 1, target="untested")


def side_effects(viewed: Viewed, allowed: tuple[str, ...]) -> Iterator[Hit]:
    """Module-level calls that run when the module is imported (on a name the module does
    not define: its view leaves those out, a module may set up its own objects)."""
    # Here, not at the top: only a run that computes the rule reads it (an edit that
    # keeps the rule's part never loads it).
    from analyzer.framework_loaded import registering

    registries = registering(viewed.layout.modules)
    for module, source, view in _outlined(viewed):
        if view.script or module in registries:
            continue
        for effect in view.effects:
            if effect.call in allowed:
                continue
            message = f"{module} calls {effect.call}() when imported"
            yield Hit(module, message, source.path, effect.line, target=effect.call)


def large_closures(viewed: Viewed, limit: int) -> Iterator[Hit]:
    """Modules whose import loads more than ``limit`` of the target's modules."""
    graph: dict[str, set[str]] = defaultdict(set)
    for edge in viewed.edges:
        if not edge.external and edge.kind is ImportKind.IMPORT:
            graph[edge.importer].add(edge.imported)
    for module, source, _ in _outlined(viewed):
        size = len(closure(graph, module)) - 1
        if size > limit:
            message = f"importing {module} loads {size} of the target's modules (limit {limit})"
            yield Hit(module, message, source.path, 1, target="closure")


def closure(graph: Mapping[str, set[str]], start: str) -> set[str]:
    """Every module reachable from ``start``, ``start`` included."""
    seen, queue = {start}, deque([start])
    while queue:
        for nxt in graph.get(queue.popleft(), ()):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen
