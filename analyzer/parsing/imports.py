"""Collect every import of a module from its ``ast`` tree, iteratively (trees may be deep)."""

from __future__ import annotations

import ast
from bisect import bisect_left
from dataclasses import field
from itertools import repeat
from typing import Any

from analyzer.facts import BlindSpot, BlindSpotKind, ImportKind, RawImport
from analyzer.metrics.tree import child_fields
from analyzer.parsing.dynamic import Aliases, Found, classify
from archfit_values import frozen, mutable

_STATEMENT_FIELDS = ("body", "handlers", "orelse", "finalbody", "cases")  # source order
_VISITED = frozenset({ast.Import, ast.ImportFrom})
# With expressions walked: calls (dynamic imports) and assignments (sys.modules, __path__).
_PENDING = frozenset({ast.Call, ast.Assign, ast.AugAssign, ast.AnnAssign})
_FUNCTIONS = frozenset({ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda})
# Names and constants: nothing below them is walked (``child_fields``) and neither is visited.
_LEAVES = frozenset({ast.Name, ast.Constant})
# Per node class, the fields walked into, last to first: statement lists only, or every
# field that may hold a node (when dynamic imports may hide in expressions).
_STATEMENT_WALK: dict[type, tuple[str, ...]] = {}
_EXPRESSION_WALK: dict[type, tuple[str, ...]] = {}


@frozen
class ModuleContext:
    """Where the module sits: needed to resolve relative imports."""

    path: str
    module: str
    is_package: bool

    @property
    def package(self) -> str:
        """The package a relative import is resolved against."""
        return self.module if self.is_package else self.module.rpartition(".")[0]


