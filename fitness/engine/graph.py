"""Facts -> the dependency graph ``archfit graph`` draws, with level, depth and focus applied.

Cycles are the strongly connected components of the graph at the chosen level (before any
focus), found by ``analyzer.cycles``; every import kind counts, as in ``archfit metrics``.
Framework edges (``analyzer.framework_edges``: Django's settings and lazy model references) are
drawn apart and never close a cycle.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from analyzer.cycles import adjacency, cycle_kinds, cycles
from analyzer.facts import Facts, ImportEdge, ImportKind, SourceFile
from analyzer.framework_edges import framework_edges
from analyzer.graph import edges_by_pair
from archfit_values import frozen
from fitness.exceptions import UsageError
from fitness.results.graph import EDGE_KINDS, DepGraph, GraphEdge, GraphNode, neighbourhood

LEVELS = ("module", "package")


@frozen
class ViewOptions:
    """What to draw: one node per module or per package, names cut at a depth, a focus."""

    level: str = "module"  # one of LEVELS
    depth: int | None = None  # ``django.db.models.fields`` at depth 2 is ``django.db``
    focus: str | None = None  # a module or package: it, its importers and its imports


def dependency_graph(facts: Facts, options: ViewOptions) -> DepGraph:
    """The graph of the analysed modules and the external packages they import."""
    naming = Naming(facts, options)
    edges = collapse_edges((*facts.edges, *framework_edges(facts.layout, facts.parsed)), naming)
    # framework edges (INSTALLED_APPS, ForeignKey("app.Model")) are drawn, never cycles
    internal = (
        (e.importer, e.imported)
        for e in edges
        if not e.external and e.kind is not ImportKind.FRAMEWORK
    )
    components = cycles(adjacency(internal, naming.internal_nodes))
    imports = [e for e in edges if e.kind is not ImportKind.FRAMEWORK]
    graph = DepGraph(
        nodes=_nodes(naming, edges),
        edges=merge_edges(edges, components),
        cycles=tuple(tuple(c) for c in components),
        cycle_kinds=tuple(cycle_kinds(components, imports)),
        level=options.level,
        depth=options.depth,
    )
    if options.focus is None:
        return graph
    return neighbourhood(graph, focus_nodes(graph, naming, options.focus))


class Naming:
    """Which node each module becomes, and the path each node stands for."""

    def __init__(self, facts: Facts, options: ViewOptions) -> None:
        files = [f for f in facts.layout.files if f.module is not None]
        self.options = options
        self.modules: Mapping[str, SourceFile] = {str(f.module): f for f in files}
        namespaces = set(facts.layout.namespace_packages)
        self.known = frozenset(self.modules) | namespaces
        self.packages = frozenset(n for n, f in self.modules.items() if f.is_package) | namespaces
        self.members = _first_member(files)
        self.internal_nodes = tuple(sorted({self.collapse(n) for n in self.known}))

    @property
    def grouped(self) -> bool:
        """Whether a package node stands for its whole folder rather than its ``__init__``."""
        return self.options.level == "package" or self.options.depth is not None

    def collapse(self, name: str) -> str:
        """The node an internal module lands on at this level and depth."""
        if self.options.level == "package" and name not in self.packages and "." in name:
            name = name.rpartition(".")[0]
        if self.options.depth is not None:
            name = ".".join(name.split(".")[: self.options.depth])
        return name

    def path(self, node: str) -> str:
        """A module's file, or the folder of a package drawn as one node."""
        source = self.modules.get(node)
        if source is not None and not (self.grouped and source.is_package):
            return source.path
        member = self.members.get(node)
        return "" if member is None else folder_of(node, member)


def _first_member(files: Iterable[SourceFile]) -> dict[str, SourceFile]:
    """For every package name, the first file (by path) that lies inside it."""
    members: dict[str, SourceFile] = {}
    for source in sorted(files, key=lambda f: f.path):
        parts = str(source.module).split(".")
        for i in range(1, len(parts) + 1):
            members.setdefault(".".join(parts[:i]), source)
    return members


def folder_of(package: str, member: SourceFile) -> str:
    """The folder that holds ``package``, found from the path of a file inside it."""
    module = str(member.module)
    stands_for = module.count(".") + (1 if member.is_package else 0)
    folder = posixpath.dirname(member.path)
    for _ in range(stands_for - (package.count(".") + 1)):
        folder = posixpath.dirname(folder)
    return folder


def collapse_edges(edges: Iterable[ImportEdge], naming: Naming) -> list[ImportEdge]:
    """Every edge between the nodes its ends land on; edges inside one node disappear."""
    collapsed = []
    for edge in edges:
        importer = naming.collapse(edge.importer)
        imported = edge.imported if edge.external else naming.collapse(edge.imported)
        if importer != imported:
            collapsed.append(replace(edge, importer=importer, imported=imported))
    return collapsed


def merge_edges(
    edges: Iterable[ImportEdge], components: Sequence[Sequence[str]]
) -> tuple[GraphEdge, ...]:
    """One edge per (importer, imported) pair, sorted, marked when it lies inside a cycle."""
    component = {name: i for i, members in enumerate(components) for name in members}
    return tuple(
        _merged(a, b, group, a in component and component[a] == component.get(b))
        for (a, b), group in sorted(edges_by_pair(edges).items())
    )


def _merged(importer: str, imported: str, group: Sequence[ImportEdge], inside: bool) -> GraphEdge:
    kinds = {e.kind.value for e in group}
    ordered = tuple(k for k in EDGE_KINDS if k in kinds)
    return GraphEdge(importer, imported, ordered, tuple(sorted({e.line for e in group})), inside)


def _nodes(naming: Naming, edges: Iterable[ImportEdge]) -> tuple[GraphNode, ...]:
    internal = [GraphNode(name, naming.path(name)) for name in naming.internal_nodes]
    external = {GraphNode(e.imported, None, True) for e in edges if e.external}
    return tuple(sorted([*internal, *external]))


def focus_nodes(graph: DepGraph, naming: Naming, focus: str) -> frozenset[str]:
    """The nodes ``--focus`` names: that module or package (or the node holding it) and below."""
    wanted = {focus, naming.collapse(focus)} if focus in naming.known else {focus}
    below = focus + "."
    centre = frozenset(n.name for n in graph.nodes if n.name in wanted or n.name.startswith(below))
    if not centre:
        raise UsageError(f"--focus {focus}: no module or package of that name in the graph")
    return centre
