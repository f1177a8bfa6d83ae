"""Package coupling of the analysed target, computed once per Facts for the graph checks."""

from __future__ import annotations

from analyzer.facts import Facts
from analyzer.metrics.coupling import PackageCoupling, measure_packages

_last: list[tuple[Facts, tuple[PackageCoupling, ...]]] = []


def packages_of(facts: Facts) -> tuple[PackageCoupling, ...]:
    """``analyzer.metrics.coupling``'s package couplings over these facts (the last result
    is reused)."""
    if _last and _last[0][0] is facts:
        return _last[0][1]
    metrics = {p.source.module: p.metrics for p in facts.parsed if p.source.module and p.metrics}
    result = measure_packages(facts.layout.files, facts.edges, metrics)
    _last[:] = [(facts, result)]
    return result


def first_path(facts: Facts, package: str) -> str:
    """The path of a package's ``__init__`` (or its first module)."""
    paths = sorted(
        (module.count("."), f.path)
        for f in facts.layout.files
        if (module := f.module or "") == package or module.startswith(f"{package}.")
    )
    return paths[0][1] if paths else ""
