"""The main-sequence chart: abstractness over instability, one dot per package.

Robert C. Martin's main sequence is the line A + I = 1; the zone of pain (concrete, depended
upon) and the zone of uselessness (abstract, unused) are shaded. The packages farthest from the
line are labelled where a label hides no other; every dot has its numbers in a tooltip.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from archfit_values import frozen
from fitness.reporters.pictures.markup import (
    GREY,
    INK,
    MUTED,
    RED,
    esc,
    fmt,
    line,
    short_labels,
    svg,
    text,
    text_width,
)
from fitness.results.metrics import PackageRow

_PLOT = 400
_LEFT, _TOP_M, _RIGHT, _BELOW = 64, 20, 180, 56
_LABELLED = 14  # the packages farthest from the main sequence get a label; the rest a tooltip


@frozen
class _Rect:
    x: float
    y: float
    width: float
    height: float

    def overlaps(self, other: _Rect) -> bool:
        return not (
            self.x + self.width <= other.x
            or other.x + other.width <= self.x
            or self.y + self.height <= other.y
            or other.y + other.height <= self.y
        )


def _px(instability: float) -> float:
    return _LEFT + instability * _PLOT


def _py(abstractness: float) -> float:
    return _TOP_M + (1 - abstractness) * _PLOT


def main_sequence_svg(rows: Sequence[PackageRow]) -> str:
    """Abstractness over instability, the main sequence A + I = 1, and a dot per package."""
    labels = short_labels(row.name for row in rows)
    body = [*_zones(), *_grid(), *_axes(), _sequence()]
    body += [_dot(row) for row in sorted(rows, key=lambda r: (r.distance, r.name))]
    body += _dot_labels(rows, labels)
    width, height = _LEFT + _PLOT + _RIGHT, _TOP_M + _PLOT + _BELOW
    return svg(width, height, f"Main-sequence chart of {len(rows)} packages", body)


def _zones() -> list[str]:
    """The zones of pain (concrete and stable) and of uselessness (abstract and unstable)."""
    r = _PLOT / 2
    pain = f"M{_px(0)} {_py(0)} L{_px(0.5)} {_py(0)} A{r} {r} 0 0 0 {_px(0)} {_py(0.5)} Z"
    useless = f"M{_px(1)} {_py(1)} L{_px(0.5)} {_py(1)} A{r} {r} 0 0 0 {_px(1)} {_py(0.5)} Z"
    style = 'font-size="12" font-style="italic"'
    return [
        f'<path d="{pain}" fill="#ffebe9"/>',
        f'<path d="{useless}" fill="#fff8c5"/>',
        text(_px(0.03), _py(0.30), "zone of pain", f'fill="#a40e26" {style}'),
        text(
            _px(0.97), _py(0.70), "zone of uselessness", f'fill="#7d4e00" text-anchor="end" {style}'
        ),
    ]


_USELESS_WIDTH = text_width("zone of uselessness")


def _zone_label_rects() -> list[_Rect]:
    return [
        _Rect(_px(0.03), _py(0.30) - 11, text_width("zone of pain"), 14),
        _Rect(_px(0.97) - _USELESS_WIDTH, _py(0.70) - 11, _USELESS_WIDTH, 14),
    ]


def _grid() -> list[str]:
    """Quarter lines across the plot, and its frame."""
    ticks = (0.25, 0.5, 0.75)
    lines = [
        f'<line x1="{_px(t)}" y1="{_py(0)}" x2="{_px(t)}" y2="{_py(1)}" stroke="#eaeef2"/>'
        for t in ticks
    ]
    lines += [
        f'<line x1="{_px(0)}" y1="{_py(t)}" x2="{_px(1)}" y2="{_py(t)}" stroke="#eaeef2"/>'
        for t in ticks
    ]
    frame = f'<rect x="{_LEFT}" y="{_TOP_M}" width="{_PLOT}" height="{_PLOT}" fill="none" '
    return [*lines, frame + f'stroke="{MUTED}"/>']


def _axes() -> list[str]:
    """Tick labels every quarter and the two axis names."""
    parts: list[str] = []
    for t in (0.0, 0.25, 0.5, 0.75, 1.0):
        tick = f"{t:g}"
        parts.append(text(_px(t), _py(0) + 16, tick, f'text-anchor="middle" fill="{MUTED}"'))
        parts.append(text(_LEFT - 6, _py(t) + 4, tick, f'text-anchor="end" fill="{MUTED}"'))
    centre_x, centre_y = _px(0.5), _py(0.5)
    parts.append(
        text(centre_x, _py(0) + 38, "Instability I = Ce / (Ca + Ce)", 'text-anchor="middle"')
    )
    rotate = f'transform="rotate(-90 18 {fmt(centre_y)})" text-anchor="middle"'
    parts.append(text(18, centre_y, "Abstractness A", rotate))
    return parts


def _sequence() -> str:
    """The main sequence, A + I = 1: where abstractness balances instability."""
    line = f'x1="{_px(0)}" y1="{_py(1)}" x2="{_px(1)}" y2="{_py(0)}"'
    label = text(_px(0.06), _py(0.97), "main sequence A + I = 1", f'fill="{MUTED}"')
    return f'<line {line} stroke="{MUTED}" stroke-dasharray="6 4"/>' + label


def _dot_colour(distance: float) -> str:
    if distance >= 0.5:
        return RED
    return "#bf8700" if distance >= 0.3 else "#1a7f37"


def _dot(row: PackageRow) -> str:
    title = (
        f"{row.name}: I {row.instability:.2f}, A {row.abstractness:.2f}, "
        f"D {row.distance:.2f} (Ca {row.ca}, Ce {row.ce}, {row.modules} modules)"
    )
    x, y = fmt(_px(row.instability)), fmt(_py(row.abstractness))
    circle = f'<circle cx="{x}" cy="{y}" r="5" fill="{_dot_colour(row.distance)}" '
    circle += 'fill-opacity="0.75" stroke="#ffffff"/>'
    return f"<g><title>{esc(title)}</title>{circle}</g>"


def _groups(rows: Sequence[PackageRow]) -> list[list[PackageRow]]:
    """Packages drawn on the same spot, farthest from the main sequence first."""
    spots: dict[tuple[float, float], list[PackageRow]] = {}
    for row in sorted(rows, key=lambda r: (-r.distance, r.name)):
        key = (round(row.instability, 2), round(row.abstractness, 2))
        spots.setdefault(key, []).append(row)
    return list(spots.values())


def _dot_labels(rows: Sequence[PackageRow], labels: Mapping[str, str]) -> list[str]:
    """Labels for the spots farthest from the sequence, each where it hides no other label."""
    taken = _fixed_rects() + [_dot_rect(row) for row in rows]
    parts: list[str] = []
    for group in _groups(rows)[:_LABELLED]:
        more = f" +{len(group) - 1}" if len(group) > 1 else ""
        label = labels[group[0].name] + more
        spot = _free_spot(group[0], label, taken)
        if spot is not None:
            taken.append(spot)
            parts.append(
                _leader(group[0], spot) + text(spot.x, spot.y + 11, label, f'fill="{INK}"')
            )
    return parts


def _fixed_rects() -> list[_Rect]:
    """What labels must not cover: the zone names, the tick labels, the axis names."""
    rects = _zone_label_rects()
    for t in (0.0, 0.25, 0.5, 0.75, 1.0):
        width = text_width(f"{t:g}")
        rects.append(_Rect(_px(t) - width / 2, _py(0) + 5, width, 14))
        rects.append(_Rect(_LEFT - 6 - width, _py(t) - 7, width, 14))
    axis = text_width("Instability I = Ce / (Ca + Ce)")
    return [*rects, _Rect(_px(0.5) - axis / 2, _py(0) + 27, axis, 14), _Rect(8, 0, 16, 999)]


def _dot_rect(row: PackageRow) -> _Rect:
    return _Rect(_px(row.instability) - 5, _py(row.abstractness) - 5, 10, 10)


# Where a label may go around its dot, tried in turn: right, left, above, below, diagonals,
# then stacked higher and lower (tied to the dot by a thin line).
_OFFSETS = (
    (8, -7),
    (-8, -7),
    (0, -20),
    (0, 7),
    (7, -18),
    (7, 4),
    (-7, -18),
    (-7, 4),
    *(
        (dx, dy)
        for step in range(1, 6)
        for dy in (-20 - 15 * step, 7 + 15 * step)
        for dx in (0, 24, -24)
    ),
)


def _free_spot(row: PackageRow, label: str, taken: Sequence[_Rect]) -> _Rect | None:
    width, x, y = text_width(label), _px(row.instability), _py(row.abstractness)
    for dx, dy in _OFFSETS:
        left = x + dx if dx > 0 else x + dx - width if dx < 0 else x - width / 2
        spot = _Rect(left, y + dy, width, 14)
        inside = spot.x >= 4 and spot.x + width <= _LEFT + _PLOT + _RIGHT - 4
        if inside and spot.y >= 2 and not any(spot.overlaps(other) for other in taken):
            return spot
    return None


def _leader(row: PackageRow, spot: _Rect) -> str:
    """A thin line from a dot to its label when the label had to move away from it."""
    x, y = _px(row.instability), _py(row.abstractness)
    if spot.y - 14 <= y <= spot.y + 28:
        return ""
    end_x = min(max(x, spot.x), spot.x + spot.width)
    end_y = spot.y + 14 if spot.y < y else spot.y
    return line(x, y, end_x, end_y, GREY)
