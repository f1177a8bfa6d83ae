"""Import cycles: strongly connected components and a small set of edges that breaks them.

A minimum feedback arc set is NP-hard; Eades, Lin and Smyth's greedy ordering gives a small one
in linear time, and the edges that run backwards in that order are the ones to cut.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported lazily: networkx is slow to import and rarely needed
    import networkx as nx


def cycles(view: nx.DiGraph) -> list[list[str]]:
    """Every strongly connected component with more than one module, each sorted, sorted."""
    import networkx as nx

    components = (sorted(c) for c in nx.strongly_connected_components(view) if len(c) > 1)
    return sorted(components)


def breakers(view: nx.DiGraph, members: Iterable[str]) -> list[tuple[str, str]]:
    """Edges inside one component whose removal leaves it acyclic, sorted."""
    sub = view.subgraph(members).copy()
    order = _greedy_order(sub)
    position = {node: i for i, node in enumerate(order)}
    return sorted((a, b) for a, b in sub.edges if position[a] > position[b])


def _greedy_order(graph: nx.DiGraph) -> list[str]:
    """Eades-Lin-Smyth: peel sinks to the back, sources to the front, else the max out-in node."""
    work = graph.copy()
    front: list[str] = []
    back: list[str] = []
    while work:
        changed = True
        while changed:
            changed = False
            for node in sorted(n for n in work if work.out_degree(n) == 0):
                back.append(node)
                work.remove_node(node)
                changed = True
            for node in sorted(n for n in work if work.in_degree(n) == 0):
                front.append(node)
                work.remove_node(node)
                changed = True
        if work:
            node = max(sorted(work), key=lambda n: work.out_degree(n) - work.in_degree(n))
            front.append(node)
            work.remove_node(node)
    return front + back[::-1]


def describe(component: list[str], cut: list[tuple[str, str]], shown: int = 8) -> str:
    """One sentence naming a cycle's modules (the first few) and the imports to cut."""
    names = ", ".join(component[:shown])
    if len(component) > shown:
        names += f" and {len(component) - shown} more"
    edges = ", ".join(f"{a} -> {b}" for a, b in cut[:shown])
    if len(cut) > shown:
        edges += f" and {len(cut) - shown} more"
    return f"{len(component)} modules import each other in a cycle ({names}); cut {edges}"
