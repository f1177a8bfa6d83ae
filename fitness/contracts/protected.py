"""``protected``: only the allowed importers may import the protected modules directly."""

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
    Violation,
    descendants_and_self,
    link_violation,
)
from fitness.contracts.expressions import expand_modules


class ProtectedContract(GraphContractBase):
    """import-linter's protected contract (direct imports only, as import-linter checks)."""

    type_name = "protected"
    chains_only = True  # the graph's pairs and the lines of the pairs it links
    scope_fields: ClassVar[tuple[str, ...]] = ("protected_modules",)
    fields: ClassVar[Mapping[str, FieldSpec]] = {
        "protected_modules": FieldSpec(FieldKind.MODULES, required=True),
        "allowed_importers": FieldSpec(FieldKind.MODULES, required=True),
        "as_packages": FieldSpec(FieldKind.BOOL, default=True),
    }

    def check(self, spec: ContractSpec, graph: ContractGraph) -> ContractResult:
        """Find every direct import of a protected module from outside the allowed importers."""
        as_packages = bool(spec.get("as_packages", True))
        allowed = self._allowed(graph, spec, as_packages)
        violations: list[Violation] = []
        for top in expand_modules(graph, "protected_modules", spec.get("protected_modules", [])):
            protected = descendants_and_self(graph.grimp, top) if as_packages else {top}
            for module in sorted(protected):
                importers = graph.grimp.find_modules_that_directly_import(module)
                for importer in sorted(importers - allowed - protected):
                    violations.append(
                        link_violation(graph, importer, module, f"but {top} is protected")
                    )
        return ContractResult(kept=not violations, violations=tuple(violations))

    def _allowed(self, graph: ContractGraph, spec: ContractSpec, as_packages: bool) -> set[str]:
        """The allowed importers; as packages (their descendants too) they must exist."""
        names = expand_modules(
            graph, "allowed_importers", spec.get("allowed_importers", []), must_exist=as_packages
        )
        allowed = set(names)
        if as_packages:
            for name in names:
                allowed |= descendants_and_self(graph.grimp, name)
        return allowed
