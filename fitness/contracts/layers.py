"""``layers``: higher layers may import lower ones, never the reverse (indirect chains too)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

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
    dependency_order,
    dependency_violation,
    is_in_package,
)
from fitness.contracts.expressions import expand_modules


@frozen
class Layer:
    """One entry of ``layers``: sibling module tails, independent (``|``) or not (``:``)."""

    tails: tuple[str, ...]
    optional: frozenset[str]
    independent: bool


def parse_layer(text: str) -> Layer:
    """``a | b``, ``a : b``, ``(optional)``; raise ValueError on a bad entry."""
    if "|" in text and ":" in text:
        raise ValueError(f"layer {text!r} mixes independent '|' and non-independent ':' siblings")
    separator = "|" if "|" in text else ":"
    raw = [part.strip() for part in text.split(separator)]
    if any(not part for part in raw):
        raise ValueError(f"layer {text!r} has an empty module name")
    tails = tuple(p[1:-1].strip() if p.startswith("(") and p.endswith(")") else p for p in raw)
    if len(set(tails)) != len(tails):
        raise ValueError(f"modules cannot be repeated in a layer: {text!r}")
    if contained := _contained(tails):
        raise ValueError(f"modules cannot contain each other in a layer: {contained}")
    optional = frozenset(t for t, p in zip(tails, raw, strict=True) if p.startswith("("))
    return Layer(tails, optional, separator == "|" or len(tails) == 1)


def parse_layers(texts: Sequence[str]) -> list[Layer]:
    """Every entry of ``layers``, each module in one layer only and none inside another layer's
    (as lint-imports 2.17 requires); raise ValueError otherwise."""
    layers = [parse_layer(str(text)) for text in texts]
    seen: list[str] = []
    for layer in layers:
        repeated = sorted(set(seen) & set(layer.tails))
        if repeated:
            raise ValueError(f"modules cannot be in more than one layer: {repeated}")
        seen += layer.tails
    if contained := _contained(seen):
        raise ValueError(f"layers cannot contain other layers: {contained}")
    return layers


def _contained(tails: Sequence[str]) -> str:
    """Pairs where one name lies inside another, as text ("'a' contains 'a.b'"), or ""."""
    pairs = sorted((a, b) for a in tails for b in tails if b.startswith(a + "."))
    return ", ".join(f"{a!r} contains {b!r}" for a, b in pairs)


class LayersContract(GraphContractBase):
    """import-linter's layers contract: containers, exhaustive, independent and ':' siblings."""

    type_name = "layers"
    chains_only = True  # the graph's pairs and the lines of the pairs it links
    scope_fields: ClassVar[tuple[str, ...]] = ("containers", "layers")
    fields: ClassVar[Mapping[str, FieldSpec]] = {
        "layers": FieldSpec(FieldKind.STRINGS, required=True),
        "containers": FieldSpec(FieldKind.MODULES),
        "exhaustive": FieldSpec(FieldKind.BOOL, default=False),
        "exhaustive_ignores": FieldSpec(FieldKind.STRINGS),
    }

    def check(self, spec: ContractSpec, graph: ContractGraph) -> ContractResult:
        """Find every dependency that runs up the layers."""
        layers = self._layers(spec)
        containers = expand_modules(graph, "containers", spec.get("containers", []))
        if spec.get("exhaustive") and not containers:
            raise ContractOptionError("exhaustive", "exhaustive needs containers")
        self._check_layers_exist(graph, layers, containers)
        from grimp import Layer  # imported with the graph this contract was given, not before

        dependencies = graph.grimp.find_illegal_dependencies_for_layers(
            layers=[Layer(*layer.tails, independent=layer.independent) for layer in layers],
            containers=set(containers),
        )
        violations = [
            dependency_violation(graph, d) for d in sorted(dependencies, key=dependency_order)
        ]
        violations += self._undeclared(graph, spec, layers, containers)
        return ContractResult(kept=not violations, violations=tuple(violations))

    def validate(self, options: Mapping[str, Any]) -> list[OptionProblem]:
        """Each layer parses, no module is in two layers, none lies inside another; exhaustive
        needs containers (lint-imports refuses it without)."""
        problems = []
        try:
            parse_layers(options.get("layers", []))
        except ValueError as exc:
            problems.append(OptionProblem("layers", str(exc)))
        if options.get("exhaustive") and not options.get("containers"):
            problems.append(OptionProblem("exhaustive", "exhaustive needs containers"))
        return problems

    def _layers(self, spec: ContractSpec) -> list[Layer]:
        try:
            return parse_layers(spec.get("layers", []))
        except ValueError as exc:
            raise ContractOptionError("layers", str(exc)) from exc

    def _check_layers_exist(
        self, graph: ContractGraph, layers: Sequence[Layer], containers: Sequence[str]
    ) -> None:
        roots = sorted(graph.index.roots)
        for container in containers:
            if not any(is_in_package(container, root) for root in roots):
                raise ContractOptionError(
                    "containers", f"container {container!r} is not in a root package ({roots})"
                )
        for layer in layers:
            for tail in layer.tails:
                if tail in layer.optional:
                    continue
                for name in [f"{c}.{tail}" for c in containers] or [tail]:
                    if not graph.has(name):
                        raise ContractOptionError("layers", f"layer module {name!r} does not exist")

    def _undeclared(
        self,
        graph: ContractGraph,
        spec: ContractSpec,
        layers: Sequence[Layer],
        containers: Sequence[str],
    ) -> list[Violation]:
        if not spec.get("exhaustive"):
            return []
        declared = {t for layer in layers for t in layer.tails}
        declared |= set(spec.get("exhaustive_ignores", []))
        violations = []
        for container in containers:
            for child in sorted(graph.grimp.find_children(container)):
                if child.rpartition(".")[2] not in declared:
                    violations.append(_undeclared_violation(graph, container, child))
        return violations


def _undeclared_violation(graph: ContractGraph, container: str, child: str) -> Violation:
    return Violation(
        subject=child,
        message=f"{child} is not listed as a layer of exhaustive container {container}",
        target="undeclared",
        path=graph.path_of(child),
        line=1,
    )
