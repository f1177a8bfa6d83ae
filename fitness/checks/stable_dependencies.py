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

from collections.abc import Collection, Iterable, Iterator, Mapping
from typing import Any

from analyzer.facts import Facts, ImportEdge, Layout
from analyzer.metrics.coupling import PackageCoupling
from fitness.checks.base import Hit, Narrowing, Param, always
from fitness.checks.coupling_view import Couplings, coupling_updates, couplings_of
from fitness.checks.view_values import Viewed, viewed_of

Pair = tuple[str, str]
_READS = ("package_crossings", "sibling_pairs", "classes")


class StableDependenciesCheck:
    """Flags sibling-package imports that point towards less stability."""

    id = "stable-dependencies"
    params_schema: Mapping[str, Param] = {
        "margin": Param(float, 0.4, "how much less stable the imported package must be"),
        "min_coupling": Param(int, 4, "packages with fewer couplings (Ca + Ce) are skipped"),
    }
    # After an edit, the couplings follow the change, as main-sequence distance's
    # (``coupling_view.updated``); the pairs a hit names come from the crossing imports.
    narrowed = Narrowing(
        _READS,
        always,
        witnessed=True,
        updates=coupling_updates(lambda c, f, p: _hits(c, f.edges, f.layout, p)),
    )

    def inputs(self, params: Mapping[str, Any]) -> tuple[str, ...]:
        """The views of each file's facts its hits follow from (``fitness.engine.parts``):
        the imports that cross a package's edge (``package_crossings``: the couplings), those
        between sibling packages with their first lines (``sibling_pairs``: the pairs a hit
        names) and the class counts (abstractness)."""
        return _READS

    def run(self, facts: Facts, params: Mapping[str, Any]) -> list[Hit]:
        """One hit per (importer package, imported package), at the first such import."""
        return self.run_views(viewed_of(facts, self.inputs(params)), params)

    def run_views(self, viewed: Viewed, params: Mapping[str, Any]) -> list[Hit]:
        """``run`` on the ``classes`` view of every file and the edges."""
        return _hits(couplings_of(viewed), viewed.edges, viewed.layout, params)


def _hits(
    couplings: Couplings, edges: Iterable[ImportEdge], layout: Layout, params: Mapping[str, Any]
) -> list[Hit]:
    """One hit per (importer package, imported package), at the first such import."""
    margin = float(params["margin"])
    min_coupling = int(params["min_coupling"])
    packages = {p.name: p for p in couplings.packages if p.ca + p.ce >= min_coupling}
    paths = {f.module: f.path for f in layout.files if f.module}
    found = []
    for (source, target), (importer, imported) in sorted(_sibling_pairs(couplings, packages)):
        a, b = packages[source], packages[target]
        if b.instability > a.instability + margin:
            found.append((a, b, importer, imported))
    wanted = {(importer, imported) for _, _, importer, imported in found}
    lines = _first_lines(edges, wanted)
    return [_hit(a, b, importer, imported, paths, lines) for a, b, importer, imported in found]


def _first_lines(edges: Iterable[ImportEdge], wanted: set[Pair]) -> dict[Pair, int]:
    """The line of the first import of each wanted (importer, imported) pair: only the
    reported pairs are looked up, not every import of the run."""
    lines: dict[Pair, int] = {}
    if not wanted:  # no hit: no import to read
        return lines
    for edge in edges:
        pair = (edge.importer, edge.imported)
        if pair in wanted and pair not in lines:
            lines[pair] = edge.line
            if len(lines) == len(wanted):
                break
    return lines


def _sibling_pairs(
    couplings: Couplings, packages: Mapping[str, PackageCoupling]
) -> Iterator[tuple[Pair, Pair]]:
    """(package pair, first module pair) for imports between sibling packages: they cross a
    package's edge (``siblings`` finds none between two modules of the same packages), so
    the crossing imports, in name order, hold them all."""
    seen: dict[Pair, Pair] = {}
    for importer, found in couplings.crossings.items():
        for imported in found:
            pair = siblings(importer, imported, packages)
            if pair is not None:
                seen.setdefault(pair, (importer, imported))
    yield from seen.items()


def siblings(importer: str, imported: str, packages: Collection[str]) -> Pair | None:
    """The sibling packages (below their common parent) the import goes between, when both
    are judged; None for an import within one line of packages."""
    a, b = importer.split("."), imported.split(".")
    shorter = min(len(a), len(b))
    common = 0
    while common < shorter and a[common] == b[common]:
        common += 1
    if common >= shorter:
        return None
    source, target = ".".join(a[: common + 1]), ".".join(b[: common + 1])
    return (source, target) if source in packages and target in packages else None


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
