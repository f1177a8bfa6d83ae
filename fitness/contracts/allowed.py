"""``allowed`` (archfit): an allow-list of the analysed modules each source may import.

Each source may import only itself, the modules it lists (and what lies below them) and the
utilities; deprecated ones are allowed with a warning. Direct imports by default, as tach judges
its ``depends_on``; ``indirect`` judges chains as import-linter's ``forbidden`` does.

A name belongs to the nearest (longest) declared module that contains it: with ``units``
(tach's list of modules) a nested module is a unit of its own, and imports of modules in no
unit are not judged; without it, every analysed module is judged.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import ClassVar

from analyzer.facts import ImportEdge
from archfit_values import frozen
from fitness.contracts.base import (
    ContractGraph,
    ContractResult,
    ContractSpec,
    FieldKind,
    FieldSpec,
    GraphContractBase,
    Violation,
    chains_violation,
)
from fitness.contracts.expressions import expand_modules
from fitness.contracts.judged import (
    JUDGE_FIELDS,
    judged_edges,
    nearest,
    prune_left_out,
    statement_violation,
)


@frozen
class AllowList:
    """One allowed contract, resolved against the graph."""

    sources: tuple[str, ...]
    allowed: frozenset[str]
    utilities: frozenset[str]
    deprecated: frozenset[str]
    units: tuple[str, ...]  # every declared name, nearest wins
    judge_all: bool  # no ``units`` option: imports of any analysed module are judged
    rest: str | None = None  # the name of what lies outside every unit (tach's ``<root>``)

    def owner(self, module: str) -> str | None:
        """The declared module ``module`` belongs to; itself when none is and all are judged
        (``rest``, when given, owns what no unit does)."""
        found = nearest(module, self.units)
        if found is None and self.rest is not None:
            return self.rest
        return module if found is None and self.judge_all else found

    def verdict(self, source: str, imported: str) -> str:
        """``ok``, ``deprecated``, ``unjudged`` or ``broken`` for one import by ``source``."""
        owner = self.owner(imported)
        if owner is None:
            return "unjudged"
        if owner == source or owner in self.allowed or owner in self.utilities:
            return "ok"
        return "deprecated" if owner in self.deprecated else "broken"


class AllowedContract(GraphContractBase):
    """Allow-lists of internal dependencies (tach's ``depends_on``)."""

    type_name = "allowed"
    scope_fields: ClassVar[tuple[str, ...]] = ("source_modules",)
    importlinter = False
    fields: ClassVar[Mapping[str, FieldSpec]] = {
        "source_modules": FieldSpec(FieldKind.MODULES, required=True),
        "allowed_modules": FieldSpec(FieldKind.MODULES, default=[]),
        "utilities": FieldSpec(FieldKind.MODULES, default=[]),
        "deprecated_modules": FieldSpec(FieldKind.MODULES, default=[]),
        "units": FieldSpec(FieldKind.MODULES, default=[]),
        # A name for the code outside every unit, usable in the lists above (tach's
        # ``root_module`` modes: ``<root>``); without it that code is not judged.
        "rest": FieldSpec(FieldKind.TEXT, archfit_only=True),
        "indirect": FieldSpec(FieldKind.BOOL, default=False),
        "exact": FieldSpec(FieldKind.BOOL, default=False),
        **JUDGE_FIELDS,
    }

    def check(self, spec: ContractSpec, graph: ContractGraph) -> ContractResult:
        """Judge each source's imports against its allow-list."""
        allow = resolve(spec, graph)
        edges = judged_edges(spec, graph)
        violations, warnings, used = _direct(graph, allow, edges, report=not spec.get("indirect"))
        if spec.get("indirect", False):
            prune_left_out(spec, graph, edges)
            violations += _indirect(graph, allow)
        if spec.get("exact", False):
            violations += _unused(spec, allow, used)
        return ContractResult(
            kept=not violations, violations=tuple(violations), warnings=tuple(warnings)
        )


def resolve(spec: ContractSpec, graph: ContractGraph) -> AllowList:
    """The contract's module expressions expanded; sources must exist."""

    rest = spec.get("rest")

    def names(key: str) -> list[str]:
        listed = spec.get(key, [])
        found = expand_modules(graph, key, [n for n in listed if n != rest])
        return [*found, rest] if rest is not None and rest in listed else found

    sources = names("source_modules")
    allowed, utilities, deprecated = (
        names("allowed_modules"),
        names("utilities"),
        names("deprecated_modules"),
    )
    units = {*sources, *allowed, *utilities, *deprecated, *names("units")}
    return AllowList(
        sources=tuple(sources),
        allowed=frozenset(allowed),
        utilities=frozenset(utilities),
        deprecated=frozenset(deprecated),
        units=tuple(sorted(units)),
        judge_all=not spec.get("units"),
        rest=rest,
    )


def _direct(
    graph: ContractGraph, allow: AllowList, edges: Iterable[ImportEdge], report: bool
) -> tuple[list[Violation], list[str], set[str]]:
    """Broken direct imports (when ``report``), deprecated ones as warnings, and the owners
    each source imports (for ``exact``)."""
    broken: dict[tuple[str, str, str], list[ImportEdge]] = {}
    warned: dict[tuple[str, str, str], list[ImportEdge]] = {}
    used: set[str] = set()
    for edge in edges:
        source = allow.owner(edge.importer)
        if source not in allow.sources:
            continue
        verdict = allow.verdict(source, edge.imported)
        used.add(allow.owner(edge.imported) or "")
        key = (source, edge.importer, edge.imported)
        if verdict == "broken":
            broken.setdefault(key, []).append(edge)
        elif verdict == "deprecated":
            warned.setdefault(key, []).append(edge)
    violations = [_broken(graph, allow, key, group) for key, group in sorted(broken.items())]
    warnings = [_deprecated(graph, allow, key, group) for key, group in sorted(warned.items())]
    return (violations if report else []), warnings, used


def _broken(
    graph: ContractGraph, allow: AllowList, key: tuple[str, str, str], edges: list[ImportEdge]
) -> Violation:
    source, importer, imported = key
    owner = allow.owner(imported)
    return statement_violation(
        graph,
        edges,
        subject=f"{importer} -> {imported}",
        message=f"{importer} imports {imported}, but {source} may import only "
        f"{_listed(allow)} (not {owner})",
        target=imported,
    )


def _deprecated(
    graph: ContractGraph, allow: AllowList, key: tuple[str, str, str], edges: list[ImportEdge]
) -> str:
    source, importer, imported = key
    lines = ", ".join(str(n) for n in sorted({e.line for e in edges}))
    return (
        f"{importer} imports {imported} ({graph.path_of(importer)}:{lines}): "
        f"{source}'s dependency on {allow.owner(imported)} is deprecated"
    )


def _listed(allow: AllowList) -> str:
    names = sorted(allow.allowed | allow.utilities | allow.deprecated)
    return ", ".join(names) if names else "itself"


def _indirect(graph: ContractGraph, allow: AllowList) -> list[Violation]:
    """Every chain from a source to a module it may not reach (through any modules)."""
    violations = []
    for source in allow.sources:
        reached = graph.grimp.find_upstream_modules(source, as_package=True)
        targets = sorted(
            {t for m in reached if (t := _foreign(graph, allow, source, m)) is not None}
        )
        for target in targets:
            found = graph.grimp.find_shortest_chains(
                importer=source, imported=target, as_packages=True
            )
            chains = [graph.chain(list(chain)) for chain in sorted(found)]
            if chains:
                violations.append(chains_violation(source, target, chains))
    return violations


def _foreign(graph: ContractGraph, allow: AllowList, source: str, module: str) -> str | None:
    """The declared module (or the module itself) ``source`` may not reach, or None."""
    if not graph.index.is_internal(module) or allow.verdict(source, module) != "broken":
        return None
    return allow.owner(module)


def _unused(spec: ContractSpec, allow: AllowList, used: set[str]) -> list[Violation]:
    """With ``exact``, a listed dependency no source imports directly is a violation."""
    listed = sorted(allow.allowed | allow.deprecated)
    return [
        Violation(
            subject=f"unused: {name}",
            message=f"{', '.join(allow.sources)} never imports {name}, which the allow-list "
            "names (exact = true)",
            target=name,
            path=spec.source.path,
            line=spec.line_of("allowed_modules"),
        )
        for name in listed
        if name not in used
    ]
