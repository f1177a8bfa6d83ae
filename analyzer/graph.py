"""Turn parsed imports into module edges (grimp's rules): the graphs that queries run on."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from analyzer.facts import BlindSpot, BlindSpotKind, ImportEdge, ImportKind, Layout, RawImport
from archfit_values import frozen

if TYPE_CHECKING:
    from analyzer.outline import TachIgnore
if TYPE_CHECKING:  # networkx costs 0.14 s to import; only graph algorithms need it
    import grimp  # 13 ms: only contracts query a grimp graph, and most runs of a hook have none
    import networkx as nx


@frozen
class ModuleIndex:
    """The analysed modules and namespace packages, and the roots that make a name internal."""

    modules: frozenset[str]
    namespaces: frozenset[str]
    roots: frozenset[str]

    def is_internal(self, name: str) -> bool:
        """Whether ``name`` lies inside one of the analysed root packages."""
        known = self._internal.get(name)
        if known is None:
            known = self._internal[name] = self._find_internal(name)
        return known

    def _find_internal(self, name: str) -> bool:
        if name.partition(".")[0] not in self._heads:  # the common, external case: one lookup
            return False
        parts = name.split(".")
        return any(".".join(parts[:i]) in self.roots for i in range(1, len(parts) + 1))

    @functools.cached_property
    def _internal(self) -> dict[str, bool]:
        """``is_internal``'s answers so far: a project imports the same names again and again."""
        return {}

    def landing(self, candidate: str) -> tuple[str, bool] | None:
        """Where an import of ``candidate`` lands (``_target``), and whether it is external;
        asked once per name: a project imports the same names again and again."""
        landings = self._landings
        if candidate not in landings:
            landings[candidate] = _target(candidate, self)
        return landings[candidate]

    @functools.cached_property
    def _landings(self) -> dict[str, tuple[str, bool] | None]:
        return {}

    @functools.cached_property
    def _heads(self) -> frozenset[str]:
        return frozenset(root.partition(".")[0] for root in self.roots)

    def contains(self, name: str) -> bool:
        """Whether ``name`` is an analysed module or namespace package."""
        return name in self.modules or name in self.namespaces

    def external_root(self, name: str) -> str:
        """The squashed node an external import lands on: its distribution's top-level name.

        Below a namespace package (``ns`` when the root is ``ns.app``), that is the portion
        (``ns.other``), as grimp squashes it: ``ns`` itself has the root below it.
        """
        parts = name.split(".")
        for i in range(1, len(parts) + 1):
            prefix = ".".join(parts[:i])
            if prefix not in self.namespaces and not self._holds_a_root(prefix):
                return prefix
        return name

    def _holds_a_root(self, name: str) -> bool:
        """Whether a root package lies strictly below ``name``."""
        return any(root.startswith(name + ".") for root in self.roots)


def resolve_imports(
    importer: str, path: str, raw: Iterable[RawImport], index: ModuleIndex
) -> tuple[list[ImportEdge], list[BlindSpot]]:
    """One module's raw imports as edges; internal names that do not exist are blind spots.

    ``import P.X`` with no module ``P.X`` still lands on ``P`` (grimp's rule, kept for parity),
    and is a blind spot too: the import fails at run time.
    """
    edges: list[ImportEdge] = []
    blind: list[BlindSpot] = []
    for item in raw:
        missing = _missing(item, index)
        if missing is not None:
            detail = f"{item.line_contents} (no module {missing})"
            blind.append(BlindSpot(BlindSpotKind.MISSING_INTERNAL, path, item.line, detail))
        member = _candidate(item)
        target = index.landing(member)
        if target is not None and target[0] != importer:
            edges.append(_edge(importer, item, member, *target))
    return edges, blind


def mark_tach_ignored(edges: list[ImportEdge], ignores: Iterable[TachIgnore]) -> list[ImportEdge]:
    """``edges`` with ``tach_ignored`` set where a ``# tach-ignore`` covers them: the whole
    statement, or only the names it lists (as the import binds them: the last part)."""
    covered: dict[int, frozenset[str] | None] = {}
    for ignore in ignores:
        before = covered.get(ignore.line, frozenset())
        names = None if before is None or not ignore.names else before | set(ignore.names)
        covered[ignore.line] = names
    return [
        dataclasses.replace(edge, tach_ignored=True) if _covers(covered, edge) else edge
        for edge in edges
    ]


def _covers(covered: dict[int, frozenset[str] | None], edge: ImportEdge) -> bool:
    if edge.line not in covered:
        return False
    names = covered[edge.line]
    return names is None or (edge.member or edge.imported).rpartition(".")[2] in names


def _edge(importer: str, item: RawImport, member: str, imported: str, external: bool) -> ImportEdge:
    return ImportEdge(
        importer, imported, item.line, item.column, item.kind, item.line_contents, external, member
    )


def _missing(item: RawImport, index: ModuleIndex) -> str | None:
    """The internal module an import needs that does not exist (``from P import X``: ``P``)."""
    if index.is_internal(item.module) and not index.contains(item.module):
        return item.module
    return None


def _candidate(item: RawImport) -> str:
    if item.name is None or item.name == "*":
        return item.module
    return f"{item.module}.{item.name}"


def _target(candidate: str, index: ModuleIndex) -> tuple[str, bool] | None:
    """``from P import X`` (``candidate`` ``P.X``) lands on ``P.X`` if that module exists, else
    on ``P`` (grimp's rule)."""
    if not index.is_internal(candidate):
        return index.external_root(candidate), True
    if index.contains(candidate):
        return candidate, False
    parent = candidate.rpartition(".")[0]
    if parent and index.contains(parent):
        return parent, False
    return None


