"""Which projects a run judges: the repository root, projects and their FILES (docs/adr/0015).

A *project* is a folder holding a configuration archfit reads. PATH and each FILE belong to the
nearest project at or above them that does not exclude them, and to every ancestor project
whose declared ``source_roots`` reach them; a run at a folder also runs every project below it.
"""

from __future__ import annotations

import contextlib
import os
import posixpath
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from typing import Any

from analyzer.bounded import MAX_TEXT_BYTES, read_bounded
from analyzer.patterns import compiled_later
from analyzer.repository import ancestors, git_toplevel, inside, repository_boundary
from analyzer.stat_index import Listings, StatIndex
from archfit_values import frozen
from fitness.config import load_config
from fitness.config.model import Config
from fitness.config.sources import ARCHFIT_YAML_NAMES, IMPORTLINTER_INI_NAMES
from fitness.config.tach import TACH_TOML
from fitness.exceptions import ConfigError

_ini_section = compiled_later(rb"^\s*\[importlinter[:\]]", re.MULTILINE)
_TOML_TOOLS = ("archfit", "importlinter", "tach")
# The names a folder's listing must hold for it to be a project (the content decides after).
CONFIG_NAMES = frozenset(
    {"pyproject.toml", TACH_TOML, *ARCHFIT_YAML_NAMES, *IMPORTLINTER_INI_NAMES}
)
Loader = Callable[[str], Config]  # reads the configuration of the project at a folder


@frozen
class ProjectRun:
    """One project to analyse whole; ``files`` are the FILES (as given) that fall to it, None
    when the run judges all of it."""

    root: str  # absolute
    config: Config
    files: tuple[str, ...] | None = None


@frozen
class Plan:
    """Every project a run judges, ancestors first, and the repository they sit in."""

    repository: str  # absolute: git's top level, else the outermost project, else PATH
    runs: tuple[ProjectRun, ...]


def config_names(folder: str, listing: Iterable[str] | None = None) -> tuple[str, ...]:
    """The configuration files of ``folder`` that archfit reads (empty: not a project).

    A ``pyproject.toml`` counts when it has ``[tool.archfit]`` or ``[tool.importlinter]``, a
    ``setup.cfg`` when it has ``[importlinter]``. A file that cannot be parsed counts too: reading
    it then reports the error with its line, rather than the run passing without it.
    """
    names = CONFIG_NAMES.intersection(os.listdir(folder) if listing is None else listing)
    return tuple(sorted(n for n in names if _holds_config(os.path.join(folder, n), n)))


def nested_project(folder: str, listing: list[str]) -> bool:
    """Whether ``folder`` (with these file names) is a project: discovery leaves it out of the
    project above it when that project's source roots are discovered (docs/adr/0015, rule 4)."""
    return bool(config_names(folder, listing))


def nested_for(root: str, source_roots: Sequence[str] | None) -> Callable[[str, list[str]], bool]:
    """Which folders discovery leaves to a nested project (docs/adr/0015, rule 4): every one
    when the source roots are discovered; with declared ones, every one that no declared root
    lies in or reaches into (a workspace root with ``source_roots = ["src"]`` leaves
    ``services/chat`` to its own configuration; ``["services/chat/src"]`` reaches it)."""
    if source_roots is None:
        return nested_project
    base = os.path.abspath(root)
    reach = [os.path.normpath(os.path.join(base, r)) for r in source_roots]

    def nested(folder: str, listing: list[str]) -> bool:
        if any(inside(r, folder) or inside(folder, r) for r in reach):
            return False
        return nested_project(folder, listing)

    return nested


def _holds_config(path: str, name: str) -> bool:
    if name in ARCHFIT_YAML_NAMES or name == TACH_TOML:
        return os.path.isfile(path)
    data = _head(path)
    if name == "pyproject.toml":
        return _toml_has_tool(data)
    return bool(_ini_section().search(data))


def _head(path: str) -> bytes:
    """The file's bytes, or none when it is not a regular file of the repository under the
    size limit (a FIFO, a device, a symlink out of the tree: ``analyzer.bounded``)."""
    try:
        return read_bounded(path, MAX_TEXT_BYTES, repository_boundary(path))
    except OSError:
        return b""


