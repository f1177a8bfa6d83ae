"""A module's structure (``analyzer.structure``): the statement walk, pass-throughs and the
public interface, on a module that holds each shape."""

from __future__ import annotations

import ast
import random
from pathlib import Path

from analyzer.structure import (
    ClassShape,
    FunctionShape,
    _definitions,
    _interface,
    _only_call,
    _param_count,
    extract_structure,
)
from tests.conftest import REPO

SOURCE = '''"""Doc."""
from .models import Base
import os.path as osp

def forward(a, *args, **kw):
    return target(a, *args, **kw)

@cache
def decorated(a):
    return target(a)

def _private(a, b):
    "doc"
    if a:
        for x in b:
            pass
    return a

class Service(Base):
    """Doc."""
    def send(self, item):
        return self._repo.save(item)

    @staticmethod
    def build(a, b=1, *, c):
        return make(a, b, c=c)

    def _hidden(self):
        try:
            pass
        except E:
            x = 1
        else:
            y = 2
        finally:
            z = 3

    class Inner:
        def deep(self, q):
            return other(q)
'''


def test_structure_of_every_shape() -> None:
    structure = extract_structure(ast.parse(SOURCE), "shop.views", False)
    assert structure.pass_throughs == (
        FunctionShape(5, "forward", 3, "target"),
        FunctionShape(21, "Service.send", 1, "self._repo.save", delegates=True),
        FunctionShape(39, "Service.Inner.deep", 1, "other"),
    )
    assert [c.qualname for c in structure.classes] == ["Service", "Service.Inner"]
    assert structure.classes[0] == ClassShape(
        19, "Service", ("Base",), ("send", "build", "_hidden"), delegating=1
    )
    assert structure.aliases == (("Base", "shop.models.Base"), ("osp", "os.path"))
    # forward (3), decorated (1); send (1), build (3: a static method keeps its first)
    assert (structure.public_callables, structure.public_params) == (4, 8)
    assert structure.statements == 16  # docstrings and definitions aside


def _definitions_as_first_written(tree: ast.Module) -> tuple[list[tuple[str, bool, int]], int]:
    """The statement walk as it was first written (a generator, a call per compound
    statement): each def and class (qualname, owned by a class, line) in the walk's order,
    and the other statements, docstrings aside."""
    found: list[tuple[str, bool, int]] = []
    count = 0
    stack: list[tuple[list[ast.stmt], str, bool]] = [(tree.body, "", False)]
    while stack:
        body, prefix, in_class = stack.pop()
        for node in body:
            if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
                found.append((f"{prefix}{node.name}", in_class, node.lineno))
                stack.append((node.body, f"{prefix}{node.name}.", isinstance(node, ast.ClassDef)))
                continue
            value = node.value if isinstance(node, ast.Expr) else None
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                continue
            count += 1
            for name in ("body", "orelse", "finalbody", "handlers", "cases"):
                inner = getattr(node, name, [])
                if name in ("handlers", "cases"):
                    stack.extend((item.body, prefix, in_class) for item in inner)
                elif inner and isinstance(inner[0], ast.stmt):
                    stack.append((inner, prefix, in_class))
    return found, count


def _only_call_as_first_written(node: ast.FunctionDef | ast.AsyncFunctionDef) -> ast.Call | None:
    body = node.body
    first = body[0] if body else None
    value = first.value if isinstance(first, ast.Expr) else None
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        body = body[1:]
    if len(body) != 1 or not isinstance(body[0], ast.Return | ast.Expr):
        return None
    call = body[0].value
    if isinstance(call, ast.Await):
        call = call.value
    return call if isinstance(call, ast.Call) else None


def _interface_as_first_written(tree: ast.Module) -> tuple[int, int]:
    functions = (ast.FunctionDef, ast.AsyncFunctionDef)
    callables = params = 0
    for node in tree.body:
        if isinstance(node, functions) and not node.name.startswith("_"):
            callables, params = callables + 1, params + _param_count(node, False)
        elif isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
            for method in node.body:
                if isinstance(method, functions) and not method.name.startswith("_"):
                    callables, params = callables + 1, params + _param_count(method, True)
    return callables, params


def _sampled_modules() -> list[Path]:
    """A seeded sample of the standard library (every statement kind, ``match`` and
    ``except*`` included where the running Python has them) and archfit's own modules."""
    stdlib = sorted(Path(ast.__file__).parent.glob("*.py"))
    stdlib += sorted(Path(ast.__file__).parent.glob("[a-z]*/*.py"))
    sample = random.Random(20261208).sample(stdlib, 150)
    return sample + sorted((REPO / "analyzer").rglob("*.py"))


def test_the_statement_walk_finds_what_its_first_spelling_found() -> None:
    """``_definitions`` (one loop, no generator) yields the same definitions in the same
    order (the facts keep it: a later class of the same name wins in the class index) and
    counts the same statements; ``_only_call`` finds the same calls, ``_interface`` the same
    public callables and parameters."""
    for path in _sampled_modules():
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except (SyntaxError, UnicodeDecodeError):
            continue  # a few test data files of the standard library
        definitions, statements = _definitions(tree)
        found = [(qualname, in_class, node.lineno) for node, qualname, in_class in definitions]
        assert (found, statements) == _definitions_as_first_written(tree), path
        assert _interface(tree) == _interface_as_first_written(tree), path
        for node, _, _ in definitions:
            if not isinstance(node, ast.ClassDef):
                assert _only_call(node) is _only_call_as_first_written(node), path
