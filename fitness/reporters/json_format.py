"""``--format json``: one object, keys as the spec's "Machine output" section, deterministic."""

from __future__ import annotations

import json
from typing import Any

from fitness.reporters.base import RenderOptions
from fitness.results.findings import AdrSummary, Chain, ContractVerdict, Finding, Result, Source

SCHEMA_VERSION = 1


def render(result: Result, options: RenderOptions = RenderOptions()) -> str:
    """The result as a JSON document (sorted keys, stable order, trailing newline)."""
    return json.dumps(to_data(result), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def to_data(result: Result) -> dict[str, Any]:
    """The JSON document as plain data."""
    summary = result.summary
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "archfit", "version": result.tool_version},
        "summary": {
            "files": summary.files,
            "modules": summary.modules,
            "errors": summary.errors,
            "warnings": summary.warnings,
            "infos": summary.infos,
            "new": summary.new,
            "baselined": summary.baselined,
            "fixed": summary.fixed,
        },
        "contracts": [_contract(c) for c in result.contracts],
        "adrs": [adr_data(a) for a in result.adrs],
        "findings": [_finding(f) for f in result.findings],
        "blind_spots": [
            {"kind": b.kind, "count": b.count, "examples": list(b.examples)}
            for b in result.blind_spots
        ],
        "warnings": list(result.warnings),
        "roles": role_counts(result),
    } | _optional(result)


def role_counts(result: Result) -> dict[str, int]:
    """How many analysed files each role has (``{"library": 63, "tests": 41}``)."""
    return {group.role: len(group.paths) for group in result.roles}


def _optional(result: Result) -> dict[str, Any]:
    """The keys present only when asked for: ``baseline``, ``governing_adrs``."""
    return _baseline(result) | _governing(result)


def _governing(result: Result) -> dict[str, Any]:
    """With FILES: the accepted ADRs governing them; absent when no FILES were given."""
    if result.governing is None:
        return {}
    return {"governing_adrs": [adr_data(a) for a in result.governing]}


def _baseline(result: Result) -> dict[str, Any]:
    """What the baseline holds that no longer occurs; absent when no baseline was used."""
    report = result.baseline
    if report is None:
        return {}
    fixed = [
        {"code": e.code, "subject": e.subject, "source": e.source, "target": e.target}
        | {"count": e.count}
        for e in report.fixed
    ]
    lowered = [{"contract": c, "recorded": was, "remaining": now} for c, was, now in report.lowered]
    return {"baseline": {"path": report.path, "fixed": fixed, "migrations_lowered": lowered}}


def _source(source: Source) -> dict[str, Any]:
    return {"kind": source.kind, "id": source.id, "path": source.path, "line": source.line}


def _contract(verdict: ContractVerdict) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": verdict.id,
        "name": verdict.name,
        "type": verdict.type,
        "kept": verdict.kept,
        "violations": verdict.violations,
        "source": _source(verdict.source),
        "warnings": list(verdict.warnings),
    }
    if verdict.how_to_fix:
        data["how_to_fix"] = verdict.how_to_fix
    if verdict.remaining_usages is not None:
        data["remaining_usages"] = verdict.remaining_usages
    return data


def adr_data(adr: AdrSummary) -> dict[str, Any]:
    return {
        "id": adr.id,
        "number": adr.number,
        "title": adr.title,
        "status": adr.status,
        "date": adr.date,
        "path": adr.path,
        "rules": adr.rules,
        "violations": adr.violations,
    }


def _chain(chain: Chain) -> list[dict[str, Any]]:
    return [
        {
            "importer": link.importer,
            "imported": link.imported,
            "path": link.path,
            "lines": list(link.lines),
        }
        for link in chain
    ]


def _finding(finding: Finding) -> dict[str, Any]:
    data: dict[str, Any] = {
        "code": finding.code,
        "name": finding.name,
        "severity": finding.severity.value,
        "message": finding.message,
        "path": finding.path,
        "line": finding.line,
        "column": finding.column,
        "subject": finding.subject,
        "source": _source(finding.source),
        "fingerprint": finding.fingerprint,
        "new": finding.new,
    }
    if finding.chains:
        data["chains"] = [_chain(c) for c in finding.chains]
    if finding.how_to_fix:
        data["how_to_fix"] = finding.how_to_fix
    if finding.contract:
        data["contract"] = finding.contract
    return data
