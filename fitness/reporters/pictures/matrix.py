"""The dependency matrix: every import between the packages, one cell each.

Rows and columns follow the diagram's order, top layer first, so an import that points up in
the diagram (closing a cycle) falls below the diagonal. It stays readable where the diagram
must leave imports out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from fitness.reporters.pictures.layers import Plan, edge_colour, edge_title, plan
from fitness.reporters.pictures.markup import (
    INK,
    MUTED,
    RED,
    empty,
    esc,
    fmt,
    line,
    svg,
    text,
    text_width,
)
from fitness.results.report import Structure

_CELL = 22
_SLANT = 0.71  # cos 45 degrees: how far a slanted column name reaches up and right


def matrix_svg(structure: Structure) -> str:
    """A filled cell where the row's package imports the column's, with the import count."""
    found = plan(structure)
    if found is None:
        return empty("No internal packages to draw.")
    order = found.order
    longest = max(text_width(found.labels[name]) for name in order)
    left, top = longest + 14, longest * _SLANT + 16
    size = len(order) * _CELL
    body = _grid(found, order, left, top)
    body += _cells(found, {n: k for k, n in enumerate(order)}, left, top)
    body += _labels(found, order, left, top)
    width, height = left + size + longest * _SLANT + 8, top + size + 8
    return svg(width, height, f"Dependency matrix of {len(order)} packages", body)


def _grid(found: Plan, order: Sequence[str], left: float, top: float) -> list[str]:
    """The diagonal shaded, thin lines between cells, darker ones between layers."""
    size = len(order) * _CELL
    parts = [
        f'<rect x="{fmt(left + k * _CELL)}" y="{fmt(top + k * _CELL)}" width="{_CELL}" '
        f'height="{_CELL}" fill="#eaeef2"/>'
        for k in range(len(order))
    ]
    bands = {name: row.band for row in found.rows for name in row.names}
    for k in range(len(order) + 1):
        layer = k in (0, len(order)) or bands[order[k - 1]] != bands[order[k]]
        colour = MUTED if layer else "#eaeef2"
        parts.append(line(left + k * _CELL, top, left + k * _CELL, top + size, colour))
        parts.append(line(left, top + k * _CELL, left + size, top + k * _CELL, colour))
    return parts


def _cells(found: Plan, index: Mapping[str, int], left: float, top: float) -> list[str]:
    """A cell per import: coloured as in the diagram, holding the number of import lines."""
    parts: list[str] = []
    for edge in found.edges:
        x, y = left + index[edge.imported] * _CELL, top + index[edge.importer] * _CELL
        colour, _ = edge_colour(edge, found.back)
        count = len(edge.lines)
        title = esc(f"{edge_title(edge, found.back)}: {count} import lines")
        ink = "#ffffff" if colour == RED else INK
        number = str(count) if count < 1000 else "1k+"
        attributes = f'text-anchor="middle" font-size="9.5" fill="{ink}"'
        parts.append(
            f'<g><title>{title}</title><rect x="{fmt(x + 1)}" y="{fmt(y + 1)}" '
            f'width="{_CELL - 2}" height="{_CELL - 2}" fill="{colour}"/>'
            + text(x + _CELL / 2, y + 15, number, attributes)
            + "</g>"
        )
    return parts


def _labels(found: Plan, order: Sequence[str], left: float, top: float) -> list[str]:
    """Row names on the left, column names slanted above."""
    parts: list[str] = []
    for k, name in enumerate(order):
        label, full = found.labels[name], esc(name)
        row = text(left - 6, top + k * _CELL + 15, label, 'text-anchor="end"')
        parts.append(f"<g><title>{full} imports\u2026</title>{row}</g>")
        x = left + k * _CELL + _CELL / 2
        slant = f'transform="rotate(-45 {fmt(x)} {fmt(top - 6)})"'
        parts.append(f"<g><title>\u2026imports {full}</title>{text(x, top - 6, label, slant)}</g>")
    return parts
