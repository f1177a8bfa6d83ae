"""The raw counts' scanner (``analyzer.metrics.raw_scan``) against radon's ``analyze``, and
against the counts of tokenize alone, on source text hypothesis builds from the pieces that
decide radon's chunks: strings of every prefix and quote (one-line, triple-quoted over rows,
with escapes, continued by a backslash), f-strings, comments, backslash continuations,
brackets, semicolons, colons and ``:=``, docstrings, characters tokenize rejects.

Cost: 1,500 generated texts, about 9 s of CPU on one core (radon re-tokenizes each chunk),
and 1,500 pieces of code for the token counts (about 1.5 s).
"""

from __future__ import annotations

import contextlib
import io
import itertools
import random
import re
import sys
import tokenize
from collections.abc import Iterator

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from radon.raw import analyze

import analyzer.metrics.raw as raw
from analyzer.metrics import raw_scan
from analyzer.metrics.raw import raw_counts
from analyzer.metrics.raw_scan import FIRST_TOKEN, Tally, row_marks, scan

# Pieces of a row, glued together with or without a blank.
PIECES = [
    "x", "foo", "1", "1.5", "0x1F", "1e-5", "=", "+", "-", "*", "**", "//", ".", ",", ":",
    ":=", "!=", "!", "->", "@", "if", "else", "lambda", "return", "def", "f", "r", "b", "u",
    "rb", "ur", "(", ")", "[", "]", "{", "}", ";", "#", "# c", "# it's \"q\"", "\\", "$", "?",
    "é", "'a'", '"b"', "''", '""', "'a\\'b'", '"a\\\\"', "r'\\d'", "b'x'", "rb'y'", "f'{x}'",
    'f"{x:>3}"', "u'z'", "ur'z'", "x'a'", "if'a'", "'open", '"open', "'cont\\", "'''",
    '"""', "'''doc'''", '"""doc"""', 'r"""raw', "'''a\\'''", '"""a""" + b', "'#'", "';'",
    "'('", '")"', "'\\''", "a:b", "x[1:-1]", "\t", "1if", "é'a'",
]  # fmt: skip

_row = st.tuples(
    st.sampled_from(["", "    ", "\t"]),
    st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(["", " "])), max_size=6),
).map(lambda parts: parts[0] + "".join(piece + blank for piece, blank in parts[1]))
_text = st.tuples(
    st.lists(_row, min_size=1, max_size=14), st.sampled_from(["\n", "", "\n\n", "\r\n"])
).map(lambda parts: parts[1].join(parts[0]) + parts[1])


@contextlib.contextmanager
def _tokenize_only() -> Iterator[None]:
    """raw_counts with the scanner unsure of every chunk: each chunk is tokenized."""
    saved = raw.scan
    raw.scan = lambda rows, index, tally, marks=None: index  # type: ignore[assignment]
    try:
        yield
    finally:
        raw.scan = saved


def _counts(text: str) -> tuple[int, ...]:
    return tuple(vars(raw_counts(text)).values())


@settings(
    max_examples=1500,
    deadline=None,
    derandomize=True,  # CI sees the same texts every run
    suppress_health_check=[HealthCheck.too_slow],
)
@given(_text)
def test_scanner_counts_as_radon_and_as_tokenize(text: str) -> None:
    counted = _counts(text)
    with _tokenize_only():
        assert counted == _counts(text)  # where radon raises, the counts of before
    # The scanner runs on 3.11, whose tokenize marks what it cannot read with error tokens;
    # from 3.12 on every row is tokenized as before (and compared with itself above).
    if sys.version_info < (3, 12) and _tokenizes(text):
        assert counted == tuple(analyze(text))


def _tokenizes(text: str) -> bool:
    """Text whose counts must be radon's: radon's view of it tokenizes without an error token,
    no row is a backslash alone and no backslash ends a row before an empty one. The scanner
    leaves those two to tokenize, whose counts, kept as they were, differ from radon's there
    (ADR-0007)."""
    rows = [line.strip() for line in text.splitlines()]
    if "\\" in rows or any(a.endswith("\\") and not b for a, b in itertools.pairwise(rows)):
        return False
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO("\n".join(rows)).readline))
    except (tokenize.TokenError, SyntaxError):
        return False
    return all(token.type != tokenize.ERRORTOKEN for token in tokens)


