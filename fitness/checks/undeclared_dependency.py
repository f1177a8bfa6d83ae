"""``undeclared-dependency``: a third-party import whose distribution the target does not declare.

What it does:
    Maps every third-party import to its distribution (``yaml`` -> PyYAML, ``PIL`` -> Pillow,
    ``sklearn`` -> scikit-learn, ...: a shipped table, the target's own ``*.dist-info``
    metadata and the ``mapping`` parameter) and reports, per importing module and import name:
    a distribution declared nowhere (pyproject's ``[project.dependencies]``, extras,
    dependency groups, Poetry), saying so when it is only installed through a declared one
    (the lock file or the shipped table knows); and a dev-only distribution (a dependency
    group or a dev extra) imported by library code. Tests, docs, examples and scripts may
    import any declared distribution. A target that declares nothing is not judged.

Why is this bad?
    Dependencies must be explicit: an import that works only because something else happens
    to install it breaks the day that other thing drops it, and a dev-only dependency imported
    by the library breaks every user's install.

Example:
    ``import yaml`` in ``shop/config.py`` while pyproject.toml lists only ``requests``.

Use instead:
    Declare it: ``dependencies = ["requests", "PyYAML>=6"]`` (or move the import to test code).

Options:
    ``mapping`` (table): import name = distribution, for names archfit cannot map.
    ``dev_extras`` (list): extras whose distributions are dev-only (dev, test, docs, ...).
    ``ignore`` (list): distributions or import names never reported.
    ``include_type_checking`` (bool, default false), ``include_lazy`` (bool, default false):
    also judge imports under ``TYPE_CHECKING``, and imports inside functions or through
    ``import_module("x")`` (optional features such as database drivers usually are).
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
    Use,
    ignored,
    installed_through,
    is_dev_only,
    judged,
    usage,
)


class UndeclaredDependencyCheck:
    """Flags third-party imports of undeclared (or dev-only) distributions."""

    id = "undeclared-dependency"
    params_schema: Mapping[str, Param] = SHARED_PARAMS

    def run(self, facts: Facts, params: Mapping[str, Any]) -> list[Hit]:
        """One hit per (importing module, import name), at its first import."""
        found = usage(facts, params)
        if not found.manifest.found:
            return []
        declared = found.declared()
        dev_extras = list(params.get("dev_extras") or DEV_EXTRAS)
        skip = ignored(params)
        hits: dict[tuple[str, str], Hit] = {}
        for use in found.uses:
            key = (use.importer, use.name)
            if key in hits or use.distribution in skip or normalize(use.name) in skip:
                continue
            if not judged(use, params):
                continue
            message = _problem(use, declared.get(use.distribution, []), dev_extras, found)
            if message:
                subject = f"{use.importer} -> {use.name}"
                hits[key] = Hit(subject, message, use.path, use.line, target=use.distribution)
        return list(hits.values())


def _problem(use: Use, requirements: list[Requirement], dev_extras: list[str], found: Any) -> str:
    what = f"{use.importer} imports {use.name} (distribution {use.distribution})"
    if not requirements:
        through = installed_through(use.distribution, list(found.declared()), found.manifest)
        note = f"; it is only installed through {', '.join(through)}" if through else ""
        return f"{what}, which the project does not declare{note}"
    if not use.dev_code and is_dev_only(requirements, dev_extras):
        groups = ", ".join(sorted({r.group for r in requirements}))
        return f"{what}, which is only a dev dependency ({groups}), from library code"
    return ""
