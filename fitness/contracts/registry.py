"""Contract types by name: the engine looks types up here, never branching on names."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from analyzer.graph import ModuleIndex
from fitness.contracts.acyclic import AcyclicContract
from fitness.contracts.acyclic_siblings import AcyclicSiblingsContract
from fitness.contracts.allowed import AllowedContract
from fitness.contracts.base import ContractSpec, ContractType, FieldKind, FieldSpec
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


def contract_inputs(specs: Sequence[ContractSpec], index: ModuleIndex) -> tuple[str, ...] | None:
    """The views of each file's facts the verdicts of ``specs`` follow from (each type says
    what it reads, ``ContractType.inputs``); None when one reads files beyond the facts (a
    framework edge reads settings modules): then they are computed every run."""
    if any(spec.graph_options.include_framework for spec in specs):
        return None
    return tuple(
        sorted({view for spec in specs for view in CONTRACT_TYPES[spec.type].inputs(spec, index)})
    )


def linked_inputs(spec: ContractSpec, index: ModuleIndex) -> tuple[str, ...] | None:
    """The narrower views a contract's verdict follows from besides the lines of the pairs
    it links (``ContractTypeBase.chains_only``): which modules import which, when it reads
    the internal edges alone; None otherwise."""
    if not getattr(CONTRACT_TYPES[spec.type], "chains_only", False):
        return None
    return ("internal_pairs",) if contract_inputs([spec], index) == ("internal",) else None
