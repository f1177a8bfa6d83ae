"""Where the diagram's boxes go: rows one under the other, each box pulled toward its links.

A downward import that crosses rows gets a point on each of them, placed like a narrow box, so
the line passes between that row's boxes instead of through one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from itertools import pairwise

from archfit_values import frozen
from fitness.reporters.pictures.layers import GAP_X, SWEEPS, Row, box_width, levels
from fitness.reporters.pictures.ordering import Pair
from fitness.results.graph import GraphEdge

BOX_H = 28
ROW_GAP = 58  # between rows: room for the edges to fan out
GUTTER = 64  # left column holding the layer names
TOP = 16
DUMMY = "\x00"  # starts the name of a point an edge passes; no package name holds it
Chains = dict[GraphEdge, list[str]]  # the points a downward edge passes, row by row


def row_y(index: int) -> float:
    """The top of a row's boxes."""
    return TOP + index * (BOX_H + ROW_GAP)


@frozen
class Box:
    """A package's box, placed."""

    name: str
    label: str
    x: float
    y: float
    width: float
    row: int
    cyclic: bool

    @property
    def centre(self) -> float:
        """The middle of the box, left to right."""
        return self.x + self.width / 2


def threaded(rows: Sequence[Row], edges: Sequence[GraphEdge]) -> tuple[list[Row], Chains]:
    """The rows with a point for each downward edge on each row it crosses, and those points."""
    level = levels(rows)
    extra: dict[int, list[str]] = {}
    chains: Chains = {}
    for edge in edges:
        crossed = range(level[edge.importer] + 1, level[edge.imported])
        chains[edge] = [DUMMY.join(("", edge.importer, edge.imported, str(k))) for k in crossed]
        for k, point in zip(crossed, chains[edge], strict=True):
            extra.setdefault(k, []).append(point)
    rows = [replace(row, names=row.names + tuple(extra.get(k, ()))) for k, row in enumerate(rows)]
    return rows, chains


def links(edges: Sequence[GraphEdge], chains: Chains, back: frozenset[Pair]) -> list[Pair]:
    """Consecutive points along each downward edge: what pulls boxes and points into line."""
    found: list[Pair] = []
    for edge in edges:
        if (edge.importer, edge.imported) not in back:
            found += pairwise([edge.importer, *chains[edge], edge.imported])
    return found


def centres(
    rows: Sequence[Row], widths: Mapping[str, float], near: Mapping[str, list[str]]
) -> dict[str, float]:
    """Each row packed, then everything pulled toward its neighbours a few times, keeping each
    row's order and gaps; the leftmost box starts at the gutter."""
    xs: dict[str, float] = {}
    for row in rows:
        _pack(row.names, widths, xs)
    for index in [*range(len(rows)), *reversed(range(len(rows)))] * SWEEPS:
        _relax(rows[index].names, widths, near, xs)
    shift = GUTTER - min(x - widths.get(name, 0) / 2 for name, x in xs.items())
    return {name: x + shift for name, x in xs.items()}


def _separation(left: str, right: str, widths: Mapping[str, float]) -> float:
    """The least distance between the centres of two neighbours in a row."""
    gap = GAP_X / 2 if left.startswith(DUMMY) or right.startswith(DUMMY) else GAP_X
    return (widths.get(left, 0) + widths.get(right, 0)) / 2 + gap


def _pack(names: Sequence[str], widths: Mapping[str, float], xs: dict[str, float]) -> None:
    """A row's centres side by side, the row centred on 0."""
    x = 0.0
    placed = [x]
    for left, right in pairwise(names):
        x += _separation(left, right, widths)
        placed.append(x)
    for name, centre in zip(names, placed, strict=True):
        xs[name] = centre - x / 2


def _relax(
    names: Sequence[str],
    widths: Mapping[str, float],
    near: Mapping[str, list[str]],
    xs: dict[str, float],
) -> None:
    """Move each item of a row toward the mean of its neighbours: the row packed from the left
    and from the right around those wishes, then the two averaged (both keep every gap)."""
    want = [_mean([xs[n] for n in near.get(name, ()) if n in xs], xs[name]) for name in names]
    left, right = list(want), list(want)
    for i in range(1, len(names)):
        left[i] = max(want[i], left[i - 1] + _separation(names[i - 1], names[i], widths))
    for i in range(len(names) - 2, -1, -1):
        right[i] = min(want[i], right[i + 1] - _separation(names[i], names[i + 1], widths))
    for name, low, high in zip(names, left, right, strict=True):
        xs[name] = (low + high) / 2


def _mean(values: Sequence[float], default: float) -> float:
    return sum(values) / len(values) if values else default


def boxes(
    rows: Sequence[Row], labels: Mapping[str, str], xs: Mapping[str, float], cyclic: frozenset[str]
) -> dict[str, Box]:
    """A box per package (not per point), centred where ``xs`` says."""
    placed: dict[str, Box] = {}
    for index, row in enumerate(rows):
        for name in (n for n in row.names if not n.startswith(DUMMY)):
            width = box_width(labels[name])
            box = Box(name, labels[name], xs[name] - width / 2, row_y(index), width, index, False)
            placed[name] = replace(box, cyclic=name in cyclic)
    return placed
