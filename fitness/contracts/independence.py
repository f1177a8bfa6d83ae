"""``independence``: none of the listed modules may import another, directly or not."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from fitness.contracts.base import (
    ContractGraph,
    ContractResult,
    ContractSpec,
    FieldKind,
    FieldSpec,
    GraphContractBase,
    dependency_order,
    dependency_violation,
)
from fitness.contracts.expressions import expand_modules


class IndependenceContract(GraphContractBase):
    """import-linter's independence contract: one layer of independent siblings."""

    type_name = "independence"
    chains_only = True  # the graph's pairs and the lines of the pairs it links
    scope_fields: ClassVar[tuple[str, ...]] = ("modules",)
    fields: ClassVar[Mapping[str, FieldSpec]] = {
        "modules": FieldSpec(FieldKind.MODULES, required=True)
    }

    def check(self, spec: ContractSpec, graph: ContractGraph) -> ContractResult:
        """Find every dependency between two of the listed modules."""
        modules = expand_modules(graph, "modules", spec.get("modules", []))
        dependencies = graph.grimp.find_illegal_dependencies_for_layers(layers=[set(modules)])
        violations = [
            dependency_violation(graph, d) for d in sorted(dependencies, key=dependency_order)
        ]
        return ContractResult(kept=not violations, violations=tuple(violations))
