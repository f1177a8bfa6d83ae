"""In-source suppressions: ``# archfit: ignore[CODE, name] reason`` silences findings.

A comment covers its own line, or a whole body when it sits on a ``def`` or ``class`` line;
it names rules by code or by name. A named rule the comment silences nothing of is reported
as ``INP004 unused-suppression``, so stale comments do not hide future findings. The comments
come from the parser's outline (one tokenize pass per file, during the one parse).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator

from analyzer.facts import Facts
from analyzer.outline import Suppression
from archfit_values import frozen
from fitness import catalog
from fitness.results.findings import Finding, Source, Suppressed


@frozen
class Outcome:
    """Findings that stand (unused suppressions among them) and those that were silenced."""

    findings: list[Finding]
    suppressed: list[Suppressed]


def apply_suppressions(
    findings: Iterable[Finding], facts: Facts, rules: catalog.Catalog, off: Collection[str] = ()
) -> Outcome:
    """Silence what the target's comments name; report each named rule that silenced nothing
    (rules configured ``off``, by code or name in ``off``, aside)."""
    # Read through ``suppression_comments``: a deferred file knows them without decoding.
    comments = {
        p.source.path: found for p in facts.parsed if (found := p.suppression_comments) is not None
    }
    used: set[tuple[str, int, str]] = set()
    kept, silenced = [], []
    for finding in findings:
        match = _match(finding, comments.get(finding.path, ()), rules)
        if match is None:
            kept.append(finding)
            continue
        comment, entry = match
        used.add((finding.path, comment.line, entry))
        silenced.append(Suppressed(finding, comment.reason, comment.line))
    kept += _unused(comments, used, rules, off)
    return Outcome(kept, silenced)


def _match(
    finding: Finding, comments: Iterable[Suppression], rules: catalog.Catalog
) -> tuple[Suppression, str] | None:
    """The first comment covering the finding's line that names its rule, and the entry."""
    for comment in comments:
        if comment.line <= finding.line <= comment.end_line:
            for entry in comment.codes:
                if _names(entry, finding, rules):
                    return comment, entry
    return None


def _names(entry: str, finding: Finding, rules: catalog.Catalog) -> bool:
    doc = rules.rule(entry)
    code = doc.code if doc is not None else entry.upper()
    return code == finding.code or entry == finding.name


def _unused(
    comments: dict[str, tuple[Suppression, ...]],
    used: set[tuple[str, int, str]],
    rules: catalog.Catalog,
    off: Collection[str],
) -> Iterator[Finding]:
    for path, items in sorted(comments.items()):
        for comment in items:
            for entry in comment.codes:
                if (path, comment.line, entry) not in used and not _is_off(entry, rules, off):
                    yield unused_finding(path, comment, entry)


def _is_off(entry: str, rules: catalog.Catalog, off: Collection[str]) -> bool:
    doc = rules.rule(entry)
    return entry in off or (doc is not None and (doc.code in off or doc.name in off))


def unused_finding(path: str, comment: Suppression, entry: str) -> Finding:
    """``INP004``: a rule a suppression comment names that it silences nothing of."""
    doc = catalog.rule(catalog.UNUSED_SUPPRESSION_CODE)
    assert doc is not None
    return Finding(
        code=doc.code,
        name=doc.name,
        severity=doc.severity,
        message=f"`# archfit: ignore[{entry}]` suppresses nothing here: delete it",
        path=path,
        line=comment.line,
        column=1,
        subject=path,
        source=Source("input", doc.name),
        target=entry,
        how_to_fix=doc.how_to_fix,
    )
