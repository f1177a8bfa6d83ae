"""The module outline: one iterative walk of the parser's tree, plus suppression comments."""

from __future__ import annotations

import ast
import pickle

from analyzer import codec
from analyzer.facts import ParsedFile, SourceFile
from analyzer.outline import ModuleOutline, Suppression, _binds, outline
from analyzer.parsing.parse import parse_text

TEXT = '''"""Orders."""
import logging
__all__ = ["total"]
RATE = 2
log = logging.getLogger(__name__)
register(RATE)


def total(x):  # archfit: ignore[UNX001, one-sentence] why not
    print(x)
    return x * RATE


class Cart:
    def add(self):
        return total(1)


if __name__ == "__main__":
    print("demo")
'''


def test_outline_reads_the_module_shape() -> None:
    shape = outline(ast.parse(TEXT), TEXT)
    assert (shape.docstring, shape.docstring_line) == ("Orders.", 1)
    multi = '"""Orders.\n\nMore.\n"""\n'
    assert outline(ast.parse(multi), multi).docstring_line == 4
    assert shape.exports == ("total",)
    assert [(d.name, d.kind, d.references) for d in shape.definitions] == [
        ("__all__", "variable", ()),
        ("RATE", "variable", ()),
        ("log", "variable", ()),
        ("total", "function", ("RATE",)),
        ("Cart", "class", ("total",)),
    ]
    assert [(e.line, e.call) for e in shape.side_effects] == [(6, "register")]
    assert shape.print_lines == (10,)  # the one under the __main__ guard is a script's
    assert (shape.main_guard_line, shape.logging_line) == (19, 5)
    assert shape.suppressions == (Suppression(9, 11, ("UNX001", "one-sentence"), "why not"),)


def test_outline_crosses_the_process_pool_and_the_cache() -> None:
    parsed = parse_text(SourceFile("shop/orders.py", "shop.orders"), TEXT)
    assert isinstance(parsed.outline, ModuleOutline)
    assert pickle.loads(pickle.dumps(parsed)) == parsed
    assert codec.loads(codec.dumps(parsed), ParsedFile) == parsed


def test_a_10k_deep_expression_is_outlined_without_recursion() -> None:
    text = "x = " + " + ".join(["a"] * 10_000) + "\ny = " + "-" * 900 + "1\n"
    parsed = parse_text(SourceFile("deep.py", "deep"), text)
    assert parsed.outline is not None
    assert [d.name for d in parsed.outline.definitions] == ["x", "y"]


def test_no_comment_scan_without_the_marker() -> None:
    text = "x = 1  # archfit-ish comment\n"
    assert outline(ast.parse(text), text).suppressions == ()


def test_every_target_shape_binds_its_names_in_order() -> None:
    """A bare name, names unpacked (starred, nested), several targets, an annotated and an
    augmented one; an attribute or a subscript binds the names it is made of, as before."""
    text = "a = 1\n(b, [c, *d]) = e = f()\ng: int = 2\ng += 1\nx.y = z[k] = 3\n"
    shape = outline(ast.parse(text), text)
    names = [d.name for d in shape.definitions]
    assert names == ["a", "b", "g", "g", "x"]
    pending = [_binds(statement)[0] for statement in ast.parse(text).body]
    assert pending == [["a"], ["b", "c", "d", "e"], ["g"], ["g"], ["x", "z", "k"]]


def test_the_first_logging_call_by_the_method_and_its_owner() -> None:
    """A method of the logging API on an owner named like a logger, or a set-up call, is the
    first logging line; the same methods of other owners, and other methods, are not."""
    cases = {
        "x = 1\nlogger.info('a')\n": 2,
        "self.log.warning('a')\n": 1,
        "f()\nLOG.critical('x')\n": 2,
        "logging.getLogger(__name__)\n": 1,
        "getLogger()\n": 1,
        "registry.info('a')\nlogger.debug_me('b')\nlogger.exception('c')\n": 3,
        "registry.info('a')\nprint(log)\n": 0,
    }
    for text, line in cases.items():
        assert outline(ast.parse(text), text).logging_line == line, text
