"""Coupling facts: fan-in and fan-out per module; Ca, Ce, I, A, D per package; import cycles.

Every internal import edge counts, whatever its kind (``TYPE_CHECKING``-only, function-local
and dynamic imports are still dependencies), once per (importer, imported) pair. For a package
P (at every depth: ``a``, ``a.b``, ``a.b.c``, namespace packages included), a module is in P
when it is P itself or lies below it; ``ca`` counts the modules outside P that import a module
in P, ``ce`` the analysed modules outside P that modules in P import. Third-party imports are
reported separately, by top-level import name (the standard library is never third-party).
No judgments here: the numbers only.
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

from analyzer.cycles import IMPORT_TIME, adjacency, breakers, cycle_kinds, cycles
from analyzer.facts import ImportEdge, SourceFile
from analyzer.metrics.model import ModuleMetrics
from archfit_values import frozen

_STDLIB = frozenset(sys.stdlib_module_names) | {"__future__"}

Pair = tuple[str, str]
# What a package sums of each module: classes, abstract classes, complexity, source lines.
Counts = tuple[int, int, int, int]


@frozen(order=True)
class ModuleCoupling:
    """One module's distinct internal importers and imports, and its third-party imports."""

    name: str
    fan_in: int
    fan_out: int
    externals: tuple[str, ...] = ()


@frozen(order=True)
class PackageCoupling:
    """One package with every module in it: couplings out of and into it, and its totals."""

    name: str
    modules: int
    ca: int
    ce: int
    classes: int = 0
    abstract_classes: int = 0
    complexity: int = 0
    sloc: int = 0
    externals: tuple[str, ...] = ()

    @property
    def instability(self) -> float:
        """I = Ce / (Ca + Ce), 0 when the package is coupled to nothing."""
        total = self.ca + self.ce
        return self.ce / total if total else 0.0

    @property
    def abstractness(self) -> float:
        """A = abstract classes and Protocols over all classes, 0 when there is no class."""
        return self.abstract_classes / self.classes if self.classes else 0.0

    @property
    def distance(self) -> float:
        """D = |A + I - 1|, the distance from the main sequence."""
        return abs(self.abstractness + self.instability - 1)


@frozen(order=True)
class Cycle:
    """A strongly connected component of modules and a small set of imports that breaks it."""

    modules: tuple[str, ...]
    breakers: tuple[Pair, ...]
    kind: str = IMPORT_TIME  # or the deferred kind it needs (analyzer.cycles.cycle_kinds)


@frozen
class Coupling:
    """Coupling of every analysed module and package, sorted by name, and the cycles."""

    modules: tuple[ModuleCoupling, ...]
    packages: tuple[PackageCoupling, ...]
    cycles: tuple[Cycle, ...]


def measure_coupling(
    files: Iterable[SourceFile],
    edges: Iterable[ImportEdge],
    metrics: Mapping[str, ModuleMetrics] | None = None,
) -> Coupling:
    """Coupling facts of the analysed modules (``files`` with a module name) over ``edges``."""
    sources = sorted((f for f in files if f.module is not None), key=lambda f: f.module or "")
    edges = list(edges)
    pairs = internal_pairs(edges)
    externals = third_party_by_module(edges)
    modules = _module_couplings(_names(sources), pairs, externals)
    counts = {name: _counts(m) for name, m in (metrics or {}).items()}
    packages = _package_couplings(sources, pairs, externals, counts)
    return Coupling(modules, packages, import_cycles(_names(sources), pairs, edges))


def measure_packages(
    files: Iterable[SourceFile],
    edges: Iterable[ImportEdge],
    classes: Mapping[str, tuple[int, int]] | None = None,
) -> tuple[PackageCoupling, ...]:
    """``measure_coupling``'s packages alone (the graph checks read nothing else; the cycles
    and module couplings cost them a second on a 14,500-file tree), from each module's class
    and abstract class counts (``classes``): their complexity and size are left at 0, which
    no graph check reads."""
    sources = sorted((f for f in files if f.module is not None), key=lambda f: f.module or "")
    edges = list(edges)
    pairs = internal_pairs(edges)
    counts = {name: (total, abstract, 0, 0) for name, (total, abstract) in (classes or {}).items()}
    return _package_couplings(sources, pairs, third_party_by_module(edges), counts)


def _counts(metrics: ModuleMetrics) -> Counts:
    """What a package's coupling sums of a module's metrics."""
    return (metrics.classes, metrics.abstract_classes, metrics.complexity, metrics.raw.sloc)


def internal_pairs(edges: Iterable[ImportEdge]) -> frozenset[Pair]:
    """Distinct (importer, imported) pairs between analysed modules, self-imports aside."""
    return frozenset(
        (e.importer, e.imported) for e in edges if not e.external and e.importer != e.imported
    )


