"""The baseline: what a legacy repo already violates, so that a check fails only on what is new.

Entries are keyed on what ``Finding.fingerprint`` hashes (code, subject, declaring source id,
target), stored in plain text with a count, never with line numbers: moving code does not
disturb it. Migrations store their remaining usage count, which may only fall. Everything here
is a pure function of findings and verdicts, plus a reader and a writer for the file, whose
layout (sorted, one entry per line) keeps diffs small.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import field, replace
from typing import Any

from analyzer.bounded import MAX_BASELINE_BYTES, MAX_TEXT_NESTING, read_bounded_text, too_deep
from archfit_values import frozen
from fitness import catalog
from fitness.exceptions import ConfigError, ConfigIssue
from fitness.results.findings import (
    BaselineEntry,
    BaselineReport,
    ContractVerdict,
    Finding,
    Result,
    RuleInfo,
    summarize,
)

SCHEMA_VERSION = 1
MIGRATION_TYPE = "migration"
# A regression is judged against the baseline itself, so it is never baselined.
REGRESSION_CODES = (catalog.CONTRACT_CODES[MIGRATION_TYPE], catalog.MIGRATION_REGRESSED_CODE)
_ENTRY_KEYS = {"code", "name", "subject", "source", "target", "count"}
_MIGRATION_KEYS = {"contract", "remaining"}

Key = tuple[str, str, str, str]


@frozen
class Baseline:
    """The baseline file's content: counted finding identities and migration counts."""

    entries: tuple[BaselineEntry, ...] = ()
    migrations: Mapping[str, int] = field(default_factory=dict)
    names: Mapping[str, str] = field(default_factory=dict)  # code -> rule name, for people

    def counts(self) -> dict[Key, int]:
        """How many occurrences of each identity the baseline allows."""
        return {e.key: e.count for e in self.entries}


# --- comparing a run with the baseline -------------------------------------------------------


def compare(result: Result, baseline: Baseline, display_path: str) -> Result:
    """Mark baselined findings as not new, add migration regressions, report what was fixed."""
    allowed = baseline.counts()
    seen: Counter[Key] = Counter()
    findings = []
    for finding in result.findings:  # sorted, so which occurrence is "new" is deterministic
        seen[finding.identity] += 1
        is_new = seen[finding.identity] > allowed.get(finding.identity, 0)
        findings.append(replace(finding, new=is_new))
    verdicts, regressions = _judge_migrations(result.contracts, baseline.migrations)
    findings = sorted([*findings, *regressions], key=lambda f: f.sort_key)
    report = BaselineReport(
        display_path, fixed_entries(baseline, seen), _lowered(result.contracts, baseline)
    )
    summary = summarize(result.summary.files, result.summary.modules, tuple(findings))
    return replace(
        result,
        findings=tuple(findings),
        contracts=verdicts,
        summary=replace(summary, fixed=sum(e.count for e in report.fixed)),
        baseline=report,
        rules=_with_docs(result, regressions),
    )


def _with_docs(result: Result, added: Sequence[Finding]) -> tuple[RuleInfo, ...]:
    """The result's rule docs plus those of the codes the baseline added."""
    known = {r.code for r in result.rules}
    extra = catalog.rule_infos([f.code for f in added if f.code not in known])
    return tuple(sorted((*result.rules, *extra), key=lambda r: r.code))


def fixed_entries(baseline: Baseline, seen: Mapping[Key, int]) -> tuple[BaselineEntry, ...]:
    """Baseline entries with fewer occurrences today; each count is how many went away."""
    return tuple(
        replace(e, count=e.count - seen.get(e.key, 0))
        for e in baseline.entries
        if e.count > seen.get(e.key, 0)
    )


def _lowered(
    verdicts: Iterable[ContractVerdict], baseline: Baseline
) -> tuple[tuple[str, int, int], ...]:
    """Migrations whose remaining usages fell below the recorded count."""
    return tuple(
        (v.id, baseline.migrations[v.id], v.remaining_usages)
        for v in verdicts
        if v.remaining_usages is not None
        and v.id in baseline.migrations
        and v.remaining_usages < baseline.migrations[v.id]
    )


def _judge_migrations(
    verdicts: Sequence[ContractVerdict], recorded: Mapping[str, int]
) -> tuple[tuple[ContractVerdict, ...], list[Finding]]:
    """A migration whose count rose above the recorded one is broken (CON008 or ADR008)."""
    judged: list[ContractVerdict] = []
    regressions: list[Finding] = []
    for verdict in verdicts:
        before = recorded.get(verdict.id)
        if verdict.remaining_usages is None or before is None or verdict.remaining_usages <= before:
            judged.append(verdict)
            continue
        regressions.append(regression_finding(verdict, before))
        judged.append(replace(verdict, kept=False, violations=verdict.violations + 1))
    return tuple(judged), regressions


