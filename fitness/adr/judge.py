"""Judge a target's ADRs: their rules through the engine's contract runner, then drift.

The engine hands in a contract runner, so ADR-declared contracts go through the very engine
config contracts do (this package sits below the engine and never imports it).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from analyzer.facts import Facts
from analyzer.graph import GraphOptions
from fitness import catalog
from fitness.adr.declared import CHECKABLE_KEYS, declared_contracts, measure_breaches
from fitness.adr.drift import breaches, contract_violations, drift, invalid
from fitness.adr.model import Adr, AdrIssue
from fitness.contracts.base import ContractSpec
from fitness.exceptions import ConfigIssue
from fitness.results.findings import AdrSummary, ContractVerdict, Finding

Runner = Callable[
    [Sequence[ContractSpec], list[ConfigIssue]], tuple[list[ContractVerdict], list[Finding]]
]


@dataclass(frozen=True)
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
    runner: Runner,
    today: datetime.date,
) -> AdrOutcome:
    """Run the active ADRs' rules through ``runner`` and collect every drift finding."""
    declared, rule_issues = declared_contracts(adrs, facts.layout.root_packages, options)
    issues: list[ConfigIssue] = []
    verdicts, contract_findings = runner([d.spec for d in declared], issues)
    measured, measure_issues = measure_breaches(adrs, facts)
    findings = contract_violations(declared, contract_findings) + breaches(measured)
    findings += [invalid(adr, issue) for adr, issue in rule_issues + measure_issues]
    findings += [invalid(adr, issue) for adr, issue in _owned(issues, adrs)]
    findings += drift(adrs, facts, known_contracts, today)
    return AdrOutcome(tuple(adrs), tuple(verdicts), tuple(findings), summarize_adrs(adrs, findings))


def _owned(issues: Iterable[ConfigIssue], adrs: Sequence[Adr]) -> list[tuple[Adr, AdrIssue]]:
    """Contract option errors (a module that does not exist) belong to the ADR that wrote it."""
    by_path = {adr.path: adr for adr in adrs}
    return [(by_path[i.path], AdrIssue(i.line, i.message)) for i in issues if i.path in by_path]


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
