"""The metrics report ``archfit metrics`` renders, and how its rows are sorted.

Stdlib only.

The engine layer builds a MetricsReport from the facts; the metrics reporters are pure
functions of it and of a MetricsView (which level, sorted by what, how many rows), so they
never reach the analysis code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field, fields
from typing import Any

from archfit_values import frozen

LEVELS = ("module", "package", "function")

# The columns ``--sort`` accepts at each level, in the order tables and CSV show them.
COLUMNS: Mapping[str, tuple[str, ...]] = {
    "module": (
        "name",
        "path",
        "sloc",
        "complexity",
        "cognitive",
        "maintainability",
        "fan_in",
        "fan_out",
    ),
    "package": (
        "name",
        "modules",
        "ca",
        "ce",
        "instability",
        "abstractness",
        "distance",
        "complexity",
        "sloc",
    ),
    "function": ("name", "line", "complexity", "cognitive"),
}
# radon ``raw``'s and ``hal``'s numbers, by radon's names (lower case for ``--sort``): every
# machine format has them; the table shows them on request (``--columns``).
RAW_COLUMNS = ("loc", "lloc", "sloc", "comments", "multi", "blank", "single_comments")
HALSTEAD_COLUMNS = (
    "h1",
    "h2",
    "n1",
    "n2",
    "vocabulary",
    "length",
    "calculated_length",
    "volume",
    "difficulty",
    "effort",
    "time",
    "bugs",
)
# Sortable beside COLUMNS; a module's ``sloc`` is its raw ``sloc``.
EXTRA_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "module": tuple(c for c in RAW_COLUMNS + HALSTEAD_COLUMNS if c != "sloc"),
    "package": (),
    "function": HALSTEAD_COLUMNS,
}
# The number groups the table can show at each level (the first is the default).
COLUMN_SETS: Mapping[str, tuple[str, ...]] = {
    "module": ("basic", "raw", "halstead"),
    "package": ("basic",),
    "function": ("basic", "halstead"),
}
# A module's columns that are not measurements: an unmeasured module still has them.
_ALWAYS = frozenset({"name", "path", "fan_in", "fan_out", "role"})
# The table's short headers, accepted by ``--sort`` too.
ALIASES: Mapping[str, str] = {
    "cc": "complexity",
    "cog": "cognitive",
    "mi": "maintainability",
    "mods": "modules",
    "i": "instability",
    "a": "abstractness",
    "d": "distance",
    "module": "name",
    "package": "name",
    "function": "name",
}
# Sorted smallest first (names read alphabetically; a low maintainability index is the worst);
# every other column is sorted biggest first, so that ``--top`` shows the worst rows.
ASCENDING = frozenset({"name", "path", "line", "maintainability"})


@frozen
class RawRow:
    """radon ``raw``'s counts of one module."""

    loc: int
    lloc: int
    sloc: int
    comments: int
    multi: int
    blank: int
    single_comments: int


@frozen
class HalsteadRow:
    """radon ``hal``'s numbers of one module or function (``n1``, ``n2``: radon's N1, N2)."""

    h1: int
    h2: int
    n1: int
    n2: int
    vocabulary: int
    length: int
    calculated_length: float
    volume: float
    difficulty: float
    effort: float
    time: float
    bugs: float


@frozen(order=True)
class FunctionRow:
    """One function, method or closure: radon's cyclomatic complexity, complexipy's cognitive,
    radon's Halstead numbers (its body, nested functions included)."""

    module: str
    qualname: str  # module-relative: ``Service.send``, ``outer.inner``
    line: int
    complexity: int
    cognitive: int = 0
    halstead: HalsteadRow | None = field(default=None, compare=False)
    role: str = field(default="library", compare=False)  # its module's file role

    @property
    def name(self) -> str:
        """The module-qualified name: ``chat.domain.Service.send``."""
        return f"{self.module}.{self.qualname}"


