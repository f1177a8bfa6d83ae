"""Imports made by calls, and the constructs that load modules the graph cannot follow.

A call is matched by what its callee is bound to, through the module's own imports:
``from importlib import import_module as im; im("x")``, ``import importlib as il;
il.import_module("x")``, ``importlib.__import__("x")`` and ``__import__("x")`` are the same
dynamic import. As before, any callee whose last name is ``import_module`` or ``__import__``
counts too (``loader.import_module("x")``). The constructs read only partially become blind
spots: a fromlist or a level on ``__import__``, a module loaded from a file, ``sys.modules``
writes, ``__path__`` edits and ``pkgutil.extend_path``, and ``exec`` / ``eval`` of an import
or of a computed string.

Bindings are module-wide (a name imported in any scope resolves everywhere): a static reading
cannot follow scopes and reassignments, and a false match only adds a blind spot.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import field

from analyzer.facts import BlindSpotKind, ImportKind
from archfit_values import frozen, mutable

# Text that may hold one of the constructs below: only such files get their expressions walked.
MAY_HOLD = re.compile(
    r"import_module|__import__|spec_from_file_location|FileLoader|load_source|extend_path"
    r"|__path__|modules\s*[\[.]|\b(?:exec|eval)\b"
)
# The same test on a whole file by plain substring search: the regex took 0.5 s over Django's
# 883 files. ``exec (`` with a space is the one spelling it gives up.
_MARKERS = (
    *MAY_HOLD.pattern.split("|modules")[0].split("|"),
    *("modules[", "modules.", "exec(", "eval("),
)
# Resolves ``import_module("literal")`` as the collector does (relative names included).
LiteralTarget = Callable[[ast.Call], str | None]
_IMPORTERS = frozenset({"import_module", "__import__"})  # matched by last name, as before
_FILE_LOADERS = frozenset(
    {
        "importlib.util.spec_from_file_location",
        "importlib.machinery.SourceFileLoader",
        "importlib.machinery.SourcelessFileLoader",
        "imp.load_source",
    }
)
_PATH_EXTENDERS = frozenset({"pkgutil.extend_path"})
_EXECUTORS = frozenset({"exec", "eval", "builtins.exec", "builtins.eval"})
_TABLE_WRITES = frozenset({"setdefault", "update", "__setitem__"})
_PATH_WRITES = frozenset({"append", "extend", "insert", "__iadd__", "__setitem__"})


@mutable
class Aliases:
    """What each name of a module may be bound to by its import statements."""

    bound: dict[str, set[str]] = field(default_factory=dict)

    def bind_import(self, name: str, asname: str | None) -> None:
        """``import a.b`` binds ``a``; ``import a.b as c`` binds ``c`` to ``a.b``."""
        local = asname or name.partition(".")[0]
        self.bound.setdefault(local, set()).add(name if asname else local)

    def bind_from(self, module: str, name: str, asname: str | None) -> None:
        """``from m import n as a`` binds ``a`` to ``m.n``."""
        if name != "*":
            self.bound.setdefault(asname or name, set()).add(f"{module}.{name}")

    def qualified(self, node: ast.expr) -> set[str]:
        """Every dotted name ``node`` may stand for (an unbound name stands for itself)."""
        if isinstance(node, ast.Name):
            return self.bound.get(node.id) or {node.id}
        if isinstance(node, ast.Attribute):
            return {f"{head}.{node.attr}" for head in self.qualified(node.value)}
        return set()

    def resolve(self, dotted: str) -> set[str]:
        """``qualified`` for a dotted name written as text."""
        head, dot, rest = dotted.partition(".")
        return {f"{name}{dot}{rest}" for name in self.bound.get(head) or {head}}


@frozen
class Found:
    """One thing a construct yields: a dynamic import of ``target``, or a blind spot."""

    target: str | None = None
    blind: BlindSpotKind | None = None
    kind: ImportKind = ImportKind.DYNAMIC


def may_hold(text: str) -> bool:
    """Whether a file's text may hold a dynamic import or a construct read only partially."""
    return any(marker in text for marker in _MARKERS)


def classify(node: ast.AST, aliases: Aliases, literal: LiteralTarget) -> list[Found]:
    """What a call or an assignment statement imports or hides."""
    if isinstance(node, ast.Call):
        return _call(node, aliases, literal)
    targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
    return [Found(blind=kind) for kind in _written(targets, aliases)]


