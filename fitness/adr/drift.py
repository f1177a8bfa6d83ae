"""Drift findings ADR001-ADR007 and ADR009: what the ADRs say against what the code is.

Every finding's subject is the ADR id and its source the ADR file and line (ADR001 points at
the offending code and names the rule in its source line).
"""

from __future__ import annotations

import datetime
import os
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence

from analyzer.facts import Facts
from analyzer.stat_index import entered
from fitness import catalog
from fitness.adr.declared import CHECKABLE_KEYS, DeclaredContract, MetricBreach, rule_text
from fitness.adr.links import resolve
from fitness.adr.model import Adr, AdrIssue
from fitness.catalog.finding import rule_finding
from fitness.contracts.base import Violation
from fitness.results.findings import Finding, Severity, Source


def adr_finding(
    rule: str, adr: Adr, line: int, message: str, target: str = "", severity: Severity | None = None
) -> Finding:
    """A finding about an ADR by the built-in ``rule`` (its name): subject the ADR id, located
    in the ADR file."""
    doc = catalog.rule(rule)
    assert doc is not None
    return rule_finding(
        doc,
        message=f"{adr.id}: {message}",
        detail=message,
        where=(adr.path, line),
        subject=adr.id,
        source=Source("adr", adr.id, adr.path, line),
        target=target,
        severity=severity,
    )


def _decision_severity(adr: Adr) -> Severity:
    return Severity.ERROR if adr.binding else Severity.WARNING


def violated(
    adr: Adr, rule_line: int, rule: str, violation: Violation, contract: str = ""
) -> Finding:
    """ADR001: a declared decision broken; located at the code (else at the rule), sourced at
    the rule; ``contract`` is the id of the ADR contract it breaks."""
    doc = catalog.rule(catalog.DECISION_CODE)
    assert doc is not None
    said = f"{adr.title} ({adr.path}:{rule_line}) declares `{rule}`: {violation.message}"
    return rule_finding(
        doc,
        message=f"{adr.id}: {said}",
        detail=said,
        where=(violation.path or adr.path, violation.line or rule_line),
        subject=adr.id,
        source=Source("adr", adr.id, adr.path, rule_line),
        target=f"{rule}|{violation.subject}|{violation.target}",
        chains=violation.chains,
        severity=_decision_severity(adr),
        contract=contract,
    )


def contract_violated(declared: DeclaredContract, violation: Violation) -> Finding:
    """ADR001 for one violation of a contract an ADR declares, from the runner's values."""
    rule = declared.rule
    return violated(declared.adr, rule.line, rule_text(rule), violation, declared.spec.id)


def breaches(found: Iterable[MetricBreach]) -> list[Finding]:
    """``max-complexity`` and ``budget`` breaches as ADR001 findings."""
    return [violated(b.adr, b.rule.line, rule_text(b.rule), b.violation) for b in found]


def invalid(adr: Adr, issue: AdrIssue) -> Finding:
    """ADR006: a malformed ADR or fitness block, at its line."""
    return adr_finding("invalid-adr", adr, issue.line, issue.message, target=issue.message)


def drift(
    adrs: Sequence[Adr], facts: Facts, known_contracts: Iterable[str], today: datetime.date
) -> list[Finding]:
    """Every drift finding that needs no contract run: ADR002-ADR007 and ADR009."""
    known = set(known_contracts)
    findings: list[Finding] = []
    for adr in adrs:
        findings += [invalid(adr, issue) for issue in adr.issues]
        findings += _title_number(adr) + _supersession(adr, adrs)
        if adr.active:
            findings += _stale(adr, facts) + _review(adr, today) + _enforcers(adr, known)
            findings += _unverified(adr)
    return findings + _duplicates(adrs)


def _title_number(adr: Adr) -> list[Finding]:
    if adr.number is None or adr.title_number is None or adr.number == adr.title_number:
        return []
    name = os.path.basename(adr.path)
    message = f"the title says ADR {adr.title_number} but the file name {name} says {adr.number}"
    return [adr_finding("invalid-adr", adr, adr.title_line, message, target="title-number")]


