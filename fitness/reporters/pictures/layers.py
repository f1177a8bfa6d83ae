"""The rows both package pictures share: inferred layers, top first, cycles split into rows.

The diagram draws these rows; the matrix lists the packages in the same order, so an import
below its diagonal is one the diagram draws pointing up.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from archfit_values import frozen
from fitness.reporters.pictures.markup import GREY, PINK, RED, short_labels, text_width
from fitness.reporters.pictures.ordering import Pair, implied, neighbours, sublayers, sweep
from fitness.results.graph import GraphEdge
from fitness.results.report import Structure

BOX_FONT = 13
PAD_X = 10  # inside a box, each side of its label
GAP_X = 20  # between boxes of a row
SWEEPS = 4  # barycentre passes (down then up) ordering the rows
_MAX_ROW = 1000  # a row wider than this is staggered over several
_DENSE = 2  # above this many imports per package, the diagram leaves out implied ones


@frozen
class Row:
    """One row of boxes: a layer, or part of one."""

    caption: str  # the layer's name on its first row, "" on the rows below it
    names: tuple[str, ...]
    band: int  # which layer, counted from the top: alternate layers are shaded


@frozen
class Plan:
    """Rows top first, the imports between the packages, and those that point up."""

    labels: dict[str, str]
    rows: list[Row]
    edges: list[GraphEdge]
    back: frozenset[Pair]  # point up or sideways: each closes a cycle; cutting all ends them

    @property
    def order(self) -> list[str]:
        """Every package, row by row."""
        return [name for row in self.rows for name in row.names]

    def hidden(self) -> frozenset[Pair]:
        """In a dense graph, the downward imports a chain of others implies; else none."""
        if len(self.edges) <= _DENSE * len(self.labels):
            return frozenset()
        return implied([p for p in pairs(self.edges) if p not in self.back])


def pairs(edges: Sequence[GraphEdge]) -> list[Pair]:
    """Importer and imported of each edge."""
    return [(e.importer, e.imported) for e in edges]


def plan(structure: Structure) -> Plan | None:
    """The shared rows, ordered to cross little; None when there is no package to draw."""
    names = _node_names(structure)
    if not names:
        return None
    known = set(names)
    edges = [
        e
        for e in structure.diagram.edges
        if e.importer != e.imported and e.importer in known and e.imported in known
    ]
    labels = short_labels(names)
    rows = _wrap(_ordered(_split(_layers(structure, names), pairs(edges)), edges), labels)
    level = levels(rows)
    back = frozenset((a, b) for a, b in pairs(edges) if level[a] >= level[b])
    return Plan(labels, rows, edges, back)


def levels(rows: Sequence[Row]) -> dict[str, int]:
    """The row of each name."""
    return {name: index for index, row in enumerate(rows) for name in row.names}


def _node_names(structure: Structure) -> list[str]:
    drawn = {node.name for node in structure.diagram.nodes if not node.external}
    return sorted(drawn | {name for layer in structure.inferred_layers for name in layer})


def _layers(structure: Structure, names: Sequence[str]) -> list[tuple[str, list[str]]]:
    """Top layer first; packages in no inferred layer on a row of their own above them all."""
    layered = [(f"layer {i}", sorted(layer)) for i, layer in enumerate(structure.inferred_layers)]
    placed = {name for _, layer in layered for name in layer}
    loose = ("no layer", [name for name in names if name not in placed])
    return [(caption, layer) for caption, layer in [loose, *reversed(layered)] if layer]


def _split(layers: list[tuple[str, list[str]]], links: Sequence[Pair]) -> list[Row]:
    """A row per layer; a layer whose packages import each other (a cycle) over several rows."""
    rows: list[Row] = []
    for band, (caption, names) in enumerate(layers):
        for k, row in enumerate(sublayers(names, links)):
            rows.append(Row(caption if k == 0 else "", tuple(row), band))
    return rows


def _ordered(rows: list[Row], edges: Sequence[GraphEdge]) -> list[Row]:
    order = sweep([list(row.names) for row in rows], neighbours(pairs(edges)), SWEEPS)
    return [
        Row(row.caption, tuple(names), row.band) for row, names in zip(rows, order, strict=True)
    ]


def box_width(label: str) -> float:
    """A box fits its label and a margin each side."""
    return text_width(label, BOX_FONT) + 2 * PAD_X


def _row_width(names: Sequence[str], labels: Mapping[str, str]) -> float:
    return sum(box_width(labels[name]) for name in names) + GAP_X * (len(names) - 1)


def _wrap(rows: list[Row], labels: Mapping[str, str]) -> list[Row]:
    """A row too wide for the page staggered over several, every k-th box on the same one."""
    wrapped: list[Row] = []
    for row in rows:
        count = min(int(_row_width(row.names, labels) // _MAX_ROW) + 1, len(row.names))
        for k in range(count):
            caption = row.caption if k == 0 else ""
            wrapped.append(Row(caption, row.names[k::count], row.band))
    return wrapped


def edge_title(edge: GraphEdge, back: frozenset[Pair]) -> str:
    """The tooltip of an import: both ends, its kinds, and its part in a cycle."""
    title = f"{edge.importer} \u2192 {edge.imported} ({', '.join(edge.kinds)})"
    if not edge.in_cycle:
        return title
    closes = (edge.importer, edge.imported) in back
    return title + ("; closes an import cycle" if closes else "; inside an import cycle")


def edge_colour(edge: GraphEdge, back: frozenset[Pair]) -> tuple[str, str]:
    """Colour and width: an import drawn pointing up closes a cycle, so it stands out most."""
    if not edge.in_cycle:
        return GREY, "1.2"
    return (RED, "1.8") if (edge.importer, edge.imported) in back else (PINK, "1.2")
