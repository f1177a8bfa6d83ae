"""``migration`` (archfit): from X to Y; counts the remaining imports of X, which may only fall."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from fitness.contracts.base import (
    ContractGraph,
    ContractOptionError,
    ContractResult,
    ContractSpec,
    ContractTypeBase,
    FieldKind,
    FieldSpec,
    descendants_and_self,
    is_in_package,
)
from fitness.contracts.expressions import expand_modules


class MigrationContract(ContractTypeBase):
    """Counts import statements that still reach ``from`` from the scope.

    With no baseline the count is recorded and the contract is kept; the baseline (which
    stores the count) turns a rise into a violation.
    """

    type_name = "migration"
    scope_fields: ClassVar[tuple[str, ...]] = ("source_modules",)
    importlinter = False
    fields: ClassVar[Mapping[str, FieldSpec]] = {
        "from": FieldSpec(FieldKind.MODULES, required=True),
        "to": FieldSpec(FieldKind.MODULES, required=True),
        "source_modules": FieldSpec(FieldKind.MODULES),
    }

    def check(self, spec: ContractSpec, graph: ContractGraph) -> ContractResult:
        """Count the remaining usages; the verdict on the trend belongs to the baseline."""
        for target in spec.get("to", []):
            if graph.index.is_internal(target) and not graph.has(target):
                raise ContractOptionError("to", f"module {target!r} does not exist")
        remaining = count_usages(graph, spec)
        note = (
            f"{remaining} remaining usage{'s' * (remaining != 1)} of {', '.join(spec.get('from'))}"
        )
        return ContractResult(kept=True, warnings=(note,), remaining_usages=remaining)


def count_usages(graph: ContractGraph, spec: ContractSpec) -> int:
    """Import statements (file, line) inside the scope that reach any ``from`` module."""
    olds = spec.get("from", [])
    scopes = spec.get("source_modules") or sorted(graph.index.roots)
    scope = set()
    for name in expand_modules(graph, "source_modules", scopes):
        scope |= descendants_and_self(graph.grimp, name)
    statements: set[tuple[str, int]] = set()
    for module in scope:
        for imported in graph.grimp.find_modules_directly_imported_by(module):
            if any(is_in_package(imported, old) for old in olds) and imported not in scope:
                for detail in graph.grimp.get_import_details(importer=module, imported=imported):
                    statements.add((module, detail["line_number"]))
    return len(statements)
