"""Views of a file's facts finer than its outline, each what one whole-tree check reads of it.

A check names them in ``Check.inputs``: the engine keeps the check's stored hits while the
view is unchanged in every file (``fitness.engine.parts``). An import added to a module
changes its outline (the names it imports, its statement count) but none of these, unless
the file is an entry point, a package that re-exports the name, or a test; the dependency
rules read the imports that may name another distribution (all but the standard library's).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from analyzer.facts import ParsedFile
from fitness.checks.dependencies import distribution_imports, foreign_imports
from fitness.checks.structures import class_shapes
from fitness.checks.view_values import entry_view, interface_view, testable_view

FINE_VIEWS: Mapping[str, Callable[[ParsedFile], object]] = {
    "distribution_imports": distribution_imports,
    "foreign_imports": foreign_imports,
    "entry": entry_view,
    "interface": interface_view,
    "testable": testable_view,
    "class_shapes": class_shapes,
}
