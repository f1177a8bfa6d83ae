"""``import-cycle``: modules that import each other in a cycle, with a small set of edges to cut.

What it checks: every strongly connected component of two or more modules in the import graph
(every edge counts: type-only, function-local and PEP 810 ``lazy import`` edges are still
dependencies, unless the rule's ``include_type_checking`` / ``include_lazy`` params say
otherwise).
Why: a cycle makes its modules one unit: none can be understood, tested or extracted alone.
How to fix: cut the edges listed (Eades-Lin-Smyth greedy feedback arc set, a small set).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from analyzer.cycles import adjacency, breakers, cycles, describe
from analyzer.facts import ImportEdge, ImportKind
from analyzer.project import Facts
from fitness.checks.base import Hit, Param
from fitness.findings import Link


class ImportCycleCheck:
    """Finds module-level import cycles across the whole analysed graph."""

    id = "import-cycle"
    params_schema: Mapping[str, Param] = {
        "include_type_checking": Param(bool, True, "count imports under TYPE_CHECKING"),
        "include_lazy": Param(
            bool, True, "count imports inside functions and PEP 810 lazy imports"
        ),
    }

    def run(self, facts: Facts, params: Mapping[str, Any]) -> list[Hit]:
        """One hit per cycle, located at the first import to cut."""
        edges = [e for e in facts.edges if _counted(e, params)]
        view = adjacency(((e.importer, e.imported) for e in edges), facts.modules)
        paths = {f.module: f.path for f in facts.layout.files if f.module}
        lines = _lines_by_pair(edges)
        hits = []
        for component in cycles(view):
            cut = breakers(view, component)
            links = tuple((Link(a, b, paths.get(a, ""), lines[(a, b)]),) for a, b in cut)
            first = links[0][0]
            hits.append(
                Hit(
                    subject=component[0],
                    message=describe(component, cut),
                    path=first.path,
                    line=first.lines[0],
                    target=",".join(component),
                    chains=links,
                )
            )
        return hits


def _counted(edge: ImportEdge, params: Mapping[str, Any]) -> bool:
    if edge.external:
        return False
    if edge.kind is ImportKind.TYPE_ONLY:
        return bool(params.get("include_type_checking", True))
    if edge.kind in (ImportKind.LAZY, ImportKind.EXPLICIT_LAZY):  # both deferred at import
        return bool(params.get("include_lazy", True))
    return True


def _lines_by_pair(edges: list[ImportEdge]) -> dict[tuple[str, str], tuple[int, ...]]:
    found: dict[tuple[str, str], set[int]] = {}
    for edge in edges:
        found.setdefault((edge.importer, edge.imported), set()).add(edge.line)
    return {pair: tuple(sorted(lines)) for pair, lines in found.items()}
