"""``archfit metrics --format json``: the spec's "Machine output" document, deterministic.

Every level's key is always there; ``--sort`` and ``--top`` order and cut the rows of the
chosen ``--level`` (at ``function`` level, the functions listed under their modules). Each
module carries radon ``raw``'s counts and radon ``hal``'s numbers under radon's own keys, each
function its ``hal`` numbers; each module and function its file's ``role``; a module archfit
could not measure has its INP code in ``problem`` and null for every measurement.
``schemas/metrics.json`` describes the document.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from fitness.reporters import jsontext
from fitness.results.metrics import (
    DEFAULT_VIEW,
    FunctionRow,
    HalsteadRow,
    MetricsReport,
    MetricsView,
    ModuleRow,
    PackageRow,
    rows,
    value,
)

SCHEMA_VERSION = 1
_DIGITS = 4


def render(report: MetricsReport, view: MetricsView = DEFAULT_VIEW) -> str:
    """The report as a JSON document (sorted keys, stable order, trailing newline)."""
    return jsontext.dumps(to_data(report, view)) + "\n"


def to_data(report: MetricsReport, view: MetricsView = DEFAULT_VIEW) -> dict[str, Any]:
    """The JSON document as plain data."""
    functions = _functions_by_module(report, view)
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "archfit", "version": report.tool_version},
        "modules": [_module(m, functions[m.name]) for m in _level(report, view, "module")],
        "packages": [_package(p) for p in _level(report, view, "package")],
        "cycles": [list(cycle.modules) for cycle in report.cycles],
        # Beside ``cycles``, whose shape stays: import-time, or the deferred kind a cycle needs.
        "cycle_kinds": [cycle.kind for cycle in report.cycles],
        "breakers": [
            {"importer": importer, "imported": imported}
            for cycle in report.cycles
            for importer, imported in cycle.breakers
        ],
        "warnings": list(report.warnings),
    }


def _level(report: MetricsReport, view: MetricsView, level: str) -> tuple[Any, ...]:
    """The view's rows at its own level; every row, in report order, at the others."""
    return rows(report, view) if view.level == level else report.level_rows(level)


def _functions_by_module(
    report: MetricsReport, view: MetricsView
) -> defaultdict[str, list[FunctionRow]]:
    """Each module's functions by line; at function level, only the rows the view keeps."""
    # At the other levels every function is kept: no set of 9k rows to hash (Django).
    kept = set(rows(report, view)) if view.level == "function" else None
    grouped: defaultdict[str, list[FunctionRow]] = defaultdict(list)
    for function in report.functions:
        if kept is None or function in kept:
            grouped[function.module].append(function)
    return grouped


def _module(module: ModuleRow, functions: list[FunctionRow]) -> dict[str, Any]:
    mi = value(module, "maintainability")
    return {
        "name": module.name,
        "path": module.path,
        "role": module.role,
        "problem": module.problem or None,
        "sloc": value(module, "sloc"),
        "complexity": value(module, "complexity"),
        "cognitive": value(module, "cognitive"),
        "maintainability": None if mi is None else round(mi, 2),
        "fan_in": module.fan_in,
        "fan_out": module.fan_out,
        "externals": list(module.externals),
        "raw": None if module.raw is None or module.problem else vars(module.raw).copy(),
        "halstead": None if module.problem else halstead(module.halstead),
        "functions": [_function(f) for f in functions],
    }


def _function(function: FunctionRow) -> dict[str, Any]:
    return {
        "qualname": function.qualname,
        "role": function.role,
        "line": function.line,
        "complexity": function.complexity,
        "cognitive": function.cognitive,
        "halstead": halstead(function.halstead),
    }


# radon ``hal -j``'s keys (its N1 and N2 are upper case), floats unrounded as radon prints them.
_HALSTEAD_KEYS = {"n1": "N1", "n2": "N2"}


def halstead(row: HalsteadRow | None) -> dict[str, Any] | None:
    """radon ``hal``'s twelve numbers under its own keys; None when there are none."""
    if row is None:
        return None
    return {_HALSTEAD_KEYS.get(key, key): number for key, number in vars(row).items()}


def _package(package: PackageRow) -> dict[str, Any]:
    return {
        "name": package.name,
        "modules": package.modules,
        "ca": package.ca,
        "ce": package.ce,
        "instability": round(package.instability, _DIGITS),
        "abstractness": round(package.abstractness, _DIGITS),
        "distance": round(package.distance, _DIGITS),
        "complexity": package.complexity,
        "sloc": package.sloc,
        "externals": list(package.externals),
    }
