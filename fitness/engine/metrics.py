"""Facts -> MetricsReport: what ``archfit metrics`` shows.

Never prints, never judges.

Beside ``fitness.engine.check``, independent of it: the CLI gathers the facts with the engine and
hands them here.

Coupling comes from ``analyzer.metrics.coupling`` (every import edge counts, whatever its
kind); size and complexity from the ModuleMetrics the parser attached to each file.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from analyzer.facts import Facts
from analyzer.metrics.coupling import (
    Coupling,
    Cycle,
    ModuleCoupling,
    PackageCoupling,
    measure_coupling,
)
from analyzer.metrics.halstead import halstead_report
from analyzer.metrics.model import FunctionMetrics, ModuleMetrics
from analyzer.roles import Role, role_of
from fitness import __version__
from fitness.catalog import INPUT_CODES
from fitness.results.metrics import (
    CycleRow,
    FunctionRow,
    HalsteadRow,
    MetricsReport,
    ModuleRow,
    PackageRow,
    RawRow,
)


def metrics_report(
    facts: Facts, warnings: tuple[str, ...] = (), roles: Sequence[tuple[str, Role]] = ()
) -> MetricsReport:
    """The metrics of already-gathered facts; rows by name, functions by module and line.
    Each module and function row carries its file's role (``roles``: the configured globs)."""
    metrics = module_measures(facts)
    coupling = measure_coupling(facts.layout.files, facts.edges, metrics)
    modules = module_rows(facts, coupling, metrics, roles)
    return MetricsReport(
        tool_version=__version__,
        modules=modules,
        packages=tuple(package_row(p) for p in coupling.packages),
        functions=function_rows(metrics, {m.name: m.role for m in modules}),
        cycles=tuple(cycle_row(c) for c in coupling.cycles),
        warnings=warnings,
    )


def module_measures(facts: Facts) -> dict[str, ModuleMetrics]:
    """What the parser measured on each analysed module (nothing for a file it could not)."""
    found: dict[str, ModuleMetrics] = {}
    for parsed in facts.parsed:
        if parsed.source.module is not None and parsed.metrics is not None:
            found[parsed.source.module] = parsed.metrics
    return found


def module_rows(
    facts: Facts,
    coupling: Coupling,
    metrics: Mapping[str, ModuleMetrics],
    roles: Sequence[tuple[str, Role]] = (),
) -> tuple[ModuleRow, ...]:
    """One row per analysed module: its measures, its coupling and its role; a module that
    could not be measured marked with its input rule's code (INP001 for a syntax error...)."""
    paths = {f.module: f.path for f in facts.layout.files if f.module is not None}
    problems = unmeasured(facts)
    return tuple(
        replace(
            _module_row(c, paths[c.name], metrics.get(c.name), problems.get(paths[c.name], "")),
            role=role_of(paths[c.name], roles).value,
        )
        for c in coupling.modules
    )


def unmeasured(facts: Facts) -> dict[str, str]:
    """path -> the INP code of each file archfit could not read, decode or parse."""
    return {p.path: INPUT_CODES[p.kind.value] for p in facts.problems}


def _module_row(
    coupling: ModuleCoupling, path: str, metrics: ModuleMetrics | None, problem: str
) -> ModuleRow:
    if metrics is None:
        return ModuleRow(
            coupling.name,
            path,
            fan_in=coupling.fan_in,
            fan_out=coupling.fan_out,
            externals=coupling.externals,
            problem=problem,
        )
    return ModuleRow(
        coupling.name,
        path,
        sloc=metrics.raw.sloc,
        complexity=metrics.complexity,
        # complexipy's file total: a function's value already holds its nested functions'.
        cognitive=sum(f.cognitive for f in metrics.functions if not f.is_closure),
        fan_in=coupling.fan_in,
        fan_out=coupling.fan_out,
        externals=coupling.externals,
        raw=RawRow(**vars(metrics.raw)),
        halstead=halstead_row(metrics) if metrics.complete else None,
        maintainability=metrics.maintainability if metrics.complete else None,
    )


def halstead_row(measure: ModuleMetrics | FunctionMetrics) -> HalsteadRow:
    """radon ``hal``'s numbers from the four counts the parser took."""
    return HalsteadRow(**vars(halstead_report(measure.h1, measure.h2, measure.n1, measure.n2)))


def package_row(package: PackageCoupling) -> PackageRow:
    """A package's coupling as a report row."""
    return PackageRow(
        name=package.name,
        modules=package.modules,
        ca=package.ca,
        ce=package.ce,
        instability=package.instability,
        abstractness=package.abstractness,
        distance=package.distance,
        complexity=package.complexity,
        sloc=package.sloc,
        externals=package.externals,
    )


def function_rows(
    metrics: Mapping[str, ModuleMetrics], roles: Mapping[str, str] | None = None
) -> tuple[FunctionRow, ...]:
    """Every function, method and closure of every module, by module then line, each with
    its module's role (``roles``: module -> role; library when not given)."""
    found = _functions(metrics.items(), roles or {})
    return tuple(sorted(found, key=lambda f: (f.module, f.line, f.qualname)))


def _functions(
    items: Iterable[tuple[str, ModuleMetrics]], roles: Mapping[str, str]
) -> Iterable[FunctionRow]:
    for module, metrics in items:
        role = roles.get(module, Role.LIBRARY.value)
        for f in metrics.functions:
            row = halstead_row(f)
            yield FunctionRow(module, f.qualname, f.line, f.complexity, f.cognitive, row, role)


def cycle_row(cycle: Cycle) -> CycleRow:
    """A cycle and the imports to cut, as a report row."""
    return CycleRow(cycle.modules, cycle.breakers, cycle.kind)
