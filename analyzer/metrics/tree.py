"""Fast child enumeration for ``ast`` trees, shared by the metric walks.

``ast.iter_child_nodes`` is a generator that inspects every field of every node; the walks
here visit each node of every file, so they use a per-class table of the fields that can hold
nodes. Names, constants and the ``ctx`` / ``op`` singletons, about half of all nodes, then cost
nothing to descend into. The walks ask ``type(node)``, never ``node.__class__``: Python 3.11
specializes the call, where the attribute goes through the type's lookup on every node (4% of
the shared walk's instructions on Django).
"""

from __future__ import annotations

import ast

# Fields that never hold a node worth visiting: strings, numbers, and the Load/Store/Add...
# singletons that no metric looks at.
_SCALAR_FIELDS = frozenset(
    {
        "arg", "asname", "attr", "conversion", "ctx", "id", "is_async", "kind", "kwd_attrs",
        "level", "lineno", "module", "n", "name", "names", "op", "ops", "rest", "s", "simple",
        "tag", "type_comment",
    }
)  # fmt: skip
# Classes whose ``value`` is a Python constant, not a node.
_CONSTANT_VALUE = frozenset({"Constant", "MatchSingleton"})
# Per class, what ``child_fields`` found; ``{**x}``'s None key has nothing below it either.
_FIELDS: dict[type, tuple[str, ...]] = {type(None): ()}


def known_fields() -> dict[type, tuple[str, ...]]:
    """The table ``child_fields`` fills, for walks that look classes up inline."""
    return _FIELDS


def child_fields(cls: type[ast.AST]) -> tuple[str, ...]:
    """The fields of ``cls`` that may hold child nodes (or lists of them)."""
    fields = _FIELDS.get(cls)
    if fields is None:
        skip = _SCALAR_FIELDS | ({"value"} if cls.__name__ in _CONSTANT_VALUE else set())
        fields = _FIELDS[cls] = tuple(f for f in cls._fields if f not in skip)
    return fields


def children(node: ast.AST) -> list[ast.AST]:
    """The child nodes of ``node`` in field order (``None`` entries of lists dropped)."""
    found: list[ast.AST] = []
    for name in child_fields(type(node)):
        value = getattr(node, name, None)
        if value is None:
            continue
        if type(value) is list:
            found.extend(item for item in value if item is not None)
        else:
            found.append(value)
    return found
