"""Rows for packages that import each other: an order with few imports pointing backwards.

Inferred layers put a cycle on one layer. Drawn on one row, its imports would all run sideways;
so the layer is split into rows where all but a few imports point down, and those few (which
close the cycles) stand out. Ties go by name, so the rows are the same every time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

Pair = tuple[str, str]


def sublayers(names: Sequence[str], pairs: Sequence[Pair]) -> list[list[str]]:
    """Rows for one layer, top first: each package on the row of the longest chain of forward
    imports below it, once the order has turned as few imports as it can backwards."""
    inside = set(names)
    local = [(a, b) for a, b in pairs if a in inside and b in inside]
    if not local:
        return [list(names)]
    rank = {name: k for k, name in enumerate(acyclic_order(names, local))}
    height = _heights(rank, [(a, b) for a, b in local if rank[a] < rank[b]])
    levels = range(max(height.values()), -1, -1)
    return [row for row in ([n for n in names if height[n] == h] for h in levels) if row]


def acyclic_order(names: Sequence[str], pairs: Sequence[Pair]) -> list[str]:
    """An order where few imports point backwards (Eades, Lin and Smyth's greedy heuristic)."""
    out: dict[str, set[str]] = {name: set() for name in names}
    into: dict[str, set[str]] = {name: set() for name in names}
    for a, b in pairs:
        out[a].add(b)
        into[b].add(a)
    head: list[str] = []
    tail: list[str] = []
    left = sorted(names)
    while left:
        pick, last = _next_end(left, out, into)
        if last:
            tail.insert(0, pick)
        else:
            head.append(pick)
        left.remove(pick)
    return head + tail


def _next_end(
    left: Sequence[str], out: Mapping[str, set[str]], into: Mapping[str, set[str]]
) -> tuple[str, bool]:
    """A sink goes to the end; else a source, else the package importing most more than it is
    imported, to the front. Ties go to the first name."""
    remaining = set(left)
    for name in left:
        if not out[name] & remaining:
            return name, True
    for name in left:
        if not into[name] & remaining:
            return name, False
    return max(left, key=lambda n: len(out[n] & remaining) - len(into[n] & remaining)), False


def _heights(rank: Mapping[str, int], forward: Sequence[Pair]) -> dict[str, int]:
    """For each package, the longest chain of forward imports below it (0 for a sink)."""
    below: dict[str, list[str]] = {name: [] for name in rank}
    for a, b in forward:
        below[a].append(b)
    height: dict[str, int] = {}
    for name in sorted(rank, key=rank.__getitem__, reverse=True):
        height[name] = 1 + max((height[b] for b in below[name]), default=-1)
    return height


def neighbours(pairs: Sequence[Pair]) -> dict[str, list[str]]:
    """Each name's neighbours along the pairs, both ways."""
    near: dict[str, list[str]] = {}
    for a, b in pairs:
        near.setdefault(a, []).append(b)
        near.setdefault(b, []).append(a)
    return near


def sweep(order: list[list[str]], near: Mapping[str, list[str]], passes: int) -> list[list[str]]:
    """Each row ordered by the mean place of its neighbours, down then up, ``passes`` times:
    the barycentre heuristic, which removes most crossings."""
    order = [list(names) for names in order]
    for index in [*range(len(order)), *reversed(range(len(order)))] * passes:
        where = _places(order)
        order[index].sort(key=lambda name: (_barycentre(name, near, where), where[name], name))
    return order


def _places(order: Sequence[Sequence[str]]) -> dict[str, float]:
    """Each name's place in its row, from 0 to 1, so rows of any width compare."""
    return {name: (k + 0.5) / len(names) for names in order for k, name in enumerate(names)}


def _barycentre(name: str, near: Mapping[str, list[str]], where: Mapping[str, float]) -> float:
    linked = [where[other] for other in near.get(name, ()) if other in where]
    return sum(linked) / len(linked) if linked else where[name]


def implied(forward: Sequence[Pair]) -> frozenset[Pair]:
    """Imports a chain of other forward imports already implies (a -> c when a -> b -> c)."""
    below: dict[str, set[str]] = {}
    for a, b in forward:
        below.setdefault(a, set()).add(b)
    return frozenset((a, b) for a, b in forward if _reaches(a, b, below))


def _reaches(start: str, goal: str, below: Mapping[str, set[str]]) -> bool:
    """Whether ``goal`` lies below ``start`` by a chain of two imports or more."""
    seen: set[str] = set()
    todo = [n for n in below.get(start, ()) if n != goal]
    while todo:
        name = todo.pop()
        if name == goal:
            return True
        if name not in seen:
            seen.add(name)
            todo.extend(below.get(name, ()))
    return False
