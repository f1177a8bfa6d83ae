"""Facts, check result, metrics and git history -> the Codebase Analysis Report.

Never prints. One analysis feeds every section: the facts come through the same cache as
``archfit check``, and the result is the same judgment ``check`` makes.
"""

from __future__ import annotations

import datetime
import os
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from analyzer.bounded import MAX_TEXT_BYTES, read_bounded_text, too_deep
from analyzer.cycles import IMPORT_TIME
from analyzer.facts import Facts
from analyzer.graph import GraphOptions
from analyzer.history import History, read_history
from analyzer.repository import repository_boundary
from analyzer.roles import Role
from analyzer.stack import detect_stack
from archfit_values import frozen
from fitness import __version__, catalog
from fitness.adr.declared import declared_contracts
from fitness.adr.load import load_adrs
from fitness.adr.model import Adr
from fitness.config import Config
from fitness.engine import report_questions as questions
from fitness.engine.check import judge
from fitness.engine.graph import ViewOptions, dependency_graph
from fitness.engine.metrics import metrics_report
from fitness.engine.report_interfaces import build_interfaces
from fitness.engine.report_layering import declared_layers, holder, inferred_levels, layers_of
from fitness.gating import baseline
from fitness.results.findings import AdrSummary, Finding, Result
from fitness.results.graph import DepGraph, without_externals
from fitness.results.metrics import MetricsReport, ModuleRow
from fitness.results.report import (
    AdrRow,
    BudgetSpend,
    Churn,
    Complexity,
    Counts,
    Coupling,
    Decisions,
    DeclaredLayers,
    Hotspot,
    Migration,
    PackageBox,
    PrincipleGroup,
    Report,
    RuleCount,
    StackItem,
    Structure,
    Summary,
    TemporalCoupling,
)

TOP = 15  # rows of each "most ..." table
MAX_DIAGRAM_NODES = 60  # a deeper level with more nodes than this is not drawn
_EXAMPLES = 3


@frozen
class ReportOptions:
    """What the report looks at beyond the analysis: the git window and the date."""

    since_days: int = 365
    today: datetime.date | None = None  # ADR reviews are overdue relative to this


@frozen
class Inputs:
    """Everything one report is built from."""

    facts: Facts
    config: Config
    result: Result
    metrics: MetricsReport
    adrs: tuple[Adr, ...]
    history: History | None
    recorded_migrations: Mapping[str, int]


def analyse(facts: Facts, config: Config, options: ReportOptions = ReportOptions()) -> Report:
    """Judge and measure already-gathered facts once, read the git history, build the report."""
    root = facts.layout.root
    rules = catalog.Catalog(config.loaded_packs)
    result = judge(facts, config, rules=rules, today=options.today)
    inputs = Inputs(
        facts=facts,
        config=config,
        result=result,
        metrics=metrics_report(facts, roles=config.roles),
        adrs=tuple(load_adrs(facts.layout.root, config.adr_dirs)),
        history=read_history(root, options.since_days),
        recorded_migrations=_recorded_migrations(root, config),
    )
    return build_report(inputs)


def _recorded_migrations(root: str, config: Config) -> Mapping[str, int]:
    """Migration counts the baseline holds (none without a readable baseline)."""
    recorded = baseline.read(os.path.join(root, config.baseline), config.baseline)
    return {} if recorded is None else dict(recorded.migrations)


def build_report(inputs: Inputs) -> Report:
    """Every section of the report, from already-gathered inputs."""
    structure = build_structure(inputs)
    coupling = build_coupling(inputs.metrics, structure)
    complexity = build_complexity(inputs, structure.depth)
    decisions = build_decisions(inputs)
    stack = tuple(StackItem(**vars(d)) for d in detect_stack(inputs.facts.edges))
    principles = build_principles(inputs.result, inputs.config)
    counts = build_counts(inputs, structure)
    report = Report(
        tool_version=__version__,
        project=project_name(inputs.facts.layout.root),
        summary=Summary(verdict="", counts=counts, risks=()),  # concluded below
        structure=structure,
        coupling=coupling,
        complexity=complexity,
        principles=principles,
        decisions=decisions,
        stack=stack,
        questions=(),
        warnings=inputs.result.warnings,
    )
    return questions.conclude(report, inputs.result)


def project_name(root: str) -> str:
    """``[project].name`` from the root's pyproject.toml, else the folder's name."""
    import tomllib  # on first use: a run that reads no TOML never loads it (7 ms)

    try:
        path = os.path.join(root, "pyproject.toml")
        text = read_bounded_text(path, MAX_TEXT_BYTES, repository_boundary(root))
        if too_deep(text) is not None:  # tomllib would exhaust its recursion
            raise ValueError("brackets nested too deep")
        name = tomllib.loads(text).get("project", {}).get("name")
    except (OSError, ValueError, AttributeError):  # TOMLDecodeError and UnicodeError included
        name = None
    return name if isinstance(name, str) and name else os.path.basename(os.path.abspath(root))


def build_counts(inputs: Inputs, structure: Structure) -> Counts:
    """The numbers the summary leads with."""
    result, metrics = inputs.result, inputs.metrics
    return Counts(
        files=result.summary.files,
        modules=result.summary.modules,
        packages=len(metrics.packages),
        functions=len(metrics.functions),
        sloc=sum(m.sloc for m in metrics.modules),
        errors=result.summary.errors,
        warnings=result.summary.warnings,
        infos=result.summary.infos,
        contracts=len(result.contracts),
        broken_contracts=sum(1 for c in result.contracts if not c.kept),
        cycles=sum(1 for c in metrics.cycles if c.kind == IMPORT_TIME),
        adrs=len(inputs.adrs),
        blind_spots=sum(b.count for b in result.blind_spots),
    )


# -- structure -------------------------------------------------------------------------------


def build_structure(inputs: Inputs) -> Structure:
    """Package map, package diagram and layering at the deepest readable package depth."""
    depth = choose_depth(inputs.facts.modules)
    # Modules cut at a depth, as import-linter's acyclic_siblings sees them: a package's own
    # modules stay apart from its subpackages, so siblings never fake a cycle between them.
    view = ViewOptions(level="module", depth=depth)
    diagram = without_externals(dependency_graph(inputs.facts, view))
    levels = inferred_levels((n.name for n in diagram.nodes), _pairs(diagram))
    return Structure(
        depth=depth,
        packages=_boxes(diagram, inputs.metrics, levels),
        diagram=diagram,
        inferred_layers=layers_of(levels),
        declared=_declared(inputs),
        interfaces=build_interfaces(inputs.facts),
    )


def choose_depth(modules: Sequence[str]) -> int:
    """The deepest module depth whose map still fits one picture (at least depth 1).

    One root package alone says nothing, so depth grows while a level has fewer than four
    nodes and stops before the picture would exceed MAX_DIAGRAM_NODES.
    """
    deepest = max((m.count(".") + 1 for m in modules), default=1)
    chosen = 1
    for depth in range(1, deepest + 1):
        shown = len({".".join(m.split(".")[:depth]) for m in modules})
        if shown > MAX_DIAGRAM_NODES and depth > 1:
            break
        chosen = depth
        if shown >= 4:
            break
    return chosen


def _pairs(graph: DepGraph) -> list[tuple[str, str]]:
    """Import-time edges only: a function-local or TYPE_CHECKING import is how code breaks a
    cycle, so counting it would merge layers that the code keeps apart when it loads."""
    return [(e.importer, e.imported) for e in graph.edges if "import" in e.kinds]


def _boxes(
    graph: DepGraph, metrics: MetricsReport, levels: Mapping[str, int]
) -> tuple[PackageBox, ...]:
    """One box per diagram node: its modules, size and complexity summed from module rows."""
    totals: dict[str, list[int]] = {n.name: [0, 0, 0] for n in graph.nodes}
    for row in metrics.modules:
        node = holder(row.name, totals)
        if node is not None:
            totals[node][0] += 1
            totals[node][1] += row.sloc
            totals[node][2] += row.complexity
    return tuple(
        PackageBox(name, m, s, c, levels.get(name)) for name, (m, s, c) in sorted(totals.items())
    )


def _declared(inputs: Inputs) -> tuple[DeclaredLayers, ...]:
    """Every ``layers`` contract, from config and from ADRs, against the inferred layering."""
    kept = {v.id: v.kept for v in inputs.result.contracts}
    roots = inputs.facts.layout.root_packages
    specs = list(inputs.config.contracts)
    specs += [d.spec for d in declared_contracts(inputs.adrs, roots, GraphOptions())[0]]
    edges = [(e.importer, e.imported) for e in inputs.facts.edges if not e.external]
    layers = [declared_layers(s, edges) for s in specs if s.type == "layers"]
    return tuple(replace(d, kept=kept.get(d.contract, True)) for d in layers)


# -- coupling --------------------------------------------------------------------------------


def build_coupling(metrics: MetricsReport, structure: Structure) -> Coupling:
    """Every package's coupling; the chart plots the packages of the map."""
    # The map's depth only: a shallower package contains them all and sits at D = 1 alone.
    drawn = {b.name for b in structure.packages if b.name.count(".") + 1 == structure.depth}
    cycles = sorted(metrics.cycles, key=lambda c: (-len(c.modules), c.modules))
    return Coupling(
        packages=metrics.packages,
        chart=tuple(p for p in metrics.packages if p.name in drawn),
        cycles=tuple(cycles),
        package_cycles=structure.diagram.cycles,
        package_cycle_kinds=structure.diagram.cycle_kinds,
    )


# -- complexity ------------------------------------------------------------------------------


def build_complexity(inputs: Inputs, depth: int) -> Complexity:
    """Most complex functions (library code; tests apart), budget spend per package (at the
    map's depth), and churn."""
    functions = sorted(inputs.metrics.functions, key=lambda f: (-f.complexity, f.module, f.line))
    library = [f for f in functions if f.role == Role.LIBRARY]
    tests = [f for f in functions if f.role == Role.TESTS]
    return Complexity(
        functions=tuple(library[:TOP]),
        budget=budget_spend(inputs.metrics, inputs.config.budgets, depth),
        churn=_churn(inputs),
        test_functions=tuple(tests[:TOP]),
    )


def _churn(inputs: Inputs) -> Churn | None:
    return None if inputs.history is None else build_churn(inputs.history, inputs.metrics.modules)


def budget_spend(
    metrics: MetricsReport, budgets: Mapping[str, Mapping[str, int]], depth: int
) -> tuple[BudgetSpend, ...]:
    """Packages of the map (and every budgeted package): share of complexity, budget used."""
    total = sum(m.complexity for m in metrics.modules) or 1
    rows = []
    for package in metrics.packages:
        limit = budgets.get(package.name, {}).get("complexity")
        if package.name.count(".") + 1 != depth and limit is None:
            continue
        used = None if not limit else round(package.complexity / limit, 3)
        share = round(package.complexity / total, 3)
        rows.append(BudgetSpend(package.name, package.complexity, package.sloc, share, limit, used))
    return tuple(sorted(rows, key=lambda b: (-b.complexity, b.package)))


