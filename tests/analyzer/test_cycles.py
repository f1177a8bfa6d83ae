"""Cycles and breakers, with networkx as the oracle on random graphs."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from analyzer.cycles import adjacency, breakers, cycles, describe


def _random_graph(seed: int) -> dict[str, set[str]]:
    rng = random.Random(seed)
    nodes = [f"m{i}" for i in range(rng.randint(2, 40))]
    edges = [(rng.choice(nodes), rng.choice(nodes)) for _ in range(rng.randint(1, 120))]
    return adjacency(((a, b) for a, b in edges if a != b), nodes)


@pytest.mark.parametrize("seed", range(60))
def test_components_and_breakers_match_networkx(seed: int) -> None:
    graph = _random_graph(seed)
    oracle = nx.DiGraph([(a, b) for a, targets in graph.items() for b in targets])
    oracle.add_nodes_from(graph)
    expected = sorted(sorted(c) for c in nx.strongly_connected_components(oracle) if len(c) > 1)
    assert cycles(graph) == expected
    assert cycles(oracle) == expected  # a networkx DiGraph is an adjacency mapping too
    for component in expected:
        cut = breakers(graph, component)
        rest = oracle.subgraph(component).copy()
        rest.remove_edges_from(cut)
        assert nx.is_directed_acyclic_graph(rest)
        assert len(cut) <= rest.number_of_edges() + len(cut)


def test_a_long_chain_does_not_hit_the_recursion_limit() -> None:
    chain = [(f"m{i}", f"m{i + 1}") for i in range(20_000)] + [("m20000", "m0")]
    [component] = cycles(adjacency(chain))
    assert len(component) == 20_001
    assert len(breakers(adjacency(chain), component)) == 1


def test_two_module_cycle_cuts_one_edge_and_says_so() -> None:
    graph = adjacency([("a", "b"), ("b", "a"), ("b", "c")])
    assert cycles(graph) == [["a", "b"]]
    cut = breakers(graph, ["a", "b"])
    assert len(cut) == 1
    assert describe(["a", "b"], cut).startswith("2 modules import each other in a cycle (a, b)")
