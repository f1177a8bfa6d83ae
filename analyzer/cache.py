"""The content cache: per-file facts keyed on the file's content hash and archfit's version.

One SQLite file under ``.archfit_cache/`` (atomic writes, safe when two runs share it). A
``files`` table maps a path's stat signature (size, mtime, ctime, inode) to the content key it
had, so a warm run does not even read unchanged files; ``facts`` maps content keys to encoded
ParsedFiles. A cache that is corrupt, truncated, from another archfit version or unreadable is
discarded and rebuilt; if even that fails, the run goes on uncached. Never trusted, never fatal:
every row carries a MAC under the user's own key, and a cache archfit did not write (a symlink,
a folder git tracks, a row that fails its MAC) is never read (``analyzer.cache_trust``).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import threading
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence

from analyzer import codec
from analyzer.bounded import MAX_SOURCE_BYTES, read_bounded_stat
from analyzer.cache_trust import NOFOLLOW, Untrusted, refuse_foreign, seal, sealed, user_key
from analyzer.facts import ParsedFile, SourceFile
from analyzer.folders import CACHE_DIR
from analyzer.repository import repository_boundary
from analyzer.sqlite_later import sqlite3  # loaded when a cache opens (ADR-0012)
from archfit_values import frozen

CACHE_FILE = "facts.sqlite3"
# Bumped by hand for changes the structure cannot show (what a field means); the structure
# of ParsedFile itself is part of every stamp and key through codec.shape.
SCHEMA = f"2-{codec.shape(ParsedFile)}"
_BATCH = 500
_STALE_SECONDS = 30 * 24 * 3600  # entries unused for a month are dropped
# An entry's last use is written again only once it is this old: a warm run that rewrote
# every entry's timestamp paid ~20 ms (and a WAL checkpoint at close) for nothing.
_TOUCH_AFTER_SECONDS = 24 * 3600
# Cache file -> the thread still writing a run's facts into it (FactsCache.store_later).
_WRITES: dict[str, threading.Thread] = {}
_SCHEMA_SQL = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, signature TEXT NOT NULL,
                                  key TEXT NOT NULL, mac BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS facts (key TEXT PRIMARY KEY, value BLOB NOT NULL,
                                  used INTEGER NOT NULL, mac BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS briefs (key TEXT PRIMARY KEY, value TEXT NOT NULL, mac BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS facts_used ON facts (used);
"""
# The database and the side files SQLite may open beside it (WAL, shared memory, and the
# rollback journal a new database has before it switches to WAL).
_FILES = (CACHE_FILE, *(f"{CACHE_FILE}-{side}" for side in ("wal", "shm", "journal")))


def content_key(version: str, source: SourceFile, data: bytes) -> str:
    """What a file's facts depend on: its bytes, where it sits, and archfit's version."""
    digest = hashlib.sha256()
    for part in (version, SCHEMA, source.path, source.module or "", str(source.is_package)):
        digest.update(part.encode("utf-8") + b"\0")
    digest.update(data)
    return digest.hexdigest()


def signature(info: os.stat_result) -> str:
    """A file's stat signature; ctime changes on every write and cannot be set back."""
    return f"{info.st_size}:{info.st_mtime_ns}:{info.st_ctime_ns}:{info.st_ino}"


@frozen
class Fresh:
    """A file parsed in this run, with what the cache needs to remember it."""

    parsed: ParsedFile
    key: str | None = None  # None: not cacheable (unreadable file)
    signature: str = ""
    # The cache's JSON of ``parsed``, when a pool worker already wrote it: encoding there
    # runs on every core, where the parent would encode every file alone after the pool.
    encoded: str = ""


