"""``module-size``: a module longer than a reader can hold in mind.

What it does:
    Counts each module's source lines of code (SLOC: neither blank lines nor comments nor
    docstrings, radon's ``sloc``) and reports the modules above ``max_sloc``.

Why is this bad?
    A long module rarely has one purpose; it is read, reviewed and tested as one unit, so its
    size is the size of every change's context.

Example:
    ``shop/views.py`` with 1,400 lines of views, forms, helpers and serializers.

Use instead:
    Split it along its purposes: ``shop/views/``, ``shop/forms.py``, ``shop/serializers.py``.

Options:
    ``max_sloc`` (int, default 600): the largest SLOC a module may have.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from analyzer.facts import Facts
from fitness.checks.base import Hit, Param
from fitness.checks.files import outlined_modules


class ModuleSizeCheck:
    """Flags modules whose SLOC exceed ``max_sloc``."""

    id = "module-size"
    scope = "file"  # its hits in a file come from that file's facts alone
    params_schema: Mapping[str, Param] = {
        "max_sloc": Param(int, 600, "the most source lines a module may have"),
    }

    def run(self, facts: Facts, params: Mapping[str, Any]) -> list[Hit]:
        """One hit per module over the limit, on its first line."""
        limit = int(params["max_sloc"])
        hits = []
        for module, parsed, _ in outlined_modules(facts):
            sloc = parsed.metrics.raw.sloc if parsed.metrics else 0
            if sloc > limit:
                message = f"{module} has {sloc} source lines (limit {limit})"
                hits.append(Hit(module, message, parsed.source.path, 1))
        return hits
