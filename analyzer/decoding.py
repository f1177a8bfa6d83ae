"""Bytes to text as the interpreter would read them (PEP 263, BOM, universal newlines)."""

from __future__ import annotations

import io
import tokenize

from analyzer.facts import Problem, ProblemKind


def decode_source(path: str, data: bytes) -> str | Problem:
    """Decode ``data`` per PEP 263; return the text, or a Problem naming why it cannot be."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as exc:  # bad or unknown coding cookie, or BOM + non-utf8 cookie
        return Problem(path, ProblemKind.UNDECODABLE, str(exc))
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        return _decode_problem(path, exc, data, encoding)
    if text.startswith("\ufeff"):
        text = text[1:]
    # Universal newlines: CRLF and lone CR read as LF, as the import system does.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode_problem(path: str, exc: Exception, data: bytes, encoding: str) -> Problem:
    """Say where decoding failed: the line the first bad byte sits on."""
    if isinstance(exc, UnicodeDecodeError):
        line = data.count(b"\n", 0, exc.start) + 1
        message = f"cannot decode byte 0x{data[exc.start]:02x} as {encoding}"
        return Problem(path, ProblemKind.UNDECODABLE, message, line)
    return Problem(path, ProblemKind.UNDECODABLE, f"unknown encoding {encoding!r}")
