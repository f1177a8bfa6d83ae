"""Lines of keys in TOML and INI text: tomllib and configparser report values, not positions."""

from __future__ import annotations

import re

Path = tuple[str | int, ...]

_TOML_TABLE = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(#.*)?$")
_TOML_ARRAY = re.compile(r"^\s*\[\[\s*([^\[\]]+?)\s*\]\]\s*(#.*)?$")
_TOML_KEY = re.compile(r"""^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_.-]+)\s*=""")
_INI_SECTION = re.compile(r"^\s*\[([^\]]+)\]")
_INI_KEY = re.compile(r"^([^\s=:#;][^=:]*?)\s*[=:]")


def _toml_path(header: str) -> tuple[str, ...]:
    return tuple(part.strip().strip("\"'") for part in header.split("."))


def toml_lines(text: str) -> dict[Path, int]:
    """Map every table, array-of-tables entry and key of a TOML document to its line.

    ``[[tool.archfit.contracts]]`` entries get paths with their index, so
    ``("tool", "archfit", "contracts", 2, "type")`` is the ``type`` key of the third contract.
    """
    lines: dict[Path, int] = {}
    counts: dict[tuple[str, ...], int] = {}
    current: Path = ()
    for number, raw in enumerate(text.splitlines(), start=1):
        if match := _TOML_ARRAY.match(raw):
            table = _toml_path(match.group(1))
            index = counts.get(table, 0)
            counts[table] = index + 1
            current = (*table, index)
            lines.setdefault(current, number)
        elif match := _TOML_TABLE.match(raw):
            current = _with_array_indices(_toml_path(match.group(1)), counts)
            lines.setdefault(current, number)
        elif match := _TOML_KEY.match(raw):
            key = _toml_path(match.group(1))
            lines.setdefault((*current, *key), number)
    return lines


def _with_array_indices(table: tuple[str, ...], counts: dict[tuple[str, ...], int]) -> Path:
    """``[tool.x.contracts.meta]`` after ``[[tool.x.contracts]]`` belongs to the last entry."""
    for cut in range(len(table), 0, -1):
        prefix = table[:cut]
        if prefix in counts:
            return (*prefix, counts[prefix] - 1, *table[cut:])
    return table


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
