"""A scanner of radon's chunks that needs no tokenizer for the rows it is sure of.

radon's ``analyze`` cuts the stripped rows into chunks: from a row where tokenize starts clean,
as many rows as it takes to tokenize without an error. Its counts need, per chunk, only where
it ends, whether it is one comment or one string alone (a docstring), its comments, and
``_logical``'s view of its tokens (split at ``;``: is there a ``:``, and how many tokens follow
the last one). This scanner works those out from the text: strings (one-line, triple-quoted
over several rows), comments, ``;``, backslash continuations and brackets are found with
regular expressions (tokenize's own for the end of a triple-quoted string), and the code
between them is summed up with tokenize's first-token pattern. Most rows are summed up whole
and at once (``fragment``, ``quick``: code, one-line strings, a comment at the end); a row
that holds anything else is read piece by piece (``_Chunk._row``).

It is sure only of text it knows 3.11's tokenize reads without an error token: code of ASCII
letters, digits, blanks and operators, strings whose prefix is valid, a backslash only at the
end of a row followed by a row that is not empty. At the first chunk it is not sure of (a
character outside that set, a string continued by a backslash, a bracket closed more often
than opened, text that ends inside a construct), it stops and says where: that chunk starts
clean, so the caller hands it to tokenize (``analyzer.metrics.raw``) and resumes the scan
after it. From 3.12 on, tokenize is C, splits f-strings into parts and reports errors of its
own: the caller tokenizes every row there, as before.
"""

from __future__ import annotations

import re
import tokenize
from functools import lru_cache

from analyzer.patterns import compiled_later

# Code the scanner sums up itself is made of these characters; any other one starts a string,
# a comment, a statement (``;``) or a continuation, or is one the scanner is unsure of
# (``$``, ``?``, anything outside ASCII: tokenize may turn it into an error token). A ``!``
# is code only in ``!=``.
_SPECIAL = re.compile(r"[^A-Za-z0-9_ \t+\-*/%&|^~<>=.,:@()\[\]{}]")
# The bytes of plain code ``row_marks`` drops: those ``_SPECIAL`` passes but the brackets.
_PLAIN_CODE = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_ \t+-*/%&|^~<>=.,:@"
_BRACKETS = b"()[]{}"
# Valid string prefixes, lower-cased (tokenize reads ``ur"a"`` as a name and a string).
_PREFIXES = frozenset({"r", "u", "b", "f", "br", "rb", "fr", "rf"})
# The rest of a one-line string after its opening quote, as tokenize's ContStr reads it.
# These four are compiled on first use (``analyzer.patterns``): an edit run scans one file,
# which may hold no string or triple quote of one kind (Django's ``query.py``: no ``'``
# string the scanner reads piece by piece, no ``'''``).
_SINGLE_ENDS = {
    "'": compiled_later(r"[^\n'\\]*(?:\\.[^\n'\\]*)*'"),
    '"': compiled_later(r'[^\n"\\]*(?:\\.[^\n"\\]*)*"'),
}
# tokenize's own patterns, compiled as tokenize compiles them (``re.UNICODE``): up to 3.11,
# where tokenize is Python, the first file handed to it finds them in ``re``'s cache rather
# than compiling them again (7 ms, on every run that parses a file with a multi-line row).
TRIPLE_ENDS = {
    "'": compiled_later(tokenize.Single3, re.UNICODE),
    '"': compiled_later(tokenize.Double3, re.UNICODE),
}
# Every one-line string of a row at once, read as tokenize reads it (a valid prefix not glued
# to a word, escapes inside): where it leaves no quote behind, it read the row's strings as
# tokenize does, each one left to right from its opening quote. It is
# ``(?<!\w)(?:[rR][bBfF]?|[bBfF][rR]?|[uU])?`` and a quoted string, spelled as one branch per
# first character, each a literal followed by the test that no word character precedes it:
# ``re`` then tries only the positions that hold one of those ten characters, where a leading
# assertion made it try every position of the row (2% of a cold run's instructions).
_QUOTED = r"""(?:'[^\n'\\]*(?:\\.[^\n'\\]*)*'|"[^\n"\\]*(?:\\.[^\n"\\]*)*")"""
_STRINGS = re.compile(
    "|".join(
        [rf"{c}(?<!\w{c})[bBfF]?{_QUOTED}" for c in "rR"]
        + [rf"{c}(?<!\w{c})[rR]?{_QUOTED}" for c in "bBfF"]
        + [rf"{c}(?<!\w{c}){_QUOTED}" for c in "uU"]
        + [r"""'(?<!\w')[^\n'\\]*(?:\\.[^\n'\\]*)*'""", r'''"(?<!\w")[^\n"\\]*(?:\\.[^\n"\\]*)*"''']
    )
)
# tokenize's "next token" pattern, for rows that may hold strings (``analyzer.metrics.raw``).
FIRST_TOKEN = compiled_later(tokenize.PseudoToken, re.UNICODE)
# The same pattern without the branches that need a quote (a string, a triple quote), for
# the code ``_token_count`` is given, which holds none (``_SPECIAL`` finds every quote): a
# branch that cannot match leaves the alternation's first match as it was. It is compiled
# at every start that scans a file, in 1.0 ms against 1.7 ms for tokenize's (the quote
# branches spell about 70 string prefixes twice).
_CODE_TOKEN = re.compile(
    tokenize.Whitespace
    + tokenize.group(
        tokenize.group(r"\\\r?\n|\Z", tokenize.Comment),  # tokenize.PseudoExtras, no Triple
        tokenize.Number,
        tokenize.Funny,
        tokenize.Name,  # tokenize.ContStr left out before it
    ),
    re.UNICODE,
)


