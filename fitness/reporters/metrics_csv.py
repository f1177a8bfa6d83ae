"""``archfit metrics --format csv``: one row per module, package or function (``--level``)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping
from typing import Any

from fitness.measures import (
    COLUMNS,
    DEFAULT_VIEW,
    FunctionRow,
    MetricsReport,
    MetricsView,
    ModuleRow,
    PackageRow,
    rows,
)

_DIGITS = 4


def _number(value: float | None) -> str:
    return "" if value is None else repr(round(value, _DIGITS))


def _module(row: ModuleRow) -> list[Any]:
    return [
        row.name,
        row.path,
        row.sloc,
        row.complexity,
        row.cognitive,
        _number(row.maintainability),
        row.fan_in,
        row.fan_out,
        " ".join(row.externals),
    ]


def _package(row: PackageRow) -> list[Any]:
    return [
        row.name,
        row.modules,
        row.ca,
        row.ce,
        _number(row.instability),
        _number(row.abstractness),
        _number(row.distance),
        row.complexity,
        row.sloc,
        " ".join(row.externals),
    ]


def _function(row: FunctionRow) -> list[Any]:
    return [row.module, row.qualname, row.line, row.complexity, row.cognitive]


# The sortable columns, plus the third-party packages a module or package imports.
HEADERS: Mapping[str, tuple[str, ...]] = {
    "module": (*COLUMNS["module"], "externals"),
    "package": (*COLUMNS["package"], "externals"),
    "function": ("module", "qualname", "line", "complexity", "cognitive"),
}
_CELLS: Mapping[str, Callable[[Any], list[Any]]] = {
    "module": _module,
    "package": _package,
    "function": _function,
}


def render(report: MetricsReport, view: MetricsView = DEFAULT_VIEW) -> str:
    """A header line, then the view's rows; externals space-separated; ``\\n`` line ends."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADERS[view.level])
    writer.writerows(_CELLS[view.level](row) for row in rows(report, view))
    return out.getvalue()
