"""A module's outline from the one ``ast`` tree the parser built: what the rule packs read.

The walk is iterative, so 10k-deep trees are safe. Comments are not in the tree:
``# archfit: ignore[...]`` suppressions come from one ``tokenize`` pass, run only when the text
holds ``archfit:``; tach's ``# tach-ignore`` directives from another, only when it holds
``tach-ignore``.
"""

from __future__ import annotations

import ast
import io
import tokenize
from collections.abc import Callable, Collection
from dataclasses import field
from typing import Any, Protocol

from analyzer.patterns import compiled_later
from archfit_values import frozen, mutable

_LOG_METHODS = frozenset({"debug", "info", "warning", "warn", "error", "exception", "critical"})
_LOG_SETUP = frozenset({"getLogger", "basicConfig", "dictConfig", "fileConfig", "get_logger"})
_suppression_comment = compiled_later(r"#\s*archfit:\s*ignore\[([^\]]*)\]\s*(.*)")
# tach's directive: ``# tach-ignore``, ``# tach-ignore(reason) name other``.
_tach_ignore = compiled_later(
    r"#\s*tach-ignore(?:\((?P<reason>[^)]*)\))?(?P<names>(?:\s+[\w.]+)*)\s*$"
)
# What the walk notes besides names: calls, imports and definitions (for their scopes).
_NOTED = frozenset(
    {ast.Call, ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef}
)
_BLOCKS = (ast.If, ast.Try, ast.With, ast.AsyncWith)  # module-level code inside them is top level


@frozen
class Definition:
    """A top-level statement that binds names, with the module's own names it references."""

    name: str  # the first name it binds
    kind: str  # function | class | variable
    line: int
    end_line: int
    references: tuple[str, ...] = ()  # other top-level names of this module it uses, sorted


@frozen
class SideEffect:
    """A top-level statement that does something when the module is imported."""

    line: int
    call: str  # the callee as written (``admin.site.register``), ``with open`` for a with


@frozen
class Suppression:
    """``# archfit: ignore[CODE, name] reason``: the lines it covers and what it names."""

    line: int
    end_line: int  # the body's last line when the comment sits on a def or class line
    codes: tuple[str, ...]
    reason: str = ""


@frozen
class TachIgnore:
    """A ``# tach-ignore`` directive: the import line it covers and the names it lists (none:
    every name the import statement takes). A comment after code covers its own line; a
    comment alone on a line covers the next line, as tach reads it."""

    line: int
    names: tuple[str, ...] = ()
    reason: str = ""


@frozen
class ModuleOutline:
    """The shape of one module: docstring, definitions, side effects, prints, logging."""

    docstring: str | None = None
    docstring_line: int = 0  # its last line: where a comment may follow the closing quotes
    statements: int = 0  # top-level statements besides the docstring
    definitions: tuple[Definition, ...] = ()
    side_effects: tuple[SideEffect, ...] = ()
    print_lines: tuple[int, ...] = ()  # print() calls outside the __main__ guard
    exports: tuple[str, ...] | None = None  # a literal ``__all__``
    main_guard_line: int = 0  # ``if __name__ == "__main__":``
    logging_line: int = 0  # the first logging call or logger set-up
    imports: tuple[str, ...] = ()  # absolute modules (and module.name) imported, any depth
    suppressions: tuple[Suppression, ...] = field(default=())
    tach_ignores: tuple[TachIgnore, ...] = ()


class SharedWalk(Protocol):
    """Another reader of the same tree whose walk the outline's scan rides on
    (``analyzer.metrics.measure.Measurer``): one walk of the tree instead of two."""

    def scan(
        self,
        root: ast.AST,
        noted: Collection[type[ast.AST]],
        note: Callable[[ast.AST], None],
        use: Callable[[str], None],
    ) -> None:
        """Walk the module-level subtree at ``root`` for itself, calling ``note`` on every
        node of a class in ``noted`` and ``use`` on every name's id below ``root``."""

    def unscanned(self, node: ast.AST, subtrees: list[ast.AST]) -> None:
        """A module-level node and subtrees that no ``scan`` reaches (see ``_block``)."""