@mutable
class ImportCollector:
    """Walks a tree once and gathers its imports and the imports it cannot see."""

    context: ModuleContext
    rows: SourceRows
    imports: list[RawImport]
    blind_spots: list[BlindSpot]
    aliases: Aliases = field(default_factory=Aliases)
    # Calls and assignments, judged once every import has bound its names.
    pending: list[ast.expr | ast.stmt] = field(default_factory=list)

    def collect(self, tree: ast.Module, scan_expressions: bool, pruned: bool = False) -> None:
        """Visit every statement (and every expression when dynamic imports may be present).

        With the module's ``text``, the statement walk skips what holds no import: a
        statement whose rows never spell ``import`` (``import_rows``).
        """
        self._walk(tree, self.rows.import_rows() if pruned else None)
        if scan_expressions:
            self._scan(tree)
        for node in self.pending:
            for found in classify(node, self.aliases, self._literal):
                self._found(found, node)
        if self.pending:  # dynamic imports back in source order (a stable sort)
            self.imports.sort(key=lambda item: (item.line, item.column))
        self.blind_spots[:] = dict.fromkeys(self.blind_spots)  # one per construct and line

    def _walk(self, tree: ast.Module, rows: list[int] | None = None) -> None:
        """Every import statement, with its kind: the statements that hold it decide it.

        ``rows`` (``import_rows``): a compound statement none of whose rows is among them is
        not entered. Most function bodies hold no import (Django: 0.09 -> 0.03 s).
        """
        stack: list[tuple[ast.AST, ImportKind]] = []
        push_all, push = stack.extend, stack.append
        push_all(zip(reversed(tree.body), repeat(ImportKind.IMPORT)))
        while stack:
            node, kind = stack.pop()
            cls = type(node)
            if cls in _VISITED:
                self._visit(node, kind)
            elif cls is ast.If and isinstance(node, ast.If) and _is_type_checking(node.test):
                push_all(zip(reversed(node.orelse), repeat(kind)))
                push_all(zip(reversed(node.body), repeat(ImportKind.TYPE_ONLY)))
                continue
            elif cls in _FUNCTIONS and kind is ImportKind.IMPORT:  # its body runs later
                kind = ImportKind.LAZY
            fields = _STATEMENT_WALK.get(cls)
            if fields is None:
                fields = _walked_fields(cls, False)
            if fields and rows is not None and not _spells_import(node, rows):
                continue
            for name in fields:
                value = getattr(node, name)  # children pushed last to first: popped in order
                if type(value) is list:
                    push_all(zip(reversed(value), repeat(kind)))
                elif value is not None:
                    push((value, kind))

    def _scan(self, tree: ast.Module) -> None:
        """Every call and assignment into ``pending``, in source order.

        A walk of every node, in the order of ``_walk`` (an ``if TYPE_CHECKING:`` test is not
        entered either), without the kinds: only imports have one, and imports are statements,
        which ``_walk`` meets in the same order. Half the cost of a walk that carries them.
        """
        stack: list[Any] = list(reversed(tree.body))
        pop, push, extend, pending = stack.pop, stack.append, stack.extend, self.pending.append
        while stack:
            node = pop()
            cls = type(node)
            if cls in _LEAVES:  # a third of the nodes: nothing below them, none is pending
                continue
            if cls in _PENDING:
                pending(node)
            elif cls is ast.If and _is_type_checking(node.test):
                extend(reversed(node.orelse))
                extend(reversed(node.body))
                continue
            fields = _EXPRESSION_WALK.get(cls)  # a ``{**x}``'s None key has none
            for name in _walked_fields(cls, True) if fields is None else fields:
                value = getattr(node, name)  # children pushed last to first: popped in order
                if type(value) is list:
                    extend(reversed(value))
                elif value is not None:
                    push(value)

    def _visit(self, node: ast.AST, kind: ImportKind) -> None:
        if isinstance(node, ast.Import):
            for alias in node.names:
                self.aliases.bind_import(alias.name, alias.asname)
                self._add(alias.name, None, node, kind)
        elif isinstance(node, ast.ImportFrom):
            module = self._absolute(node)
            if module is not None:
                for alias in node.names:
                    self.aliases.bind_from(module, alias.name, alias.asname)
                    self._add(module, alias.name, node, kind)
        elif isinstance(node, (ast.expr, ast.stmt)):
            self.pending.append(node)

    def _add(self, module: str, name: str | None, node: ast.stmt, kind: ImportKind) -> None:
        if kind is ImportKind.IMPORT and getattr(node, "is_lazy", False):  # PEP 810 on 3.15's ast
            kind = ImportKind.EXPLICIT_LAZY
        text = self._line(node.lineno)
        self.imports.append(RawImport(module, name, node.lineno, self._column(node), kind, text))

    def _line(self, lineno: int) -> str:
        return self._raw_line(lineno).strip()

    def _raw_line(self, lineno: int) -> str:
        return self.rows.row(lineno)

    def _column(self, node: ast.stmt | ast.expr) -> int:
        """1-based column in characters (``ast`` counts UTF-8 bytes)."""
        line = self._raw_line(node.lineno)
        if line.isascii():
            return node.col_offset + 1
        return len(line.encode()[: node.col_offset].decode(errors="ignore")) + 1

    def _absolute(self, node: ast.ImportFrom) -> str | None:
        """Resolve ``from .x import y`` against the module's package (None: beyond the top)."""
        if not node.level:
            return node.module or ""
        base = resolve_relative(self.context.package, node.level, node.module)
        if base is None:
            self._blind(BlindSpotKind.BEYOND_TOP_LEVEL, node.lineno, self._line(node.lineno))
        return base

    def _literal(self, call: ast.Call) -> str | None:
        return literal_target(call, self.context)

    def _found(self, found: Found, node: ast.expr | ast.stmt) -> None:
        text = self._line(node.lineno)
        if found.blind is not None:
            self._blind(found.blind, node.lineno, text)
        elif found.target is not None:
            line, column = node.lineno, self._column(node)
            self.imports.append(RawImport(found.target, None, line, column, found.kind, text))

    def _blind(self, kind: BlindSpotKind, line: int, detail: str) -> None:
        self.blind_spots.append(BlindSpot(kind, self.context.path, line, detail))


def import_rows(text: str) -> list[int] | None:
    """The rows (1-based, ascending) on which ``text`` spells ``import``, as ``ast`` numbers
    rows; None when it may number them otherwise (a carriage return left in the text).

    An import statement spells its keyword on one of its own rows, so a statement whose
    rows hold none of these has no import inside (a word such as ``important`` only costs a
    walk into it).
    """
    return SourceRows(text).import_rows()


