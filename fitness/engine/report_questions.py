"""What the report concludes: the verdict, the top three risks, the open questions.

Pure functions of the report's own sections (and the check result's findings): every
sentence here can be traced to a row the report shows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from analyzer.cycles import IMPORT_TIME
from fitness import catalog
from fitness.results.findings import Result, Severity
from fitness.results.report import Hotspot, Question, Report, Risk, plural

MAX_QUESTIONS = 12
PAIN_DISTANCE = 0.7  # a package this far from the main sequence, stable and concrete, is rigid
MIN_CA_FOR_PAIN = 5
# A hotspot worth a question: changed this often and this complex (one-off edits are no trend).
HOTSPOT_COMMITS = 3
HOTSPOT_COMPLEXITY = 10


def conclude(report: Report, result: Result) -> Report:
    """The report with its verdict, top three risks and open questions filled in."""
    ranked = sorted(_risks(report, result), key=lambda pair: -pair[0])
    risks = tuple(risk for _, risk in ranked[:3])
    done = replace(report.summary, verdict=verdict(report), risks=risks)
    return replace(report, summary=done, questions=open_questions(report)[:MAX_QUESTIONS])


def verdict(report: Report) -> str:
    """One sentence: the state of the code base, most urgent matter first; when the graph
    has blind spots, the sentence says its verdicts hold as far as the graph sees."""
    sentence = _verdict(report)
    spots = report.summary.counts.blind_spots
    if not spots:
        return sentence
    return (
        f"{sentence.removesuffix('.')}; the import graph has {plural(spots, 'blind spot')}, "
        "so this holds only as far as it sees."
    )


def _verdict(report: Report) -> str:
    c = report.summary.counts
    size = f"{c.modules} modules, {c.sloc:,} lines of code"
    if c.broken_contracts or c.errors:
        parts = []
        if c.broken_contracts:
            parts.append(f"breaks {c.broken_contracts} of {c.contracts} contracts")
        if c.errors:
            parts.append(f"has {plural(c.errors, 'error finding')}")
        return (
            f"{report.project} ({size}) {' and '.join(parts)}: "
            "settle those before designing on top of it."
        )
    if c.cycles:
        return (
            f"{report.project} ({size}) keeps its contracts, but {c.cycles} import cycles "
            "tie modules together that a design change would have to move as one."
        )
    if c.warnings:
        return (
            f"{report.project} ({size}) keeps its contracts and has no import cycle; "
            f"{c.warnings} warnings show where the principles bend."
        )
    return f"{report.project} ({size}) keeps its contracts, has no import cycle and no finding."


def _risks(report: Report, result: Result) -> Iterable[tuple[int, Risk]]:
    """Candidate risks with a weight; the heaviest three lead the summary."""
    for verdict_ in result.contracts:
        if not verdict_.kept:
            violations = plural(verdict_.violations, "violation")
            named = "" if verdict_.id_restates_name else f" {verdict_.id}"
            detail = f"{violations} of {verdict_.type} contract{named}"
            yield (
                1000 + verdict_.violations,
                Risk(f"Broken contract: {verdict_.name}", detail, "decisions"),
            )
    # Only the cycles Python runs at import time: a TYPE_CHECKING or function-local import
    # closing a cycle is no top risk (ARC006 reports those).
    for cycle in report.coupling.import_time_package_cycles():
        risk = Risk("Packages in an import cycle", names_in_short(cycle, " <-> "), "coupling")
        yield 800 + len(cycle), risk
    running = [c for c in report.coupling.cycles if c.kind == IMPORT_TIME]
    if running:
        biggest = running[0]
        detail = f"{len(biggest.modules)} modules import each other, e.g. {biggest.modules[0]}"
        yield 600 + len(biggest.modules), Risk("Module import cycle", detail, "coupling")
    yield from _error_risks(result)
    yield from _churn_risks(report)
    for adr in report.decisions.adrs:
        if adr.overdue:
            yield (
                300,
                Risk(
                    f"Review overdue: {adr.id}", f"{adr.title} (review: {adr.review})", "decisions"
                ),
            )


def names_in_short(names: tuple[str, ...], joiner: str, shown: int = 6) -> str:
    """The first names and how many more: a 40-package cycle still fits a line."""
    more = f"{joiner}and {len(names) - shown} more" if len(names) > shown else ""
    return joiner.join(names[:shown]) + more


def _error_risks(result: Result) -> Iterable[tuple[int, Risk]]:
    """Error findings of the packs (contracts are risks of their own), one risk per rule."""
    subjects: dict[tuple[str, str], list[str]] = {}
    for f in result.findings:
        if f.severity is Severity.ERROR and not f.code.startswith(catalog.CONTRACT_FAMILY):
            subjects.setdefault((f.code, f.name), []).append(f.subject)
    for (code, name), found in sorted(subjects.items()):
        title = f"{plural(len(found), code + ' ' + name + ' error')}"
        detail = f"e.g. {names_in_short(tuple(sorted(found)), ', ', 2)}"
        yield 500 + len(found), Risk(title, detail, "principles")


def _churn_risks(report: Report) -> Iterable[tuple[int, Risk]]:
    churn = report.complexity.churn
    notable = [] if churn is None else [h for h in churn.hotspots if _notable(h)]
    if notable:
        top = notable[0]
        detail = f"{top.path}: {top.commits} commits x complexity {top.complexity}"
        yield 400, Risk("Hotspot: complex and often changed", detail, "complexity")


def open_questions(report: Report) -> tuple[Question, ...]:
    """Questions for the design session, each raised by something the report shows."""
    found = [
        *_cycle_questions(report),
        *_layer_questions(report),
        *_pain_questions(report),
        *_churn_questions(report),
        *_principle_questions(report),
        *_decision_questions(report),
        *_stack_questions(report),
    ]
    return tuple(found)


def _cycle_questions(report: Report) -> Iterable[Question]:
    for cycle in report.coupling.package_cycles:
        yield Question("cycle", _cycle_question(cycle), _cycle_evidence(report, cycle), "coupling")
    for row in report.coupling.cycles[:2]:
        cut = ", ".join(f"{a} -> {b}" for a, b in row.breakers[:3])
        more = " ..." if len(row.modules) > 5 else ""
        yield Question(
            "cycle",
            f"Can the import cycle through {len(row.modules)} modules be cut at {cut}?",
            f"modules: {', '.join(row.modules[:5])}{more}",
            "coupling",
        )


def _cycle_question(cycle: tuple[str, ...]) -> str:
    if len(cycle) == 2:
        return (
            f"{cycle[0]} and {cycle[1]} import each other: which should own the concept they share?"
        )
    return (
        f"{len(cycle)} packages import each other in one cycle ({names_in_short(cycle, ', ', 4)}): "
        "which direction should the dependencies between them run?"
    )


def _cycle_evidence(report: Report, cycle: tuple[str, ...]) -> str:
    return f"package cycle at depth {report.structure.depth}: {names_in_short(cycle, ' <-> ')}"


def _layer_questions(report: Report) -> Iterable[Question]:
    for declared in report.structure.declared:
        for inversion in declared.inversions[:2]:
            yield Question(
                "layers",
                f"{inversion}: should the code move, or does contract {declared.contract} "
                "no longer describe the design?",
                f"declared layers of {declared.contract} ({declared.name})",
                "structure",
            )


def _pain_questions(report: Report) -> Iterable[Question]:
    """One question for every package in the zone of pain: widely used and all concrete."""
    rigid = [
        row
        for row in report.coupling.chart
        if row.distance >= PAIN_DISTANCE and row.instability < 0.5 and row.ca >= MIN_CA_FOR_PAIN
    ]
    if rigid:
        names = names_in_short(tuple(r.name for r in rigid), ", ", 5)
        evidence = "; ".join(f"{r.name}: Ca {r.ca}, A {r.abstractness:.2f}" for r in rigid[:5])
        yield Question(
            "coupling",
            f"{plural(len(rigid), 'package')} ({names}) are used by many modules and are "
            "almost all concrete: which must change often, and would an interface let them "
            "change without moving their users?",
            f"zone of pain (D >= {PAIN_DISTANCE}): {evidence}",
            "coupling",
        )


def _principle_questions(report: Report) -> Iterable[Question]:
    """The rule with the most findings: is its threshold right, or where to start?"""
    rules = [(r, g.pack) for g in report.principles for r in g.rules]
    if rules:
        rule, pack = max(rules, key=lambda pair: (pair[0].count, pair[0].code))
        yield Question(
            "principles",
            f"{plural(rule.count, 'finding')} of {rule.code} {rule.name} ({pack}): is the rule "
            "right for this code base, and if so, where should the work start?",
            f"e.g. {', '.join(rule.examples)}",
            "principles",
        )


def _churn_questions(report: Report) -> Iterable[Question]:
    churn = report.complexity.churn
    if churn is None:
        return
    for spot in [h for h in churn.hotspots if _notable(h)][:2]:
        yield Question(
            "hotspot",
            f"{spot.path} changed in {plural(spot.commits, 'commit')} "
            f"and has complexity {spot.complexity}: "
            "should it be split before more is built on it?",
            f"{plural(spot.lines_changed, 'line')} changed by "
            f"{plural(spot.authors, 'author')} in {churn.since_days} days",
            "complexity",
        )
    for pair in churn.temporal[:2]:
        if _package(pair.first) != _package(pair.second):
            yield Question(
                "temporal coupling",
                f"{pair.first} and {pair.second} change together though they live apart: "
                "is one concept split across them?",
                f"{pair.together} commits together, confidence {pair.confidence:.0%}",
                "complexity",
            )


def _notable(spot: Hotspot) -> bool:
    return spot.commits >= HOTSPOT_COMMITS and spot.complexity >= HOTSPOT_COMPLEXITY


def _package(path: str) -> str:
    return path.rpartition("/")[0]


def _decision_questions(report: Report) -> Iterable[Question]:
    for adr in report.decisions.adrs:
        if adr.overdue:
            yield Question(
                "decision",
                f"{adr.id} ({adr.title}) was due for review on {adr.review}: "
                "does the decision still hold?",
                f"{adr.path}, status {adr.status}",
                "decisions",
            )
        elif adr.violations:
            yield Question(
                "decision",
                f"{adr.id} ({adr.title}) is violated {plural(adr.violations, 'time')}: "
                "change the code or the decision?",
                f"{adr.path}, status {adr.status}",
                "decisions",
            )
    for migration in report.decisions.migrations:
        if migration.stuck:
            yield Question(
                "migration",
                f"Migration {migration.id} still has {migration.remaining} usages, as many as the "
                f"baseline recorded ({migration.recorded}): what blocks it?",
                migration.name,
                "decisions",
            )


def _stack_questions(report: Report) -> Iterable[Question]:
    by_category: dict[str, list[str]] = {}
    for item in report.stack:
        names = by_category.setdefault(item.category, [])
        if item.technology not in names:
            names.append(item.technology)
    for category, names in by_category.items():
        if len(names) > 1 and category.endswith(("store", "framework", "queue", "stream")):
            yield Question(
                "stack",
                f"Several {category}s are imported ({', '.join(names)}): "
                "does each serve a purpose, or is one on its way out?",
                "third-party imports",
                "stack",
            )
