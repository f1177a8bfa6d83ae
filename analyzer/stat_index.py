"""The stat index of a tree: one digest of the stat signature of every file and folder in it.

A stored result may be reused only while nothing it read has changed (ADR-0020). Every write
to a file changes its ctime, and every entry of every folder walked has a line of its own, so
a file added, removed or renamed shows as a line added or gone: the lines of every file and
every folder, taken together, change whenever the tree does. A check that nothing changed is
one ``lstat`` per entry, no byte read; none at all for a file no reader opens
(``folders.UNREAD_SUFFIXES``: its name is its line). A walked folder's own times are left
out: they move when a tool adds ``__pycache__`` or a cache in it, which no run reads.

Folders that hold nothing a run reads are not entered: ``folders.PRUNED_DIRS`` (VCS data,
caches, virtualenvs by name, archfit's own cache: not even their own stat, which moves
whenever a tool writes in them), and the folders
discovery prunes whatever the configuration says (a virtualenv or a cache folder by its
``pyvenv.cfg`` or ``CACHEDIR.TAG``, ``*.egg-info``, ``build``, ``dist`` and ``venv`` unless a
package), whose own signature is kept (a listing change there can make them code again). Of
any folder not entered, its ``*.dist-info`` children are (dependency rules read their
metadata one level below a project). No file of ``.git`` is an input: whether git tracks the
cache is asked when the cache is read, and only ``--since`` and ``report`` read history,
the first never stored, the second keyed on HEAD (``analyzer.history.history_key``).

A symbolic link is indexed by its own signature and its target's (what a reader sees through
it; "dangling" when there is none). A folder reached through a link is not walked: discovery
never follows one, and the readers that do (ADR folders, configurations) read only inside
the repository, where the target's own entries are indexed.

File systems stamp times from a coarse clock (a few milliseconds): a file written twice
within one tick, at the same size, keeps its signature. As git does for its index ("racy
git"), a tree with an entry changed just before it was indexed is not indexed at all.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import field
from typing import Protocol, overload

from analyzer.folders import PRUNED_DIRS, UNLESS_PACKAGE_DIRS, UNREAD_SUFFIXES
from archfit_values import frozen

# A folder holding one of these is a virtualenv or a tagged cache: discovery never enters it.
_NO_CODE_MARKERS = frozenset({"pyvenv.cfg", "CACHEDIR.TAG"})
_KIND = 0o170000  # the file type bits of st_mode
# An entry's kind in a remembered listing: folder, link, file, anything else.
_DIR, _LINK, _FILE, _OTHER = "d", "l", "f", "o"


class Entry(Protocol):
    """What the walk and its readers ask of a folder's entry: ``os.DirEntry``, or a
    ``KnownEntry`` from a remembered listing."""

    @property
    def name(self) -> str: ...
    @property
    def path(self) -> str: ...
    def is_dir(self, *, follow_symlinks: bool = True) -> bool: ...
    def is_file(self, *, follow_symlinks: bool = True) -> bool: ...
    def stat(self, *, follow_symlinks: bool = True) -> os.stat_result: ...


# Folders listed by a walk: absolute path -> its entries.
Listings = Mapping[str, Sequence[Entry]]
# Remembered listings (``tree_lines``' ``memo``): folder -> its signature, its entries' names
# joined by NUL (which no name holds), and their kinds, one letter each.
Remembered = tuple[str, str, str]
Memo = Mapping[str, Remembered]


class KnownEntry:
    """An entry of a folder whose listing is remembered: its name and kind, as ``scandir``
    gave them when the folder had the same signature; its stat is taken now."""

    __slots__ = ("kind", "name", "path")

    def __init__(self, folder: str, name: str, kind: str) -> None:
        self.name = name
        self.path = os.path.join(folder, name)
        self.kind = kind

    def is_dir(self, *, follow_symlinks: bool = True) -> bool:
        """As ``os.DirEntry.is_dir``."""
        if follow_symlinks and self.kind == _LINK:
            return os.path.isdir(self.path)
        return self.kind == _DIR

    def is_file(self, *, follow_symlinks: bool = True) -> bool:
        """As ``os.DirEntry.is_file``."""
        if follow_symlinks and self.kind == _LINK:
            return os.path.isfile(self.path)
        return self.kind == _FILE

    def stat(self, *, follow_symlinks: bool = True) -> os.stat_result:
        """As ``os.DirEntry.stat`` (taken now, as scandir's own entries take it)."""
        return os.stat(self.path) if follow_symlinks else os.lstat(self.path)


class RecordedListings(Mapping[str, Sequence[Entry]]):
    """A run's listings that remember whether a reader asked for a folder they do not hold
    (then it listed that folder itself, and what it found is not covered by the index)."""

    def __init__(self, listings: Listings) -> None:
        self._listings = listings
        self.missed = False

    def __getitem__(self, folder: str) -> Sequence[Entry]:
        try:
            return self._listings[folder]
        except KeyError:
            self.missed = True
            raise

    def __iter__(self) -> Iterator[str]:
        return iter(self._listings)

    def __len__(self) -> int:
        return len(self._listings)


class ListedOnce(Mapping[str, Sequence[Entry]]):
    """A run's listings without a stat index (``--no-cache``): each folder is listed the first
    time a walk asks for it and kept for the walks after it, so the plan's search for projects
    and discovery list Django's 2,457 folders once between them, not twice. An unreadable
    folder lists as empty, as the walks treat it. Made per run: never kept past it."""

    def __init__(self) -> None:
        self._listings: dict[str, Sequence[Entry]] = {}

    def __getitem__(self, folder: str) -> Sequence[Entry]:
        listed = self._listings.get(folder)
        if listed is None:
            try:
                with os.scandir(folder) as entries:
                    listed = list(entries)
            except OSError:
                listed = []
            self._listings[folder] = listed
        return listed

    def __iter__(self) -> Iterator[str]:
        return iter(self._listings)

    def __len__(self) -> int:
        return len(self._listings)


@frozen
class StatIndex:
    """The stat index of one tree as a run took it (``tree_lines``), handed to the readers
    that would otherwise index part of the same tree again (one walk per run)."""

    base: str
    lines: tuple[str, ...]
    # Each folder listed (absolute, spelt from ``base``) -> its entries, as scandir gave them:
    # discovery reads its folders from here rather than listing them again.
    listings: Listings = field(default_factory=dict)

    def under(self, folder: str) -> list[str] | None:
        """The lines of the entries under ``folder`` (absolute): those ``tree_lines(folder)``
        gives, less what the run skipped (``tree_lines``' ``skip``); None when this index
        does not cover it (outside ``base``, spelt through a link, or in a folder the index
        does not enter): then the reader walks it itself."""
        if folder == self.base:
            return list(self.lines)
        prefix = folder + os.sep
        if not folder.startswith(self.base + os.sep) or not entered(self.base, folder):
            return None
        return [line for line in self.lines if line.startswith(prefix)]

    def holding(self, folder: str, names: Collection[str]) -> list[str] | None:
        """The folders at or under ``folder`` (absolute) whose listing has an entry named in
        ``names``, found without a walk: the index lists every folder discovery can enter;
        None when it does not cover ``folder`` (then the reader walks it itself)."""
        prefix = folder + os.sep
        if folder != self.base and (
            not folder.startswith(self.base + os.sep) or not entered(self.base, folder)
        ):
            return None
        wanted = frozenset(names)
        return [
            listed
            for listed, entries in self.listings.items()
            if (listed == folder or listed.startswith(prefix))
            and not wanted.isdisjoint(_listed_names(entries))
        ]


def _listed_names(entries: Sequence[Entry]) -> list[str]:
    """The names of a folder's entries (a remembered listing's without making its entries)."""
    if isinstance(entries, RememberedListing):
        return entries.names
    return [entry.name for entry in entries]


def entry_signature(info: os.stat_result) -> str:
    """What changes when a file's bytes or a folder's listing do: size, mtime, ctime, inode
    (ctime changes on every write and cannot be set back)."""
    return f"{info.st_mode:o}:{info.st_size}:{info.st_mtime_ns}:{info.st_ctime_ns}:{info.st_ino}"


def tree_digest(base: str, skip: Collection[str] = (), racy: int = 0) -> str | None:
    """The digest of every entry's signature under ``base`` (absolute paths in ``skip`` left
    out: a report the run writes into the tree is not one of its inputs); None when the
    tree cannot be read, or (with ``racy``, in nanoseconds since the epoch) holds an entry
    changed since then."""
    lines = tree_lines(base, skip, racy)
    return None if lines is None else lines_digest(lines)


def lines_digest(lines: Collection[str]) -> str:
    """The digest of index lines (``tree_lines``), in their sorted order (a listing's order
    is the file system's, not the tree's)."""
    text = "\n".join(sorted(lines))
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def tree_lines(
    base: str,
    skip: Collection[str] = (),
    racy: int = 0,
    listings: dict[str, Sequence[Entry]] | None = None,
    memo: tuple[Memo, dict[str, Remembered]] | None = None,
) -> list[str] | None:
    """``tree_digest``'s index itself: one ``path NUL signature`` line per entry, unsorted;
    each folder's entries, as listed, go into ``listings`` when given.

    With ``memo`` (the listings remembered by a walk before, and where to put this walk's),
    a folder whose own signature is the one remembered is not listed again: its entries are
    the remembered ones (a listing changes only with its folder's mtime and ctime, and ctime
    cannot be set back), each file still stat'd. Only a folder whose times are older than
    ``racy`` is remembered: a change within the clock's tick after it was listed would not
    move them."""
    lines: list[str] = []
    newest = 0
    remembered = racy if memo is not None else 0  # 0: no folder is remembered
    try:
        pending = [(base, _folder_signature(os.stat(base), remembered) if remembered else "")]
        while pending:
            folder, signature = pending.pop()
            names, kinds = _listed(folder, signature, memo, listings)
            if folder != base and not _NO_CODE_MARKERS.isdisjoint(names):
                pending += _dist_infos(folder, names, kinds)  # a virtualenv or a cache: not code
                continue
            prefix = folder + os.sep
            for name, kind in zip(names, kinds, strict=True):
                path = prefix + name
                if path in skip:
                    continue
                if name in PRUNED_DIRS:  # its own stat moves as tools write in it
                    pending += _dist_infos(path, *_names(path))
                    continue
                if kind == _FILE and name.endswith(UNREAD_SUFFIXES):
                    lines.append(f"{path}\0listed")  # no reader opens it: its name alone
                    continue
                info = os.lstat(path)
                mode = info.st_mode
                form = mode & _KIND  # stat.S_IFMT, without a call per entry
                if form == stat.S_IFLNK:
                    signed, stamp = _signed(path, info)
                    lines.append(f"{path}\0{signed}")
                    newest = max(newest, stamp)
                    continue
                if form == stat.S_IFDIR and not _pruned(path, name):
                    # Walked: its entries' own lines show every change to its listing, and its
                    # times would also move when a tool adds __pycache__ or a cache in it.
                    lines.append(f"{path}\0{mode:o}:folder")
                    pending.append((path, _folder_signature(info, remembered)))
                    continue
                # entry_signature inlined: this line runs once per entry of the repository
                mtime, ctime = info.st_mtime_ns, info.st_ctime_ns
                lines.append(f"{path}\0{mode:o}:{info.st_size}:{mtime}:{ctime}:{info.st_ino}")
                if ctime > newest or mtime > newest:
                    newest = max(newest, mtime, ctime)
                if form == stat.S_IFDIR:  # not walked: its own times show a listing change
                    pending += _dist_infos(path, *_names(path))
    except OSError:
        return None
    if racy and newest > racy:
        return None
    return lines


def _folder_signature(info: os.stat_result, racy: int) -> str:
    """A walked folder's signature for the memo: its times and inode (adding, removing or
    renaming an entry moves both times; a chmod, the ctime); "" (never remembered) when
    they are within the racy window (with ``racy`` 0, always)."""
    mtime, ctime = info.st_mtime_ns, info.st_ctime_ns
    if mtime > racy or ctime > racy:
        return ""
    return f"{mtime}:{ctime}:{info.st_ino}"


def _listed(
    folder: str,
    signature: str,
    memo: tuple[Memo, dict[str, Remembered]] | None,
    listings: dict[str, Sequence[Entry]] | None,
) -> tuple[list[str], str]:
    """A folder's entry names and kinds (one letter each): remembered when ``memo`` holds
    them under its ``signature`` (kept in this walk's memo), else listed now (and
    remembered, with a signature); its entries go into ``listings``."""
    stored = memo[0].get(folder) if memo is not None and signature else None
    if stored is not None and stored[0] == signature:
        assert memo is not None
        memo[1][folder] = stored
        names = stored[1].split("\0") if stored[2] else []
        if listings is not None:
            listings[folder] = RememberedListing(folder, names, stored[2])
        return names, stored[2]
    with os.scandir(folder) as listing:
        entries = list(listing)
    if listings is not None:
        listings[folder] = entries
    names = [e.name for e in entries]
    kinds = "".join(map(_kind, entries))
    if memo is not None and signature:
        memo[1][folder] = (signature, "\0".join(names), kinds)
    return names, kinds


class RememberedListing(Sequence[Entry]):
    """A remembered folder's entries (``KnownEntry``), made when a reader asks for them."""

    def __init__(self, folder: str, names: list[str], kinds: str) -> None:
        self._folder = folder
        self._names = names
        self._kinds = kinds
        self._entries: list[KnownEntry] | None = None

    def _made(self) -> list[KnownEntry]:
        if self._entries is None:
            pairs = zip(self._names, self._kinds, strict=True)
            self._entries = [KnownEntry(self._folder, name, kind) for name, kind in pairs]
        return self._entries

    @overload
    def __getitem__(self, index: int) -> Entry: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Entry]: ...
    def __getitem__(self, index: int | slice) -> Entry | Sequence[Entry]:
        return self._made()[index]

    def __len__(self) -> int:
        return len(self._names)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self._made())

    @property
    def names(self) -> list[str]:
        """The entries' names, as listed."""
        return self._names

    def split(self) -> tuple[list[str], list[str]]:
        """The folder's subfolder names and its other names (a link is not a folder), read
        from the remembered kinds: a walk that only needs names makes no entry."""
        dirnames: list[str] = []
        filenames: list[str] = []
        for name, kind in zip(self._names, self._kinds, strict=True):
            (dirnames if kind == _DIR else filenames).append(name)
        return dirnames, filenames


