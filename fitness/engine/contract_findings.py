"""The engine's contract step: config contracts as CON findings, and the target's ADRs.

``fitness.contracts.runner`` checks the contracts and returns each with its result; this module
turns a config contract's violations into findings of its type's CON rule. The ADR judge does
the same for the ADRs' contracts (ADR001), from the same values.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

from analyzer.facts import Facts
from analyzer.graph import GraphOptions
from fitness import catalog
from fitness.catalog.finding import rule_finding
from fitness.config import Config
from fitness.contracts.base import ContractSpec, Violation
from fitness.contracts.runner import run_contracts, verdict_of
from fitness.exceptions import ConfigError
from fitness.results.findings import ContractVerdict, Finding

if TYPE_CHECKING:
    from fitness.adr.judge import AdrOutcome


def contract_findings(
    facts: Facts, specs: Sequence[ContractSpec]
) -> tuple[list[ContractVerdict], list[Finding]]:
    """Each contract's verdict and its violations as CON findings; raises a ConfigError
    holding every contract whose options do not fit the code."""
    each = findings_by_contract(facts, specs)
    return [v for verdicts, _, _ in each for v in verdicts], [
        f for _, found, _ in each for f in found
    ]


def findings_by_contract(
    facts: Facts, specs: Sequence[ContractSpec], only: Collection[int] | None = None
) -> list[tuple[list[ContractVerdict], list[Finding], tuple[tuple[str, str, str], ...]]]:
    """``contract_findings`` of each contract (``only``: of those at these places of
    ``specs``, every spec still a peer), in their order: what a stored contract's part
    holds, with the pairs whose import details it read (``ContractRun.linked``); raises a
    ConfigError holding every one whose options do not fit the code."""
    runs = run_contracts(facts, specs, only)
    issues = [run.problem for run in runs if run.problem is not None]
    if issues:
        raise ConfigError(issues)
    return [
        (
            [verdict_of(run.spec, run.result, catalog.CONTRACT_CODES[run.spec.type])],
            [contract_finding(run.spec, v) for v in run.result.violations],
            run.linked,
        )
        for run in runs
        if run.result is not None
    ]


def contract_finding(spec: ContractSpec, violation: Violation) -> Finding:
    """A contract violation as a finding of the contract type's CON rule, at the offending
    import (else at the contract), with the contract's own how-to-fix."""
    doc = catalog.rule(catalog.CONTRACT_CODES[spec.type])
    assert doc is not None
    return rule_finding(
        doc,
        message=f"{spec.name}: {violation.message}",
        where=(violation.path or spec.source.path, violation.line or spec.source.line),
        subject=violation.subject,
        source=spec.source,
        target=violation.target,
        chains=violation.chains,
        how_to_fix=spec.how_to_fix,
        contract=spec.id,
        detail=violation.message,
    )


def verdict_code(verdict: ContractVerdict) -> str:
    """The code a contract's violations carry: its type's CON code, or an ADR's own."""
    if verdict.source.kind == "adr":
        return catalog.DECISION_CODE
    return catalog.CONTRACT_CODES[verdict.type]


def run_adrs(facts: Facts, config: Config, today: datetime.date | None = None) -> AdrOutcome | None:
    """Check the target's ADRs: their contracts, measures and drift; None when the target has
    no ADR files."""
    # The ADR parsers (17 dataclasses, markdown-it: ~30 ms) load only for a target with ADRs;
    # ``archfit metrics`` gathers facts through the engine and never reads one.
    from fitness.adr.discovery import find_adr_files

    root = facts.layout.root
    paths = find_adr_files(root, config.adr_dirs)
    if not paths:
        return None
    from fitness.adr.judge import judge_adrs
    from fitness.adr.load import read_adr

    adrs = tuple(read_adr(root, path) for path in paths)
    options = GraphOptions(
        exclude_type_checking=config.exclude_type_checking_imports,
        include_dynamic=config.include_dynamic_imports,
        include_external=config.include_external_packages,
    )
    known = [spec.id for spec in config.contracts]
    return judge_adrs(adrs, facts, known, options, today or datetime.date.today())
