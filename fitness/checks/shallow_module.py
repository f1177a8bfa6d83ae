"""``shallow-module``: a module whose interface is as big as its implementation.

What it does:
    Measures a module's interface (its public top-level functions and the public methods of
    its public classes, plus their parameters: what a caller must learn) against its
    implementation (the statements in its bodies). Reports library modules with at least
    ``min_public`` public callables whose implementation is at most ``ratio`` times the
    interface.

Why is this bad?
    A deep module hides a lot behind a little (John Ousterhout); a shallow one makes every
    caller learn as much as it would take to write the code, and adds a layer without value.

Example:
    ``helpers.py`` with twelve public one-line functions, each wrapping one call.

Use instead:
    Merge the functions into the modules that use them, or give the module fewer, deeper
    entry points that hide real decisions.

Options:
    ``min_public`` (int, default 8), ``ratio`` (number, default 1.0).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from analyzer.facts import Facts
from fitness.checks.base import Hit, Param
from fitness.checks.structures import structures


class ShallowModuleCheck:
    """Flags modules whose implementation is no bigger than their interface."""

    id = "shallow-module"
    scope = "file"  # its hits in a file come from that file's facts alone
    params_schema: Mapping[str, Param] = {
        "min_public": Param(int, 8, "modules with fewer public callables are not reported"),
        "ratio": Param(float, 1.0, "largest implementation / interface ratio reported"),
    }

    def run(self, facts: Facts, params: Mapping[str, Any]) -> list[Hit]:
        """One hit per shallow module, on its first line."""
        min_public = int(params["min_public"])
        ratio = float(params["ratio"])
        hits = []
        for module, parsed, structure in structures(facts):
            interface = structure.public_callables + structure.public_params
            if structure.public_callables < min_public or structure.statements > ratio * interface:
                continue
            message = (
                f"{module} is shallow: {structure.public_callables} public callables with "
                f"{structure.public_params} parameters hide {structure.statements} statements"
            )
            hits.append(Hit(module, message, parsed.source.path, 1))
        return hits
