"""Whether git tracks anything under a folder, read from git's index file: git never runs.

Running git would run the repository's configured helpers (an fsmonitor hook, filters), and
ADR-0015 keeps subprocesses out of everything a check imports. The index is git's list of
tracked paths (gitformat-index(5)): a header, then one entry per path, sorted. The warm
pre-commit path is speed-critical (ADR-0014), so the common answer is one byte search: a
version 2 or 3 index stores every path whole, so one whose bytes do not hold the folder's
path tracks nothing under it (a committed Django wheel, 3,667 entries, 0.5 MB: 0.26 ms to
read and search). Otherwise (the bytes hold the path, version 4 compresses paths, a split
index keeps entries in a shared file) the entries are read one by one. An index this module
cannot read is taken to track the folder: a cache that might be committed is not trusted.
"""

from __future__ import annotations

import os

from analyzer.repository import git_toplevel

_PLAIN_VERSIONS = (2, 3)
_VERSIONS = (2, 3, 4)
_STAT_BYTES = 40  # ctime, mtime (seconds, nanoseconds), dev, ino, mode, uid, gid, size
_HASH_SIZES = (20, 32)  # SHA-1 and SHA-256 repositories
_EXTENDED = 0x4000
_NAME_MASK = 0x0FFF


class _Unreadable(Exception):
    """The index does not parse with this object-id size."""


def tracks(folder: str) -> bool:
    """Whether the git repository around ``folder`` (absolute) tracks a file below it.

    Outside a repository, or with nothing added yet, False. An index that cannot be read
    counts as tracking it.
    """
    top = git_toplevel(os.path.dirname(folder))
    if top is None:
        return False
    # The folder itself is not resolved: a symlinked cache folder is refused before this.
    here = os.path.join(os.path.realpath(os.path.dirname(folder)), os.path.basename(folder))
    prefix = os.path.relpath(here, top).replace(os.sep, "/") + "/"
    if prefix.startswith("../"):
        return False
    gitdir = _gitdir(top)
    if gitdir is None:
        return True
    try:
        data = _read(os.path.join(gitdir, "index"))
    except FileNotFoundError:
        return False  # a repository with nothing added yet
    except OSError:
        return True
    wanted = prefix.encode("utf-8", "surrogateescape")
    shared = any(name.startswith("sharedindex.") for name in _listdir(gitdir))
    if _version(data) in _PLAIN_VERSIONS and wanted not in data and not shared:
        return False
    return _any_under(gitdir, data, wanted)


def _read(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


def _listdir(folder: str) -> list[str]:
    try:
        return os.listdir(folder)
    except OSError:
        return []


def _version(data: bytes) -> int:
    return int.from_bytes(data[4:8], "big") if data[:4] == b"DIRC" else 0


def _any_under(gitdir: str, data: bytes, wanted: bytes) -> bool:
    """Whether any entry of the index (or of the shared index it links to) starts with
    ``wanted``; True when neither object-id size reads the index."""
    for size in _HASH_SIZES:
        try:
            paths, shared = _entries(data, size)
            if shared:  # a split index: its shared part holds most of the entries
                paths += _entries(_read(os.path.join(gitdir, f"sharedindex.{shared}")), size)[0]
        except (_Unreadable, OSError, IndexError):  # IndexError: a truncated index
            continue
        return any(path.startswith(wanted) for path in paths)
    return True


def _entries(data: bytes, size: int) -> tuple[list[bytes], str]:
    """The paths of an index's entries, and the shared index it links to ('' if none)."""
    version = _version(data)
    if version not in _VERSIONS:
        raise _Unreadable(f"index version {version}")
    count = int.from_bytes(data[8:12], "big")
    paths: list[bytes] = []
    offset, previous = 12, b""
    for _ in range(count):
        path, offset = _entry(data, offset, size, version, previous)
        paths.append(path)
        previous = path
    return paths, _link(data, offset, size)


def _entry(data: bytes, start: int, size: int, version: int, previous: bytes) -> tuple[bytes, int]:
    """One entry's path and where the next entry starts; ``_Unreadable`` when the entry's
    recorded name length disagrees with its path (the wrong object-id size, or damage)."""
    at = start + _STAT_BYTES + size
    flags = int.from_bytes(data[at : at + 2], "big")
    at += 2
    if flags & _EXTENDED:
        at += 2
    if version == 4:
        strip, at = _varint(data, at)
        if strip > len(previous):
            raise _Unreadable("prefix longer than the previous path")
        end = data.find(b"\0", at)
        path = previous[: len(previous) - strip] + data[at:end]
        following = end + 1
    else:
        end = data.find(b"\0", at)
        path = data[at:end]
        following = start + (end - start + 8) // 8 * 8  # 1-8 NULs pad to a multiple of 8
    if end < 0 or (flags & _NAME_MASK) != min(len(path), _NAME_MASK):
        raise _Unreadable("an entry's name length does not match its path")
    return path, following


def _varint(data: bytes, at: int) -> tuple[int, int]:
    """git's offset varint (gitformat-index: version 4 path prefixes)."""
    byte = data[at]
    at += 1
    value = byte & 0x7F
    while byte & 0x80:
        byte = data[at]
        at += 1
        value = ((value + 1) << 7) | (byte & 0x7F)
    return value, at


def _link(data: bytes, at: int, size: int) -> str:
    """The shared index named by a split index's ``link`` extension, as hex ('' if none)."""
    end = len(data) - size  # the index ends with a checksum of itself
    while at + 8 <= end:
        signature, length = data[at : at + 4], int.from_bytes(data[at + 4 : at + 8], "big")
        if signature == b"link":
            return data[at + 8 : at + 8 + size].hex()
        at += 8 + length
    return ""


def _gitdir(top: str) -> str | None:
    """The git folder of the work tree at ``top``: ``.git`` itself, or where a ``.git`` file
    (a worktree, a submodule) points; None when it cannot be read."""
    dot_git = os.path.join(top, ".git")
    if os.path.isdir(dot_git):
        return dot_git
    try:
        with open(dot_git, encoding="utf-8") as handle:
            line = handle.readline().strip()
    except (OSError, UnicodeDecodeError):
        return None
    if not line.startswith("gitdir:"):
        return None
    return os.path.normpath(os.path.join(top, line[len("gitdir:") :].strip()))
