"""``package-budget``: a package that spends more complexity or code than its budget.

What it does:
    Sums the cyclomatic complexity and SLOC of every module in each package named in
    ``[tool.archfit.budgets]`` (``"chat.domain" = { complexity = 400, sloc = 6000 }``) and
    reports each metric over its budget; a budget naming no analysed package is reported too.

Why is this bad?
    Each abstraction layer must provide 10x value to justify its complexity cost: a budget
    makes that cost visible and makes growing it a decision rather than an accident.

Example:
    ``"chat.domain" = { complexity = 400 }`` while ``chat.domain`` sums to 455.

Use instead:
    Simplify or move code out of the package, or raise the budget deliberately (in review,
    ideally with an ADR saying why the extra complexity pays).

Options:
    ``budgets`` (table, default from ``[tool.archfit.budgets]``): package = { metric = limit },
    metrics ``complexity`` and ``sloc``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from analyzer.facts import Facts, ParsedFile
from fitness.checks.base import Hit, Param

_METRICS = ("complexity", "sloc")


class PackageBudgetCheck:
    """Flags packages over their configured complexity or SLOC budget."""

    id = "package-budget"
    params_schema: Mapping[str, Param] = {
        "budgets": Param(
            dict, {}, "package = { complexity = N, sloc = N } (config budgets)", setting="budgets"
        ),
    }

    def inputs(self, params: Mapping[str, Any]) -> tuple[str, ...]:
        """The views of each file's facts its hits follow from (``fitness.engine.parts``):
        every file's metrics."""
        return ("metrics",)

    def run(self, facts: Facts, params: Mapping[str, Any]) -> list[Hit]:
        """One hit per package and metric over budget, on the package's first file."""
        hits = []
        for package, limits in sorted(dict(params["budgets"]).items()):
            members = [p for p in facts.parsed if _inside(p, package) and p.metrics]
            if not members:
                path = min((p.source.path for p in facts.parsed), default="")
                hits.append(Hit(package, f"budget names {package!r}, no analysed package", path, 1))
            else:
                hits += _over(package, limits, members)
        return hits


def _over(package: str, limits: Mapping[str, int], members: list[ParsedFile]) -> list[Hit]:
    spent = _spent(members)
    first = min(members, key=lambda p: ((p.source.module or "").count("."), p.source.path))
    return [
        Hit(
            package,
            f"{package} spends {metric} {spent[metric]} (budget {limits[metric]})",
            first.source.path,
            1,
            target=metric,
        )
        for metric in _METRICS
        if metric in limits and spent[metric] > limits[metric]
    ]


def _inside(parsed: ParsedFile, package: str) -> bool:
    module = parsed.source.module or ""
    return module == package or module.startswith(f"{package}.")


def _spent(members: list[ParsedFile]) -> dict[str, int]:
    metrics = [p.metrics for p in members if p.metrics is not None]
    return {
        "complexity": sum(m.complexity for m in metrics),
        "sloc": sum(m.raw.sloc for m in metrics),
    }
