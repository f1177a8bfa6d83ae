"""A finding of a rule, built from the rule's docs: the one place a Finding gets its code."""

from __future__ import annotations

from fitness.catalog.docs import RuleDoc
from fitness.results.findings import Chain, Finding, Severity, Source


def rule_finding(
    doc: RuleDoc,
    *,
    message: str,
    where: tuple[str, int],
    subject: str,
    source: Source,
    target: str = "",
    chains: tuple[Chain, ...] = (),
    how_to_fix: str | None = None,
    severity: Severity | None = None,
    column: int = 1,
    contract: str = "",
    detail: str = "",
) -> Finding:
    """A finding of ``doc``'s rule at ``where`` (path, line): its code and name, its severity
    unless ``severity`` says otherwise (an ADR's binding), and its how-to-fix unless the
    declaration gives its own (a contract's ``how_to_fix``; "" for none)."""
    path, line = where
    return Finding(
        code=doc.code,
        name=doc.name,
        severity=severity or doc.severity,
        message=message,
        path=path,
        line=line,
        column=column,
        subject=subject,
        source=source,
        target=target,
        chains=chains,
        how_to_fix=doc.how_to_fix if how_to_fix is None else how_to_fix,
        contract=contract,
        detail=detail,
    )
