"""Edges a framework makes from strings: Django's settings, URLconfs and lazy model references.

Kind ``framework`` (``ImportKind.FRAMEWORK``), never mixed into ``Facts.edges``: coupling,
cycles and contracts count them only where a rule or contract asks for them. A settings module
(every module assigning ``INSTALLED_APPS``) reaches each internal app it installs, its
``MIDDLEWARE`` and its ``ROOT_URLCONF``; ``include("app.urls")`` reaches that URLconf; and
``ForeignKey("billing.Invoice")`` (``ManyToManyField``, ``OneToOneField``, or ``to=``) reaches
the models of the app labelled ``billing``: an app's label is its ``AppConfig.label`` literal,
else the last dotted component of its name. Read with ``ast``, never imported.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from pathlib import Path

from analyzer.bounded import MAX_SOURCE_BYTES, read_repository_text
from analyzer.facts import ImportEdge, ImportKind, Layout, ParsedFile
from analyzer.framework_strings import StringReference, python_references
from analyzer.patterns import compiled_later

_RELATIONS = frozenset({"ForeignKey", "ManyToManyField", "OneToOneField"})
# Only a file with a relation to a string literal is parsed.
_lazy = compiled_later(r"""\b(?:ForeignKey|ManyToManyField|OneToOneField)\(\s*(?:to\s*=\s*)?["']""")


def framework_edges(layout: Layout, parsed: Iterable[ParsedFile] = ()) -> tuple[ImportEdge, ...]:
    """Every framework edge between the analysed modules, sorted. The string references of
    the files in ``parsed`` come from their facts; only the others are read again."""
    modules = layout.modules
    by_path = {source.path: name for name, source in modules.items()}
    scans = _scans(parsed)
    references = [
        (by_path[path], ref)
        for path in sorted(by_path)
        for ref in (
            scans[path] if path in scans else python_references(layout.root, path).references
        )
    ]
    edges = {_edge(importer, ref, modules) for importer, ref in references}
    labels = _labels(layout, [ref for _, ref in references if ref.via == "INSTALLED_APPS"])
    for path, importer in sorted(by_path.items()):
        for label, line in _model_references(layout.root, path):
            app = labels.get(label)
            if app is not None:
                target = f"{app}.models" if f"{app}.models" in modules else app
                edges.add(_make(importer, target, line, modules))
    return tuple(sorted(e for e in edges if e is not None and e.importer != e.imported))


def _scans(parsed: Iterable[ParsedFile]) -> dict[str, tuple[StringReference, ...]]:
    """The references of each file parsed without a problem, as its facts hold them (a file
    with a problem, or none given, is read from disk as before)."""
    return {
        p.source.path: p.strings.references if p.strings else () for p in parsed if not p.problems
    }


def _edge(importer: str, ref: StringReference, modules: Mapping[str, object]) -> ImportEdge | None:
    return _make(importer, ref.module, ref.line, modules)


def _make(
    importer: str, dotted: str, line: int, modules: Mapping[str, object]
) -> ImportEdge | None:
    """An edge to the longest analysed module that ``dotted`` names (a class path is cut)."""
    parts = dotted.split(".")
    for size in range(len(parts), 0, -1):
        name = ".".join(parts[:size])
        if name in modules:
            return ImportEdge(importer, name, line, 1, ImportKind.FRAMEWORK, "", external=False)
    return None


def _labels(layout: Layout, installed: Iterable[StringReference]) -> dict[str, str]:
    """App label -> app module, for every internal installed app."""
    modules = layout.modules
    found: dict[str, str] = {}
    for ref in installed:
        app = _app_module(ref.module, modules)
        if app is not None:
            found[_label(layout.root, app, modules) or app.rpartition(".")[2]] = app
    return found


def _app_module(entry: str, modules: Mapping[str, object]) -> str | None:
    """``billing`` for ``billing`` and for ``billing.apps.BillingConfig``."""
    head, _, tail = entry.partition(".apps.")
    name = head if tail else entry
    return name if name in modules else None


def _label(root: str, app: str, modules: Mapping[str, object]) -> str:
    """The ``label = "..."`` literal of an AppConfig in ``<app>.apps``, "" when none."""
    source = modules.get(f"{app}.apps")
    path = getattr(source, "path", None)
    if path is None:
        return ""
    tree = _tree(root, str(path))
    for node in ast.walk(tree) if tree else ():
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
            names = [t.id for t in node.targets if isinstance(t, ast.Name)]
            if names == ["label"] and isinstance(node.value.value, str):
                return node.value.value
    return ""


def _model_references(root: str, path: str) -> list[tuple[str, int]]:
    """(app label, line) of every ``ForeignKey("label.Model")``-like reference in a file."""
    try:
        text = read_repository_text(Path(root) / path, MAX_SOURCE_BYTES)
    except (OSError, UnicodeDecodeError):
        return []
    if not any(name in text for name in _RELATIONS) or not _lazy().search(text):
        return []
    tree = _tree(root, path, text)
    found = []
    for node in ast.walk(tree) if tree else ():
        if isinstance(node, ast.Call) and _called(node) in _RELATIONS:
            target = _target(node)
            if target and target.count(".") == 1:
                found.append((target.partition(".")[0], node.lineno))
    return found


def _called(node: ast.Call) -> str:
    func = node.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")


def _target(node: ast.Call) -> str:
    values = [*node.args[:1], *(k.value for k in node.keywords if k.arg == "to")]
    for value in values:
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            return value.value
    return ""


def _tree(root: str, path: str, text: str | None = None) -> ast.Module | None:
    try:
        source = (
            text if text is not None else read_repository_text(Path(root) / path, MAX_SOURCE_BYTES)
        )
        return ast.parse(source)
    except (OSError, UnicodeDecodeError, SyntaxError, ValueError, RecursionError):
        return None
