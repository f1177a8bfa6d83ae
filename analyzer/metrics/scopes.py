"""One iterative walk over a module's tree that knows which scope owns each node.

radon's visitors (cyclomatic and Halstead) recurse, and hit RecursionError on the 10k-term
expressions of sympy; this walk keeps an explicit stack instead, and serves both families at
once so that every file is walked a single time.
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from itertools import repeat

from analyzer.metrics.tree import child_fields, known_fields

FUNCTION_NODES = (ast.FunctionDef, ast.AsyncFunctionDef)
_FUNCTION_CLASSES = frozenset(FUNCTION_NODES)


@dataclass(eq=False)
class Scope:
    """The module, a class or a function, with the decisions radon counts in its own code.

    ``context`` is radon's Halstead context: the name of the innermost function (``None`` at
    module level); a class body keeps the context around it. Scopes hold no reference to
    their parent: the parser runs with the garbage collector paused, and a cycle would keep
    every tree alive until it resumes.
    """

    kind: str  # "module" | "class" | "function"
    node: ast.AST
    qualname: str  # module-relative: "Service.send", "outer.inner"
    context: str | None
    parent_kind: str = ""  # the kind of the scope that owns this one ("" for the module)
    in_function: bool = False  # a function encloses it (a closure, or a class in one)
    decisions: int = 0  # radon's decision points in code this scope owns directly
    scopes: list[Scope] = field(default_factory=list)  # functions and classes it owns

    @classmethod
    def module(cls, tree: ast.Module) -> Scope:
        """The root scope of a module."""
        return cls("module", tree, "", None)

    def child(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> Scope:
        """A function or class defined in code this scope owns."""
        is_class = isinstance(node, ast.ClassDef)
        qualname = f"{self.qualname}.{node.name}" if self.qualname else node.name
        context = self.context if is_class else node.name
        in_function = self.kind == "function" or self.in_function
        kind = "class" if is_class else "function"
        scope = Scope(kind, node, qualname, context, self.kind, in_function)
        self.scopes.append(scope)
        return scope

    def walk(self) -> Iterator[Scope]:
        """This scope and every scope below it, parents first."""
        stack = [self]
        while stack:
            scope = stack.pop()
            yield scope
            stack.extend(reversed(scope.scopes))


def walk(module: Scope, wanted: Collection[type[ast.AST]]) -> Iterator[tuple[ast.AST, Scope, bool]]:
    """Each node of a class in ``wanted``, with the scope owning it and whether radon's
    cyclomatic visitor sees it.

    As in radon, a function's decorators, arguments and annotations belong to no scope (no
    visitor enters them); a class's bases, keywords and decorators belong to the enclosing
    scope but are not seen by the cyclomatic visitor, nor is anything under ``assert``.
    """
    stack: list[tuple[ast.AST, Scope, bool]] = [(module.node, module, True)]
    pop, push, extend, fields_of = stack.pop, stack.append, stack.extend, known_fields()
    while stack:
        node, scope, counted = pop()
        if node is None:  # ``{**x}`` has a None key
            continue
        cls = node.__class__
        if cls in _FUNCTION_CLASSES:
            inner = scope.child(node)  # type: ignore[arg-type]
            stack.extend((child, inner, True) for child in node.body)  # type: ignore[attr-defined]
            continue
        if cls is ast.ClassDef:
            stack.extend(_class_parts(node, scope))  # type: ignore[arg-type]
            continue
        if cls in wanted:
            yield node, scope, counted
        counted = counted and cls is not ast.Assert
        fields = fields_of.get(cls)
        for name in child_fields(cls) if fields is None else fields:  # children(), inlined
            value = getattr(node, name, None)
            if value.__class__ is list:  # this loop sees every node: the tuples are made in C
                extend(zip(value, repeat(scope), repeat(counted)))
            elif value is not None:
                push((value, scope, counted))


def _class_parts(node: ast.ClassDef, scope: Scope) -> Iterator[tuple[ast.AST, Scope, bool]]:
    """A class's header (the enclosing scope's, unseen by cyclomatic) and its body (its own).

    The header is its bases, keywords, decorators and (3.12+) type parameters' bounds and
    defaults: radon's Halstead visitor enters them, its cyclomatic visitor does not.
    """
    inner = scope.child(node)
    type_params = getattr(node, "type_params", ())  # 3.12+: radon's Halstead visits them too
    for part in (*node.bases, *node.keywords, *node.decorator_list, *type_params):
        yield part, scope, False
    for child in node.body:
        yield child, inner, True
