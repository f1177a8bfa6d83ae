"""``explicit-dependencies``: star imports and dynamic imports that hide what a module uses.

What it does:
    Reports ``from x import *`` and ``importlib.import_module(...)`` / ``__import__(...)``
    calls (literal names and computed ones alike) in the target's modules.

Why is this bad?
    A star import hides which names a module takes and from where; a dynamic import hides the
    dependency from readers and from every tool, so the import graph is wrong about it.

Example:
    ``from shop.models import *`` or ``importlib.import_module(f"shop.backends.{name}")``.

Use instead:
    ``from shop.models import Order, Customer``; a registry of backends imported by name.

Options:
    ``allow_star_in_init`` (bool, default true): a package's ``__init__.py`` may re-export its
    submodules with ``from .x import *``.
    ``dynamic`` (bool, default true): report dynamic imports.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from analyzer.facts import BlindSpotKind, Facts, ImportKind, ParsedFile
from fitness.checks.base import Hit, Param
from fitness.checks.files import outlined_modules


class ExplicitDependenciesCheck:
    """Flags star imports and dynamic imports."""

    id = "explicit-dependencies"
    scope = "file"  # its hits in a file come from that file's facts alone
    params_schema: Mapping[str, Param] = {
        "allow_star_in_init": Param(bool, True, "__init__.py may re-export with import *"),
        "dynamic": Param(bool, True, "report dynamic imports"),
    }

    def run(self, facts: Facts, params: Mapping[str, Any]) -> list[Hit]:
        """One hit per star or dynamic import, on its line."""
        hits: list[Hit] = []
        for module, parsed, _ in outlined_modules(facts):
            allow = parsed.source.is_package and params["allow_star_in_init"]
            if not allow:
                hits += _stars(module, parsed)
            if params["dynamic"]:
                hits += _dynamic(module, parsed)
        return hits


def _stars(module: str, parsed: ParsedFile) -> Iterator[Hit]:
    for item in parsed.imports:
        if item.name == "*":
            message = f"{module}: `from {item.module} import *` hides the names it takes"
            yield Hit(
                module, message, parsed.source.path, item.line, item.column, f"*{item.module}"
            )


def _dynamic(module: str, parsed: ParsedFile) -> Iterator[Hit]:
    for item in parsed.imports:
        if item.kind is ImportKind.DYNAMIC:
            message = f"{module}: dynamic import of {item.module} hides the dependency"
            yield Hit(module, message, parsed.source.path, item.line, item.column, item.module)
    for spot in parsed.blind_spots:
        if spot.kind is BlindSpotKind.NON_LITERAL_DYNAMIC:
            message = f"{module}: computed dynamic import `{spot.detail}`"
            yield Hit(module, message, parsed.source.path, spot.line, 1, spot.detail)
