"""``inheritance-depth``: a class too many levels down an inheritance chain.

What it does:
    Computes each class's depth of inheritance: 1 plus the deepest of its bases, where a base
    among the analysed modules counts its own depth and any other base (``Exception``, a
    third-party class) counts 1. Reports library classes deeper than ``max_depth``.

Why is this bad?
    To understand a deep class a reader climbs every level; behaviour is spread over many
    files, and a change to any ancestor ripples down to every descendant.

Example:
    ``AdminOrderView(StaffOrderView(OrderView(BaseView(View))))``: depth 5.

Use instead:
    Flatten the hierarchy: compose helpers instead of inheriting them, and keep inheritance
    for real is-a relations.

Options:
    ``max_depth`` (int, default 7): the deepest a class may be.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from analyzer.facts import Facts
from fitness.checks.base import Hit, Narrowing, Param, always
from fitness.checks.structures import ALIAS_LOOKUPS, ClassIndex, class_index


class InheritanceDepthCheck:
    """Flags classes deeper than ``max_depth`` in their inheritance chain."""

    id = "inheritance-depth"
    params_schema: Mapping[str, Param] = {
        "max_depth": Param(int, 7, "the deepest inheritance a class may have"),
    }

    # The hits follow from the classes alone (``class_shapes``) and the answers of the alias
    # lookups resolving their bases made: a name bound that no lookup asked about keeps them.
    narrowed = Narrowing(("class_shapes",), always, lookups=ALIAS_LOOKUPS)

    def inputs(self, params: Mapping[str, Any]) -> tuple[str, ...]:
        """The views of each file's facts its hits follow from (``fitness.engine.parts``):
        the classes and the names that may resolve their bases (``class_structure``)."""
        return ("class_structure",)

    def run(self, facts: Facts, params: Mapping[str, Any]) -> list[Hit]:
        """One hit per class too deep, on its ``class`` line."""
        limit = int(params["max_depth"])
        index = class_index(facts)
        depths: dict[str, int] = {}
        hits = []
        for name, entry in sorted(index.classes.items()):
            depth = _depth(name, index, depths)
            if depth > limit and not entry.test:
                message = f"{name} is {depth} levels deep in its inheritance (limit {limit})"
                hits.append(Hit(name, message, entry.path, entry.shape.line))
        return hits


def _depth(start: str, index: ClassIndex, depths: dict[str, int]) -> int:
    """Depth of ``start``, computed iteratively (bases before subclasses); cycles count 1."""
    stack, visiting = [start], {start}
    while stack:
        name = stack[-1]
        pending = [
            b for b in index.bases.get(name, ()) if b and b not in depths and b not in visiting
        ]
        if pending:
            stack.extend(pending)
            visiting.update(pending)
            continue
        stack.pop()
        known = [depths.get(b, 1) if b else 1 for b in index.bases.get(name, ())]
        depths[name] = 1 + max(known, default=0)
    return depths[start]
