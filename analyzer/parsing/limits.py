"""What a file must satisfy before the libcst fallback may read it, in one linear scan.

libcst's parser costs grow faster than the file: a 10 KB ``x = [[[...]]]`` took 135 s and
23 GB. It also accepts what CPython rejects (more than 200 nested brackets, a bad ``\\N{...}``
or ``\\x`` escape), so a file that only libcst can read would be analysed as if valid. This scan
runs on text ``ast`` refused, before libcst is tried; each limit is a property of the text,
never of time, so the outcome is the same on every machine (README: Limits and safety).
"""

from __future__ import annotations

import re
import unicodedata

from archfit_values import frozen, mutable

# CPython's tokenizer refuses more than 200 nested brackets (MAXLEVEL); libcst does not.
MAX_BRACKET_DEPTH = 200
# Real code nests f-strings two or three deep; libcst's cost grows steeply with the depth.
MAX_FSTRING_DEPTH = 32
# Tokens (names, numbers, operators; a string counts as its pieces) of any file: a 4 MB flat
# list (2M items) took 113 s and 2 GB through ast and the metrics; the largest file of Django,
# sympy, black, parso and libcst has 153,159.
MAX_FALLBACK_TOKENS = 500_000
# Files shorter than this cannot hold MAX_FALLBACK_TOKENS tokens worth counting first.
_COUNT_FROM_CHARS = 256 * 1024
_TOKEN = re.compile(r"[A-Za-z0-9_]+|[^\sA-Za-z0-9_]")


def too_many_tokens(text: str) -> Refusal | None:
    """The refusal of a file with more tokens than any file archfit will parse (counted only
    for long files: a short one cannot reach the limit)."""
    if len(text) < _COUNT_FROM_CHARS:
        return None
    count = 0
    for count, _ in enumerate(_TOKEN.finditer(text), 1):
        if count > MAX_FALLBACK_TOKENS:
            return Refusal(f"over the limit of {MAX_FALLBACK_TOKENS} tokens", 1)
    return None


# Characters that change the scanner's state, and runs of word characters (tokens).
_SIGNIFICANT = re.compile(r"""[A-Za-z0-9_]+|[()\[\]{}#'"\\\n]|[^\sA-Za-z0-9_]""")
_IN_STRING = re.compile(r"""[\\\n{}'"]""")
_OPEN, _CLOSE = "([{", ")]}"


@frozen
class Refusal:
    """Why the fallback parser may not read a file, and where (1-based line)."""

    message: str
    line: int


@mutable
class _String:
    """An open string literal: its quote, and whether it is an f-string, raw or bytes."""

    quote: str
    formatted: bool
    raw: bool
    binary: bool


def check_fallback(text: str) -> Refusal | None:
    """The first limit ``text`` breaks, or a CPython-only rule it breaks; None if it may be
    handed to the fallback parser."""
    return _Scan(text).run()


