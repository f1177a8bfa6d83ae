"""Package coupling of the analysed target, computed once per ``Viewed`` for the graph
checks."""

from __future__ import annotations

from analyzer.facts import Layout
from analyzer.metrics.coupling import PackageCoupling, measure_packages
from fitness.checks.view_values import Viewed

_last: list[tuple[Viewed, tuple[PackageCoupling, ...]]] = []


def packages_of(viewed: Viewed) -> tuple[PackageCoupling, ...]:
    """``analyzer.metrics.coupling``'s package couplings over the edges and each module's
    ``classes`` view (the last result is reused for the same layout, edges and counts: the
    two checks that read it are given a ``Viewed`` each)."""
    if _last and _same(_last[0][0], viewed):
        return _last[0][1]
    counts = viewed.column("classes")
    classes = {s.module: c for s, c in zip(viewed.sources, counts, strict=True) if s.module and c}
    result = measure_packages(viewed.layout.files, viewed.edges, classes)
    _last[:] = [(viewed, result)]
    return result


def _same(old: Viewed, new: Viewed) -> bool:
    """The same layout and edges (the same objects), files and class counts."""
    same_facts = old.layout is new.layout and old.edges is new.edges
    return same_facts and (old.sources, old.column("classes")) == (
        new.sources,
        new.column("classes"),
    )


def first_path(layout: Layout, package: str) -> str:
    """The path of a package's ``__init__`` (or its first module)."""
    paths = sorted(
        (module.count("."), f.path)
        for f in layout.files
        if (module := f.module or "") == package or module.startswith(f"{package}.")
    )
    return paths[0][1] if paths else ""
