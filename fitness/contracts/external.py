"""``external`` (archfit): which third-party packages a scope may, must not, or must import."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import ClassVar

from fitness.contracts.base import (
    ContractGraph,
    ContractResult,
    ContractSpec,
    ContractTypeBase,
    FieldKind,
    FieldSpec,
    Violation,
    descendants_and_self,
    link_violation,
)
from fitness.contracts.expressions import expand_modules

# The standard library is never a third-party dependency.
_STDLIB = frozenset(sys.stdlib_module_names) | {"__future__"}


class ExternalContract(ContractTypeBase):
    """Allowed / forbidden / required third-party imports (by top-level import name)."""

    type_name = "external"
    scope_fields: ClassVar[tuple[str, ...]] = ("source_modules",)
    importlinter = False
    fields: ClassVar[Mapping[str, FieldSpec]] = {
        "source_modules": FieldSpec(FieldKind.MODULES, required=True),
        "allowed": FieldSpec(FieldKind.STRINGS),
        "forbidden": FieldSpec(FieldKind.STRINGS),
        "required": FieldSpec(FieldKind.STRINGS),
    }

    def check(self, spec: ContractSpec, graph: ContractGraph) -> ContractResult:
        """Judge every external import made from inside the scopes."""
        allowed = spec.get("allowed")
        forbidden = set(spec.get("forbidden", []))
        violations: list[Violation] = []
        used: set[str] = set()
        for scope in expand_modules(graph, "source_modules", spec.get("source_modules", [])):
            for module in sorted(descendants_and_self(graph.grimp, scope)):
                for package in sorted(self._externals(graph, module)):
                    used.add(package)
                    why = _why_not(package, allowed, forbidden)
                    if why:
                        violations.append(link_violation(graph, module, package, why))
        for package in sorted(set(spec.get("required", [])) - used):
            violations.append(_missing(spec, package))
        return ContractResult(kept=not violations, violations=tuple(violations))

    def _externals(self, graph: ContractGraph, module: str) -> set[str]:
        imported = graph.grimp.find_modules_directly_imported_by(module)
        return {
            m
            for m in imported
            if graph.grimp.is_module_squashed(m)
            and not graph.index.is_internal(m)
            and m not in _STDLIB
        }


def _why_not(package: str, allowed: list[str] | None, forbidden: set[str]) -> str:
    """Why importing ``package`` breaks the contract ("" when it does not)."""
    if package in forbidden:
        return "which is forbidden here"
    if allowed is not None and package not in allowed:
        return "which is not in the allowed list here"
    return ""


def _missing(spec: ContractSpec, package: str) -> Violation:
    scopes = ", ".join(spec.get("source_modules", []))
    return Violation(
        subject=scopes,
        message=f"{scopes} never imports {package}, which is required",
        target=package,
        path=spec.source.path,
        line=spec.line_of("required"),
    )
