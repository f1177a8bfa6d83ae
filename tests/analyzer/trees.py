"""Build tiny target repositories in tmp_path, and read back what archfit found in them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from analyzer.facts import BlindSpot, BlindSpotKind, Facts, ImportEdge, ImportKind, RawImport

# (module, name, line, column, kind): a RawImport without its line text.
ImportRow = tuple[str, str | None, int, int, ImportKind]
# (importer, imported, line, kind): an internal or external edge.
EdgeRow = tuple[str, str, int, ImportKind]


# A small package whose files give a cached run something to remember beyond their source:
# a suppression comment and a missing internal import (api), a syntax error (db).
SHOP: Mapping[str, str] = {
    "shop/__init__.py": '"""Shop."""\n',
    "shop/api.py": '"""Api."""\n\nfrom shop import db, nowhere\n\n'
    "print(db)  # archfit: ignore[OBS001]\n",
    "shop/db.py": '"""Db."""\n\nimport shop.api\n\nif True:\n    x = (\n',
}

# A small package whose two modules import each other (a cycle, ARC001), each printing:
# the parts tests' project, beside the configuration each of them writes.
CYCLE_SHOP: Mapping[str, str] = {
    "shop/__init__.py": '"""Shop."""\n',
    "shop/api.py": '"""Api."""\n\nfrom shop import db\n\nprint(db)\n',
    "shop/db.py": '"""Db."""\n\nimport shop.api\n\nprint("db")\n',
}


def write_tree(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """Write ``files`` (relative path -> text or bytes) under ``root``; return ``root``."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def import_rows(imports: Iterable[RawImport]) -> list[ImportRow]:
    """RawImports as comparable tuples, in the order they were collected."""
    return [(i.module, i.name, i.line, i.column, i.kind) for i in imports]


def imports_of(facts: Facts, module: str) -> list[ImportRow]:
    """The raw imports collected from one module."""
    parsed = next(p for p in facts.parsed if p.source.module == module)
    return import_rows(parsed.imports)


def edge_rows(edges: Iterable[ImportEdge], *, external: bool = False) -> list[EdgeRow]:
    """Internal edges (or external ones) as sorted tuples."""
    return sorted((e.importer, e.imported, e.line, e.kind) for e in edges if e.external == external)


def blind_rows(spots: Iterable[BlindSpot]) -> list[tuple[BlindSpotKind, str, int]]:
    """Blind spots as sorted (kind, path, line) tuples."""
    return sorted((s.kind, s.path, s.line) for s in spots)
