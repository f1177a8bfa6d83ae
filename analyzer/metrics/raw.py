"""Raw line counts equal to radon's ``analyze``, from one tokenize pass.

radon strips every line, then tokenises a growing buffer from each line on until the buffer
tokenises cleanly: one "chunk" (a logical line, a docstring, a comment, a blank line). Each
retry re-tokenises the whole buffer, so a long statement costs quadratic time (half a minute
on one sympy file). Here radon's stripped text is tokenised once and cut into the same chunks:
a chunk ends where radon's buffer would first tokenise cleanly, which is the first NEWLINE or
NL token at bracket depth 0 on a non-empty row (or on the chunk's first row).

Most rows need no tokenizer at all: a "plain" row (no backslash, no triple quote, no ``#``
or ``;`` outside its one-line strings, its brackets balanced, not starting with a string) can
neither open nor close a string, a bracket or a continuation. It is handed to tokenize as an
empty row (one NL token), and what radon's ``_logical`` needs from its tokens is worked out
beforehand from its text. That is two thirds of the tokens of a typical file. ADR-0007 has the
argument and the numbers.
"""

from __future__ import annotations

import re
import sys
import tokenize
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from analyzer.metrics.model import RawCounts

_DEPTH = {"(": 1, "[": 1, "{": 1, ")": -1, "]": -1, "}": -1}
_LINE_ENDS = frozenset({tokenize.NL, tokenize.NEWLINE})
_COMMENT, _OP, _STRING = tokenize.COMMENT, tokenize.OP, tokenize.STRING
_ENDMARKER = tokenize.ENDMARKER
_NOT_PLAIN = re.compile(r"""['"#\\;]""")
# A one-line string with no backslash in it, not glued to a name (``if"a"`` keeps its quote).
_SHORT_STRING = re.compile(r"""(?<!\w)[rRbBuUfF]{0,2}(?:'[^'\n]*'|"[^"\n]*")""")
# Up to 3.11 an f-string is one STRING token, whatever it holds. From 3.12 on tokenize splits
# f-strings (and 3.14's t-strings) into parts, the fields' ``:`` among them, so the rows of a
# file that holds one are all left to tokenize (it is twice as fast there, written in C).
_SPLIT_STRING = (
    re.compile(r"""(?<!\w)[rRbB]?[fFtT][rRbB]?['"]""") if sys.version_info >= (3, 12) else None
)
_STARTS_WITH_STRING = re.compile(r"""[rRbBuUfF]{0,2}['"]""")
_STRING_STARTS = frozenset("'\"rRbBuUfF")
_FIRST_TOKEN = re.compile(tokenize.PseudoToken)  # tokenize's own "next token" pattern
# Up to 3.11 tokenize is Python that reads one line when it has yielded every token of the
# line before, so the rows it is handed can be chosen as it goes (_Feed). From 3.12 on it is
# C, which may read ahead: every row is handed over there.
_SKIPS = sys.version_info < (3, 12)


@dataclass(frozen=True)
class _Plain:
    """What radon's ``_logical`` needs from the tokens of a plain row."""

    tokens: int  # 1, or 2 for two or more (only needed without a colon)
    after_colon: int  # tokens after its last ``:`` (0, 1, or 2 for more); -1 without one


# Every summary there can be, built once: most rows of a file are plain, and a new frozen
# instance per row cost more than the rest of summing the row up.
_PLAIN = {(t, a): _Plain(t, a) for t in (0, 1, 2) for a in (-1, 0, 1, 2)}


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
        """radon's count: 1, or 2 when a ``:`` is followed by more (a one-line ``if x: y``).

        radon asks whether the last ``:`` is the last-but-one token; the chunk's last
        statement also holds ENDMARKER, so there that means "no token after the colon".
        """
        if not self.colon:
            return 1 if self.seen else 0
        return 2 - (self.after == (0 if at_end else 1))


def raw_counts(text: str) -> RawCounts:
    """radon ``analyze(text)``'s counts, in time linear in the size of ``text``.

    Equal to radon's wherever radon succeeds; where radon raises (text that does not tokenise,
    such as a bracket still open at the end), the unfinished chunk counts as code.
    """
    # radon's view of the text: splitlines() (which also splits on form feeds and other
    # separators), every line stripped, joined again with newlines.
    rows = [line.strip() for line in text.splitlines()]
    plain = _plain_rows(text, rows)
    counts = dict.fromkeys(("sloc", "comments", "multi", "blank", "single", "lloc"), 0)
    feed = _Feed(rows, plain)
    for chunk in _chunks(rows, plain, feed):
        _count(counts, chunk, rows)
    for name, skipped in (("sloc", feed.sloc), ("lloc", feed.lloc), ("blank", feed.blank)):
        counts[name] += skipped
    loc = counts["sloc"] + counts["blank"] + counts["multi"] + counts["single"]
    return RawCounts(
        loc=loc,
        lloc=counts["lloc"],
        sloc=counts["sloc"],
        comments=counts["comments"],
        multi=counts["multi"],
        blank=counts["blank"],
        single_comments=counts["single"],
    )


def _plain_rows(text: str, rows: list[str]) -> list[_Plain | None]:
    """Each row's summary if it is plain, else None; the last row never is (see _Feed)."""
    if _SPLIT_STRING is not None and _SPLIT_STRING.search(text) is not None:
        return [None] * len(rows)
    return [_plain(row) for row in rows[:-1]] + [None] * bool(rows)


