"""``archfit graph --format dot``: a Graphviz digraph that ``dot -Tsvg`` lays out.

Edge kinds are edge attributes: solid import, dotted type-only, dashed lazy (in a function),
an open arrowhead for explicit-lazy (PEP 810's ``lazy import``, as import-linter's explorer
draws it), bold dynamic (an edge with several kinds is drawn as its most binding one; its
tooltip lists them all).
"""

from __future__ import annotations

from fitness.results.graph import DepGraph, GraphEdge, GraphNode

_FRAMEWORK = "#1f77b4"  # blue: a framework's string reference, not an import
_STYLES: dict[str, tuple[str, str]] = {
    "type-only": ("style", "dotted"),
    "lazy": ("style", "dashed"),
    "explicit-lazy": ("arrowhead", "onormal"),
    "dynamic": ("style", "bold"),
    "framework": ("style", "dashed"),
}
_RED = "#d62728"
_EXTERNAL = (
    ("style", "rounded,dashed,filled"),
    ("fillcolor", "#f4f4f4"),
    ("color", "#999999"),
    ("fontcolor", "#555555"),
)
_HEADER = (
    "    // legend: solid = import, dotted = type-only, dashed = lazy (in a function),",
    "    // open arrowhead = explicit-lazy (PEP 810 lazy import), bold = dynamic;",
    "    // blue dashed = framework (a string reference: INSTALLED_APPS, a lazy ForeignKey);",
    "    // red = inside an import cycle; grey dashed box = external package;",
    "    // thick border = the --focus",
    '    graph [rankdir=LR, fontname="Helvetica"];',
    '    node [shape=box, fontname="Helvetica", fontsize=10];',
    "    edge [arrowsize=0.7];",
)

Attributes = list[tuple[str, str]]


def render(graph: DepGraph) -> str:
    """The graph as DOT text, nodes then edges, sorted, trailing newline."""
    cyclic = graph.cyclic_nodes
    lines = ["digraph archfit {", _title(graph), *_HEADER]
    lines += [_statement(_quote(n.name), _node_attributes(n, graph, cyclic)) for n in graph.nodes]
    lines += [_statement(_pair(e), _edge_attributes(e)) for e in graph.edges]
    return "\n".join([*lines, "}"]) + "\n"


def _title(graph: DepGraph) -> str:
    depth = "none" if graph.depth is None else str(graph.depth)
    focus = ", ".join(graph.focus) or "none"
    return f"    // archfit dependency graph: level {graph.level}, depth {depth}, focus {focus}"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _statement(subject: str, attributes: Attributes) -> str:
    if not attributes:
        return f"    {subject};"
    listed = ", ".join(f"{key}={_quote(value)}" for key, value in attributes)
    return f"    {subject} [{listed}];"


def _pair(edge: GraphEdge) -> str:
    return f"{_quote(edge.importer)} -> {_quote(edge.imported)}"


def _node_attributes(node: GraphNode, graph: DepGraph, cyclic: frozenset[str]) -> Attributes:
    attributes: Attributes = list(_EXTERNAL) if node.external else [("tooltip", node.path or "")]
    if node.name in cyclic:
        attributes.append(("color", _RED))
    width = "4" if node.name in graph.focus else "2" if node.name in cyclic else ""
    return attributes + ([("penwidth", width)] if width else [])


def _edge_attributes(edge: GraphEdge) -> Attributes:
    kinds = ", ".join(edge.kinds)
    attributes: Attributes = [("tooltip", f"{edge.importer} -> {edge.imported}: {kinds}")]
    if edge.drawn_kind in _STYLES:
        attributes.append(_STYLES[edge.drawn_kind])
    if edge.drawn_kind == "framework":
        attributes.append(("color", _FRAMEWORK))
    if edge.in_cycle:
        attributes += [("color", _RED), ("penwidth", "2")]
    return attributes
