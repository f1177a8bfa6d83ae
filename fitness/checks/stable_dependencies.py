"""``stable-dependencies``: a package depends on a sibling that is less stable than itself.

What it does:
    For every import between two sibling packages (same parent package), compares their
    instability I = Ce / (Ca + Ce) and reports ``importer -> imported`` when the imported
    package is more unstable by more than ``margin`` (the stable-dependencies principle:
    depend in the direction of stability). Packages with fewer than ``min_coupling``
    couplings are skipped.

Why is this bad?
    An unstable package changes often; a stable one that depends on it gets dragged along,
    and so does everything that depends on the stable one.

Example:
    ``shop.core`` (I 0.2, imported by everything) imports ``shop.reports`` (I 0.9).

Use instead:
    Invert the dependency (the stable package declares a Protocol, the unstable one implements
    it), or move the needed piece down into the stable package.

Options:
    ``margin`` (number, default 0.4): how much less stable the imported package must be.
    ``min_coupling`` (int, default 4): packages with fewer couplings are skipped.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from analyzer.facts import Facts
from analyzer.metrics.coupling import PackageCoupling, internal_pairs
from fitness.checks.base import Hit, Param
from fitness.checks.coupling_view import packages_of

Pair = tuple[str, str]


class StableDependenciesCheck:
    """Flags sibling-package imports that point towards less stability."""

    id = "stable-dependencies"
    params_schema: Mapping[str, Param] = {
        "margin": Param(float, 0.4, "how much less stable the imported package must be"),
        "min_coupling": Param(int, 4, "packages with fewer couplings (Ca + Ce) are skipped"),
    }

    def inputs(self, params: Mapping[str, Any]) -> tuple[str, ...]:
        """The views of each file's facts its hits follow from (``fitness.engine.parts``):
        the import graph and the class counts (abstractness)."""
        return ("edges", "classes")

    def run(self, facts: Facts, params: Mapping[str, Any]) -> list[Hit]:
        """One hit per (importer package, imported package), at the first such import."""
        margin = float(params["margin"])
        min_coupling = int(params["min_coupling"])
        packages = {p.name: p for p in packages_of(facts) if p.ca + p.ce >= min_coupling}
        paths = {f.module: f.path for f in facts.layout.files if f.module}
        lines = {(e.importer, e.imported): e.line for e in reversed(facts.edges)}
        hits = []
        for (source, target), (importer, imported) in sorted(_sibling_pairs(facts, packages)):
            a, b = packages[source], packages[target]
            if b.instability > a.instability + margin:
                hits.append(_hit(a, b, importer, imported, paths, lines))
        return hits


def _sibling_pairs(
    facts: Facts, packages: Mapping[str, PackageCoupling]
) -> Iterator[tuple[Pair, Pair]]:
    """(package pair, first module pair) for imports between sibling packages."""
    seen: dict[Pair, Pair] = {}
    for importer, imported in sorted(internal_pairs(facts.edges)):
        for pair in _siblings(importer, imported, packages):
            seen.setdefault(pair, (importer, imported))
    yield from seen.items()


def _siblings(importer: str, imported: str, packages: Mapping[str, Any]) -> Iterator[Pair]:
    a, b = importer.split("."), imported.split(".")
    common = 0
    while common < min(len(a), len(b)) and a[common] == b[common]:
        common += 1
    if common >= min(len(a), len(b)):
        return
    source, target = ".".join(a[: common + 1]), ".".join(b[: common + 1])
    if source in packages and target in packages:
        yield source, target


def _hit(
    a: PackageCoupling,
    b: PackageCoupling,
    importer: str,
    imported: str,
    paths: Mapping[str, str],
    lines: Mapping[Pair, int],
) -> Hit:
    message = (
        f"{a.name} (I {a.instability:.2f}) depends on the less stable {b.name} "
        f"(I {b.instability:.2f}), e.g. {importer} -> {imported}"
    )
    return Hit(
        f"{a.name} -> {b.name}",
        message,
        paths.get(importer, ""),
        lines.get((importer, imported), 1),
    )
