"""ADRs as the ``archfit adr`` commands show them: value objects for pure reporters, and the
decisions governing given files (which needs the target's layout: file -> module)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from analyzer.discovery import Nested, discover
from analyzer.facts import Layout
from archfit_values import frozen
from fitness import catalog
from fitness.adr.affects import Governing, governing, governing_files
from fitness.adr.declared import rule_text
from fitness.adr.model import Adr
from fitness.results.findings import AdrDetail, AdrSummary, Finding


@frozen
class Target:
    """Where the code is, as the config says (the layout maps files to modules)."""

    root: str
    source_roots: Sequence[str] | None = None
    root_packages: Sequence[str] | None = None
    exclude: Sequence[str] = ()
    nested: Nested | None = None  # folders left to projects of their own (docs/adr/0015)

    def layout(self) -> Layout:
        """Discover the target's files and modules (no parsing)."""
        return discover(self.root, self.source_roots, self.root_packages, self.exclude, self.nested)


def find_adr(adrs: Iterable[Adr], wanted: str) -> Adr | None:
    """An ADR by number (``7``, ``0007``), id (``ADR-0007``), file stem or path (ids repeat
    across folders: the path tells them apart)."""
    key = wanted.strip().upper().removeprefix("ADR-").removeprefix("ADR")
    for adr in adrs:
        stem = adr.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        if adr.id.upper() == wanted.upper() or wanted in (stem, adr.path):
            return adr
        if key.isdigit() and adr.number == int(key):
            return adr
    return None


def owns(adr: Adr, finding: Finding) -> bool:
    """Whether a finding is this ADR's drift: declared in its file (ids repeat across folders,
    so the subject alone does not tell)."""
    drift = finding.code.startswith(catalog.ADR_FAMILY)
    return drift and adr.path in (finding.source.path, finding.path)


def _fields(adr: Adr) -> tuple[tuple[str, str], ...]:
    links = ", ".join(f"{link.kind} {link.target}" for link in adr.links)
    checked = sum(1 for c in adr.criteria if c.checked)
    return (
        ("status", f"{adr.status} ({adr.status_raw})" if adr.status_raw else adr.status),
        ("date", adr.date),
        ("deciders", ", ".join(adr.deciders)),
        ("links", links),
        ("review", adr.review_text),
        ("chosen", adr.chosen),
        ("options", ", ".join(o.name for o in adr.options)),
        ("migration", adr.migration_path),
        ("criteria", f"{checked}/{len(adr.criteria)} checked" if adr.criteria else ""),
        ("references", ", ".join(r.text for r in adr.references)),
    )


def detail(
    adr: Adr, summary: AdrSummary, findings: Iterable[Finding], reasons: Sequence[str] = ()
) -> AdrDetail:
    """One ADR as parsed, with its drift findings (and why it governs a file, if asked)."""
    return AdrDetail(
        summary=summary,
        format=adr.format,
        fields=_fields(adr),
        rules=tuple((rule.line, rule_text(rule)) for rule in adr.rules),
        findings=tuple(f for f in findings if owns(adr, f)),
        reasons=tuple(reasons),
    )


def summary_of(adr: Adr, summaries: Iterable[AdrSummary]) -> AdrSummary:
    """The check's summary of ``adr``, or a bare one (no rules or violations counted)."""
    found = next((s for s in summaries if s.path == adr.path), None)
    return found or AdrSummary(adr.id, adr.title, adr.status, adr.path, 0, 0, adr.number, adr.date)


def module_of(layout: Layout, path: str) -> str | None:
    """The module a file (or a package folder) is, in the target's layout."""
    for source in layout.files:
        if source.path == path or (source.is_package and source.path == f"{path}/__init__.py"):
            return source.module
    return None


def explain(adrs: Sequence[Adr], layout: Layout, path: str) -> list[Governing]:
    """The active decisions governing ``path`` (relative to the root), accepted first."""
    return governing(adrs, path, module_of(layout, path), layout.root_packages)


def governing_summaries(
    adrs: Sequence[Adr], layout: Layout, paths: Iterable[str], summaries: Sequence[AdrSummary]
) -> tuple[AdrSummary, ...]:
    """The accepted decisions governing any of ``paths`` (``check`` with FILES)."""
    files = {path: module_of(layout, path) for path in paths}
    found = governing_files(adrs, files, layout.root_packages)
    return tuple(summary_of(adr, summaries) for adr in found)
