"""Run contracts against the facts: each contract with its result, as values.

The engine turns a config contract's violations into CON findings and the ADR judge an ADR
contract's into ADR001 findings, each from these values; this module knows no rule code.
"""

from __future__ import annotations

import copy
from collections.abc import Collection, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from analyzer.facts import Facts, ImportEdge
from analyzer.graph import GraphOptions, build_grimp_graph, layout_index
from archfit_values import frozen
from fitness.contracts.base import (
    ContractGraph,
    ContractOptionError,
    ContractResult,
    ContractSpec,
    Violation,
)
from fitness.contracts.expressions import remove_ignored
from fitness.contracts.registry import CONTRACT_TYPES
from fitness.exceptions import ConfigIssue
from fitness.results.findings import ContractVerdict

if TYPE_CHECKING:
    import grimp  # imported by analyzer.graph when a contract needs a graph


@frozen
class ContractRun:
    """One contract and what checking it gave: a result, or an option that does not fit the
    code (a module that does not exist), located at the line that wrote it."""

    spec: ContractSpec
    result: ContractResult | None
    problem: ConfigIssue | None = None
    # The pairs whose import details the check read (``ContractGraph.linked``), sorted.
    linked: tuple[tuple[str, str, str], ...] = ()


def verdict_of(spec: ContractSpec, result: ContractResult, type_code: str) -> ContractVerdict:
    """A checked contract's verdict, as reporters read it; ``type_code`` is the code its type
    reports with (the caller looks it up: the runner knows no rule code)."""
    return ContractVerdict(
        id=spec.id,
        name=spec.name,
        type=spec.type,
        kept=result.kept,
        source=spec.source,
        violations=len(result.violations),
        how_to_fix=spec.how_to_fix,
        warnings=result.warnings,
        remaining_usages=result.remaining_usages,
        id_restates_name=spec.id_restates_name,
        type_code=type_code,
    )


def run_contracts(
    facts: Facts, specs: Sequence[ContractSpec], only: Collection[int] | None = None
) -> tuple[ContractRun, ...]:
    """Check every contract (``only``: those at these places of ``specs``) on its own copy of
    the graph: one run per spec, in their order; every spec of ``specs`` is a peer of each
    (interfaces on one module combine).

    Contracts with the same graph options share one built graph; one with ``ignore_imports``
    gets a deep copy, since it removes imports from it (``_own_graph``).
    """
    graphs: dict[GraphOptions, grimp.ImportGraph] = {}
    paths = {f.module: f.path for f in facts.layout.files if f.module}
    index = layout_index(facts.layout)
    edges = _contract_edges(facts, specs)
    runs = []
    for spec in (s for at, s in enumerate(specs) if only is None or at in only):
        base = graphs.get(spec.graph_options)
        if base is None:
            base = graphs[spec.graph_options] = build_grimp_graph(
                facts.modules, facts.layout.namespace_packages, edges, spec.graph_options
            )
        own = copy.deepcopy(base) if _own_graph(spec) else base
        graph = ContractGraph(own, paths, index, edges, peers=specs, parsed=facts.parsed)
        runs.append(replace(_run_one(spec, graph), linked=tuple(sorted(graph.linked))))
    return tuple(runs)


def _own_graph(spec: ContractSpec) -> bool:
    """Whether a contract needs a copy of the shared graph: one that removes imports from it
    (``ignore_imports``, ``expressions.remove_ignored``: the only change a contract makes to
    its graph; every other call on it is a query). A copy costs about a tenth of building the
    graph (a clone of grimp's graph, every import's details with it)."""
    return bool(spec.get("ignore_imports"))


def _run_one(spec: ContractSpec, graph: ContractGraph) -> ContractRun:
    try:
        return ContractRun(spec, _check_one(spec, graph))
    except ContractOptionError as exc:
        where = (spec.source.path, spec.line_of(exc.key))
        return ContractRun(spec, None, ConfigIssue(*where, f"contract {spec.id!r}: {exc.message}"))


def _contract_edges(facts: Facts, specs: Sequence[ContractSpec]) -> tuple[ImportEdge, ...]:
    """The imports, plus the framework edges when a contract opts in (issue 16)."""
    if not any(spec.graph_options.include_framework for spec in specs):
        return facts.edges
    from analyzer.framework_edges import framework_edges

    return (*facts.edges, *framework_edges(facts.layout, facts.parsed))


def _check_one(spec: ContractSpec, graph: ContractGraph) -> ContractResult:
    """The contract type's verdict, after ``ignore_imports``; an ignore line matching nothing
    is a warning or a violation as ``unmatched_ignore_imports_alerting`` says."""
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
