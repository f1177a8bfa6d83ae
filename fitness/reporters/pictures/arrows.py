"""The diagram's arrows: where they meet the boxes, the curves they follow, their heads.

Downward imports leave a box's bottom and enter the top of the next; those pointing up (each
closes a cycle) swing out along the right-hand sides; within one row they arc underneath.
Arrowheads are polygons, not markers, so the page holds no ``url(`` reference.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from archfit_values import frozen
from fitness.reporters.pictures.layers import PAD_X, edge_colour, edge_title
from fitness.reporters.pictures.markup import esc, fmt
from fitness.reporters.pictures.ordering import Pair
from fitness.reporters.pictures.placement import BOX_H, DUMMY, Box, Chains, row_y
from fitness.results.graph import GraphEdge

ARROW = 8  # arrowhead length
Port = tuple[float, float, str]  # where an edge meets a box: x, y, and "top", "bottom", "right"


@frozen
class Route:
    """How edges run: the points each passes, where those lie, which edges point up."""

    chains: Chains
    xs: Mapping[str, float]
    back: frozenset[Pair]

    def via(self, edge: GraphEdge) -> list[tuple[float, float]]:
        """Where the edge enters each row it crosses (it leaves it a box height lower)."""
        return [(self.xs[p], row_y(int(p.rsplit(DUMMY, 1)[1]))) for p in self.chains[edge]]


def _sides(edge: GraphEdge, boxes: Mapping[str, Box]) -> tuple[str, str]:
    start, end = boxes[edge.importer], boxes[edge.imported]
    if start.row < end.row:
        return "bottom", "top"
    return ("right", "right") if start.row > end.row else ("bottom", "bottom")


def ports(
    edges: Sequence[GraphEdge], boxes: Mapping[str, Box], route: Route
) -> dict[GraphEdge, tuple[Port, Port]]:
    """Where each edge meets its boxes: spread along the side, ordered by where it heads."""
    slots: dict[tuple[str, str], list[tuple[float, int, GraphEdge]]] = {}
    for edge in edges:
        out, into = _sides(edge, boxes)
        start, end = boxes[edge.importer], boxes[edge.imported]
        via = route.via(edge)
        first = via[0][0] if via else _along(end, out)
        last = via[-1][0] if via else _along(start, into)
        slots.setdefault((edge.importer, out), []).append((first, 0, edge))
        slots.setdefault((edge.imported, into), []).append((last, 1, edge))
    points: dict[tuple[GraphEdge, int], Port] = {}
    for (name, side), taken in slots.items():
        for k, (_, end_index, edge) in enumerate(sorted(taken)):
            points[(edge, end_index)] = _port(boxes[name], side, k, len(taken))
    return {edge: (points[(edge, 0)], points[(edge, 1)]) for edge in edges}


def _along(far: Box, side: str) -> float:
    """Ports on a side are ordered by where the far end lies along that side."""
    return far.y if side == "right" else far.centre


def _port(box: Box, side: str, k: int, count: int) -> Port:
    share = (k + 1) / (count + 1)
    if side == "right":
        return box.x + box.width, box.y + 4 + (BOX_H - 8) * share, side
    x = box.x + PAD_X / 2 + (box.width - PAD_X) * share
    return x, box.y + (BOX_H if side == "bottom" else 0), side


def _bulge(start: Port, end: Port) -> float:
    """How far an upward edge swings out to the right: further for a longer climb."""
    return min(36 + 0.3 * abs(start[1] - end[1]), 240)


def reach(ends: tuple[Port, Port]) -> float:
    """The rightmost x an edge's curve reaches."""
    (x1, _, side), (x2, _, _) = ends
    return max(x1, x2) + (0.75 * _bulge(*ends) + 2 if side == "right" else 0)


# A plain import is solid; a framework's string reference (Django's INSTALLED_APPS, a lazy
# ForeignKey("app.Model")) dotted, apart from the deferred kinds (type-only, lazy), dashed.
_DASHES = {"import": "", "dynamic": "", "framework": ' stroke-dasharray="1 4"'}


def edge_path(edge: GraphEdge, ends: tuple[Port, Port], route: Route) -> str:
    """The curve from the importer to the base of the arrowhead, with its tooltip."""
    colour, width = edge_colour(edge, route.back)
    dashes = _DASHES.get(edge.drawn_kind, ' stroke-dasharray="5 3"')
    style = f'fill="none" stroke="{colour}" stroke-width="{width}"{dashes}'
    title = esc(edge_title(edge, route.back))
    return f'<g><title>{title}</title><path d="{_curve(*ends, route.via(edge))}" {style}/></g>'


def _curve(start: Port, end: Port, via: Sequence[tuple[float, float]]) -> str:
    """A swing to the right going up, an arc under a row within it; else down through each
    crossed row beside its boxes, to the arrowhead."""
    (x1, y1, out), (x2, y2, into) = start, end
    move = f"M{fmt(x1)} {fmt(y1)} "
    if out == "right":
        bulge = _bulge(start, end)
        return move + _bezier((x1 + bulge, y1), (x2 + ARROW + bulge, y2), (x2 + ARROW, y2))
    if out == into:
        return move + _bezier((x1, y1 + 34), (x2, y2 + ARROW + 34), (x2, y2 + ARROW))
    parts, here = [move], (x1, y1)
    for x, y in [*via, (x2, y2 - ARROW)]:
        bend = (y - here[1]) / 2
        parts.append(_bezier((here[0], here[1] + bend), (x, y - bend), (x, y)))
        here = (x, y + BOX_H)
        if y < y2 - ARROW:
            parts.append(f" L{fmt(x)} {fmt(y + BOX_H)} ")
    return "".join(parts).strip()


def _bezier(c1: tuple[float, float], c2: tuple[float, float], end: tuple[float, float]) -> str:
    return "C" + " ".join(f"{fmt(x)} {fmt(y)}" for x, y in (c1, c2, end))


def head(edge: GraphEdge, end: Port, back: frozenset[Pair]) -> str:
    """An arrowhead as a small polygon (drawn after the boxes, so none hides it)."""
    x, y, side = end
    if side == "right":
        corners = ((x + ARROW, y - 4), (x + ARROW, y + 4))
    else:
        base = y + (ARROW if side == "bottom" else -ARROW)
        corners = ((x - 4, base), (x + 4, base))
    points = " ".join(f"{fmt(px)},{fmt(py)}" for px, py in (*corners, (x, y)))
    colour, _ = edge_colour(edge, back)
    polygon = f'<polygon points="{points}" fill="{colour}"/>'
    return f"<g><title>{esc(edge_title(edge, back))}</title>{polygon}</g>"
