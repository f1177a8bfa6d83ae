"""Import cycles: strongly connected components and a small set of edges that breaks them.

A minimum feedback arc set is NP-hard; Eades, Lin and Smyth's greedy ordering gives a small one
in linear time, and the edges that run backwards in that order are the ones to cut.

Graphs are plain adjacency mappings (module -> modules it imports); a networkx DiGraph fits
too. Nothing here imports networkx: ``archfit check`` should not pay 0.27 s to load it.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence

from analyzer.facts import ImportEdge, ImportKind

Adjacency = Mapping[str, Iterable[str]]
# The kinds Python runs while it imports a module; every other kind is deferred (type-only,
# function-local, PEP 810 ``lazy``): a cycle that needs one of them never runs at import time.
IMPORT_TIME_KINDS = frozenset({ImportKind.IMPORT, ImportKind.DYNAMIC})
IMPORT_TIME = "import-time"
# A cycle's kind names the deferred kind it needs: "lazy" edges are function-local imports.
_DEFERRED_NAMES = {ImportKind.LAZY.value: "function-local"}


def adjacency(edges: Iterable[tuple[str, str]], nodes: Iterable[str] = ()) -> dict[str, set[str]]:
    """An adjacency mapping from (importer, imported) pairs."""
    graph: dict[str, set[str]] = {node: set() for node in nodes}
    for importer, imported in edges:
        graph.setdefault(importer, set()).add(imported)
        graph.setdefault(imported, set())
    return graph


def cycles(graph: Adjacency) -> list[list[str]]:
    """Every strongly connected component with more than one module, each sorted, sorted."""
    return sorted(sorted(c) for c in _components(graph) if len(c) > 1)


def _components(graph: Adjacency) -> list[list[str]]:
    """Tarjan's algorithm, iteratively (a long import chain must not hit the recursion limit)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        _visit(start, index, low, stack, on_stack)
        while work:
            node, successors = work[-1]
            advanced = False
            for nxt in successors:
                if nxt not in index:
                    _visit(nxt, index, low, stack, on_stack)
                    work.append((nxt, iter(sorted(_successors(graph, nxt)))))
                    advanced = True
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                found.append(_pop_component(node, stack, on_stack))
    return found


def _successors(graph: Adjacency, node: str) -> Iterable[str]:
    """What ``node`` imports; a networkx DiGraph has no ``get``, so ask by key."""
    try:
        return graph[node]
    except KeyError:
        return ()


def _visit(
    node: str, index: dict[str, int], low: dict[str, int], stack: list[str], on_stack: set[str]
) -> None:
    index[node] = low[node] = len(index)
    stack.append(node)
    on_stack.add(node)


def _pop_component(root: str, stack: list[str], on_stack: set[str]) -> list[str]:
    component = []
    while True:
        node = stack.pop()
        on_stack.discard(node)
        component.append(node)
        if node == root:
            return component


def same_components(
    components: Sequence[Sequence[str]],
    moved: Collection[str],
    successors: Callable[[str], Iterable[str]],
) -> bool:
    """Whether ``components`` (the cycles of a graph before: its strongly connected
    components of two or more modules) are still its cycles now that the imports of the
    modules ``moved`` changed, every other module's the same (``successors``: the graph now).

    They are when each moved module in a component still reaches every module of it from
    inside it, and is reached from none of its imports that leave it, and no moved module
    outside every component lies on a cycle: a new cycle must run through a new import, and
    those imports either stay inside one component (which they cannot join to another) or
    start at a module no cycle reaches (ADR-0020, the cycles that follow the change).
    """
    where = {module: at for at, component in enumerate(components) for module in component}
    for at in sorted({where[module] for module in moved if module in where}):
        if not _strongly_connected(components[at], successors):
            return False
    for module in sorted(moved):
        inside = set(components[where[module]]) if module in where else {module}
        leaving = [target for target in successors(module) if target not in inside]
        if _reaches(leaving, module, successors):
            return False
    return True


def _reaches(
    starts: Iterable[str], target: str, successors: Callable[[str], Iterable[str]]
) -> bool:
    """Whether a path leads from one of ``starts`` to ``target``."""
    seen = set(starts)
    work = list(seen)
    while work:
        node = work.pop()
        if node == target:
            return True
        for nxt in successors(node):
            if nxt not in seen:
                seen.add(nxt)
                work.append(nxt)
    return False


def _strongly_connected(members: Sequence[str], successors: Callable[[str], Iterable[str]]) -> bool:
    """Whether every module of ``members`` reaches every other through ``members`` alone."""
    inside = set(members)
    forward = {node: {t for t in successors(node) if t in inside} for node in inside}
    backward: dict[str, set[str]] = {node: set() for node in inside}
    for node, targets in forward.items():
        for target in targets:
            backward[target].add(node)
    return all(len(_closure(members[0], graph)) == len(inside) for graph in (forward, backward))