def logical_lines(seen: bool, colon: bool, after: int, at_end: bool) -> int:
    """radon's ``_logical`` count of one statement (``seen``: it has a token; ``colon``: a
    ``:`` among them, ``after`` tokens after the last one): 1, or 2 when a ``:`` is followed
    by more (a one-line ``if x: y``). radon asks whether the last ``:`` is the last-but-one
    token; the chunk's last statement also holds ENDMARKER, so there that means "no token
    after the colon"."""
    if not colon:
        return 1 if seen else 0
    return 2 - (after == (0 if at_end else 1))


class Tally:
    """The counts of the chunks scanned so far, radon's names."""

    __slots__ = ("blank", "comments", "lloc", "multi", "single", "sloc")

    def __init__(self) -> None:
        self.sloc = self.lloc = self.blank = self.single = self.comments = self.multi = 0


# A row or a piece of code summed up: its tokens (0, 1, or 2 for "two or more"), the tokens
# after its last ``:`` (the same, or -1 without one), its bracket depth change, its comments
# (0 or 1) and whether it starts with a string.
Summary = tuple[int, int, int, int, bool]
_CACHED_ROWS = 1024


# Both caches are small: a few rows recur all the time and fill most of the hits (1,024
# entries keep 96% of 8,192's on Django), and every entry is held, with its row, until the
# process ends (8,192 entries each held 4 MB more at a cold run's peak, in each process).
@lru_cache(maxsize=_CACHED_ROWS)  # fragments recur: ``)``, ``else:``, ``return None``, ``self,``
def fragment(code: str) -> Summary:
    """The summary of a piece of code that holds only characters ``_SPECIAL`` passes (and
    ``!=``)."""
    depth = 0
    if "(" in code or ")" in code:  # a test is cheaper than a count (its arguments parsed)
        depth = code.count("(") - code.count(")")
    if "[" in code or "]" in code:  # and most rows have no brackets of a kind
        depth += code.count("[") - code.count("]")
    if "{" in code or "}" in code:
        depth += code.count("{") - code.count("}")
    colon = code.rfind(":")
    while colon >= 0 and code[colon + 1 : colon + 2] == "=":  # ``:=`` is not a colon
        colon = code.rfind(":", 0, colon)
    if colon >= 0:
        return _token_count(code[:colon]) + 1, _token_count(code[colon + 1 :]), depth, 0, False
    return _token_count(code), -1, depth, 0, False


