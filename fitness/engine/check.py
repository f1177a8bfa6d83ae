"""Facts + Config -> Result.

Never prints; the CLI decides what to show and how to exit.
"""

from __future__ import annotations

import datetime
import os
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from analyzer.facts import BlindSpot, Facts, Problem
from analyzer.project import Progress, analyze
from analyzer.stat_index import Listings, RecordedListings, StatIndex
from archfit_values import frozen
from fitness import __version__, catalog
from fitness.catalog.finding import rule_finding
from fitness.catalog.selection import Selection
from fitness.checks.base import Check, Hit, judges_files_alone
from fitness.checks.registry import CHECKS
from fitness.config import Config
from fitness.config.projects import nested_for
from fitness.engine import stored_run
from fitness.engine.contract_findings import run_adrs, verdict_code
from fitness.engine.params import rule_params
from fitness.engine.parts import Parts, in_file_order, rule_digest
from fitness.engine.roles import files_by_role, role_filter
from fitness.engine.sources import dependency_sources
from fitness.engine.stored_contracts import stored_contracts
from fitness.engine.stored_layout import layout_key, store_layout, stored_layout
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
    from fitness.adr.judge import AdrOutcome

_BLIND_SPOT_EXAMPLES = 5


@frozen
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
    # The stat index the run's key was taken from (fitness.engine.stored_run): discovery
    # reads its folders' listings, the parts the dependency declarations' signatures, from
    # it instead of walking the tree again.
    index: StatIndex | None = None
    # The folders this run listed when it has no stat index (``--no-cache``: the plan's
    # search for projects listed them, ``stat_index.ListedOnce``): discovery reads them there.
    listings: Listings | None = None


def gather(
    root: str, config: Config, options: RunOptions = RunOptions(), defer: bool = False
) -> Facts:
    """Discover and parse the target as the config says, through the content cache; with
    ``defer``, unchanged files are decoded only when read (``analyzer.deferred``). With the
    cache, the layout of a run whose listings were the same is reused (``stored_layout``)."""
    discovery = (config.source_roots, config.root_packages, config.exclude)
    key = layout_key(root, discovery, options.index) if options.use_cache else None
    known = stored_layout(root, key) if key else None
    listings = RecordedListings(options.index.listings) if options.index else options.listings
    facts = analyze(
        root,
        source_roots=config.source_roots,
        root_packages=config.root_packages,
        exclude=config.exclude,
        # Nested projects' folders are left to their own configuration, unless a declared
        # source root reaches into them (docs/adr/0015, rule 4).
        nested=nested_for(root, config.source_roots),
        jobs=options.jobs,
        cache_version=stored_run.cache_version() if options.use_cache else None,
        progress=options.progress,
        write_behind=options.write_behind,
        detail=options.detail,
        defer=defer,
        listings=listings,
        layout=known,
    )
    if key and known is None and isinstance(listings, RecordedListings) and not listings.missed:
        store_layout(root, key, facts.layout)
    return facts


def check(
    root: str,
    config: Config,
    *,
    options: RunOptions = RunOptions(),
    selection: Selection = Selection(),
    baseline_file: str | None = None,
    today: datetime.date | None = None,
) -> Result:
    """Analyse the target at ``root`` and judge it against ``config`` (and the baseline file);
    ``today`` is the day ADR review dates are judged against (default: today)."""
    # With the stored parts, what they cover is never decoded (ADR-0020).
    facts = gather(root, config, options, defer=options.use_cache)
    rules = catalog.Catalog(config.loaded_packs)
    # Each rule's hits, stored by the digest of their inputs (ADR-0020): only with the cache.
    parts = Parts.load(facts, options.index) if options.use_cache and facts.keys else None
    result = judge(facts, config, selection, rules, today, parts)
    if parts is not None:
        parts.store()
    judged = _judged_entry(facts, rules, selection, off_codes(config, rules), config)
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
    facts: Facts,
    rules: catalog.Catalog,
    selection: Selection,
    off: Collection[str],
    config: Config,
) -> Callable[[BaselineEntry], bool]:
    """Whether this run could have produced a baseline entry (a filter is not a fix): its
    code known and selected, its rule not off, its contract run (``--contract``), its file
    (the subject's module, or the subject) in a role its rule judges, and for a per-file rule
    in a run narrowed to FILES, its file among them."""
    known = {doc.code for doc in rules.rules}
    per_file = {d.code for d in rules.pack_rules() if judges_files_alone(CHECKS[d.check])}
    modules = {f.module: f.path for f in facts.layout.files if f.module is not None}
    inputs = set(catalog.INPUT_CODES.values())
    # A rule that took over some of a code's findings (``carries``) must have run too: an
    # ARC001 entry may now be ARC006's, which a run without ARC006 cannot tell.
    heirs = {old: doc.code for doc in rules.pack_rules() for old in doc.carries}
    roles = role_filter(config, rules)

    def judged(entry: BaselineEntry) -> bool:
        if entry.code not in known or entry.code in off or not selection.wants(entry.code):
            return False
        heir = heirs.get(entry.code)
        if heir is not None and (heir in off or not selection.wants(heir)):
            return False
        if selection.contracts and entry.code not in inputs:
            return entry.source in selection.contracts
        owner = _owner(entry.subject, modules)
        path = modules[owner] if owner else entry.subject
        if not roles.judges(entry.code, path):  # e.g. CBX002 on a test, recorded before roles
            return False
        return selection.files is None or entry.code not in per_file or path in selection.files

    return judged