class FactsCache:
    """Read and write per-file facts; every method degrades to "miss" on any database error."""

    def __init__(
        self, connection: sqlite3.Connection, version: str, path: str = "", key: bytes = b""
    ) -> None:
        self._db = connection
        self._version = version
        self._path = path
        self._key = key  # the user's MAC key (analyzer.cache_trust)
        self._stale: set[str] = set()  # keys read whose last use is older than a day
        self._forged: set[str] = set()  # keys of rows that failed their MAC: deleted on write

    @classmethod
    def open(cls, root: str, version: str) -> FactsCache | None:
        """The cache of the target at ``root``, rebuilt if it is not sound; None if impossible."""
        return cls.attempt(root, version)[0]

    @classmethod
    def attempt(cls, root: str, version: str) -> tuple[FactsCache | None, str | None]:
        """``open``, and when there is no cache, why not (for a warning) or None (nothing
        worth saying: a database that would not open even when rebuilt)."""
        folder = os.path.join(root, CACHE_DIR)
        path = os.path.join(folder, CACHE_FILE)
        finish_writes(path)  # this process's last write is read back, not raced
        try:
            key = user_key()
            refuse_foreign(folder)
        except Untrusted as refused:
            return None, f"running without the content cache: {refused}"
        for attempt in range(2):
            try:
                return cls(_connect(folder, path, version), version, path, key), None
            except (sqlite3.DatabaseError, OSError, ValueError):
                if attempt == 0:
                    _discard(path)
        return None, None

    def lookup(
        self, root: str, files: Sequence[SourceFile], without: frozenset[str] = frozenset()
    ) -> dict[str, ParsedFile]:
        """Cached facts of every file whose stat signature is unchanged, by path (the fields
        named in ``without`` left None, as ``codec.loads`` does)."""
        return {
            path: parsed for path, (_, parsed) in self.lookup_keyed(root, files, without).items()
        }

    @property
    def folder(self) -> str:
        """The cache folder the database lives in (the records beside it live there too)."""
        return os.path.dirname(self._path)

    @property
    def version(self) -> str:
        """The archfit version the entries are keyed on."""
        return self._version

    def unchanged_signed(
        self, root: str, files: Sequence[SourceFile]
    ) -> dict[str, tuple[str, str]]:
        """path -> (content key, stat signature) of every file whose stat signature is the
        one recorded with its key."""
        try:
            known = self._files_rows(files)
        except sqlite3.DatabaseError:
            return {}
        return {path: (key, known[path][0]) for path, key in _unchanged(root, files, known).items()}

    def briefs(self, keys: Collection[str]) -> dict[str, str]:
        """content key -> the brief stored for it (``analyzer.deferred``), MAC checked."""
        found: dict[str, str] = {}
        ordered = sorted(keys)
        try:
            for start in range(0, len(ordered), _BATCH):
                batch = ordered[start : start + _BATCH]
                marks = ",".join("?" * len(batch))
                sql = f"SELECT key, value, mac FROM briefs WHERE key IN ({marks})"
                rows = self._db.execute(sql, batch)
                found.update((k, v) for k, v, mac in rows if sealed(self._key, mac, "brief", k, v))
        except sqlite3.DatabaseError:
            return {}
        return found

    def touch(self, keys: Collection[str]) -> None:
        """Mark these entries used (deferred files' facts are read only when needed, and an
        entry unused for a month is dropped); only those last marked over a day ago, found
        through the index on ``used`` (one lookup per key cost 59 ms on 14,500 files)."""
        now = int(time.time())
        with contextlib.suppress(sqlite3.DatabaseError), self._db:
            sql = "SELECT key FROM facts WHERE used < ?"
            stale = {key for (key,) in self._db.execute(sql, (now - _TOUCH_AFTER_SECONDS,))}
            rows = [(now, key) for key in keys if key in stale]
            self._db.executemany("UPDATE facts SET used = ? WHERE key = ?", rows)

    def value_reader(self) -> Callable[[str], str | None]:
        """A reader of one stored value by content key (MAC checked), for facts decoded after
        this cache is closed (``analyzer.facts.DeferredFile``); None for a value it cannot read."""
        return _ValueReader(self._path, self._key)

    def lookup_keyed(
        self, root: str, files: Sequence[SourceFile], without: frozenset[str] = frozenset()
    ) -> dict[str, tuple[str, ParsedFile]]:
        """``lookup``, each file's facts with their content key."""
        try:
            known = self._files_rows(files)
            wanted = _unchanged(root, files, known)
            values = dict(self._select_values(list(wanted.values())))
        except sqlite3.DatabaseError:
            return {}
        found = {}
        sources = {f.path: f for f in files}
        for path, key in wanted.items():
            parsed = _decode(values.get(key), without)
            # The key also depends on the module name and package flag: a file that became
            # part of a package (a new __init__.py) is unchanged on disk but parses differently.
            if parsed is not None and parsed.source == sources[path]:
                found[path] = (key, parsed)
        self._touch((parsed for _, parsed in found.values()), wanted)
        return found

    def lookup_content(
        self, root: str, files: Sequence[SourceFile], without: frozenset[str] = frozenset()
    ) -> list[Fresh]:
        """Facts of files whose stat changed but whose bytes were parsed before, by content key
        (``without`` as in ``lookup``).

        A checkout, a branch switch or ``archfit check --since`` (a copy of the tree at a git
        revision, with a copy of this cache) rewrites files without changing them; their
        facts are reused and stored under their new stat signatures.
        """
        if not files or not self._holds_facts():
            return []  # a first run: reading and hashing every file twice would find nothing
        keyed: dict[str, tuple[SourceFile, str]] = {}
        for source in files:
            try:
                # stat before reading: a write in between is seen next run; never a FIFO
                path, boundary = os.path.join(root, source.path), repository_boundary(root)
                data, info = read_bounded_stat(path, MAX_SOURCE_BYTES, boundary)
            except OSError:
                continue
            keyed[content_key(self._version, source, data)] = (source, signature(info))
        try:
            values = dict(self._select_values(list(keyed)))
        except sqlite3.DatabaseError:
            return []
        found = []
        for key, value in sorted(values.items()):
            parsed = _decode(value, without)
            source, stat = keyed[key]
            if parsed is not None and parsed.source == source:
                found.append(Fresh(parsed, key, stat))
        return found

    def _holds_facts(self) -> bool:
        try:
            row = self._db.execute("SELECT EXISTS (SELECT 1 FROM facts)").fetchone()
            return bool(row[0])
        except sqlite3.DatabaseError:
            return False

    def remember(self, reused: Iterable[Fresh]) -> None:
        """Point the files table at facts already stored (from ``lookup_content``)."""
        reused = list(reused)
        rows = [(f.parsed.source.path, f.signature, f.key or "") for f in reused]
        with contextlib.suppress(sqlite3.DatabaseError), self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO files (path, signature, key, mac) VALUES (?, ?, ?, ?)",
                [(*row, seal(self._key, *row)) for row in rows],
            )
        self._touch([f.parsed for f in reused], {path: key for path, _, key in rows})

    def store(self, fresh: Iterable[Fresh]) -> None:
        """Remember this run's parses; a locked or broken database just means no caching."""
        now = int(time.time())
        rows = [(f, f.key) for f in fresh if f.key is not None]
        if not rows and not self._forged:
            return
        values = [(key, f.encoded or codec.dumps(f.parsed)) for f, key in rows]
        paths = [(f.parsed.source.path, f.signature, key) for f, key in rows]
        with contextlib.suppress(sqlite3.DatabaseError), self._db:
            self._db.executemany(
                "DELETE FROM facts WHERE key = ?", [(key,) for key in sorted(self._forged)]
            )
            self._db.executemany(
                "INSERT OR REPLACE INTO facts (key, value, used, mac) VALUES (?, ?, ?, ?)",
                [(key, value, now, seal(self._key, key, value)) for key, value in values],
            )
            self._db.executemany(
                "INSERT OR REPLACE INTO files (path, signature, key, mac) VALUES (?, ?, ?, ?)",
                [(*row, seal(self._key, *row)) for row in paths],
            )
            # A last use that is not a number (a crafted row) is as good as stale.
            dropped = self._db.execute(
                "DELETE FROM facts WHERE typeof(used) != 'integer' OR used < ?",
                (now - _STALE_SECONDS,),
            ).rowcount
            if dropped:  # a brief lives as long as its facts (analyzer.deferred)
                self._db.execute("DELETE FROM briefs WHERE key NOT IN (SELECT key FROM facts)")

    def store_briefs(self, briefs: Mapping[str, str]) -> None:
        """Remember each content key's brief (``analyzer.deferred``); never fatal."""
        rows = [(key, value, seal(self._key, "brief", key, value)) for key, value in briefs.items()]
        with contextlib.suppress(sqlite3.DatabaseError), self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO briefs (key, value, mac) VALUES (?, ?, ?)", rows
            )

    def store_later(self, fresh: list[Fresh]) -> None:
        """``store``, then ``close``, on a thread of its own; ``finish_writes`` waits for it.

        SQLite writes (and checkpoints at close) without holding the GIL, so a cold run's
        ~50 ms of writing overlap the Python that turns the facts into a report.
        """
        if all(f.key is None for f in fresh) and not self._forged:
            self.close()
            return
        thread = threading.Thread(target=self._store_and_close, args=(fresh,), name="cache")
        _WRITES[self._path] = thread
        thread.start()

    def _store_and_close(self, fresh: list[Fresh]) -> None:
        try:
            self.store(fresh)
        finally:
            self.close()

    def close(self) -> None:
        """Release the database."""
        with contextlib.suppress(sqlite3.Error):
            self._db.close()

    def _files_rows(self, files: Sequence[SourceFile]) -> dict[str, tuple[str, str]]:
        """path -> (stat signature, content key) of the rows of ``files`` whose MAC holds:
        the whole table read at once, or, for a few files (those left after the deferred
        ones), their own rows."""
        key = self._key
        if not files:
            return {}
        if len(files) > _BATCH:
            rows = self._db.execute("SELECT path, signature, key, mac FROM files")
        else:
            paths = [f.path for f in files]
            marks = ",".join("?" * len(paths))
            sql = f"SELECT path, signature, key, mac FROM files WHERE path IN ({marks})"
            rows = self._db.execute(sql, paths)
        return {path: (sig, k) for path, sig, k, mac in rows if sealed(key, mac, path, sig, k)}

    def _select_values(self, keys: list[str]) -> Iterator[tuple[str, str]]:
        """(key, value) of the keys stored whose MAC holds; notes which of them ``_touch``
        must renew, and which failed their MAC (``store`` deletes those)."""
        cutoff = int(time.time()) - _TOUCH_AFTER_SECONDS
        for start in range(0, len(keys), _BATCH):
            batch = keys[start : start + _BATCH]
            marks = ",".join("?" * len(batch))
            sql = f"SELECT key, value, used, mac FROM facts WHERE key IN ({marks})"
            for key, value, used, mac in self._db.execute(sql, batch):
                if not sealed(self._key, mac, key, value):
                    self._forged.add(key)
                    continue
                if type(used) is not int or used < cutoff:
                    self._stale.add(key)
                yield key, value

    def _touch(self, found: Iterable[ParsedFile], wanted: dict[str, str]) -> None:
        keys = [(key,) for p in found if (key := wanted[p.source.path]) in self._stale]
        if not keys:
            return
        now = int(time.time())
        with contextlib.suppress(sqlite3.DatabaseError), self._db:
            self._db.executemany(f"UPDATE facts SET used = {now} WHERE key = ?", keys)


