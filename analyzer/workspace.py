"""The distributions at and below a folder: what ``archfit init DIR`` configures (issue #15).

A distribution (docs/adr/0015) is a folder holding packaging metadata: ``pyproject.toml`` with
``[project]`` or ``[tool.poetry]``, ``setup.cfg`` or ``setup.py``. Below DIR every such folder
counts, found by discovery's own walk (``.gitignore``, virtualenvs and build folders pruned),
except inside test, docs, example, script and benchmark folders (flask's sdist carries three
example apps with a ``pyproject.toml`` each: they are not the distribution's code). A workspace
root's declared members always count, wherever they are (uv's ``[tool.uv.workspace]``, hatch's
``[tool.hatch.envs.*.workspace]``), and uv's ``exclude`` globs never do.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from analyzer.bounded import read_repository_text
from analyzer.discovery import folders
from analyzer.manifest import ManifestOptions, is_distribution
from analyzer.roles import Role, folder_role

# Packaging metadata only: a requirements file alone names no package for ``init``.
_METADATA_ONLY = ManifestOptions(requirements_files=(), requirements_files_dev=())


def distributions(root: str, exclude: Sequence[str] = ()) -> tuple[str, ...]:
    """The distribution folders at and below ``root``, relative with forward slashes ("" for
    ``root`` itself), deepest first so that a nested one is configured before its parent;
    ``exclude`` holds the gitignore-style patterns of the configuration already there."""
    members, excluded = workspace_members(root)
    found = set(members)
    for rel, filenames in folders(root, exclude):
        if not _metadata(filenames) or folder_role(rel) is not Role.LIBRARY:
            continue
        if is_distribution(Path(root, rel), _METADATA_ONLY):
            found.add(rel)
    kept = (f for f in found if not any(fnmatch.fnmatchcase(f, p) for p in excluded))
    return tuple(sorted(kept, key=lambda f: (-f.count("/") - bool(f), f)))


def _metadata(filenames: Iterable[str]) -> bool:
    return not {"pyproject.toml", "setup.cfg", "setup.py"}.isdisjoint(filenames)


def workspace_members(root: str) -> tuple[set[str], list[str]]:
    """The member folders ``root``'s ``pyproject.toml`` declares (uv, hatch) that hold
    packaging metadata, and uv's ``exclude`` globs."""
    data = _pyproject(root)
    tool = data.get("tool", {})
    uv = _dict(_dict(tool).get("uv")).get("workspace")
    globs = _strings(_dict(uv).get("members"))
    for env in _dict(_dict(_dict(tool).get("hatch")).get("envs")).values():
        globs += _strings(_dict(_dict(env).get("workspace")).get("members"))
    excluded = [p.strip("/") for p in _strings(_dict(uv).get("exclude"))]
    members = {m for g in globs for m in _matches(root, g.strip("/"))}
    return {m for m in members if is_distribution(Path(root, m), _METADATA_ONLY)}, excluded


def _matches(root: str, pattern: str) -> list[str]:
    """The folders under ``root`` a member glob names (``packages/*``), never outside it."""
    base = Path(root).resolve()
    found = []
    for path in base.glob(pattern) if pattern and pattern != "." else []:
        resolved = path.resolve()
        if path.is_dir() and resolved.is_relative_to(base) and resolved != base:
            found.append(resolved.relative_to(base).as_posix())
    return found


def _pyproject(root: str) -> Mapping[str, Any]:
    import tomllib  # on first use: a run that reads no TOML never loads it (7 ms)

    try:
        return tomllib.loads(read_repository_text(os.path.join(root, "pyproject.toml")))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError, RecursionError):
        return {}


def _dict(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, dict) else {}


def _strings(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []
