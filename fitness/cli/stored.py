"""The values of ``metrics``, ``graph`` and ``report`` kept between runs (ADR-0020).

Each command stores what it computed (its values, never its rendering) under the same kind of
key as a stored check run: archfit, the command and its options, the folder, today, the stat
index of the repository and the files its configuration names outside it. A run whose key
matches shows the stored values with the same renderer a computed run uses; any change
computes them again. The warnings a run printed are part of what it stored: a reused run
prints them as the computed one did.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Protocol, TypeVar

import click

from fitness.engine import stored_run

if TYPE_CHECKING:
    from analyzer.facts import Facts
    from analyzer.stat_index import StatIndex
    from fitness.config import Config
    from fitness.engine.check import RunOptions


class Warned(Protocol):
    """A stored value that carries the warnings its run printed."""

    @property
    def warnings(self) -> tuple[str, ...]: ...


W = TypeVar("W", bound=Warned)


def analysed_values(
    command: str,
    where: tuple[str, str | None, str | None],
    params: Mapping[str, object],
    kind: type[W],
    build: Callable[[Config, Facts, tuple[str, ...]], W],
    options: Callable[[], RunOptions],
    use_cache: bool,
) -> W:
    """What ``build`` makes of the project at PATH (``where``: PATH, ``--config``,
    ``--output``), stored and reused as ``stored_run.reused_or_computed`` does; its warnings go to
    stderr either way, as ``common.analysed`` says them. ``options`` makes the run options
    when the values are computed (they load the engine, which stored values never need)."""
    path, config_file, output = where

    def compute(_index: StatIndex | None) -> tuple[W, list[str] | None]:
        from fitness.cli.common import analysed

        config, facts, warnings = analysed(path, config_file, options(), echo=False)
        projects = [(facts.layout.root, config)]
        return build(config, facts, warnings), read_outside(path, projects, (config_file,))

    every = {"path": path, "config": config_file, **params}
    if use_cache:
        given = (path, (output,) if output else (), (path,))
        value = stored_run.reused_or_computed(command, given, every, kind, compute)
    else:
        value = compute(None)[0]
    for warning in value.warnings:
        click.echo(f"archfit: warning: {warning}", err=True)
    return value


def read_outside(
    root: str, projects: Iterable[tuple[str, Config]], given: Iterable[str | None]
) -> list[str] | None:
    """The files a run of ``projects`` (each project's root and configuration) reads that
    may lie outside the indexed tree (each configuration's files and baseline, and the files
    ``given`` on the command line), for their stats in the key; None when ADR folders or
    source roots are read outside it. Rule packs must lie inside the repository."""
    paths = [p for p in given if p]
    folders: list[str] = []
    for project_root, config in projects:
        folders.append(project_root)  # outside git, a project above PATH may own it
        paths += [os.path.join(project_root, p) for p in (*config.paths, config.baseline)]
        folders += [os.path.join(project_root, d) for d in config.adr_dirs or ()]
        folders += [os.path.join(project_root, d) for d in config.source_roots or ()]
    if stored_run.outside(root, folders):
        return None
    return sorted({os.path.abspath(p) for p in (*paths, *_configs_above(root))})


def _configs_above(root: str) -> list[str]:
    """Outside git, a configuration in any folder above the root may own it (ADR-0015): the
    names looked for there, so that one created later shows as a changed input."""
    from analyzer.repository import ancestors, git_toplevel
    from fitness.config.projects import CONFIG_NAMES

    absolute = os.path.abspath(root)
    if git_toplevel(absolute) is not None:
        return []  # projects are looked for up to git's top level: the indexed tree
    return [os.path.join(d, name) for d in ancestors(absolute, None)[1:] for name in CONFIG_NAMES]
