"""Raw line counts equal to radon's ``analyze``, from one tokenize pass.

radon strips every line, then tokenises a growing buffer from each line on until the buffer
tokenises cleanly: one "chunk" (a logical line, a docstring, a comment, a blank line). Each
retry re-tokenises the whole buffer, so a long statement costs quadratic time (half a minute
on one sympy file). Here radon's stripped text is tokenised once and cut into the same chunks:
a chunk ends where radon's buffer would first tokenise cleanly, which is the first NEWLINE or
NL token at bracket depth 0 on a non-empty row (or on the chunk's first row).

Most rows need no tokenizer at all: a "plain" row (no backslash, no triple quote, no ``#``
or ``;`` outside its one-line strings) can neither open nor close a string or a continuation.
It is handed to tokenize as its brackets that stay open or close brackets of earlier rows (most
often none: an empty row, one NL token), and what radon's ``_logical`` needs from its other
tokens is worked out beforehand from its text. A row that starts with a string is handed over
whole when it starts a chunk (radon's docstring test looks at a chunk's first token). Rows
tokenize would only turn into a line end (or a comment), and docstrings, are not handed over
at all where the feed can tell (_Feed). That is most of the tokens of a typical file. ADR-0007
has the argument and the numbers.

On 3.11 a scanner (``raw_scan``) counts first, without tokenize; this path counts only the
chunks it is not sure of, each from its first row, where tokenize starts clean.
"""

from __future__ import annotations

import contextlib
import re
import sys
import tokenize
from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

from analyzer.metrics.model import RawCounts
from analyzer.metrics.raw_scan import (
    FIRST_TOKEN,
    TRIPLE_ENDS,
    Tally,
    logical_lines,
    row_marks,
    scan,
)
from analyzer.patterns import compiled_later
from archfit_values import frozen

_DEPTH = {"(": 1, "[": 1, "{": 1, ")": -1, "]": -1, "}": -1}
_LINE_ENDS = frozenset({tokenize.NL, tokenize.NEWLINE})
_COMMENT, _OP, _STRING = tokenize.COMMENT, tokenize.OP, tokenize.STRING
_ENDMARKER = tokenize.ENDMARKER
# Compiled on first use (``analyzer.patterns``): a file the scanner is sure of reads none.
_NOT_PLAIN = compiled_later(r"""['"#\\;]""")
_BRACKET = compiled_later(r"[][(){}]")
_NOT_BRACKET = compiled_later(r"[^][(){}]+")
_PAIR = compiled_later(r"\(\)|\[\]|\{\}")
# A one-line string with no backslash in it, not glued to a name (``if"a"`` keeps its quote).
_SHORT_STRING = compiled_later(r"""(?<!\w)[rRbBuUfF]{0,2}(?:'[^'\n]*'|"[^"\n]*")""")
# Up to 3.11 an f-string is one STRING token, whatever it holds. From 3.12 on tokenize splits
# f-strings (and 3.14's t-strings) into parts, the fields' ``:`` among them, so the rows of a
# file that holds one are all left to tokenize (it is twice as fast there, written in C).
_SPLIT_STRING = (
    re.compile(r"""(?<!\w)[rRbB]?[fFtT][rRbB]?['"]""") if sys.version_info >= (3, 12) else None
)
_STARTS_WITH_STRING = compiled_later(r"""[rRbBuUfF]{0,2}['"]""")
_STRING_STARTS = frozenset("'\"rRbBuUfF")
_TRIPLE = compiled_later(tokenize.Triple)  # tokenize's own pattern of a triple quote
# Up to 3.11 tokenize is Python that reads one line when it has yielded every token of the
# line before, so the rows it is handed can be chosen as it goes (_Feed). From 3.12 on it is
# C, which may read ahead: every row is handed over there.
_SKIPS = sys.version_info < (3, 12)


@frozen
class _Plain:
    """What radon's ``_logical`` needs from the tokens of a plain row tokenize is not handed."""

    tokens: int  # 1, or 2 for two or more (only needed without a colon)
    after_colon: int  # tokens after its last ``:`` (0, 1, or 2 for more); -1 without one
    brackets: str  # its unmatched brackets, the row tokenize is handed (in their order)
    string_first: bool  # it starts with a string: handed over whole when it starts a chunk

    def is_chunk(self) -> bool:
        """Whether the row is a chunk of code by itself when one starts at it."""
        return not self.brackets and not self.string_first


