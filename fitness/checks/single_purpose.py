"""``single-purpose``: a module whose top-level definitions split into unrelated groups.

What it does:
    Links two top-level definitions (functions, classes, module variables) when one uses the
    other's name, and groups what is linked. When more than ``max_clusters`` groups each span
    at least ``min_cluster_lines`` lines, the module does several unrelated things, unless
    every group holds only classes (a family of sibling types: ``ENUM`` and ``SET``).

Why is this bad?
    Code that shares no names shares no purpose; kept in one module, it changes for unrelated
    reasons and every importer depends on all of it.

Example:
    ``shop/util.py`` holding ``parse_csv`` and its helpers, and ``send_email`` with its own:
    the two groups never refer to each other.

Use instead:
    One module per group: ``shop/csvfiles.py`` and ``shop/mail.py``.

Options:
    ``min_cluster_lines`` (int, default 40): how many lines a group needs to count.
    ``max_clusters`` (int, default 2): how many such groups a module may hold (two groups are
    often one purpose in two halves, such as ``ENUM`` and ``SET`` types).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from analyzer.facts import Facts
from analyzer.outline import Definition
from fitness.checks.base import Hit, Param
from fitness.checks.files import outlined_modules

_SHOWN = 3  # names shown per group


class SinglePurposeCheck:
    """Flags modules with several sizeable groups of definitions that share no names."""

    id = "single-purpose"
    scope = "file"  # its hits in a file come from that file's facts alone
    params_schema: Mapping[str, Param] = {
        "min_cluster_lines": Param(int, 40, "lines a group of definitions needs to count"),
        "max_clusters": Param(int, 2, "how many such groups a module may hold"),
    }

    def run(self, facts: Facts, params: Mapping[str, Any]) -> list[Hit]:
        """One hit per module, on the first line of its second group."""
        min_lines = int(params["min_cluster_lines"])
        most = int(params["max_clusters"])
        hits = []
        for module, parsed, shape in outlined_modules(facts):
            if not _may_hold(shape.definitions, (most + 1) * min_lines):
                continue  # too few lines for more than ``most`` groups: not clustered
            groups = [g for g in clusters(shape.definitions) if _span(g) >= min_lines]
            if len(groups) > most and not _class_family(groups):
                message = f"{module} holds {len(groups)} unrelated groups: " + "; ".join(
                    _describe(g) for g in groups
                )
                hits.append(Hit(module, message, parsed.source.path, groups[1][0].line))
        return hits


def clusters(definitions: Sequence[Definition]) -> list[list[Definition]]:
    """Definitions grouped by shared names (union-find), in source order."""
    kept = [d for d in definitions if not d.name.startswith("__")]
    parent = list(range(len(kept)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    index: dict[str, int] = {}
    for i, definition in enumerate(kept):
        if definition.name in index:  # a rebinding belongs with the first binding
            parent[find(i)] = find(index[definition.name])
        index.setdefault(definition.name, i)
    for i, definition in enumerate(kept):
        for name in definition.references:
            if name in index:
                parent[find(i)] = find(index[name])
    groups: dict[int, list[Definition]] = {}
    for i, definition in enumerate(kept):
        groups.setdefault(find(i), []).append(definition)
    return sorted(groups.values(), key=lambda g: g[0].line)


def _may_hold(definitions: Sequence[Definition], lines: int) -> bool:
    """Whether the definitions that ``clusters`` groups span ``lines`` or more: a bound on
    what its groups' spans add up to (most of Django's modules are below it)."""
    kept = (d.end_line - d.line + 1 for d in definitions if not d.name.startswith("__"))
    return sum(span for span in kept if span > 0) >= lines


def _class_family(groups: list[list[Definition]]) -> bool:
    """Every group holds classes and no function: sibling types, one purpose."""
    return all(not any(d.kind == "function" for d in g) for g in groups)


def _span(group: list[Definition]) -> int:
    return sum(d.end_line - d.line + 1 for d in group)


def _describe(group: list[Definition]) -> str:
    unique = list(dict.fromkeys(d.name for d in group))
    names = unique[:_SHOWN]
    more = f" and {len(unique) - _SHOWN} more" if len(unique) > _SHOWN else ""
    return "{" + ", ".join(names) + more + "}"
