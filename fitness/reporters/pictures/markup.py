"""SVG markup shared by the pictures: escaping, text sizes, short labels, the outer element.

Every name from the repository goes through ``esc``; coordinates are written with one decimal,
so the same picture gives the same bytes.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
FONT = 12
RED = "#d62728"
PINK = "#eba3a3"  # an import inside a cycle that is drawn pointing down
GREY = "#8c959f"
INK = "#1f2328"
MUTED = "#59636e"

# Rough advance of a character at font size 1 in a sans-serif face: labels are sized from it.
_NARROW = frozenset("fijlrtI.,:;|!'()[] ")
_WIDE = frozenset("mwMW@%")


def esc(text: str) -> str:
    """Text made safe inside an element or a double-quoted attribute."""
    return html.escape(text, quote=True)


def text_width(text: str, size: float = FONT) -> float:
    """About how wide ``text`` is drawn at ``size``; errs wide so boxes never clip their label."""
    return size * sum(_advance(c) for c in text)


def _advance(char: str) -> float:
    if char in _NARROW:
        return 0.32
    if char in _WIDE:
        return 0.82
    return 0.68 if char.isupper() else 0.58


def common_root(names: Iterable[str]) -> str | None:
    """The top-level package every name lies in, when there is one and some name lies below it."""
    listed = list(names)
    roots = {name.split(".", 1)[0] for name in listed}
    if len(roots) != 1 or all("." not in name for name in listed):
        return None
    return roots.pop()


def short_labels(names: Iterable[str]) -> dict[str, str]:
    """Each name without the root they all share (``django.db`` -> ``db``); the root stays whole."""
    listed = list(names)
    root = common_root(listed)
    if root is None:
        return {name: name for name in listed}
    return {name: name[len(root) + 1 :] or name for name in listed}


def fmt(value: float) -> str:
    """A coordinate with one decimal at most: enough for a screen, and stable bytes."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def svg(width: float, height: float, label: str, body: Iterable[str]) -> str:
    """The outer element: natural size in CSS pixels, scaled down by the page when too wide."""
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {fmt(width)} {fmt(height)}" '
        f'width="{fmt(width)}" height="{fmt(height)}" role="img" aria-label="{esc(label)}" '
        f'font-family="{FONT_FAMILY}" font-size="{FONT}">'
    )
    return "\n".join([head, *body, "</svg>"])


def text(x: float, y: float, content: str, extra: str = "") -> str:
    """A text element at (x, y), its content escaped; ``extra`` holds further attributes."""
    attributes = f'x="{fmt(x)}" y="{fmt(y)}"' + (f" {extra}" if extra else "")
    return f"<text {attributes}>{esc(content)}</text>"


def line(x1: float, y1: float, x2: float, y2: float, colour: str) -> str:
    """A straight one-pixel line."""
    ends = f'x1="{fmt(x1)}" y1="{fmt(y1)}" x2="{fmt(x2)}" y2="{fmt(y2)}"'
    return f'<line {ends} stroke="{colour}"/>'


def empty(message: str) -> str:
    """A picture that only says why there is nothing to draw."""
    return svg(420, 40, message, [text(8, 24, message, f'fill="{MUTED}"')])
