"""The absolute imports of a file outside any package (a script, ``src/helpers.py``).

The graph has no module for such a file, so the parse keeps no imports for it; the dependency
rules still need them (issue 16). Read with ``ast`` on demand, never executed: an import inside
a function is ``lazy``, one under ``if TYPE_CHECKING:`` is ``type-only``. Relative imports mean
nothing outside a package and are skipped; an unreadable file yields nothing (the parse already
reported it).
"""

from __future__ import annotations

import ast
from pathlib import Path

from analyzer.bounded import MAX_SOURCE_BYTES, read_repository_text
from analyzer.facts import ImportKind, RawImport


def script_imports(root: str, path: str) -> tuple[RawImport, ...]:
    """Every absolute import of the file at ``path`` (relative to ``root``)."""
    try:
        text = read_repository_text(Path(root) / path, MAX_SOURCE_BYTES)
        tree = ast.parse(text)
    except (OSError, UnicodeDecodeError, SyntaxError, ValueError, RecursionError):
        return ()
    found: list[RawImport] = []
    _walk(tree.body, ImportKind.IMPORT, found)
    return tuple(found)


def _walk(body: list[ast.stmt], kind: ImportKind, found: list[RawImport]) -> None:
    for node in body:
        if isinstance(node, ast.Import):
            found += [_raw(alias.name, None, node, kind) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found += [_raw(node.module, alias.name, node, kind) for alias in node.names]
        else:
            _walk_children(node, kind, found)


def _walk_children(node: ast.stmt, kind: ImportKind, found: list[RawImport]) -> None:
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        _walk(node.body, ImportKind.LAZY, found)
    elif isinstance(node, ast.If) and _type_checking(node.test):
        _walk(node.body, ImportKind.TYPE_ONLY, found)
        _walk(node.orelse, kind, found)
    else:
        for field in ("body", "orelse", "finalbody", "handlers"):
            children = getattr(node, field, None)
            if isinstance(children, list):
                inner = [c for c in children if isinstance(c, ast.stmt)]
                inner += [s for h in children if isinstance(h, ast.ExceptHandler) for s in h.body]
                _walk(inner, kind, found)


def _type_checking(test: ast.expr) -> bool:
    name = test.id if isinstance(test, ast.Name) else getattr(test, "attr", "")
    return name == "TYPE_CHECKING"


def _raw(module: str, name: str | None, node: ast.stmt, kind: ImportKind) -> RawImport:
    return RawImport(
        module, None if name == "*" else name, node.lineno, node.col_offset + 1, kind, ""
    )
