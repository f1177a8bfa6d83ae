"""Structural facts of one module: classes, their bases and methods, forwarding functions.

Taken from the one ``ast`` tree the parser built, by an iterative walk over statements only
(definitions never hide inside expressions, so 10k-deep expressions are never entered). The
values are frozen, stdlib-only and cross the process pool and the content cache; no judgments
here, the complexity-budget checks (``fitness.checks``) decide what is too much.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from archfit_values import frozen

_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
_FUNCTION_CLASSES = frozenset(_FUNCTIONS)
_DEFINITION_CLASSES = frozenset({ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef})
_ABSTRACT_BASES = frozenset({"ABC", "Protocol"})
_ABSTRACT_DECORATORS = frozenset(
    {"abstractmethod", "abstractproperty", "abstractclassmethod", "abstractstaticmethod"}
)
_BODIES = ("body", "orelse", "finalbody")


@frozen(order=True)
class FunctionShape:
    """A pass-through: a function or method whose body only calls ``forwards_to`` with
    exactly its own arguments.

    ``delegates`` when it is a method whose body only calls a method of an attribute of
    ``self`` (``self._repo.save(item)``) with parameters or constants as arguments.
    """

    line: int
    qualname: str  # module-relative: "fetch", "Service.send"
    params: int  # parameters a caller passes (self / cls aside)
    forwards_to: str
    delegates: bool = False


@frozen(order=True)
class ClassShape:
    """A class with its bases as written (dotted), its own methods, and how it declares itself."""

    line: int
    qualname: str
    bases: tuple[str, ...]
    methods: tuple[str, ...]
    abstract: bool = False  # an ABC/Protocol base, an ABCMeta metaclass or an abstract method
    protocol: bool = False
    delegating: int = 0  # methods that only delegate to an attribute of ``self``


@frozen
class ModuleStructure:
    """Every class and function of a module, and the names its top-level imports bind.

    ``aliases`` maps a local name to the absolute dotted name it was imported as
    (``from .models import Base`` in ``shop.views`` binds ``Base`` to ``shop.models.Base``).
    ``public_callables`` / ``public_params`` measure the interface a caller must learn:
    public top-level functions and public methods of public top-level classes, and their
    parameters; ``statements`` is the implementation behind it (statements in all bodies).
    """

    classes: tuple[ClassShape, ...] = ()
    # Only the pass-throughs (143 of Django's 9,271 functions): nothing reads the others, and
    # a warm run decodes every value it keeps (ADR-0014).
    pass_throughs: tuple[FunctionShape, ...] = ()
    aliases: tuple[tuple[str, str], ...] = ()
    public_callables: int = 0
    public_params: int = 0
    statements: int = 0


def extract_structure(tree: ast.Module, module: str | None, is_package: bool) -> ModuleStructure:
    """The structure of a parsed module (``module`` resolves relative imports)."""
    classes: list[ClassShape] = []
    pass_throughs: list[FunctionShape] = []
    definitions, statements = _definitions(tree)
    for node, qualname, in_class in definitions:
        if type(node) is ast.ClassDef:
            classes.append(_class_shape(node, qualname))
        elif (shape := _pass_through(node, qualname, in_class)) is not None:  # type: ignore[arg-type]
            pass_throughs.append(shape)
    public, params = _interface(tree)
    return ModuleStructure(
        classes=tuple(classes),
        pass_throughs=tuple(pass_throughs),
        aliases=tuple(sorted(_aliases(tree, module, is_package))),
        public_callables=public,
        public_params=params,
        statements=statements,
    )


_Definition = tuple[ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef, str, bool]


def _definitions(tree: ast.Module) -> tuple[list[_Definition], int]:
    """Every def and class with its qualname and whether a class body owns it, and the number
    of the other statements (docstrings aside).

    One loop over every statement of the module that hands back lists rather than resuming a
    generator per definition, and asks ``type()`` (see ``analyzer.metrics.tree``): it runs
    for each of a file's statements (74k on Django)."""
    found: list[_Definition] = []
    stack: list[tuple[list[ast.stmt], str, bool]] = [(tree.body, "", False)]
    count = 0
    # Looked up once: the loop runs for every statement.
    definitions, class_def, nested_of = _DEFINITION_CLASSES, ast.ClassDef, _NESTED
    while stack:
        body, prefix, in_class = stack.pop()
        for statement in body:
            cls = type(statement)
            if cls in definitions:
                qualname = prefix + statement.name  # type: ignore[attr-defined]
                found.append((statement, qualname, in_class))  # type: ignore[arg-type]
                stack.append((statement.body, qualname + ".", cls is class_def))  # type: ignore[attr-defined]
                continue
            if cls is ast.Expr and _is_docstring(statement):  # type: ignore[arg-type]
                continue
            count += 1
            nested = nested_of.get(cls)
            if nested is None:
                nested = nested_of[cls] = _nested_fields(cls)
            if nested:  # most statements hold none
                _push_bodies(statement, nested, stack, prefix, in_class)
    return found, count


