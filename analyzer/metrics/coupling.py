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
from dataclasses import replace

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


def crossing_imports(pairs: Iterable[Pair], packages: frozenset[str]) -> dict[str, tuple[str, ...]]:
    """Each module's imports that cross a package's edge (the packages holding the importer
    are not those holding the imported module; ``packages``: ``package_names``), sorted, the
    modules in name order: every pair the package couplings count, and no other."""
    enclosing = _Enclosing(packages)
    found: dict[str, set[str]] = defaultdict(set)
    for importer, imported in pairs:
        if enclosing(importer) != enclosing(imported):
            found[importer].add(imported)
    return {module: tuple(sorted(found[module])) for module in sorted(found)}


def package_couplings(
    modules: Iterable[str],
    packages: frozenset[str],
    crossings: Mapping[str, Iterable[str]],
    classes: Mapping[str, tuple[int, int]],
) -> tuple[PackageCoupling, ...]:
    """Each package's coupling from ``crossing_imports`` and each module's class and abstract
    class counts, as ``measure_packages`` gives it without the third-party imports (which
    the graph checks never read); ``modules``: the analysed modules' names, a module listed
    once per file."""
    enclosing = _Enclosing(packages)
    pairs = ((importer, imported) for importer, found in crossings.items() for imported in found)
    afferent, efferent = _crossings(pairs, enclosing)
    members = _members(modules, enclosing)
    counts = {name: (total, abstract, 0, 0) for name, (total, abstract) in classes.items()}
    return tuple(
        _package(name, members[name], afferent[name], efferent[name], {}, counts)
        for name in sorted(packages)
    )


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
    pairs: Iterable[Pair], enclosing: _Enclosing
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


@frozen
class CouplingChange:
    """The modules whose files changed, each with its ``crossing_imports`` before and after
    the change and its class counts (class and abstract class counts) before and after."""

    imports: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]]
    classes: Mapping[str, tuple[tuple[int, int], tuple[int, int]]]


def updated_package_couplings(
    before: tuple[PackageCoupling, ...],
    crossings: Mapping[str, tuple[str, ...]],
    change: CouplingChange,
    modules: Iterable[str],
) -> tuple[PackageCoupling, ...]:
    """``package_couplings`` after ``change``, from those before it (``before``, over the same
    packages and ``modules``; ``crossings``: every module's crossing imports before it).

    A module is among a package's afferent couplings when it lies outside the package and
    imports into it, which its own imports decide: only a changed module can join or leave
    one. A module imported is among a package's efferent couplings when some module inside
    imports it: a changed module's gained or lost import decides it together with the other
    importers of that module (``crossings``). Class counts are sums over the members."""
    enclosing = _Enclosing(frozenset(p.name for p in before))
    files = Counter(module for module in modules if module in change.classes)
    ca: Counter[str] = Counter()
    ce: Counter[str] = Counter()
    classes: Counter[str] = Counter()
    abstract: Counter[str] = Counter()
    importers = _importers(crossings, change)
    gained_or_lost: set[tuple[str, str]] = set()  # (package, module imported), once each
    for module, (old, new) in change.imports.items():
        inside = enclosing(module)
        was, now = _afferent(old, inside, enclosing), _afferent(new, inside, enclosing)
        ca.update(now - was)
        ca.subtract(was - now)
        for imported in set(old).symmetric_difference(new):
            gained_or_lost.update((package, imported) for package in inside - enclosing(imported))
    for package, imported in gained_or_lost:
        ce[package] += _efferent(package, importers[imported], enclosing)
    for module, ((old_total, old_abstract), (total, abstract_now)) in change.classes.items():
        for package in enclosing(module):
            classes[package] += files[module] * (total - old_total)
            abstract[package] += files[module] * (abstract_now - old_abstract)
    return tuple(
        replace(
            p,
            ca=p.ca + ca[p.name],
            ce=p.ce + ce[p.name],
            classes=p.classes + classes[p.name],
            abstract_classes=p.abstract_classes + abstract[p.name],
        )
        for p in before
    )


def _afferent(imported: Iterable[str], inside: frozenset[str], enclosing: _Enclosing) -> set[str]:
    """The packages a module (in the packages ``inside``) imports into from outside them."""
    return {package for module in imported for package in enclosing(module) - inside}


def _importers(
    crossings: Mapping[str, tuple[str, ...]], change: CouplingChange
) -> dict[str, tuple[set[str], set[str]]]:
    """For each module a changed module gained or lost an import of: the modules importing
    it (across a package's edge) before the change and after it."""
    wanted = {m for old, new in change.imports.values() for m in set(old) ^ set(new)}
    found: dict[str, tuple[set[str], set[str]]] = {m: (set(), set()) for m in wanted}
    for importer, imported in crossings.items():
        for module in wanted.intersection(imported):
            found[module][0].add(importer)
            if importer not in change.imports:
                found[module][1].add(importer)
    for importer, (_, new) in change.imports.items():
        for module in wanted.intersection(new):
            found[module][1].add(importer)
    return found


def _efferent(package: str, importers: tuple[set[str], set[str]], enclosing: _Enclosing) -> int:
    """How the imported module's place among ``package``'s efferent couplings moved: +1
    joined, -1 left, 0 neither (``importers``: its importers before and after)."""
    old, new = (any(package in enclosing(m) for m in side) for side in importers)
    return int(new) - int(old)
