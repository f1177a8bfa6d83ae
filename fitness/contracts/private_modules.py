"""``private_modules``: a private module (``pkg.foo._bar``) and everything below it may only be
imported from within its parent package (import-linter 2.17's newest built-in type)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

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
    descendants_and_self,
    is_in_package,
    link_violation,
)
from fitness.contracts.expressions import expand_modules, has_wildcard

_KEY = "packages_with_private_modules"


def is_private_name(name: str) -> bool:
    """``_bar`` is private; dunder names (``__main__``, ``__init__``) are not."""
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def privacy_parent(module: str) -> str | None:
    """The package ``module`` is private to: the parent of its innermost private component
    (itself or an ancestor below the top level), or None if nothing in its name is private."""
    parts = module.split(".")
    for index in range(len(parts) - 1, 0, -1):  # a top-level module has no parent to be private to
        if is_private_name(parts[index]):
            return ".".join(parts[:index])
    return None


def _private_names(names: list[str]) -> list[str]:
    """Names with any private component, the top level included."""
    return sorted(n for n in names if any(is_private_name(p) for p in n.split(".")))


class PrivateModulesContract(GraphContractBase):
    """import-linter's private_modules contract (direct imports only, as import-linter checks)."""

    type_name = "private_modules"
    chains_only = True  # the graph's pairs and the lines of the pairs it links
    scope_fields: ClassVar[tuple[str, ...]] = (_KEY,)
    fields: ClassVar[Mapping[str, FieldSpec]] = {_KEY: FieldSpec(FieldKind.MODULES)}

    def validate(self, options: Mapping[str, Any]) -> list[OptionProblem]:
        """The listed packages may not be private or inside a private module."""
        plain = [name for name in options.get(_KEY, []) if not has_wildcard(name)]
        if private := _private_names(plain):
            return [OptionProblem(_KEY, _private_message(private))]
        return []

    def check(self, spec: ContractSpec, graph: ContractGraph) -> ContractResult:
        """Find every direct import of a private module from outside its parent package."""
        violations: list[Violation] = []
        for module in sorted(self._checked(spec, graph)):
            parent = privacy_parent(module)
            if parent is None:
                continue
            for importer in sorted(graph.grimp.find_modules_that_directly_import(module)):
                if not is_in_package(importer, parent):
                    why = f"but it is private to {parent}"
                    violations.append(link_violation(graph, importer, module, why))
        return ContractResult(kept=not violations, violations=tuple(violations))

    def _checked(self, spec: ContractSpec, graph: ContractGraph) -> set[str]:
        """The modules whose importers are checked: all of them unless packages are listed."""
        expressions = spec.get(_KEY, [])
        if not expressions:
            return set(graph.grimp.modules)
        checked: set[str] = set()
        for expression in expressions:
            matched = expand_modules(graph, _KEY, [expression])
            if not matched:
                raise ContractOptionError(_KEY, f"{expression!r} matches no module")
            if private := _private_names(matched):
                raise ContractOptionError(_KEY, f"{expression!r}: {_private_message(private)}")
            for name in matched:
                checked |= descendants_and_self(graph.grimp, name)
        return checked


def _private_message(names: list[str]) -> str:
    listed = ", ".join(repr(n) for n in names)
    return (
        f"packages cannot be private or inside a private module: {listed}; "
        "list an ancestor that is not private instead"
    )
