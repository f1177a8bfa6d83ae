"""``archfit metrics --format csv``: one row per module, package or function (``--level``).

Modules end with radon ``raw``'s counts, radon ``hal``'s numbers and the INP code of a module
that could not be measured (its measurement cells empty, never 0); functions end with their
``hal`` numbers; both end with the file's role (library, tests...). Columns are only ever
added at the end.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping
from typing import Any

from fitness.results.metrics import (
    COLUMNS,
    DEFAULT_VIEW,
    EXTRA_COLUMNS,
    HALSTEAD_COLUMNS,
    FunctionRow,
    MetricsReport,
    MetricsView,
    ModuleRow,
    PackageRow,
    halstead_values,
    rows,
    value,
)

_DIGITS = 4


def _number(number: float | None) -> str:
    return "" if number is None else repr(round(number, _DIGITS))


def _cell(cell: Any) -> Any:
    """A float to 4 decimals, anything else (None: an empty cell) as it is."""
    return _number(cell) if isinstance(cell, float) else cell


def _module(row: ModuleRow) -> list[Any]:
    cells = [_cell(value(row, column)) for column in COLUMNS["module"]]
    extras = [_cell(value(row, column)) for column in EXTRA_COLUMNS["module"]]
    return [*cells, " ".join(row.externals), *extras, row.problem, row.role]


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
    halstead = [_cell(number) for number in halstead_values(row.halstead)]
    return [row.module, row.qualname, row.line, row.complexity, row.cognitive, *halstead, row.role]


# The sortable columns, the third-party packages a module or package imports, then radon's
# raw and Halstead numbers (radon's names, N1 and N2 in upper case as radon writes them).
_RADON_NAMES = {"n1": "N1", "n2": "N2"}
HEADERS: Mapping[str, tuple[str, ...]] = {
    "module": (
        *COLUMNS["module"],
        "externals",
        *(_RADON_NAMES.get(c, c) for c in EXTRA_COLUMNS["module"]),
        "problem",
        "role",
    ),
    "package": (*COLUMNS["package"], "externals"),
    "function": (
        "module",
        "qualname",
        "line",
        "complexity",
        "cognitive",
        *(_RADON_NAMES.get(c, c) for c in HALSTEAD_COLUMNS),
        "role",
    ),
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