def test_a_string_then_a_comment_is_no_docstring() -> None:
    """A comment on the row a backslash continues a string's row to: two tokens, code."""
    for text in ("'a'\\\n#\n", "'a' \\\n# c\nx = 1\n", '"""a""" \\\n# c\n'):
        assert _counts(text) == tuple(analyze(text)), text


def test_the_scanner_needs_no_tokenizer_for_everyday_rows() -> None:
    """Strings, comments, docstrings, continuations, ``;`` and brackets over rows: the scanner
    is sure of every chunk (it stops at the first chunk it is not sure of)."""
    text = (
        '"""Module.\n\nDoc."""\nimport os  # c\nx = {\n    "a": [1, 2],  # note\n\n'
        "    'b': r'\\d' f'{x}',\n}\nif x != 1: y = 2; z = 3\ns = '''a\nb''' + \\\n    'c'\n"
        "def f(a: int) -> str:\n    '''Doc.'''\n    return b\"x\" u'y'\n"
    )
    rows = [line.strip() for line in text.splitlines()]
    tally = Tally()
    assert scan(rows, 0, tally) == len(rows)
    assert _counts(text) == tuple(analyze(text))


def test_the_scanner_stops_at_a_chunk_it_is_not_sure_of() -> None:
    """A character tokenize rejects, an invalid prefix, a string continued by a backslash,
    a backslash before an empty row: the chunk is left to tokenize, the counts stay radon's."""
    odd_rows = ("x = $", "x = ur'a'", "x = 'a\\\nb'", "x = 1 + \\\n\ny", "x = é", "\\\n'''d'''")
    for odd in odd_rows:
        text = f"a = 1\n{odd}\nb = 2\n"
        rows = [line.strip() for line in text.splitlines()]
        assert scan(rows, 0, Tally()) == 1, odd
        with contextlib.suppress(Exception):  # radon raises on some of them
            assert _counts(text) == tuple(analyze(text)), odd


def test_row_marks_keep_brackets_and_what_the_scanner_must_read() -> None:
    """A row's mark holds its brackets and every character outside plain code (non-ASCII
    ones as their bytes, a lone surrogate too): an empty or bracket-only mark is what lets
    the scanner count a row without reading it."""
    rows = ["x = f(a)[0]", "", "# c", "s = 'é'", "if x: y", "z = \udcff", "a != b; c"]
    assert row_marks(rows) == [
        b"()[]", b"", b"#", b"'\xc3\xa9'", b"", b"\xed\xb3\xbf", b"!;",
    ]  # fmt: skip
    assert row_marks(["a\nb", "(c"]) == [b"\n", b"("]  # a row with a line feed: row by row
    assert row_marks([]) == []


def test_rows_counted_without_reading_them_count_as_radon() -> None:
    """Rows of code alone (brackets balanced or not, ``:`` and ``:=``, a colon followed by
    code or not) next to rows the scanner must read."""
    text = (
        "def f(a, b):\n    if (n := a): return b\n    x = d[1:2]\n    y = {1: 2}\n"
        "    z = g(a,\n          b)[0]\n    u = (a)[b](c)\n    t = (\n        a\n    )\n"
        "    return x\nclass C:\n    pass\n"
        "w = 'é' if a else b\nv = a  # c\n"
    )
    assert _counts(text) == tuple(analyze(text))


def _first_token_count(code: str) -> int:
    """0, 1 or 2 tokens as tokenize's next-token pattern reads them (what the scanner's
    shortcuts must agree with)."""
    code = code.strip()
    if not code:
        return 0
    if " " in code or "\t" in code:
        return 2
    match = FIRST_TOKEN().match(code)
    return 1 if match is not None and match.end(1) == len(code) else 2


_CODE_PIECES = [
    *"aZ_09+-*/%&|^~<>=.,:@()[]{} \t",
    *("!=", "0x", "1e", "1j", "...", "**", "//", "->", ":=", "0b1", "0123", "1_0", ".5", "if"),
]


@settings(max_examples=1500, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(_CODE_PIECES), min_size=1, max_size=6).map("".join))
def test_token_counts_agree_with_tokenize(code: str) -> None:
    """Names, single characters, commas and brackets are counted without the pattern."""
    assert raw_scan._token_count(code) == _first_token_count(code)