# Each summary built once: most rows of a file are plain, and a new frozen instance per row
# cost more than the rest of summing the row up. Few rows leave more than two brackets open.
_PLAIN: dict[tuple[int, int, str, bool], _Plain] = {}


class _Chunk(NamedTuple):
    """What radon looks at in one chunk of rows ``start..end`` (1-based, inclusive)."""

    start: int
    end: int
    first: tokenize.TokenInfo | None  # the chunk's first token
    only_line_ends_after_first: bool
    comments: int
    lloc: int

    def is_single(self, kind: int) -> bool:
        """radon's ``is_single_token``: one token of ``kind``, then only line ends."""
        return (
            self.first is not None and self.first.type == kind and self.only_line_ends_after_first
        )


class _Statement:
    """radon's ``_logical`` state for the tokens since the chunk's start or its last ``;``."""

    __slots__ = ("after", "colon", "seen")

    def __init__(self) -> None:
        self.seen = False  # any token that is not a comment or a line end
        self.colon = False  # any ``:``
        self.after = 0  # tokens after the last ``:``; only 0, 1 and "more" matter

    def token(self, is_colon: bool) -> None:
        """One token of the statement."""
        self.seen = True
        if is_colon:
            self.colon, self.after = True, 0
        else:
            self.after += 1

    def plain_row(self, row: _Plain) -> None:
        """A plain row's tokens at once."""
        self.seen = True
        if row.after_colon >= 0:
            self.colon, self.after = True, row.after_colon
        else:
            self.after += row.tokens

    def logical_lines(self, at_end: bool) -> int:
        """radon's count for the statement (``raw_scan.logical_lines``)."""
        return logical_lines(self.seen, self.colon, self.after, at_end)


def raw_counts(text: str) -> RawCounts:
    """radon ``analyze(text)``'s counts, in time linear in the size of ``text``.

    Equal to radon's wherever radon succeeds; where radon raises (text that does not tokenise,
    such as a bracket still open at the end), the unfinished chunk counts as code. The scanner
    (``raw_scan``) counts the chunks it is sure of; each other chunk is tokenized here.
    """
    # radon's view of the text: splitlines() (which also splits on form feeds and other
    # separators), every line stripped, joined again with newlines.
    rows = list(map(str.strip, text.splitlines()))
    summed = _SPLIT_STRING is None or _SPLIT_STRING.search(text) is None
    tally = Tally()
    if _SKIPS:  # 3.11: the scanner, and tokenize for each chunk it is not sure of
        marks = row_marks(rows)
        index = scan(rows, 0, tally, marks)
        while index < len(rows):
            resumed = _tokenized(rows, index, summed, tally, whole=False)
            index = scan(rows, resumed, tally, marks)
    else:  # 3.12+: tokenize is C and reads every row (see _SKIPS)
        _tokenized(rows, 0, summed, tally, whole=True)
    loc = tally.sloc + tally.blank + tally.multi + tally.single
    return RawCounts(
        loc=loc,
        lloc=tally.lloc,
        sloc=tally.sloc,
        comments=tally.comments,
        multi=tally.multi,
        blank=tally.blank,
        single_comments=tally.single,
    )


def _tokenized(rows: list[str], index: int, summed: bool, tally: Tally, whole: bool) -> int:
    """Count the chunk that starts at row ``index`` (0-based, where tokenize starts clean)
    with tokenize, or every chunk from there (``whole``); return the row after the last.

    Once tokenize has stopped (at the end of the text, or where it gives up) the rest of the
    text is counted here too, as one pass over the whole text would count it.
    """
    feed = _Feed(rows, summed)
    feed.next, feed.resumed = index, index + 1
    chunks = _chunks(rows, feed)
    end = index
    for chunk in chunks:
        _count(tally, chunk, rows)
        end = chunk.end
        if not whole and not feed.stopped:
            break
    for name in ("sloc", "lloc", "blank", "single", "comments", "multi"):
        setattr(tally, name, getattr(tally, name) + getattr(feed, name))
    return end if end > index else len(rows)


