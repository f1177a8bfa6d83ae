"""``interface`` (archfit): what lies outside a module may import only its public interface.

A member path is what an import takes below the module: ``from billing.models import Invoice``
takes ``models.Invoice`` of ``billing``; ``import billing`` takes nothing below it and is always
allowed. Interfaces on one module combine as tach's do: an importer may take what any interface
that applies to it exposes; an exclusive one that applies replaces the others.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar

from analyzer.facts import ImportEdge
from analyzer.graph import ModuleIndex
from archfit_values import frozen
from fitness.contracts.base import (
    ContractGraph,
    ContractOptionError,
    ContractResult,
    ContractSpec,
    FieldKind,
    FieldSpec,
    GraphContractBase,
    OptionProblem,
    Violation,
    graph_inputs,
)
from fitness.contracts.expressions import expand_modules
from fitness.contracts.judged import (
    JUDGE_FIELDS,
    judged_edges,
    nearest,
    statement_violation,
    taken,
)

TYPE_NAME = "interface"


@frozen
class Interface:
    """One interface contract, resolved against the graph."""

    id: str
    modules: frozenset[str]
    expose: tuple[re.Pattern[str], ...]
    from_all: bool
    visibility: tuple[str, ...] | None  # None: every importer outside the module
    exclusive: bool
    units: tuple[str, ...]

    def visible_to(self, importer: str) -> bool:
        """Whether this interface applies to ``importer`` (the nearest of the visibility
        entries and the declared units that contains it is a visibility entry)."""
        if self.visibility is None:
            return True
        owner = nearest(importer, (*self.visibility, *self.units))
        return owner is not None and owner in self.visibility


class InterfaceContract(GraphContractBase):
    """Public interfaces at the symbol level (tach's ``[[interfaces]]``)."""

    type_name = TYPE_NAME
    scope_fields: ClassVar[tuple[str, ...]] = ("modules",)
    importlinter = False
    fields: ClassVar[Mapping[str, FieldSpec]] = {
        "modules": FieldSpec(FieldKind.MODULES, required=True),
        "expose": FieldSpec(FieldKind.STRINGS, default=[]),
        "from_all": FieldSpec(FieldKind.BOOL, default=False),
        "visibility": FieldSpec(FieldKind.MODULES),
        "exclusive": FieldSpec(FieldKind.BOOL, default=False),
        "units": FieldSpec(FieldKind.MODULES, default=[]),
        **JUDGE_FIELDS,
    }

    def validate(self, options: Mapping[str, Any]) -> list[OptionProblem]:
        """Each ``expose`` entry must be a valid regular expression."""
        problems = []
        for pattern in options.get("expose", []):
            try:
                re.compile(pattern)
            except re.error as exc:
                problems.append(OptionProblem("expose", f"{pattern!r} is not a valid regex: {exc}"))
        return problems

    def inputs(self, spec: ContractSpec, index: ModuleIndex) -> tuple[str, ...]:
        """The graph's edges and the outlines (a module's literal ``__all__``)."""
        return (*graph_inputs(spec, index, self.fields), "outline")

    def check(self, spec: ContractSpec, graph: ContractGraph) -> ContractResult:
        """Judge every import from outside each module against the interfaces that apply."""
        own = resolve(spec, graph)
        everyone = _everyone(own, graph)
        violations = [*_missing_all(own, graph)]
        exports = {m: _exports(graph, m) for m in own.modules}
        grouped: dict[tuple[str, str, str], list[ImportEdge]] = {}
        for edge in judged_edges(spec, graph):
            found = _judge(own, everyone, edge, exports)
            if found is not None:
                grouped.setdefault((edge.importer, found, taken(edge)), []).append(edge)
        for (_, module, member), edges in sorted(grouped.items()):
            violations.append(_violation(graph, own, module, member, edges, exports))
        return ContractResult(kept=not violations, violations=tuple(violations))


def resolve(spec: ContractSpec, graph: ContractGraph) -> Interface:
    """An interface contract's options, its module expressions expanded."""
    visibility = spec.get("visibility")
    return Interface(
        id=spec.id,
        modules=frozenset(expand_modules(graph, "modules", spec.get("modules", []))),
        expose=tuple(re.compile(p) for p in spec.get("expose", [])),
        from_all=bool(spec.get("from_all", False)),
        visibility=None if visibility is None else _names(graph, "visibility", visibility),
        exclusive=bool(spec.get("exclusive", False)),
        units=_names(graph, "units", spec.get("units", [])),
    )


def _names(graph: ContractGraph, key: str, expressions: list[str]) -> tuple[str, ...]:
    return tuple(expand_modules(graph, key, expressions))


def _everyone(own: Interface, graph: ContractGraph) -> list[Interface]:
    """Every interface contract of the run in declaration order (the first that applies
    reports a broken import). One whose options do not fit the code reports that itself,
    so here it is left out."""
    everyone = []
    for peer in graph.peers:
        if peer.type != TYPE_NAME:
            continue
        if peer.id == own.id:
            everyone.append(own)
            continue
        try:
            everyone.append(resolve(peer, graph))
        except ContractOptionError:
            continue
    return everyone if own in everyone else [own, *everyone]


def _judge(
    own: Interface,
    everyone: Sequence[Interface],
    edge: ImportEdge,
    exports: Mapping[str, tuple[str, ...] | None],
) -> str | None:
    """The module whose interface ``edge`` breaks, if this contract is the one to say so."""
    path = taken(edge)
    module = nearest(path, (*own.modules, *own.units))
    if module is None or module not in own.modules:
        return None
    if nearest(edge.importer, (*own.modules, *own.units)) == module:
        return None  # inside the module: its own code may import anything of it
    member = path[len(module) + 1 :]
    if not member:
        return None  # ``import billing`` / ``from billing import *`` take the module itself
    applying = _applying(everyone, module, edge.importer)
    if not applying or applying[0] is not own:
        return None  # no interface applies, or an earlier contract reports it
    if any(_exposes(i, module, member, exports) for i in applying):
        return None
    return module


def _applying(everyone: Sequence[Interface], module: str, importer: str) -> list[Interface]:
    """The interfaces on ``module`` that apply to ``importer``; exclusive ones replace the rest."""
    applying = [i for i in everyone if module in i.modules and i.visible_to(importer)]
    exclusive = [i for i in applying if i.exclusive]
    return exclusive or applying


def _exposes(
    interface: Interface, module: str, member: str, exports: Mapping[str, tuple[str, ...] | None]
) -> bool:
    if any(pattern.fullmatch(member) for pattern in interface.expose):
        return True
    return interface.from_all and member in (exports.get(module) or ())


def _exports(graph: ContractGraph, module: str) -> tuple[str, ...] | None:
    outline = graph.outline_of(module)
    return None if outline is None else outline.exports


def _missing_all(interface: Interface, graph: ContractGraph) -> Iterable[Violation]:
    """With ``from_all``, a module without a literal ``__all__`` is a violation, not a guess."""
    if not interface.from_all:
        return
    for module in sorted(interface.modules):
        outline = graph.outline_of(module)
        if outline is not None and outline.exports is not None:
            continue
        defined = [d for d in (outline.definitions if outline else ()) if d.name == "__all__"]
        why = "is not a literal list or tuple of strings" if defined else "is missing"
        yield Violation(
            subject=f"{module}.__all__",
            message=f"{module}'s __all__ {why}: from_all = true reads the interface from it",
            target=module,
            path=graph.path_of(module),
            line=defined[0].line if defined else 1,
        )


def _violation(
    graph: ContractGraph,
    interface: Interface,
    module: str,
    member: str,
    edges: list[ImportEdge],
    exports: Mapping[str, tuple[str, ...] | None],
) -> Violation:
    expected = describe_interface(interface, module, exports)
    inner = member[len(module) + 1 :]
    return statement_violation(
        graph,
        edges,
        subject=f"{edges[0].importer} -> {member}",
        message=f"{edges[0].importer} imports {inner} of {module}, which is not in its public "
        f"interface ({expected})",
        target=member,
    )


def describe_interface(
    interface: Interface, module: str, exports: Mapping[str, tuple[str, ...] | None]
) -> str:
    """What the interface exposes, in words: ``expose: Invoice, create_.*; __all__: a, b``."""
    parts = []
    if interface.expose:
        parts.append("expose: " + ", ".join(p.pattern for p in interface.expose))
    if interface.from_all:
        names = exports.get(module)
        parts.append("__all__: " + (", ".join(names) if names else "(none)"))
    return "; ".join(parts) or "nothing below the module itself"
