"""The stat index of a tree: one digest of the stat signature of every file and folder in it.

A stored result may be reused only while nothing it read has changed (ADR-0020). Every write
to a file changes its ctime, and every file added, removed or renamed in a folder changes
that folder's mtime, so the signatures of every file and every folder, taken together, change
whenever the tree does: a check that nothing changed is one ``lstat`` per entry, no listing
compared and no byte read.

Entries that never hold anything a run reads (``discovery.PRUNED_DIRS``: VCS data, caches,
virtualenvs, archfit's own cache) are neither entered nor stat'd: their own stat moves
whenever a tool writes in them, and their parent's mtime still shows one added, removed or
renamed. Of ``.git`` only the files a run reads are indexed (the index, for whether git
tracks the cache; HEAD). A symbolic link makes the tree unindexable (None): what it points at
can change without any stat here showing it.

File systems stamp times from a coarse clock (a few milliseconds): a file written twice
within one tick, at the same size, keeps its signature. As git does for its index ("racy
git"), a tree with an entry changed just before it was indexed is not indexed at all.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Collection

from analyzer.discovery import PRUNED_DIRS

# Inside a pruned ``.git`` folder, the files a run reads.
_GIT_READ = ("index", "HEAD")


def entry_signature(info: os.stat_result) -> str:
    """What changes when a file's bytes or a folder's listing do: size, mtime, ctime, inode
    (ctime changes on every write and cannot be set back)."""
    return f"{info.st_mode:o}:{info.st_size}:{info.st_mtime_ns}:{info.st_ctime_ns}:{info.st_ino}"


def tree_digest(base: str, skip: Collection[str] = (), racy: int = 0) -> str | None:
    """The digest of every entry's signature under ``base`` (absolute paths in ``skip`` left
    out: a report the run writes into the tree is not one of its inputs); None when the
    tree holds a symbolic link, cannot be read, or (with ``racy``, in nanoseconds since the
    epoch) holds an entry changed since then."""
    lines = tree_lines(base, skip, racy)
    return None if lines is None else lines_digest(lines)


def lines_digest(lines: Collection[str]) -> str:
    """The digest of index lines (``tree_lines``), in their sorted order."""
    return hashlib.sha256("\n".join(sorted(lines)).encode("utf-8", "surrogateescape")).hexdigest()


def tree_lines(base: str, skip: Collection[str] = (), racy: int = 0) -> list[str] | None:
    """``tree_digest``'s index itself: one ``path NUL signature`` line per entry, unsorted."""
    lines: list[str] = []
    newest = 0
    pending = [base]
    try:
        while pending:
            with os.scandir(pending.pop()) as listing:
                for entry in listing:
                    if entry.name in PRUNED_DIRS:  # its own stat moves as tools write in it
                        lines += _git_entries(entry.path) if entry.name == ".git" else ()
                        continue
                    if entry.path in skip:
                        continue
                    info = entry.stat(follow_symlinks=False)
                    if stat.S_ISLNK(info.st_mode):
                        return None
                    lines.append(f"{entry.path}\0{entry_signature(info)}")
                    newest = max(newest, info.st_ctime_ns, info.st_mtime_ns)
                    if stat.S_ISDIR(info.st_mode):
                        pending.append(entry.path)
    except OSError:
        return None
    if racy and newest > racy:
        return None
    return lines  # in the file system's listing order: ``lines_digest`` sorts them


def _git_entries(git: str) -> list[str]:
    """The signatures of the files of ``.git`` that a run reads (missing ones are skipped)."""
    lines = []
    for name in _GIT_READ:
        try:
            info = os.stat(os.path.join(git, name))
        except OSError:
            continue
        lines.append(f"{git}/{name}\0{entry_signature(info)}")
    return lines


def paths_digest(paths: Collection[str]) -> str:
    """The digest of the signatures of single files outside the indexed tree (a ``--config``
    elsewhere, a rule pack): "missing" when one is absent, so its creation shows."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        try:
            signature = entry_signature(os.stat(path))
        except OSError:
            signature = "missing"
        digest.update(f"{path}\0{signature}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()
