"""The package dependency diagram: layers top to bottom, importers above what they import.

Inferred layers are drawn bottom layer last, so most arrows point down; a layer holding a
cycle is split into rows (see ``ordering``), and the imports that still point up are the
ones that close the cycles: bold red, swinging out on the right. A dense graph leaves out the
imports a chain of drawn ones implies, and the caption says how many (``diagram_note``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from fitness.reporters.pictures import arrows, placement
from fitness.reporters.pictures.layers import BOX_FONT, SWEEPS, Row, box_width, plan
from fitness.reporters.pictures.markup import INK, MUTED, RED, empty, esc, fmt, svg, text
from fitness.reporters.pictures.ordering import neighbours, sweep
from fitness.reporters.pictures.placement import BOX_H, ROW_GAP, Box, row_y
from fitness.results.graph import GraphEdge
from fitness.results.report import Structure

_BOTTOM = 44  # room for the arcs under the last row


def diagram_note(structure: Structure) -> str:
    """What the diagram leaves out, as a sentence for its caption ("" when it draws it all)."""
    found = plan(structure)
    hidden = found.hidden() if found else frozenset()
    if not found or not hidden:
        return ""
    drawn, total = len(found.edges) - len(hidden), len(found.edges)
    return (
        f"To stay readable, the diagram draws {drawn} of the {total} imports between these "
        f"packages: the other {len(hidden)} point down along a chain of arrows already drawn. "
        "The matrix below shows every import."
    )


def dependency_svg(structure: Structure) -> str:
    """The package diagram in layers: importers above what they import, cycles in red."""
    found = plan(structure)
    if found is None:
        return empty("No internal packages to draw.")
    hidden = found.hidden()
    edges = [e for e in found.edges if (e.importer, e.imported) not in hidden]
    rows, chains = placement.threaded(found.rows, edges)
    near = neighbours(placement.links(edges, chains, found.back))
    order = sweep([list(row.names) for row in rows], near, SWEEPS)
    rows = [Row(r.caption, tuple(names), r.band) for r, names in zip(rows, order, strict=True)]
    widths = {name: box_width(label) for name, label in found.labels.items()}
    xs = placement.centres(rows, widths, near)
    boxes = placement.boxes(rows, found.labels, xs, structure.diagram.cyclic_nodes)
    return _draw(rows, boxes, edges, arrows.Route(chains, xs, found.back))


def _draw(
    rows: Sequence[Row], boxes: Mapping[str, Box], edges: Sequence[GraphEdge], route: arrows.Route
) -> str:
    """Bands, then edges, then boxes over them, then arrowheads over the boxes."""
    ports = arrows.ports(edges, boxes, route)
    right = max(b.x + b.width for b in boxes.values())
    width = max([right, *(arrows.reach(ports[e]) for e in edges), *route.xs.values()]) + 8
    height = row_y(len(rows)) - ROW_GAP + _BOTTOM
    lines = [arrows.edge_path(e, ports[e], route) for e in edges]
    heads = [arrows.head(e, ports[e][1], route.back) for e in edges]
    body = [*_bands(rows, width), *lines, *(_box(b) for b in boxes.values()), *heads]
    return svg(width, height, f"Dependency diagram of {len(boxes)} packages", body)


def _bands(rows: Sequence[Row], width: float) -> list[str]:
    """Alternate layers shaded, each named in the left gutter."""
    parts: list[str] = []
    for index, row in enumerate(rows):
        y = row_y(index)
        if row.band % 2 == 1:
            parts.append(
                f'<rect x="0" y="{fmt(y - ROW_GAP / 2 + 4)}" width="{fmt(width)}" '
                f'height="{fmt(BOX_H + ROW_GAP - 8)}" fill="#f6f8fa"/>'
            )
        if row.caption:
            parts.append(text(6, y + 18, row.caption, f'fill="{MUTED}" font-size="11"'))
    return parts


def _box(box: Box) -> str:
    stroke = f'stroke="{RED}" stroke-width="2"' if box.cyclic else f'stroke="{MUTED}"'
    fill = "#fff5f5" if box.cyclic else "#ffffff"
    note = " (in an import cycle)" if box.cyclic else ""
    label = f'text-anchor="middle" fill="{INK}" font-size="{BOX_FONT}"'
    return (
        f"<g><title>{esc(box.name + note)}</title>"
        f'<rect x="{fmt(box.x)}" y="{fmt(box.y)}" width="{fmt(box.width)}" '
        f'height="{BOX_H}" rx="4" fill="{fill}" {stroke}/>'
        + text(box.centre, box.y + BOX_H / 2 + 4.5, box.label, label)
        + "</g>"
    )
