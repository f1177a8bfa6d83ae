"""``no-dependency-declarations``: a distribution whose dependencies could not be read.

What it does:
    Reports each distribution (the nearest folder with packaging metadata, else the project
    root) whose files import other distributions but where no declaration of its runtime
    dependencies could be read: no ``[project]`` or ``[tool.poetry]`` table, no
    ``install_requires``, no requirements file, or only values archfit cannot read statically
    (a ``setup.py`` that computes its list). The dependency rules cannot judge it.

Why is this bad?
    Silence would be a false green: the imports of that distribution are checked by nobody.

Example:
    ``import yaml`` in a project with neither pyproject ``[project]`` nor ``requirements.txt``.

Use instead:
    Declare the dependencies in a file archfit reads (``[project] dependencies``,
    ``requirements.txt``), or name yours with ``requirements_files``.

Options:
    As ``undeclared-dependency``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from analyzer.facts import Facts
from fitness.checks.base import Hit, Param
from fitness.checks.dependencies import SHARED_PARAMS, USAGE_NARROWED, judged, usage


class NoDependencyDeclarationsCheck:
    """Flags distributions with imports to judge and no readable declarations."""

    id = "no-dependency-declarations"
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
        """One hit per such distribution, at its first import of another distribution."""
        found = usage(facts, params)
        hits = []
        for manifest in found.manifests:
            uses = [u for u in found.uses if u.home == manifest.folder and judged(u, params)]
            if manifest.found or not uses:
                continue
            where = manifest.folder or "the project root"
            blind = f" ({'; '.join(manifest.blind_spots)})" if manifest.blind_spots else ""
            message = (
                f"no dependency declarations found for {where}{blind}: "
                f"{len(uses)} imports of other distributions are not judged"
            )
            first = min(uses, key=lambda u: (u.dev_code, u.path, u.line))  # library first
            hits.append(Hit(manifest.folder or ".", message, first.path, first.line))
        return hits
