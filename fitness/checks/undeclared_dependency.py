"""``undeclared-dependency``: an import whose distribution its distribution does not declare.

What it does:
    Maps every third-party import to its distribution (``yaml`` -> PyYAML, ``PIL`` -> Pillow,
    ``sklearn`` -> scikit-learn, ...: a shipped table, the target's own ``*.dist-info``
    metadata and the ``mapping`` parameter) and reports, per importing module and import name,
    a distribution that the importer's distribution (the nearest folder with packaging
    metadata) declares nowhere and that no declared one installs (that is
    ``transitive-dependency``). An import of a workspace member analysed beside it needs the
    member declared too. A distribution whose declarations could not be read is not judged
    (``no-dependency-declarations`` says so).

Why is this bad?
    An import nothing declares works only on the machine where someone installed it by hand.

Example:
    ``import yaml`` in ``shop/config.py`` while pyproject.toml lists only ``requests``.

Use instead:
    Declare it: ``dependencies = ["requests", "PyYAML>=6"]`` (or move the import to test code).

Options:
    ``mapping`` (table): import name = distribution, for names archfit cannot map.
    ``dev_extras`` (list): extras whose distributions are dev-only (dev, test, docs, ...).
    ``ignore`` (list): distributions or import names never reported.
    ``include_type_checking``, ``include_lazy`` (bool, default false): also judge imports under
    ``TYPE_CHECKING``, and imports inside functions or through ``import_module("x")``.
    ``requirements_files``, ``requirements_files_dev`` (lists): as deptry's options.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from analyzer.facts import Facts
from fitness.checks.base import Hit, Param
from fitness.checks.dependencies import SHARED_PARAMS, USAGE_NARROWED, import_hits


class UndeclaredDependencyCheck:
    """Flags imports of distributions nothing declares or installs."""

    id = "undeclared-dependency"
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
            "missing",
            lambda use, _: f"which {use.home or 'the project'} does not declare",
        )