def finish_writes(path: str | None = None) -> None:
    """Wait until this process's cache writes (to ``path``, or to any cache) are done."""
    for key in [path] if path is not None else list(_WRITES):
        thread = _WRITES.pop(key, None)
        if thread is not None:
            thread.join()


def make_folder(folder: str) -> None:
    """Create archfit's cache folder (if missing) with its own ``.gitignore``; Untrusted when
    a link stands in its place."""
    os.makedirs(folder, exist_ok=True)
    refuse_foreign(folder, ask_git=False)  # a link made since the check in ``attempt``
    _write_gitignore(folder)


def _connect(folder: str, path: str, version: str) -> sqlite3.Connection:
    make_folder(folder)
    _own_files(folder)
    # One thread at a time uses a connection, but the last one may be the writer's.
    db = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.executescript(_SCHEMA_SQL)
        _check_version(db, version)
        verdict = db.execute("PRAGMA quick_check").fetchone()
        if verdict is None or verdict[0] != "ok":
            raise ValueError(f"cache failed its integrity check: {verdict}")
        db.isolation_level = "DEFERRED"  # implicit transactions again, for `with db:` blocks
    except BaseException:
        db.close()
        raise
    return db


def _check_version(db: sqlite3.Connection, version: str) -> None:
    """Entries from another archfit version or schema are dropped, not trusted."""
    stamp = f"{version}/{SCHEMA}"
    row = db.execute("SELECT value FROM meta WHERE name = 'version'").fetchone()
    if row is not None and row[0] == stamp:
        return
    db.execute("BEGIN IMMEDIATE")
    # Dropped, not emptied: tables of an older schema lack columns this one reads.
    db.execute("DROP TABLE IF EXISTS facts")
    db.execute("DROP TABLE IF EXISTS files")
    for statement in _SCHEMA_SQL.split(";"):
        db.execute(statement)
    db.execute("INSERT OR REPLACE INTO meta (name, value) VALUES ('version', ?)", (stamp,))
    db.execute("COMMIT")


