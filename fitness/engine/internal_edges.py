"""Views of a file's facts that the layout decides too: its resolved import edges, its
classes with the names that may resolve their bases (ADR-0020, the imports row of #18).

A file's ``imports`` view changes with any import added, but most rules that judge the
import graph read only some of its edges: those between the project's own modules
(``internal``: cycles, couplings, layers), or those beyond the standard library
(``beyond_stdlib``: fan-out without the stdlib). An import of the standard library leaves
both as they were; one of a third-party package leaves the internal edges. Likewise the
class index (inheritance depth, single implementations) resolves bases through the names a
module imports, but only a name bound to one of the analysed modules can lead to an analysed
class (``class_structure``). The edges follow from the file's imports, its ``tach-ignore``
comments and the module index (the layout, which every part's key holds), so each view's
digest is stored per file beside its parts (``PartsRecord.internal``) and taken again only for
the files a run parsed, never by decoding the others.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping

from analyzer.deferred import edge_order, resolve_now
from analyzer.facts import Facts, ImportEdge, ImportKind, ParsedFile
from analyzer.graph import ModuleIndex, layout_index
from analyzer.metrics.coupling import package_names
from fitness.checks.files import is_test
from fitness.checks.stable_dependencies import siblings
from fitness.engine.reuse import digest

INTERNAL = "internal"
BEYOND_STDLIB = "beyond_stdlib"
# Each view of a module's edges: which of them it holds.
EDGE_VIEWS: Mapping[str, Callable[[ImportEdge], bool]] = {
    INTERNAL: lambda edge: not edge.external,
    BEYOND_STDLIB: lambda edge: (
        not (edge.external and edge.imported.split(".")[0] in sys.stdlib_module_names)
    ),
}
# The pairs of the internal graph (importer, imported, self-imports kept), each with the line
# of its first edge and the shapes of its edges (kind, nested or not, ``tach-ignore`` or not:
# what decides whether a graph holds it, ``analyzer.graph.edge_wanted``): what the couplings,
# the stable dependencies, entry points' reach, tests' closures, the cycles and most contracts
# read of it beyond the lines of the pairs they report. Another import of a module a file
# already imports, below the first and of a shape it has, leaves it as it was (``internal``
# changes).
INTERNAL_PAIRS = "internal_pairs"
# The internal imports (every field) an interface could be used through: those of a module
# that is no test, not of a framework, that take a name below a package the importer is not
# in (``interface_width._uses`` skips every other: an interface is a package's, and a
# package's own modules are not its users). An import of a module's own package adds none.
INTERFACE_EDGES = "interface_edges"
# The modules a module imports beyond the standard library (itself aside), each with the
# first line it is imported on by each kind of import: what the fan-out counts and where it
# reports (``minimal_dependencies``). Another import of a module already imported by that
# kind, below the first, leaves it as it was.
FAN_OUT = "fan_out"
# The modules a module imports of the project's own that lie in another set of packages
# than its own (``analyzer.metrics.coupling._crossings`` counts those alone: an import of a
# plain module of its own package changes no package's couplings).
PACKAGE_CROSSINGS = "package_crossings"
# The modules it imports below a sibling package of its own (both packages of the layout),
# each with the first line: the pairs ``stable_dependencies`` may name.
SIBLING_PAIRS = "sibling_pairs"
CLASS_STRUCTURE = "class_structure"
# Every view this module computes, in the order of the digests it returns.
LAYOUT_VIEWS = (
    *EDGE_VIEWS,
    INTERNAL_PAIRS,
    INTERFACE_EDGES,
    FAN_OUT,
    PACKAGE_CROSSINGS,
    SIBLING_PAIRS,
    CLASS_STRUCTURE,
)
# The digests of a file that has no module (a script): no edges, no class in the index.
NO_MODULE = ("-",) * len(LAYOUT_VIEWS)
# What ``internal_pairs`` keeps of one edge: its kind, whether it is nested (``top_level_only``
# graphs leave it out), whether a ``tach-ignore`` mark covers it.
_Shape = tuple[str, bool, bool]
# Up to this many files are resolved one by one; past it, the run's edges (which the rules
# that follow read anyway) are grouped by importer.
_ALONE = 64


def internal_digests(facts: Facts, paths: Collection[str]) -> dict[str, tuple[str, ...]]:
    """The digests of each ``LAYOUT_VIEWS`` view of each file of ``paths`` (each a parsed
    file's), in that order."""
    wanted = [p for p in facts.parsed if p.source.path in paths]
    index = layout_index(facts.layout)
    tops = {name.partition(".")[0] for name in (*index.modules, *index.namespaces, *index.roots)}
    packages = {f.module for f in facts.layout.files if f.is_package and f.module}
    names = (tops, packages, package_names(facts.layout.files))
    if len(wanted) > _ALONE:
        grouped = _by_importer(facts.edges)
        edges = {p.source.path: grouped.get(p.source.module or "", []) for p in wanted}
    else:
        edges = {p.source.path: _resolved(p, index) for p in wanted}
    return {p.source.path: _digests(p, edges[p.source.path], names) for p in wanted}


def file_pairs(parsed: ParsedFile, index: ModuleIndex) -> dict[tuple[str, str], list[ImportEdge]]:
    """The imports of each internal pair of one file, resolved alone, in ``edge_order`` (as
    the run's graph holds them): what a guarded part reads of a pair it reported."""
    grouped: dict[tuple[str, str], list[ImportEdge]] = defaultdict(list)
    for edge in sorted(_resolved(parsed, index), key=_total_order):
        if not edge.external:
            grouped[(edge.importer, edge.imported)].append(edge)
    return grouped


def pair_digest(edges: Iterable[ImportEdge]) -> str:
    """The digest of one pair's imports, every field of each (``_fields``), in one order
    whichever way they were resolved. The fields' tuples hold strings, numbers and flags
    alone, whose ``repr`` is C's: an edge's own ``repr`` (each field's through Python) made
    a guard's digests 1 ms per part stored on Django."""
    return digest(repr(sorted(map(_fields, edges))))


def _fields(edge: ImportEdge) -> tuple[str, str, int, int, str, bool, str, str, bool]:
    """Every field of ``edge``, its kind as its value."""
    return (
        edge.importer, edge.imported, edge.line, edge.column, edge.kind.value, edge.external,
        edge.member, edge.line_contents, edge.tach_ignored,
    )  # fmt: skip


def _resolved(parsed: ParsedFile, index: ModuleIndex) -> list[ImportEdge]:
    """One module's edges, resolved as the run's graph resolves them; none for a script."""
    if parsed.source.module is None:
        return []
    return resolve_now(parsed, index)[0]


def _by_importer(edges: Iterable[ImportEdge]) -> dict[str, list[ImportEdge]]:
    grouped: dict[str, list[ImportEdge]] = defaultdict(list)
    for edge in edges:
        grouped[edge.importer].append(edge)
    return grouped


def _digests(
    parsed: ParsedFile,
    edges: Iterable[ImportEdge],
    names: tuple[Collection[str], Collection[str], frozenset[str]],
) -> tuple[str, ...]:
    """The digest of each view of a module's edges, every field of each (``repr``), in one
    order whichever way they were resolved; then of its class structure (``names``: the
    top-level names of the analysed modules, and the packages)."""
    if parsed.source.module is None:
        return NO_MODULE
    tops, packages, holding = names
    ordered = sorted(edges, key=_total_order)
    found = [_digest([e for e in ordered if holds(e)]) for holds in EDGE_VIEWS.values()]
    interface = _interface_edges(parsed, ordered, packages)
    return (
        *found,
        _digest(internal_pairs(ordered)),
        _digest(interface),
        _digest(_fan_out(ordered)),
        _digest(_package_crossings(parsed.source.module, ordered, holding)),
        _digest(_sibling_pairs(ordered, holding)),
        _digest(_class_structure(parsed, tops)),
    )


def _package_crossings(
    module: str, edges: Iterable[ImportEdge], holding: frozenset[str]
) -> list[str]:
    """The ``package_crossings`` view (``holding``: every package, ``package_names``)."""

    def enclosing(name: str) -> set[str]:
        parts = name.split(".")
        return {p for i in range(1, len(parts) + 1) if (p := ".".join(parts[:i])) in holding}

    own = enclosing(module)
    targets = {e.imported for e in edges if not e.external and e.imported != e.importer}
    return sorted(target for target in targets if enclosing(target) != own)


def _sibling_pairs(edges: Iterable[ImportEdge], holding: frozenset[str]) -> list[tuple[str, int]]:
    """The ``sibling_pairs`` view (edges in ``edge_order``: the first of a pair is its first)."""
    firsts: dict[str, int] = {}
    for edge in edges:
        if not edge.external and siblings(edge.importer, edge.imported, holding) is not None:
            firsts.setdefault(edge.imported, edge.line)
    return sorted(firsts.items())


def _fan_out(edges: Iterable[ImportEdge]) -> list[tuple[str, str, int]]:
    """The ``fan_out`` view of one module's edges (in ``edge_order``)."""
    beyond = EDGE_VIEWS[BEYOND_STDLIB]
    firsts: dict[tuple[str, str], int] = {}
    for edge in edges:
        if edge.importer != edge.imported and beyond(edge):
            firsts.setdefault((edge.imported, edge.kind.value), edge.line)
    return sorted((imported, kind, line) for (imported, kind), line in firsts.items())


def _interface_edges(
    parsed: ParsedFile, edges: Iterable[ImportEdge], packages: Collection[str]
) -> list[ImportEdge]:
    """The ``interface_edges`` view of one module's edges."""
    if is_test(parsed.source.path):
        return []
    return [
        edge
        for edge in edges
        if not edge.external
        and edge.kind is not ImportKind.FRAMEWORK
        and _outside_some_package(edge.importer, edge.member or edge.imported, packages)
    ]


def _outside_some_package(importer: str, taken: str, packages: Collection[str]) -> bool:
    """Whether a package holds ``taken`` (or is it) but not ``importer``."""
    parts = taken.split(".")
    for size in range(1, len(parts) + 1):
        prefix = ".".join(parts[:size])
        if prefix in packages and importer != prefix and not importer.startswith(prefix + "."):
            return True
    return False


def internal_pairs(edges: Iterable[ImportEdge]) -> list[tuple[str, int, list[_Shape]]]:
    """The ``internal_pairs`` view of one module's edges (given in ``edge_order``, as the
    run's graph holds them): each module it imports, the line of the first such import,
    and the sorted shapes of them all (kind, nested, ``tach-ignore``)."""
    firsts: dict[str, int] = {}
    shapes: dict[str, set[_Shape]] = defaultdict(set)
    for edge in edges:
        if not edge.external:
            firsts.setdefault(edge.imported, edge.line)
            shapes[edge.imported].add((edge.kind.value, edge.column > 1, edge.tach_ignored))
    return [(imported, line, sorted(shapes[imported])) for imported, line in firsts.items()]


def _class_structure(parsed: ParsedFile, tops: Collection[str]) -> object:
    """What the class index reads of a module's structure: its classes, and the names it
    binds to something under an analysed module's top-level name (any other binding leads
    to no analysed class, whether it is there or not: ``ClassIndex.resolve``), each name
    bound as the index binds it (``dict(aliases)``: a later binding of the same name to
    something else hides an analysed one)."""
    structure = parsed.structure
    if structure is None:
        return None
    bound = dict(structure.aliases)
    kept = sorted(
        (name, target) for name, target in bound.items() if target.partition(".")[0] in tops
    )
    return structure.classes, kept


def _digest(value: object) -> str:
    return digest(repr(value))


def _total_order(edge: ImportEdge) -> tuple[object, ...]:
    """``edge_order`` and the fields it leaves out, so that equal keys mean equal edges."""
    return (*edge_order(edge), edge.member, edge.line_contents, edge.tach_ignored)
