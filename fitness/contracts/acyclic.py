"""``acyclic`` (archfit): no import cycle between the modules inside each scope."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from analyzer.cycles import breakers, cycles, describe
from fitness.contracts.base import (
    ContractGraph,
    ContractResult,
    ContractSpec,
    FieldKind,
    FieldSpec,
    GraphContractBase,
    Violation,
    descendants_and_self,
)
from fitness.contracts.expressions import expand_modules


class AcyclicContract(GraphContractBase):
    """Module-level cycles inside each scope, each with a small set of imports to cut."""

    type_name = "acyclic"
    chains_only = True  # the graph's pairs and the lines of the pairs it links
    scope_fields: ClassVar[tuple[str, ...]] = ("modules",)
    importlinter = False
    fields: ClassVar[Mapping[str, FieldSpec]] = {"modules": FieldSpec(FieldKind.MODULES)}

    def check(self, spec: ContractSpec, graph: ContractGraph) -> ContractResult:
        """Find every strongly connected component of two or more modules in each scope."""
        scopes = spec.get("modules") or sorted(graph.index.roots)
        violations: list[Violation] = []
        for scope in expand_modules(graph, "modules", scopes):
            members = descendants_and_self(graph.grimp, scope)
            view = _view(graph, members)
            for component in cycles(view):
                violations.append(_violation(graph, scope, component, breakers(view, component)))
        return ContractResult(kept=not violations, violations=tuple(violations))


def _view(graph: ContractGraph, members: set[str]) -> dict[str, set[str]]:
    """The imports among ``members`` only, as an adjacency mapping."""
    return {
        module: graph.grimp.find_modules_directly_imported_by(module) & members
        for module in members
    }


def _violation(
    graph: ContractGraph, scope: str, component: list[str], cut: list[tuple[str, str]]
) -> Violation:
    chains = tuple((graph.link(a, b),) for a, b in cut)
    first = chains[0][0]
    return Violation(
        subject=f"cycle in {scope}: {component[0]}",
        message=f"in {scope}: {describe(component, cut)}",
        chains=chains,
        target=",".join(component),
        path=first.path,
        line=first.lines[0] if first.lines else 1,
    )