def _owner(subject: str, modules: Collection[str]) -> str | None:
    """The module a subject names or sits in (``pkg.mod.Class.method`` -> ``pkg.mod``); an
    import's subject (``pkg.mod -> other``) sits in its importer, where it is reported."""
    parts = subject.split(" -> ", 1)[0].split(".")
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
    parts: Parts | None = None,
) -> Result:
    """Judge already-gathered facts; raises ConfigError for contracts that do not fit the code.

    ``today`` is the day ADR review dates are judged against (default: today); ``parts``,
    the stored rule hits a run may reuse (``fitness.engine.parts``).
    """
    if not facts.detailed:  # a caller's mistake: the rules would find nothing to judge
        raise ValueError("facts gathered without detail (RunOptions.detail) cannot be judged")
    sources, declared = dependency_sources(facts, rules, config, parts)
    spots = (*facts.blind_spots, *declared)  # what neither the graph nor a rule can see
    verdicts, findings, adr_outcome = _input_and_contracts(
        facts, config, selection, today, (spots, parts)
    )
    ran = [] if selection.contracts else _selected_rules(rules, selection)
    findings += run_pack_rules(facts, ran, config, selection.files, parts)
    findings = role_filter(config, rules).kept(findings)  # each rule judges its roles only
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
        roles=files_by_role(facts, config.roles),
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


def _input_and_contracts(
    facts: Facts,
    config: Config,
    selection: Selection,
    today: datetime.date | None,
    spots_and_parts: tuple[Sequence[BlindSpot], Parts | None],
) -> tuple[list[ContractVerdict], list[Finding], AdrOutcome | None]:
    """Input problems, blind spots (when they fail the gate), the selected contracts (a
    stored part when ``parts`` hold it), and the ADRs unless ``--contract`` names contracts
    (as ``lint-imports --contract`` does)."""
    spots, parts = spots_and_parts
    findings = [input_finding(p) for p in facts.problems]
    if config.blind_spots == "error":
        findings += [blind_spot_finding(spot) for spot in spots]
    specs = [s for s in config.contracts if selection.runs_contract(s.id)]
    verdicts, found = stored_contracts(facts, specs, parts)
    findings += found
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


def input_finding(problem: Problem) -> Finding:
    """A file that could not be read, decoded or parsed, as an INP finding."""
    doc = catalog.rule(catalog.INPUT_CODES[problem.kind.value])
    assert doc is not None
    return rule_finding(
        doc,
        message=problem.message,
        where=(problem.path, problem.line),
        column=problem.column,
        subject=problem.path,
        source=Source("input", doc.name),
        how_to_fix="",
    )


def blind_spot_finding(spot: BlindSpot) -> Finding:
    """INP005: what the graph cannot see, at the construct (path:line) or the folder."""
    doc = catalog.rule(catalog.BLIND_SPOT_CODE)
    assert doc is not None
    detail = "" if spot.detail == spot.path else f": {spot.detail}"
    return rule_finding(
        doc,
        message=f"the import graph cannot see this ({spot.kind.value}{detail})",
        where=(spot.path, spot.line),
        subject=spot.path,
        source=Source("input", doc.name),
        target=f"{spot.kind.value}{detail}",
    )


def _selected_rules(rules: catalog.Catalog, selection: Selection) -> list[catalog.RuleDoc]:
    """The pack rules whose findings the selection reports: only those run (all of them
    when unused suppressions are reported: a comment is unused only if its rule ran)."""
    every = selection.wants(catalog.UNUSED_SUPPRESSION_CODE)
    return [doc for doc in rules.pack_rules() if every or selection.wants(doc.code)]


def run_pack_rules(
    facts: Facts,
    rules: Sequence[catalog.RuleDoc],
    config: Config,
    files: frozenset[str] | None = None,
    parts: Parts | None = None,
) -> list[Finding]:
    """Run every enabled pack rule's check with its params (the config's override them).

    With ``files``, a check that judges each file by its own facts sees only those files:
    the pre-commit hook reports nothing else, and skips ~1,000 of Django's findings. With
    ``parts``, each rule's hits are reused where their inputs are unchanged.
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
        params = rule_params(check_impl, doc, config)
        hits = _rule_hits(doc, check_impl, params, (facts, narrowed), parts)
        source = Source("pack", f"{doc.pack}:{doc.code}", doc.path, doc.line)  # one per rule
        findings += [_pack_finding(doc, hit, source) for hit in hits]
    return findings


def _rule_hits(
    doc: catalog.RuleDoc,
    check_impl: Check,
    params: Mapping[str, Any],
    facts: tuple[Facts, Facts],
    parts: Parts | None,
) -> list[Hit]:
    """One rule's hits on the whole facts, or (a per-file rule) on the ``narrowed`` ones,
    grouped by file in the facts' order: the order a run reusing stored parts rebuilds."""
    whole, narrowed = facts
    rule = rule_digest(doc.code, check_impl, params)
    if judges_files_alone(check_impl):
        if parts is not None:
            return parts.per_file(rule, check_impl, narrowed, params)
        return in_file_order(check_impl.run(narrowed, params), narrowed)
    if parts is not None:
        return parts.graph(rule, check_impl, params)
    return check_impl.run(whole, params)


def _pack_finding(doc: catalog.RuleDoc, hit: Hit, source: Source) -> Finding:
    return rule_finding(
        doc,
        message=hit.message,
        where=(hit.path, hit.line),
        column=hit.column,
        subject=hit.subject,
        source=source,
        target=hit.target,
        chains=hit.chains,
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
