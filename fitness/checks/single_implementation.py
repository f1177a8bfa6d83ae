"""``single-implementation``: an ABC or Protocol with exactly one implementation.

What it does:
    Reports abstract classes (an ``ABC`` / ``Protocol`` base, an ``ABCMeta`` metaclass, or an
    ``@abstractmethod``) of library code that have exactly one implementation among the
    analysed modules, tests included: for an ABC, one concrete subclass (at any depth); for a
    Protocol, one class that subclasses it explicitly and no other class that defines all of
    its methods. Abstractions with no implementation (extension points for users) and
    Protocols nobody subclasses (they usually describe outside types) are not reported.

Why is this bad?
    An interface with one implementation costs a second name, a second file and an
    indirection on every read, and buys nothing yet: it is the "someday" flexibility the
    complexity budget warns about.

Example:
    ``class Notifier(ABC): ...`` whose only subclass is ``EmailNotifier``.

Use instead:
    Use the concrete class; extract the interface when the second implementation (a test
    double counts) arrives.

Options:
    ``max_implementations`` (int, default 1): report abstractions with this many or fewer
    (but at least one) implementations.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from analyzer.facts import Facts
from fitness.checks.base import Hit, Narrowing, Param, always
from fitness.checks.structures import ALIAS_LOOKUPS, ClassEntry, ClassIndex, class_index


class SingleImplementationCheck:
    """Flags ABCs and Protocols that only one class implements."""

    id = "single-implementation"
    params_schema: Mapping[str, Param] = {
        "max_implementations": Param(int, 1, "report abstractions with at most this many"),
    }

    # The hits follow from the classes alone (``class_shapes``) and the answers of the alias
    # lookups resolving their bases made: a name bound that no lookup asked about keeps them.
    narrowed = Narrowing(("class_shapes",), always, lookups=ALIAS_LOOKUPS)

    def inputs(self, params: Mapping[str, Any]) -> tuple[str, ...]:
        """The views of each file's facts its hits follow from (``fitness.engine.parts``):
        the classes and the names that may resolve their bases (``class_structure``)."""
        return ("class_structure",)

    def run(self, facts: Facts, params: Mapping[str, Any]) -> list[Hit]:
        """One hit per abstraction, on its ``class`` line."""
        most = int(params["max_implementations"])
        index = class_index(facts)
        children = index.subclasses()
        hits = []
        for entry in index.classes.values():
            if not entry.shape.abstract or entry.test:
                continue
            found = _implementations(entry, index, children)
            if 1 <= len(found) <= most:
                names = ", ".join(sorted(found))
                kind = "Protocol" if entry.shape.protocol else "abstract class"
                message = f"{kind} {entry.name} has {len(found)} implementation(s): {names}"
                hits.append(Hit(entry.name, message, entry.path, entry.shape.line))
        return hits


def _implementations(
    entry: ClassEntry, index: ClassIndex, children: Mapping[str, list[str]]
) -> set[str]:
    found: set[str] = set()
    stack, seen = list(children.get(entry.name, ())), {entry.name}
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        seen.add(name)
        if not index.classes[name].shape.abstract:
            found.add(name)
        stack.extend(children.get(name, ()))
    if entry.shape.protocol and found:  # no explicit one: it likely describes outside types
        found |= _structural(entry, index)
    return found


def _structural(protocol: ClassEntry, index: ClassIndex) -> set[str]:
    wanted = {m for m in protocol.shape.methods if not m.startswith("__")}
    if not wanted:
        return set()
    return {
        e.name
        for e in index.classes.values()
        if not e.shape.protocol and e.name != protocol.name and wanted <= set(e.shape.methods)
    }
