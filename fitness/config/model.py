"""The validated configuration archfit runs with."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field
from typing import Any

from analyzer.roles import Role
from archfit_values import frozen
from fitness.catalog import Pack
from fitness.contracts.base import ContractSpec

DEFAULT_BASELINE = ".archfit-baseline.json"
# ``blind_spots``: "list" them in the summary (the default), or make each an "error" (INP005).
BLIND_SPOT_MODES = ("list", "error")


@frozen
class RuleOverride:
    """A team's setting for one rule: its severity ("off" disables it) and parameters."""

    severity: str | None = None
    params: Mapping[str, Any] = field(default_factory=dict)
    line: int = 0
    roles: tuple[Role, ...] | None = None  # the file roles it judges; None: the rule's own


@frozen
class Config:
    """Everything the configuration files say; None means "discover it"."""

    paths: tuple[str, ...] = ()  # the files read, relative to the analysed root
    source_roots: tuple[str, ...] | None = None
    root_packages: tuple[str, ...] | None = None
    exclude: tuple[str, ...] = ()
    packs: tuple[str, ...] | None = None
    adr_dirs: tuple[str, ...] | None = None
    baseline: str = DEFAULT_BASELINE
    rules: Mapping[str, RuleOverride] = field(default_factory=dict)
    budgets: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    contracts: tuple[ContractSpec, ...] = ()
    include_external_packages: bool = True
    exclude_type_checking_imports: bool = False
    include_dynamic_imports: bool = True
    include_framework_edges: bool = False  # Django's string references count in contracts
    blind_spots: str = BLIND_SPOT_MODES[0]
    warnings: tuple[str, ...] = ()
    loaded_packs: tuple[Pack, ...] = ()
    # ``[tool.archfit.roles]``: (glob, role) in the order written; ahead of analyzer.roles' table.
    roles: tuple[tuple[str, Role], ...] = ()  # the rule packs ``packs`` names, read and validated