def regression_finding(verdict: ContractVerdict, before: int) -> Finding:
    """CON008 for a migration from config, ADR008 for one an ADR declares."""
    adr = verdict.source.kind == "adr"
    code = catalog.MIGRATION_REGRESSED_CODE if adr else catalog.CONTRACT_CODES[MIGRATION_TYPE]
    doc = catalog.rule(code)
    assert doc is not None
    now = verdict.remaining_usages
    return Finding(
        code=doc.code,
        name=doc.name,
        severity=doc.severity,
        message=f"{verdict.name}: {now} remaining usages, the baseline records {before}",
        path=verdict.source.path,
        line=verdict.source.line,
        column=1,
        subject=verdict.id,
        source=verdict.source,
        how_to_fix=verdict.how_to_fix or doc.how_to_fix,
    )


# --- writing a new baseline (the ratchet) ----------------------------------------------------


def record(result: Result, previous: Baseline | None, update: bool = False) -> Baseline:
    """The baseline after this run: fixed entries dropped, new ones only with ``update``.

    With no previous baseline (or ``update``), today's findings and counts are all recorded.
    A migration's count only ever falls, unless ``update`` accepts a rise.
    """
    today = Counter(f.identity for f in result.findings if f.code not in REGRESSION_CODES)
    names = {f.code: f.name for f in result.findings}
    remaining = {
        v.id: v.remaining_usages for v in result.contracts if v.remaining_usages is not None
    }
    if previous is None or update:
        return Baseline(_entries(today), dict(sorted(remaining.items())), names)
    kept = Counter({k: min(c, today.get(k, 0)) for k, c in previous.counts().items()})
    migrations = {
        key: min(count, previous.migrations.get(key, count)) for key, count in remaining.items()
    }
    return Baseline(_entries(+kept), dict(sorted(migrations.items())), names)


def _entries(counts: Mapping[Key, int]) -> tuple[BaselineEntry, ...]:
    return tuple(sorted(BaselineEntry(*key, count=n) for key, n in counts.items() if n > 0))


def dumps(baseline: Baseline) -> str:
    """The file's text: sorted, one entry per line, so a ratchet is a clean diff."""
    lines = ["{", f'  "schema_version": {SCHEMA_VERSION},', '  "tool": "archfit",']
    lines.append('  "findings": [' + ("" if baseline.entries else "],"))
    rows = [_entry_json(e, baseline.names.get(e.code, "")) for e in baseline.entries]
    lines += [f"    {row}," for row in rows[:-1]] + [f"    {row}" for row in rows[-1:]]
    if baseline.entries:
        lines.append("  ],")
    migrations = [
        json.dumps({"contract": k, "remaining": v}, sort_keys=True)
        for k, v in sorted(baseline.migrations.items())
    ]
    lines.append('  "migrations": [' + ("" if migrations else "]"))
    if migrations:
        lines += [f"    {m}," for m in migrations[:-1]] + [f"    {migrations[-1]}", "  ]"]
    return "\n".join([*lines, "}"]) + "\n"


def _entry_json(entry: BaselineEntry, name: str) -> str:
    data: dict[str, str | int] = {"code": entry.code, "subject": entry.subject}
    data["source"] = entry.source
    data |= {"target": entry.target, "count": entry.count}
    if name:
        data["name"] = name
    return json.dumps(data, sort_keys=True, ensure_ascii=False)


