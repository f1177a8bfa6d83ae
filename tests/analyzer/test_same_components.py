"""``cycles.same_components``: after the imports of some modules change, it says the cycles
are the same only when they are, checked on seeded random graphs against Tarjan's algorithm
run again (ADR-0020, the cycles that follow the change)."""

from __future__ import annotations

import random

import pytest

from analyzer.cycles import cycles, same_components

_NODES = [f"m{i}" for i in range(14)]


def _graph(rng: random.Random) -> dict[str, set[str]]:
    """A random graph: a few imports per module, most of them one way, some back."""
    graph: dict[str, set[str]] = {node: set() for node in _NODES}
    for at, node in enumerate(_NODES):
        for _ in range(rng.randrange(3)):
            graph[node].add(_NODES[rng.randrange(at, len(_NODES))])
        if rng.random() < 0.3:
            graph[node].add(_NODES[rng.randrange(len(_NODES))])
    return graph


def _changed(
    rng: random.Random, graph: dict[str, set[str]]
) -> tuple[dict[str, set[str]], set[str]]:
    """``graph`` with the imports of one to three modules changed: one added, removed or
    both (a module that changed nothing may be among them, as an edit of a comment)."""
    after = {node: set(targets) for node, targets in graph.items()}
    moved = set(rng.sample(_NODES, rng.randrange(1, 4)))
    for node in moved:
        if after[node] and rng.random() < 0.5:
            after[node].discard(rng.choice(sorted(after[node])))
        if rng.random() < 0.7:
            after[node].add(rng.choice(_NODES))
    return after, moved


@pytest.mark.parametrize("seed", range(6))
def test_same_only_when_tarjan_finds_the_same_cycles(seed: int) -> None:
    """Each answer "same" is true (the cycles found again are the ones before), and most
    changes that keep the cycles are seen to (so the check is not vacuous)."""
    rng = random.Random(seed)
    said, kept = 0, 0
    for _ in range(300):
        before = _graph(rng)
        after, moved = _changed(rng, before)
        components = cycles(before)
        same = same_components(components, moved, after.__getitem__)
        truly = cycles(after) == components
        assert truly or not same, (before, after, moved)
        said, kept = said + same, kept + truly
    assert said > kept * 0.6 and said > 30


def test_a_removed_import_that_splits_a_cycle_is_seen() -> None:
    """A cycle of three broken by one removed import inside it."""
    before = {"a": {"b"}, "b": {"c"}, "c": {"a"}}
    after = {"a": {"b"}, "b": set(), "c": {"a"}}
    assert not same_components(cycles(before), {"b"}, lambda n: after[n])


def test_an_import_that_joins_two_cycles_or_makes_one_is_seen() -> None:
    """A new import from one cycle into another that reaches back joins them; a new import
    that closes a loop of modules in no cycle makes one; one inside a cycle keeps it."""
    before = {"a": {"b"}, "b": {"a", "c"}, "c": {"d"}, "d": {"c"}, "e": {"f"}, "f": set()}
    joined = {**before, "c": {"d", "a"}}
    assert not same_components(cycles(before), {"c"}, lambda n: joined[n])
    made = {**before, "f": {"e"}}
    assert not same_components(cycles(before), {"f"}, lambda n: made[n])
    inside = {**before, "a": {"b", "a"}}
    assert same_components(cycles(before), {"a"}, lambda n: inside[n])