def _is_docstring(statement: ast.Expr) -> bool:
    value = statement.value
    return type(value) is ast.Constant and type(value.value) is str


def _push_bodies(
    statement: ast.stmt,
    nested: tuple[tuple[str, ...], ...],
    stack: list[tuple[list[ast.stmt], str, bool]],
    prefix: str,
    in_class: bool,
) -> None:
    """The statement lists nested directly in a compound statement, onto ``stack``: its
    bodies (``body``, ``orelse``, ``finalbody``), then its clauses' (handlers, cases)."""
    bodies, clauses = nested
    for name in bodies:
        value = getattr(statement, name)
        if value:
            stack.append((value, prefix, in_class))
    for name in clauses:
        stack += [(clause.body, prefix, in_class) for clause in getattr(statement, name)]


# Per statement class, the fields that hold statement lists and those that hold clauses
# whose bodies do (the order the walk has always pushed them in; most classes hold neither).
_NESTED: dict[type, tuple[tuple[str, ...], ...]] = {}


def _nested_fields(cls: type) -> tuple[tuple[str, ...], ...]:
    """``(bodies, clauses)`` of a statement class, or ``()`` when it holds neither."""
    fields = getattr(cls, "_fields", ())
    bodies = tuple(name for name in _BODIES if name in fields)
    clauses = tuple(name for name in ("handlers", "cases") if name in fields)
    return (bodies, clauses) if bodies or clauses else ()


def _class_shape(node: ast.ClassDef, qualname: str) -> ClassShape:
    bases = tuple(filter(None, map(dotted, node.bases)))
    last = {b.rpartition(".")[2] for b in bases}
    methods = [s for s in node.body if isinstance(s, _FUNCTIONS)]
    return ClassShape(
        line=node.lineno,
        qualname=qualname,
        bases=bases,
        methods=tuple(m.name for m in methods),
        abstract=bool(last & _ABSTRACT_BASES) or _declared_abstract(node, methods),
        protocol="Protocol" in last,
        delegating=_delegating(methods),
    )


def _delegating(methods: list[ast.FunctionDef | ast.AsyncFunctionDef]) -> int:
    return sum(_delegates(m) for m in methods if m.name != "__init__")


def _declared_abstract(
    node: ast.ClassDef, methods: list[ast.FunctionDef | ast.AsyncFunctionDef]
) -> bool:
    """An ``ABCMeta`` metaclass or an abstract method."""
    metaclasses = (dotted(k.value) for k in node.keywords if k.arg == "metaclass")
    if any(m.endswith("ABCMeta") for m in metaclasses):
        return True
    decorators = (dotted(d).rpartition(".")[2] for m in methods for d in m.decorator_list)
    return any(d in _ABSTRACT_DECORATORS for d in decorators)


def _pass_through(
    node: ast.FunctionDef | ast.AsyncFunctionDef, qualname: str, in_class: bool
) -> FunctionShape | None:
    """The function's shape when its body only forwards its arguments, else None."""
    call = _only_call(node)  # most bodies are more than one call: their names are not needed
    if call is None or node.decorator_list:
        return None
    names = _param_names(node, in_class)
    callee = _forwards_to(call, names)
    if not callee:
        return None
    return FunctionShape(
        line=node.lineno,
        qualname=qualname,
        params=len(names),
        forwards_to=callee,
        delegates=in_class and _delegates(node),
    )


def _param_names(node: ast.FunctionDef | ast.AsyncFunctionDef, in_class: bool) -> list[str]:
    """Parameter names in order (``*args`` as ``*args``, ``**kw`` as ``**kw``), self aside."""
    args = node.args
    names = [a.arg for a in (*args.posonlyargs, *args.args)]
    if in_class and names and not _is_static(node):
        names = names[1:]
    names += [f"*{args.vararg.arg}"] if args.vararg else []
    names += [a.arg for a in args.kwonlyargs]
    names += [f"**{args.kwarg.arg}"] if args.kwarg else []
    return names


