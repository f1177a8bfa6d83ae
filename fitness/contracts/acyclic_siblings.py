"""``acyclic_siblings``: the children of each ancestor package import each other without cycles."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import ClassVar

from fitness.contracts.base import (
    ContractGraph,
    ContractOptionError,
    ContractResult,
    ContractSpec,
    FieldKind,
    FieldSpec,
    GraphContractBase,
    Violation,
)
from fitness.contracts.expressions import expand_modules, has_wildcard


class AcyclicSiblingsContract(GraphContractBase):
    """import-linter's acyclic_siblings contract, using grimp's cycle breakers per package."""

    type_name = "acyclic_siblings"
    scope_fields: ClassVar[tuple[str, ...]] = ("ancestors",)
    fields: ClassVar[Mapping[str, FieldSpec]] = {
        "ancestors": FieldSpec(FieldKind.MODULES, required=True),
        "depth": FieldSpec(FieldKind.INT, default=10),
        "skip_descendants": FieldSpec(FieldKind.MODULES),
    }

    def check(self, spec: ContractSpec, graph: ContractGraph) -> ContractResult:
        """Walk down from each ancestor and nominate the imports that close sibling cycles."""
        _check_no_expression_in_both(spec)
        ancestors = self._expand(graph, spec, "ancestors")
        skipped = set(self._expand(graph, spec, "skip_descendants"))
        depth = int(spec.get("depth", 10))
        by_package: dict[str, Violation] = {}  # a package under two ancestors counts once
        for ancestor in ancestors:
            by_package.update((v.subject, v) for v in self._walk(graph, ancestor, depth, skipped))
        violations = tuple(by_package[package] for package in sorted(by_package))
        return ContractResult(kept=not violations, violations=violations)

    def _expand(self, graph: ContractGraph, spec: ContractSpec, key: str) -> list[str]:
        expressions = spec.get(key, [])
        found = expand_modules(graph, key, expressions)
        for expression in expressions:
            if has_wildcard(expression) and not graph.grimp.find_matching_modules(expression):
                raise ContractOptionError(key, f"{expression!r} did not match any modules")
        return found

    def _walk(
        self, graph: ContractGraph, package: str, depth: int, skipped: set[str]
    ) -> list[Violation]:
        children = graph.grimp.find_children(package)
        found: list[Violation] = []
        if len(children) >= 2:
            cut = graph.grimp.nominate_cycle_breakers(package)
            if cut:
                found.append(_violation(graph, package, cut))
        if depth:
            for child in sorted(children - skipped):
                found.extend(self._walk(graph, child, depth - 1, skipped))
        return found


def _check_no_expression_in_both(spec: ContractSpec) -> None:
    """Refuse an expression that is both an ancestor and skipped.

    import-linter compares the expressions, not the modules they match: ``pkg.*`` as an
    ancestor with ``pkg.a`` skipped still walks ``pkg.a``, skipping it only below ``pkg``.
    """
    both = set(spec.get("ancestors", [])) & set(spec.get("skip_descendants", []))
    if both:
        raise ContractOptionError("skip_descendants", f"{min(both)!r} is also an ancestor")


def _violation(graph: ContractGraph, package: str, cut: set[tuple[str, str]]) -> Violation:
    width = package.count(".") + 2
    pairs = Counter(
        (".".join(a.split(".")[:width]), ".".join(b.split(".")[:width])) for a, b in cut
    )
    listed = ", ".join(
        f".{a.rpartition('.')[2]} -> .{b.rpartition('.')[2]} ({n} import{'s' * (n != 1)})"
        for (a, b), n in sorted(pairs.items())
    )
    chains = tuple((graph.link(a, b),) for a, b in sorted(cut))
    first = chains[0][0]
    return Violation(
        subject=package,
        message=f"no cycles are allowed in {package}; it could be made acyclic by removing "
        f"{len(pairs)} dependenc{'ies' if len(pairs) != 1 else 'y'}: {listed}",
        chains=chains,
        path=first.path,
        line=first.lines[0] if first.lines else 1,
    )
