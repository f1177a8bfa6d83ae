"""Module and import expressions with import-linter 2.x wildcards (``*`` one level, ``**`` any)."""

from __future__ import annotations

from collections.abc import Iterable

from archfit_values import frozen
from fitness.contracts.base import ContractGraph, ContractOptionError, ContractSpec


def has_wildcard(expression: str) -> bool:
    """Whether an expression names modules by pattern."""
    return "*" in expression


def expand_modules(
    graph: ContractGraph, key: str, expressions: Iterable[str], *, must_exist: bool = True
) -> list[str]:
    """The modules a list of expressions names, sorted; unknown plain names are option errors."""
    found: set[str] = set()
    for expression in expressions:
        if has_wildcard(expression):
            matches = graph.grimp.find_matching_modules(expression)
            found.update(matches)
            continue
        if must_exist and not graph.has(expression):
            raise ContractOptionError(key, f"module {expression!r} does not exist")
        found.add(expression)
    return sorted(found)


@frozen
class IgnoreOutcome:
    """What removing a contract's ``ignore_imports`` did."""

    removed: int
    unmatched: tuple[str, ...]


def remove_ignored(graph: ContractGraph, spec: ContractSpec) -> IgnoreOutcome:
    """Drop the imports ``ignore_imports`` names from the contract's private graph copy."""
    to_remove: set[tuple[str, str]] = set()
    unmatched: list[str] = []
    for expression in spec.get("ignore_imports", []):
        matches = _matching_imports(graph, expression)
        if matches:
            to_remove.update(matches)
        elif expression not in unmatched:
            unmatched.append(expression)
    for importer, imported in sorted(to_remove):
        graph.grimp.remove_import(importer=importer, imported=imported)
    return IgnoreOutcome(len(to_remove), tuple(unmatched))


def _matching_imports(graph: ContractGraph, expression: str) -> set[tuple[str, str]]:
    try:
        matches = graph.grimp.find_matching_direct_imports(import_expression=expression)
    except ValueError as exc:  # grimp rejects malformed expressions
        raise ContractOptionError("ignore_imports", f"{expression!r}: {exc}") from exc
    return {(m["importer"], m["imported"]) for m in matches}
