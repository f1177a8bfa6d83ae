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

from analyzer.facts import Facts, ImportKind, ParsedFile
from analyzer.framework_loaded import loaded_by_name, registering
from fitness.checks.base import Hit, Param
from fitness.checks.files import is_script, is_test, outlined_modules

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
        hits: list[Hit] = []
        if params["untested"]:
            hits += untested(facts, bool(params["transitive"]))
        if params["side_effects"]:
            hits += side_effects(facts, tuple(params["allowed_calls"]))
        limit = int(params["max_closure"])
        if limit > 0:
            hits += large_closures(facts, limit)
        return hits


def testable_view(parsed: ParsedFile) -> object:
    """What this check reads of a file's facts (the ``testable`` view): what a test imports
    by name; whether a file is a script, its definitions' names and kinds, and its side
    effects. An import added to a module that is no test leaves it as it was."""
    imported = sorted(_imported_by([parsed])) if is_test(parsed.source.path) else []
    outline = parsed.outline
    if outline is None:
        return imported
    defined = [(d.name, d.kind) for d in outline.definitions]
    return imported, is_script(parsed), defined, outline.side_effects


def tested_modules(facts: Facts, transitive: bool = True) -> set[str] | None:
    """Modules some test imports (or its package re-exports, or, ``transitive``, anything
    those import); None when the target has no test suite."""
    tests = [p for p in facts.parsed if is_test(p.source.path)]
    if not any(_in_suite(p) for p in tests):  # e.g. test_*.py shipped inside the library
        return None
    # What the framework imports by name runs under the test suite as a test's import does.
    reached = (_imported_by(tests) | loaded_by_name(facts)) & set(facts.layout.modules)
    graph = _internal_graph(facts, transitive)
    if not transitive:
        return reached | {m for name in reached for m in graph.get(name, ())}
    found: set[str] = set()
    for name in sorted(reached):
        if name not in found:  # already loaded through an earlier one
            found |= closure(graph, name)
    return found


def _imported_by(tests: list[ParsedFile]) -> set[str]:
    """Every module (and ``module.name``) the tests import."""
    names: set[str] = set()
    for parsed in tests:
        names.update(parsed.outline.imports if parsed.outline else ())
        names.update(i.module for i in parsed.imports)
        names.update(f"{i.module}.{i.name}" for i in parsed.imports if i.name)
    return names


def _internal_graph(facts: Facts, transitive: bool) -> dict[str, set[str]]:
    """Internal import edges: all of them, or (not ``transitive``) packages' re-exports."""
    packages = {f.module for f in facts.layout.files if f.is_package and f.module}
    graph: dict[str, set[str]] = defaultdict(set)
    for edge in facts.edges:
        if not edge.external and (transitive or edge.importer in packages):
            graph[edge.importer].add(edge.imported)
    return graph


def _in_suite(parsed: ParsedFile) -> bool:
    """A test of the project's own suite: under ``tests/`` or outside every package."""
    return parsed.source.module is None or "tests" in parsed.source.path.split("/")[:-1]


def untested(facts: Facts, transitive: bool) -> Iterator[Hit]:
    """Modules with functions or classes that no test imports."""
    reached = tested_modules(facts, transitive)
    if reached is None:
        return
    for module, parsed, shape in outlined_modules(facts):
        code = any(d.kind != "variable" for d in shape.definitions)
        if code and module not in reached and not is_script(parsed):
            message = f"no test imports {module}"
            yield Hit(module, message, parsed.source.path, 1, target="untested")


def side_effects(facts: Facts, allowed: tuple[str, ...]) -> Iterator[Hit]:
    """Module-level calls that run when the module is imported."""
    registries = registering(facts.layout.modules)
    for module, parsed, shape in outlined_modules(facts):
        if is_script(parsed) or module in registries:
            continue
        own = {d.name for d in shape.definitions}
        for effect in shape.side_effects:
            root = effect.call.removeprefix("with ").split(".")[0]
            if root in own or effect.call.startswith("__") or effect.call in allowed:
                continue  # a module may set up its own objects
            message = f"{module} calls {effect.call}() when imported"
            yield Hit(module, message, parsed.source.path, effect.line, target=effect.call)


def large_closures(facts: Facts, limit: int) -> Iterator[Hit]:
    """Modules whose import loads more than ``limit`` of the target's modules."""
    graph: dict[str, set[str]] = defaultdict(set)
    for edge in facts.edges:
        if not edge.external and edge.kind is ImportKind.IMPORT:
            graph[edge.importer].add(edge.imported)
    for module, parsed, _ in outlined_modules(facts):
        size = len(closure(graph, module)) - 1
        if size > limit:
            message = f"importing {module} loads {size} of the target's modules (limit {limit})"
            yield Hit(module, message, parsed.source.path, 1, target="closure")


def closure(graph: Mapping[str, set[str]], start: str) -> set[str]:
    """Every module reachable from ``start``, ``start`` included."""
    seen, queue = {start}, deque([start])
    while queue:
        for nxt in graph.get(queue.popleft(), ()):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen
