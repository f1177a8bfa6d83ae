"""Facts + Config -> Result.

Never prints; the CLI decides what to show and how to exit.
"""

from __future__ import annotations

import copy
import datetime
import os
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from analyzer.facts import BlindSpot, Facts, ImportEdge, Problem
from analyzer.graph import GraphOptions, build_grimp_graph, layout_index
from analyzer.project import Progress, analyze
from fitness import __version__, catalog
from fitness.catalog.selection import Selection
from fitness.checks.base import Hit, judges_files_alone, param_schema, with_defaults
from fitness.checks.dependencies import declaration_sources
from fitness.checks.registry import CHECKS
from fitness.config import Config
from fitness.config.projects import nested_project
from fitness.contracts.base import (
    ContractGraph,
    ContractOptionError,
    ContractResult,
    ContractSpec,
    Violation,
)
from fitness.contracts.expressions import remove_ignored
from fitness.contracts.registry import CONTRACT_TYPES
from fitness.exceptions import ConfigError, ConfigIssue
from fitness.gating import baseline
from fitness.gating.suppressions import apply_suppressions
from fitness.results.findings import (
    BaselineEntry,
    BlindSpotSummary,
    ContractVerdict,
    Finding,
    Result,
    RuleInfo,
    Severity,
    Source,
    summarize,
)

if TYPE_CHECKING:
    import grimp  # imported by analyzer.graph when a contract needs a graph

    from fitness.adr.judge import AdrOutcome

_BLIND_SPOT_EXAMPLES = 5


@dataclass(frozen=True)
class RunOptions:
    """How to gather facts: every command that analyses the target takes these."""

    jobs: int | None = None
    use_cache: bool = True
    progress: Progress | None = None
    # New facts may still be written to the cache when gather returns; the CLI waits for
    # them (analyzer.cache.finish_writes) when the command ends.
    write_behind: bool = False
    # Outlines and structures (analyzer.project.DETAIL) are read by the rules and the report
    # only; `metrics` and `graph` gather without them. Such facts cannot be judged.
    detail: bool = True


def gather(root: str, config: Config, options: RunOptions = RunOptions()) -> Facts:
    """Discover and parse the target as the config says, through the content cache."""
    return analyze(
        root,
        source_roots=config.source_roots,
        root_packages=config.root_packages,
        exclude=config.exclude,
        # Declared source roots reach wherever they say; discovered ones stop at the folders
        # of nested projects, which their own configuration judges (docs/adr/0015, rule 4).
        nested=nested_project if config.source_roots is None else None,
        jobs=options.jobs,
        cache_version=__version__ if options.use_cache else None,
        progress=options.progress,
        write_behind=options.write_behind,
        detail=options.detail,
    )


def check(
    root: str,
    config: Config,
    *,
    options: RunOptions = RunOptions(),
    selection: Selection = Selection(),
    baseline_file: str | None = None,
) -> Result:
    """Analyse the target at ``root`` and judge it against ``config`` (and the baseline file)."""
    facts = gather(root, config, options)
    rules = catalog.Catalog(config.loaded_packs)
    result = judge(facts, config, selection, rules)
    judged = _judged_entry(facts, rules, selection, off_codes(config, rules))
    carries = {doc.code: doc.carries for doc in rules.pack_rules() if doc.carries}
    return compare_with_baseline(result, root, baseline_file, judged, carries)


def compare_with_baseline(
    result: Result,
    root: str,
    path: str | None,
    judged: Callable[[BaselineEntry], bool] | None = None,
    carries: Mapping[str, tuple[str, ...]] | None = None,
) -> Result:
    """Mark what the baseline at ``path`` already holds; no file (yet) means everything is new.

    With ``judged``, only the entries it accepts are compared: a run narrowed to FILES has
    not looked for the per-file findings of other files, so their entries are not "fixed".
    ``carries`` (new code -> old codes) renames the entries a rule took over first.
    """
    if path is None:
        return result
    display = os.path.relpath(path, root).replace(os.sep, "/")
    display = path if display.startswith("..") else display
    recorded = baseline.read(path, display)
    if recorded is None:
        return result
    recorded = baseline.carry_over(recorded, result.findings, carries or {})
    if judged is not None:
        recorded = replace(recorded, entries=tuple(filter(judged, recorded.entries)))
    return baseline.compare(result, recorded, display)


def off_codes(config: Config, rules: catalog.Catalog) -> frozenset[str]:
    """The codes of the rules the config turns off (by code or by name); blind spots are
    findings only when they fail the gate (``blind_spots = "error"``)."""
    docs = (rules.rule(key) for key, value in config.rules.items() if value.severity == "off")
    gated = () if config.blind_spots == "error" else (catalog.BLIND_SPOT_CODE,)
    return frozenset((*(doc.code for doc in docs if doc is not None), *gated))


def _judged_entry(
    facts: Facts, rules: catalog.Catalog, selection: Selection, off: Collection[str]
) -> Callable[[BaselineEntry], bool]:
    """Whether this run could have produced a baseline entry (a filter is not a fix): its
    code known and selected, its rule not off, its contract run (``--contract``), and for a
    per-file rule in a run narrowed to FILES, its file among them (the subject is that
    file's module, or a name inside it)."""
    known = {doc.code for doc in rules.rules}
    per_file = {d.code for d in rules.pack_rules() if judges_files_alone(CHECKS[d.check])}
    modules = {f.module: f.path for f in facts.layout.files if f.module is not None}
    inputs = set(catalog.INPUT_CODES.values())
    # A rule that took over some of a code's findings (``carries``) must have run too: an
    # ARC001 entry may now be ARC006's, which a run without ARC006 cannot tell.
    heirs = {old: doc.code for doc in rules.pack_rules() for old in doc.carries}

    def judged(entry: BaselineEntry) -> bool:
        if entry.code not in known or entry.code in off or not selection.wants(entry.code):
            return False
        heir = heirs.get(entry.code)
        if heir is not None and (heir in off or not selection.wants(heir)):
            return False
        if selection.contracts and entry.code not in inputs:
            return entry.source in selection.contracts
        if selection.files is None or entry.code not in per_file:
            return True
        owner = _owner(entry.subject, modules)
        return (modules[owner] if owner else entry.subject) in selection.files

    return judged


def _owner(subject: str, modules: Collection[str]) -> str | None:
    """The module a subject names or sits in (``pkg.mod.Class.method`` -> ``pkg.mod``)."""
    parts = subject.split(".")
    for end in range(len(parts), 0, -1):
        if (name := ".".join(parts[:end])) in modules:
            return name
    return None  # a script's subject is its path


def judge(
    facts: Facts,
    config: Config,
    selection: Selection = Selection(),
    rules: catalog.Catalog = catalog.BUILTIN,
    today: datetime.date | None = None,
) -> Result:
    """Judge already-gathered facts; raises ConfigError for contracts that do not fit the code.

    ``today`` is the day ADR review dates are judged against (default: today).
    """
    if not facts.detailed:  # a caller's mistake: the rules would find nothing to judge
        raise ValueError("facts gathered without detail (RunOptions.detail) cannot be judged")
    sources, declared = dependency_sources(facts, rules, config)
    spots = (*facts.blind_spots, *declared)  # what neither the graph nor a rule can see
    verdicts, findings, adr_outcome = _input_and_contracts(facts, config, selection, today, spots)
    ran = [] if selection.contracts else _selected_rules(rules, selection)
    findings += run_pack_rules(facts, ran, config, selection.files)
    # Comments for rules that did not run are not "unused" (INP004).
    off = {key for key, value in config.rules.items() if value.severity == "off"}
    off |= {doc.code for doc in rules.pack_rules() if doc not in ran} | off_codes(config, rules)
    silenced = apply_suppressions(findings, facts, rules, off)
    findings = [f for f in apply_overrides(silenced.findings, config) if selection.keeps(f)]
    findings.sort(key=lambda f: f.sort_key)
    verdicts = [v for v in verdicts if selection.wants(verdict_code(v))]
    summary = summarize(len(facts.parsed), len(facts.modules), tuple(findings))
    return Result(
        tool_version=__version__,
        root=facts.layout.root,
        summary=summary,
        findings=tuple(findings),
        contracts=tuple(verdicts),
        blind_spots=summarize_blind_spots(spots),
        warnings=config.warnings + facts.notes + layout_warnings(facts),
        adrs=adr_outcome.summaries if adr_outcome is not None else (),
        rules=catalog.rule_infos(
            [f.code for f in findings] + [s.finding.code for s in silenced.suppressed], rules
        ),
        suppressed=tuple(sorted(silenced.suppressed, key=lambda s: s.finding.sort_key)),
        dependencies=sources,
        checked=_checked(ran, rules, off, selection),
    )


def _checked(
    ran: Sequence[catalog.RuleDoc],
    rules: catalog.Catalog,
    off: Collection[str],
    selection: Selection,
) -> tuple[RuleInfo, ...]:
    """The rules this run checked, fired or not (JUnit's passing test cases): the selected
    input rules, and each pack rule that ran and is not off."""
    inputs = [code for code in catalog.INPUT_CODES.values() if selection.wants(code)]
    packs = [d.code for d in ran if d.code not in off and d.name not in off]
    return catalog.rule_infos([*inputs, *packs], rules)


def dependency_sources(
    facts: Facts, rules: catalog.Catalog, config: Config
) -> tuple[tuple[str, ...], tuple[BlindSpot, ...]]:
    """What the dependency rules read, with the first enabled one's params (issue 16), and
    the declarations they could not read statically (blind spots)."""
    for doc in rules.pack_rules():
        override = config.rules.get(doc.code) or config.rules.get(doc.name)
        check_impl = CHECKS.get(doc.check)
        if check_impl is None or (override is not None and override.severity == "off"):
            continue
        if getattr(check_impl, "reads_declarations", False):
            params = {**doc.params, **(override.params if override else {})}
            return declaration_sources(facts, with_defaults(check_impl, params))
    return (), ()


def _input_and_contracts(
    facts: Facts,
    config: Config,
    selection: Selection,
    today: datetime.date | None,
    spots: Sequence[BlindSpot],
) -> tuple[list[ContractVerdict], list[Finding], AdrOutcome | None]:
    """Input problems, blind spots (when they fail the gate), the selected contracts, and
    the ADRs unless ``--contract`` names contracts (as ``lint-imports --contract`` does)."""
    findings = [input_finding(p) for p in facts.problems]
    if config.blind_spots == "error":
        findings += [blind_spot_finding(spot) for spot in spots]
    specs = [s for s in config.contracts if selection.runs_contract(s.id)]
    verdicts, contract_findings = run_contracts(facts, specs)
    findings += contract_findings
    adr_outcome = None if selection.contracts else run_adrs(facts, config, today)
    if adr_outcome is not None:
        verdicts += adr_outcome.verdicts
        findings += adr_outcome.findings
    return verdicts, findings, adr_outcome


def layout_warnings(facts: Facts) -> tuple[str, ...]:
    """What discovery skipped (bad ``.gitignore`` lines), and say so when there was nothing
    to analyse, rather than report a silent pass."""
    return facts.layout.warnings + _empty_warnings(facts)


def _empty_warnings(facts: Facts) -> tuple[str, ...]:
    root = facts.layout.root
    if not facts.parsed:
        return (f"no Python files found under {root} (excluded folders aside)",)
    if not facts.modules and os.path.isfile(os.path.join(root, "__init__.py")):
        return (f"{root} is itself a package: run archfit on the folder that contains it",)
    if not facts.modules:
        return ("no package found: name root_packages or source_roots in the configuration",)
    return ()


def run_adrs(facts: Facts, config: Config, today: datetime.date | None = None) -> AdrOutcome | None:
    """Check the target's ADRs: their rules through run_contracts, then drift; None when the
    target has no ADR files."""
    # The ADR parsers (17 dataclasses, markdown-it: ~30 ms) load only for a target with ADRs;
    # ``archfit metrics`` gathers facts through this module and never reads one.
    from fitness.adr.discovery import find_adr_files

    root = facts.layout.root
    paths = find_adr_files(root, config.adr_dirs)
    if not paths:
        return None
    from fitness.adr.judge import judge_adrs
    from fitness.adr.load import read_adr

    adrs = tuple(read_adr(root, path) for path in paths)
    options = GraphOptions(
        exclude_type_checking=config.exclude_type_checking_imports,
        include_dynamic=config.include_dynamic_imports,
        include_external=config.include_external_packages,
    )
    known = [spec.id for spec in config.contracts]
    when = today or datetime.date.today()
    return judge_adrs(
        adrs, facts, known, options, lambda specs, issues: run_contracts(facts, specs, issues), when
    )


def input_finding(problem: Problem) -> Finding:
    """A file that could not be read, decoded or parsed, as an INP finding."""
    doc = catalog.rule(catalog.INPUT_CODES[problem.kind.value])
    assert doc is not None
    return Finding(
        code=doc.code,
        name=doc.name,
        severity=doc.severity,
        message=problem.message,
        path=problem.path,
        line=problem.line,
        column=problem.column,
        subject=problem.path,
        source=Source("input", doc.name),
    )


def blind_spot_finding(spot: BlindSpot) -> Finding:
    """INP005: what the graph cannot see, at the construct (path:line) or the folder."""
    doc = catalog.rule(catalog.BLIND_SPOT_CODE)
    assert doc is not None
    detail = "" if spot.detail == spot.path else f": {spot.detail}"
    return Finding(
        code=doc.code,
        name=doc.name,
        severity=doc.severity,
        message=f"the import graph cannot see this ({spot.kind.value}{detail})",
        path=spot.path,
        line=spot.line,
        column=1,
        subject=spot.path,
        source=Source("input", doc.name),
        target=f"{spot.kind.value}{detail}",
        how_to_fix=doc.how_to_fix,
    )


def run_contracts(
    facts: Facts, specs: Sequence[ContractSpec], collect: list[ConfigIssue] | None = None
) -> tuple[list[ContractVerdict], list[Finding]]:
    """Check every contract on its own copy of the graph; collect option errors all at once
    (into ``collect`` when given, else raised together as a ConfigError)."""
    graphs: dict[GraphOptions, grimp.ImportGraph] = {}
    paths = {f.module: f.path for f in facts.layout.files if f.module}
    verdicts: list[ContractVerdict] = []
    findings: list[Finding] = []
    issues: list[ConfigIssue] = [] if collect is None else collect
    edges = _contract_edges(facts, specs)
    for spec in specs:
        base = graphs.get(spec.graph_options)
        if base is None:
            base = graphs[spec.graph_options] = build_grimp_graph(
                facts.modules, facts.layout.namespace_packages, edges, spec.graph_options
            )
        graph = ContractGraph(
            copy.deepcopy(base),
            paths,
            layout_index(facts.layout),
            edges,
            peers=specs,
            parsed=facts.parsed,
        )
        try:
            result = _check_one(spec, graph)
        except ContractOptionError as exc:
            issues.append(
                ConfigIssue(
                    spec.source.path, spec.line_of(exc.key), f"contract {spec.id!r}: {exc.message}"
                )
            )
            continue
        verdicts.append(_verdict(spec, result))
        findings += [contract_finding(spec, v) for v in result.violations]
    if issues and collect is None:
        raise ConfigError(issues)
    return verdicts, findings


def _contract_edges(facts: Facts, specs: Sequence[ContractSpec]) -> tuple[ImportEdge, ...]:
    """The imports, plus the framework edges when a contract opts in (issue 16)."""
    if not any(spec.graph_options.include_framework for spec in specs):
        return facts.edges
    from analyzer.framework_edges import framework_edges

    return (*facts.edges, *framework_edges(facts.layout))


def _check_one(spec: ContractSpec, graph: ContractGraph) -> ContractResult:
    outcome = remove_ignored(graph, spec)
    result = CONTRACT_TYPES[spec.type].check(spec, graph)
    alert = spec.get("unmatched_ignore_imports_alerting", "error")
    if not outcome.unmatched or alert == "none":
        return result
    if alert == "warn":
        notes = tuple(f"no matches for ignored import {e}" for e in outcome.unmatched)
        return replace(result, warnings=result.warnings + notes)
    unmatched = tuple(_unmatched_violation(spec, e) for e in outcome.unmatched)
    return replace(result, kept=False, violations=result.violations + unmatched)


def _unmatched_violation(spec: ContractSpec, expression: str) -> Violation:
    return Violation(
        subject=f"ignore_imports: {expression}",
        message=f"ignored import {expression} matches no import (remove the line, or set "
        "unmatched_ignore_imports_alerting)",
        target=expression,
        path=spec.source.path,
        line=spec.line_of("ignore_imports"),
    )


def _verdict(spec: ContractSpec, result: ContractResult) -> ContractVerdict:
    return ContractVerdict(
        id=spec.id,
        name=spec.name,
        type=spec.type,
        kept=result.kept,
        source=spec.source,
        violations=len(result.violations),
        how_to_fix=spec.how_to_fix,
        warnings=result.warnings,
        measure=result.measure,
    )


def contract_finding(spec: ContractSpec, violation: Violation) -> Finding:
    """A contract violation as a finding with the contract type's CON code."""
    doc = catalog.rule(catalog.CONTRACT_CODES[spec.type])
    assert doc is not None
    path = violation.path or spec.source.path
    line = violation.line or spec.source.line
    return Finding(
        code=doc.code,
        name=doc.name,
        severity=doc.severity,
        message=f"{spec.name}: {violation.message}",
        path=path,
        line=line,
        column=1,
        subject=violation.subject,
        source=spec.source,
        target=violation.target,
        chains=violation.chains,
        how_to_fix=spec.how_to_fix,
        contract=spec.id,
    )


def _selected_rules(rules: catalog.Catalog, selection: Selection) -> list[catalog.RuleDoc]:
    """The pack rules whose findings the selection reports: only those run (all of them
    when unused suppressions are reported: a comment is unused only if its rule ran)."""
    every = selection.wants(catalog.UNUSED_SUPPRESSION_CODE)
    return [doc for doc in rules.pack_rules() if every or selection.wants(doc.code)]


def verdict_code(verdict: ContractVerdict) -> str:
    """The code a contract's violations carry: its type's CON code, or an ADR's own."""
    if verdict.source.kind == "adr":
        return catalog.DECISION_CODE
    return catalog.CONTRACT_CODES[verdict.type]


def run_pack_rules(
    facts: Facts,
    rules: Sequence[catalog.RuleDoc],
    config: Config,
    files: frozenset[str] | None = None,
) -> list[Finding]:
    """Run every enabled pack rule's check with its params (the config's override them).

    With ``files``, a check that judges each file by its own facts sees only those files:
    the pre-commit hook reports nothing else, and skips ~1,000 of Django's findings.
    """
    narrowed = facts if files is None else facts.only(files)
    findings: list[Finding] = []
    for doc in rules:
        override = config.rules.get(doc.code) or config.rules.get(doc.name)
        if override is not None and override.severity == "off":
            continue
        check_impl = CHECKS.get(doc.check)
        if check_impl is None:
            raise ConfigError([ConfigIssue(doc.path, doc.line, f"unknown check {doc.check!r}")])
        params = with_defaults(check_impl, {**doc.params, **(override.params if override else {})})
        if "budgets" in param_schema(check_impl):  # [tool.archfit.budgets] feeds package-budget
            params["budgets"] = {**config.budgets, **(params.get("budgets") or {})}
        judged = narrowed if judges_files_alone(check_impl) else facts
        findings += [_pack_finding(doc, hit) for hit in check_impl.run(judged, params)]
    return findings


def _pack_finding(doc: catalog.RuleDoc, hit: Hit) -> Finding:
    return Finding(
        code=doc.code,
        name=doc.name,
        severity=doc.severity,
        message=hit.message,
        path=hit.path,
        line=hit.line,
        column=hit.column,
        subject=hit.subject,
        source=Source("pack", f"{doc.pack}:{doc.code}", doc.path, doc.line),
        target=hit.target,
        chains=hit.chains,
        how_to_fix=doc.how_to_fix,
    )


def apply_overrides(findings: Iterable[Finding], config: Config) -> list[Finding]:
    """Config severities apply to the rule with that code or name only; "off" drops it."""
    result = []
    for finding in findings:
        override = config.rules.get(finding.code) or config.rules.get(finding.name)
        if override is None or override.severity is None:
            result.append(finding)
        elif override.severity != "off":
            result.append(replace(finding, severity=Severity(override.severity)))
    return result


def summarize_blind_spots(spots: Iterable[BlindSpot]) -> tuple[BlindSpotSummary, ...]:
    """Count what the graph could not see, by kind, with a few examples each."""
    grouped: dict[str, list[BlindSpot]] = defaultdict(list)
    for spot in spots:
        grouped[spot.kind.value].append(spot)
    return tuple(
        BlindSpotSummary(
            kind,
            len(items),
            tuple(
                f"{s.path}:{s.line}: {s.detail}" if s.detail != s.path else s.path
                for s in sorted(items)[:_BLIND_SPOT_EXAMPLES]
            ),
        )
        for kind, items in sorted(grouped.items())
    )
