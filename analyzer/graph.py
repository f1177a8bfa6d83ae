"""Resolve parsed imports to module edges (grimp's rules) and build the graphs queries run on."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import grimp
import networkx as nx

from analyzer.facts import BlindSpot, BlindSpotKind, ImportEdge, ImportKind, RawImport


@dataclass(frozen=True)
class ModuleIndex:
    """The analysed modules and namespace packages, and the roots that make a name internal."""

    modules: frozenset[str]
    namespaces: frozenset[str]
    roots: frozenset[str]

    def is_internal(self, name: str) -> bool:
        """Whether ``name`` lies inside one of the analysed root packages."""
        parts = name.split(".")
        return any(".".join(parts[:i]) in self.roots for i in range(1, len(parts) + 1))

    def contains(self, name: str) -> bool:
        """Whether ``name`` is an analysed module or namespace package."""
        return name in self.modules or name in self.namespaces

    def external_root(self, name: str) -> str:
        """The squashed node an external import lands on: its distribution's top-level name."""
        parts = name.split(".")
        for i in range(1, len(parts) + 1):
            if ".".join(parts[:i]) not in self.namespaces:
                return ".".join(parts[:i])
        return name


def resolve_imports(
    importer: str, path: str, raw: Iterable[RawImport], index: ModuleIndex
) -> tuple[list[ImportEdge], list[BlindSpot]]:
    """One module's raw imports as edges; internal names that do not exist are blind spots."""
    edges: list[ImportEdge] = []
    blind: list[BlindSpot] = []
    for item in raw:
        target = _target(item, index)
        if target is None:
            detail = f"{item.line_contents} (no module {_candidate(item)})"
            blind.append(BlindSpot(BlindSpotKind.MISSING_INTERNAL, path, item.line, detail))
            continue
        imported, external = target
        if imported != importer:
            edges.append(
                ImportEdge(
                    importer,
                    imported,
                    item.line,
                    item.column,
                    item.kind,
                    item.line_contents,
                    external,
                )
            )
    return edges, blind


def _candidate(item: RawImport) -> str:
    if item.name is None or item.name == "*":
        return item.module
    return f"{item.module}.{item.name}"


def _target(item: RawImport, index: ModuleIndex) -> tuple[str, bool] | None:
    """``from P import X`` lands on ``P.X`` if that module exists, else on ``P`` (grimp's rule)."""
    candidate = _candidate(item)
    if not index.is_internal(candidate):
        return index.external_root(candidate), True
    if index.contains(candidate):
        return candidate, False
    parent = candidate.rpartition(".")[0]
    if parent and index.contains(parent):
        return parent, False
    return None


@dataclass(frozen=True)
class GraphOptions:
    """Which edges a contract sees (import-linter's session options, plus dynamic imports)."""

    exclude_type_checking: bool = False
    include_dynamic: bool = True


def build_grimp_graph(
    modules: Iterable[str],
    namespaces: Iterable[str],
    edges: Iterable[ImportEdge],
    options: GraphOptions = GraphOptions(),
) -> grimp.ImportGraph:
    """A grimp ImportGraph from our own parse; external packages are squashed nodes."""
    graph = grimp.ImportGraph()
    for name in sorted({*modules, *namespaces}):
        graph.add_module(name)
    externals: set[str] = set()
    for edge in edges:
        if not _wanted(edge, options):
            continue
        if edge.external and edge.imported not in externals:
            externals.add(edge.imported)
            graph.add_module(edge.imported, is_squashed=True)
        graph.add_import(
            importer=edge.importer,
            imported=edge.imported,
            line_number=edge.line,
            line_contents=edge.line_contents,
            is_lazy=edge.kind is ImportKind.LAZY,
        )
    return graph


def _wanted(edge: ImportEdge, options: GraphOptions) -> bool:
    if edge.kind is ImportKind.TYPE_ONLY:
        return not options.exclude_type_checking
    if edge.kind is ImportKind.DYNAMIC:
        return options.include_dynamic
    return True


def build_networkx(modules: Iterable[str], edges: Iterable[ImportEdge]) -> nx.DiGraph:
    """A networkx view of the internal graph; each edge carries its kinds and lines."""
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