def _toml_has_tool(data: bytes) -> bool:
    import tomllib  # on first use: a run that reads no TOML never loads it (7 ms)

    if not any(tool.encode() in data for tool in _TOML_TOOLS):
        return False  # most pyproject.toml files: no parse needed
    try:
        tool = tomllib.loads(data.decode("utf-8-sig")).get("tool")
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, RecursionError):
        return True
    return isinstance(tool, dict) and any(t in tool for t in _TOML_TOOLS)


def repository_root(path: str) -> str:
    """git's top level above ``path``; outside git the outermost project at or above it, else
    ``path`` (its folder when it is a file). Absolute."""
    start = _folder_of(path)
    top = git_toplevel(start)
    if top is not None:
        return top
    projects = [d for d in ancestors(start, None) if config_names(d)]
    return projects[-1] if projects else start


def _folder_of(path: str) -> str:
    absolute = os.path.realpath(path)
    return absolute if os.path.isdir(absolute) else os.path.dirname(absolute)


class Planner:
    """Finds the projects of each target, loading each project's configuration once."""

    def __init__(self, load: Loader) -> None:
        self._load = load
        self._configs: dict[str, Config] = {}
        self._names: dict[str, tuple[str, ...]] = {}  # FILES share their folders above
        self._specs: dict[str, Any] = {}  # each project's exclude patterns, compiled

    def is_project(self, folder: str) -> bool:
        """Whether ``folder`` holds a configuration archfit reads (looked up once)."""
        if folder not in self._names:
            self._names[folder] = config_names(folder)
        return bool(self._names[folder])

    def config(self, folder: str) -> Config:
        """The configuration of the project at ``folder`` (read once)."""
        if folder not in self._configs:
            self._configs[folder] = self._load(folder)
        return self._configs[folder]

    def owners(self, target: str, stop: str | None) -> list[str]:
        """The projects ``target`` belongs to: the nearest that does not exclude it, then every
        ancestor whose declared source roots reach it (ADR-0015, rule 1)."""
        found: list[str] = []
        for folder in ancestors(_folder_of(target), stop):
            if not self.is_project(folder) or self.excludes(folder, target):
                continue
            if not found or self.reaches(folder, target):
                found.append(folder)
        return found

    def excludes(self, folder: str, target: str) -> bool:
        """Whether the project at ``folder`` excludes ``target`` (its ``exclude`` patterns)."""
        patterns = self.config(folder).exclude
        if not patterns or target == folder:
            return False
        if folder not in self._specs:  # pre-commit passes many FILES: compiled once each
            import pathspec  # 14 ms: only projects with exclude patterns pay for it

            self._specs[folder] = pathspec.GitIgnoreSpec.from_lines(patterns)
        rel = os.path.relpath(target, folder).replace(os.sep, "/")
        spec = self._specs[folder]
        return any(spec.match_file(p) for p in _prefixes(rel, os.path.isdir(target)))

    def reaches(self, folder: str, target: str) -> bool:
        """Whether the project's declared source roots contain ``target`` or lie inside it."""
        roots = self.config(folder).source_roots or ()
        absolute = [os.path.normpath(os.path.join(folder, r)) for r in roots]
        return any(inside(target, r) or inside(r, target) for r in absolute)


def _prefixes(rel: str, is_dir: bool) -> list[str]:
    """``a/b/c.py`` -> ``a/``, ``a/b/``, ``a/b/c.py``: a pattern may exclude any folder above."""
    parts = rel.split("/")
    found = ["/".join(parts[:i]) + "/" for i in range(1, len(parts))]
    return [*found, rel + "/" if is_dir else rel]


def project_root(path: str, load: Loader) -> str:
    """The root of PATH's project: the nearest project at or above PATH that does not exclude
    it (ADR-0015, rule 1), else PATH itself; for the commands that judge one project."""
    absolute = os.path.abspath(path)
    owners = Planner(load).owners(absolute, git_toplevel(absolute))
    if not owners or owners[0] == absolute:
        return path  # as the user wrote it: messages name files relative to it
    return owners[0]


