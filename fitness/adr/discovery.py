"""Where a repository keeps its ADRs: ``adr_dirs``, else ``.adr-dir`` and ``.log4brains.yml``
(its root ``adrFolder`` and every ``packages[].adrFolder``), else folders named like ADR folders;
and which files there are templates, not decisions.

File system only.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Sequence
from pathlib import Path

from analyzer.bounded import MAX_TEXT_BYTES, is_inside, read_bounded_text
from analyzer.repository import repository_boundary
from archfit_values import frozen
from fitness.exceptions import ConfigError, ConfigIssue
from fitness.yaml_lines import YamlSyntaxError, load_with_lines

ADR_FOLDER_NAMES = ("adr", "adrs", "decisions", "decision-records", "architecture-decisions")
_SUFFIXES = (".md", ".rst")
_NOT_ADRS = re.compile(r"^(readme|index|_.*)$", re.IGNORECASE)
_HEAD_BYTES = 16384  # a title is near the top; a template is read no further
_SKIP_DIRS = {".git", "node_modules", ".venv", "venv", ".tox", "__pycache__", ".archfit_cache"}


@frozen
class AdrFiles:
    """The ADR files of a repository, and the templates beside them (path, why skipped)."""

    files: tuple[str, ...]
    skipped: tuple[tuple[str, str], ...] = ()


def find_adr_files(root: str, adr_dirs: Sequence[str] | None = None) -> list[str]:
    """ADR files, relative to ``root`` with forward slashes, sorted; none found is fine."""
    return list(adr_files(root, adr_dirs).files)


def adr_files(root: str, adr_dirs: Sequence[str] | None = None) -> AdrFiles:
    """ADR files and skipped templates, each relative to ``root``, sorted by path."""
    base = Path(root)
    folders = list(adr_dirs) if adr_dirs is not None else discover_adr_dirs(root)
    found: set[Path] = set()
    boundary = repository_boundary(root)
    for folder in folders:
        start = base / folder
        # ``../x``, ``/`` or a symlinked folder leaving the repository is never read
        if start.is_dir() and is_inside(str(start), boundary):
            found |= {p for p in _walk(start) if is_adr_file(p.name)}
    if not found:
        return AdrFiles(())
    from fitness.adr.skip import skip_reason  # its patterns only for a target with ADRs

    files, skipped = [], []
    for path in sorted(found, key=lambda p: _relative(base, p)):
        reason = skip_reason(path.name, _head(path))
        if reason:
            skipped.append((_relative(base, path), reason))
        else:
            files.append(_relative(base, path))
    return AdrFiles(tuple(files), tuple(skipped))


def _head(path: Path) -> str:
    """The top of a file, for its title; an unreadable file (a FIFO, a device, one too big or
    outside the repository) has none, and read_adr reports it."""
    try:
        text = read_bounded_text(str(path), MAX_TEXT_BYTES, repository_boundary(str(path)))
    except (OSError, UnicodeDecodeError):
        return ""
    return text[:_HEAD_BYTES]


def is_adr_file(name: str) -> bool:
    """A Markdown or RST file that is not a README or an index (templates are sorted out by
    ``adr_files``, which reports them)."""
    stem, suffix = os.path.splitext(name)
    return suffix.lower() in _SUFFIXES and not _NOT_ADRS.match(stem)


def discover_adr_dirs(root: str) -> list[str]:
    """``.adr-dir`` and ``.log4brains.yml``'s folders (all of them), else ADR-named folders at
    the root, anywhere under ``doc/`` or ``docs/``, and under ``architecture/``."""
    base = Path(root)
    configured = _adr_dir_file(base) + _log4brains(base)
    if configured:
        return sorted(set(configured))
    found = [_relative(base, p) for p in _children(base) if _adr_named(p)]
    for top in ("doc", "docs", "architecture"):
        start = base / top
        if start.is_dir():
            deep = top != "architecture"
            found += [_relative(base, p) for p in _folders(start, deep) if _adr_named(p)]
    return sorted(set(found))


def _adr_dir_file(base: Path) -> list[str]:
    """adr-tools' ``.adr-dir``; a folder outside the repository is a config error there."""
    try:
        text = _read(base, ".adr-dir").strip()
    except (OSError, UnicodeDecodeError):
        return []
    return [_declared(text, ".adr-dir", 1)] if text else []


def _log4brains(base: Path) -> list[str]:
    """``project.adrFolder`` and each ``project.packages[].adrFolder`` (a monorepo), relative
    to the file; a folder outside the repository is ignored."""
    try:
        data, _ = load_with_lines(_read(base, ".log4brains.yml"))  # alias and depth limits
    except (OSError, UnicodeDecodeError, YamlSyntaxError):
        return []
    project = data.get("project") if isinstance(data, dict) else None
    if not isinstance(project, dict):
        return []
    packages = project.get("packages")
    entries = [project] + (packages if isinstance(packages, list) else [])
    folders = [e.get("adrFolder") for e in entries if isinstance(e, dict)]
    return [_declared(str(x), ".log4brains.yml", 1) for x in folders if x]


def _declared(folder: str, where: str, line: int) -> str:
    """A declared ADR folder relative to the root; a ConfigError naming the declaring file
    when it leaves the repository (``../x``, ``/``): archfit never reads there."""
    inside = _inside(folder)
    if not inside:
        message = f"ADR folder {folder!r} is outside the repository; archfit reads only inside it"
        raise ConfigError([ConfigIssue(where, line, message)])
    return inside


def _inside(folder: str) -> str:
    """A folder relative to the root, normalised; "" when it leaves the root."""
    normal = posixpath.normpath(folder.replace("\\", "/").strip())
    if normal.startswith(("../", "/")) or normal == "..":
        return ""
    return normal


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
