"""``minimal-dependencies``: a module that imports too many others.

What it does:
    Counts the distinct modules each module imports (fan-out): the target's own modules and
    third-party packages; the standard library and ``TYPE_CHECKING``-only imports aside unless
    the options say otherwise. Reports the modules above ``max_fan_out``.

Why is this bad?
    Every import is a reason to change and a thing to set up in a test; a module that needs
    many others is rarely small or focused.

Example:
    ``shop/views.py`` importing 30 modules: models, forms, mail, payments, caching, pdf, ...

Use instead:
    Split the module by purpose, or pass collaborators in instead of importing them all.

Options:
    ``max_fan_out`` (int, default 25): the most distinct modules a module may import.
    ``include_stdlib`` (bool, default false): count standard-library modules too.
    ``include_type_checking`` (bool, default false): count ``TYPE_CHECKING``-only imports.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from analyzer.facts import Facts, ImportEdge, ImportKind
from fitness.checks.base import Hit, Param
from fitness.checks.view_values import Viewed, viewed_of


class MinimalDependenciesCheck:
    """Flags modules whose fan-out exceeds ``max_fan_out``."""

    id = "minimal-dependencies"
    params_schema: Mapping[str, Param] = {
        "max_fan_out": Param(int, 25, "the most distinct modules a module may import"),
        "include_stdlib": Param(bool, False, "count standard-library modules too"),
        "include_type_checking": Param(bool, False, "count TYPE_CHECKING-only imports"),
    }

    def inputs(self, params: Mapping[str, Any]) -> tuple[str, ...]:
        """The views of each file's facts its hits follow from (``fitness.engine.parts``):
        which modules were outlined and their edges: the modules each imports beyond the
        standard library, with the first line by each kind (``fan_out``: what it counts and
        where it reports), unless the standard library counts (``include_stdlib``), then
        every edge."""
        return ("outlined", "edges" if params["include_stdlib"] else "fan_out")

    def run(self, facts: Facts, params: Mapping[str, Any]) -> list[Hit]:
        """One hit per module over the limit, on its first counted import."""
        return self.run_views(viewed_of(facts, self.inputs(params)), params)

    def run_views(self, viewed: Viewed, params: Mapping[str, Any]) -> list[Hit]:
        """``run`` on the ``outlined`` view of every file and the edges."""
        limit = int(params["max_fan_out"])
        imported = imports_by_module(viewed.edges, params)
        hits = []
        for source, outlined in zip(viewed.sources, viewed.column("outlined"), strict=True):
            module = source.module
            if module is None or not outlined:
                continue
            edges = imported.get(module, [])
            targets = sorted({e.imported for e in edges})
            if len(targets) > limit:
                message = f"{module} imports {len(targets)} modules (limit {limit})"
                line = min(e.line for e in edges)
                hits.append(Hit(module, message, source.path, line))
        return hits


def imports_by_module(
    edges: Iterable[ImportEdge], params: Mapping[str, Any]
) -> dict[str, list[ImportEdge]]:
    """The counted import edges of each importer."""
    stdlib = not params["include_stdlib"]
    type_only = not params["include_type_checking"]
    found: dict[str, list[ImportEdge]] = defaultdict(list)
    for edge in edges:
        if type_only and edge.kind is ImportKind.TYPE_ONLY:
            continue
        if stdlib and edge.external and edge.imported.split(".")[0] in sys.stdlib_module_names:
            continue
        if edge.importer != edge.imported:
            found[edge.importer].append(edge)
    return found