def _is_static(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    return any(dotted(d) == "staticmethod" for d in node.decorator_list)


def _only_call(node: ast.FunctionDef | ast.AsyncFunctionDef) -> ast.Call | None:
    """The call when the body (docstring aside) is one ``return f(...)`` or ``f(...)``.

    It runs for every function and again for every method (``_delegates``): the body is not
    copied to drop its docstring, and classes are tested by identity."""
    body = node.body
    only = body[0]
    if len(body) == 2 and type(only) is ast.Expr and _is_docstring(only):
        only = body[1]
    elif len(body) != 1:
        return None
    kind = type(only)
    if kind is not ast.Return and kind is not ast.Expr:
        return None
    value = only.value  # type: ignore[attr-defined]
    if type(value) is ast.Await:
        value = value.value
    return value if type(value) is ast.Call else None


def _forwards_to(call: ast.Call, names: list[str]) -> str:
    """The callee when ``call`` passes exactly ``names``, else ``""``."""
    if not names:
        return ""
    callee = dotted(call.func)
    if not callee or _call_arguments(call) != names:
        return ""
    return callee


def _call_arguments(call: ast.Call) -> list[str] | None:
    """The call's arguments as parameter names (``*a``, ``k=k``, ``**kw``), or None."""
    found: list[str] = []
    for arg in call.args:
        if isinstance(arg, ast.Starred) and isinstance(arg.value, ast.Name):
            found.append(f"*{arg.value.id}")
        elif isinstance(arg, ast.Name):
            found.append(arg.id)
        else:
            return None
    for keyword in call.keywords:
        value = keyword.value
        if not isinstance(value, ast.Name) or keyword.arg not in (None, value.id):
            return None
        found.append(f"**{value.id}" if keyword.arg is None else value.id)
    return found


def _delegates(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """``self.<attr>.<method>(...)`` with only names or constants as arguments."""
    call = _only_call(node)
    if call is None:
        return False
    callee = dotted(call.func).split(".")
    simple = (ast.Name, ast.Constant, ast.Starred)
    arguments = [*call.args, *(k.value for k in call.keywords)]
    return (
        len(callee) >= 3 and callee[0] == "self" and all(isinstance(a, simple) for a in arguments)
    )


def dotted(expr: ast.expr) -> str:
    """``a.b.c`` for a Name/Attribute chain (``Generic[T]`` -> ``Generic``), else ``""``."""
    if isinstance(expr, ast.Subscript):
        expr = expr.value
    parts: list[str] = []
    while isinstance(expr, ast.Attribute):
        parts.append(expr.attr)
        expr = expr.value
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name) and expr.func.id == "super":
        parts.append("super()")
    elif isinstance(expr, ast.Name):
        parts.append(expr.id)
    else:
        return ""
    return ".".join(reversed(parts))


def _interface(tree: ast.Module) -> tuple[int, int]:
    """Public top-level functions and public methods of public top-level classes, and their
    parameters (classes tested by identity, a name's first character by index: it runs for
    every top-level statement and method)."""
    callables = params = 0
    functions = _FUNCTION_CLASSES
    for statement in tree.body:
        kind = type(statement)
        if kind in functions and statement.name[0] != "_":  # type: ignore[attr-defined]
            callables, params = callables + 1, params + _param_count(statement, False)  # type: ignore[arg-type]
        elif kind is ast.ClassDef and statement.name[0] != "_":  # type: ignore[attr-defined]
            for method in statement.body:  # type: ignore[attr-defined]
                if type(method) in functions and method.name[0] != "_":
                    callables += 1
                    params += _param_count(method, True)
    return callables, params


def _param_count(node: ast.FunctionDef | ast.AsyncFunctionDef, in_class: bool) -> int:
    """``len(_param_names(node, in_class))``, without building the names."""
    args = node.args
    count = len(args.posonlyargs) + len(args.args)
    if in_class and count and not _is_static(node):
        count -= 1
    starred = (args.vararg is not None) + (args.kwarg is not None)
    return count + len(args.kwonlyargs) + starred


def _aliases(tree: ast.Module, module: str | None, is_package: bool) -> Iterator[tuple[str, str]]:
    for statement in tree.body:
        if isinstance(statement, ast.Import):
            for alias in statement.names:
                if alias.asname:
                    yield alias.asname, alias.name
                else:
                    top = alias.name.partition(".")[0]
                    yield top, top
        elif isinstance(statement, ast.ImportFrom):
            base = _absolute(statement, module, is_package)
            for alias in statement.names:
                if base and alias.name != "*":
                    yield alias.asname or alias.name, f"{base}.{alias.name}"


def _absolute(node: ast.ImportFrom, module: str | None, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    if module is None:
        return ""
    parts = module.split(".")
    keep = len(parts) - node.level + (1 if is_package else 0)
    if keep <= 0:
        return ""
    return ".".join([*parts[:keep], *([node.module] if node.module else [])])
