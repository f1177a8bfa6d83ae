"""The layering the import graph implies, and how declared ``layers`` contracts compare with it.

A node's inferred layer is the length of the longest import path below it: 0 for a node that
imports no other node, one more than the highest node it imports otherwise. The nodes of an
import cycle import each other, so they share one layer (the cycle is condensed first).
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping, Sequence

from analyzer.cycles import adjacency, cycles
from fitness.contracts.base import ContractSpec
from fitness.contracts.layers import parse_layer
from fitness.results.report import DeclaredLayer, DeclaredLayers

Edges = Iterable[tuple[str, str]]


def inferred_levels(nodes: Iterable[str], edges: Edges) -> dict[str, int]:
    """Each node's layer: 0 at the bottom; the members of a cycle share theirs."""
    graph = adjacency(edges, nodes)
    group = {n: n for n in graph}
    for members in cycles(graph):
        for name in members:
            group[name] = min(members)
    below: dict[str, set[str]] = {g: set() for g in group.values()}
    for node, targets in graph.items():
        below[group[node]].update(group[t] for t in targets if group[t] != group[node])
    levels = _longest_paths(below)
    return {node: levels[group[node]] for node in graph}


def _longest_paths(below: Mapping[str, set[str]]) -> dict[str, int]:
    """Longest path to a sink in a DAG, iteratively (deep chains must not recurse)."""
    levels: dict[str, int] = {}
    for start in sorted(below):
        stack = [start]
        while stack:
            node = stack[-1]
            pending = [t for t in sorted(below[node]) if t not in levels]
            if pending:
                stack.extend(pending)
                continue
            stack.pop()
            levels[node] = 1 + max((levels[t] for t in below[node]), default=-1)
    return levels


def layers_of(levels: Mapping[str, int]) -> tuple[tuple[str, ...], ...]:
    """The nodes grouped by layer, bottom layer first, names sorted."""
    count = 1 + max(levels.values(), default=-1)
    return tuple(tuple(sorted(n for n, lv in levels.items() if lv == i)) for i in range(count))


def declared_layers(spec: ContractSpec, module_edges: Sequence[tuple[str, str]]) -> DeclaredLayers:
    """A ``layers`` contract's layers, each placed where its own imports put it."""
    layers = _full_names(spec)
    items = frozenset(name for names in layers for name in names)
    item_edges = _item_edges(module_edges, items)
    levels = inferred_levels(items, item_edges)
    rows = tuple(DeclaredLayer(names, _highest(names, levels)) for names in layers)
    inversions = _inversions(layers, item_edges)
    return DeclaredLayers(spec.id, spec.name, True, rows, inversions, spec.id_restates_name)


def _full_names(spec: ContractSpec) -> list[tuple[str, ...]]:
    """Each layer's modules, with the containers prefixed (one name per container)."""
    containers = [str(c) for c in spec.get("containers", [])] or [""]
    rows = []
    for text in spec.get("layers", []):
        tails = parse_layer(str(text)).tails
        rows.append(tuple(f"{c}.{t}" if c else t for c in containers for t in tails))
    return rows


def holder(module: str, names: Container[str]) -> str | None:
    """The longest of ``names`` that is the module itself or a package containing it."""
    parts = module.split(".")
    for cut in range(len(parts), 0, -1):
        name = ".".join(parts[:cut])
        if name in names:
            return name
    return None


def _item_edges(
    module_edges: Iterable[tuple[str, str]], items: Container[str]
) -> set[tuple[str, str]]:
    """Imports between declared items, lifted from the module graph."""
    lifted = set()
    for importer, imported in module_edges:
        a, b = holder(importer, items), holder(imported, items)
        if a is not None and b is not None and a != b:
            lifted.add((a, b))
    return lifted


def _highest(names: Iterable[str], levels: Mapping[str, int]) -> int | None:
    found = [levels[n] for n in names if n in levels]
    return max(found) if found else None


def _inversions(
    layers: Sequence[tuple[str, ...]], item_edges: Iterable[tuple[str, str]]
) -> tuple[str, ...]:
    """Imports that run up the declared layers: ``lower imports higher``, readable."""
    rank = {name: i for i, names in enumerate(layers) for name in names}
    found = sorted(
        f"{a} (layer {rank[a] + 1}) imports {b} (layer {rank[b] + 1})"
        for a, b in item_edges
        if rank[a] > rank[b]
    )
    return tuple(found)
