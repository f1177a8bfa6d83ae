"""The one way archfit opens a file: a regular file, inside the boundary, under a size limit.

A target from an unknown pull request can hold a FIFO (opening it blocks forever), a symlink to
``/dev/zero`` (reading it never ends) or a symlink to a file outside the repository. Every
source, config, ADR, rule pack, ``.gitignore`` and baseline is read through ``read_bounded``,
which refuses all three before reading a byte: the file is opened without blocking, checked
with ``fstat`` on the open descriptor (no race with a rename), and read to at most the limit.
"""

from __future__ import annotations

import errno
import functools
import os
import re
import stat

from analyzer.repository import inside

# Limits are properties of the input, never of time, so a run is deterministic. The source
# limit sits far above the largest file of Django, sympy and pandas (README: Limits and safety).
MAX_SOURCE_BYTES = 4 * 1024 * 1024
# Configs, ADRs, rule packs, ignore files: text a person writes.
MAX_TEXT_BYTES = 2 * 1024 * 1024
# A baseline lists every finding of a large legacy tree.
MAX_BASELINE_BYTES = 64 * 1024 * 1024


class RefusedFile(OSError):
    """A file archfit will not read: not regular, over its size limit, or outside the boundary.

    An ``OSError`` so that every caller that already turns unreadable files into findings or
    config errors handles it the same way; ``strerror`` says why in words.
    """

    def __init__(
        self, path: str, reason: str, *, too_large: bool = False, outside: bool = False
    ) -> None:
        super().__init__(errno.EINVAL, reason, path)
        self.too_large = too_large  # a regular file over a limit: INP001, not INP003
        self.outside = outside  # it leads out of the repository: a blind spot, never read


def read_bounded(path: str, limit: int, boundary: str | None = None) -> bytes:
    """The bytes of the regular file ``path``; RefusedFile (an OSError) when it is not one,
    holds more than ``limit`` bytes, or resolves outside the folder ``boundary``."""
    return read_bounded_stat(path, limit, boundary)[0]


def read_bounded_stat(
    path: str, limit: int, boundary: str | None = None
) -> tuple[bytes, os.stat_result]:
    """``read_bounded`` plus the file's stat (as the cache keys need)."""
    if boundary is not None:
        check_inside(path, boundary)
    if not stat.S_ISREG(os.stat(path).st_mode):  # a device is never opened: opening can act
        raise RefusedFile(path, "not a regular file")
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    descriptor = os.open(path, flags)  # O_NONBLOCK: opening a FIFO returns at once
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise RefusedFile(path, "not a regular file")
        if info.st_size > limit:
            raise RefusedFile(path, over_limit(info.st_size, limit), too_large=True)
        with os.fdopen(descriptor, "rb", closefd=False) as handle:
            data = handle.read(limit + 1)  # the file may have grown since fstat
    finally:
        os.close(descriptor)
    if len(data) > limit:
        raise RefusedFile(path, over_limit(len(data), limit), too_large=True)
    return data, info


def read_bounded_text(path: str, limit: int, boundary: str | None = None) -> str:
    """``read_bounded`` decoded as UTF-8 (a BOM allowed); UnicodeDecodeError as ``bytes.decode``."""
    return read_bounded(path, limit, boundary).decode("utf-8-sig")


@functools.lru_cache(maxsize=256)
def _resolved(folder: str) -> str:
    """A boundary folder with its symlinks resolved (one per run, asked per file)."""
    return os.path.realpath(folder)


@functools.lru_cache(maxsize=4096)
def _resolved_folder(folder: str) -> str:
    """A source's folder with its symlinks resolved, shared by the files in it."""
    return os.path.realpath(folder)


def forget_folders() -> None:
    """Drop the folders ``_real`` resolved: each run resolves them afresh (a folder may have
    become a symlink since an earlier run in the same process)."""
    _resolved_folder.cache_clear()


def _real(path: str) -> str:
    """``os.path.realpath(path)``: its folder resolved once for all the files in it, the file
    itself looked at on its own (a symlink is resolved whole). ``realpath`` checks every
    part of a path (34 us a file on Django)."""
    folder, name = os.path.split(path)
    if not folder or name in ("", ".", ".."):
        return os.path.realpath(path)
    try:
        linked = stat.S_ISLNK(os.lstat(path).st_mode)
    except OSError:
        linked = True  # realpath says what it makes of a path that is not there
    return os.path.realpath(path) if linked else os.path.join(_resolved_folder(folder), name)


def check_inside(path: str, boundary: str) -> None:
    """RefusedFile unless ``path``, symlinks resolved, is ``boundary`` or below it."""
    if not inside(_real(path), _resolved(boundary)):
        raise RefusedFile(
            path, f"outside the repository {boundary} (symlink or '..')", outside=True
        )


def is_inside(path: str, boundary: str) -> bool:
    """Whether ``path``, symlinks resolved, lies inside ``boundary`` (resolved too)."""
    return inside(os.path.realpath(path), os.path.realpath(boundary))


def over_limit(size: int, limit: int) -> str:
    """The words of a size refusal, naming the limit as the README lists it."""
    return f"file of {size} bytes is over the {limit}-byte limit"


# Configs, packs, ADR front matter and baselines are read by recursive parsers (tomllib, json,
# PyYAML's composer): a nesting this deep is refused before parsing, never a RecursionError.
MAX_TEXT_NESTING = 100
_NESTING = re.compile(r"[\[\]{}\n]")


def too_deep(text: str, limit: int = MAX_TEXT_NESTING) -> int | None:
    """The 1-based line where brackets in ``text`` first nest more than ``limit`` deep, or
    None. Brackets inside strings count too: a config never needs a hundred of them."""
    depth, line = 0, 1
    for match in _NESTING.finditer(text):
        char = match.group()
        if char == "\n":
            line += 1
        elif char in "[{":
            depth += 1
            if depth > limit:
                return line
        else:
            depth = max(0, depth - 1)
    return None


def write_inside(path: str, text: str, boundary: str, *, exclusive: bool = False) -> None:
    """Write ``text`` (UTF-8, newlines as given) to ``path`` inside ``boundary``; a path that
    is a symlink, or whose folder resolves outside, is refused (RefusedFile) instead of being
    written through. ``exclusive``: fail with FileExistsError rather than replace a file."""
    folder = os.path.dirname(os.path.abspath(path))
    if not is_inside(folder, boundary):  # resolved now, never from the reads' folder table
        raise RefusedFile(
            folder, f"outside the repository {boundary} (symlink or '..')", outside=True
        )
    flags = os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    flags |= os.O_EXCL if exclusive else os.O_TRUNC
    try:
        descriptor = os.open(path, flags, 0o666)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # O_NOFOLLOW met a symlink
            raise RefusedFile(path, "a symlink: not written through") from exc
        raise
    with open(descriptor, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)


def read_repository_text(path: object, limit: int = MAX_TEXT_BYTES) -> str:
    """A text file of the analysed repository (``path`` a str or Path): regular, under
    ``limit``, inside the repository boundary, UTF-8; else OSError or UnicodeDecodeError."""
    from analyzer.repository import repository_boundary  # the boundary of the file's own tree

    text_path = str(path)
    # Asked by folder: the files of one folder share the answer (lru-cached there).
    return read_bounded_text(text_path, limit, repository_boundary(os.path.dirname(text_path)))