@mutable(eq=False)
class SourceRows:
    """A module's rows by number, as ``text.split("\\n")`` numbers them, each cut out of the
    text when it is asked for. The rows the collector reads are its imports' own, and an
    import spells ``import`` on its first row: ``import_rows`` notes where each such row
    starts as it numbers them. Any other row splits the text, once (splitting every file
    cost more than finding its imports' rows)."""

    text: str
    starts: dict[int, int] = field(default_factory=dict)  # row -> offset of its first character
    split: list[str] | None = None

    def import_rows(self) -> list[int] | None:
        """``import_rows(text)``, noting where each of those rows starts."""
        text, starts = self.text, self.starts
        if "\r" in text:
            return None
        row, counted = 1, 0
        at = text.find("import")
        while at >= 0:
            row += text.count("\n", counted, at)
            counted = at
            if row not in starts:
                starts[row] = text.rfind("\n", 0, at) + 1
            at = text.find("import", at + 6)
        return list(starts)

    def row(self, number: int) -> str:
        """Row ``number`` (1-based) without its line feed; "" for a row past the end."""
        start = self.starts.get(number)
        if start is not None:
            end = self.text.find("\n", start)
            return self.text[start:] if end < 0 else self.text[start:end]
        if self.split is None:
            self.split = self.text.split("\n")
        return self.split[number - 1] if 0 < number <= len(self.split) else ""


def _spells_import(node: ast.AST, rows: list[int]) -> bool:
    """Whether one of ``rows`` lies within the node's rows (a node without rows, a
    ``match`` case, may hold anything)."""
    first = getattr(node, "lineno", None)
    if first is None:
        return True
    at = bisect_left(rows, first)
    return at < len(rows) and rows[at] <= node.end_lineno  # type: ignore[attr-defined]


def resolve_relative(package: str, level: int, module: str | None) -> str | None:
    """``from ..x import y`` inside ``package``: the absolute module, or None if beyond the top."""
    parts = package.split(".") if package else []
    if level - 1 >= len(parts):
        return None
    base = parts[: len(parts) - (level - 1)]
    if module:
        base.append(module)
    return ".".join(base)


def _walked_fields(cls: type, expressions: bool) -> tuple[str, ...]:
    """The fields of ``cls`` the walk enters, last to first (cached per class)."""
    if expressions:  # children() skips names, operators and contexts: no call hides there
        table, fields = _EXPRESSION_WALK, child_fields(cls)
    else:
        own = getattr(cls, "_fields", ())
        table, fields = _STATEMENT_WALK, tuple(f for f in _STATEMENT_FIELDS if f in own)
    table[cls] = fields[::-1]
    return table[cls]


def _is_type_checking(test: ast.expr) -> bool:
    """``if TYPE_CHECKING:`` or ``if typing.TYPE_CHECKING:`` (any module alias)."""
    if isinstance(test, ast.Name):
        return test.id == "TYPE_CHECKING"
    return isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"


def literal_target(call: ast.Call, context: ModuleContext) -> str | None:
    """The module a dynamic import names, when it is written as a literal."""
    if not call.args or not _is_str(call.args[0]):
        return None
    name: str = call.args[0].value  # type: ignore[attr-defined]
    if not name.startswith("."):
        return name or None
    return _relative_dynamic(name, call, context)


def _relative_dynamic(name: str, call: ast.Call, context: ModuleContext) -> str | None:
    """``import_module(".x", __package__)`` or ``package=__name__``: resolve like importlib."""
    anchor = call.args[1] if len(call.args) > 1 else None
    for keyword in call.keywords:
        if keyword.arg == "package":
            anchor = keyword.value
    if not isinstance(anchor, ast.Name) or anchor.id not in ("__name__", "__package__"):
        return None
    package = context.module if anchor.id == "__name__" else context.package
    level = len(name) - len(name.lstrip("."))
    return resolve_relative(package, level, name[level:] or None)


def _is_str(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)