def plan(
    default_root: str,
    targets: Sequence[str],
    files: Sequence[str],
    load: Loader,
    listings: Listings | None = None,
    index: StatIndex | None = None,
) -> Plan:
    """The projects to judge for ``targets`` (PATH, or FILES when given), as ProjectRuns;
    ``default_root`` is analysed with the defaults when no project holds a target. The
    folders in ``listings`` are read from there, not listed again, and the run's stat
    ``index`` (whose listings they are) says which folders name a configuration."""
    planner = Planner(load)
    repository = repository_root(default_root)
    stop = git_toplevel(default_root)
    whole: dict[str, bool] = {}
    given: dict[str, list[str]] = {}
    for target in targets:
        absolute = os.path.abspath(target)
        owners = planner.owners(absolute, stop)
        if os.path.isdir(absolute):
            below = projects_below(absolute, planner, listings, index)
            owners += [p for p in below if p not in owners]
            whole.update(dict.fromkeys(owners, True))
        for owner in owners:
            given.setdefault(owner, []).append(target)
    if not given:  # no project anywhere: PATH with the defaults (ADR-0015, rule 5)
        default = ProjectRun(
            os.path.abspath(default_root), load(default_root), tuple(files) or None
        )
        return Plan(repository, (default,))
    return Plan(repository, tuple(_run(f, planner, whole, given, files) for f in sorted(given)))


def _run(
    folder: str,
    planner: Planner,
    whole: dict[str, bool],
    given: dict[str, list[str]],
    files: Sequence[str],
) -> ProjectRun:
    narrowed = None if whole.get(folder) or not files else tuple(given[folder])
    return ProjectRun(folder, planner.config(folder), narrowed)


def projects_below(
    folder: str,
    planner: Planner,
    listings: Listings | None = None,
    index: StatIndex | None = None,
) -> list[str]:
    """Every project folder strictly below ``folder`` that no enclosing project excludes
    (ADR-0015, rule 2); the walk prunes what discovery prunes and honours ``.gitignore``
    (and reads the folders in ``listings`` from there). With the run's stat ``index``, it
    enters only the folders on the way to one that names a configuration file: the index
    listed every folder the walk could reach."""
    from analyzer.discovery import folders

    enclosing = planner.owners(folder, git_toplevel(folder))[:1]
    kept: list[str] = []
    holding = index.holding(folder, CONFIG_NAMES) if index is not None else None
    toward = None if holding is None else [_relative(f, folder) for f in holding]
    for rel, filenames in folders(folder, listings=listings, toward=toward):
        if not rel or CONFIG_NAMES.isdisjoint(filenames):
            continue  # most folders: no configuration file by name, nothing to read
        candidate = os.path.join(folder, rel)
        if not config_names(candidate, filenames):
            continue
        above = enclosing + [k for k in kept if inside(candidate, k)]
        if not any(planner.excludes(p, candidate) for p in above):
            kept.append(candidate)
    return kept


def _relative(path: str, folder: str) -> str:
    rel = os.path.relpath(path, folder).replace(os.sep, "/")
    return "" if rel == "." else rel


def plan_projects(
    root: str,
    files: Sequence[str],
    config_file: str | None,
    listings: Listings | None = None,
    index: StatIndex | None = None,
) -> Plan:
    """The projects this run judges (ADR-0015); with ``--config``, PATH alone (``listings``
    and ``index`` as ``plan`` takes them)."""
    if config_file:
        run = ProjectRun(
            os.path.abspath(root), load_config(root, config_file), tuple(files) or None
        )
        return Plan(repository_root(root), (run,))

    def load(folder: str) -> Config:
        with located(folder, root):
            return load_config(folder)

    return plan(root, files or (root,), files, load, listings, index)


@contextlib.contextmanager
def located(folder: str, root: str) -> Iterator[None]:
    """Config errors of the project at ``folder`` name their files relative to PATH (``root``),
    as the user wrote it: ``services/chat/pyproject.toml:7``, ``../pyproject.toml:3``."""
    try:
        yield
    except ConfigError as exc:
        prefix = os.path.relpath(folder, root).replace(os.sep, "/")
        if prefix == ".":
            raise
        issues = [replace(i, path=posixpath.join(prefix, i.path)) for i in exc.issues]
        raise ConfigError(issues) from exc