def _plain(row: str) -> _Plain | None:
    """A row tokenize need not see, with its tokens summed up; None for any other row."""
    if not row or "\\" in row:  # a backslash continues a line or a string
        return None
    if row[0] in _STRING_STARTS and _STARTS_WITH_STRING.match(row) is not None:
        return None  # a leading string may be all there is: radon's docstring test
    if "'" in row or '"' in row:
        if "'''" in row or '"""' in row:
            return None
        row = _SHORT_STRING.sub(" _ ", row)  # each string one token, its content gone
    if _NOT_PLAIN.search(row) is not None or not _balanced(row):
        return None
    colon = row.rfind(":")
    while colon >= 0 and row.startswith("=", colon + 1):  # ``:=`` is not a colon
        colon = row.rfind(":", 0, colon)
    if colon >= 0:  # the tokens before the colon no longer matter
        return _PLAIN[2, _token_count(row[colon + 1 :])]
    return _PLAIN[_token_count(row), -1]


def _balanced(row: str) -> bool:
    return (
        row.count("(") == row.count(")")
        and row.count("[") == row.count("]")
        and row.count("{") == row.count("}")
    )


def _token_count(fragment: str) -> int:
    """0, 1 or 2 (two or more) tokens: one when tokenize's first token is all of it."""
    fragment = fragment.strip()
    if not fragment:
        return 0
    # A blank separates two tokens: the fragment's strings are " _ " by now, or glued to the
    # name before them (``if"a b"``), two tokens already.
    if " " in fragment or "\t" in fragment:
        return 2
    match = _FIRST_TOKEN.match(fragment)
    return 1 if match is not None and match.end(1) == len(fragment) else 2


def _count(counts: dict[str, int], chunk: _Chunk, rows: list[str]) -> None:
    """Add one chunk as radon's ``analyze`` does."""
    counts["comments"] += chunk.comments
    counts["lloc"] += chunk.lloc
    if chunk.start == chunk.end:  # most chunks are one row
        filled = 1 if rows[chunk.start - 1] else 0
    else:
        filled = sum(1 for row in rows[chunk.start - 1 : chunk.end] if row)
    empty = chunk.end - chunk.start + 1 - filled
    string = chunk.first
    if chunk.is_single(_COMMENT):
        counts["single"] += 1
    elif string is not None and chunk.is_single(_STRING):
        if string.start[0] == string.end[0]:  # a one-line docstring
            counts["single"] += 1
        else:
            counts["multi"] += filled
            counts["blank"] += empty
    else:
        counts["sloc"] += filled
        counts["blank"] += empty


def _chunks(rows: list[str], plain: list[_Plain | None], feed: _Feed) -> Iterator[_Chunk]:
    """radon's chunks, from one tokenize pass over its view of the text (one hot loop).

    A plain row reaches tokenize empty, so it yields exactly one NL or NEWLINE token (none
    inside a string, where its text does not matter either); that token brings the row's
    summed-up tokens into the statement. Rows the feed skipped are chunks it counted itself.
    """
    start, depth, first, real = 1, 0, None, feed.real
    only_line_ends, comments, lloc, statement = True, 0, 0, _Statement()
    for token in _tokens(feed):
        kind = token.type
        if kind == _ENDMARKER:
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
            row = real[token.start[0]]
            if plain[row - 1] is not None:
                statement.plain_row(plain[row - 1])  # type: ignore[arg-type]
                only_line_ends = False
            if depth == 0 and _ends_chunk(rows, start, row):
                lloc += statement.logical_lines(True)
                yield _Chunk(start, row, first, only_line_ends, comments, lloc)
                start, first, only_line_ends, comments, lloc = row + 1, None, True, 0, 0
                statement, feed.skip = _Statement(), _SKIPS
    if first is None:
        start = max(start, feed.resumed)
    yield from _rest(rows, start, first, comments, lloc + statement.logical_lines(True))


class _Feed:
    """tokenize's ``readline`` over radon's rows, plain ones emptied (tokenize needs only
    their line end).

    Right after a chunk ends (``skip``), tokenize is outside any bracket, string and
    continuation: where it was when the text began, since rows are stripped and have no
    indentation. A plain or empty row there is a chunk of its own, so the feed counts it
    (a plain row: one source line and its logical lines; an empty row: a blank line) and
    hands tokenize the next row instead. The last row is always handed over (it is never
    plain; empty, it is the end of the text). ``real`` maps tokenize's line numbers to rows.
    """

    __slots__ = ("blank", "lloc", "next", "plain", "real", "resumed", "rows", "skip", "sloc")

    def __init__(self, rows: list[str], plain: list[_Plain | None]) -> None:
        self.rows, self.plain = rows, plain
        self.next = 0  # index of the next row to hand over
        self.real = [0]  # the row (1-based) of each line handed over, by tokenize's number
        self.skip = _SKIPS  # the start of the text is outside everything too
        self.resumed = 1  # the row handed over after the last skip
        self.sloc = self.lloc = self.blank = 0

    def readline(self) -> str:
        """The next row tokenize needs; '' at the end, as from a file."""
        if self.skip:
            self.skip = False
            self._skip_trivial()
        index = self.next
        if index >= len(self.rows):
            return ""
        self.next = index + 1
        self.real.append(index + 1)
        row = "" if self.plain[index] is not None else self.rows[index]
        return row if self.next == len(self.rows) else row + "\n"

    def _skip_trivial(self) -> None:
        rows, plain, index, last = self.rows, self.plain, self.next, len(self.rows) - 1
        while index < last:
            summary = plain[index]
            if summary is not None:
                self.sloc += 1
                self.lloc += 1 if summary.after_colon <= 0 else 2
            elif not rows[index]:
                self.blank += 1
            else:
                break
            index += 1
        self.next, self.resumed = index, index + 1


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
    try:
        yield from tokenize.generate_tokens(feed.readline)
    except (tokenize.TokenError, SyntaxError):
        return
