"""``archfit graph --format json``: the spec's graph document, byte-identical across runs."""

from __future__ import annotations

import json
from typing import Any

from fitness.results.graph import DepGraph, GraphEdge, GraphNode

SCHEMA_VERSION = 1


def render(graph: DepGraph) -> str:
    """The graph as a JSON document (sorted keys, sorted entries, trailing newline)."""
    return json.dumps(to_data(graph), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def to_data(graph: DepGraph) -> dict[str, Any]:
    """The spec's keys (schema_version, modules, edges) plus level, depth, focus and cycles."""
    return {
        "schema_version": SCHEMA_VERSION,
        "level": graph.level,
        "depth": graph.depth,
        "focus": list(graph.focus),
        "modules": [_module(node) for node in graph.nodes],
        "edges": [_edge(edge) for edge in graph.edges],
        "cycles": [list(cycle) for cycle in graph.cycles],
        # Beside ``cycles``, whose shape stays: import-time, or the deferred kind a cycle needs.
        "cycle_kinds": list(graph.kinds),
    }


def _module(node: GraphNode) -> dict[str, Any]:
    return {"name": node.name, "path": node.path, "external": node.external}


def _edge(edge: GraphEdge) -> dict[str, Any]:
    return {
        "importer": edge.importer,
        "imported": edge.imported,
        "kinds": list(edge.kinds),
        "lines": list(edge.lines),
        "in_cycle": edge.in_cycle,
    }
