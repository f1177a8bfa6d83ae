"""Contract types by name: the engine looks types up here, never branching on names."""

from __future__ import annotations

from collections.abc import Mapping

from fitness.contracts.acyclic import AcyclicContract
from fitness.contracts.acyclic_siblings import AcyclicSiblingsContract
from fitness.contracts.allowed import AllowedContract
from fitness.contracts.base import ContractType, FieldKind, FieldSpec
from fitness.contracts.external import ExternalContract
from fitness.contracts.forbidden import ForbiddenContract
from fitness.contracts.independence import IndependenceContract
from fitness.contracts.interface import InterfaceContract
from fitness.contracts.layers import LayersContract
from fitness.contracts.migration import MigrationContract
from fitness.contracts.private_modules import PrivateModulesContract
from fitness.contracts.protected import ProtectedContract

CONTRACT_TYPES: Mapping[str, ContractType] = {
    contract.type_name: contract
    for contract in (
        LayersContract(),
        ForbiddenContract(),
        IndependenceContract(),
        AcyclicSiblingsContract(),
        ProtectedContract(),
        PrivateModulesContract(),
        AcyclicContract(),
        ExternalContract(),
        MigrationContract(),
        InterfaceContract(),
        AllowedContract(),
    )
}

# Options every contract type accepts, on top of its own.
COMMON_FIELDS: Mapping[str, FieldSpec] = {
    "ignore_imports": FieldSpec(FieldKind.STRINGS),
    "unmatched_ignore_imports_alerting": FieldSpec(FieldKind.ALERT, default="error"),
    "how_to_fix": FieldSpec(FieldKind.TEXT, archfit_only=True),
    "broken_contract_guidance": FieldSpec(FieldKind.TEXT),  # import-linter's name for how_to_fix
}


def fields_of(type_name: str) -> dict[str, FieldSpec]:
    """Every option a contract type accepts."""
    return {**COMMON_FIELDS, **CONTRACT_TYPES[type_name].fields}
