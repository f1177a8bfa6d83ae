"""Bytes to text as the interpreter would read them (PEP 263, BOM, universal newlines)."""

from __future__ import annotations

import codecs
import io
import tokenize

from analyzer.facts import Problem, ProblemKind

# PEP 263: a coding cookie counts on line 1 or 2 only.
_COOKIE_LINES = 2


def decode_source(path: str, data: bytes) -> str | Problem:
    """Decode ``data`` per PEP 263; return the text, or a Problem naming why it cannot be."""
    bom = data.startswith(codecs.BOM_UTF8)
    body = data[len(codecs.BOM_UTF8) :] if bom else data  # offsets count from after a BOM
    encoding = _detect_encoding(path, data, body)
    if isinstance(encoding, Problem):
        return encoding
    if bom:  # detect_encoding said utf-8-sig; the BOM is already gone from ``body``
        encoding = "utf-8"
    try:
        text = body.decode(encoding)
    except (ValueError, LookupError, TypeError) as exc:  # UnicodeError (punycode) included
        return _decode_problem(path, exc, body, encoding)
    # Universal newlines: CRLF and lone CR read as LF, as the import system does.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _detect_encoding(path: str, data: bytes, body: bytes) -> str | Problem:
    """The declared encoding; a bad cookie, or bytes on the cookie lines that are not UTF-8."""
    try:
        return tokenize.detect_encoding(io.BytesIO(data).readline)[0]
    except SyntaxError as exc:  # bad or unknown cookie, BOM + non-utf8 cookie, or bad bytes
        head = b"\n".join(body.split(b"\n", _COOKIE_LINES)[:_COOKIE_LINES])
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as bad:
            return _decode_problem(path, bad, body, "utf-8")
        return Problem(path, ProblemKind.UNDECODABLE, exc.msg or str(exc), _cookie_line(body))


def _cookie_line(body: bytes) -> int:
    """The line the coding cookie sits on (1 or 2)."""
    return 1 if b"coding" in body.split(b"\n", 1)[0] else 2


def _decode_problem(path: str, exc: Exception, data: bytes, encoding: str) -> Problem:
    """Say where decoding failed: the line and column of the first bad byte."""
    if isinstance(exc, UnicodeDecodeError):
        line, column = _position(data, exc.start)
        message = f"cannot decode byte 0x{data[exc.start]:02x} as {encoding}"
        return Problem(path, ProblemKind.UNDECODABLE, message, line, column)
    if isinstance(exc, (ValueError, TypeError)):
        return Problem(path, ProblemKind.UNDECODABLE, f"cannot decode as {encoding}: {exc}")
    return Problem(path, ProblemKind.UNDECODABLE, f"unknown encoding {encoding!r}")


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line (LF, CRLF and lone CR each end one) and byte column of ``offset``."""
    head = data[:offset]
    line = head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1
    line_start = max(head.rfind(b"\n"), head.rfind(b"\r")) + 1
    return line, offset - line_start + 1
