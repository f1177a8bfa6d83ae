"""The dependency graph as ``archfit graph`` shows it: nodes, edges, cycles.

Stdlib only.

The engine layer builds it from the facts (level, depth and focus applied); the graph
reporters are pure functions of it, so they never reach the analysis code.
"""

from __future__ import annotations

from dataclasses import replace

from archfit_values import frozen

# Every kind an edge can carry, in the order the JSON lists them: ``lazy`` is an import inside
# a function, ``explicit-lazy`` PEP 810's module-level ``lazy import`` (analyzer.facts),
# ``framework`` a framework's string reference (analyzer.framework_edges).
EDGE_KINDS = ("import", "type-only", "lazy", "explicit-lazy", "dynamic", "framework")
# Which kind decides how an edge with several kinds is drawn: the most binding one first
# (an explicit lazy import is bound when the module runs, a function's only when it is called).
DRAWING_PRECEDENCE = ("import", "dynamic", "explicit-lazy", "lazy", "type-only", "framework")


@frozen(order=True)
class GraphNode:
    """A module, a package collapsed to one node, or an external package (squashed)."""

    name: str
    path: str | None  # relative to the analysed root, forward slashes; None when external
    external: bool = False


@frozen(order=True)
class GraphEdge:
    """Every import from one node to another, merged: their kinds and importing lines."""

    importer: str
    imported: str
    kinds: tuple[str, ...]  # a subset of EDGE_KINDS, in its order
    lines: tuple[int, ...]  # sorted; from several files when nodes are collapsed
    in_cycle: bool = False  # both ends lie in one strongly connected component

    @property
    def drawn_kind(self) -> str:
        """The kind that decides the edge's style: ``import`` whenever a plain import is there."""
        return next(k for k in DRAWING_PRECEDENCE if k in self.kinds)


@frozen
class DepGraph:
    """What ``archfit graph`` draws; nodes and edges sorted, cycles sorted."""

    nodes: tuple[GraphNode, ...]
    edges: tuple[GraphEdge, ...]
    cycles: tuple[tuple[str, ...], ...] = ()
    cycle_kinds: tuple[str, ...] = ()  # each cycle's kind: import-time, or the deferred kind
    level: str = "module"
    depth: int | None = None
    focus: tuple[str, ...] = ()  # the focused nodes' names

    @property
    def kinds(self) -> tuple[str, ...]:
        """Each cycle's kind; ``import-time`` for a graph built without them."""
        return self.cycle_kinds or ("import-time",) * len(self.cycles)

    @property
    def cyclic_nodes(self) -> frozenset[str]:
        """Names of the nodes that lie in an import cycle."""
        return frozenset(name for cycle in self.cycles for name in cycle)

    def keep(self, names: frozenset[str]) -> DepGraph:
        """Only these nodes, the edges among them, and the cycles as far as they show."""
        nodes = tuple(n for n in self.nodes if n.name in names)
        edges = tuple(e for e in self.edges if e.importer in names and e.imported in names)
        shown = [
            (tuple(m for m in cycle if m in names), kind)
            for cycle, kind in zip(self.cycles, self.kinds, strict=True)
        ]
        kept = [(c, kind) for c, kind in shown if len(c) > 1]
        return replace(
            self,
            nodes=nodes,
            edges=edges,
            cycles=tuple(c for c, _ in kept),
            cycle_kinds=tuple(kind for _, kind in kept),
        )


def neighbourhood(graph: DepGraph, centre: frozenset[str]) -> DepGraph:
    """The centre nodes, what they import and what imports them (one step), edges among those."""
    kept = set(centre)
    for edge in graph.edges:
        if edge.importer in centre:
            kept.add(edge.imported)
        if edge.imported in centre:
            kept.add(edge.importer)
    return replace(graph.keep(frozenset(kept)), focus=tuple(sorted(centre)))


def without_externals(graph: DepGraph) -> DepGraph:
    """The graph with its external (squashed) packages and their edges left out."""
    return graph.keep(frozenset(n.name for n in graph.nodes if not n.external))
