"""``main-sequence-distance``: a package far from the main sequence (Robert C. Martin).

What it does:
    For each package with at least ``min_modules`` modules and ``min_coupling`` couplings
    (Ca + Ce), computes D = |A + I - 1| (abstractness A, instability I = Ce / (Ca + Ce)) and
    reports those with D above ``threshold``: concrete packages many others depend on (the
    zone of pain, A = 0, I = 0) and abstract packages nobody depends on (the zone of
    uselessness, A = 1, I = 1).

Why is this bad?
    A stable package should be abstract, so it can be extended without being changed; a
    concrete package everything leans on makes every change to it expensive.

Example:
    ``shop.core`` (A 0.0, I 0.1, D 0.9): twenty modules import it, it has no abstractions.

Use instead:
    Put the stable part behind Protocols / ABCs the others depend on, or move the volatile
    code out of the stable package.

Options:
    ``threshold`` (number, default 0.8), ``min_modules`` (int, default 3),
    ``min_coupling`` (int, default 10).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from analyzer.facts import Facts, Layout
from analyzer.metrics.coupling import PackageCoupling
from fitness.checks.base import Hit, Narrowing, Param, always
from fitness.checks.coupling_view import coupling_updates, first_path, packages_of
from fitness.checks.view_values import Viewed, viewed_of

_READS = ("package_crossings", "classes")


class MainSequenceDistanceCheck:
    """Flags packages whose distance from the main sequence exceeds the threshold."""

    id = "main-sequence-distance"
    params_schema: Mapping[str, Param] = {
        "threshold": Param(float, 0.8, "the largest distance D a package may have"),
        "min_modules": Param(int, 3, "packages with fewer modules are never reported"),
        "min_coupling": Param(int, 10, "packages with fewer couplings (Ca + Ce) are skipped"),
    }
    # After an edit, the couplings follow the change (``coupling_view.updated``): each
    # package's moved by the edited modules' imports before and after it. The narrower views
    # are the inputs themselves; "witnessed" with hits that name no pair (no chains) adds
    # nothing to them, and is how the engine keeps the couplings' state (ADR-0020).
    narrowed = Narrowing(
        _READS,
        always,
        witnessed=True,
        updates=coupling_updates(lambda c, f, p: _hits(c.packages, f.layout, p)),
    )

    def inputs(self, params: Mapping[str, Any]) -> tuple[str, ...]:
        """The views of each file's facts its hits follow from (``fitness.engine.parts``):
        the modules each imports of the project's own in another set of packages than its
        own (``package_crossings``: what the couplings count) and the class counts
        (abstractness)."""
        return _READS

    def run(self, facts: Facts, params: Mapping[str, Any]) -> list[Hit]:
        """One hit per package too far from the main sequence, on its ``__init__``."""
        return self.run_views(viewed_of(facts, self.inputs(params)), params)

    def run_views(self, viewed: Viewed, params: Mapping[str, Any]) -> list[Hit]:
        """``run`` on the ``classes`` view of every file and the edges."""
        return _hits(packages_of(viewed), viewed.layout, params)


def _hits(
    packages: Sequence[PackageCoupling], layout: Layout, params: Mapping[str, Any]
) -> list[Hit]:
    """One hit per package too far from the main sequence, in the packages' order."""
    threshold = float(params["threshold"])
    min_modules = int(params["min_modules"])
    min_coupling = int(params["min_coupling"])
    hits = []
    for package in packages:
        if package.modules < min_modules or package.ca + package.ce < min_coupling:
            continue
        if package.distance > threshold:
            zone = "pain" if package.instability + package.abstractness < 1 else "uselessness"
            message = (
                f"{package.name} is {package.distance:.2f} from the main sequence (zone of "
                f"{zone}: A {package.abstractness:.2f}, I {package.instability:.2f}, "
                f"Ca {package.ca}, Ce {package.ce}; threshold {threshold:g})"
            )
            hits.append(Hit(package.name, message, first_path(layout, package.name), 1))
    return hits
