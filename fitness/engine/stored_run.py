"""A stored ``check`` run, reused while none of its inputs has changed (ADR-0020, first slice).

A warm run with nothing changed should cost a stat of every file and folder plus the stored
result, rendered again. The stored record is keyed on every input the run reads: archfit's
own code and version, the command's analysis options and the folder it runs in, today's date
(ADR review dates), the stat index of the repository (``analyzer.stat_index``: every config,
pack, baseline, ADR, ``.gitignore``, dependency, lock and tach file inside it, every source
file, every folder's listing), and the signatures of the few files a configuration names
outside it. Any change is a miss, and the run is computed in full, as if nothing had been
stored. Rendering is not an input: the run is stored as values (``CheckRun``), so every
format, colour and verbosity renders from one record.

The record follows the cache trust rules (``analyzer.cache_trust``): it lives in
``.archfit_cache/`` only, is read only when that folder is one archfit made (no symlink, not
tracked by git), never through a link, and only when its MAC under the user's own key holds.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import itertools
import json
import operator
import os
import stat
import sys
import time
from collections.abc import Callable, Collection, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from analyzer import codec
from analyzer.cache_trust import Untrusted, refuse_foreign, seal, sealed, user_key
from analyzer.folders import CACHE_DIR
from analyzer.records import MAX_BYTES, read_plain, read_sealed, write_record, write_sealed
from analyzer.repository import git_toplevel
from analyzer.stat_index import (
    Entry,
    Remembered,
    StatIndex,
    entered,
    lines_digest,
    paths_digest,
    tree_digest,
    tree_lines,
)
from archfit_values import frozen
from fitness import __version__

T = TypeVar("T")

# One record per command that stores its values: check's run, and metrics', graph's and
# report's values (fitness.cli.stored).
RECORDS = {command: f"{command}-run.json" for command in ("check", "metrics", "graph", "report")}
RUN_FILE = RECORDS["check"]
# The folder listings the last walk of the tree saw, by folder signature (``tree_index``).
LISTINGS_FILE = "listings.json"
# An entry changed this recently may change again within the file system's clock tick without
# its stat showing it (analyzer.stat_index): such a tree is not indexed.
_RACY_NS = 50_000_000
_STR = frozenset({str})
# archfit's own folders: a change to its code or bundled packs changes every result.
_OWN = (Path(__file__).resolve().parents[1], Path(__file__).resolve().parents[2] / "analyzer")


@functools.cache  # one stat of archfit's own tree per process: the stored run and the parts
def own_code() -> str:
    """The stat index of archfit's own code and bundled rule packs (a dev checkout changes
    without a new version); the packs sit in ``fitness/`` in a wheel, in ``rules/`` beside
    it in a source tree."""
    folders = [*_OWN, _OWN[0].parent / "rules"]
    return "\0".join(str(tree_digest(str(f))) for f in folders if f.is_dir())


def cache_version() -> str:
    """What the facts cache and the records beside it (the briefs, the resolved edges) are
    keyed on: archfit's version and its own code (``own_code``), so that a dev checkout, or a
    reinstall of the same version with other code, computes them again as it does every
    stored part (ADR-0020: archfit's own code stays in every key)."""
    code = hashlib.blake2b(own_code().encode(), digest_size=8).hexdigest()
    return f"{__version__}+{code}"


def tree_index(root: str, skip: Collection[str], files: Collection[str] = ()) -> StatIndex | None:
    """The stat index of the repository around ``root`` (``skip``: what the run writes into
    it), taken once per run: the run's key and the engine's parts read it. None when the tree
    cannot be indexed, or when one of ``files`` (FILES) lies where the index does not look
    (a virtualenv, a build folder): then nothing is reused or stored."""
    base = _indexed_base(root)
    if not all(entered(base, os.path.abspath(path)) for path in files):
        return None
    listings: dict[str, Sequence[Entry]] = {}
    known = remembered_listings(root, base)
    seen: dict[str, Remembered] = {}
    skipped = {os.path.abspath(path) for path in skip}
    lines = tree_lines(base, skipped, racy_stamp(), listings, (known, seen))
    if lines is None:
        return None
    if seen != known:
        remember_listings(root, base, seen)
    # Sorted once: the run's key, the layout's and the dependency rules' each digest them in
    # sorted order, and a sort of sorted lines is a pass (three sorts of Django's 6,124: 2 ms).
    lines.sort()
    return StatIndex(base, tuple(lines), listings)


def remembered_listings(root: str, base: str) -> dict[str, Remembered]:
    """The folder listings a walk of ``base`` remembered (``analyzer.stat_index.Memo``) in
    ``root``'s cache folder, when the record is archfit's own (its MAC holds) and of the same
    base; none otherwise."""
    text = read_sealed(os.path.join(root, CACHE_DIR), LISTINGS_FILE, base)
    try:
        return _memo(json.loads(text)) if text is not None else {}
    except ValueError:
        return {}


def _memo(record: object) -> dict[str, Remembered]:
    """The listings of a record (its folders, signatures, names and kinds, each a list of
    strings as long as the others); none when it is not one."""
    if type(record) is not list or len(record) != 4:
        return {}
    if not all(type(column) is list and len(column) == len(record[0]) for column in record):
        return {}
    # Every check in C, a pass per column (Django's 2,457 folders: 1.1 -> 0.2 ms).
    if not all(set(map(type, column)) <= _STR for column in record):
        return {}
    folders, signatures, names, kinds = record
    entries = map(operator.add, map(str.count, names, itertools.repeat("\0")), map(bool, kinds))
    if list(map(len, kinds)) != list(entries):  # a kind per name (no kinds: no name)
        return {}
    return dict(zip(folders, zip(signatures, names, kinds, strict=True), strict=True))


def remember_listings(root: str, base: str, memo: Mapping[str, Remembered]) -> None:
    """Keep a walk's listings in ``root``'s cache folder when it exists and is archfit's
    own, sealed with ``base``; never fatal."""
    text = json.dumps([list(memo), *map(list, zip(*memo.values(), strict=True))] if memo else [])
    write_sealed(os.path.join(root, CACHE_DIR), LISTINGS_FILE, base, text)


def tree_key(root: str, params: Mapping[str, object], index: StatIndex | None) -> str | None:
    """The part of a run's key taken before it reads anything: archfit, the analysis
    options ``params``, the folder, today, and the stat ``index`` of the repository around
    ``root``; None without an index."""
    if index is None:
        return None
    options = json.dumps(params, sort_keys=True)
    today = datetime.date.today().isoformat()
    absolute = os.path.abspath(root)
    parts = (__version__, sys.version, own_code(), options, os.getcwd(), absolute, index.base)
    return _digest(*parts, today, lines_digest(index.lines))


def reused_or_computed(
    command: str,
    where: tuple[str, Collection[str], Collection[str]],
    params: Mapping[str, object],
    kind: type[T],
    compute: Callable[[StatIndex | None], tuple[T, list[str] | None]],
) -> T:
    """``command``'s values for the folder ``where[0]``: the stored ones when none of their
    inputs changed, else ``compute(index)``'s, stored. ``where[1]`` are what the command
    writes into the tree (no input), ``where[2]`` the paths it was given (``tree_index``'s
    ``files``); ``params`` every option that changes the values, not how they are shown.
    ``compute`` takes the run's stat index (for the readers that index the tree again) and
    returns the values and the files read outside the tree (None: a folder there was read,
    so the values are not stored)."""
    keyed = indexed_and_keyed(command, where, params)
    return keyed_values(where[0], command, keyed, kind, compute)[0]


def indexed_and_keyed(
    command: str,
    where: tuple[str, Collection[str], Collection[str]],
    params: Mapping[str, object],
) -> tuple[StatIndex | None, str | None]:
    """The stat index of a run of ``command`` (``where`` as ``reused_or_computed`` takes
    it) and its ``tree_key`` (None, None when the tree cannot be indexed)."""
    root, skip, files = where
    index = tree_index(root, skip, files)
    return index, tree_key(root, {"command": command, **params}, index)


def keyed_values(
    root: str,
    command: str,
    keyed: tuple[StatIndex | None, str | None],
    kind: type[T],
    compute: Callable[[StatIndex | None], tuple[T, list[str] | None]],
) -> tuple[T, list[str] | None]:
    """``reused_or_computed`` under the stat index and ``tree_key`` already taken
    (``keyed``), with the files the values read outside the tree (their key is
    ``full_key(tree, extra)``); None when the values were not stored under that key (no
    key, or a folder read outside it). A command that stores more beside its values keys it
    on theirs (``fitness.cli.stored``)."""
    index, tree = keyed
    record = stored(root, command) if tree else None
    if tree and record:
        value = reused(record, full_key(tree, record.extra), kind)
        if value is not None:
            return value, list(record.extra)
    value, extra = compute(index)
    if tree is None or extra is None:
        return value, None
    store(root, full_key(tree, extra), extra, value, command)
    return value, extra


def full_key(tree: str, extra: Collection[str]) -> str:
    """A run's key: ``tree_key`` and the signatures of the files ``extra`` it read outside
    the tree (a ``--config`` elsewhere, a rule pack a configuration names)."""
    return _digest(tree, paths_digest(extra))


def outside(root: str, paths: Collection[str]) -> bool:
    """Whether a folder in ``paths`` (ADR folders, source roots, project roots) lies outside
    the indexed tree, or in a folder the index does not walk (a virtualenv, ``build``): its
    files would be read without their stats in the key, so nothing is stored."""
    base = _indexed_base(root)
    return not all(entered(base, os.path.abspath(p)) for p in paths)


def _indexed_base(root: str) -> str:
    """The folder the stat index of a run at ``root`` covers: git's top level (project
    configurations are looked for up to there), else ``root`` as spelt, made absolute."""
    absolute = os.path.abspath(root)
    return git_toplevel(absolute) or absolute


@frozen
class Stored:
    """A stored run as read from disk, its MAC not yet checked."""

    key: str
    extra: tuple[str, ...]
    mac: bytes
    text: str


def stored(root: str, command: str = "check") -> Stored | None:
    """The run of ``command`` stored for ``root``, if its folder is archfit's own and it
    parses."""
    return read_record(os.path.join(root, CACHE_DIR, RECORDS[command]))


def read_record(path: str) -> Stored | None:
    """The record at ``path`` in a cache folder, if the folder is archfit's own and it
    parses (its MAC is checked by ``authentic``)."""
    try:
        refuse_foreign(os.path.dirname(path))
        head, _, body = read_plain(path).partition(b"\n")
        header = json.loads(head)
        extra = tuple(header["extra"])
        record = Stored(header["key"], extra, bytes.fromhex(header["mac"]), body.decode())
    except (Untrusted, OSError, ValueError, TypeError, KeyError):
        return None
    if not all(type(part) is str for part in (record.key, *record.extra)):
        return None
    return record


def reused(record: Stored, key: str, kind: type[T]) -> T | None:
    """The stored value (a ``kind``), when it was stored under ``key`` and its MAC holds
    (archfit wrote it for this user); None otherwise."""
    if not authentic(record, key):
        return None
    try:
        return codec.loads(record.text, kind)
    except ValueError:
        return None


def authentic(record: Stored, key: str) -> bool:
    """Whether ``record`` was stored under ``key`` and its MAC holds: archfit wrote it, for
    this user."""
    try:
        secret = user_key()
    except Untrusted:
        return False
    listed = json.dumps(list(record.extra))
    return record.key == key and sealed(secret, record.mac, key, listed, record.text)


def store(root: str, key: str, extra: Collection[str], run: Any, command: str = "check") -> None:
    """Store ``run`` (a frozen dataclass value) under ``key`` in ``root``'s cache folder (made
    when missing: a monorepo's root holds no project of its own, so no facts cache made it),
    when it is archfit's own; never fatal (a run that cannot be stored is only computed
    again next time)."""
    store_text(root, RECORDS[command], key, extra, codec.dumps(run))


def store_text(root: str, name: str, key: str, extra: Collection[str], text: str) -> None:
    """Store ``text`` as the record ``name`` of ``root``'s cache folder, sealed with ``key``
    and the files ``extra`` as ``store`` seals a run; never fatal."""
    from analyzer.cache import make_folder  # a run is stored once computed: the engine is loaded

    folder = os.path.join(root, CACHE_DIR)
    listed = sorted(extra)
    try:
        secret = user_key()
        make_folder(folder)
        if not stat.S_ISDIR(os.lstat(folder).st_mode):
            return
        refuse_foreign(folder)
        mac = seal(secret, key, json.dumps(listed), text).hex()
        header = json.dumps({"key": key, "mac": mac, "extra": listed})
        data = f"{header}\n{text}".encode()
        if len(data) <= MAX_BYTES:  # past it, ``read_plain`` would refuse it
            write_record(folder, name, data)
    except (Untrusted, OSError):
        return


def racy_stamp() -> int:
    """Nanoseconds since the epoch: an index holding an entry changed since then is not
    trusted (``analyzer.stat_index``, the racy window)."""
    return time.time_ns() - _RACY_NS


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogateescape")).hexdigest()
