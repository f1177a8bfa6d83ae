"""``--format sarif``: SARIF 2.1.0 for GitHub code scanning, one run, deterministic.

GitHub rejects an upload with a location-less result, so every result has a physical location:
a package finding points at its ``__init__.py``, an absent baseline entry at the baseline file.
"""

from __future__ import annotations

import json
import posixpath
from typing import Any

from fitness.reporters.base import RenderOptions
from fitness.results.findings import (
    BaselineEntry,
    Finding,
    Result,
    RuleInfo,
    Severity,
    Suppressed,
    fingerprint_of,
)

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/archfit/archfit"
URI_BASE = "%SRCROOT%"  # the checkout root, as GitHub's upload action resolves it
FINGERPRINT_KEY = "archfit/v1"
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def render(result: Result, options: RenderOptions = RenderOptions()) -> str:
    """The result as a SARIF log (sorted keys, stable order, trailing newline)."""
    return json.dumps(to_data(result), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def to_data(result: Result) -> dict[str, Any]:
    """The SARIF log as plain data."""
    rules = _rules(result)
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    results = [_result(f, index, result) for f in result.findings]
    results += [_suppressed(s, index) for s in result.suppressed]
    if result.baseline is not None:
        results += [_absent(e, index, result.baseline.path) for e in result.baseline.fixed]
    driver = {
        "name": "archfit",
        "version": result.tool_version,
        "informationUri": INFORMATION_URI,
        "rules": rules,
    }
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [{"tool": {"driver": driver}, "results": results}],
    }


def _rules(result: Result) -> list[dict[str, Any]]:
    """A descriptor per rule that fired (or was fixed), with its docs as help."""
    docs = {r.code: r for r in result.rules}
    codes = {f.code for f in result.findings} | {s.finding.code for s in result.suppressed}
    if result.baseline is not None:
        codes |= {e.code for e in result.baseline.fixed}
    return [_rule(docs[c]) if c in docs else {"id": c} for c in sorted(codes)]


def _rule(doc: RuleInfo) -> dict[str, Any]:
    help_text = f"{doc.what}\n\nWhy: {doc.why}\n\nHow to fix: {doc.how_to_fix}"
    markdown = (
        f"{doc.what}\n\n**Why**: {doc.why}\n\n**Example**:\n\n```\n{doc.example}\n```\n\n"
        f"**How to fix**: {doc.how_to_fix}"
    )
    return {
        "id": doc.code,
        "name": doc.name,
        "shortDescription": {"text": doc.what or doc.name},
        "fullDescription": {"text": doc.why or doc.what or doc.name},
        "help": {"text": help_text, "markdown": markdown},
        "defaultConfiguration": {"level": _LEVELS[doc.severity]},
    }


def artifact_path(finding: Finding) -> str:
    """A file for every finding: a package (a folder) is its ``__init__.py``."""
    path = finding.path or finding.source.path or "pyproject.toml"
    if "." not in posixpath.basename(path.rstrip("/")):
        return posixpath.join(path.rstrip("/"), "__init__.py")
    return path


def _location(path: str, line: int, column: int) -> dict[str, Any]:
    region = {"startLine": max(line, 1), "startColumn": max(column, 1)}
    artifact = {"uri": path, "uriBaseId": URI_BASE}
    return {"physicalLocation": {"artifactLocation": artifact, "region": region}}


def _result(finding: Finding, index: dict[str, int], result: Result) -> dict[str, Any]:
    data: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": index[finding.code],
        "level": _LEVELS[finding.severity],
        "message": {"text": f"{finding.name}: {finding.message}"},
        "locations": [_location(artifact_path(finding), finding.line, finding.column)],
        "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
    }
    if result.baseline is not None:
        data["baselineState"] = "new" if finding.new else "unchanged"
    return data


def _suppressed(item: Suppressed, index: dict[str, int]) -> dict[str, Any]:
    """A finding an ``# archfit: ignore[...]`` comment silenced, marked as suppressed in source."""
    finding = item.finding
    return {
        "ruleId": finding.code,
        "ruleIndex": index[finding.code],
        "level": _LEVELS[finding.severity],
        "message": {"text": f"{finding.name}: {finding.message}"},
        "locations": [_location(artifact_path(finding), finding.line, finding.column)],
        "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
        "suppressions": [{"kind": "inSource", "justification": item.reason or "no reason given"}],
    }


def _absent(entry: BaselineEntry, index: dict[str, int], baseline_path: str) -> dict[str, Any]:
    """A baselined finding that no longer occurs (GitHub closes its alert)."""
    return {
        "ruleId": entry.code,
        "ruleIndex": index[entry.code],
        "level": "note",
        "message": {"text": f"fixed: {entry.subject} ({entry.count} no longer occurring)"},
        "locations": [_location(baseline_path, 1, 1)],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint_of(entry.key)},
        "baselineState": "absent",
    }
