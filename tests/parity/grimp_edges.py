"""grimp as the edge oracle: the (importer, imported, line) edges it finds on the same code."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import grimp
import pytest

from analyzer.facts import ImportKind, Layout
from analyzer.project import analyze

Edge = tuple[str, str, int]


def grimp_edges(
    source_root: Path,
    roots: Sequence[str],
    monkeypatch: pytest.MonkeyPatch,
    *,
    include_external_packages: bool = False,
    exclude_type_checking_imports: bool = False,
) -> set[Edge]:
    """Every import grimp.build_graph finds with ``source_root`` first on sys.path.

    grimp locates the roots with ``find_spec``, which imports the namespace parents of dotted
    roots (never the packages themselves); they are dropped from sys.modules afterwards.
    """
    monkeypatch.syspath_prepend(str(source_root))
    tops = {root.partition(".")[0] for root in roots}
    try:
        graph = grimp.build_graph(
            *roots,
            cache_dir=None,
            include_external_packages=include_external_packages,
            exclude_type_checking_imports=exclude_type_checking_imports,
        )
    finally:
        for name in [m for m in sys.modules if m.partition(".")[0] in tops]:
            monkeypatch.delitem(sys.modules, name)
    return {
        (detail["importer"], detail["imported"], detail["line_number"])
        for importer in graph.modules
        for imported in graph.find_modules_directly_imported_by(importer)
        for detail in graph.get_import_details(importer=importer, imported=imported)
    }


def archfit_edges(
    root: Path,
    roots: Sequence[str],
    *,
    include_external: bool = False,
    exclude_type_checking: bool = False,
) -> set[Edge]:
    """archfit's own edges on the same code, as grimp would see them (no dynamic imports)."""
    facts = analyze(str(root), root_packages=list(roots))
    unseen = {ImportKind.DYNAMIC, *([ImportKind.TYPE_ONLY] if exclude_type_checking else [])}
    drops = grimp_drops(facts.layout)
    return {
        (edge.importer, edge.imported, edge.line)
        for edge in facts.edges
        if (include_external or not edge.external) and edge.kind not in unseen
        if edge.importer not in drops and edge.imported not in drops
    }


def grimp_drops(layout: Layout) -> set[str]:
    """The modules and namespace packages grimp leaves out of its graph: those at or below a
    namespace sub-package, a folder without ``__init__.py`` inside a regular package (grimp's
    issue #298). Python imports them, so archfit keeps them (ADR-0006); parity tests set them
    aside, and list them so that none is set aside by accident."""
    regular = {name for name, f in layout.modules.items() if f.is_package}
    namespaces = set(layout.namespace_packages)

    def dropped(name: str) -> bool:
        parts = name.split(".")
        below_regular = False
        for end in range(1, len(parts) + 1):
            prefix = ".".join(parts[:end])
            if prefix in namespaces and below_regular:
                return True
            below_regular = below_regular or prefix in regular
        return False

    return {name for name in {*layout.modules, *namespaces} if dropped(name)}