@lru_cache(maxsize=4096)  # short rows recur: ``)``, ``else:``, ``return None``, ``self,``
def _plain(row: str) -> _Plain | None:
    """A row tokenize need not see, with its tokens summed up; None for any other row."""
    if not row:
        return None
    if _NOT_PLAIN().search(row) is None:  # most rows: no quote, ``#``, ``;`` or backslash
        return _summed(row, False)
    string_first = row[0] in _STRING_STARTS and _STARTS_WITH_STRING().match(row) is not None
    if string_first and not _SKIPS:  # 3.12+: the feed cannot tell where a chunk starts
        return None
    code = _without_strings(row)
    return None if code is None else _summed(code, string_first)


def _without_strings(row: str) -> str | None:
    """The row with each one-line string as one token, when no string, continuation, comment
    or ``;`` is left in it; else None."""
    if "\\" in row or "'''" in row or '"""' in row:  # a backslash continues a line or a string
        return None
    row = _SHORT_STRING().sub(" _ ", row)  # each string one token, its content gone
    return row if _NOT_PLAIN().search(row) is None else None


def _summed(row: str, string_first: bool) -> _Plain:
    """The summary of a plain row (its strings one token each by now)."""
    brackets = "" if _balanced(row) else _unmatched(row)
    colon = row.rfind(":")
    while colon >= 0 and row.startswith("=", colon + 1):  # ``:=`` is not a colon
        colon = row.rfind(":", 0, colon)
    if colon >= 0:  # the tokens before the colon no longer matter
        tokens, after_colon = 2, _token_count(row[colon + 1 :])
    elif brackets:  # tokenize counts the brackets it is handed; the rest is summed up here
        tokens, after_colon = _unfed_count(row, brackets), -1
    else:
        tokens, after_colon = _token_count(row), -1
    key = (tokens, after_colon, brackets, string_first)
    found = _PLAIN.get(key)
    if found is None:
        found = _PLAIN[key] = _Plain(*key)
    return found


def _balanced(row: str) -> bool:
    return (
        row.count("(") == row.count(")")
        and row.count("[") == row.count("]")
        and row.count("{") == row.count("}")
    )


def _unmatched(row: str) -> str:
    """The row's brackets with every pair it opens and closes itself taken out: closers of
    brackets opened on earlier rows, then openers of brackets closed on later ones."""
    brackets, reduced = "", _NOT_BRACKET().sub("", row)
    while reduced != brackets:
        brackets, reduced = reduced, _PAIR().sub("", reduced)
    return brackets


def _unfed_count(row: str, brackets: str) -> int:
    """0, 1 or 2 (two or more): the tokens of a row not among its unmatched ``brackets``."""
    if len(_NOT_BRACKET().sub("", row)) > len(brackets):  # a pair of its own: two tokens
        return 2
    return _token_count(_BRACKET().sub(" ", row))  # a blank keeps the tokens around it apart


def _token_count(fragment: str) -> int:
    """0, 1 or 2 (two or more) tokens: one when tokenize's first token is all of it."""
    fragment = fragment.strip()
    if not fragment:
        return 0
    # A blank separates two tokens: the fragment's strings are " _ " by now, or glued to the
    # name before them (``if"a b"``), two tokens already.
    if " " in fragment or "\t" in fragment:
        return 2
    match = FIRST_TOKEN().match(fragment)
    return 1 if match is not None and match.end(1) == len(fragment) else 2


def _count(tally: Tally, chunk: _Chunk, rows: list[str]) -> None:
    """Add one chunk as radon's ``analyze`` does."""
    tally.comments += chunk.comments
    tally.lloc += chunk.lloc
    if chunk.start == chunk.end:  # most chunks are one row
        filled = 1 if rows[chunk.start - 1] else 0
    else:
        filled = sum(1 for row in rows[chunk.start - 1 : chunk.end] if row)
    empty = chunk.end - chunk.start + 1 - filled
    string = chunk.first
    if chunk.is_single(_COMMENT):
        tally.single += 1
    elif string is not None and chunk.is_single(_STRING):
        if string.start[0] == string.end[0]:  # a one-line docstring
            tally.single += 1
        else:
            tally.multi += filled
            tally.blank += empty
    else:
        tally.sloc += filled
        tally.blank += empty