def _write_gitignore(folder: str) -> None:
    """The folder's own ``.gitignore``, never written through a symlink."""
    marker = os.path.join(folder, ".gitignore")
    if os.path.lexists(marker):
        return
    with contextlib.suppress(FileExistsError):
        fd = os.open(marker, os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW, 0o644)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write("# archfit's cache; safe to delete\n*\n")


def _own_files(folder: str) -> None:
    """The database and its side files as plain files archfit can open: a symlink or
    anything else in their place is removed (the link, never what it points to), so SQLite
    cannot be led to open, empty and rewrite a database outside the cache."""
    for name in _FILES:
        path = os.path.join(folder, name)
        with contextlib.suppress(FileNotFoundError):
            if not stat.S_ISREG(os.lstat(path).st_mode):
                os.unlink(path)  # OSError for a folder: the open then fails, and retries
    fd = os.open(os.path.join(folder, _FILES[0]), os.O_RDWR | os.O_CREAT | NOFOLLOW, 0o644)
    os.close(fd)


def _discard(path: str) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(OSError):
            os.remove(path + suffix)


def _unchanged(
    root: str, files: Sequence[SourceFile], known: dict[str, tuple[str, str]]
) -> dict[str, str]:
    """path -> content key for files whose stat signature matches the recorded one."""
    wanted = {}
    for source in files:
        row = known.get(source.path)
        if row is None:
            continue
        recorded, key = row
        try:
            current = signature(os.stat(os.path.join(root, source.path)))
        except OSError:
            continue
        if current == recorded:
            wanted[source.path] = key
    return wanted


