"""``archfit metrics --format table``: one level's rows, readable at a glance in 100 columns.

Numbers are right-aligned under a header; a name too long for its column keeps its end
(``…contrib.admin.views.main``). Below the table: how many rows were cut, a legend, and the
import cycles with the imports to cut. ``--columns raw`` or ``--columns halstead`` swaps the
number columns for radon's raw counts or its main Halstead numbers (JSON and CSV have all
twelve). A module that could not be measured shows its INP code in the first number column
and ``-`` in the others.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from archfit_values import frozen
from fitness.results.findings import escape_name
from fitness.results.metrics import DEFAULT_VIEW, MetricsReport, MetricsView, rows, value

WIDTH = 100
ELLIPSIS = "…"
_CYCLES_SHOWN = 5


@frozen
class _Column:
    header: str
    width: int  # including the spaces that separate it from the column on its left
    cell: Callable[[Any], str]


def _int(attribute: str) -> Callable[[Any], str]:
    def cell(row: Any) -> str:
        number = value(row, attribute)
        return "-" if number is None else str(number)

    return cell


def _fixed(attribute: str, digits: int) -> Callable[[Any], str]:
    def cell(row: Any) -> str:
        number = value(row, attribute)
        return "-" if number is None else f"{number:.{digits}f}"

    return cell


def _text(attribute: str) -> Callable[[Any], str]:
    def cell(row: Any) -> str:
        return str(getattr(row, attribute))

    return cell


# Last in every module and function table: the file's role (library, tests, docs...).
_ROLE = _Column("role", 12, _text("role"))
_RAW = (
    _Column("loc", 8, _int("loc")),
    _Column("lloc", 8, _int("lloc")),
    _Column("sloc", 8, _int("sloc")),
    _Column("comments", 10, _int("comments")),
    _Column("multi", 7, _int("multi")),
    _Column("blank", 7, _int("blank")),
    _Column("single", 8, _int("single_comments")),
    _ROLE,
)
_HALSTEAD = (
    _Column("h1", 8, _int("h1")),
    _Column("h2", 6, _int("h2")),
    _Column("N1", 7, _int("n1")),
    _Column("N2", 7, _int("n2")),
    _Column("volume", 10, _fixed("volume", 1)),
    _Column("diff", 7, _fixed("difficulty", 1)),
    _Column("effort", 11, _fixed("effort", 0)),
    _Column("bugs", 7, _fixed("bugs", 2)),
    _ROLE,
)
# Keyed by (level, column set): see MetricsView.columns.
_COLUMNS: Mapping[tuple[str, str], tuple[_Column, ...]] = {
    ("module", "raw"): _RAW,
    ("module", "halstead"): _HALSTEAD,
    ("function", "halstead"): _HALSTEAD,
    ("module", "basic"): (
        _Column("sloc", 8, _int("sloc")),
        _Column("cc", 7, _int("complexity")),
        _Column("cog", 7, _int("cognitive")),
        _Column("mi", 7, _fixed("maintainability", 1)),
        _Column("fan-in", 8, _int("fan_in")),
        _Column("fan-out", 9, _int("fan_out")),
        _ROLE,
    ),
    ("package", "basic"): (
        _Column("mods", 7, _int("modules")),
        _Column("ca", 6, _int("ca")),
        _Column("ce", 6, _int("ce")),
        _Column("I", 7, _fixed("instability", 2)),
        _Column("A", 6, _fixed("abstractness", 2)),
        _Column("D", 6, _fixed("distance", 2)),
        _Column("cc", 8, _int("complexity")),
        _Column("sloc", 8, _int("sloc")),
    ),
    ("function", "basic"): (
        _Column("line", 7, _int("line")),
        _Column("cc", 6, _int("complexity")),
        _Column("cog", 6, _int("cognitive")),
        _ROLE,
    ),
}
_LEGEND: Mapping[tuple[str, str], str] = {
    ("module", "basic"): "cc: cyclomatic complexity, cog: cognitive complexity, "
    "mi: maintainability index",
    ("module", "raw"): "radon raw: lines (loc), logical, source, comments, multi-line strings, "
    "blank, comment-only",
    ("module", "halstead"): "radon hal: distinct (h) and total (N) operators 1 and operands 2, "
    "diff: difficulty",
    ("package", "basic"): "ca/ce: modules coupled in/out, I: instability, A: abstractness, "
    "D: distance from the main sequence",
    ("function", "basic"): "cc: cyclomatic complexity, cog: cognitive complexity",
    ("function", "halstead"): "radon hal: distinct (h) and total (N) operators 1 and "
    "operands 2, diff: difficulty",
}
_UNMEASURED = "an INP code instead of numbers: not measured (archfit check says why)"


def render(report: MetricsReport, view: MetricsView = DEFAULT_VIEW) -> str:
    """The view's rows as a table, then a summary, the legend and the import cycles."""
    shown = rows(report, view)
    columns = _COLUMNS[view.level, view.columns]
    width = _name_width([escape_name(row.name) for row in shown], view.level, columns)
    lines = [_header(view.level, width, columns), "-" * (width + _numbers_width(columns))]
    lines += [_row(row, width, columns) for row in shown]
    lines += _summary(report, view, len(shown))
    lines += _cycles(report)
    return "\n".join(lines) + "\n"