def third_party_by_module(edges: Iterable[ImportEdge]) -> dict[str, set[str]]:
    """The third-party top-level names each module imports (never the standard library)."""
    found: dict[str, set[str]] = defaultdict(set)
    for edge in edges:
        if edge.external and edge.imported.partition(".")[0] not in _STDLIB:
            found[edge.importer].add(edge.imported)
    return found


def package_names(files: Iterable[SourceFile]) -> frozenset[str]:
    """Every package holding analysed modules: regular ones and every dotted prefix."""
    names: set[str] = set()
    for source in files:
        if source.module is None:
            continue
        parts = source.module.split(".")
        names.update(".".join(parts[:i]) for i in range(1, len(parts)))
        if source.is_package:
            names.add(source.module)
    return frozenset(names)


def import_cycles(
    modules: Iterable[str], pairs: Iterable[Pair], edges: Iterable[ImportEdge] = ()
) -> tuple[Cycle, ...]:
    """Every module-level import cycle over ``pairs``, with imports to cut and its kind (from
    ``edges``: import-time unless it needs a deferred import to close), sorted."""
    graph = adjacency(pairs, modules)
    components = cycles(graph)
    kinds = cycle_kinds(components, edges)
    return tuple(
        Cycle(tuple(c), tuple(breakers(graph, c)), kind)
        for c, kind in zip(components, kinds, strict=True)
    )


def _names(sources: Iterable[SourceFile]) -> list[str]:
    return [s.module for s in sources if s.module is not None]


def _module_couplings(
    names: list[str], pairs: frozenset[Pair], externals: Mapping[str, set[str]]
) -> tuple[ModuleCoupling, ...]:
    fan_in = Counter(imported for _, imported in pairs)
    fan_out = Counter(importer for importer, _ in pairs)
    return tuple(
        ModuleCoupling(name, fan_in[name], fan_out[name], tuple(sorted(externals.get(name, ()))))
        for name in names
    )


def _package_couplings(
    sources: list[SourceFile],
    pairs: frozenset[Pair],
    externals: Mapping[str, set[str]],
    counts: Mapping[str, Counts],
) -> tuple[PackageCoupling, ...]:
    packages = package_names(sources)
    enclosing = _Enclosing(packages)
    afferent, efferent = _crossings(pairs, enclosing)
    members = _members(_names(sources), enclosing)
    return tuple(
        _package(name, members[name], afferent[name], efferent[name], externals, counts)
        for name in sorted(packages)
    )


class _Enclosing:
    """The packages a module is in (itself, when it is a package, and each ancestor)."""

    def __init__(self, packages: frozenset[str]) -> None:
        self.packages = packages
        self._seen: dict[str, frozenset[str]] = {}

    def __call__(self, name: str) -> frozenset[str]:
        found = self._seen.get(name)
        if found is None:
            parts = name.split(".")
            prefixes = (".".join(parts[:i]) for i in range(1, len(parts) + 1))
            found = self._seen[name] = frozenset(p for p in prefixes if p in self.packages)
        return found


def _crossings(
    pairs: frozenset[Pair], enclosing: _Enclosing
) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Per package: the outside modules importing into it, and those it imports."""
    afferent: dict[str, set[str]] = defaultdict(set)
    efferent: dict[str, set[str]] = defaultdict(set)
    for importer, imported in pairs:
        inside_importer, inside_imported = enclosing(importer), enclosing(imported)
        for package in inside_imported - inside_importer:
            afferent[package].add(importer)
        for package in inside_importer - inside_imported:
            efferent[package].add(imported)
    return afferent, efferent


def _members(modules: Iterable[str], enclosing: _Enclosing) -> dict[str, list[str]]:
    """The analysed modules in each package."""
    members: dict[str, list[str]] = defaultdict(list)
    for module in modules:
        for package in enclosing(module):
            members[package].append(module)
    return members


def _package(
    name: str,
    members: list[str],
    afferent: set[str],
    efferent: set[str],
    externals: Mapping[str, set[str]],
    counts: Mapping[str, Counts],
) -> PackageCoupling:
    measured = [counts[m] for m in members if m in counts]
    return PackageCoupling(
        name=name,
        modules=len(members),
        ca=len(afferent),
        ce=len(efferent),
        classes=sum(m[0] for m in measured),
        abstract_classes=sum(m[1] for m in measured),
        complexity=sum(m[2] for m in measured),
        sloc=sum(m[3] for m in measured),
        externals=tuple(sorted({e for m in members for e in externals.get(m, ())})),
    )
