"""What a distribution declares about its dependencies, read from the target's own files only.

A *distribution* (ADR-0015) is the nearest folder at or above a module that holds packaging
metadata: ``pyproject.toml`` with ``[project]`` or ``[tool.poetry]``, ``setup.cfg``,
``setup.py``, or a requirements file. Its declarations come from every source there
(``analyzer.declarations``): the packaging metadata declares what it needs at run time; the
runtime requirements files are read when the metadata declares nothing (deptry's order and
meaning of ``requirements_files``); dev requirements files and dev tables add dev-only ones. An
unpacked wheel's ``METADATA`` is the last resort. Import names and install relations come from
``*.dist-info`` folders and lock files the target holds. Never from the environment archfit
runs in, and nothing is executed.
"""

from __future__ import annotations

import os
from pathlib import Path

from analyzer.bounded import read_repository_text
from analyzer.declarations.model import Declarations, Requirement, normalize
from archfit_values import frozen

# The readers of each declaration source (``analyzer.declarations``: configparser, the setup.py
# and lock-file readers) are imported where a declaration is read: the dependency rules' module
# imports this one, and a run that reuses their stored parts reads no declaration (9 ms).

__all__ = ["Manifest", "ManifestOptions", "Requirement", "normalize", "read_manifest"]

REQUIREMENTS_FILES = ("requirements.txt",)
REQUIREMENTS_FILES_DEV = ("dev-requirements.txt", "requirements-dev.txt")


@frozen
class ManifestOptions:
    """Which requirements files count (deptry's defaults and meaning: the runtime ones are
    read when the packaging metadata declares nothing; an empty tuple names none)."""

    requirements_files: tuple[str, ...] = REQUIREMENTS_FILES
    requirements_files_dev: tuple[str, ...] = REQUIREMENTS_FILES_DEV


@frozen
class Manifest:
    """One distribution's declarations, import names from metadata, and install relations."""

    folder: str = ""  # relative to the project root, "" for the root itself
    name: str = ""  # normalised; "" when the metadata names none
    requirements: tuple[Requirement, ...] = ()
    import_names: tuple[tuple[str, str], ...] = ()  # (top-level import name, distribution)
    installs: tuple[tuple[str, str], ...] = ()  # (distribution, a distribution it requires)
    sources: tuple[str, ...] = ()  # what was read, for the summary
    blind_spots: tuple[str, ...] = ()  # what could not be read statically
    found: bool = False  # whether its runtime dependencies are known (even as none)


def read_manifest(
    root: str, folder: str = "", options: ManifestOptions = ManifestOptions()
) -> Manifest:
    """The declarations of the distribution at ``folder`` (relative to the project ``root``)."""
    from analyzer.declarations.locks import import_names, read_metadata
    from analyzer.declarations.requirements import read_requirements

    base, prefix = Path(root), f"{folder}/" if folder else ""
    here = base / folder
    found, name = _metadata(here, prefix)
    if not found.runtime:
        for file in options.requirements_files:
            if (here / file).is_file():
                found.add(read_requirements(base, prefix + file, "", "required"))
    for file in options.requirements_files_dev:
        if (here / file).is_file():
            found.add(read_requirements(base, prefix + file, Path(file).stem, "group"))
    if not found.runtime:
        found.add(read_metadata(here, prefix))
    return Manifest(
        folder=folder,
        name=normalize(name) if name else "",
        requirements=tuple(sorted(set(found.requirements))),
        import_names=tuple(sorted(set(import_names(here)))),
        installs=tuple(sorted(set(_relations(base, folder)))),
        sources=tuple(found.sources),
        blind_spots=tuple(found.blind_spots),
        found=found.runtime,
    )


def _metadata(here: Path, prefix: str) -> tuple[Declarations, str]:
    """pyproject.toml, setup.cfg and setup.py of one folder, and the name they give."""
    from analyzer.declarations import pyproject
    from analyzer.declarations.requirements import read_requirements
    from analyzer.declarations.setuptools import (
        read_setup_cfg,
        read_setup_py,
        setup_cfg_name,
        setup_py_name,
    )

    found, name = Declarations(), ""
    data, text = _pyproject(here)
    if data is not None:
        found.add(pyproject.read(data, text, prefix + "pyproject.toml"))
        name = pyproject.name_of(data)
        for file in pyproject.dynamic_files(data):
            found.add(read_requirements(here, file, "", "required"))
    cfg = _text(here / "setup.cfg")
    if cfg is not None:
        found.add(read_setup_cfg(cfg, prefix + "setup.cfg"))
        name = name or setup_cfg_name(cfg)
    script = _text(here / "setup.py")
    if script is not None:
        found.add(read_setup_py(script, prefix + "setup.py"))
        name = name or setup_py_name(script)
    return found, name


def _pyproject(here: Path) -> tuple[dict[str, object] | None, str]:
    text = _text(here / "pyproject.toml")
    if text is None:
        return None, ""
    import tomllib  # on first use: a run that reads no TOML never loads it (7 ms)

    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError:
        return None, ""


def _text(path: Path) -> str | None:
    try:
        return read_repository_text(path)
    except (OSError, UnicodeDecodeError):
        return None


def _relations(base: Path, folder: str) -> list[tuple[str, str]]:
    """Install relations from lock files in the distribution's folder and every ancestor up
    to the project root (a workspace's one lock sits at its root)."""
    from analyzer.declarations.locks import lock_relations

    found: list[tuple[str, str]] = []
    parts = folder.split("/") if folder else []
    for size in range(len(parts), -1, -1):
        found += lock_relations(base.joinpath(*parts[:size]))
    return found


def is_distribution(folder: Path, options: ManifestOptions = ManifestOptions()) -> bool:
    """Whether the folder holds packaging metadata or a requirements file."""
    names = ("setup.cfg", "setup.py", *options.requirements_files, *options.requirements_files_dev)
    try:  # one listing rather than a stat per name: asked for every folder of the tree
        listed = set(os.listdir(folder))
    except OSError:
        return False
    # A configured requirements file may sit in a subfolder (requirements/dev.txt).
    if any(("/" in name or name in listed) and (folder / name).is_file() for name in names):
        return True
    if "pyproject.toml" not in listed:
        return False
    data, _ = _pyproject(folder)
    from analyzer.declarations import pyproject

    return data is not None and pyproject.is_distribution(data)


def distribution_of(
    path: str, folders: dict[str, bool], root: str, options: ManifestOptions
) -> str:
    """The nearest distribution folder at or above ``path`` (relative to ``root``); "" (the
    root) when none. ``folders`` caches which folders hold metadata."""
    folder = os.path.dirname(path)
    while folder:
        if folder not in folders:
            folders[folder] = is_distribution(Path(root) / folder, options)
        if folders[folder]:
            return folder
        folder = os.path.dirname(folder)
    return ""
