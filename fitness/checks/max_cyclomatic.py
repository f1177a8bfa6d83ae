"""``max-cyclomatic``: a function, method or closure whose cyclomatic complexity is too high.

What it does:
    Reads each function's cyclomatic complexity (radon's, measured by ``analyzer.metrics``)
    and reports those above ``threshold``.

Why is this bad?
    Every decision point is a path a reader must follow and a test must cover; past ten or so
    a function stops fitting in one head, and its bugs hide in the paths nobody tested.

Example:
    ``def price(order): if ...: ... elif ...: ... for ...: if ... and ...: ...`` (complexity 14)

Use instead:
    Extract the branches into named helpers, replace conditionals with a lookup table or
    polymorphism, and return early.

Options:
    ``threshold`` (int, default 10): the highest complexity a function may have.
    ``include_tests`` (bool, default false): judge test code too (radon counts every
    ``assert`` as a decision, so test functions score high for being thorough): the same as
    adding ``tests`` to the rule's ``roles`` (the engine applies both, ``role_params``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from analyzer.facts import Facts, FunctionMetrics, ParsedFile
from analyzer.roles import Role
from fitness.checks.base import Hit, Param


class MaxCyclomaticCheck:
    """Flags functions above the cyclomatic complexity threshold."""

    id = "max-cyclomatic"
    scope = "file"  # its hits in a file come from that file's facts alone
    params_schema: Mapping[str, Param] = {
        "threshold": Param(int, 10, "the highest cyclomatic complexity a function may have"),
        "include_tests": Param(bool, False, "judge test code too"),
    }
    role_params: Mapping[str, Role] = {"include_tests": Role.TESTS}  # true adds the role

    def run(self, facts: Facts, params: Mapping[str, Any]) -> list[Hit]:
        """One hit per function over the threshold, on its ``def`` line."""
        threshold = int(params["threshold"])
        hits = []
        for parsed in facts.parsed:
            if parsed.metrics is None:
                continue
            owner = parsed.source.module or parsed.source.path
            for function in parsed.metrics.functions:
                if function.complexity > threshold:
                    hits.append(_hit(f"{owner}.{function.qualname}", function, threshold, parsed))
        return hits


def _hit(subject: str, function: FunctionMetrics, threshold: int, parsed: ParsedFile) -> Hit:
    message = f"{subject} has cyclomatic complexity {function.complexity} (threshold {threshold})"
    return Hit(subject, message, parsed.source.path, function.line)