def write(path: str, baseline: Baseline) -> None:
    """Write atomically, so an interrupted run never leaves half a baseline."""
    temporary = f"{path}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW  # a planted symlink: refused
    try:
        descriptor = os.open(temporary, flags, 0o666)
    except OSError as exc:
        message = f"cannot write the baseline: {exc.strerror} ({temporary})"
        raise ConfigError([ConfigIssue(path, 0, message)]) from exc
    with open(descriptor, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(dumps(baseline))
    os.replace(temporary, path)  # replaces a symlink at ``path`` itself, never its target


# --- reading ---------------------------------------------------------------------------------


def read(path: str, display: str) -> Baseline | None:
    """The baseline at ``path``, or None when there is none yet; a bad file is a ConfigError."""
    if not os.path.lexists(path):
        return None
    try:
        text = read_bounded_text(path, MAX_BASELINE_BYTES)
    except (OSError, UnicodeDecodeError) as exc:
        message = f"cannot read baseline: {getattr(exc, 'strerror', None) or exc}"
        raise ConfigError([ConfigIssue(display, 0, message)]) from exc
    if (deep := too_deep(text)) is not None:  # json's parser recurses
        message = f"brackets nested over the limit of {MAX_TEXT_NESTING} deep"
        raise ConfigError([ConfigIssue(display, deep, message)])
    return parse(text, display)


def parse(text: str, display: str) -> Baseline:
    """Validate the file's text; every problem is reported at once, with its line."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(
            [ConfigIssue(display, exc.lineno, f"invalid baseline: {exc.msg}")]
        ) from exc
    issues: list[ConfigIssue] = []
    if not isinstance(data, dict) or data.get("schema_version") != SCHEMA_VERSION:
        message = (
            f"not an archfit baseline (expected an object with schema_version {SCHEMA_VERSION})"
        )
        raise ConfigError([ConfigIssue(display, 1, message)])
    lines = _item_lines(text)
    entries = [
        _read_entry(item, lines.get(("findings", i), 1), display, issues)
        for i, item in enumerate(_list(data, "findings", display, issues))
    ]
    migrations = {}
    for i, item in enumerate(_list(data, "migrations", display, issues)):
        found = _read_migration(item, lines.get(("migrations", i), 1), display, issues)
        if found is not None:
            migrations[found[0]] = found[1]
    if issues:
        raise ConfigError(issues)
    valid = [e for e in entries if e is not None]
    return Baseline(tuple(sorted(valid)), migrations)


def _list(data: dict[str, Any], key: str, display: str, issues: list[ConfigIssue]) -> list[Any]:
    value = data.get(key, [])
    if isinstance(value, list):
        return value
    issues.append(ConfigIssue(display, 1, f"{key!r} must be a list"))
    return []


def _read_entry(
    item: Any, line: int, display: str, issues: list[ConfigIssue]
) -> BaselineEntry | None:
    if not isinstance(item, dict) or not {"code", "subject", "source"} <= set(item):
        issues.append(ConfigIssue(display, line, "an entry needs code, subject and source"))
        return None
    unknown = sorted(set(item) - _ENTRY_KEYS)
    texts = [item.get(k, "") for k in ("code", "subject", "source", "target")]
    count = item.get("count", 1)
    if unknown or not all(isinstance(t, str) for t in texts):
        issues.append(ConfigIssue(display, line, f"bad entry (unknown keys {unknown} or non-text)"))
        return None
    if not isinstance(count, int) or isinstance(count, bool) or count < 1:
        issues.append(
            ConfigIssue(display, line, f"count must be a positive integer, not {count!r}")
        )
        return None
    code, subject, source, target = texts
    return BaselineEntry(code, subject, source, target, count)


def _read_migration(
    item: Any, line: int, display: str, issues: list[ConfigIssue]
) -> tuple[str, int] | None:
    valid = isinstance(item, dict) and set(item) == _MIGRATION_KEYS
    if not valid or not isinstance(item["contract"], str) or not _natural(item["remaining"]):
        issues.append(ConfigIssue(display, line, 'a migration is {"contract": id, "remaining": N}'))
        return None
    return item["contract"], item["remaining"]


def _natural(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _item_lines(text: str) -> dict[tuple[str, int], int]:
    """The line of each list item, for files laid out as ``dumps`` writes them (one per line)."""
    lines: dict[tuple[str, int], int] = {}
    current, index = "", 0
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if stripped.startswith(('"findings"', '"migrations"')):
            current, index = stripped.split('"')[1], 0
        elif current and stripped.startswith("{"):
            lines[(current, index)] = number
            index += 1
    return lines


# --- a rule that took over another's findings ------------------------------------------------


def carry_over(
    recorded: Baseline, findings: Sequence[Finding], carries: Mapping[str, tuple[str, ...]]
) -> Baseline:
    """The baseline with each entry of a code that another rule took over (``carries`` maps
    the new code to the old ones) renamed to that rule wherever it now reports the same subject
    and target: after an upgrade such a finding is neither new nor fixed."""
    if not carries:
        return recorded
    heirs = {
        (old, f.subject, f.target): (f.code, f.source.id)
        for f in findings
        for old in carries.get(f.code, ())
    }
    counts: Counter[Key] = Counter()
    for entry in recorded.entries:
        code, source = heirs.get(
            (entry.code, entry.subject, entry.target), (entry.code, entry.source)
        )
        counts[(code, entry.subject, source, entry.target)] += entry.count
    return replace(recorded, entries=_entries(counts))