def outline(tree: ast.Module, text: str, shared: SharedWalk | None = None) -> ModuleOutline:
    """Outline a parsed module; ``text`` is only read for suppression comments. With
    ``shared``, the outline's walk is that reader's walk too."""
    walker = _Walker(shared)
    walker.module(tree)
    docstring, doc_line = _docstring(tree)
    suppressions = _suppressions(text, walker) if "archfit:" in text else ()
    return ModuleOutline(
        docstring=docstring,
        docstring_line=doc_line,
        statements=len(tree.body) - (1 if docstring is not None else 0),
        definitions=walker.definitions(),
        side_effects=tuple(walker.side_effects),
        print_lines=()
        if "print" in walker.bound | walker.imported
        else tuple(sorted(walker.prints)),
        exports=walker.exports,
        main_guard_line=walker.main_guard,
        logging_line=min(walker.logging, default=0),
        imports=tuple(sorted(walker.imports)),
        suppressions=suppressions,
        tach_ignores=tach_ignores(text) if "tach-ignore" in text else (),
    )


@mutable
class _Pending:
    """A module-level statement that binds names: what it binds, how, and the names it uses."""

    names: list[str]
    kind: str
    node: ast.stmt
    uses: set[str]


class _Walker:
    """One pass over the tree; every node is visited once."""

    def __init__(self, shared: SharedWalk | None = None) -> None:
        self.shared = shared
        self.pending: list[_Pending] = []
        self.bound: set[str] = set()
        self.imported: set[str] = set()  # names bound by top-level imports
        self.side_effects: list[SideEffect] = []
        self.prints: list[int] = []
        self.logging: list[int] = []
        self.imports: set[str] = set()
        self.exports: tuple[str, ...] | None = None
        self.main_guard = 0
        self.scopes: dict[int, int] = {}  # def/class line -> end line
        self.printing = True  # the subtree being scanned is outside the ``__main__`` guard

    def module(self, tree: ast.Module) -> None:
        """Flatten module-level blocks, then visit each top-level statement."""
        stack = list(reversed(tree.body))
        while stack:
            node = stack.pop()
            if _is_main_guard(node):
                self.main_guard = self.main_guard or node.lineno
                self._scan(node, printing=False)
            elif isinstance(node, _BLOCKS):
                self._block(node, stack)
            else:
                self._statement(node)

    def _block(self, node: ast.stmt, stack: list[ast.stmt]) -> None:
        """``if`` / ``try`` / ``with`` at module level: its header, then its body as top level."""
        if self.shared is not None:  # the block itself, its handlers' types, its targets
            unscanned = [h.type for h in getattr(node, "handlers", ()) if h.type is not None]
            items = getattr(node, "items", ())
            unscanned += [i.optional_vars for i in items if i.optional_vars is not None]
            self.shared.unscanned(node, unscanned)
        if isinstance(node, ast.With | ast.AsyncWith):
            self.side_effects.append(SideEffect(node.lineno, "with " + _callee(node.items[0])))
        inner: list[ast.stmt] = []
        for name in ("body", "orelse", "finalbody"):
            inner += getattr(node, name, [])
        for handler in getattr(node, "handlers", []):
            inner += handler.body
        header = [
            getattr(node, "test", None),
            *(i.context_expr for i in getattr(node, "items", [])),
        ]
        for expr in header:
            if expr is not None:
                self._scan(expr, printing=True)
        stack.extend(reversed(inner))

    def _statement(self, node: ast.stmt) -> None:
        names, kind = _binds(node)
        if isinstance(node, ast.Import | ast.ImportFrom):
            self.imported.update(a.asname or a.name.split(".")[0] for a in node.names)
        uses = self._scan(node, printing=True)
        if names:
            self.pending.append(_Pending(names, kind, node, uses))
            self.bound.update(names)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            self.side_effects.append(SideEffect(node.lineno, _dotted(node.value.func)))
        if "__all__" in names and isinstance(node, ast.Assign):
            self.exports = _literal_names(node.value)

    def _scan(self, root: ast.AST, printing: bool) -> set[str]:
        """Every name the subtree uses; prints, logging, imports and scopes on the way.

        Iterative (trees may be deep), and inlined: it visits every node of the module.
        Contexts, operators and plain values are never entered (see ``_child_fields``).
        """
        uses: set[str] = set()
        self.printing = printing  # read by ``_note``: a bound method is the cheapest callback
        if self.shared is not None:
            self.shared.scan(root, _NOTED, self._note, uses.add)
            return uses
        stack: list[Any] = [root]
        pop, push, extend, use = stack.pop, stack.append, stack.extend, uses.add
        while stack:
            node = pop()
            cls = type(node)
            if cls is ast.Name:  # a leaf here: its only child is its context
                use(node.id)
                continue
            if cls in _NOTED:  # one test for the common case: most nodes are none of these
                self._note(node)
            fields = _FIELDS.get(cls)  # a ``{**x}``'s None key has none
            for name in _child_fields(cls) if fields is None else fields:
                value = getattr(node, name)
                if type(value) is list:
                    extend(value)
                elif value is not None:
                    push(value)
        return uses

    def _note(self, node: ast.AST) -> None:
        """A call, an import or a definition met on the walk (``printing``: outside the
        ``__main__`` guard, where a ``print`` call counts)."""
        cls = type(node)
        if cls is ast.Call:
            self._call(node)  # type: ignore[arg-type]
        elif cls is ast.Import or cls is ast.ImportFrom:
            self._import(node)  # type: ignore[arg-type]
        else:
            assert isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
            self.scopes[node.lineno] = node.end_lineno or node.lineno

    def _call(self, call: ast.Call) -> None:
        func = call.func
        kind = type(func)
        if kind is ast.Name:
            name = func.id  # type: ignore[attr-defined]
            if name == "print":
                if self.printing:
                    self.prints.append(call.lineno)
            elif name in _LOG_SETUP:
                self.logging.append(call.lineno)
        elif kind is ast.Attribute:
            attr = func.attr  # type: ignore[attr-defined]
            # Most methods called are neither: no call to look at their owner.
            if (attr in _LOG_SETUP or attr in _LOG_METHODS) and _is_logging(func):  # type: ignore[arg-type]
                self.logging.append(call.lineno)

    def _import(self, node: ast.Import | ast.ImportFrom) -> None:
        if isinstance(node, ast.Import):
            self.imports.update(alias.name for alias in node.names)
        elif not node.level and node.module:
            self.imports.add(node.module)
            self.imports.update(f"{node.module}.{a.name}" for a in node.names if a.name != "*")

    def definitions(self) -> tuple[Definition, ...]:
        """Each binding statement with the module's own names it references."""
        return tuple(
            Definition(
                p.names[0],
                p.kind,
                p.node.lineno,
                p.node.end_lineno or p.node.lineno,
                tuple(sorted((p.uses & self.bound) - set(p.names))),
            )
            for p in self.pending
        )


