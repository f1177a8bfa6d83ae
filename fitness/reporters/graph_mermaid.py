"""``archfit graph --format mermaid``: a ``flowchart LR`` that renders on GitHub.

Node ids are the names with every character outside ``[A-Za-z0-9_]`` made ``_`` (dots and
dashes break Mermaid ids), prefixed ``m_`` (so no id is a keyword such as ``end``), and
numbered when two names would share one; labels carry the real names, quoted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from fitness.results.findings import escape_name
from fitness.results.graph import DepGraph, GraphEdge, GraphNode

# Mermaid (and so GitHub) refuses to draw a flowchart with more edges than this by default.
MAX_EDGES = 500

_ARROWS = {
    "import": "-->",
    "type-only": "-.->",
    "lazy": "-.->",
    "explicit-lazy": "--o",  # a circle head: bound when the module runs, loaded on first use
    "dynamic": "==>",
    "framework": "-.->",  # labelled |framework|
}
_LAZY_STYLE = "stroke-dasharray:8 4"
_CYCLE_STYLE = "stroke:#d62728,stroke-width:2px"
_CLASSES = {
    "external": "fill:#f4f4f4,stroke:#999999,stroke-dasharray:4 3,color:#555555",
    "cycle": "stroke:#d62728,stroke-width:2px",
    "focus": "stroke-width:4px",
}
_LEGEND = (
    "%% legend: --> import; -.-> type-only (dotted); -.-> lazy, in a function (long dashes);",
    "%% --o explicit-lazy, PEP 810 lazy import (circle head); ==> dynamic (bold);",
    '%% -.->|framework| a framework\'s string reference (INSTALLED_APPS, ForeignKey("app.M"))',
    "%% edges with more than a plain import are labelled with their kinds",
    "%% red: inside an import cycle; grey dashed: external package; thick border: the --focus",
)
_UNSAFE = re.compile(r"[^A-Za-z0-9_]")


def render(graph: DepGraph) -> str:
    """The graph as Mermaid flowchart text, one statement a line, trailing newline."""
    ids = node_ids(node.name for node in graph.nodes)
    lines = ["flowchart LR", _title(graph), *_LEGEND]
    lines += [_node_line(node, ids) for node in graph.nodes]
    lines += [_edge_line(edge, ids) for edge in graph.edges]
    lines += _link_styles(graph.edges)
    lines += [f"    classDef {name} {style}" for name, style in _CLASSES.items()]
    lines += _class_lines(graph, ids)
    return "\n".join(lines) + "\n"


def node_ids(names: Iterable[str]) -> dict[str, str]:
    """A unique Mermaid-safe id per name, the same for the same set of names."""
    ids: dict[str, str] = {}
    used: set[str] = set()
    for name in sorted(names):
        base = "m_" + _UNSAFE.sub("_", name)
        candidate, number = base, 1
        while candidate in used:
            number += 1
            candidate = f"{base}_{number}"
        used.add(candidate)
        ids[name] = candidate
    return ids


def _title(graph: DepGraph) -> str:
    depth = "none" if graph.depth is None else str(graph.depth)
    focus = ", ".join(graph.focus) or "none"
    return f"%% archfit dependency graph: level {graph.level}, depth {depth}, focus {focus}"


def _label(text: str) -> str:
    return '"' + escape_name(text).replace('"', "#quot;") + '"'


def _node_line(node: GraphNode, ids: dict[str, str]) -> str:
    shape = "([{}])" if node.external else "[{}]"
    return f"    {ids[node.name]}{shape.format(_label(node.name))}"


def _edge_line(edge: GraphEdge, ids: dict[str, str]) -> str:
    arrow = _ARROWS[edge.drawn_kind]
    if edge.kinds != ("import",):
        arrow += f"|{', '.join(edge.kinds)}|"
    return f"    {ids[edge.importer]} {arrow} {ids[edge.imported]}"


def _link_style(edge: GraphEdge) -> str:
    parts = [_LAZY_STYLE] if edge.drawn_kind == "lazy" else []
    return ",".join(parts + ([_CYCLE_STYLE] if edge.in_cycle else []))


def _link_styles(edges: Iterable[GraphEdge]) -> list[str]:
    """``linkStyle`` lines, one per distinct style, edges counted in the order drawn."""
    grouped: dict[str, list[str]] = {}
    for index, edge in enumerate(edges):
        style = _link_style(edge)
        if style:
            grouped.setdefault(style, []).append(str(index))
    return [f"    linkStyle {','.join(numbers)} {style}" for style, numbers in grouped.items()]


def _class_lines(graph: DepGraph, ids: dict[str, str]) -> list[str]:
    members = {
        "external": [ids[n.name] for n in graph.nodes if n.external],
        "cycle": [ids[name] for name in sorted(graph.cyclic_nodes)],
        "focus": [ids[name] for name in graph.focus if name in ids],
    }
    return [f"    class {','.join(m)} {name}" for name, m in members.items() if m]
