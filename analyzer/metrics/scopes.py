"""One iterative walk over a module's tree that knows which scope owns each node.

radon's visitors (cyclomatic and Halstead) recurse, and hit RecursionError on the 10k-term
expressions of sympy; this walk keeps an explicit stack instead, and serves both families at
once so that every file is walked a single time.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Collection, Iterator
from dataclasses import field
from functools import lru_cache

from analyzer.metrics.tree import child_fields, children, known_fields
from archfit_values import mutable

FUNCTION_NODES = (ast.FunctionDef, ast.AsyncFunctionDef)
_SCOPES = frozenset({*FUNCTION_NODES, ast.ClassDef})
# Nodes with no child a walk enters (see ``analyzer.metrics.tree``).
_LEAVES = frozenset({ast.Name, ast.Constant, type(None)})


@mutable(eq=False)
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


_Region = tuple[list[ast.AST], Scope, bool]  # nodes yet to walk, their scope, counted


def walk(module: Scope, wanted: Collection[type[ast.AST]]) -> Iterator[tuple[ast.AST, Scope, bool]]:
    """Each node of a class in ``wanted``, with the scope owning it and whether radon's
    cyclomatic visitor sees it.

    As in radon, a function's decorators, arguments and annotations belong to no scope (no
    visitor enters them); a class's bases, keywords and decorators belong to the enclosing
    scope but are not seen by the cyclomatic visitor, nor is anything under ``assert``.
    """
    # Nodes are walked in regions that share one scope and one ``counted``: the stack of a
    # region holds bare nodes, and a new scope or an ``assert`` opens a region of its own.
    regions: list[_Region] = [([module.node], module, True)]
    fields_of = known_fields()
    leaves = _LEAVES.difference(wanted)
    while regions:
        stack, scope, counted = regions.pop()
        pop, push, extend = stack.pop, stack.append, stack.extend
        while stack:
            node = pop()
            cls = type(node)
            if cls in leaves:  # half the nodes of a file: one test, and nothing below them
                continue
            if cls in _SCOPES:
                regions += _scope_regions(node, scope)  # type: ignore[arg-type]
                continue
            if cls in wanted:
                yield node, scope, counted
            if cls is ast.Assert and counted:
                regions.append((children(node), scope, False))
                continue
            fields = fields_of.get(cls)  # a ``{**x}``'s None key has none
            for name in child_fields(cls) if fields is None else fields:  # children(), inlined
                value = getattr(node, name, None)
                if type(value) is list:
                    extend(value)
                elif value is not None:
                    push(value)


def _scope_regions(
    node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef, scope: Scope
) -> list[_Region]:
    """A function's body (its own scope's); a class's header (the enclosing scope's, unseen
    by cyclomatic) and its body (its own).

    The header is its bases, keywords, decorators and (3.12+) type parameters' bounds and
    defaults: radon's Halstead visitor enters them, its cyclomatic visitor does not.
    """
    inner = scope.child(node)
    body: list[ast.AST] = [*node.body]
    if not isinstance(node, ast.ClassDef):
        return [(body, inner, True)]
    type_params = getattr(node, "type_params", [])  # 3.12+: radon's Halstead visits them too
    header: list[ast.AST] = [*node.bases, *node.keywords, *node.decorator_list, *type_params]
    return [(header, scope, False), (body, inner, True)]


# A region of ``walk_unit``: nodes yet to walk, their scope (None: the outline's alone, such
# as a function's decorators and arguments, which no metric sees), and ``counted``.
_UnitRegion = tuple[list[ast.AST], Scope | None, bool]


def walk_unit(
    root: ast.AST,
    scope: Scope,
    wanted: Collection[type[ast.AST]],
    found: Callable[[tuple[ast.AST, Scope, bool]], None],
    noted: Collection[type[ast.AST]],
    note: Callable[[ast.AST], None],
    use: Callable[[str], None],
) -> None:
    """``walk`` of the subtree at ``root`` (owned by ``scope``) and the outline's scan of it
    in one pass: ``found`` gets what ``walk`` yields, ``note`` every node of a class in
    ``noted`` and ``use`` every name's id, anywhere below ``root``.

    The outline reads parts no metric sees (a function's decorators, arguments and
    annotations): they are walked in regions of their own, without a scope.
    """
    regions: list[_UnitRegion] = [([root], scope, True)]
    fields_of = known_fields()
    name_class, constant_class, assert_class, scopes = ast.Name, ast.Constant, ast.Assert, _SCOPES
    # Most nodes are of no class the walk treats apart: one test sends them to their children.
    special = _special(frozenset(noted), frozenset(wanted))
    while regions:
        stack, owner, counted = regions.pop()
        pop, push, extend = stack.pop, stack.append, stack.extend
        while stack:
            node = pop()
            cls = type(node)  # a call 3.11 specializes: ``__class__`` is looked up each time
            if cls is name_class:
                use(node.id)  # type: ignore[attr-defined]
                continue
            if cls is constant_class:
                continue
            if cls in special:
                if cls in noted:
                    note(node)
                if owner is not None:
                    if cls in scopes:
                        regions += _unit_regions(node, owner)  # type: ignore[arg-type]
                        continue
                    if cls in wanted:
                        found((node, owner, counted))
                    if cls is assert_class and counted:
                        regions.append((children(node), owner, False))
                        continue
            fields = fields_of.get(cls)
            for name in child_fields(cls) if fields is None else fields:
                value = getattr(node, name, None)
                if type(value) is list:
                    extend(value)
                elif value is not None:
                    push(value)


@lru_cache(maxsize=8)
def _special(noted: frozenset[type[ast.AST]], wanted: frozenset[type[ast.AST]]) -> frozenset[type]:
    """The classes ``walk_unit`` treats apart from their children: noted, wanted, scopes and
    ``assert`` (one set per pair of callers' sets, of which there are two)."""
    return noted | wanted | _SCOPES | {ast.Assert}


def _unit_regions(
    node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef, scope: Scope
) -> list[_UnitRegion]:
    """``_scope_regions``, and a function's decorators, arguments, return annotation and
    (3.12+) type parameters for the outline alone."""
    found: list[_UnitRegion] = [
        (stack, owner, counted) for stack, owner, counted in _scope_regions(node, scope)
    ]
    if not isinstance(node, ast.ClassDef):
        header: list[ast.AST] = [node.args, *node.decorator_list]
        if node.returns is not None:
            header.append(node.returns)
        header += getattr(node, "type_params", [])
        found.append((header, None, False))
    return found
