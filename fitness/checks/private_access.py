"""``private-access``: imports of ``_private`` names or modules from outside their package.

What it does:
    Reports an import whose module path or imported name has a part starting with ``_`` (not
    a ``__dunder__``) when the importer sits outside the package that owns it: the package of
    a ``_module``, or the package of the module a ``_name`` is taken from. Tests may reach in.

Why is this bad?
    A leading underscore says "not part of the interface". Code that reaches past it depends on
    details the owner may change at any time, so the interface is not the clean, stable one it
    claims to be.

Example:
    ``from shop.billing._tax import _round_cents`` in ``shop/orders.py``.

Use instead:
    Export what others need from ``shop.billing`` without an underscore, or keep the user
    inside ``shop.billing``.

Options:
    ``include_external`` (bool, default true): report private imports from third-party and
    standard-library packages too (top-level ``_modules`` such as ``_thread`` aside).
    ``include_type_checking`` (bool, default false): report ``TYPE_CHECKING``-only imports
    (private type aliases shared for annotations) too.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from analyzer.facts import Facts, ImportKind, RawImport
from fitness.checks.base import Hit, Param
from fitness.checks.files import is_private, outlined_modules


class PrivateAccessCheck:
    """Flags imports of private names or modules across package boundaries."""

    id = "private-access"
    scope = "file"  # its hits in a file come from that file's facts alone
    params_schema: Mapping[str, Param] = {
        "include_external": Param(bool, True, "report private imports from other packages"),
        "include_type_checking": Param(bool, False, "report TYPE_CHECKING-only imports"),
    }

    def run(self, facts: Facts, params: Mapping[str, Any]) -> list[Hit]:
        """One hit per private name imported from outside its owner, on the import's line."""
        packages = {f.module for f in facts.layout.files if f.is_package and f.module}
        internal = set(facts.modules)
        external = params["include_external"]
        type_only = params["include_type_checking"]
        hits = []
        for module, parsed, _ in outlined_modules(facts):
            for item in parsed.imports:
                if item.kind is ImportKind.TYPE_ONLY and not type_only:
                    continue
                owner = private_owner(item, packages)
                if owner is None or module == owner or module.startswith(owner + "."):
                    continue
                if not external and item.module.split(".")[0] not in _roots(internal):
                    continue
                hits.append(_hit(module, parsed.source.path, item, owner))
        return hits


def private_owner(item: RawImport, packages: set[str]) -> str | None:
    """The package a private import belongs to, or None when nothing in it is private."""
    # A private part starts with "_": most imports have none, and are not split.
    if item.module.startswith("_") or "._" in item.module:
        parts = item.module.split(".")
        for i, part in enumerate(parts):
            if is_private(part):
                return ".".join(parts[:i]) or None  # a top-level _module: no package owns it
    if item.name and item.name != "*" and is_private(item.name):
        return (
            item.module
            if item.module in packages
            else item.module.rpartition(".")[0] or item.module
        )
    return None


def _roots(modules: set[str]) -> set[str]:
    return {m.split(".")[0] for m in modules}


def _hit(module: str, path: str, item: RawImport, owner: str) -> Hit:
    target = f"{item.module}.{item.name}" if item.name else item.module
    message = f"{module} imports {target}, private to {owner}"
    return Hit(f"{module} -> {item.module}", message, path, item.line, item.column, target)