def _call(call: ast.Call, aliases: Aliases, literal: LiteralTarget) -> list[Found]:
    names = aliases.qualified(call.func)
    lasts = {name.rpartition(".")[2] for name in names}
    if "__import__" in lasts:
        return _dunder_import(call, literal)
    if "import_module" in lasts:
        target = literal(call)
        return [Found(target) if target else Found(blind=BlindSpotKind.NON_LITERAL_DYNAMIC)]
    return [Found(blind=kind) for kind in _hidden_by_call(call, names, aliases)]


def _dunder_import(call: ast.Call, literal: LiteralTarget) -> list[Found]:
    """``__import__(name, globals, locals, fromlist, level)``: a fromlist imports submodules
    the graph cannot name, a level makes the name relative to a package it cannot know."""
    fromlist, level = _argument(call, 3, "fromlist"), _argument(call, 4, "level")
    relative = level is not None and not _is_constant(level, 0)
    partial = relative or (fromlist is not None and not _is_empty(fromlist))
    target = None if relative else literal(call)
    found = [Found(target)] if target else []
    if target is None and not relative:
        found.append(Found(blind=BlindSpotKind.NON_LITERAL_DYNAMIC))
    return found + ([Found(blind=BlindSpotKind.PARTIAL_DYNAMIC)] if partial else [])


def _hidden_by_call(call: ast.Call, names: set[str], aliases: Aliases) -> Iterator[BlindSpotKind]:
    if names & _FILE_LOADERS:
        yield BlindSpotKind.FILE_LOCATION
    if names & _PATH_EXTENDERS:
        yield BlindSpotKind.PACKAGE_PATH
    if names & _EXECUTORS and _executes_import(call):
        yield BlindSpotKind.EXEC_IMPORT
    if isinstance(call.func, ast.Attribute):
        owner = aliases.qualified(call.func.value)
        if "sys.modules" in owner and call.func.attr in _TABLE_WRITES:
            yield BlindSpotKind.SYS_MODULES_WRITE
        if _is_path(owner) and call.func.attr in _PATH_WRITES:
            yield BlindSpotKind.PACKAGE_PATH


def _written(targets: Iterable[ast.expr | None], aliases: Aliases) -> Iterator[BlindSpotKind]:
    """``sys.modules[k] = m`` and ``__path__ = ...`` / ``__path__[:] = ...`` / ``+=``."""
    for target in targets:
        if isinstance(target, (ast.Tuple, ast.List)):
            yield from _written(target.elts, aliases)
            continue
        if isinstance(target, ast.Subscript):
            if "sys.modules" in aliases.qualified(target.value):
                yield BlindSpotKind.SYS_MODULES_WRITE
            target = target.value
        if target is not None and _is_path(aliases.qualified(target)):
            yield BlindSpotKind.PACKAGE_PATH


def _is_path(names: set[str]) -> bool:
    return any(name.rpartition(".")[2] == "__path__" for name in names)


def _executes_import(call: ast.Call) -> bool:
    """``exec``/``eval`` of a string holding an import, or of anything computed."""
    if not call.args:
        return False
    code = call.args[0]
    if not isinstance(code, ast.Constant):
        return True
    if not isinstance(code.value, str):
        return False  # bytes or a code object literal: nothing archfit writes or reads
    try:
        tree = ast.parse(code.value)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return any(_imports_something(node) for node in ast.walk(tree))


def _imports_something(node: ast.AST) -> bool:
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return True
    if not isinstance(node, ast.Call):
        return False
    return any(n.rpartition(".")[2] in _IMPORTERS for n in Aliases().qualified(node.func))


def _argument(call: ast.Call, position: int, keyword: str) -> ast.expr | None:
    for item in call.keywords:
        if item.arg == keyword:
            return item.value
    return call.args[position] if len(call.args) > position else None


def _is_constant(node: ast.expr, value: object) -> bool:
    return isinstance(node, ast.Constant) and node.value == value and type(node.value) is int


def _is_empty(node: ast.expr) -> bool:
    """``None``, ``()``, ``[]``, ``""``: a fromlist that asks for nothing."""
    if isinstance(node, ast.Constant):
        return not node.value
    return isinstance(node, (ast.Tuple, ast.List)) and not node.elts
