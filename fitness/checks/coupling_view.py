"""Package coupling of the analysed target for the graph checks: computed once per ``Viewed``,
or brought up to date from the run before after an edit (``Narrowing.updates``, ADR-0020).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from analyzer.facts import Facts, ImportEdge, Layout
from analyzer.metrics.coupling import (
    CouplingChange,
    PackageCoupling,
    crossing_imports,
    internal_pairs,
    package_couplings,
    package_names,
    updated_package_couplings,
)
from archfit_values import frozen
from fitness.checks.base import Hit, State, Updates
from fitness.checks.view_values import Viewed, class_counts, viewed_of

_NONE = (0, 0)


@frozen
class Couplings:
    """What the coupling checks read: each package's coupling (``package_couplings``), and
    what it follows from besides the layout: each module's imports that cross a package's
    edge (``crossing_imports``) and its class and abstract class counts (none when both
    are 0)."""

    packages: tuple[PackageCoupling, ...]
    crossings: Mapping[str, tuple[str, ...]]
    classes: Mapping[str, tuple[int, int]]


_last: list[tuple[Viewed, Couplings]] = []


def couplings_of(viewed: Viewed) -> Couplings:
    """The couplings over the edges and each module's ``classes`` view (the last result is
    reused for the same layout, edges and counts: the two checks that read it are given a
    ``Viewed`` each)."""
    if _last and _same(_last[0][0], viewed):
        return _last[0][1]
    counts = viewed.column("classes")
    found = {s.module: c for s, c in zip(viewed.sources, counts, strict=True) if s.module and c}
    classes = {module: (c[0], c[1]) for module, c in found.items() if tuple(c) != _NONE}
    names = package_names(viewed.layout.files)
    crossings = crossing_imports(internal_pairs(viewed.edges), names)
    packages = package_couplings(_modules(viewed.layout), names, crossings, classes)
    result = Couplings(packages, crossings, classes)
    _last[:] = [(viewed, result)]
    return result


def packages_of(viewed: Viewed) -> tuple[PackageCoupling, ...]:
    """``couplings_of(viewed).packages``."""
    return couplings_of(viewed).packages


def _same(old: Viewed, new: Viewed) -> bool:
    """The same layout and edges (the same objects), files and class counts."""
    same_facts = old.layout is new.layout and old.edges is new.edges
    return same_facts and (old.sources, old.column("classes")) == (
        new.sources,
        new.column("classes"),
    )


def _modules(layout: Layout) -> list[str]:
    """Each analysed file's module (a module twice when two files are it)."""
    return [f.module for f in layout.files if f.module]


def coupling_state(facts: Facts) -> State:
    """What ``updated`` brings the couplings of the next run up to date from
    (``Updates.state``): the couplings found by ``run`` on the same facts (taken again when
    the last ones are of other facts)."""
    found = _last[0] if _last else None
    if found is None or found[0].layout is not facts.layout or found[0].edges is not facts.edges:
        return state_of(couplings_of(viewed_of(facts, ("classes",))), facts.layout)
    return state_of(found[1], facts.layout)


# A ``State`` is stored with the rule's hits, read and written whole each run: its three
# texts name each module by its place among ``_basis`` (a tenth of the size of the names).
_KINDS = 3


def _basis(layout: Layout) -> list[str]:
    """The names a state's places stand for: the layout's modules and namespace packages,
    sorted (the stamp the state is kept under holds the layout)."""
    return sorted({*_modules(layout), *layout.namespace_packages})


_last_state: list[tuple[Couplings, Layout, State]] = []


def state_of(couplings: Couplings, layout: Layout) -> State:
    """The couplings as a ``State``: each module's crossing imports (``place place ...``, the
    importer first), its class counts (``place total abstract``) and each package's coupling
    (``name modules ca ce classes abstract``), a text of rows each; an empty state, which
    ``updated`` never reads, when a name is none of ``layout``'s. The last one is reused for
    the same couplings and layout (the two checks keep one each)."""
    if _last_state and _last_state[0][0] is couplings and _last_state[0][1] is layout:
        return _last_state[0][2]
    place = {name: str(at) for at, name in enumerate(_basis(layout))}
    try:
        imports = ";".join(
            " ".join([place[module], *map(place.__getitem__, found)])
            for module, found in couplings.crossings.items()
        )
        classes = ";".join(f"{place[m]} {c[0]} {c[1]}" for m, c in couplings.classes.items())
    except KeyError:
        return ()
    packages = ";".join(
        f"{p.name} {p.modules} {p.ca} {p.ce} {p.classes} {p.abstract_classes}"
        for p in couplings.packages
    )
    state: State = (((imports, classes, packages),),)
    _last_state[:] = [(couplings, layout, state)]
    return state


def _from_state(state: State, layout: Layout) -> Couplings | None:
    """The couplings a ``State`` holds (``state_of``); None when it holds none."""
    if len(state) != 1 or len(state[0]) != 1 or len(state[0][0]) != _KINDS:
        return None
    basis = _basis(layout)
    try:
        rows = [[row.split(" ") for row in text.split(";") if row] for text in state[0][0]]
        crossings = {basis[int(r[0])]: tuple([basis[int(m)] for m in r[1:]]) for r in rows[0]}
        classes = {basis[int(m)]: (int(total), int(abstract)) for m, total, abstract in rows[1]}
        packages = tuple(_package(row) for row in rows[2])
    except (ValueError, IndexError):
        return None
    return Couplings(packages, crossings, classes)


