"""``--format text``: what a person reads at a glance; colour only when the CLI says so."""

from __future__ import annotations

from collections import defaultdict

from fitness.findings import (
    ContractVerdict,
    Finding,
    Result,
    Severity,
    chain_text,
    escape_name,
    no_workflow_commands,
)
from fitness.reporters.base import RenderOptions

_COLORS = {"red": "31", "green": "32", "yellow": "33", "dim": "2", "bold": "1", "cyan": "36"}
_SEVERITY_COLOR = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


class _Painter:
    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, text: str, color: str) -> str:
        return f"\x1b[{_COLORS[color]}m{text}\x1b[0m" if self.enabled else text


def render(result: Result, options: RenderOptions = RenderOptions()) -> str:
    """The result as lines of text: contracts, other findings, blind spots, summary."""
    paint = _Painter(options.color)
    by_contract: dict[str, list[Finding]] = defaultdict(list)
    others: list[Finding] = []
    for finding in result.findings:
        if finding.contract:
            by_contract[finding.contract].append(finding)
        else:
            others.append(finding)
    lines: list[str] = []
    for verdict in result.contracts:
        lines += _contract_lines(verdict, by_contract.get(verdict.id, []), paint, options)
    if others:
        lines += ["", paint("Findings", "bold")]
        lines += [_finding_line(f, paint) for f in others]
    lines += _governing_lines(result, paint)
    lines += _blind_spot_lines(result, paint)
    lines += [f"warning: {w}" for w in result.warnings]
    lines += _baseline_lines(result, paint)
    lines += ["", _summary_line(result, paint)]
    return no_workflow_commands("\n".join(lines).lstrip("\n") + "\n")


def _contract_lines(
    verdict: ContractVerdict, findings: list[Finding], paint: _Painter, options: RenderOptions
) -> list[str]:
    status = paint("KEPT  ", "green") if verdict.kept else paint("BROKEN", "red")
    head = f"{status} {verdict.name} [{verdict.type}: {verdict.id}]"
    if not verdict.kept:
        head += f" {len(findings)} violation{'s' * (len(findings) != 1)}"
    lines = [head]
    lines += [f"    {paint(note, 'dim')}" for note in verdict.warnings]
    for finding in findings:
        where = paint(f"{escape_name(finding.path)}:{finding.line}", "dim")
        chains = "; ".join(chain_text(c) for c in finding.chains)
        chains = chains or finding.message.removeprefix(f"{verdict.name}: ")
        mark = "" if finding.new else " (baselined)"
        lines.append(f"    {where} {finding.subject}: {chains}{mark}")
        if options.verbose:
            lines += [f"        {link.describe()}" for c in finding.chains for link in c]
    if findings and verdict.how_to_fix:
        lines.append(f"    {paint('how to fix:', 'bold')} {verdict.how_to_fix.strip()}")
    return lines


def _governing_lines(result: Result, paint: _Painter) -> list[str]:
    """With FILES: the accepted decisions governing them, beside their violations."""
    if not (result.governing and result.findings):
        return []
    lines = ["", paint("Decisions governing these files", "bold")]
    return lines + [f"    {a.id} {a.title} ({a.path})" for a in result.governing]


def _finding_line(finding: Finding, paint: _Painter) -> str:
    where = f"{escape_name(finding.path)}:{finding.line}:{finding.column}"
    code = paint(f"{finding.code} {finding.name}", _SEVERITY_COLOR[finding.severity])
    return f"{where} {code} {finding.message}" + ("" if finding.new else " (baselined)")


def _baseline_lines(result: Result, paint: _Painter) -> list[str]:
    """What the baseline holds that no longer occurs, and how `archfit baseline` would shrink it."""
    report = result.baseline
    if report is None or not (report.fixed or report.lowered):
        return []
    lines = ["", paint(f"Fixed since the baseline ({report.path})", "bold")]
    lines += [f"  {e.code} {e.subject} (x{e.count})" for e in report.fixed]
    lines += [f"  migration {m}: {was} -> {now} remaining usages" for m, was, now in report.lowered]
    shrink = sum(e.count for e in report.fixed)
    lines.append(
        f"  `archfit baseline` would shrink the baseline by {shrink} finding"
        f"{'s' * (shrink != 1)} and {len(report.lowered)} migration count"
        f"{'s' * (len(report.lowered) != 1)}"
    )
    return lines


def _blind_spot_lines(result: Result, paint: _Painter) -> list[str]:
    if not result.blind_spots:
        return []
    lines = ["", paint("Blind spots (the graph cannot see these)", "bold")]
    for spot in result.blind_spots:
        lines.append(
            f"  {spot.count} {spot.kind}: {', '.join(spot.examples)}"
            + (", ..." if spot.count > len(spot.examples) else "")
        )
    return lines


def _summary_line(result: Result, paint: _Painter) -> str:
    s = result.summary
    kept = sum(1 for c in result.contracts if c.kept)
    verdict = paint("FAILED", "red") if result.exit_code else paint("PASSED", "green")
    return (
        f"{verdict}: {s.files} files, {s.modules} modules, contracts {kept} kept / "
        f"{len(result.contracts) - kept} broken; {s.errors} errors, {s.warnings} warnings, "
        f"{s.infos} infos"
        + (f"; {s.new} new, {s.baselined} baselined, {s.fixed} fixed" if result.baseline else "")
    )
