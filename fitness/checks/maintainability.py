"""``maintainability``: a module whose maintainability index is too low.

What it does:
    Reads each module's maintainability index (radon's ``mi_visit`` formula over Halstead
    volume, cyclomatic complexity, SLOC and comments; 0 to 100) and reports modules below
    ``threshold``. Modules below ``min_sloc`` source lines are never reported.

Why is this bad?
    A low index means long, branchy, dense code: each change costs more to understand, and the
    cost is paid on every visit.

Example:
    ``billing/rules.py``: 1,200 lines of nested conditionals, MI 4.

Use instead:
    Split the module along its purposes and simplify its most complex functions (``archfit
    metrics --sort complexity`` lists them).

Options:
    ``threshold`` (number, default 10): the lowest index a module may have (radon's rank C
    starts below 10).
    ``min_sloc`` (int, default 50): smaller modules are never reported.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from analyzer.facts import Facts
from fitness.checks.base import Hit, Param


class MaintainabilityCheck:
    """Flags modules whose maintainability index is below the threshold."""

    id = "maintainability"
    scope = "file"  # its hits in a file come from that file's facts alone
    params_schema: Mapping[str, Param] = {
        "threshold": Param(float, 10, "the lowest maintainability index a module may have"),
        "min_sloc": Param(int, 50, "modules with fewer source lines are never reported"),
    }

    def run(self, facts: Facts, params: Mapping[str, Any]) -> list[Hit]:
        """One hit per module under the threshold, on its first line."""
        threshold = float(params["threshold"])
        min_sloc = int(params["min_sloc"])
        hits = []
        for parsed in facts.parsed:
            metrics = parsed.metrics
            if metrics is None or not metrics.complete or metrics.raw.sloc < min_sloc:
                continue
            if metrics.maintainability < threshold:
                subject = parsed.source.module or parsed.source.path
                message = (
                    f"{subject} has maintainability index {metrics.maintainability:.1f} "
                    f"(threshold {threshold:g})"
                )
                hits.append(Hit(subject, message, parsed.source.path, 1))
        return hits
