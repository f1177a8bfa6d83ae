"""Lower syntax newer than the running interpreter to an ``ast`` tree with the same measures.

A file only libcst reads (PEP 695 type parameters and ``type`` statements, PEP 701 f-strings,
PEP 750 t-strings, PEP 758 unparenthesised ``except A, B``) is rewritten into code this
interpreter's ``ast`` parses, then measured by the same metric code as every other file. Each
rewrite keeps what the metrics see (ADR-0007):

- an f-string or t-string becomes ``_[e1, e2, ...]``, its replacement fields in a subscript:
  radon's visitors still see every expression in it, an operand is still one distinct node,
  and complexipy counts neither a string nor a subscript;
- a ``type X[T: B] = V`` statement becomes ``X = _[V, B]``: radon visits the value and the
  bounds, complexipy counts neither;
- a function's type parameters are dropped (no visitor enters them); a class's bounds and
  defaults become extra bases (only radon's Halstead visitor enters either);
- ``except A, B:`` becomes ``except (A, B):``, the same tree;
- PEP 810's ``lazy import x`` / ``lazy from x import y`` lose the ``lazy`` soft keyword: the
  same statement to every metric (the import collector reads the libcst tree, so the edge
  keeps its ``explicit-lazy`` kind).

Every rewrite keeps its line count (newlines go inside the new brackets), so every later
statement keeps its line number.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Sequence

import libcst as cst

_code = cst.Module([]).code_for_node  # a node's source text, as libcst prints it


def lower(module: cst.Module) -> ast.Module | None:
    """The ``ast`` tree of ``module`` lowered to this interpreter's syntax, or None when the
    lowered text still does not parse (or lost a line on the way)."""
    try:
        lowered = module.visit(_Lower())
        text = lowered.code
        if text.count("\n") != module.code.count("\n"):
            return None
        return ast.parse(text)
    except (SyntaxError, ValueError, cst.ParserSyntaxError, RecursionError, MemoryError):
        return None


def _subscript(parts: Sequence[str], newlines: int) -> cst.BaseExpression:
    """``_[part, ...]`` with ``newlines`` extra newlines inside the brackets."""
    # Each part in parentheses: ``(yield x)`` or a walrus is a valid field but no valid index.
    inside = ", ".join(f"({part})" for part in parts) if parts else "()"
    padding = "\n" * max(0, newlines)
    return cst.parse_expression(f"_[{inside}{padding}]")


def _padded(original: cst.CSTNode, parts: Sequence[str]) -> cst.BaseExpression:
    """A subscript of ``parts`` spanning as many lines as ``original`` did."""
    missing = _code(original).count("\n") - sum(part.count("\n") for part in parts)
    return _subscript(parts, missing)


def _newlines(count: int) -> cst.BaseParenthesizableWhitespace:
    """Whitespace after an opening bracket holding ``count`` newlines (or nothing)."""
    if count <= 0:
        return cst.SimpleWhitespace("")
    return cst.ParenthesizedWhitespace(
        empty_lines=[cst.EmptyLine(indent=False)] * (count - 1), indent=False
    )


def _string_fields(parts: Sequence[cst.CSTNode]) -> Iterator[cst.BaseExpression]:
    """The expressions in the replacement fields of an f-/t-string, format specs included."""
    for part in parts:
        expression = getattr(part, "expression", None)
        if expression is not None:
            yield expression
        yield from _string_fields(getattr(part, "format_spec", None) or ())


def _type_param_values(params: cst.TypeParameters | None) -> list[cst.BaseExpression]:
    """Bounds and defaults of type parameters, the expressions radon's Halstead visits."""
    found: list[cst.BaseExpression] = []
    for param in params.params if params is not None else ():
        bound = getattr(param.param, "bound", None)
        found += [e for e in (bound, param.default) if e is not None]
    return found


