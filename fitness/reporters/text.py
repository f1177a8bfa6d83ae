"""``--format text``: what a person reads at a glance; colour only when the CLI says so.

In the conventions ruff and pytest users know: a finding's first line is
``path:line:col CODE message`` and fits ``WIDTH`` columns for paths up to 60 characters; the
rest of a long message and each import chain go on indented continuation lines. Findings are
grouped by file; with a baseline, the baselined ones come first and the new ones last, marked,
so what failed a hook is on the last screen.
"""

from __future__ import annotations

import textwrap
from collections import Counter, defaultdict

from fitness.reporters.base import RenderOptions
from fitness.results.findings import (
    ContractVerdict,
    Finding,
    Result,
    Severity,
    chain_text,
    escape_name,
    no_workflow_commands,
)

_COLORS = {"red": "31", "green": "32", "yellow": "33", "dim": "2", "bold": "1", "cyan": "36"}
_SEVERITY_COLOR = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


class _Painter:
    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, text: str, color: str) -> str:
        return f"\x1b[{_COLORS[color]}m{text}\x1b[0m" if self.enabled else text


WIDTH = 100
_INDENT = "    "


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
        found = by_contract.get(verdict.id, [])
        if not options.quiet or any(f.new for f in found):
            lines += _contract_lines(verdict, found, paint, options)
    lines += _findings_lines(others, result, paint, options)
    if not options.quiet:
        lines += _governing_lines(result, paint)
        lines += _blind_spot_lines(result, paint)
        lines += [f"warning: {w}" for w in result.warnings]
        lines += _baseline_lines(result, paint)
    lines.append("")
    if not options.quiet:  # beside the configuration and the summary, which follow
        lines += role_lines(result, options.verbose)
    lines.append(_summary_line(result, paint, options))
    return no_workflow_commands("\n".join(lines).lstrip("\n") + "\n")


