"""The headers of a ``METADATA`` file (core metadata, RFC 822 style) without ``email``.

``email.parser`` costs 6-9 ms to import, more than reading a wheel's metadata. The headers
archfit reads are plain ``Name: value`` lines, read here exactly as ``HeaderParser`` with its
default (compat32) policy reads them; a header block with anything else (a continuation line,
a carriage return, a line that is no header) is handed to ``email.parser`` itself.
"""

from __future__ import annotations

import re

# A header line as email.feedparser's ``headerRE`` sees one: a name of printable ASCII but
# ``:`` (not empty: email drops a line starting with ``:`` as a defect), then ``:``.
_HEADER = re.compile(r"[\041-\071\073-\176]+:")


def header_values(text: str, name: str) -> list[str]:
    """Every value of header ``name`` (any case), as ``HeaderParser().parsestr(text)
    .get_all(name) or []`` gives them."""
    values = _plain_values(text, name.lower())
    if values is None:
        from email.parser import HeaderParser  # only for a header block beyond plain lines

        return list(HeaderParser().parsestr(text).get_all(name) or [])
    return values


def _plain_values(text: str, wanted: str) -> list[str] | None:
    """The values when every header line is a plain ``Name: value``; None otherwise."""
    values: list[str] = []
    for line in text.split("\n\n", 1)[0].split("\n"):  # the body (a long README) unsplit
        if not line:  # the blank line that ends the headers (or the text's end)
            return values
        if "\r" in line or not _HEADER.match(line):
            return None
        key, _, value = line.partition(":")
        if key.lower() == wanted:
            values.append(value.lstrip(" \t"))
    return values
