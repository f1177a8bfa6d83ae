"""``forbidden``: source modules must not import the forbidden ones, directly or not."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from fitness.contracts.base import (
    ContractGraph,
    ContractOptionError,
    ContractResult,
    ContractSpec,
    FieldKind,
    FieldSpec,
    GraphContractBase,
    Violation,
    chains_violation,
    descendants_and_self,
    is_in_package,
)
from fitness.contracts.expressions import expand_modules
from fitness.results.findings import Chain


class ForbiddenContract(GraphContractBase):
    """import-linter's forbidden contract, with ``allow_indirect_imports`` and ``as_packages``."""

    type_name = "forbidden"
    chains_only = True  # the graph's pairs and the lines of the pairs it links
    scope_fields: ClassVar[tuple[str, ...]] = ("source_modules",)
    fields: ClassVar[Mapping[str, FieldSpec]] = {
        "source_modules": FieldSpec(FieldKind.MODULES, required=True),
        "forbidden_modules": FieldSpec(FieldKind.MODULES, required=True),
        "allow_indirect_imports": FieldSpec(FieldKind.BOOL, default=False),
        "as_packages": FieldSpec(FieldKind.BOOL, default=True),
    }

    def check(self, spec: ContractSpec, graph: ContractGraph) -> ContractResult:
        """Find every chain from a source module to a forbidden one."""
        sources = expand_modules(graph, "source_modules", spec.get("source_modules", []))
        forbidden = self._forbidden(graph, spec)
        as_packages = bool(spec.get("as_packages", True))
        direct_only = bool(spec.get("allow_indirect_imports", False))
        violations: list[Violation] = []
        for source in sources:
            for target in forbidden:
                if _overlap(source, target, as_packages):
                    continue
                chains = self._chains(graph, source, target, as_packages, direct_only)
                if chains:
                    violations.append(chains_violation(source, target, chains))
        return ContractResult(kept=not violations, violations=tuple(violations))

    def _forbidden(self, graph: ContractGraph, spec: ContractSpec) -> list[str]:
        """Internal names must exist; external ones are packages that may simply be unused."""
        names = []
        for expression in spec.get("forbidden_modules", []):
            if graph.index.is_internal(expression) or "*" in expression:
                names.extend(expand_modules(graph, "forbidden_modules", [expression]))
            elif not spec.graph_options.include_external:
                raise ContractOptionError(
                    "forbidden_modules",
                    f"{expression!r} is an external package: the graph leaves them out "
                    "unless include_external_packages is true",
                )
            elif "." in expression:
                raise ContractOptionError(
                    "forbidden_modules",
                    f"{expression!r}: subpackages of external packages are not valid",
                )
            elif graph.has(expression):
                names.append(expression)
        return sorted(set(names))

    def _chains(
        self, graph: ContractGraph, source: str, target: str, as_packages: bool, direct: bool
    ) -> list[Chain]:
        if direct:
            return [graph.chain(pair) for pair in _direct_pairs(graph, source, target, as_packages)]
        found = graph.grimp.find_shortest_chains(
            importer=source, imported=target, as_packages=as_packages
        )
        return [graph.chain(list(chain)) for chain in sorted(found)]


def _overlap(source: str, target: str, as_packages: bool) -> bool:
    """Overlapping pairs describe no forbiddable import and are skipped (as import-linter does)."""
    if source == target:
        return True
    return as_packages and (is_in_package(source, target) or is_in_package(target, source))


def _direct_pairs(
    graph: ContractGraph, source: str, target: str, as_packages: bool
) -> list[tuple[str, str]]:
    importers = descendants_and_self(graph.grimp, source) if as_packages else {source}
    targets = descendants_and_self(graph.grimp, target) if as_packages else {target}
    pairs = []
    for importer in sorted(importers):
        for imported in sorted(graph.grimp.find_modules_directly_imported_by(importer) & targets):
            pairs.append((importer, imported))
    return pairs