def _closure(start: str, graph: Mapping[str, Iterable[str]]) -> set[str]:
    """``start`` and every node it reaches in ``graph``."""
    seen = {start}
    work = [start]
    while work:
        for nxt in graph[work.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                work.append(nxt)
    return seen


def breakers(graph: Adjacency, members: Iterable[str]) -> list[tuple[str, str]]:
    """Edges inside one component whose removal leaves it acyclic, sorted."""
    inside = set(members)
    sub = {node: set(_successors(graph, node)) & inside for node in inside}
    position = {node: i for i, node in enumerate(_greedy_order(sub))}
    return sorted((a, b) for a in sub for b in sub[a] if position[a] > position[b])


def _greedy_order(graph: dict[str, set[str]]) -> list[str]:
    """Eades-Lin-Smyth: peel sinks to the back, sources to the front, else the max out-in node.

    Sinks and sources wait in heaps (by name, for determinism), so peeling a long chain is
    linear rather than a rescan of every node per step.
    """
    succ = {node: set(targets) for node, targets in graph.items()}
    pred: dict[str, set[str]] = {node: set() for node in graph}
    for node, targets in graph.items():
        for target in targets:
            pred[target].add(node)
    sinks = [n for n in succ if not succ[n]]
    sources = [n for n in succ if not pred[n] and succ[n]]
    heapq.heapify(sinks)
    heapq.heapify(sources)
    front: list[str] = []
    back: list[str] = []
    while succ:
        node, into = _next_node(succ, pred, sinks, sources, front, back)
        into.append(node)
        for touched in _remove(node, succ, pred):
            if not succ[touched]:
                heapq.heappush(sinks, touched)
            elif not pred[touched]:
                heapq.heappush(sources, touched)
    return front + back[::-1]


def _next_node(
    succ: dict[str, set[str]],
    pred: dict[str, set[str]],
    sinks: list[str],
    sources: list[str],
    front: list[str],
    back: list[str],
) -> tuple[str, list[str]]:
    """The next node to place, and the end of the order it goes to."""
    for heap, side in ((sinks, back), (sources, front)):
        while heap:
            node = heapq.heappop(heap)
            if node in succ:  # heaps may hold nodes already placed
                return node, side
    node = max(sorted(succ), key=lambda n: len(succ[n]) - len(pred[n]))
    return node, front


def _remove(node: str, succ: dict[str, set[str]], pred: dict[str, set[str]]) -> set[str]:
    """Take ``node`` out; return its former neighbours, whose degrees changed."""
    targets, sources = succ.pop(node), pred.pop(node)
    for target in targets:
        pred[target].discard(node)
    for source in sources:
        succ[source].discard(node)
    return (targets | sources) - {node}


def describe(component: list[str], cut: list[tuple[str, str]], shown: int = 8) -> str:
    """One sentence naming a cycle's modules (the first few) and the imports to cut."""
    names = ", ".join(component[:shown])
    if len(component) > shown:
        names += f" and {len(component) - shown} more"
    edges = ", ".join(f"{a} -> {b}" for a, b in cut[:shown])
    if len(cut) > shown:
        edges += f" and {len(cut) - shown} more"
    return f"{len(component)} modules import each other in a cycle ({names}); cut {edges}"


def cycle_kinds(components: Sequence[Sequence[str]], edges: Iterable[ImportEdge]) -> list[str]:
    """Each component's kind: ``import-time`` when the imports Python runs at import time close
    it alone, else the deferred kind it needs (``type-only``, ``function-local``,
    ``explicit-lazy``), or ``deferred`` when it needs several."""
    internal = [e for e in edges if not e.external and e.importer != e.imported]
    now = [(e.importer, e.imported) for e in internal if e.kind in IMPORT_TIME_KINDS]
    import_time = {tuple(c) for c in cycles(adjacency(now))}
    kinds = _deferred_kinds(components, internal)
    return [_kind(c, found, import_time) for c, found in zip(components, kinds, strict=True)]


def _deferred_kinds(
    components: Sequence[Sequence[str]], edges: Sequence[ImportEdge]
) -> list[set[str]]:
    """The kinds of each component's deferred imports between its own modules (one pass
    over the edges for every component)."""
    where = {module: index for index, component in enumerate(components) for module in component}
    found: list[set[str]] = [set() for _ in components]
    for e in edges:
        index = where.get(e.importer)
        deferred = e.kind not in IMPORT_TIME_KINDS
        if deferred and index is not None and where.get(e.imported) == index:
            found[index].add(e.kind.value)
    return found


def _kind(component: Sequence[str], kinds: set[str], import_time: set[tuple[str, ...]]) -> str:
    if tuple(component) in import_time:
        return IMPORT_TIME
    if len(kinds) != 1:
        return "deferred"
    (kind,) = kinds
    return _DEFERRED_NAMES.get(kind, kind)
