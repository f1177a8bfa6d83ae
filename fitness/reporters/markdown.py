"""GitHub-flavoured Markdown pieces the reports share: escaped text, code spans, tables."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from fitness.results.findings import escape_name

Row = Sequence[object]
# Characters that would end a table cell or open HTML, and newlines that would end a row.
_ESCAPES = {"|": "\\|", "<": "&lt;", ">": "&gt;", "&": "&amp;", "\n": " "}


def esc(value: object) -> str:
    """Text safe inside a table cell and as Markdown prose."""
    return "".join(_ESCAPES.get(ch, ch) for ch in escape_name(str(value)))


def code(value: object) -> str:
    """A name in backticks (pipes still escaped: they would end a table cell)."""
    return "`" + escape_name(str(value)).replace("`", "'").replace("|", "\\|") + "`"


def table(headers: Sequence[str], rows: Iterable[Row], right: Iterable[int] = ()) -> str:
    """A Markdown table; ``right`` names the columns aligned right (numbers)."""
    numeric = set(right)
    rule = ["---:" if i in numeric else "---" for i in range(len(headers))]
    lines = [_row(headers), _row(rule), *(_row([str(c) for c in r]) for r in rows)]
    return "\n".join(lines) + "\n"


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"
