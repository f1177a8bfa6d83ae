"""``archfit report --format html``: the Codebase Analysis as one self-contained HTML page.

A Jinja2 template (``templates/report.html.j2``) with autoescape on: every value taken from the
repository is escaped, the SVG pictures come from ``svg`` already escaped (as Markup). Inline CSS
and SVG only, nothing loaded from the network, no timestamp: the same report gives the same bytes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from archfit_values import frozen
from fitness.reporters import svg
from fitness.results.metrics import CycleRow
from fitness.results.report import SECTIONS, DeclaredLayer, Report, StackItem

TEMPLATE = "report.html.j2"
_TEMPLATES = Path(__file__).parent / "templates"


def render(report: Report) -> str:
    """The report as an HTML page, sections in SECTIONS order, trailing newline."""
    return _environment().get_template(TEMPLATE).render(_context(report))


@cache
def _environment() -> Environment:
    """Built on first use: the CLI imports every reporter, few runs render HTML."""
    environment = Environment(
        loader=FileSystemLoader(_TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters.update(num=number, fixed=fixed, pct=percent, inverted=inverted)
    return environment


def _context(report: Report) -> dict[str, Any]:
    names = [node.name for node in report.structure.diagram.nodes if not node.external]
    return {
        "report": report,
        "sections": SECTIONS,
        "headings": dict(SECTIONS),
        "diagram": svg.dependency_svg(report.structure),
        "diagram_note": svg.diagram_note(report.structure),
        "matrix": svg.matrix_svg(report.structure),
        "chart": svg.main_sequence_svg(report.coupling.chart),
        "root": svg.common_root(names),
        "stack": by_category(report.stack),
        "cycles": [cycle_view(k, c) for k, c in enumerate(report.coupling.cycles, 1)],
        "farthest": sorted(report.coupling.chart, key=lambda r: (-r.distance, r.name))[:5],
        "biggest": max((box.sloc for box in report.structure.packages), default=0),
    }


@frozen
class CycleView:
    """A module cycle as the page shows it: its modules counted by package, then the detail."""

    number: int
    modules: tuple[str, ...]
    packages: tuple[tuple[str, int], ...]  # at the diagram's depth, most modules first
    breakers: tuple[tuple[str, str], ...]
    kind: str = "import-time"


def cycle_view(number: int, cycle: CycleRow) -> CycleView:
    """Cycle ``number``, its modules counted by package one level below the root they share."""
    depth = len(_shared_prefix(cycle.modules)) + 1
    counts = Counter(".".join(module.split(".")[:depth]) for module in cycle.modules)
    packages = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return CycleView(number, cycle.modules, tuple(packages), cycle.breakers, cycle.kind)


def _shared_prefix(modules: Sequence[str]) -> list[str]:
    """The dotted parts every module name starts with (``django.contrib.gis`` -> 3 parts)."""
    split = [module.split(".") for module in modules]
    shared: list[str] = []
    for parts in zip(*split, strict=False):
        if len(set(parts)) > 1:
            break
        shared.append(parts[0])
    return shared


def by_category(items: tuple[StackItem, ...]) -> list[tuple[str, list[StackItem]]]:
    """Stack items grouped by category, categories in the order they first appear."""
    groups: dict[str, list[StackItem]] = {}
    for item in items:
        groups.setdefault(item.category, []).append(item)
    return list(groups.items())


def inverted(layers: Sequence[DeclaredLayer]) -> list[bool]:
    """For each declared layer (top first), whether the graph puts it above a layer declared
    above it: its inferred layer is higher than the lowest one inferred among those."""
    flags: list[bool] = []
    lowest: int | None = None
    for layer in layers:
        here = layer.inferred
        flags.append(here is not None and lowest is not None and here > lowest)
        if here is not None:
            lowest = here if lowest is None else min(lowest, here)
    return flags


def number(value: int) -> str:
    """An integer with thousands separated: 12,345."""
    return f"{value:,}"


def fixed(value: float, digits: int = 2) -> str:
    """A ratio with a fixed number of decimals: 0.50."""
    return f"{value:.{digits}f}"


def percent(value: float) -> str:
    """A share as a whole percentage; a small non-zero share reads "<1%", not "0%"."""
    if 0 < value < 0.01:
        return "<1%"
    return f"{value * 100:.0f}%"
