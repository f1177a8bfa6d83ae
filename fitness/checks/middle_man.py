"""``middle-man``: a class most of whose methods only delegate to another object.

What it does:
    Counts a class's methods (``__init__`` aside) whose body only calls a method of an
    attribute of ``self`` (``return self._repo.save(item)``) with names or constants as
    arguments, and reports library classes with at least ``min_methods`` methods of which more
    than ``ratio`` delegate (Martin Fowler's "Middle Man").

Why is this bad?
    A class that only forwards is a layer without value: every call goes through it, every
    change to the delegate is repeated in it.

Example:
    ``class OrderService: def save(self, o): return self._repo.save(o)`` and four more like it.

Use instead:
    Let callers use the delegate directly, or give the class the decisions that justify it.

Options:
    ``min_methods`` (int, default 4), ``ratio`` (number, default 0.6).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from analyzer.facts import Facts
from fitness.checks.base import Hit, Param
from fitness.checks.structures import structures


class MiddleManCheck:
    """Flags classes whose methods mostly delegate."""

    id = "middle-man"
    scope = "file"  # its hits in a file come from that file's facts alone
    params_schema: Mapping[str, Param] = {
        "min_methods": Param(int, 4, "classes with fewer methods are not reported"),
        "ratio": Param(float, 0.6, "the share of delegating methods above which it is reported"),
    }

    def run(self, facts: Facts, params: Mapping[str, Any]) -> list[Hit]:
        """One hit per middle-man class, on its ``class`` line."""
        min_methods = int(params["min_methods"])
        ratio = float(params["ratio"])
        hits = []
        for module, parsed, structure in structures(facts):
            for shape in structure.classes:
                methods = len([m for m in shape.methods if m != "__init__"])
                if methods < min_methods or shape.delegating <= ratio * methods:
                    continue
                subject = f"{module}.{shape.qualname}"
                message = f"{subject}: {shape.delegating} of {methods} methods only delegate"
                hits.append(Hit(subject, message, parsed.source.path, shape.line))
        return hits