@lru_cache(maxsize=_CACHED_ROWS)
def quick(row: str) -> Summary | None:
    """The summary of a row of code, one-line strings (one token each) and maybe a comment at
    its end; None for a row that holds anything else (a triple quote, a string the pattern
    does not read as tokenize does, a ``;``, a backslash, a ``!=``)."""
    if "'''" in row or '"""' in row:
        return None
    code = _STRINGS.sub(" _ ", row)
    found = _SPECIAL.search(code)
    comments = 0
    if found is not None:
        if code[found.start()] != "#":
            return None
        code, comments = code[: found.start()], 1
    tokens, after_colon, depth, _, _ = fragment(code)
    return tokens, after_colon, depth, comments, code[:3] == " _ "


def _token_count(code: str) -> int:
    """0, 1 or 2 (two or more) tokens: one when tokenize's first token is all of it.

    ``code`` holds no string, comment or backslash. A name, or one character, is one token;
    a comma or a bracket is a token of its own, never part of a longer one (and there are no
    strings). Only what is
    left (numbers, operators, dotted names) is matched with tokenize's pattern, which costs
    more than the rest of summing a row up.
    """
    code = code.strip()
    if not code:
        return 0
    if " " in code or "\t" in code:  # code without strings: a blank separates two tokens
        return 2
    if len(code) == 1 or code.isidentifier():
        return 1
    if "," in code or "(" in code or ")" in code or "[" in code or "]" in code:
        return 2  # a comma or a bracket is a token of its own (braces are rare: matched)
    match = _CODE_TOKEN.match(code)
    return 1 if match is not None and match.end(1) == len(code) else 2


def scan(rows: list[str], index: int, tally: Tally, marks: list[bytes] | None = None) -> int:
    """Count radon's chunks from row ``index`` (0-based, where tokenize starts clean) into
    ``tally``; return the row of the first chunk the scanner is unsure of, or ``len(rows)``.
    ``marks``: ``row_marks(rows)``, when the caller has them already."""
    marks = row_marks(rows) if marks is None else marks
    last = len(rows)
    # The rows counted one by one (most of them) are tallied in locals, added once at the
    # end: a slot's read and write per count cost a fifth of the loop.
    blank = single = sloc = lloc = comments = 0
    depth_of = _mark_depth
    while index < last:
        row = rows[index]
        if not row:
            blank += 1
        elif row[0] == "#":  # a comment to the end of the row, a chunk of its own
            single += 1
        else:
            mark = marks[index]
            depth = depth_of(mark) if mark else 0
            if depth == 0:  # most rows: code, its brackets balanced
                sloc += 1  # one row, one statement
                # A row that ends in its colon (``else:``, ``def f(x):``) has no code after it.
                lloc += 2 if ":" in row and row[-1] != ":" and _code_after_colon(row) else 1
                index += 1
                continue
            summary = None if depth is not None else quick(row)
            if summary is not None and summary[2] == 0 and not summary[4]:
                sloc += 1
                lloc += 1 if summary[1] <= 0 else 2
                comments += summary[3]
            else:
                chunk = _Chunk(rows, index, marks)
                if not chunk.scan():
                    break
                chunk.count(tally)
                index = chunk.end
        index += 1
    tally.blank += blank
    tally.single += single
    tally.comments += comments + single
    tally.sloc += sloc
    tally.lloc += lloc
    return index


def row_marks(rows: list[str]) -> list[bytes]:
    """Per row, the bytes of its brackets and of every character ``_SPECIAL`` finds (each
    character outside ASCII as its UTF-8 bytes), in order: an empty mark is a row of code
    alone without brackets. Found for all rows at once, in C (``bytes.translate``): a search
    per row cost more than the rest of counting most rows."""
    if not rows:
        return []
    found = "\n".join(rows).encode("utf-8", "surrogatepass").translate(None, _PLAIN_CODE)
    marks = found.split(b"\n")
    if len(marks) != len(rows):  # a row holding a line feed (never from splitlines())
        marks = [row.encode("utf-8", "surrogatepass").translate(None, _PLAIN_CODE) for row in rows]
    return marks


