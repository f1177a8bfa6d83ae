"""Where a repository begins: git's top level, found on the file system without running git.

archfit reads and writes only inside the repository it was given (docs/adr/0015); this module
finds that boundary. Running ``git rev-parse`` would run the target's configured hooks and
helpers for nothing: a ``.git`` folder (a clone) or ``.git`` file (a worktree or submodule) is
what git itself looks for first.
"""

from __future__ import annotations

import functools
import os


def git_toplevel(path: str) -> str | None:
    """The nearest folder at or above ``path`` holding a ``.git`` entry, or None outside git.

    ``path`` may be a file; the answer is an absolute, symlink-resolved folder.
    """
    current = os.path.realpath(path)
    if not os.path.isdir(current):
        current = os.path.dirname(current)
    while True:
        if os.path.lexists(os.path.join(current, ".git")):
            return current
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent


def ancestors(path: str, stop: str | None) -> list[str]:
    """``path`` (a folder, absolute) and every folder above it, up to and including ``stop``
    (up to the file-system root when ``stop`` is None or not above ``path``)."""
    found = [path]
    current = path
    while current != stop:
        parent = os.path.dirname(current)
        if parent == current:
            break
        found.append(parent)
        current = parent
    return found


def inside(path: str, folder: str) -> bool:
    """Whether ``path`` is ``folder`` or lies below it (both absolute and normalised)."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


@functools.lru_cache(maxsize=4096)
def repository_boundary(path: str) -> str:
    """The folder archfit may read and write in for a target at ``path``: git's top level,
    else ``path`` itself (resolved). Cached: every file of a run asks with its folder."""
    top = git_toplevel(path)
    if top is not None:
        return top
    return os.path.realpath(path if os.path.isdir(path) else os.path.dirname(path))
