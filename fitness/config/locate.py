"""Lines of keys in TOML and INI text: tomllib and configparser report values, not positions."""

from __future__ import annotations

import re

Path = tuple[str | int, ...]

_KEY_PART = r"""(?:"[^"]*"|'[^']*'|[A-Za-z0-9_-]+)"""
_DOTTED_KEY = rf"{_KEY_PART}(?:\s*\.\s*{_KEY_PART})*"
_KEY_PARTS = re.compile(_KEY_PART)
_TOML_TABLE = re.compile(rf"^\s*\[\s*({_DOTTED_KEY})\s*\]\s*(#.*)?$")
_TOML_ARRAY = re.compile(rf"^\s*\[\[\s*({_DOTTED_KEY})\s*\]\]\s*(#.*)?$")
_TOML_KEY = re.compile(rf"^\s*({_DOTTED_KEY})\s*=")
_TOML_MULTILINE = re.compile(r'"""|\'\'\'')
_INI_SECTION = re.compile(r"^\s*\[([^\]]+)\]")
_INI_KEY = re.compile(r"^([^\s=:#;][^=:]*?)\s*[=:]")


def _toml_path(dotted: str) -> tuple[str, ...]:
    """``a."b.c".d`` -> ``("a", "b.c", "d")``: dots inside quotes do not split."""
    return tuple(part.strip("\"'") for part in _KEY_PARTS.findall(dotted))


def toml_lines(text: str) -> dict[Path, int]:
    """Map every table, array-of-tables entry and key of a TOML document to its line.

    ``[[tool.archfit.contracts]]`` entries get paths with their index, so
    ``("tool", "archfit", "contracts", 2, "type")`` is the ``type`` key of the third contract.
    Lines inside multi-line strings are text, never keys or headers.
    """
    lines: dict[Path, int] = {}
    counts: dict[Path, int] = {}
    current: Path = ()
    open_quote = ""
    for number, raw in enumerate(text.splitlines(), start=1):
        if open_quote:
            open_quote = _still_open(raw, open_quote)
            continue
        if match := _TOML_ARRAY.match(raw):
            current = _next_entry(_toml_path(match.group(1)), counts)
            lines.setdefault(current, number)
        elif match := _TOML_TABLE.match(raw):
            current = _with_array_indices(_toml_path(match.group(1)), counts)
            lines.setdefault(current, number)
        elif match := _TOML_KEY.match(raw):
            lines.setdefault((*current, *_toml_path(match.group(1))), number)
            open_quote = _still_open(raw[match.end() :], "")
    return lines


def _still_open(text: str, open_quote: str) -> str:
    """The multi-line string delimiter still open after ``text`` ("" when none is)."""
    for match in _TOML_MULTILINE.finditer(text):
        delimiter = match.group(0)
        if not open_quote:
            open_quote = delimiter
        elif delimiter == open_quote:
            open_quote = ""
    return open_quote


def _next_entry(table: tuple[str, ...], counts: dict[Path, int]) -> Path:
    """The path of a new ``[[table]]`` entry: its parent's indices, then its own index."""
    array = (*_with_array_indices(table[:-1], counts), table[-1])
    index = counts.get(array, 0)
    counts[array] = index + 1
    return (*array, index)


def _with_array_indices(table: tuple[str, ...], counts: dict[Path, int]) -> Path:
    """``[tool.x.contracts.meta]`` after ``[[tool.x.contracts]]`` belongs to the last entry."""
    path: Path = ()
    for part in table:
        path = (*path, part)
        if path in counts:
            path = (*path, counts[path] - 1)
    return path


def ini_lines(text: str) -> dict[Path, int]:
    """Map each INI section and key to its line: ``(section,)`` and ``(section, key)``."""
    lines: dict[Path, int] = {}
    section = ""
    for number, raw in enumerate(text.splitlines(), start=1):
        if match := _INI_SECTION.match(raw):
            section = match.group(1).strip()
            lines.setdefault((section,), number)
        elif section and (match := _INI_KEY.match(raw)):
            lines.setdefault((section, match.group(1).strip().lower()), number)
    return lines
