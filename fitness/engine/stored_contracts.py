"""The config's contracts, judged through the stored parts.

A part per contract (ADR-0020), keyed on the views its type says it reads, or on the pairs
it links (``fitness.engine.guarded``). Split out of ``fitness.engine.check``, which asks it
for verdicts and findings.
"""

from __future__ import annotations

from collections.abc import Sequence

from analyzer.facts import Facts
from analyzer.graph import layout_index
from fitness.contracts.base import ContractSpec
from fitness.contracts.registry import contract_inputs, linked_inputs
from fitness.engine.contract_findings import contract_findings, findings_by_contract
from fitness.engine.graph_parts import ContractPart
from fitness.engine.guarded import Witness
from fitness.engine.parts import Parts
from fitness.results.findings import ContractVerdict, Finding


def stored_contracts(
    facts: Facts, specs: Sequence[ContractSpec], parts: Parts | None
) -> tuple[list[ContractVerdict], list[Finding]]:
    """``contract_findings``, through the stored parts when there are some: a part per
    contract, keyed on the views its type says it reads (``contract_inputs``)."""
    if parts is None:
        return contract_findings(facts, specs)

    def computed(only: Sequence[int]) -> list[tuple[ContractPart, tuple[Witness, ...]]]:
        each = findings_by_contract(facts, specs, only)
        return [(ContractPart(tuple(v), tuple(f)), linked) for v, f, linked in each]

    index = layout_index(facts.layout)
    # A framework edge reads settings files beyond the facts: then computed every run.
    framework = any(spec.graph_options.include_framework for spec in specs)
    reads = [
        (None, None) if framework else (contract_inputs([s], index), linked_inputs(s, index))
        for s in specs
    ]
    found = parts.contracts(repr(specs), reads, computed)
    return [v for part in found for v in part.verdicts], [
        f for part in found for f in part.findings
    ]