@frozen
class ModuleRow:
    """One analysed module: size, complexity, maintainability and coupling.

    A module archfit could not measure (a file it could not read, decode or parse) has its
    input rule's code in ``problem``: its measurement columns mean nothing (the totals above
    it add 0 for it) and reporters show no number for them. ``halstead`` is None too where
    only the raw counts could be taken.
    """

    name: str
    path: str  # relative to the analysed root, forward slashes
    sloc: int = 0
    complexity: int = 0
    cognitive: int = 0
    maintainability: float | None = None  # None when the file could not be measured
    fan_in: int = 0
    fan_out: int = 0
    externals: tuple[str, ...] = ()  # third-party top-level import names
    raw: RawRow | None = None
    halstead: HalsteadRow | None = None
    problem: str = ""  # the INP code of a module that could not be measured
    role: str = "library"  # its file's role: library, tests, docs... (analyzer.roles)


@frozen
class PackageRow:
    """One package with every module in it (at any depth): Martin's metrics and totals."""

    name: str
    modules: int
    ca: int
    ce: int
    instability: float
    abstractness: float
    distance: float
    complexity: int = 0
    sloc: int = 0
    externals: tuple[str, ...] = ()


@frozen(order=True)
class CycleRow:
    """Modules that import each other in a cycle, and a small set of imports to cut."""

    modules: tuple[str, ...]
    breakers: tuple[tuple[str, str], ...] = ()
    kind: str = "import-time"  # or the deferred kind it needs: type-only, function-local, ...


@frozen
class MetricsReport:
    """Everything a metrics reporter may show: rows by name (functions by module, then line)."""

    tool_version: str
    modules: tuple[ModuleRow, ...]
    packages: tuple[PackageRow, ...]
    functions: tuple[FunctionRow, ...]
    cycles: tuple[CycleRow, ...]
    warnings: tuple[str, ...] = ()

    def level_rows(self, level: str) -> tuple[Any, ...]:
        """Every row of one level (``module``, ``package`` or ``function``), in report order."""
        return {"module": self.modules, "package": self.packages, "function": self.functions}[level]


@frozen
class MetricsView:
    """Which rows to show: one level, sorted by one of its COLUMNS, the first ``top``."""

    level: str = "module"
    sort: str = "name"
    top: int | None = None
    columns: str = "basic"  # one of COLUMN_SETS[level]: the table's number columns


DEFAULT_VIEW = MetricsView()


def sort_column(text: str, level: str) -> str | None:
    """The column ``text`` names at ``level`` (``fan-in``, ``fan_in``, ``cc``...), else None."""
    name = text.strip().lower().replace("-", "_")
    name = ALIASES.get(name, name)
    return name if name in COLUMNS[level] or name in EXTRA_COLUMNS[level] else None


def value(row: Any, column: str) -> Any:
    """A row's value in one column (raw and Halstead columns too); None where it has none."""
    if getattr(row, "problem", "") and column not in _ALWAYS:
        return None
    if column in RAW_COLUMNS and column != "sloc":
        return None if row.raw is None else getattr(row.raw, column)
    if column in HALSTEAD_COLUMNS:
        return None if row.halstead is None else getattr(row.halstead, column)
    return getattr(row, column)


def halstead_values(row: HalsteadRow | None) -> tuple[float | int | None, ...]:
    """The twelve numbers in radon's order; twelve Nones for none."""
    if row is None:
        return (None,) * len(HALSTEAD_COLUMNS)
    return tuple(getattr(row, f.name) for f in fields(row))


def rows(report: MetricsReport, view: MetricsView) -> tuple[Any, ...]:
    """The view's rows: sorted by its column (ties by name), cut to ``top``."""
    ordered = sorted(report.level_rows(view.level), key=lambda row: sort_key(row, view.sort))
    return tuple(ordered[: view.top] if view.top is not None else ordered)


def sort_key(row: Any, column: str) -> tuple[Any, ...]:
    """Worst first for numbers (see ASCENDING); rows without a value last; ties by name."""
    found = value(row, column)
    tie = (row.name, getattr(row, "line", 0))
    if found is None:
        return (1, 0, *tie)
    if isinstance(found, str) or column in ASCENDING:
        return (0, found, *tie)
    return (0, -found, *tie)
