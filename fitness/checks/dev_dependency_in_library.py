"""``dev-dependency-in-library``: library code imports a dev-only distribution.

What it does:
    Reports an import, outside tests, docs, examples and scripts, of a distribution declared
    only as a dev dependency: a dependency group, a Poetry group, PDM's or uv's dev table, a
    dev requirements file, or an extra named in ``dev_extras`` (deptry's DEP004).

Why is this bad?
    Users install the library without its dev dependencies: the import fails for them.

Example:
    ``import pytest`` in ``shop/plugins.py`` while pytest is only in ``[dependency-groups] test``.

Use instead:
    Declare it as a runtime dependency, or move the import into test code.

Options:
    As ``undeclared-dependency``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from analyzer.facts import Facts
from fitness.checks.base import Hit, Param
from fitness.checks.dependencies import SHARED_PARAMS, USAGE_NARROWED, import_hits


class DevDependencyInLibraryCheck:
    """Flags library imports of dev-only distributions."""

    id = "dev-dependency-in-library"
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
        """One hit per (importing module, import name), at its first import."""
        return import_hits(
            facts,
            params,
            "dev",
            lambda _, groups: f"which is only a dev dependency ({groups}), from library code",
        )