class _ValueReader:
    """Reads stored values by content key, MAC checked, through one read-only connection of
    its own, opened on the first read (never through a link, only in archfit's own folder)
    and kept for the rest of the run: a graph rule that reads every deferred file would
    otherwise open the database once per file (14,500 times on the monorepo). None for a
    value it cannot read (the caller parses the file again)."""

    def __init__(self, path: str, secret: bytes) -> None:
        self._path = path
        self._secret = secret
        self._db: sqlite3.Connection | None = None
        self._failed = False

    def __call__(self, key: str) -> str | None:
        db = self._connection()
        if db is None:
            return None
        try:
            row = db.execute("SELECT value, mac FROM facts WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error:
            return None
        if row is None or not sealed(self._secret, row[1], key, row[0]):
            return None
        value = row[0]
        return value if isinstance(value, str) else None

    def _connection(self) -> sqlite3.Connection | None:
        if self._db is None and not self._failed:
            try:
                refuse_foreign(os.path.dirname(self._path), ask_git=False)
                if not stat.S_ISREG(os.lstat(self._path).st_mode):
                    raise OSError(f"{self._path} is not a file")
                self._db = sqlite3.connect(f"file:{self._path}?mode=ro", uri=True, timeout=30)
            except (Untrusted, OSError, sqlite3.Error):
                self._failed = True
        return self._db


def _decode(value: bytes | str | None, without: frozenset[str]) -> ParsedFile | None:
    """The entry's facts, or None for one that does not decode for any reason (the file is
    then parsed again and the entry overwritten): the cache heals, never fails a run."""
    if value is None:
        return None
    try:
        return codec.loads(value, ParsedFile, without)
    except Exception:  # any failure to decode is a miss, by design
        return None
