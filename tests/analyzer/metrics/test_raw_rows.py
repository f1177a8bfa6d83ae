"""The raw counter's shortcuts against radon: rows handed to tokenize as their unmatched
brackets, rows summed up inside brackets, and chunks the feed counts without tokenize
(comment rows, docstrings), on snippets written out and on random mixes of rows."""

from __future__ import annotations

import random

import pytest
from radon.raw import analyze

from analyzer.metrics.raw import raw_counts

# Rows that open, close or continue brackets, strings that lead a row, comments and
# docstrings of every shape the feed tells apart, and rows it must leave to tokenize.
ROWS = [
    "", "x = 1", "foo(", ")", "),", "a, b,", "'key': value,", '"abc",', '"abc"', "'a' 'b'",
    "# comment", "x = 1  # trailing", "if x: y", "if x:", "else:", "return [", "]", "}", "{",
    "d = {", "'a': 1,", "lambda: 0", "x[1:2]", "f(a)(", "))", "]),", "(", "x = (", "y)",
    "a = 1; b = 2", "x = \\", "1 + \\", "'str' + x", "'%s' % (", "'a'.join(x)", "n := 3",
    "(n := 3)", "a:b", "print(x, 'y:z')", "def f(", "a=1,", "):", ") -> int:", "pass",
    "rb'y',", "f'{x:>3}' + (", "x = [  # c", "'#' + (", "'(' + x", "if (a and", "b):",
    "x = {'a': [", "]}", '"""', '"""a"""', 'r"""x', 'b"""y"""', '"""a""" + b', 'x"""',
    'x \\"""', '"""a\\"""', "'''", "rb'''q", "q'''", '""""""', '"""x"""  # c', '"""x""".strip()',
    'bu"""', 'f"""{x}"""', "'''\"\"\"'''", 'Rb"""', '"""(', ')"""', 'x = """', "'''a'''",
]  # fmt: skip


def _agree(text: str) -> bool:
    """archfit's counts are radon's, or radon cannot count the text at all."""
    try:
        theirs = tuple(analyze(text))
    except Exception:  # radon raises on text that does not tokenise; archfit still counts
        return True
    return tuple(vars(raw_counts(text)).values()) == theirs


@pytest.mark.parametrize(
    "text",
    [
        "call(\n    a,\n    # note\n\n    'b',\n    c(d)[\n        e\n    ],\n)\nx = 1\n",
        "'key'\n'a', b\nx = ('a',\n'b')\n",
        '"""Doc."""\n# c\n\n"""Two\n\nlines."""\nx = 1\n',
        'def f():\n    """Doc \\""" still."""\n    return r"""a\n    b"""\n',
        '"""Code after it""".strip()\nx = """open\nclose"""  # c\n',
        'x = 1\n"""On the last row"""',
        '"""never closed\nx = 1\n',
        "x = [\n1, 2,\n]; y = (\n3\n)\n",
    ],
)
def test_shortcuts_count_as_radon(text: str) -> None:
    assert _agree(text), text


def test_random_rows_count_as_radon() -> None:
    """2,000 seeded mixes of the rows above, some indented: radon's numbers wherever radon
    counts at all."""
    rnd = random.Random(4)
    for _ in range(2000):
        rows = [" " * rnd.choice((0, 4)) + rnd.choice(ROWS) for _ in range(rnd.randint(1, 12))]
        text = "\n".join(rows) + ("\n" if rnd.random() < 0.8 else "")
        assert _agree(text), repr(text)
