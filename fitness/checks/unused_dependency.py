"""``unused-dependency``: a declared distribution that no analysed module imports.

What it does:
    Reports each distribution in ``[project.dependencies]`` and the extras (not dependency
    groups or dev extras, which hold tools such as pytest or ruff) that no analysed module
    imports (any import counts, lazy and type-only ones too), import names mapped as
    ``undeclared-dependency`` maps them. Type stubs (``types-*``, ``*-stubs``) and data
    distributions (``tzdata``) are never reported.

Why is this bad?
    Every declared dependency is installed, audited and upgraded by every user; one nothing
    imports is pure cost, and it hides which dependencies really matter.

Example:
    ``dependencies = ["requests", "PyYAML"]`` and no module imports ``yaml``.

Use instead:
    Remove it; if it is needed without an import (a plugin, a driver loaded by name), list it
    in this rule's ``ignore`` parameter.

Options:
    ``mapping``, ``dev_extras``: as for ``undeclared-dependency``.
    ``ignore`` (list): distributions never reported.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from analyzer.manifest import Requirement, normalize
from analyzer.project import Facts
from fitness.checks.base import Hit, Param
from fitness.checks.dependencies import (
    DEV_EXTRAS,
    SHARED_PARAMS,
    ignored,
    is_dev_only,
    never_imported,
    usage,
)


class UnusedDependencyCheck:
    """Flags declared runtime distributions that nothing imports."""

    id = "unused-dependency"
    params_schema: Mapping[str, Param] = SHARED_PARAMS

    def run(self, facts: Facts, params: Mapping[str, Any]) -> list[Hit]:
        """One hit per unused distribution, on the line that declares it."""
        found = usage(facts, params)
        if not found.manifest.found:
            return []
        used = {use.distribution for use in found.uses}
        dev_extras = list(params.get("dev_extras") or DEV_EXTRAS)
        skip = used | ignored(params) | {normalize(p) for p in facts.layout.root_packages}
        return [
            _hit(name, requirements)
            for name, requirements in sorted(found.declared().items())
            if name not in skip
            and not never_imported(name)
            and not is_dev_only(requirements, dev_extras)
        ]


def _hit(name: str, requirements: list[Requirement]) -> Hit:
    first = min(requirements, key=lambda r: (r.line, r.path))
    groups = sorted({r.group or "dependencies" for r in requirements})
    message = f"{name} is declared ({', '.join(groups)}) but no analysed module imports it"
    return Hit(name, message, first.path, first.line)
