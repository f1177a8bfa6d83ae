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
from analyzer.parsing.imports import ModuleContext, literal_target, resolve_relative

_DYNAMIC = frozenset({"import_module", "__import__"})
_FUNCTIONS = (cst.FunctionDef, cst.Lambda)
_LAZY = (cst.LazyImport, cst.LazyImportFrom)  # PEP 810, read by libcst 1.9


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
    imports: list[RawImport] = []
    blind: list[BlindSpot] = []
    for node, kind in _walk(wrapper.module):
        where = positions.get(node)
        if where is not None:
            found = _imports_of(node, kind, where, context, lines)
            imports += [i for i in found if isinstance(i, RawImport)]
            blind += [b for b in found if isinstance(b, BlindSpot)]
    return imports, blind


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
    if isinstance(node, (cst.Import, cst.LazyImport)):
        return [RawImport(_dotted(a.name), None, line, column, kind, text) for a in node.names]
    if isinstance(node, (cst.ImportFrom, cst.LazyImportFrom)):
        return _from_import(node, kind, line, column, text, context)
    if isinstance(node, cst.Call) and _callee(node.func) in _DYNAMIC:
        return [_dynamic(node, line, column, text, context)]
    return []


def _from_import(
    node: cst.ImportFrom | cst.LazyImportFrom,
    kind: ImportKind,
    line: int,
    column: int,
    text: str,
    context: ModuleContext,
) -> list[RawImport | BlindSpot]:
    level = len(node.relative)
    written = _dotted(node.module) if node.module is not None else None
    module = resolve_relative(context.package, level, written) if level else written or ""
    if module is None:
        return [BlindSpot(BlindSpotKind.BEYOND_TOP_LEVEL, context.path, line, text)]
    if isinstance(node.names, cst.ImportStar):
        return [RawImport(module, "*", line, column, kind, text)]
    return [RawImport(module, _dotted(a.name), line, column, kind, text) for a in node.names]


def _dynamic(
    call: cst.Call, line: int, column: int, text: str, context: ModuleContext
) -> RawImport | BlindSpot:
    """Rebuild the call as ``ast`` and reuse the literal rules of the ``ast`` collector."""
    try:
        expression = ast.parse(cst.Module([]).code_for_node(call).strip(), mode="eval").body
    except SyntaxError:  # the call itself uses newer syntax: it cannot be a plain literal
        expression = None
    target = literal_target(expression, context) if isinstance(expression, ast.Call) else None
    if target is None:
        return BlindSpot(BlindSpotKind.NON_LITERAL_DYNAMIC, context.path, line, text)
    return RawImport(target, None, line, column, ImportKind.DYNAMIC, text)


def _dotted(node: cst.BaseExpression) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{_dotted(node.value)}.{node.attr.value}"
    return cst.Module([]).code_for_node(node)


def _callee(func: cst.BaseExpression) -> str | None:
    if isinstance(func, cst.Name):
        return func.value
    if isinstance(func, cst.Attribute):
        return func.attr.value
    return None
