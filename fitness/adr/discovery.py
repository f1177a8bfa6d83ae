"""Where a repository keeps its ADRs: ``adr_dirs``, ``.adr-dir``, ``.log4brains.yml``, or
folders named like ADR folders.

File system only.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path

from analyzer.bounded import MAX_TEXT_BYTES, is_inside, read_bounded_text
from analyzer.repository import repository_boundary
from fitness.yaml_lines import YamlSyntaxError, load_with_lines

ADR_FOLDER_NAMES = ("adr", "adrs", "decisions", "decision-records", "architecture-decisions")
_SUFFIXES = (".md", ".rst")
_NOT_ADRS = re.compile(r"^(readme|index|template|0000-template.*|_.*)$", re.IGNORECASE)
_SKIP_DIRS = {".git", "node_modules", ".venv", "venv", ".tox", "__pycache__", ".archfit_cache"}


def find_adr_files(root: str, adr_dirs: Sequence[str] | None = None) -> list[str]:
    """ADR files, relative to ``root`` with forward slashes, sorted; none found is fine."""
    base = Path(root)
    folders = list(adr_dirs) if adr_dirs is not None else discover_adr_dirs(root)
    found: set[str] = set()
    boundary = repository_boundary(root)
    for folder in folders:
        start = base / folder
        # ``../x``, ``/`` or a symlinked folder leaving the repository is never read
        if start.is_dir() and is_inside(str(start), boundary):
            found |= {_relative(base, p) for p in _walk(start) if is_adr_file(p.name)}
    return sorted(found)


def is_adr_file(name: str) -> bool:
    """A Markdown or RST file that is not a README, index or template."""
    stem, suffix = os.path.splitext(name)
    return suffix.lower() in _SUFFIXES and not _NOT_ADRS.match(stem)


def discover_adr_dirs(root: str) -> list[str]:
    """``.adr-dir``, ``.log4brains.yml``'s ``adrFolder``, else ADR-named folders at the root,
    anywhere under ``doc/`` or ``docs/``, and under ``architecture/``."""
    base = Path(root)
    configured = _adr_dir_file(base) + _log4brains(base)
    if configured:
        return configured
    found = [_relative(base, p) for p in _children(base) if _adr_named(p)]
    for top in ("doc", "docs", "architecture"):
        start = base / top
        if start.is_dir():
            deep = top != "architecture"
            found += [_relative(base, p) for p in _folders(start, deep) if _adr_named(p)]
    return sorted(set(found))


def _adr_dir_file(base: Path) -> list[str]:
    try:
        text = _read(base, ".adr-dir").strip()
    except (OSError, UnicodeDecodeError):
        return []
    return [text] if text else []


def _log4brains(base: Path) -> list[str]:
    try:
        data, _ = load_with_lines(_read(base, ".log4brains.yml"))  # alias and depth limits
    except (OSError, UnicodeDecodeError, YamlSyntaxError):
        return []
    project = data.get("project") if isinstance(data, dict) else None
    folder = project.get("adrFolder") if isinstance(project, dict) else None
    return [str(folder).strip("./") or "."] if folder else []


def _read(base: Path, name: str) -> str:
    """A small file of the repository: regular, bounded, inside the boundary."""
    return read_bounded_text(str(base / name), MAX_TEXT_BYTES, repository_boundary(str(base)))


def _adr_named(path: Path) -> bool:
    return path.name.lower() in ADR_FOLDER_NAMES


def _children(base: Path) -> list[Path]:
    try:
        return [p for p in base.iterdir() if p.is_dir() and not p.is_symlink()]
    except OSError:
        return []


def _folders(start: Path, deep: bool) -> list[Path]:
    """Folders below ``start`` (all depths when ``deep``), never following symlinks."""
    if not deep:
        return _children(start)
    result = []
    for current, dirs, _ in os.walk(start):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS)
        result += [Path(current) / d for d in dirs]
    return result


def _walk(start: Path) -> list[Path]:
    files = []
    for current, dirs, names in os.walk(start):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS)
        files += [Path(current) / n for n in names]
    return files


def _relative(base: Path, path: Path) -> str:
    return path.relative_to(base).as_posix()
