"""``import-cycle``: modules that import each other in a cycle, with a small set of edges to cut.

What it checks: every strongly connected component of two or more modules in the import graph.
By default only the imports Python runs when a module is imported count (plain and
``import_module("literal")`` ones): a cycle closed by a ``TYPE_CHECKING`` import or an import
inside a function never runs at import time. ``include_type_checking`` / ``include_lazy`` count
those too, ``include_framework`` Django's string references (``analyzer.framework_edges``);
``deferred_only`` reports just the cycles that need one of them to close (ARC006).
Why: a cycle makes its modules one unit: none can be understood, tested or extracted alone.
How to fix: cut the edges listed (Eades-Lin-Smyth greedy feedback arc set, a small set).
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from analyzer.cycles import (
    IMPORT_TIME_KINDS,
    adjacency,
    breakers,
    cycles,
    describe,
    same_components,
)
from analyzer.facts import Facts, ImportEdge, ImportKind
from fitness.checks.base import EdgesOf, Hit, Narrowing, Param, State, Updates, always
from fitness.results.findings import Link


class ImportCycleCheck:
    """Finds module-level import cycles across the whole analysed graph."""

    id = "import-cycle"
    params_schema: Mapping[str, Param] = {
        "include_type_checking": Param(bool, False, "count imports under TYPE_CHECKING"),
        "include_lazy": Param(bool, False, "count function-local and PEP 810 lazy imports"),
        "include_framework": Param(
            bool, False, "count framework edges (INSTALLED_APPS, ForeignKey('app.Model'))"
        ),
        "deferred_only": Param(
            bool, False, "report only the cycles that close through a counted deferred import"
        ),
    }
    # The cycles follow from which modules import which, by what kinds of import (the
    # ``internal_pairs`` view); a hit reads the lines of the imports it names to cut alone,
    # and those are its links' (``fitness.engine.guarded``), taken again by ``relinked``.

    # After an edit, the cycles follow the change (``updated``): the components stay while
    # the moved modules' imports can neither split nor join one, and only the hits of the
    # components holding a moved module are taken again.
    narrowed = Narrowing(
        ("internal_pairs",),
        always,
        witnessed=True,
        relink=lambda h, p, e: relinked(h, p, e),
        updates=Updates(lambda f, p: state(f, p), lambda h, s, f, p, m: updated(h, s, f, p, m)),
    )

    def inputs(self, params: Mapping[str, Any]) -> tuple[str, ...] | None:
        """What of each file's facts its hits follow from, besides the layout: the import
        graph between the project's modules (external imports are never counted); with
        framework edges, files beyond the facts too (None: never reused)."""
        return None if params["include_framework"] else ("internal",)

    def run(self, facts: Facts, params: Mapping[str, Any]) -> list[Hit]:
        """One hit per cycle, located at the first import to cut."""
        edges, view, components = _graph(facts, _counting(params))
        if params["deferred_only"]:
            components = _deferred_only(components, facts)
        paths = {f.module: f.path for f in facts.layout.files if f.module}
        lines = _lines_by_pair(edges, components)
        if not params["deferred_only"]:
            return [_hit(c, breakers(view, c), paths, lines, False) for c in components]
        inside = zip(components, _deferred_pairs(components, edges), strict=True)
        return [_hit(c, pairs, paths, lines, True) for c, pairs in inside]


def _hit(
    component: list[str],
    cut: list[tuple[str, str]],
    paths: Mapping[str, str],
    lines: Mapping[tuple[str, str], tuple[int, ...]],
    deferred: bool,
) -> Hit:
    """The cycle's finding: at the first import to ``cut`` (for a deferred cycle, the first
    deferred import inside it, which is what closes it)."""
    links = tuple((Link(a, b, paths.get(a, ""), lines[(a, b)]),) for a, b in cut)
    first = links[0][0]
    message = describe(component, cut)
    if deferred:
        message = message.replace("; cut ", "; it closes only through deferred imports: ", 1)
    return Hit(
        subject=component[0],
        message=message,
        path=first.path,
        line=first.lines[0],
        target=",".join(component),
        chains=links,
    )


# What a rule counts: (include_type_checking, include_lazy, include_framework).
_Counting = tuple[bool, bool, bool]
_IMPORT_TIME: _Counting = (False, False, False)
_Graph = tuple[list[ImportEdge], dict[str, set[str]], list[list[str]]]
# ARC001 and ARC006 both need the import-time cycles of one run's facts: found once.
_last_graphs: list[tuple[Facts, _Counting, _Graph]] = []


_COUNTING_KEYS = ("include_type_checking", "include_lazy", "include_framework")


def _counting(params: Mapping[str, Any]) -> _Counting:
    typed, lazy, framework = (bool(params[key]) for key in _COUNTING_KEYS)
    return typed, lazy, framework


def _graph(facts: Facts, counting: _Counting) -> _Graph:
    """The counted edges, their adjacency and its cycles, reused while the facts are the
    same (the facts are frozen; the last two countings are kept)."""
    for seen, seen_counting, graph in _last_graphs:
        if seen is facts and seen_counting == counting:
            return graph
    params = dict(zip(_COUNTING_KEYS, counting, strict=True))
    edges = [e for e in _edges(facts, params) if _counted(e, params)]
    view = adjacency(((e.importer, e.imported) for e in edges), facts.modules)
    graph = (edges, view, cycles(view))
    kept = [entry for entry in _last_graphs if entry[0] is facts][-1:]
    _last_graphs[:] = [*kept, (facts, counting, graph)]
    return graph


def _deferred_only(components: list[list[str]], facts: Facts) -> list[list[str]]:
    """The components that are not cycles of the import-time imports alone (a component's
    import-time edges are the counted ones of those kinds, without framework edges)."""
    import_time = {tuple(c) for c in _graph(facts, _IMPORT_TIME)[2]}
    return [c for c in components if tuple(c) not in import_time]


def _deferred_pairs(
    components: list[list[str]], edges: list[ImportEdge]
) -> list[list[tuple[str, str]]]:
    """Each component's deferred imports between its own modules, sorted (one pass over the
    edges for every component)."""
    where = {module: index for index, component in enumerate(components) for module in component}
    found: list[set[tuple[str, str]]] = [set() for _ in components]
    for e in edges:
        index = where.get(e.importer)
        deferred = e.kind not in IMPORT_TIME_KINDS
        if deferred and index is not None and where.get(e.imported) == index:
            found[index].add((e.importer, e.imported))
    return [sorted(pairs) for pairs in found]


def _edges(facts: Facts, params: Mapping[str, Any]) -> tuple[ImportEdge, ...]:
    """The imports, and the framework edges when the rule opts in (issue 16)."""
    if not params["include_framework"]:
        return facts.edges
    from analyzer.framework_edges import framework_edges  # read by a rule that opts in alone

    return (*facts.edges, *framework_edges(facts.layout, facts.parsed))


def _counted(edge: ImportEdge, params: Mapping[str, Any]) -> bool:
    if edge.external:
        return False
    if edge.kind is ImportKind.FRAMEWORK:
        return bool(params["include_framework"])
    if edge.kind in IMPORT_TIME_KINDS:
        return True
    if edge.kind is ImportKind.TYPE_ONLY:
        return bool(params["include_type_checking"])
    return bool(params["include_lazy"])  # function-local and PEP 810 lazy imports


def _lines_by_pair(
    edges: list[ImportEdge], components: list[list[str]]
) -> dict[tuple[str, str], tuple[int, ...]]:
    """The lines of each import between two modules of one component (the only pairs a
    hit names)."""
    inside = {module for component in components for module in component}
    found: dict[tuple[str, str], set[int]] = {}
    for edge in edges:
        if edge.importer in inside and edge.imported in inside:
            found.setdefault((edge.importer, edge.imported), set()).add(edge.line)
    return {pair: tuple(sorted(lines)) for pair, lines in found.items()}


def relinked(hits: Sequence[Hit], params: Mapping[str, Any], edges_of: EdgesOf) -> list[Hit]:
    """Stored hits with each link's lines taken again from its pair's counted imports
    (``edges_of``), and each hit's line from its first link: all a hit reads of the imports
    besides which modules import which, by what kinds (``Narrowing.relink``)."""

    def relink(link: Link) -> Link:
        edges = edges_of(link.path, link.importer, link.imported)
        if edges is None:  # its file is as it was
            return link
        return replace(link, lines=tuple(sorted({e.line for e in edges if _counted(e, params)})))

    found = []
    for hit in hits:
        chains = tuple(tuple(relink(link) for link in chain) for chain in hit.chains)
        found.append(replace(hit, line=chains[0][0].lines[0], chains=chains))
    return found


def state(facts: Facts, params: Mapping[str, Any]) -> State:
    """What ``updated`` needs besides the hits (``Updates.state``): the cycles of the counted
    graph and, for ``deferred_only``, those of the import-time one (found by ``run`` on the
    same facts, so not found again)."""
    counted = tuple(tuple(c) for c in _graph(facts, _counting(params))[2])
    if not params["deferred_only"]:
        return (counted,)
    return counted, tuple(tuple(c) for c in _graph(facts, _IMPORT_TIME)[2])


def updated(
    hits: Sequence[Hit],
    before: State,
    facts: Facts,
    params: Mapping[str, Any],
    moved: frozenset[str],
) -> tuple[list[Hit], State] | None:
    """The hits of ``facts`` from those of the run before (``before``: its ``state``), when
    only the imports of the modules ``moved`` changed (``Updates.update``): None when a
    cycle may have formed, split or joined another; else each component's hit as stored,
    but those holding a moved module, taken again from their own imports."""
    counting = _counting(params)
    if counting[2] or len(before) != (2 if params["deferred_only"] else 1):
        return None  # framework edges read settings files: never stored
    graphs = [_Counted(facts.edges, counting)]
    if params["deferred_only"]:
        graphs.append(_Counted(facts.edges, _IMPORT_TIME))
    if not all(
        same_components(c, moved, g.successors) for c, g in zip(before, graphs, strict=True)
    ):
        return None
    import_time = set(before[1]) if params["deferred_only"] else set()
    shown = [list(c) for c in before[0] if c not in import_time]
    stored = {hit.target: hit for hit in hits}
    paths = {f.module: f.path for f in facts.layout.files if f.module}
    found = []
    for component in shown:
        hit = stored.get(",".join(component)) if moved.isdisjoint(component) else None
        if hit is None:
            hit = _taken_again(component, graphs[0], paths, params["deferred_only"])
        found.append(hit)
    return found, before


def _taken_again(
    component: list[str], graph: _Counted, paths: Mapping[str, str], deferred: bool
) -> Hit:
    """One component's hit from its modules' counted imports alone, as ``run`` makes it."""
    inside = set(component)
    edges = [e for module in component for e in graph.edges(module) if e.imported in inside]
    lines = _lines_by_pair(edges, [component])
    if not deferred:
        view = adjacency(((e.importer, e.imported) for e in edges), component)
        return _hit(component, breakers(view, component), paths, lines, False)
    return _hit(component, _deferred_pairs([component], edges)[0], paths, lines, True)


class _Counted:
    """The counted imports of each module, read from the run's edges (in ``edge_order``:
    by importer first) by bisection, for the few modules an update visits."""

    def __init__(self, edges: Sequence[ImportEdge], counting: _Counting) -> None:
        self._all = edges
        self._params = dict(zip(_COUNTING_KEYS, counting, strict=True))
        self._found: dict[str, list[ImportEdge]] = {}

    def edges(self, module: str) -> list[ImportEdge]:
        """``module``'s counted imports, in ``edge_order``."""
        if module not in self._found:
            low = bisect.bisect_left(self._all, module, key=_importer)
            high = bisect.bisect_right(self._all, module, lo=low, key=_importer)
            own = self._all[low:high]
            self._found[module] = [e for e in own if _counted(e, self._params)]
        return self._found[module]

    def successors(self, module: str) -> list[str]:
        """The modules ``module`` imports (counted), once each."""
        return list(dict.fromkeys(e.imported for e in self.edges(module)))


def _importer(edge: ImportEdge) -> str:
    return edge.importer