_FIELDS: dict[type, tuple[str, ...]] = {}
_PLAIN = frozenset(
    {"ctx", "op", "ops", "id", "attr", "arg", "name", "names", "kind", "type_comment", "module"}
    | {"level", "is_async", "conversion", "simple", "kwd_attrs", "tag"}
)


def _child_fields(cls: type) -> tuple[str, ...]:
    """The fields of a node class that may hold nodes we care about (cached per class)."""
    fields: tuple[str, ...] = getattr(cls, "_fields", ())
    kept = () if cls is ast.Constant else tuple(f for f in fields if f not in _PLAIN)
    _FIELDS[cls] = kept
    return kept


def _binds(node: ast.stmt) -> tuple[list[str], str]:
    """The names a top-level statement binds (imports aside) and its kind."""
    if isinstance(node, ast.ClassDef):
        return [node.name], "class"
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        return [node.name], "function"
    targets: list[ast.expr] = []
    if isinstance(node, ast.Assign):
        targets = node.targets
    elif isinstance(node, ast.AnnAssign | ast.AugAssign):
        targets = [node.target]
    names: list[str] = []
    for target in targets:
        if isinstance(target, ast.Name):  # most targets: ``ast.walk`` is a slow generator
            names.append(target.id)
        else:
            names += [n.id for n in ast.walk(target) if isinstance(n, ast.Name)]
    return names, "variable"