def _numbers_width(columns: tuple[_Column, ...]) -> int:
    return sum(column.width for column in columns)


def _name_width(names: list[str], header: str, columns: tuple[_Column, ...]) -> int:
    """As wide as the longest name, within what the number columns leave of WIDTH."""
    longest = max([len(header), *(len(name) for name in names)])
    return min(longest, WIDTH - _numbers_width(columns))


def _header(level: str, width: int, columns: tuple[_Column, ...]) -> str:
    return level.ljust(width) + "".join(c.header.rjust(c.width) for c in columns)


def _row(row: Any, width: int, columns: tuple[_Column, ...]) -> str:
    name = truncate(escape_name(row.name), width).ljust(width)
    cells = [c.cell(row) for c in columns]
    if getattr(row, "problem", ""):
        cells[0] = row.problem  # the first number column names why there are no numbers
    return name + "".join(cell.rjust(c.width) for cell, c in zip(cells, columns, strict=True))


def truncate(text: str, width: int) -> str:
    """``text`` if it fits, else its last ``width - 1`` characters after an ellipsis."""
    if len(text) <= width:
        return text
    return ELLIPSIS + text[len(text) - width + 1 :]


def _summary(report: MetricsReport, view: MetricsView, shown: int) -> list[str]:
    """Whether rows were cut, how much was measured, and what the short headers mean."""
    total = len(report.level_rows(view.level))
    lines = [""]
    if shown < total:
        lines.append(f"{shown} of {total} {view.level}s shown, sorted by {view.sort}")
    elif not total:
        lines.append(f"no {view.level}s measured")
    legend = [_LEGEND[view.level, view.columns]]
    if view.level == "module" and any(row.problem for row in report.modules):
        legend.append(_UNMEASURED)
    return [*lines, _counts(report), *legend]


def _counts(report: MetricsReport) -> str:
    sizes = zip(
        (report.modules, report.packages, report.functions, report.cycles),
        ("module", "package", "function", "import cycle"),
        strict=True,
    )
    return ", ".join(_plural(len(items), noun) for items, noun in sizes)


def _cycles(report: MetricsReport) -> list[str]:
    """The biggest cycles, two lines each: their modules, then the imports to cut."""
    if not report.cycles:
        return []
    biggest = sorted(report.cycles, key=lambda c: (-len(c.modules), c.modules))
    lines = ["", "Import cycles (biggest first: modules, then the imports to cut)"]
    for cycle in biggest[:_CYCLES_SHOWN]:
        cut = ", ".join(f"{a} -> {b}" for a, b in cycle.breakers)
        lines.append(f"  {len(cycle.modules)} modules ({cycle.kind}): {', '.join(cycle.modules)}")
        lines.append(f"    cut {_plural(len(cycle.breakers), 'import')}: {cut}")
    if len(report.cycles) > _CYCLES_SHOWN:
        lines.append(f"  and {len(report.cycles) - _CYCLES_SHOWN} more (--format json lists all)")
    return [truncate_end(line, WIDTH) for line in lines]


def truncate_end(text: str, width: int) -> str:
    """``text`` if it fits, else its first ``width - 1`` characters and an ellipsis."""
    return text if len(text) <= width else text[: width - 1] + ELLIPSIS


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' * (count != 1)}"