class _Scan:
    """A stack of open brackets, f-string replacement fields and strings, walked once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.stack: list[str | _String] = []
        self.brackets = 0
        self.fstrings = 0
        self.tokens = 0

    def run(self) -> Refusal | None:
        """Walk the text; stop at the first refusal."""
        position = 0
        while position < len(self.text):
            top = self.stack[-1] if self.stack else None
            if isinstance(top, _String):
                position, refusal = self._in_string(top, position)
            else:
                position, refusal = self._in_code(position)
            if refusal is not None:
                return refusal
        return None

    def _line(self, position: int) -> int:
        return self.text.count("\n", 0, position) + 1

    def _in_code(self, position: int) -> tuple[int, Refusal | None]:
        match = _SIGNIFICANT.search(self.text, position)
        if match is None:
            return len(self.text), None
        token, end = match.group(), match.end()
        self.tokens += 1
        if self.tokens > MAX_FALLBACK_TOKENS:
            return end, Refusal(f"over the limit of {MAX_FALLBACK_TOKENS} tokens", 1)
        if token == "#":
            newline = self.text.find("\n", end)
            return (len(self.text) if newline < 0 else newline), None
        if token in "'\"":
            return self._open_string(match.start(), token)
        if token in _OPEN:
            return self._open_bracket(token, end)
        if token in _CLOSE:
            self._close_bracket()
        return end, None

    def _open_bracket(self, token: str, end: int) -> tuple[int, Refusal | None]:
        self.stack.append(token)
        self.brackets += 1
        if self.brackets > MAX_BRACKET_DEPTH:
            message = f"brackets nested over the limit of {MAX_BRACKET_DEPTH} deep"
            return end, Refusal(message, self._line(end))
        return end, None

    def _close_bracket(self) -> None:
        if self.stack and isinstance(self.stack[-1], str):
            self.stack.pop()
            self.brackets -= 1

    def _open_string(self, start: int, quote: str) -> tuple[int, Refusal | None]:
        triple = quote * 3
        if self.text.startswith(triple, start):
            quote = triple
        letters = _prefix(self.text, start)
        string = _String(quote, "f" in letters, "r" in letters, "b" in letters)
        self.stack.append(string)
        if string.formatted:
            self.fstrings += 1
            if self.fstrings > MAX_FSTRING_DEPTH:
                message = f"f-strings nested over the limit of {MAX_FSTRING_DEPTH} deep"
                return start, Refusal(message, self._line(start))
        return start + len(quote), None

    def _in_string(self, string: _String, position: int) -> tuple[int, Refusal | None]:
        match = _IN_STRING.search(self.text, position)
        if match is None:
            return len(self.text), None
        position = match.start()
        char = self.text[position]
        if char == "\\":
            return self._escape(string, position)
        if self.text.startswith(string.quote, position):
            self.stack.pop()
            self.fstrings -= string.formatted
            return position + len(string.quote), None
        if char == "\n" and len(string.quote) == 1:
            self.stack.pop()  # an unterminated string: CPython reports it, the scan moves on
            self.fstrings -= string.formatted
            return position + 1, None
        if string.formatted and char in "{}":
            return self._field(char, position)
        return position + 1, None

    def _field(self, char: str, position: int) -> tuple[int, Refusal | None]:
        if self.text.startswith(char * 2, position):  # ``{{`` and ``}}`` are literal braces
            return position + 2, None
        if char == "{":
            return self._open_bracket("{", position + 1)
        return position + 1, None

    def _escape(self, string: _String, position: int) -> tuple[int, Refusal | None]:
        if string.raw:
            return position + 2, None  # a raw backslash still keeps the quote in the string
        problem = _bad_escape(self.text, position, string.binary)
        if problem:
            return position, Refusal(problem, self._line(position))
        if self.text.startswith("N{", position + 1) and not string.binary:
            return self.text.index("}", position) + 1, None  # checked: the name is known
        return position + 2, None


def _prefix(text: str, start: int) -> str:
    """The string prefix letters before the quote at ``start`` (``rb``, ``f``...), lowercase."""
    begin = start
    while begin > 0 and start - begin < 2 and text[begin - 1].isalpha():
        begin -= 1
    if begin > 0 and (text[begin - 1].isalnum() or text[begin - 1] == "_"):
        return ""  # the letters end a longer name: not a prefix
    return text[begin:start].lower()


_ESCAPE_DIGITS = {"x": 2, "u": 4, "U": 8}
_HEX = frozenset("0123456789abcdefABCDEF")


def _bad_escape(text: str, position: int, binary: bool) -> str | None:
    """Why the escape at ``position`` is an error to CPython (libcst takes it), or None."""
    kind = text[position + 1 : position + 2]
    if kind == "x" or (kind in ("u", "U") and not binary):
        digits = text[position + 2 : position + 2 + _ESCAPE_DIGITS[kind]]
        if len(digits) < _ESCAPE_DIGITS[kind] or not set(digits) <= _HEX:
            return f"truncated \\{kind} escape (CPython refuses it)"
        if kind == "U" and int(digits, 16) > 0x10FFFF:
            return "\\U escape out of range (CPython refuses it)"
    if kind == "N" and not binary:
        return _bad_name_escape(text, position)
    return None


def _bad_name_escape(text: str, position: int) -> str | None:
    close = text.find("}", position)
    if not text.startswith("{", position + 2) or close < 0 or "\n" in text[position:close]:
        return "malformed \\N character escape (CPython refuses it)"
    try:
        unicodedata.lookup(text[position + 3 : close])
    except KeyError:
        return f"unknown Unicode character name in \\N{{{text[position + 3 : close]}}}"
    return None