def _is_main_guard(node: ast.stmt) -> bool:
    """``if __name__ == "__main__":`` (either operand order)."""
    if not isinstance(node, ast.If) or not isinstance(node.test, ast.Compare):
        return False
    test = node.test
    sides = [test.left, *test.comparators]
    names = {s.id for s in sides if isinstance(s, ast.Name)}
    texts = {s.value for s in sides if isinstance(s, ast.Constant)}
    return names == {"__name__"} and texts == {"__main__"}


def _is_logging(func: ast.Attribute) -> bool:
    """``logger.info(...)``, ``log.warning(...)``, ``logging.getLogger(...)``, ..."""
    if func.attr in _LOG_SETUP:
        return True
    if func.attr not in _LOG_METHODS:
        return False
    owner = func.value
    name = owner.id if isinstance(owner, ast.Name) else getattr(owner, "attr", "")
    return "log" in name.lower()


def _dotted(node: ast.expr) -> str:
    """``a.b.c`` for a name or attribute chain, else a short description."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    elif isinstance(node, ast.Call):
        parts.append(_dotted(node.func) + "()")
    else:
        parts.append("(...)")
    return ".".join(reversed(parts))


def _callee(item: ast.withitem) -> str:
    expr = item.context_expr
    return _dotted(expr.func) if isinstance(expr, ast.Call) else _dotted(expr)


def _literal_names(value: ast.expr) -> tuple[str, ...] | None:
    """The strings of a literal list or tuple, else None."""
    if not isinstance(value, ast.List | ast.Tuple):
        return None
    items = [e.value for e in value.elts if isinstance(e, ast.Constant)]
    strings = [i for i in items if isinstance(i, str)]
    return tuple(strings) if len(strings) == len(value.elts) else None


def _docstring(tree: ast.Module) -> tuple[str | None, int]:
    first = tree.body[0] if tree.body else None
    value = first.value if isinstance(first, ast.Expr) else None
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        return value.value, value.end_lineno or value.lineno
    return None, 0


def _suppressions(text: str, walker: _Walker) -> tuple[Suppression, ...]:
    """Every ``# archfit: ignore[...]`` comment; on a def/class line it covers the body."""
    found = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.COMMENT and "archfit:" in token.string:
                found.extend(_suppression(token.string, token.start[0], walker.scopes))
    except (tokenize.TokenError, SyntaxError):  # the tree parsed; stop at what tokenize can read
        pass
    return tuple(found)


def _suppression(comment: str, line: int, scopes: dict[int, int]) -> list[Suppression]:
    match = _suppression_comment().search(comment)
    if match is None:
        return []
    codes = tuple(c.strip() for c in match.group(1).split(",") if c.strip())
    return [Suppression(line, scopes.get(line, line), codes, match.group(2).strip())]


def tach_ignores(text: str) -> tuple[TachIgnore, ...]:
    """Every ``# tach-ignore`` comment of ``text``, with the line it covers."""
    found = []
    lines = text.splitlines()
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type != tokenize.COMMENT or "tach-ignore" not in token.string:
                continue
            match = _tach_ignore().match(token.string)
            if match is None:
                continue
            row, column = token.start
            alone = not lines[row - 1][:column].strip()
            names = tuple(match.group("names").split())
            found.append(TachIgnore(row + 1 if alone else row, names, match.group("reason") or ""))
    except (tokenize.TokenError, SyntaxError):  # the tree parsed; stop at what tokenize can read
        pass
    return tuple(found)