# Code pieces and the characters ``_SPECIAL`` stops at but quotes: the scanner's pieces of code.
_UNQUOTED = st.lists(st.sampled_from([*_CODE_PIECES, "!", "$", "?", "é", "#", "\\"]), max_size=12)


@settings(max_examples=3000, deadline=None, derandomize=True)
@given(_UNQUOTED.map("".join))
def test_the_code_token_pattern_matches_as_tokenize_pattern_on_code(code: str) -> None:
    """``_CODE_TOKEN``, tokenize's pattern without the branches that need a quote, matches
    what tokenize's matches, group by group, on code without quotes, comments and
    backslashes (all ``_token_count`` is given), and wherever it starts."""
    for start in range(len(code) + 1):
        ours, theirs = raw_scan._CODE_TOKEN.match(code, start), FIRST_TOKEN().match(code, start)
        assert (ours and ours.span(1)) == (theirs and theirs.span(1)), (code, start)


def test_the_row_caches_stay_small() -> None:
    """Every cached row is held until the process ends, in each process of a cold run: the
    caches stay at 1,024 rows (8,192 held 4 MB more per process at a cold Django run's peak),
    and a file of new rows neither grows them past that nor changes what it counts."""
    text = "".join(f"value_{index} = call_{index}(x)  # {index}\n" for index in range(3000))
    raw_scan.fragment.cache_clear()
    raw_scan.quick.cache_clear()
    counted = _counts(text)
    for cached in (raw_scan.fragment, raw_scan.quick):
        info = cached.cache_info()
        assert info.maxsize == 1024
        assert info.currsize <= 1024
    assert counted == tuple(analyze(text))


# The one-line strings' pattern as first written: a leading assertion, then an optional prefix.
_STRINGS_AS_WRITTEN = re.compile(
    r"""(?<!\w)(?:[rR][bBfF]?|[bBfF][rR]?|[uU])?"""
    r"""(?:'[^\n'\\]*(?:\\.[^\n'\\]*)*'|"[^\n"\\]*(?:\\.[^\n"\\]*)*")"""
)


@settings(max_examples=3000, deadline=None, derandomize=True)
@given(_row)
def test_the_strings_pattern_replaces_what_its_first_spelling_replaces(row: str) -> None:
    """``_STRINGS``, spelled a branch per first character so that ``re`` skips to where a
    string may start, replaces the same strings as the pattern it was first written as:
    prefixes valid or not, glued to a word or not, quotes escaped, left open, or inside
    other strings (rows of ``PIECES``)."""
    assert raw_scan._STRINGS.sub(" _ ", row) == _STRINGS_AS_WRITTEN.sub(" _ ", row)


# Pieces of the rows inside brackets that the scanner sums up without reading them piece by
# piece: code, one-line strings and a comment at the end.
_INSIDE = ["a", "b1", "1", "2.5", "+", "-", ",", ".", "=", "==", "'s'", '"t"', "f'u'", "(", ")"]


def _bracketed(rng: random.Random) -> str:
    """A statement whose brackets stay open over rows, a ``:`` on its first row, rows of one
    token or more, then a ``;``: radon counts a logical line more when exactly one token
    follows the ``:`` (``raw_scan.logical_lines``), so each row's tokens must be counted."""
    rows = [rng.choice(["f(a:", "x = [a:", "g(b, lambda:", "d = {k:"])]
    for _ in range(rng.randint(1, 3)):
        row = " ".join(rng.choice(_INSIDE) for _ in range(rng.randint(1, 3)))
        rows.append(row + rng.choice(["", "", "  # c"]))
    rows.append(rng.choice([";)", "; y)", ";]", "; z}"]))
    return "\n".join(rows) + "\n"


def test_rows_inside_brackets_count_their_tokens_up_to_a_semicolon() -> None:
    """Seeded texts (the same every run) where a chunk's rows are summed up inline
    (``_Chunk.scan``): the counts are radon's wherever its view of the text tokenizes."""
    rng = random.Random(20261208)
    compared = 0
    for _ in range(400):
        text = _bracketed(rng)
        if _tokenizes(text):
            assert _counts(text) == tuple(analyze(text)), text
            compared += 1
    assert compared > 200
