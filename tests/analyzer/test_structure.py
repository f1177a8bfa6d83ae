"""A module's structure (``analyzer.structure``): the statement walk, pass-throughs and the
public interface, on a module that holds each shape."""

from __future__ import annotations

import ast

from analyzer.structure import ClassShape, FunctionShape, extract_structure

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
