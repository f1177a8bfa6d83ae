"""``--format gitlab``: GitLab Code Quality, the JSON array its merge-request widget reads.

One issue per finding with GitLab's documented fields: ``description``, ``check_name`` (the
rule's code), ``fingerprint``, ``severity`` (GitLab's levels) and ``location`` (``path``
relative to the repository root, ``lines.begin``). Fingerprints come from archfit's own,
which never hash lines, so an issue keeps its fingerprint when code moves; GitLab keeps only
one issue per fingerprint, so a repeated identity (or the same one in two projects) gets a
fingerprint of its own, numbered in report order. Baselined findings are left out unless
``RenderOptions.baselined`` asks for them.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from typing import Any

from fitness.reporters.base import RenderOptions
from fitness.reporters.sarif import artifact_path
from fitness.results.findings import Finding, Result, Severity, fingerprint_of

# GitLab's scale is info, minor, major, critical, blocker; an error fails the check, so it
# ranks above warnings, and "critical"/"blocker" stay free for what archfit cannot judge.
SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def render(result: Result, options: RenderOptions = RenderOptions()) -> str:
    """One project's findings as a Code Quality report (a JSON array, trailing newline)."""
    return dump(issues([result], options))


def dump(data: list[dict[str, Any]]) -> str:
    """The report's text: indented, sorted keys, a trailing newline."""
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def issues(results: Iterable[Result], options: RenderOptions) -> list[dict[str, Any]]:
    """Every reported finding of every result (paths already relative to the repository
    root), each with a fingerprint no other issue of the report has."""
    seen: Counter[str] = Counter()
    found = []
    for result in results:
        for finding in result.findings:
            if finding.new or options.baselined:
                fingerprint = _fingerprint(finding, result.project, seen)
                found.append(issue(finding, fingerprint))
    return found


def _fingerprint(finding: Finding, project: str, seen: Counter[str]) -> str:
    """archfit's fingerprint; in a sub-project, or for a repeat, one derived from it."""
    base = finding.fingerprint if not project else fingerprint_of((project, finding.fingerprint))
    seen[base] += 1
    return base if seen[base] == 1 else fingerprint_of((base, str(seen[base])))


def issue(finding: Finding, fingerprint: str) -> dict[str, Any]:
    """One Code Quality issue."""
    description = f"{finding.code} {finding.name}: {finding.message}"
    if not finding.new:
        description += " (baselined)"
    return {
        "description": description,
        "check_name": finding.code,
        "fingerprint": fingerprint,
        "severity": SEVERITIES[finding.severity],
        "location": {"path": artifact_path(finding), "lines": {"begin": max(finding.line, 1)}},
    }