def _chunks(rows: list[str], feed: _Feed) -> Iterator[_Chunk]:
    """radon's chunks, from one tokenize pass over its view of the text (one hot loop).

    A plain row reaches tokenize as its unmatched brackets, so it yields those and exactly one
    NL or NEWLINE token (none inside a string, where its text does not matter either); that
    token brings the row's other, summed-up tokens into the statement. Rows the feed skipped
    at a chunk's end are chunks it counted itself; rows it skipped inside brackets it added to
    the statement itself.
    """
    start, depth, first, real, summaries = 1, 0, None, feed.real, feed.summaries
    only_line_ends, comments, lloc, statement = True, 0, 0, _Statement()
    for token in _tokens(feed):
        kind = token.type
        if kind == _ENDMARKER:
            feed.stopped = True
            break
        if first is None:
            first, start = token, real[token.start[0]]
        elif kind not in _LINE_ENDS:
            only_line_ends = False
        if kind == _COMMENT:
            comments += 1
        elif kind == _OP and token.string == ";":  # radon counts each ';' part on its own
            lloc, statement = lloc + statement.logical_lines(False), _Statement()
        elif kind not in _LINE_ENDS:
            if kind == _OP:
                depth += _DEPTH.get(token.string, 0)
            statement.token(kind == _OP and token.string == ":")
        else:
            line = token.start[0]
            row, summary = real[line], summaries[line]
            if summary is not None:
                statement.plain_row(summary)
                only_line_ends = False
            if depth == 0 and _ends_chunk(rows, start, row):
                lloc += statement.logical_lines(True)
                yield _Chunk(start, row, first, only_line_ends, comments, lloc)
                start, first, only_line_ends, comments, lloc = row + 1, None, True, 0, 0
                statement, feed.skip = _Statement(), _SKIPS
            elif depth > 0 and _SKIPS:
                feed.inside = statement
    if first is None:
        start = max(start, feed.resumed)
    yield from _rest(rows, start, first, comments, lloc + statement.logical_lines(True))