def _kind(entry: os.DirEntry[str]) -> str:
    """An entry's kind as scandir gave it (no stat)."""
    if entry.is_symlink():
        return _LINK
    if entry.is_dir(follow_symlinks=False):
        return _DIR
    return _FILE if entry.is_file(follow_symlinks=False) else _OTHER


def entered(base: str, path: str) -> bool:
    """Whether ``tree_digest(base)`` indexes what lies at ``path``: it is inside ``base`` and
    no folder on the way is one the index does not enter (or a link)."""
    rel = os.path.relpath(path, base)
    if rel.startswith(".."):
        return False
    names = [] if rel == "." else rel.split(os.sep)
    folder = base
    for name in names if os.path.isdir(path) else names[:-1]:
        folder = os.path.join(folder, name)
        if name in PRUNED_DIRS or _pruned(folder, name) or os.path.islink(folder):
            return False
        if any(os.path.lexists(os.path.join(folder, m)) for m in _NO_CODE_MARKERS):
            return False
    return True


def _signed(path: str, info: os.stat_result) -> tuple[str, int]:
    """An entry's signature, and the newest time in it; a link's holds its target's too."""
    signature = entry_signature(info)
    stamp = max(info.st_ctime_ns, info.st_mtime_ns)
    if not stat.S_ISLNK(info.st_mode):
        return signature, stamp
    try:
        target = os.stat(path)
    except OSError:
        return f"{signature}->dangling", stamp
    stamp = max(stamp, target.st_ctime_ns, target.st_mtime_ns)
    return f"{signature}->{entry_signature(target)}", stamp


def _pruned(path: str, name: str) -> bool:
    """Whether discovery prunes the folder whatever the configuration (as ``discovery``)."""
    if name.endswith(".egg-info"):
        return True
    return name in UNLESS_PACKAGE_DIRS and not os.path.isfile(os.path.join(path, "__init__.py"))


def _names(folder: str) -> tuple[list[str], str]:
    """The names and kinds of ``folder``'s entries; none when it is a file or cannot be
    listed."""
    try:
        with os.scandir(folder) as listing:
            entries = list(listing)
    except OSError:
        return [], ""
    return [e.name for e in entries], "".join(map(_kind, entries))


def _dist_infos(folder: str, names: list[str], kinds: str) -> list[tuple[str, str]]:
    """The ``*.dist-info`` folders among ``folder``'s entries (never through a link), to be
    walked with no memo."""
    pairs = zip(names, kinds, strict=True)
    prefix = folder + os.sep
    return [(prefix + n, "") for n, k in pairs if k == _DIR and n.endswith(".dist-info")]


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