@frozen
class GraphOptions:
    """Which edges a contract sees (import-linter's session options, plus dynamic imports)."""

    exclude_type_checking: bool = False
    include_dynamic: bool = True
    include_external: bool = True  # import-linter leaves external packages out unless asked
    include_framework: bool = False  # framework edges (INSTALLED_APPS, ForeignKey("a.M"))
    honour_tach_ignore: bool = False  # leave out imports a ``# tach-ignore`` covers
    # Only statements at a module's top level (column 1): tach's ``local_imports = "off"``
    # leaves out every import nested in a block (function, class, if, try, with).
    top_level_only: bool = False


def build_grimp_graph(
    modules: Iterable[str],
    namespaces: Iterable[str],
    edges: Iterable[ImportEdge],
    options: GraphOptions = GraphOptions(),
) -> grimp.ImportGraph:
    """A grimp ImportGraph from our own parse; external packages are squashed nodes.

    The imports are added in the order of ``edges``, every statement with its details: grimp
    breaks ties between equal chains by the order its graph learnt the pairs in, so a graph
    built from the same edges answers the same way."""
    import grimp

    graph = grimp.ImportGraph()
    add_module, add_import = graph.add_module, graph.add_import
    for name in sorted({*modules, *namespaces}):
        add_module(name)
    externals: set[str] = set()
    lazy = ImportKind.EXPLICIT_LAZY
    for edge in wanted_edges(edges, options):
        imported = edge.imported
        if edge.external and imported not in externals:
            externals.add(imported)
            add_module(imported, is_squashed=True)
        # grimp's ``is_lazy`` is PEP 810's explicit lazy import; a function-local import is
        # an ordinary one to grimp (``is_lazy`` False), as lint-imports 2.17 reads it.
        add_import(
            importer=edge.importer,
            imported=imported,
            line_number=edge.line,
            line_contents=edge.line_contents,
            is_lazy=edge.kind is lazy,
        )
    return graph


def edge_wanted(edge: ImportEdge, options: GraphOptions) -> bool:
    """Whether a graph built with ``options`` holds ``edge`` (``wanted_edges`` tests a whole
    list in one pass, the kinds as one set; the two agree, tests/analyzer/test_grimp_build)."""
    if edge.external and not options.include_external:
        return False
    if edge.tach_ignored and options.honour_tach_ignore:
        return False
    if options.top_level_only and edge.column > 1:
        return False
    if edge.kind is ImportKind.TYPE_ONLY:
        return not options.exclude_type_checking
    if edge.kind is ImportKind.DYNAMIC:
        return options.include_dynamic
    if edge.kind is ImportKind.FRAMEWORK:
        return options.include_framework
    return True


def wanted_edges(edges: Iterable[ImportEdge], options: GraphOptions) -> list[ImportEdge]:
    """The edges a graph built with ``options`` holds (``edge_wanted``), in their order: one
    pass that tests only what the options leave out (most options leave out none of the
    fields but the kind; a graph of 6k edges was 6k calls)."""
    kinds = _wanted_kinds(options)
    wanted = [e for e in edges if e.kind in kinds]
    if not options.include_external:
        wanted = [e for e in wanted if not e.external]
    if options.honour_tach_ignore:
        wanted = [e for e in wanted if not e.tach_ignored]
    if options.top_level_only:
        wanted = [e for e in wanted if e.column <= 1]
    return wanted


@functools.cache
def _wanted_kinds(options: GraphOptions) -> frozenset[ImportKind]:
    """The kinds of import a graph built with ``options`` holds: every kind but type-only
    ones when it excludes them, dynamic ones unless it includes them, framework edges
    unless it includes them."""
    left_out = {
        ImportKind.TYPE_ONLY: options.exclude_type_checking,
        ImportKind.DYNAMIC: not options.include_dynamic,
        ImportKind.FRAMEWORK: not options.include_framework,
    }
    return frozenset(kind for kind in ImportKind if not left_out.get(kind, False))


def build_networkx(modules: Iterable[str], edges: Iterable[ImportEdge]) -> nx.DiGraph:
    """A networkx view of the internal graph; each edge carries its kinds and lines."""
    import networkx as nx

    view: nx.DiGraph = nx.DiGraph()
    view.add_nodes_from(modules)
    for edge in edges:
        if edge.external:
            continue
        if view.has_edge(edge.importer, edge.imported):
            data = view.edges[edge.importer, edge.imported]
            data["kinds"].add(edge.kind)
            data["lines"].add(edge.line)
        else:
            view.add_edge(edge.importer, edge.imported, kinds={edge.kind}, lines={edge.line})
    return view


def edges_by_pair(edges: Iterable[ImportEdge]) -> Mapping[tuple[str, str], list[ImportEdge]]:
    """Group edges by (importer, imported), each group sorted by line."""
    grouped: dict[tuple[str, str], list[ImportEdge]] = {}
    for edge in edges:
        grouped.setdefault((edge.importer, edge.imported), []).append(edge)
    for group in grouped.values():
        group.sort()
    return grouped


def layout_index(layout: Layout) -> ModuleIndex:
    """The module index of ``layout``: what imports are resolved against."""
    return ModuleIndex(
        modules=frozenset(layout.modules),
        namespaces=frozenset(layout.namespace_packages),
        roots=frozenset(layout.root_packages),
    )