def build_churn(history: History, modules: Sequence[ModuleRow]) -> Churn:
    """Hotspots (churn x complexity of analysed modules: library code, tests apart) and
    temporal coupling between analysed source files (never CI files or changelogs)."""
    by_path = {m.path: m for m in modules}
    hotspots = [
        Hotspot(
            f.path,
            row.name,
            f.commits,
            f.lines_changed,
            len(f.authors),
            row.complexity,
            f.commits * row.complexity,
        )
        for f in history.files
        if (row := by_path.get(f.path)) is not None and row.complexity > 0
    ]
    hotspots.sort(key=lambda h: (-h.score, h.path))
    tests = [h for h in hotspots if by_path[h.path].role == Role.TESTS]
    hotspots = [h for h in hotspots if by_path[h.path].role == Role.LIBRARY]
    temporal = [
        TemporalCoupling(c.first, c.second, c.together, c.support, c.confidence)
        for c in history.couplings
        if c.first in by_path and c.second in by_path
    ]
    return Churn(
        since_days=history.since_days,
        until=history.until,
        commits=history.commits,
        authors=history.authors,
        shallow=history.shallow,
        files=len(history.files),
        hotspots=tuple(hotspots[:TOP]),
        temporal=tuple(temporal[:TOP]),
        test_hotspots=tuple(tests[:TOP]),
    )


# -- principles ------------------------------------------------------------------------------


def build_principles(result: Result, config: Config) -> tuple[PrincipleGroup, ...]:
    """Findings of the rule packs, grouped by pack then rule, biggest rule first."""
    packs = {p.name: p for p in config.loaded_packs}
    pack_of = {doc.code: doc.pack for p in config.loaded_packs for doc in p.rules}
    grouped: dict[str, list[Finding]] = defaultdict(list)
    for finding in result.findings:
        pack = pack_of.get(finding.code)
        if pack:
            grouped[pack].append(finding)
    order = [p.name for p in config.loaded_packs]
    return tuple(
        PrincipleGroup(name, packs[name].description.strip(), _rule_counts(grouped[name]))
        for name in order
        if name in packs
    )


def _rule_counts(findings: Iterable[Finding]) -> tuple[RuleCount, ...]:
    by_code: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        by_code[finding.code].append(finding)
    rows = [
        RuleCount(code, group[0].name, group[0].severity.value, len(group), _examples(group))
        for code, group in by_code.items()
    ]
    return tuple(sorted(rows, key=lambda r: (-r.count, r.code)))


def _examples(findings: Sequence[Finding]) -> tuple[str, ...]:
    subjects = Counter(f.subject for f in findings)
    return tuple(sorted(subjects, key=lambda s: (-subjects[s], s))[:_EXAMPLES])


# -- decisions -------------------------------------------------------------------------------


def build_decisions(inputs: Inputs) -> Decisions:
    """The ADR index with drift, and every migration contract with its progress."""
    drift: dict[str, list[Finding]] = defaultdict(list)
    for finding in inputs.result.findings:
        if finding.code.startswith(catalog.ADR_FAMILY):
            drift[finding.subject].append(finding)
    summaries = {s.id: s for s in inputs.result.adrs}
    rows = tuple(_adr_row(adr, summaries.get(adr.id), drift[adr.id]) for adr in inputs.adrs)
    migrations = tuple(
        Migration(
            v.id,
            v.name,
            v.remaining_usages or 0,
            inputs.recorded_migrations.get(v.id),
            v.id_restates_name,
        )
        for v in inputs.result.contracts
        if v.type == "migration"
    )
    return Decisions(tuple(sorted(rows, key=lambda r: r.path)), migrations)


def _adr_row(adr: Adr, summary: AdrSummary | None, drift: Sequence[Finding]) -> AdrRow:
    """One ADR of the index; overdue exactly when drift found its review date passed (ADR004)."""
    return AdrRow(
        id=adr.id,
        title=adr.title,
        status=adr.status,
        path=adr.path,
        date=adr.date,
        review=adr.review_text,
        overdue=any(f.code == catalog.code_of("review-overdue") for f in drift),
        rules=0 if summary is None else summary.rules,
        violations=0 if summary is None else summary.violations,
        drift=tuple(f"{f.code}: {f.detail or f.message}" for f in drift),
    )
