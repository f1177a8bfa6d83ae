"""The contracts' grimp graph (``analyzer.graph.build_grimp_graph``) is built as the plain
loop builds it: the same edges, the same details, in the same order.

grimp breaks ties between equal chains by the order its graph learnt the pairs in, so a
graph that holds the same imports but learnt them in another order may report another chain
of the same length. These tests record every call the build makes on grimp's graph and
compare it with the calls of a reference build (one ``edge_wanted`` test per edge, in the
edges' order) over seeded random edges and every combination of the graph options.
"""

from __future__ import annotations

import itertools
import random
from typing import Any

import grimp
import pytest

from analyzer.facts import ImportEdge, ImportKind
from analyzer.graph import GraphOptions, build_grimp_graph, edge_wanted, wanted_edges

MODULES = ("app", "app.a", "app.b", "app.b.c", "app.d", "lib", "lib.x")
EXTERNALS = ("requests", "yaml", "numpy")
OPTION_NAMES = (
    "exclude_type_checking",
    "include_dynamic",
    "include_external",
    "include_framework",
    "honour_tach_ignore",
    "top_level_only",
)
ALL_OPTIONS = [
    GraphOptions(**dict(zip(OPTION_NAMES, values, strict=True)))
    for values in itertools.product((False, True), repeat=len(OPTION_NAMES))
]


def _edges(seed: int) -> list[ImportEdge]:
    """Random edges of every kind, shape and target, in the order ``edge_order`` gives."""
    rng = random.Random(seed)
    edges = []
    for _ in range(rng.randint(5, 60)):
        importer = rng.choice(MODULES)
        external = rng.random() < 0.3
        imported = rng.choice(EXTERNALS if external else [m for m in MODULES if m != importer])
        kind = rng.choice(list(ImportKind))
        line = rng.randint(1, 40)
        column = rng.choice((1, 1, 5, 9))
        edges.append(
            ImportEdge(
                importer, imported, line, column, kind, f"import {imported}  # {line}",
                external, imported, rng.random() < 0.2,
            )
        )  # fmt: skip
    return sorted(edges)


class _Recorder:
    """grimp's ImportGraph with every call that builds it recorded, in order."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls: list[tuple[str, Any]] = []
        recorder = self

        class Recording(grimp.ImportGraph):
            def add_module(self, module: str, is_squashed: bool = False) -> None:
                recorder.calls.append(("module", (module, is_squashed)))
                super().add_module(module, is_squashed)

            def add_import(self, **details: Any) -> None:
                recorder.calls.append(("import", tuple(sorted(details.items()))))
                super().add_import(**details)

        monkeypatch.setattr(grimp, "ImportGraph", Recording)


def _reference(edges: list[ImportEdge], options: GraphOptions) -> grimp.ImportGraph:
    """The plain build: every module, then each edge ``edge_wanted`` keeps, in order."""
    graph = grimp.ImportGraph()
    for name in sorted(MODULES):
        graph.add_module(name)
    externals: set[str] = set()
    for edge in edges:
        if not edge_wanted(edge, options):
            continue
        if edge.external and edge.imported not in externals:
            externals.add(edge.imported)
            graph.add_module(edge.imported, is_squashed=True)
        graph.add_import(
            importer=edge.importer,
            imported=edge.imported,
            line_number=edge.line,
            line_contents=edge.line_contents,
            is_lazy=edge.kind is ImportKind.EXPLICIT_LAZY,
        )
    return graph


def _wanted_by_hand(edge: ImportEdge, options: GraphOptions) -> bool:
    """What a graph with ``options`` holds, spelled out field by field."""
    if edge.external and not options.include_external:
        return False
    if edge.tach_ignored and options.honour_tach_ignore:
        return False
    if options.top_level_only and edge.column > 1:
        return False
    if edge.kind is ImportKind.TYPE_ONLY:
        return not options.exclude_type_checking
    if edge.kind is ImportKind.DYNAMIC:
        return options.include_dynamic
    if edge.kind is ImportKind.FRAMEWORK:
        return options.include_framework
    return True


@pytest.mark.parametrize("seed", range(12))
def test_the_build_makes_the_reference_calls_in_its_order(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    edges = _edges(seed)
    recorder = _Recorder(monkeypatch)
    for options in ALL_OPTIONS:
        recorder.calls.clear()
        _reference(edges, options)
        expected = list(recorder.calls)
        recorder.calls.clear()
        build_grimp_graph(MODULES[:3], MODULES[3:], edges, options)
        assert recorder.calls == expected, options


@pytest.mark.parametrize("seed", range(12))
def test_wanted_edges_are_those_each_edge_test_keeps(seed: int) -> None:
    edges = _edges(seed)
    for options in ALL_OPTIONS:
        by_hand = [e for e in edges if _wanted_by_hand(e, options)]
        assert [e for e in edges if edge_wanted(e, options)] == by_hand
        assert wanted_edges(edges, options) == by_hand
