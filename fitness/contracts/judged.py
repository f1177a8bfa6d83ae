"""What the symbol-level contracts (``interface``, ``allowed``) share: which import statements
they judge, and which declared module a name belongs to (the nearest one, as tach decides)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from analyzer.facts import ImportEdge, ImportKind
from analyzer.graph import wanted_edges
from fitness.contracts.base import ContractGraph, ContractSpec, FieldKind, FieldSpec, Violation
from fitness.results.findings import Link

# Options both types take: which kinds of import statement they judge. archfit judges every
# kind; tach's mapping leaves TYPE_CHECKING imports out (its ignore_type_checking_imports).
JUDGE_FIELDS: Mapping[str, FieldSpec] = {
    "exclude_type_checking_imports": FieldSpec(FieldKind.BOOL, default=False),
    "exclude_function_imports": FieldSpec(FieldKind.BOOL, default=False),
}


def judged_edges(spec: ContractSpec, graph: ContractGraph) -> list[ImportEdge]:
    """The internal import statements this contract judges: those its graph holds (after
    ``ignore_imports`` and the session's options), minus the kinds it leaves out."""
    left_out = _left_out(spec)
    exists = graph.grimp.direct_import_exists
    pairs: dict[tuple[str, str], bool] = {}
    judged = []
    for edge in wanted_edges(graph.edges, spec.graph_options):
        if edge.external or edge.kind in left_out:
            continue
        key = (edge.importer, edge.imported)
        if key not in pairs:
            pairs[key] = exists(importer=edge.importer, imported=edge.imported)
        if pairs[key]:
            judged.append(edge)
    return judged


def _left_out(spec: ContractSpec) -> frozenset[ImportKind]:
    kinds = set()
    if spec.get("exclude_type_checking_imports", False):
        kinds.add(ImportKind.TYPE_ONLY)
    if spec.get("exclude_function_imports", False):
        kinds.add(ImportKind.LAZY)
    return frozenset(kinds)


def prune_left_out(spec: ContractSpec, graph: ContractGraph, judged: Iterable[ImportEdge]) -> None:
    """Drop from the private graph copy every import pair none of whose statements is judged,
    so chains (``indirect``) only run through judged imports."""
    kept = {(e.importer, e.imported) for e in judged}
    for edge in graph.edges:
        pair = (edge.importer, edge.imported)
        if edge.external or pair in kept:
            continue
        if graph.grimp.direct_import_exists(importer=pair[0], imported=pair[1]):
            graph.grimp.remove_import(importer=pair[0], imported=pair[1])


def taken(edge: ImportEdge) -> str:
    """The dotted path an import statement takes (its module for edges without one)."""
    return edge.member or edge.imported


def nearest(name: str, units: Iterable[str]) -> str | None:
    """The longest of ``units`` that is ``name`` or contains it (tach's nearest module)."""
    best: str | None = None
    for unit in units:
        if (name == unit or name.startswith(unit + ".")) and (
            best is None or len(unit) > len(best)
        ):
            best = unit
    return best


def statement_violation(
    graph: ContractGraph, edges: list[ImportEdge], subject: str, message: str, **extra: Any
) -> Violation:
    """A violation at the first of ``edges`` (one importer, one imported module), naming every
    line they were written on."""
    first = edges[0]
    lines = tuple(sorted({e.line for e in edges}))
    link = Link(first.importer, first.imported, graph.path_of(first.importer), lines)
    return Violation(
        subject=subject,
        message=f"{message}: {link.describe()}",
        chains=((link,),),
        path=link.path,
        line=lines[0],
        **extra,
    )
