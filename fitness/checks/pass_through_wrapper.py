"""``pass-through-wrapper``: a function whose body only calls another with the same arguments.

What it does:
    Reports functions and methods whose body (docstring aside) is one ``return g(a, b)`` or
    ``g(a, b)`` passing exactly their own parameters, in order, unchanged. Decorated functions,
    dunder methods, closures, ``super()`` calls, methods of classes with bases (they may
    implement a hook the base calls), calls to ``self.*`` (see ``middle-man``) and test code
    are not reported.

Why is this bad?
    Each abstraction layer must provide 10x value: a wrapper that adds nothing is one more
    name to learn, one more frame in every traceback, one more place to change.

Example:
    ``def fetch_user(user_id): return repository.load_user(user_id)``

Use instead:
    Call ``repository.load_user`` directly (or re-export it: ``fetch_user = load_user``);
    keep a wrapper only where it adds a decision, a default, a translation or a check.

Options:
    ``min_params`` (int, default 1): wrappers forwarding fewer parameters are not reported.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from analyzer.facts import Facts
from analyzer.structure import ClassShape
from fitness.checks.base import Hit, Param
from fitness.checks.structures import structures


class PassThroughWrapperCheck:
    """Flags functions that only forward their arguments to another callable."""

    id = "pass-through-wrapper"
    scope = "file"  # its hits in a file come from that file's facts alone
    params_schema: Mapping[str, Param] = {
        "min_params": Param(int, 1, "wrappers forwarding fewer parameters are not reported"),
    }

    def run(self, facts: Facts, params: Mapping[str, Any]) -> list[Hit]:
        """One hit per pass-through function, on its ``def`` line."""
        min_params = int(params["min_params"])
        hits = []
        for module, parsed, structure in structures(facts):
            classes = {c.qualname: c for c in structure.classes}
            for function in structure.pass_throughs:
                owner, _, name = function.qualname.rpartition(".")
                if function.params < min_params:
                    continue
                if _excluded(function.forwards_to, name, owner, classes, function.delegates):
                    continue
                subject = f"{module}.{function.qualname}"
                message = f"{subject} only passes its arguments on to {function.forwards_to}"
                hits.append(Hit(subject, message, parsed.source.path, function.line))
        return hits


def _excluded(
    callee: str, name: str, owner: str, classes: Mapping[str, ClassShape], delegates: bool
) -> bool:
    """Closures, dunders, delegation, and methods that may implement a base's hook."""
    if owner:
        shape = classes.get(owner)
        hook = shape is None or bool(shape.bases) or callee.startswith(("self.", "cls."))
        if hook:
            return True
    dunder = name.startswith("__") and name.endswith("__")
    return dunder or delegates or callee.startswith("super()")
