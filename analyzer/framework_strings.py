"""Modules that a project names in strings instead of importing them (issue 16).

A distribution used only through a string is still used: Django's ``INSTALLED_APPS``,
``MIDDLEWARE`` and ``ROOT_URLCONF`` settings and ``include("app.urls")``; ``pytest_plugins``;
Celery's ``include=`` / ``imports=``; and, in ``pyproject.toml``, ``[project.scripts]``,
``[project.entry-points]`` and ``-p NAME`` in pytest's ``addopts``. Exactly these count.
Everything is read statically: a settings value that is not a literal list or tuple, a ``+=``
of one, or a concatenation of such (names bound in the same module included) is a blind spot.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from analyzer.bounded import MAX_SOURCE_BYTES, read_repository_text
from analyzer.patterns import compiled_later
from archfit_values import frozen

_SETTINGS = ("INSTALLED_APPS", "MIDDLEWARE")
# Only a file where one of these matches is parsed: most files hold none (the plain words
# first: a substring test is ~50x cheaper than the pattern).
_WORDS = ("INSTALLED_APPS", "MIDDLEWARE", "ROOT_URLCONF", "pytest_plugins", "include(", "Celery(")
_marker = compiled_later(
    r"""\b(?:INSTALLED_APPS|MIDDLEWARE|ROOT_URLCONF|pytest_plugins)\s*\+?=|"""
    r"""\binclude\(\s*["']|\bCelery\("""
)


@frozen(order=True)
class StringReference:
    """A dotted module named in a string: where, and by which convention."""

    module: str
    path: str  # relative to the project root
    line: int
    via: str  # "INSTALLED_APPS", "pytest_plugins", "[project.scripts]", ...


@frozen
class StringScan:
    """The references of one file, and what could not be read statically."""

    references: tuple[StringReference, ...] = ()
    blind_spots: tuple[str, ...] = ()


def names_framework(text: str) -> bool:
    """Whether a file's text holds a marker of a framework string reference: the files
    ``python_references`` reads (decided at parse time, kept in the cached facts)."""
    return any(_marked_at(text, word) for word in _WORDS)


def _marked_at(text: str, word: str) -> bool:
    """Whether ``_marker`` matches where ``word`` stands in ``text``. Each of its matches
    starts with one of ``_WORDS``, so only those places are tried: a search of the whole text
    tries every position (20 ms over Django, for files with one of the words but no match)."""
    at = text.find(word)
    while at >= 0:
        if _marker().match(text, at) is not None:
            return True
        at = text.find(word, at + 1)
    return False


def python_references(root: str, path: str) -> StringScan:
    """The string references of one Python file, read from disk as UTF-8 (parsed only if it
    holds a marker). The run's readers take them from the facts instead
    (``ParsedFile.strings``, scanned by the parse); this reads a file the facts do not hold."""
    try:
        text = read_repository_text(Path(root) / path, MAX_SOURCE_BYTES)
    except (OSError, UnicodeDecodeError):
        return StringScan()
    return scan_text(path, text)


def scan_text(path: str, text: str, tree: ast.Module | None = None) -> StringScan:
    """The string references of a file's text; ``tree`` is its parse when one was made
    already (the parse hands its own). Empty without a marker, or when it cannot be parsed
    or walked (a tree too deep for the default stack)."""
    if not names_framework(text):
        return StringScan()
    try:
        tree = ast.parse(text) if tree is None else tree
        walker = _Walker(path, _literal_bindings(tree))
        walker.walk(tree)
    except (SyntaxError, ValueError, RecursionError):
        return StringScan()
    return StringScan(tuple(walker.found), tuple(walker.blind))


def _literal_bindings(tree: ast.Module) -> dict[str, list[str]]:
    """Module-level names bound to a literal list or tuple of strings (``DJANGO_APPS``)."""
    found: dict[str, list[str]] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, strings = node.targets[0], _strings(node.value, {})
            if isinstance(target, ast.Name) and strings is not None:
                found[target.id] = strings
    return found


def _strings(node: ast.expr, bound: Mapping[str, list[str]]) -> list[str] | None:
    """A literal list/tuple of strings, a bound name, or ``+`` of those; None otherwise."""
    if isinstance(node, (ast.List, ast.Tuple)):
        values = [e.value for e in node.elts if isinstance(e, ast.Constant)]
        ok = len(values) == len(node.elts) and all(isinstance(v, str) for v in values)
        return [str(v) for v in values] if ok else None
    if isinstance(node, ast.Name):
        return bound.get(node.id)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _strings(node.left, bound), _strings(node.right, bound)
        return None if left is None or right is None else left + right
    return None


# Nodes that hold no assignment and no call: the walk never enters them.
_LEAVES = (ast.Name, ast.Constant, ast.expr_context, ast.operator, ast.cmpop, ast.unaryop)


class _Walker:
    """Every assignment and call of a tree, in the order ``ast.NodeVisitor`` visits them
    (depth first, fields in order), without its dispatch by name per node (half the cost)."""

    def __init__(self, path: str, bound: dict[str, list[str]]) -> None:
        self.path, self.bound = path, bound
        self.found: list[StringReference] = []
        self.blind: list[str] = []

    def walk(self, tree: ast.AST) -> None:
        """Visit the tree's assignments and calls, each before what it holds."""
        handlers: dict[type, Callable[[Any], None]] = {
            ast.Assign: self.visit_Assign,
            ast.AugAssign: self.visit_AugAssign,
            ast.Call: self.visit_Call,
        }
        stack = [tree]
        while stack:
            node = stack.pop()
            handler = handlers.get(node.__class__)
            if handler is not None:
                handler(node)
            children = [c for c in ast.iter_child_nodes(node) if not isinstance(c, _LEAVES)]
            children.reverse()
            stack += children

    def _add(self, modules: list[str], line: int, via: str) -> None:
        self.found += [StringReference(m, self.path, line, via) for m in modules if m]

    def _setting(self, name: str, value: ast.expr, line: int) -> None:
        if name == "ROOT_URLCONF":
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                self._add([value.value], line, name)
            return
        strings = _strings(value, self.bound)
        if strings is None:
            self.blind.append(f"{self.path}:{line} {name} is not a literal list")
        else:
            self._add(strings, line, name)

    def visit_Assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            if isinstance(target, ast.Name) and target.id in (*_SETTINGS, "ROOT_URLCONF"):
                self._setting(target.id, node.value, node.lineno)
            elif isinstance(target, ast.Name) and target.id == "pytest_plugins":
                value = node.value
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    self._add([value.value], node.lineno, "pytest_plugins")
                else:
                    self._setting("pytest_plugins", value, node.lineno)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        target = node.target
        if isinstance(target, ast.Name) and target.id in _SETTINGS:
            self._setting(target.id, node.value, node.lineno)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        first = node.args[0] if node.args else None
        if name == "include" and isinstance(first, ast.Constant) and isinstance(first.value, str):
            self._add([first.value], node.lineno, "include()")
        if name == "Celery":
            for keyword in node.keywords:
                if keyword.arg in ("include", "imports"):
                    self._setting_celery(keyword.value, node.lineno)

    def _setting_celery(self, value: ast.expr, line: int) -> None:
        strings = _strings(value, self.bound)
        if strings is None:
            self.blind.append(f"{self.path}:{line} Celery include/imports is not a literal list")
        else:
            self._add(strings, line, "Celery")


def pyproject_references(
    data: Mapping[str, Any], text: str, path: str
) -> Iterator[StringReference]:
    """``[project.scripts]``, ``[project.gui-scripts]``, ``[project.entry-points]`` and pytest's
    ``-p NAME`` in ``addopts``."""
    project = data.get("project", {}) if isinstance(data.get("project"), dict) else {}
    targets = [("[project.scripts]", v) for v in _values(project.get("scripts"))]
    targets += [("[project.gui-scripts]", v) for v in _values(project.get("gui-scripts"))]
    for group in _values(project.get("entry-points")):
        targets += [("[project.entry-points]", v) for v in _values(group)]
    for via, value in targets:
        if isinstance(value, str):
            module = value.partition(":")[0].strip()
            yield StringReference(module, path, _line(text, value), via)
    for plugin in _addopts_plugins(data):
        yield StringReference(plugin, path, _line(text, plugin), "pytest -p")


def _values(table: Any) -> list[Any]:
    return list(table.values()) if isinstance(table, dict) else []


def _addopts_plugins(data: Mapping[str, Any]) -> list[str]:
    import shlex  # on first use: only a pyproject.toml's pytest options are split

    options = data.get("tool", {}).get("pytest", {}).get("ini_options", {}).get("addopts", "")
    words = shlex.split(options) if isinstance(options, str) else [str(o) for o in options]
    found = []
    for index, word in enumerate(words):
        if word == "-p" and index + 1 < len(words):
            found.append(words[index + 1])
        elif word.startswith("-p") and len(word) > 2:
            found.append(word[2:])
    return [name for name in found if not name.startswith("no:")]


def _line(text: str, value: str) -> int:
    index = text.find(value)
    return text.count("\n", 0, index) + 1 if index >= 0 else 1


def distribution_references(root: str, folder: str) -> tuple[StringReference, ...]:
    """The references of the ``pyproject.toml`` in a distribution's folder, if any."""
    path = f"{folder}/pyproject.toml" if folder else "pyproject.toml"
    try:
        text = read_repository_text(Path(root) / path, MAX_SOURCE_BYTES)
    except (OSError, UnicodeDecodeError):
        return ()
    import tomllib  # on first use: a run that reads no TOML never loads it (7 ms)

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return ()
    return tuple(pyproject_references(data, text, path))