def wrapped(head: str, body: str, indent: str = _INDENT, width: int = WIDTH) -> list[str]:
    """``head body`` in lines of at most ``width`` columns (a word longer than a line stays
    whole), the continuation lines indented."""
    text = f"{head} {body}".rstrip()
    if len(text) <= width and text.isprintable() and text.strip() == text and "  " not in text:
        return [text] if text else [head]  # one line, as textwrap would leave it
    if text and text.isprintable() and not text.startswith(" ") and "  " not in text:
        return _filled(text, width, indent)  # most findings, at a fifth the cost
    return textwrap.wrap(
        text,
        width=width,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [head]


def _filled(text: str, width: int, indent: str) -> list[str]:
    """What ``textwrap.wrap`` makes of words joined by single spaces (no hyphen breaks, long
    words whole): each line takes words while they fit (cut at the last space that leaves
    it short enough), the next lines indented."""
    lines: list[str] = []
    start, lead = 0, ""
    while len(text) - start + len(lead) > width:
        cut = text.rfind(" ", start, start + width - len(lead) + 1)
        if cut == -1:  # a word longer than a line stays whole
            cut = text.find(" ", start)
            if cut == -1:
                break
        lines.append(lead + text[start:cut])
        start, lead = cut + 1, indent
    lines.append(lead + text[start:])
    return lines


def _findings_lines(
    findings: list[Finding], result: Result, paint: _Painter, options: RenderOptions
) -> list[str]:
    """Grouped by file (they are sorted by path); with a baseline, the baselined first and the
    new last; ``--statistics``: counts per code; ``--quiet``: the new ones only."""
    if options.quiet:
        findings = [f for f in findings if f.new]
    if not findings:
        return []
    if options.statistics:
        return ["", paint("Findings by code", "bold"), *_statistics(findings, result)]
    title = "Findings" if result.baseline is None else "Findings (baselined first, new last)"
    ordered = sorted(findings, key=lambda f: (f.new, f.sort_key))
    lines = ["", paint(title, "bold")]
    for finding in ordered:
        lines += _finding_lines(finding, paint, result.baseline is not None, options.verbose)
    return lines


def _statistics(findings: list[Finding], result: Result) -> list[str]:
    """``    12  CBX001  max-cyclomatic`` per code, most frequent first (ruff's --statistics)."""
    counts = Counter((f.code, f.name) for f in findings)
    new = Counter(f.code for f in findings if f.new)
    lines = []
    for (code, name), count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        extra = f" ({new[code]} new)" if result.baseline is not None else ""
        lines.append(f"{count:>7}  {code}  {name}{extra}")
    return lines


def _finding_lines(finding: Finding, paint: _Painter, marked: bool, verbose: bool) -> list[str]:
    """``path:line:col CODE message``, wrapped; the rule's name and fix with ``--verbose``."""
    where = f"{escape_name(finding.path)}:{finding.line}:{finding.column}"
    mark = "" if not marked else " (new)" if finding.new else " (baselined)"
    lines = wrapped(f"{where} {finding.code}", finding.message + mark)
    if paint.enabled:
        color = _SEVERITY_COLOR[finding.severity]
        lines[0] = lines[0].replace(f" {finding.code}", " " + paint(finding.code, color), 1)
    if verbose:
        lines += wrapped(f"{_INDENT}rule:", f"{finding.name} (archfit explain {finding.code})")
        if finding.how_to_fix:
            lines += wrapped(f"{_INDENT}how to fix:", finding.how_to_fix.strip(), _INDENT * 2)
    return lines


def _contract_lines(
    verdict: ContractVerdict, findings: list[Finding], paint: _Painter, options: RenderOptions
) -> list[str]:
    lines = [_contract_head(verdict, findings, paint)]
    lines += [f"    {paint(note, 'dim')}" for note in verdict.warnings]
    shown = [f for f in findings if f.new] if options.quiet else findings
    for finding in shown:
        lines += _violation_lines(verdict, finding, paint, options)
    if shown and verdict.how_to_fix:
        lines += wrapped(f"{_INDENT}how to fix:", verdict.how_to_fix.strip(), _INDENT * 2)
    return lines


def _violation_lines(
    verdict: ContractVerdict, finding: Finding, paint: _Painter, options: RenderOptions
) -> list[str]:
    """``path:line subject``, then each chain (or the message) on its own indented line."""
    where = f"{escape_name(finding.path)}:{finding.line}"
    mark = "" if finding.new else " (baselined)"
    # An ADR's violations have its id for subject, which the contract's line already shows.
    named = verdict.source.kind == "adr" and finding.subject == verdict.source.id
    lines = wrapped(f"{_INDENT}{where}", ("" if named else finding.subject) + mark, _INDENT * 2)
    lines[0] = lines[0].replace(where, paint(where, "dim"), 1)
    chains = [chain_text(c) for c in finding.chains]
    for text in chains or [finding.detail or finding.message]:
        lines += wrapped(_INDENT * 2 + text.split(" ", 1)[0], text.partition(" ")[2], _INDENT * 3)
    if options.verbose:
        lines += [f"{_INDENT * 3}{link.describe()}" for c in finding.chains for link in c]
    return lines


def _contract_head(verdict: ContractVerdict, findings: list[Finding], paint: _Painter) -> str:
    """``KEPT``, ``BROKEN ... N violations``, or ``BROKEN (baselined, N known)`` when every
    violation is already in the baseline (the contract fails no gate today); never
    ``0 violations``."""
    title = contract_title(verdict)
    if verdict.kept:
        return f"{paint('KEPT  ', 'green')} {title}"
    if findings and not any(f.new for f in findings):
        return f"{paint(f'BROKEN (baselined, {len(findings)} known)', 'yellow')} {title}"
    if not findings:  # FILES narrowed the report: what breaks it lies elsewhere
        return f"{paint('BROKEN', 'red')} {title} (no violation in the files checked)"
    return f"{paint('BROKEN', 'red')} {title} {len(findings)} violation{'s' * (len(findings) != 1)}"


def contract_title(verdict: ContractVerdict) -> str:
    """``name [type: id]``, or ``name [type]`` when the id only restates the name (an ADR's)."""
    if verdict.id_restates_name:
        return f"{verdict.name} [{verdict.type}]"
    return f"{verdict.name} [{verdict.type}: {verdict.id}]"


def _governing_lines(result: Result, paint: _Painter) -> list[str]:
    """With FILES: the accepted decisions governing them, beside their violations."""
    if not (result.governing and result.findings):
        return []
    lines = ["", paint("Decisions governing these files", "bold")]
    return lines + [f"    {a.id} {a.title} ({a.path})" for a in result.governing]


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


def role_lines(result: Result, verbose: bool = False) -> list[str]:
    """``files: 63 library, 41 tests, 12 docs``: the analysed files per role, so what each
    rule judges is never a surprise; ``--verbose`` lists each role's files below."""
    if not result.roles:
        return []
    counts = ", ".join(f"{len(group.paths)} {group.role}" for group in result.roles)
    lines = [f"files: {counts}"]
    if verbose:
        for group in result.roles:
            names = ", ".join(escape_name(path) for path in group.paths)
            lines += wrapped(f"  {group.role}:", names, _INDENT * 2)
    return lines


def _summary_line(result: Result, paint: _Painter, options: RenderOptions) -> str:
    s = result.summary
    kept = sum(1 for c in result.contracts if c.kept)
    broken = f"{len(result.contracts) - kept} broken"
    if known := _baselined_contracts(result):
        broken += f" ({known} baselined)"
    verdict = paint("FAILED", "red") if result.exit_code else paint("PASSED", "green")
    verdict += _stale_reason(result)
    if options.exit_zero and result.exit_code:
        verdict += " (exit code 0: --exit-zero)"
    return (
        f"{verdict}: {s.files} files, {s.modules} modules, contracts {kept} kept / "
        f"{broken}; {s.errors} errors, {s.warnings} warnings, "
        f"{s.infos} infos"
        + (f"; {s.new} new, {s.baselined} baselined, {s.fixed} fixed" if result.baseline else "")
    )


def _stale_reason(result: Result) -> str:
    """Why a run with no new error fails: ``--strict-baseline`` and a baseline to shrink."""
    stale = result.baseline.stale if result.baseline is not None else 0
    if not stale:
        return ""
    findings = "finding no longer occurs" if stale == 1 else "findings no longer occur"
    return f" (--strict-baseline: {stale} baselined {findings}; run `archfit baseline`)"


def _baselined_contracts(result: Result) -> int:
    """Broken contracts whose every violation is in the baseline."""
    new: dict[str, bool] = {}
    for finding in result.findings:
        if finding.contract:
            new[finding.contract] = new.get(finding.contract, False) or finding.new
    return sum(1 for c in result.contracts if not c.kept and new.get(c.id) is False)
