"""``unused-dependency``: a declared distribution that no analysed file of its distribution imports.

What it does:
    Reports each runtime requirement and (non-dev) extra of a distribution that no analysed
    file of that distribution imports (any import counts, lazy and type-only ones too), import
    names mapped as ``undeclared-dependency`` maps them. Dev-only declarations (groups, dev
    extras, dev requirements files) hold tools such as pytest or ruff and are not reported;
    neither are type stubs (``types-*``, ``*-stubs``), data or command-only distributions
    (``tzdata``, ``gunicorn``), a standard-library name (``stdlib-declared``), nor a
    distribution whose runtime declarations could not be read.

Why is this bad?
    Every declared dependency is installed, audited and upgraded by every user; one nothing
    imports is pure cost, and it hides which dependencies really matter.

Example:
    ``dependencies = ["requests", "PyYAML"]`` and no module imports ``yaml``.

Use instead:
    Remove it; if it is needed without an import (a plugin, a driver loaded by name), list it
    in this rule's ``ignore`` parameter.

Options:
    ``mapping``, ``dev_extras``, ``requirements_files``: as for ``undeclared-dependency``.
    ``ignore`` (list): distributions never reported.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from analyzer.facts import Facts
from analyzer.manifest import Requirement, normalize
from fitness.checks.base import Hit, Param
from fitness.checks.dependencies import (
    SHARED_PARAMS,
    USAGE_NARROWED,
    dev_extras,
    ignored,
    is_dev_only,
    is_stdlib,
    never_imported,
    usage,
)


class UnusedDependencyCheck:
    """Flags declared runtime distributions that nothing imports."""

    id = "unused-dependency"
    params_schema: Mapping[str, Param] = SHARED_PARAMS
    reads_declarations = True  # the summary names what it read (engine.dependency_sources)
    narrowed = USAGE_NARROWED  # an import of its own code added keeps its part

    def inputs(self, params: Mapping[str, Any]) -> tuple[str, ...]:
        """The views of each file's facts its hits follow from (``fitness.engine.parts``):
        the usage of other distributions (``dependencies.usage``) reads the modules'
        imports beyond the standard library, the framework strings, and declarations,
        locks and scripts on disk."""
        return ("distribution_imports", "strings", "declarations")

    def run(self, facts: Facts, params: Mapping[str, Any]) -> list[Hit]:
        """One hit per unused distribution of each distribution, on the line that declares it."""
        found = usage(facts, params)
        extras = dev_extras(params)
        own = {normalize(p) for p in facts.layout.root_packages}
        hits = []
        for manifest in found.manifests:
            if not manifest.found:
                continue
            used = {u.distribution for u in found.uses if u.home == manifest.folder}
            skip = used | ignored(params) | own | {manifest.name}
            for name, requirements in sorted(found.declared(manifest.folder).items()):
                if name in skip or never_imported(name) or is_stdlib(name):
                    continue
                if not is_dev_only(requirements, extras):
                    hits.append(_hit(name, requirements))
        return hits


def _hit(name: str, requirements: list[Requirement]) -> Hit:
    first = min(requirements, key=lambda r: (r.line, r.path))
    groups = sorted({r.group or "dependencies" for r in requirements})
    message = f"{name} is declared ({', '.join(groups)}) but no analysed module imports it"
    return Hit(name, message, first.path, first.line)
