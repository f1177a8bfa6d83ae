"""``stdlib-declared``: a declared dependency named like a standard-library module.

What it does:
    Reports a requirement (runtime, extra or dev) whose name is a module of the standard
    library of every Python archfit supports (``argparse``, ``typing``, ``asyncio``), as
    deptry's DEP005 does.

Why is this bad?
    The import resolves to the standard library, never to the distribution: the declaration
    installs an old backport (or nothing useful) and misleads the reader.

Example:
    ``dependencies = ["argparse"]``.

Use instead:
    Remove the declaration; the standard library provides the module.

Options:
    ``ignore`` (list): distributions never reported; the others as ``undeclared-dependency``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from analyzer.facts import Facts
from fitness.checks.base import Hit, Param
from fitness.checks.dependencies import SHARED_PARAMS, USAGE_NARROWED, ignored, is_stdlib, usage


class StdlibDeclaredCheck:
    """Flags declared distributions that are standard-library modules."""

    id = "stdlib-declared"
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
        """One hit per such distribution of each distribution, where it is first declared."""
        hits = []
        skip = ignored(params)
        for manifest in usage(facts, params).manifests:
            names = sorted({r.name for r in manifest.requirements if r.name not in skip})
            for name in filter(is_stdlib, names):
                first = min(
                    (r for r in manifest.requirements if r.name == name), key=lambda r: r.line
                )
                message = f"{name} is declared as a dependency but is part of the standard library"
                hits.append(Hit(name, message, first.path, first.line))
        return hits