def _supersession(adr: Adr, adrs: Sequence[Adr]) -> list[Finding]:
    findings = []
    for link in adr.links:
        other = resolve(link.target, adr, adrs)
        if other is None:
            message = f"{link.kind} {link.target}, which matches no ADR"
            findings.append(
                adr_finding("broken-supersession", adr, link.line, message, target=link.target)
            )
        elif not _answered(link.kind, adr, other, adrs):
            back = "Superseded by" if link.kind == "supersedes" else "Supersedes"
            message = f"{link.kind} {other.id}, but {other.id} does not say {back} {adr.id}"
            findings.append(
                adr_finding("broken-supersession", adr, link.line, message, target=other.id)
            )
    if adr.status == "superseded" and not any(link.kind == "superseded-by" for link in adr.links):
        successors = [a for a in adrs if _links_to(a, "supersedes", adr, adrs)]
        if not successors:
            message = "is superseded, but names no successor and no ADR supersedes it"
            findings.append(
                adr_finding(
                    "broken-supersession", adr, adr.status_line, message, target="no-successor"
                )
            )
    return findings


def _answered(kind: str, adr: Adr, other: Adr, adrs: Sequence[Adr]) -> bool:
    if kind == "supersedes":  # the status says it, or a link back does
        return other.status == "superseded" or _links_to(other, "superseded-by", adr, adrs)
    if kind == "superseded-by":
        return _links_to(other, "supersedes", adr, adrs)
    return True  # amendments and refinements need no answer


def _links_to(adr: Adr, kind: str, target: Adr, adrs: Sequence[Adr]) -> bool:
    return any(
        link.kind == kind and resolve(link.target, adr, adrs) is target for link in adr.links
    )


_DOTTED = re.compile(r"^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+$")
_PATH = re.compile(r"^[\w.\-]+(?:/[\w.\-*]*)+$")


def _stale(adr: Adr, facts: Facts) -> list[Finding]:
    roots, modules = set(facts.layout.root_packages), set(facts.layout.modules)
    findings, seen = [], set()
    for reference in adr.references:
        text = reference.text.removesuffix("()")
        if text in seen:
            continue
        seen.add(text)
        if _is_stale(text, roots, modules, facts.layout.root):
            message = f"`{text}` no longer exists"
            findings.append(
                adr_finding("stale-reference", adr, reference.line, message, target=text)
            )
    return findings


def _is_stale(text: str, roots: set[str], modules: set[str], root: str) -> bool:
    if _DOTTED.match(text) and text.split(".")[0] in roots:
        parts = text.split(".")
        candidates = [".".join(parts[:n]) for n in range(len(parts), max(len(parts) - 3, 1), -1)]
        return not any(c in modules for c in candidates)
    if _PATH.match(text) and "*" not in text:
        first, path = text.split("/")[0], os.path.join(root, text.rstrip("/"))
        if not entered(root, path):  # a cache, a virtualenv: no input of a run (ADR-0020)
            return False
        return os.path.exists(os.path.join(root, first)) and not os.path.exists(path)
    return False


def _review(adr: Adr, today: datetime.date) -> list[Finding]:
    if adr.review_date is None or adr.review_date >= today:
        return []
    message = f"review date {adr.review_date.isoformat()} has passed"
    return [adr_finding("review-overdue", adr, adr.review_line, message, target="review")]


def _enforcers(adr: Adr, known: set[str]) -> list[Finding]:
    findings = []
    for rule in (r for r in adr.rules if r.key == "enforced-by"):
        for name in (n.strip() for n in str(rule.value).split(",") if n.strip()):
            if name not in known and name.removeprefix("importlinter:") not in known:
                message = f"enforced-by {name}, but no such contract is configured"
                findings.append(
                    adr_finding("missing-enforcer", adr, rule.line, message, target=name)
                )
    return findings


def _unverified(adr: Adr) -> list[Finding]:
    if not adr.binding or any(r.key in CHECKABLE_KEYS for r in adr.rules):
        return []
    message = "is accepted but declares nothing checkable (add a ```fitness block)"
    return [adr_finding("unverified-decision", adr, adr.title_line, message)]


def _duplicates(adrs: Sequence[Adr]) -> list[Finding]:
    groups: dict[tuple[str, int], list[Adr]] = defaultdict(list)
    for adr in adrs:
        if adr.number is not None:
            groups[(adr.folder, adr.number)].append(adr)
    findings = []
    for group in groups.values():
        for adr in group[1:]:
            message = f"number {adr.number} is also used by {group[0].path}"
            findings.append(
                adr_finding("duplicate-number", adr, adr.title_line, message, target=adr.path)
            )
    return findings
