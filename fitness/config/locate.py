"""Lines of keys in TOML and INI text: tomllib and configparser report values, not positions."""

from __future__ import annotations

from analyzer.patterns import compiled_later

Path = tuple[str | int, ...]

_KEY_PART = r"""(?:"[^"]*"|'[^']*'|[A-Za-z0-9_-]+)"""
_DOTTED_KEY = rf"{_KEY_PART}(?:\s*\.\s*{_KEY_PART})*"
# The TOML ones compiled when TOML is read: most runs read none (an INI or YAML config).
_key_parts = compiled_later(_KEY_PART)
_toml_table = compiled_later(rf"^\s*\[\s*({_DOTTED_KEY})\s*\]\s*(#.*)?$")
_toml_array = compiled_later(rf"^\s*\[\[\s*({_DOTTED_KEY})\s*\]\]\s*(#.*)?$")
_toml_key = compiled_later(rf"^\s*({_DOTTED_KEY})\s*=")
_toml_multiline = compiled_later(r'"""|\'\'\'')
_ini_section = compiled_later(r"^\s*\[([^\]]+)\]")
_ini_key = compiled_later(r"^([^\s=:#;][^=:]*?)\s*[=:]")


def _toml_path(dotted: str) -> tuple[str, ...]:
    """``a."b.c".d`` -> ``("a", "b.c", "d")``: dots inside quotes do not split."""
    return tuple(part.strip("\"'") for part in _key_parts().findall(dotted))


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
    array, table, key = _toml_array(), _toml_table(), _toml_key()
    for number, raw in enumerate(text.splitlines(), start=1):
        if open_quote:
            open_quote = _still_open(raw, open_quote)
            continue
        if match := array.match(raw):
            current = _next_entry(_toml_path(match.group(1)), counts)
            lines.setdefault(current, number)
        elif match := table.match(raw):
            current = _with_array_indices(_toml_path(match.group(1)), counts)
            lines.setdefault(current, number)
        elif match := key.match(raw):
            lines.setdefault((*current, *_toml_path(match.group(1))), number)
            open_quote = _still_open(raw[match.end() :], "")
    return lines


def _still_open(text: str, open_quote: str) -> str:
    """The multi-line string delimiter still open after ``text`` ("" when none is)."""
    for match in _toml_multiline().finditer(text):
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
    header, key = _ini_section(), _ini_key()
    for number, raw in enumerate(text.splitlines(), start=1):
        if match := header.match(raw):
            section = match.group(1).strip()
            lines.setdefault((section,), number)
        elif section and (match := key.match(raw)):
            lines.setdefault((section, match.group(1).strip().lower()), number)
    return lines
