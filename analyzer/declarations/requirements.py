"""Requirements files (``requirements.txt``, ``*.in``): pip's format, read statically.

``-r FILE`` includes another file's requirements; ``-c FILE`` names constraints, which pin
versions but declare nothing; ``-e`` and URL requirements count by their ``#egg=`` name (a
``name @ url`` by its name); markers and extras are kept out of the name. Other options
(``--index-url``, ``--hash``) are skipped. A missing include is a blind spot.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from analyzer.bounded import read_repository_text
from analyzer.declarations.model import Declarations, Requirement, normalize, requirement_name

_EGG = re.compile(r"#egg=([A-Za-z0-9][A-Za-z0-9._-]*)")
_INCLUDE = re.compile(r"^(-r|--requirement|-c|--constraint)(?:\s+|=)(\S+)")
_URL = re.compile(r"^(?:[a-z+]+://|\.|/|file:)")


def read_requirements(root: Path, relative: str, group: str, kind: str) -> Declarations:
    """One requirements file and its ``-r`` includes; ``relative`` to the project ``root``."""
    found = Declarations()
    _read(root, relative, group, kind, found, set())
    return found


def _read(
    root: Path, relative: str, group: str, kind: str, found: Declarations, seen: set[str]
) -> None:
    if relative in seen:
        return
    seen.add(relative)
    try:
        text = read_repository_text(root / relative)
    except (OSError, UnicodeDecodeError):
        found.blind_spots.append(f"{relative}: not readable")
        return
    found.sources.append(relative)
    found.runtime = found.runtime or kind == "required"
    for number, line in _logical_lines(text):
        include = _INCLUDE.match(line)
        if include and include.group(1) in ("-r", "--requirement"):
            nested = _join(relative, include.group(2))
            _read(root, nested, group, kind, found, seen)
        elif not include:
            name = _name(line)
            if name:
                found.requirements.append(
                    Requirement(normalize(name), group, kind, relative, number)
                )


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """(first line number, line) with comments dropped and ``\\`` continuations joined."""
    found: list[tuple[int, str]] = []
    pending, start = "", 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = re.sub(r"(^|\s)#.*$", "", raw) if "#egg=" not in raw else raw
        if not pending:
            start = number
        if line.rstrip().endswith("\\"):
            pending += line.rstrip()[:-1] + " "
            continue
        whole = (pending + line).strip()
        pending = ""
        if whole:
            found.append((start, whole))
    return found


def _name(line: str) -> str | None:
    if line.startswith(("-e ", "--editable ", "--editable=")):
        line = line.split(None, 1)[1] if " " in line else line.split("=", 1)[1]
        egg = _EGG.search(line)
        return egg.group(1) if egg else None
    if line.startswith("-"):
        return None  # --index-url, --hash and the like declare nothing
    if _URL.match(line):
        egg = _EGG.search(line)
        return egg.group(1) if egg else None
    return requirement_name(line)


def _join(relative: str, include: str) -> str:
    """An include's path relative to the project root (pip resolves it from the file)."""
    return os.path.normpath(os.path.join(os.path.dirname(relative), include)).replace(os.sep, "/")