class _Lower(cst.CSTTransformer):
    """The rewrites listed in the module docstring, innermost first.

    libcst refuses a concatenation whose parts are no longer strings, so an f-string that is
    part of one is left alone and the outermost concatenation is lowered as a whole.
    """

    def __init__(self) -> None:
        super().__init__()
        self._in_concatenation: list[bool] = [False]  # per open concatenation / string field

    def visit_ConcatenatedString(self, node: cst.ConcatenatedString) -> None:
        self._in_concatenation.append(True)

    def visit_FormattedStringExpression(self, node: cst.FormattedStringExpression) -> None:
        self._in_concatenation.append(False)  # a field holds expressions of its own

    def leave_FormattedStringExpression(
        self,
        original_node: cst.FormattedStringExpression,
        updated_node: cst.FormattedStringExpression,
    ) -> cst.FormattedStringExpression:
        self._in_concatenation.pop()
        return updated_node

    def visit_TemplatedStringExpression(self, node: cst.TemplatedStringExpression) -> None:
        self._in_concatenation.append(False)

    def leave_TemplatedStringExpression(
        self,
        original_node: cst.TemplatedStringExpression,
        updated_node: cst.TemplatedStringExpression,
    ) -> cst.TemplatedStringExpression:
        self._in_concatenation.pop()
        return updated_node

    def leave_FormattedString(
        self, original_node: cst.FormattedString, updated_node: cst.FormattedString
    ) -> cst.BaseExpression:
        if self._in_concatenation[-1]:
            return updated_node
        return _padded(original_node, [_code(e) for e in _string_fields(updated_node.parts)])

    def leave_TemplatedString(
        self, original_node: cst.TemplatedString, updated_node: cst.TemplatedString
    ) -> cst.BaseExpression:
        if self._in_concatenation[-1]:
            return updated_node
        return _padded(original_node, [_code(e) for e in _string_fields(updated_node.parts)])

    def leave_ConcatenatedString(
        self, original_node: cst.ConcatenatedString, updated_node: cst.ConcatenatedString
    ) -> cst.BaseExpression:
        """One subscript for a whole concatenation that holds an f-string (``ast`` joins an
        implicit concatenation into one node)."""
        self._in_concatenation.pop()
        parts = list(_flatten(updated_node))
        if self._in_concatenation[-1] or all(isinstance(p, cst.SimpleString) for p in parts):
            return updated_node
        fields = [_code(e) for p in parts for e in _string_fields(getattr(p, "parts", ()))]
        return _padded(original_node, fields)

    def leave_TypeAlias(
        self, original_node: cst.TypeAlias, updated_node: cst.TypeAlias
    ) -> cst.Assign:
        values = [updated_node.value, *_type_param_values(updated_node.type_parameters)]
        value = _padded(original_node, [_code(v) for v in values])
        return cst.Assign([cst.AssignTarget(updated_node.name)], value)

    def leave_FunctionDef(
        self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef
    ) -> cst.FunctionDef:
        params = updated_node.type_parameters
        if params is None:
            return updated_node
        lines = _code(params).count("\n")
        return updated_node.with_changes(
            type_parameters=None, whitespace_before_params=_newlines(lines)
        )

    def leave_ClassDef(
        self, original_node: cst.ClassDef, updated_node: cst.ClassDef
    ) -> cst.ClassDef:
        params = updated_node.type_parameters
        if params is None:
            return updated_node
        extra = [cst.Arg(value) for value in _type_param_values(params)]
        lines = _code(params).count("\n") - sum(_code(a).count("\n") for a in extra)
        lpar, rpar = _class_parens(updated_node, lines)
        return updated_node.with_changes(
            type_parameters=None, bases=[*updated_node.bases, *extra], lpar=lpar, rpar=rpar
        )

    def leave_LazyImport(
        self, original_node: cst.LazyImport, updated_node: cst.LazyImport
    ) -> cst.Import:
        return cst.Import(
            names=updated_node.names,
            semicolon=updated_node.semicolon,
            whitespace_after_import=updated_node.whitespace_after_import,
        )

    def leave_LazyImportFrom(
        self, original_node: cst.LazyImportFrom, updated_node: cst.LazyImportFrom
    ) -> cst.ImportFrom:
        node = updated_node
        return cst.ImportFrom(
            module=node.module,
            names=node.names,
            relative=node.relative,
            lpar=node.lpar,
            rpar=node.rpar,
            semicolon=node.semicolon,
            whitespace_after_from=node.whitespace_after_from,
            whitespace_before_import=node.whitespace_before_import,
            whitespace_after_import=node.whitespace_after_import,
        )

    def leave_ExceptHandler(
        self, original_node: cst.ExceptHandler, updated_node: cst.ExceptHandler
    ) -> cst.ExceptHandler:
        return updated_node.with_changes(type=_parenthesised(updated_node.type))

    def leave_ExceptStarHandler(
        self, original_node: cst.ExceptStarHandler, updated_node: cst.ExceptStarHandler
    ) -> cst.ExceptStarHandler:
        return updated_node.with_changes(type=_parenthesised(updated_node.type))


def _class_parens(node: cst.ClassDef, lines: int) -> tuple[cst.LeftParen, cst.RightParen]:
    """The class's parentheses (added if it had none), holding ``lines`` more newlines where
    a bare space was (if both already hold newlines, ``lower`` sees the lines lost)."""
    lpar = node.lpar if isinstance(node.lpar, cst.LeftParen) else cst.LeftParen()
    rpar = node.rpar if isinstance(node.rpar, cst.RightParen) else cst.RightParen()
    if lines > 0 and isinstance(lpar.whitespace_after, cst.SimpleWhitespace):
        lpar = lpar.with_changes(whitespace_after=_newlines(lines))
    elif lines > 0 and isinstance(rpar.whitespace_before, cst.SimpleWhitespace):
        rpar = rpar.with_changes(whitespace_before=_newlines(lines))
    return lpar, rpar


def _parenthesised(kind: cst.BaseExpression | None) -> cst.BaseExpression | None:
    """PEP 758's ``except A, B`` as ``except (A, B)``."""
    if isinstance(kind, cst.Tuple) and not kind.lpar:
        return kind.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
    return kind


def _flatten(node: cst.BaseExpression) -> Iterator[cst.BaseExpression]:
    """The parts of a (nested) implicit string concatenation, left to right."""
    if isinstance(node, cst.ConcatenatedString):
        yield from _flatten(node.left)
        yield from _flatten(node.right)
    else:
        yield node
