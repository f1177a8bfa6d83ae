"""``transitive-dependency``: an import of a distribution only installed through another one.

What it does:
    Reports an import whose distribution is not declared but is installed because a declared
    distribution requires it: the target's lock file (``uv.lock``, ``poetry.lock``,
    ``pdm.lock``) or archfit's shipped table says so (deptry's DEP003).

Why is this bad?
    It works until the declared distribution drops or changes that requirement; then the
    import breaks with no change in the project.

Example:
    ``import urllib3`` while only ``requests`` (which installs urllib3) is declared.

Use instead:
    Declare the distribution you import: ``dependencies = ["requests", "urllib3>=2"]``.

Options:
    As ``undeclared-dependency``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from analyzer.facts import Facts
from fitness.checks.base import Hit, Param
from fitness.checks.dependencies import SHARED_PARAMS, USAGE_NARROWED, import_hits


class TransitiveDependencyCheck:
    """Flags imports of distributions installed only through a declared one."""

    id = "transitive-dependency"
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
            "transitive",
            lambda _, through: f"which is not declared; it is only installed through {through}",
        )
