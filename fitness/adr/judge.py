"""Judge a target's ADRs: their contracts through the contract runner, their measures, drift.

The runner returns each contract with its result; an ADR contract's violations become ADR001
findings here, directly from those values, and its option errors the ADR's ADR006 findings.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from analyzer.facts import Facts
from analyzer.graph import GraphOptions
from archfit_values import frozen
from fitness import catalog
from fitness.adr.declared import (
    CHECKABLE_KEYS,
    DeclaredContract,
    declared_contracts,
    metric_breaches,
)
from fitness.adr.drift import breaches, contract_violated, drift, invalid
from fitness.adr.model import Adr, AdrIssue
from fitness.contracts.runner import ContractRun, run_contracts, verdict_of
from fitness.results.findings import AdrSummary, ContractVerdict, Finding


@frozen
class AdrOutcome:
    """What checking the ADRs yields: contract verdicts, findings and one summary per ADR."""

    adrs: tuple[Adr, ...]
    verdicts: tuple[ContractVerdict, ...]
    findings: tuple[Finding, ...]
    summaries: tuple[AdrSummary, ...]


def judge_adrs(
    adrs: Sequence[Adr],
    facts: Facts,
    known_contracts: Iterable[str],
    options: GraphOptions,
    today: datetime.date,
) -> AdrOutcome:
    """Run the active ADRs' contracts and measures, and collect every drift finding."""
    declared, rule_issues = declared_contracts(adrs, facts.layout.root_packages, options)
    runs = run_contracts(facts, [d.spec for d in declared])
    verdicts, findings = _contract_outcome(declared, runs)
    measured, metric_issues = metric_breaches(adrs, facts)
    findings += breaches(measured)
    findings += [invalid(adr, issue) for adr, issue in rule_issues + metric_issues]
    findings += drift(adrs, facts, known_contracts, today)
    return AdrOutcome(tuple(adrs), tuple(verdicts), tuple(findings), summarize_adrs(adrs, findings))


def _contract_outcome(
    declared: Sequence[DeclaredContract], runs: Sequence[ContractRun]
) -> tuple[list[ContractVerdict], list[Finding]]:
    """Each declared contract's verdict and ADR001 findings; a contract whose options do not
    fit the code (a module that does not exist) is its ADR's ADR006 instead."""
    verdicts: list[ContractVerdict] = []
    findings: list[Finding] = []
    for owner, run in zip(declared, runs, strict=True):
        if run.result is None:
            problem = run.problem
            assert problem is not None  # a run has a result or a problem
            findings.append(invalid(owner.adr, AdrIssue(problem.line, problem.message)))
            continue
        verdicts.append(verdict_of(owner.spec, run.result, catalog.CONTRACT_CODES[owner.spec.type]))
        findings += [contract_violated(owner, v) for v in run.result.violations]
    return verdicts, findings


def summarize_adrs(adrs: Sequence[Adr], findings: Iterable[Finding]) -> tuple[AdrSummary, ...]:
    """One summary per ADR: checkable rules and ADR001 violations."""
    violations: dict[str, int] = {}  # by the declaring ADR's file: ids repeat across folders
    for finding in findings:
        if finding.code == catalog.DECISION_CODE:
            violations[finding.source.path] = violations.get(finding.source.path, 0) + 1
    return tuple(
        AdrSummary(
            id=adr.id,
            title=adr.title,
            status=adr.status,
            path=adr.path,
            rules=sum(1 for r in adr.rules if r.key in CHECKABLE_KEYS),
            violations=violations.get(adr.path, 0),
            number=adr.number,
            date=adr.date,
        )
        for adr in sorted(adrs, key=lambda a: a.path)
    )