def _package(row: list[str]) -> PackageCoupling:
    """A package's coupling from its row of a ``State``."""
    modules, ca, ce, classes, abstract = (int(n) for n in row[1:])
    return PackageCoupling(row[0], modules, ca, ce, classes, abstract)


_last_update: list[tuple[Facts, frozenset[str], State, Couplings]] = []


def updated(before: State, facts: Facts, moved: frozenset[str]) -> Couplings | None:
    """The couplings of ``facts`` from the ``State`` of facts that differ from them only in the
    files of the modules ``moved`` (the layout the same: ``fitness.engine.updated``'s stamp
    holds it); None when ``before`` is no such state. Each moved module's crossing imports
    and class counts are taken again, and the packages' couplings moved by the difference
    (``updated_package_couplings``)."""
    for seen, seen_moved, seen_before, result in _last_update:
        if seen is facts and seen_moved == moved and seen_before == before:
            return result  # the two checks bring the same couplings up to date
    prior = _from_state(before, facts.layout)
    if prior is None:
        return None
    names = frozenset(p.name for p in prior.packages)
    now = crossing_imports(_pairs_of(facts.edges, moved), names)
    imports = {m: (prior.crossings.get(m, ()), now.get(m, ())) for m in moved}
    counted = _class_counts(facts, moved)
    classes = {m: (prior.classes.get(m, _NONE), counted.get(m, _NONE)) for m in moved}
    change = CouplingChange(imports, {m: c for m, c in classes.items() if c[0] != c[1]})
    modules = _modules(facts.layout)
    packages = updated_package_couplings(prior.packages, prior.crossings, change, modules)
    crossings = {m: found for m, found in prior.crossings.items() if m not in moved}
    crossings = dict(sorted({**crossings, **now}.items()))
    kept = {m: c for m, c in prior.classes.items() if m not in moved}
    kept.update((m, c) for m, c in counted.items() if c != _NONE)  # as ``couplings_of``
    result = Couplings(packages, crossings, dict(sorted(kept.items())))
    _last_update[:] = [(facts, moved, before, result)]
    return result


# What a rule that reads the couplings alone makes of them: its hits.
HitsOf = Callable[[Couplings, Facts, Mapping[str, Any]], list[Hit]]


def coupling_updates(hits: HitsOf) -> Updates:
    """The ``Narrowing.updates`` of a rule whose hits are ``hits`` of the couplings: its state
    is the couplings' (``coupling_state``); after an edit its hits are ``hits`` of the
    couplings brought up to date (``updated``), or computed when they cannot be."""

    def update(
        _hits: Sequence[Hit],
        before: State,
        facts: Facts,
        params: Mapping[str, Any],
        moved: frozenset[str],
    ) -> tuple[list[Hit], State] | None:
        couplings = updated(before, facts, moved)
        if couplings is None:
            return None
        return hits(couplings, facts, params), state_of(couplings, facts.layout)

    return Updates(lambda facts, _params: coupling_state(facts), update)


def _pairs_of(edges: tuple[ImportEdge, ...], modules: Iterable[str]) -> set[tuple[str, str]]:
    """The internal pairs (``internal_pairs``) of ``modules``' imports, read from the run's
    edges (in ``edge_order``: by importer first) by bisection."""
    found: set[tuple[str, str]] = set()
    for module in modules:
        low = bisect.bisect_left(edges, module, key=_importer)
        high = bisect.bisect_right(edges, module, lo=low, key=_importer)
        found |= internal_pairs(edges[low:high])
    return found


def _importer(edge: ImportEdge) -> str:
    return edge.importer


def _class_counts(facts: Facts, modules: frozenset[str]) -> dict[str, tuple[int, int]]:
    """Each of ``modules``' class counts today, as ``couplings_of`` takes them: of its last
    file with metrics (a module none of whose files has metrics is left out)."""
    found: dict[str, tuple[int, int]] = {}
    for parsed in facts.parsed:
        module = parsed.source.module
        if module in modules and (counts := class_counts(parsed)):
            found[module] = (counts[0], counts[1])
    return found


_last_paths: list[tuple[Layout, dict[str, tuple[int, str]]]] = []


def first_path(layout: Layout, package: str) -> str:
    """The path of a package's ``__init__`` (or its first module): of the files whose module
    is the package or lies below it, the one of the shortest module name in dots, then the
    first path. Found for every package in one pass over the files, kept for the layout (a
    pass per package cost 10 ms each on a 14,500-file tree)."""
    if not _last_paths or _last_paths[0][0] is not layout:
        _last_paths[:] = [(layout, _first_paths(layout))]
    found = _last_paths[0][1].get(package)
    return found[1] if found else ""


def _first_paths(layout: Layout) -> dict[str, tuple[int, str]]:
    """For every dotted prefix of every module (the module too): the least (dots, path) of
    the files whose module is it or lies below it."""
    best: dict[str, tuple[int, str]] = {}
    for f in layout.files:
        if not f.module:
            continue
        here = (f.module.count("."), f.path)
        parts = f.module.split(".")
        for size in range(1, len(parts) + 1):
            prefix = ".".join(parts[:size])
            if prefix not in best or here < best[prefix]:
                best[prefix] = here
    return best
