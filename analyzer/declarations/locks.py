"""Facts about third-party distributions, from the target's lock files or ``*.dist-info`` folders.

``uv.lock``, ``poetry.lock`` and ``pdm.lock`` say which distribution installs which; a
``*.dist-info`` folder's ``top_level.txt`` (else ``RECORD``) names the imports it provides, and
its ``METADATA`` (an unpacked wheel) declares ``Requires-Dist``. Never the running environment.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from analyzer.bounded import MAX_SOURCE_BYTES, read_repository_text
from analyzer.declarations.headers import header_values
from analyzer.declarations.model import (
    Declarations,
    Requirement,
    line_of,
    normalize,
    requirement_name,
)

_EXTRA = re.compile(r"""extra\s*==\s*["']([^"']+)["']""")
LOCK_FILES = ("uv.lock", "poetry.lock", "pdm.lock")


def lock_relations(folder: Path) -> Iterator[tuple[str, str]]:
    """(distribution, a distribution it requires) from the folder's lock files."""
    for name in LOCK_FILES:
        try:
            text = read_repository_text(folder / name, MAX_SOURCE_BYTES)
        except (OSError, UnicodeDecodeError):
            continue
        import tomllib  # on first use: a run that reads no TOML never loads it (7 ms)

        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError:
            continue
        for package in data.get("package", []) or []:
            parent = normalize(str(package.get("name", "")))
            yield from ((parent, child) for child in _children(package.get("dependencies")))


def _children(deps: Any) -> list[str]:
    """A lock entry's requirements: a table (poetry), tables with ``name`` (uv), specs (pdm)."""
    if isinstance(deps, dict):
        return [normalize(str(name)) for name in deps]
    found = []
    for dep in deps if isinstance(deps, list) else []:
        name = dep.get("name") if isinstance(dep, dict) else requirement_name(str(dep))
        if name:
            found.append(normalize(str(name)))
    return found


def import_names(folder: Path) -> Iterator[tuple[str, str]]:
    """(import name, distribution) from dist-info folders here or one level down."""
    for info in sorted([*folder.glob("*.dist-info"), *folder.glob("*/*.dist-info")]):
        dist = normalize(info.name[: -len(".dist-info")].rsplit("-", 1)[0])
        for name in _top_levels(info):
            yield name, dist


def _top_levels(folder: Path) -> set[str]:
    try:
        top = read_repository_text(folder / "top_level.txt")
        return {line.strip() for line in top.splitlines() if line.strip()}
    except (OSError, UnicodeDecodeError):
        pass
    try:
        record = read_repository_text(folder / "RECORD")
    except (OSError, UnicodeDecodeError):
        return set()
    names = set()
    for row in record.splitlines():
        first = row.split(",", 1)[0].split("/", 1)[0]
        if first and not first.endswith((".dist-info", ".data")) and first != "..":
            names.add(first.removesuffix(".py"))
    return names


def read_metadata(folder: Path, prefix: str) -> Declarations:
    """``Requires-Dist`` of the folder's ``*.dist-info/METADATA`` (an unpacked wheel)."""
    found = Declarations()
    for info in sorted(folder.glob("*.dist-info")):
        try:
            text = read_repository_text(info / "METADATA")
        except (OSError, UnicodeDecodeError):
            continue
        display = f"{prefix}{info.name}/METADATA"
        found.runtime = True
        found.sources.append(display)
        for spec in header_values(text, "Requires-Dist"):
            extra = _EXTRA.search(spec)
            kind, group = ("optional", extra.group(1)) if extra else ("required", "")
            name = requirement_name(spec)
            if name:
                line = line_of(text, f"Requires-Dist: {name}")
                found.requirements.append(Requirement(normalize(name), group, kind, display, line))
        return found
    return found