@lru_cache(maxsize=2048)  # few marks recur: ``()``, ``(())``, ``[]``, ``("")``
def _mark_depth(mark: bytes) -> int | None:
    """The bracket depth change of a row whose ``row_marks`` mark is ``mark``; None when it
    holds a character ``_SPECIAL`` finds."""
    if mark.translate(None, _BRACKETS):
        return None
    opened = mark.count(b"(") + mark.count(b"[") + mark.count(b"{")
    return opened - mark.count(b")") - mark.count(b"]") - mark.count(b"}")


def _code_after_colon(row: str) -> bool:
    """Whether code follows the row's last ``:`` (``:=`` is none): ``fragment``'s
    ``after_colon`` above 0, two logical lines for radon."""
    colon = row.rfind(":")
    while colon >= 0 and row[colon + 1 : colon + 2] == "=":  # ``:=`` is not a colon
        colon = row.rfind(":", 0, colon)
    return colon >= 0 and bool(row[colon + 1 :].strip())


class _Chunk:
    """One chunk scanned row by row, with ``_logical``'s state for its current statement."""

    __slots__ = (
        "after", "colon", "comments", "depth", "docstring", "empty", "end", "lloc", "marks",
        "rows", "seen", "start", "string_rows",
    )  # fmt: skip

    def __init__(self, rows: list[str], start: int, marks: list[bytes]) -> None:
        self.rows, self.start, self.end, self.marks = rows, start, start, marks
        self.depth = self.comments = self.lloc = self.empty = 0
        self.seen = self.colon = False  # the statement: any token, any ``:``
        self.after = 0  # tokens after its last ``:`` (only 0, 1 and "more" matter)
        self.docstring = False  # the chunk so far is one string that opened its first row
        self.string_rows = 0  # rows that string spans

    def scan(self) -> bool:
        """Scan from the start row to the chunk's last row (``end``); False if unsure."""
        rows, marks, start, quote, cont = self.rows, self.marks, self.start, "", False
        index, last, depth = start, len(rows), 0  # the depth in a local: it moves every row
        while index < last:
            row, pos = rows[index], 0
            if quote:  # inside a triple-quoted string: only a row with its quote can close it
                found = TRIPLE_ENDS[quote[0]]().match(row) if quote in row else None
                if found is None:
                    self.empty += not row
                    index += 1
                    continue
                pos = found.end()
                self.string_rows = index - start + 1
            elif not row:
                if cont or depth <= 0:  # never after a backslash (_row sees to it)
                    return False
                self.empty += 1
                index += 1
                continue
            mark = marks[index]  # ``_summary``, inlined: it runs for most rows of a chunk
            if pos:
                summary = None
            elif not mark or _mark_depth(mark) is not None:
                summary = fragment(row)
            else:
                summary = quick(row)
            if summary is not None and (index > start or not summary[4]):
                # Most rows: code, one-line strings, a comment at the end: summed up here
                # rather than in a call per row (``_statement``, inlined).
                tokens, after_colon, change, comments, _ = summary
                depth += change
                self.comments += comments
                # The row is not empty: it holds a token or a comment, and the chunk is no
                # longer one string alone.
                self.docstring = False
                if tokens:
                    self.seen = True
                    if after_colon >= 0:
                        self.colon, self.after = True, after_colon
                    else:
                        self.after += tokens
                cont = False
            else:
                self.depth = depth
                state = self._row(row, pos, index)
                if state is None:
                    return False
                quote, cont = state
                depth = self.depth
            if not quote and not cont and depth <= 0:
                self.end, self.depth = index, depth
                return depth == 0
            index += 1
        return False  # the text ends inside a construct: radon raises, tokenize decides

    def _row(self, row: str, pos: int, index: int) -> tuple[str, bool] | None:
        """Scan a row from ``pos``: (the quote of a triple-quoted string left open, whether a
        backslash continues the row), or None if unsure."""
        start = pos  # of the code before the next special character
        while True:
            found = _SPECIAL.search(row, pos)
            at = stop = len(row) if found is None else found.start()
            char = "end" if found is None else row[at]
            if char == "!" and row.startswith("=", stop + 1):  # ``!=`` is code
                pos = stop + 2
                continue
            if char == "'" or char == '"':
                stop = _prefix_start(row, start, stop)
                if stop < 0:
                    return None
            if stop > start:
                self._code(row[start:stop])
            if char == "end":
                break
            if char == "#":
                self.comments += 1
                self.docstring = False
                break
            if char == "\\":
                return self._backslash(row, stop, index)
            if char == ";":
                self.lloc += self._logical(False)
                self.docstring = self.seen = self.colon = False
                self.after = 0
                start = pos = stop + 1
                continue
            if char != "'" and char != '"':
                return None
            quote = row[at : at + 3]
            quote = quote if quote in ("'''", '"""') else char
            pos = self._string(row, stop, at + len(quote), quote, index)
            if pos < 0:
                return None
            if pos > len(row):  # a triple-quoted string left open
                return quote, False
            start = pos
        return "", False

    def _backslash(self, row: str, at: int, index: int) -> tuple[str, bool] | None:
        """A backslash continues the row only at its end, and only before a row that is there
        and not empty. A chunk that starts with a row of a backslash alone is left to tokenize
        (radon's docstring and comment tests then look at the next row's first token)."""
        if at + 1 != len(row) or index + 1 >= len(self.rows) or not self.rows[index + 1]:
            return None
        return None if at == 0 and index == self.start else ("", True)

    def _string(self, row: str, begin: int, after: int, quote: str, index: int) -> int:
        """One string token from ``begin`` (its prefix) whose opening ``quote`` ends at
        ``after``; where the row goes on after it, past the row's end if the string is
        triple-quoted and still open, -1 if unsure."""
        self.docstring = begin == 0 and index == self.start and not self.seen
        self.string_rows = 1
        self.seen = True
        self.after += 1
        if len(quote) == 3:
            closed = TRIPLE_ENDS[quote[0]]().match(row, after)
            return len(row) + 1 if closed is None else closed.end()
        closed = _SINGLE_ENDS[quote]().match(row, after)
        return -1 if closed is None else closed.end()

    def _code(self, code: str) -> None:
        """A piece of code between strings, comments and ``;`` (it holds no comment)."""
        tokens, after_colon, depth, _, _ = fragment(code)
        self.depth += depth
        self._statement(tokens, after_colon)

    def _statement(self, tokens: int, after_colon: int) -> None:
        """Code's tokens into the statement (``scan`` inlines this for the rows it sums up)."""
        if tokens:
            self.docstring = False
            self.seen = True
            if after_colon >= 0:
                self.colon, self.after = True, after_colon
            else:
                self.after += tokens

    def _logical(self, at_end: bool) -> int:
        """radon's ``_logical`` for the statement (``logical_lines``)."""
        return logical_lines(self.seen, self.colon, self.after, at_end)

    def count(self, tally: Tally) -> None:
        """Add the chunk as radon's ``analyze`` does."""
        rows = self.end - self.start + 1
        tally.comments += self.comments
        tally.lloc += self.lloc + self._logical(True)
        if self.docstring and self.string_rows == 1:
            tally.single += 1
        elif self.docstring:
            tally.multi += rows - self.empty
            tally.blank += self.empty
        else:
            tally.sloc += rows - self.empty
            tally.blank += self.empty


def _prefix_start(row: str, start: int, quote: int) -> int:
    """Where the string whose quote is at ``quote`` starts: at its prefix, if the code before
    the quote (from ``start``) ends in one; -1 if it ends in any other word (``if"a"``,
    ``ur"a"``: tokenize reads a name there)."""
    begin = quote
    while begin > start and quote - begin < 3 and _is_word(row[begin - 1]):
        begin -= 1
    if begin == quote:
        return quote
    prefix = row[begin:quote].lower()
    if prefix not in _PREFIXES or (begin > 0 and _is_word(row[begin - 1])):
        return -1
    return begin


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"
