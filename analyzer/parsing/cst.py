"""The libcst path: files whose syntax is newer than the running interpreter's ``ast``.

Only used when ``ast`` rejects a file, so it can be slow; it yields the same RawImports and
blind spots as the ``ast`` collector, through the same resolution rules.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

import libcst as cst
from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider

from analyzer.facts import BlindSpot, BlindSpotKind, ImportKind, RawImport
from analyzer.parsing.dynamic import MAY_HOLD, Aliases, Found, classify
from analyzer.parsing.imports import ModuleContext, literal_target, resolve_relative

_FUNCTIONS = (cst.FunctionDef, cst.Lambda)
_LAZY = (cst.LazyImport, cst.LazyImportFrom)  # PEP 810, read by libcst 1.9
_IMPORTS = (cst.Import, cst.LazyImport)
_FROM_IMPORTS = (cst.ImportFrom, cst.LazyImportFrom)
# Judged by analyzer.parsing.dynamic once every import has bound its names.
_CANDIDATES = (cst.Call, cst.Assign, cst.AugAssign, cst.AnnAssign)
_code = cst.Module([]).code_for_node
Pending = tuple[cst.CSTNode, int, int]  # node, line, 1-based column


def parse_cst(text: str) -> cst.Module | None:
    """The concrete tree, or None when libcst rejects the text too."""
    try:
        return cst.parse_module(text)
    except (cst.ParserSyntaxError, RecursionError, MemoryError, ValueError):
        return None


def collect_cst_imports(
    module: cst.Module, context: ModuleContext, lines: list[str]
) -> tuple[list[RawImport], list[BlindSpot]]:
    """Every import of a libcst tree, with kinds and positions as the ``ast`` collector gives."""
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    positions = wrapper.resolve(PositionProvider)
    found: list[RawImport | BlindSpot] = []
    aliases, pending = Aliases(), list[Pending]()
    for node, kind in _walk(wrapper.module):
        where = positions.get(node)
        if where is None:
            continue
        if isinstance(node, _CANDIDATES):
            pending.append((node, where.start.line, where.start.column + 1))
        else:
            _bind(node, aliases, context)
            found += _imports_of(node, kind, where, context, lines)
    for node, line, column in pending:
        found += _judged(node, line, column, aliases, context, lines)
    imports = sorted((i for i in found if isinstance(i, RawImport)), key=_position)
    return imports, list(dict.fromkeys(b for b in found if isinstance(b, BlindSpot)))


def _position(item: RawImport) -> tuple[int, int]:
    return item.line, item.column


def _walk(root: cst.CSTNode) -> Iterator[tuple[cst.CSTNode, ImportKind]]:
    """Every node with the import kind it runs under; iterative, since trees may be deep."""
    stack: list[tuple[cst.CSTNode, ImportKind]] = [(root, ImportKind.IMPORT)]
    while stack:
        node, kind = stack.pop()
        yield node, kind
        stack.extend(reversed(list(_children(node, kind))))


def _children(node: cst.CSTNode, kind: ImportKind) -> Iterator[tuple[cst.CSTNode, ImportKind]]:
    if isinstance(node, cst.If) and _is_type_checking(node.test):
        yield node.body, ImportKind.TYPE_ONLY
        if node.orelse is not None:
            yield node.orelse, kind
        return
    inner = ImportKind.LAZY if isinstance(node, _FUNCTIONS) and kind is ImportKind.IMPORT else kind
    for child in node.children:
        yield child, inner


def _is_type_checking(test: cst.BaseExpression) -> bool:
    if isinstance(test, cst.Name):
        return test.value == "TYPE_CHECKING"
    return isinstance(test, cst.Attribute) and test.attr.value == "TYPE_CHECKING"


def _imports_of(
    node: cst.CSTNode,
    kind: ImportKind,
    where: CodeRange,
    context: ModuleContext,
    lines: list[str],
) -> list[RawImport | BlindSpot]:
    line, column = where.start.line, where.start.column + 1
    text = lines[line - 1].strip() if 0 < line <= len(lines) else ""
    if isinstance(node, _LAZY) and kind is ImportKind.IMPORT:
        kind = ImportKind.EXPLICIT_LAZY  # under TYPE_CHECKING or in a function: that kind
    if isinstance(node, _IMPORTS):
        return [RawImport(_dotted(a.name), None, line, column, kind, text) for a in node.names]
    if isinstance(node, _FROM_IMPORTS):
        return _from_import(node, kind, line, column, text, context)
    return []


def _bind(node: cst.CSTNode, aliases: Aliases, context: ModuleContext) -> None:
    """The names an import statement binds, for calls through aliases."""
    if isinstance(node, _IMPORTS):
        for a in node.names:
            aliases.bind_import(_dotted(a.name), _asname(a))
    elif isinstance(node, _FROM_IMPORTS) and not isinstance(node.names, cst.ImportStar):
        module = _from_module(node, context)
        for a in node.names if module is not None else ():
            aliases.bind_from(str(module), _dotted(a.name), _asname(a))


def _asname(alias: cst.ImportAlias) -> str | None:
    name = alias.asname.name if alias.asname is not None else None
    return name.value if isinstance(name, cst.Name) else None


def _from_module(node: cst.ImportFrom | cst.LazyImportFrom, context: ModuleContext) -> str | None:
    level = len(node.relative)
    written = _dotted(node.module) if node.module is not None else None
    return resolve_relative(context.package, level, written) if level else written or ""


def _from_import(
    node: cst.ImportFrom | cst.LazyImportFrom,
    kind: ImportKind,
    line: int,
    column: int,
    text: str,
    context: ModuleContext,
) -> list[RawImport | BlindSpot]:
    module = _from_module(node, context)
    if module is None:
        return [BlindSpot(BlindSpotKind.BEYOND_TOP_LEVEL, context.path, line, text)]
    if isinstance(node.names, cst.ImportStar):
        return [RawImport(module, "*", line, column, kind, text)]
    return [RawImport(module, _dotted(a.name), line, column, kind, text) for a in node.names]


def _judged(
    node: cst.CSTNode,
    line: int,
    column: int,
    aliases: Aliases,
    context: ModuleContext,
    lines: list[str],
) -> list[RawImport | BlindSpot]:
    """A call or assignment rebuilt as ``ast`` and judged by the ``ast`` collector's rules;
    only those that may matter are rebuilt (printing every call would be quadratic)."""
    names = _callee_names(node, aliases)
    if not MAY_HOLD.search(" ".join(names) if names is not None else _code(node)):
        return []
    text = lines[line - 1].strip() if 0 < line <= len(lines) else ""
    tree = _as_ast(node)
    if tree is None:  # newer syntax inside the call: it cannot be a plain literal
        lasts = {n.rpartition(".")[2] for n in names or ()}
        if lasts & {"import_module", "__import__"}:
            return [BlindSpot(BlindSpotKind.NON_LITERAL_DYNAMIC, context.path, line, text)]
        return []
    found = classify(tree, aliases, lambda call: literal_target(call, context))
    return [
        _spot(f, context, line, text)
        if f.target is None
        else RawImport(f.target, None, line, column, f.kind, text)
        for f in found
    ]


def _spot(found: Found, context: ModuleContext, line: int, text: str) -> BlindSpot:
    assert found.blind is not None
    return BlindSpot(found.blind, context.path, line, text)


def _callee_names(node: cst.CSTNode, aliases: Aliases) -> set[str] | None:
    """What a call's callee may stand for (empty for ``f()()``); None for an assignment."""
    if not isinstance(node, cst.Call):
        return None
    dotted = _dotted_name(node.func)
    return aliases.resolve(dotted) if dotted is not None else set()


def _as_ast(node: cst.CSTNode) -> ast.expr | ast.stmt | None:
    code = _code(node).strip()
    try:
        if isinstance(node, cst.Call):
            return ast.parse(code, mode="eval").body
        return ast.parse(code).body[0]
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def _dotted_name(node: cst.BaseExpression) -> str | None:
    """``a.b.c`` for a chain of names, else None."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        head = _dotted_name(node.value)
        return f"{head}.{node.attr.value}" if head is not None else None
    return None


def _dotted(node: cst.BaseExpression) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{_dotted(node.value)}.{node.attr.value}"
    return cst.Module([]).code_for_node(node)