class _Feed:
    """tokenize's ``readline`` over radon's rows, plain ones as their unmatched brackets
    (tokenize needs only those and the line end).

    Right after a chunk ends (``skip``), tokenize is outside any bracket, string and
    continuation: where it was when the text began, since rows are stripped and have no
    indentation. A plain row without unmatched brackets, an empty row or a comment row there
    is a chunk of its own, so the feed counts it (one source line and its logical lines, a
    blank line, a comment line) and hands tokenize the next row instead; so are the rows of a
    triple-quoted string alone (a docstring). Right after a line end inside brackets
    (``inside``), such rows add only their summed-up tokens and comments. The last row is
    always handed over (it is never plain; empty, it is the end of the text). ``real`` maps
    tokenize's line numbers to rows, ``summaries`` to the summaries of the rows it was not
    handed whole.
    """

    __slots__ = (
        "blank", "comments", "inside", "lloc", "multi", "next", "real", "resumed", "rows",
        "single", "skip", "sloc", "stopped", "summaries", "summed",
    )  # fmt: skip

    def __init__(self, rows: list[str], summed: bool) -> None:
        self.rows = rows
        self.summed = summed  # whether plain rows are summed up at all (see _SPLIT_STRING)
        self.next = 0  # index of the next row to hand over
        self.real = [0]  # the row (1-based) of each line handed over, by tokenize's number
        self.summaries: list[_Plain | None] = [None]  # and each one's summary, if not whole
        self.skip = _SKIPS  # the start of the text is outside everything too
        self.resumed = 1  # the row handed over after the last skip
        self.stopped = False  # tokenize has stopped: at the end of the text, or given up
        self.inside: _Statement | None = None  # the statement whose brackets are open
        # Counts of the rows it skipped.
        self.sloc = self.lloc = self.blank = self.single = self.comments = self.multi = 0

    def readline(self) -> str:
        """The next row tokenize needs; '' at the end, as from a file."""
        starts_chunk = self.skip
        if starts_chunk:
            self.skip = False
            self._skip_trivial()
        elif self.inside is not None:
            self._skip_inside(self.inside)
            self.inside = None
        index = self.next
        if index >= len(self.rows):
            return ""
        self.next = index + 1
        self.real.append(index + 1)
        row = self.rows[index]
        summary = _plain(row) if self.summed and self.next < len(self.rows) else None
        if summary is not None and summary.string_first and starts_chunk:
            summary = None
        self.summaries.append(summary)
        if summary is not None:
            row = summary.brackets
        return row if self.next == len(self.rows) else row + "\n"

    def _skip_trivial(self) -> None:
        rows, index, last = self.rows, self.next, len(self.rows) - 1
        while index < last:
            row = rows[index]
            if not row:
                self.blank += 1
            elif row[0] == "#":  # a comment to the end of the row, a chunk of its own
                self.single += 1
                self.comments += 1
            else:
                end = self._code(index, last)
                if end < 0:
                    break
                index = end
            index += 1
        self.next, self.resumed = index, index + 1

    def _code(self, index: int, last: int) -> int:
        """Count the chunk of code that starts at row ``index`` and return its last row, if
        it is one the feed can count by itself (-1 if not)."""
        row = self.rows[index]
        summary = _plain(row)  # skipping is for 3.11, where every file is summed up
        if summary is not None and summary.is_chunk():
            self.sloc += 1
            self.lloc += 1 if summary.after_colon <= 0 else 2
            return index
        return self._docstring(index, last) if row[0] in _STRING_STARTS else -1

    def _docstring(self, index: int, last: int) -> int:
        """A chunk that is one triple-quoted string alone (radon's docstring test): count it
        and return its last row; -1 for any other row.

        Its end is found as tokenize finds it, with tokenize's own patterns, row by row.
        """
        rows = self.rows
        opener = _TRIPLE().match(rows[index])
        if opener is None:
            return -1
        quote = opener.group()[-1]
        closing, triple = TRIPLE_ENDS[quote](), quote * 3
        end, found = index, closing.match(rows[index], opener.end())
        while found is None and end < last:
            end += 1
            # The pattern ends in the triple quote: no row without one can match it, and
            # on a row of text it backtracks through every character (8% of sympy's count).
            if triple in rows[end]:
                found = closing.match(rows[end])
        if found is None or found.end() != len(rows[end]) or end >= last:
            return -1  # unclosed, more code after it, or on the last row (handed over)
        if end == index:
            self.single += 1
        else:
            filled = sum(1 for row in rows[index : end + 1] if row)
            self.multi += filled
            self.blank += end + 1 - index - filled
        self.lloc += 1
        return end

    def _skip_inside(self, statement: _Statement) -> None:
        """Right after a line end inside brackets, tokenize would only yield an NL token for a
        plain row without unmatched brackets, an empty row or a comment row: their tokens go
        straight into ``statement``, their comments into the count."""
        rows, index, last = self.rows, self.next, len(self.rows) - 1
        while index < last:
            row = rows[index]
            if row and row[0] == "#":
                self.comments += 1
            elif row:
                summary = _plain(row)
                if summary is None or summary.brackets:
                    break
                statement.plain_row(summary)
            index += 1
        self.next = index


def _ends_chunk(rows: list[str], start: int, row: int) -> bool:
    """radon's buffer ends cleanly on this row, unless it is an empty row inside the chunk.

    radon's buffer never ends with an empty row after its first: that row is only the end of
    the text to tokenize, so the row before decides, and it was not clean. (After a backslash
    continuation, tokenize emits NEWLINE on such an empty row.)
    """
    return row == start or bool(rows[row - 1])


def _rest(
    rows: list[str], start: int, first: tokenize.TokenInfo | None, comments: int, lloc: int
) -> Iterator[_Chunk]:
    """Rows after the last chunk: empty rows tokenize never saw, or an unfinished chunk."""
    if first is not None:  # radon raises here; the rest counts as one chunk
        yield _Chunk(start, len(rows), first, False, comments, lloc)
        return
    for row in range(start, len(rows) + 1):
        yield _Chunk(row, row, None, True, 0, 0)


def _tokens(feed: _Feed) -> Iterator[tokenize.TokenInfo]:
    """Every token of the rows ``feed`` hands over; stops quietly where tokenize gives up (an
    unclosed construct)."""
    with contextlib.suppress(tokenize.TokenError, SyntaxError):
        yield from tokenize.generate_tokens(feed.readline)
    feed.stopped = True
