"""Interfaces and allow-lists read from today's code (as ``tach sync`` writes them), for
``archfit init --interfaces`` and ``--allow-list``: each contract is what the code already
does, so it is kept on day one and fails only on what changes."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from analyzer.facts import ImportEdge


def units_of(root_package: str, modules: Iterable[str]) -> list[str]:
    """The top-level children of ``root_package``: the modules an allow-list is written for."""
    prefix = f"{root_package}."
    return sorted(
        {prefix + m[len(prefix) :].split(".")[0] for m in modules if m.startswith(prefix)}
    )


def _unit(name: str, units: Sequence[str]) -> str | None:
    return next((u for u in units if name == u or name.startswith(u + ".")), None)


def allow_lists(
    root_package: str, modules: Sequence[str], edges: Iterable[ImportEdge]
) -> list[dict[str, Any]]:
    """One ``allowed`` contract per child of ``root_package``, listing the children it imports
    today (directly, every kind of import)."""
    units = units_of(root_package, modules)
    imports: dict[str, set[str]] = {u: set() for u in units}
    for edge in edges:
        if edge.external:
            continue
        source, target = _unit(edge.importer, units), _unit(edge.imported, units)
        if source and target and source != target:
            imports[source].add(target)
    return [
        {
            "id": f"{unit}-allowed",
            "name": f"{unit} imports only what it imported at archfit init",
            "type": "allowed",
            "source_modules": [unit],
            "allowed_modules": sorted(imports[unit]),
            "units": [f"{root_package}.*"],
        }
        for unit in units
    ]


def interfaces(
    root_package: str, packages: Iterable[str], edges: Iterable[ImportEdge]
) -> list[dict[str, Any]]:
    """One ``interface`` contract per child package of ``root_package`` that outside modules
    import from, exposing exactly the member paths they take today."""
    children = [p for p in sorted(packages) if p.count(".") == root_package.count(".") + 1]
    children = [p for p in children if p.startswith(root_package + ".")]
    taken: dict[str, set[str]] = {p: set() for p in children}
    for edge in edges:
        path = edge.member or edge.imported
        package = _unit(path, children)
        if edge.external or package is None or _unit(edge.importer, [package]):
            continue
        member = path[len(package) + 1 :]
        if member:
            taken[package].add(member)
    return [
        {
            "id": f"{package}-interface",
            "name": f"{package} is used through what was imported from it at archfit init",
            "type": "interface",
            "modules": [package],
            "expose": [re.escape(m) for m in sorted(members)],
        }
        for package, members in sorted(taken.items())
        if members
    ]


def users(package: str, edges: Iterable[ImportEdge]) -> dict[str, set[str]]:
    """Member path below ``package`` -> the outside modules that import it (the report's
    interface section)."""
    found: dict[str, set[str]] = {}
    for edge in edges:
        path = edge.member or edge.imported
        inside = edge.importer == package or edge.importer.startswith(package + ".")
        if edge.external or inside or not path.startswith(package + "."):
            continue
        found.setdefault(path[len(package) + 1 :], set()).add(edge.importer)
    return found
