"""Whether a content cache may be read: archfit reads only what it wrote itself (ADR-0008).

A cache key is computed from public data (archfit's version, a path, the bytes), so a
repository could ship a ``.archfit_cache/`` full of harmless facts for its own files. Three
defences, checked before any entry is decoded:

- every entry carries a MAC under a per-user key kept outside every repository, in the
  user's cache folder (``$XDG_CACHE_HOME/archfit/key`` or ``~/.cache/archfit/key``, 0600 in a
  0700 folder); an entry that fails it is a miss, and is parsed and written again;
- a cache folder or file that is a symlink is never opened through the link (a committed
  link to someone's database would otherwise be emptied, ADR-0008);
- a cache folder that git tracks is neither read nor written.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import os
import stat

from analyzer import git_tracked

KEY_BYTES = 32
MAC_BYTES = 16
KEY_FILE = "key"
# Open flags that refuse a symlink as the last path component, where the platform has them.
NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


class Untrusted(Exception):
    """The cache cannot be used at all; the message says why, for a warning."""


def key_folder() -> str:
    """Where the per-user key lives: ``$XDG_CACHE_HOME/archfit`` (an absolute path, as the
    XDG spec requires), else ``~/.cache/archfit``; ``Untrusted`` when there is no home."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        base = os.path.join(os.path.expanduser("~"), ".cache")
    if not os.path.isabs(base):  # no home folder: a relative path could be inside the target
        raise Untrusted("no home folder to keep the cache key in (set XDG_CACHE_HOME)")
    return os.path.join(base, "archfit")


def user_key() -> bytes:
    """This user's cache key, created on first use; ``Untrusted`` if it cannot be had."""
    return _user_key(key_folder())


@functools.cache
def _user_key(folder: str) -> bytes:
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        _private(os.lstat(folder), folder, is_dir=True)
        path = os.path.join(folder, KEY_FILE)
        if not os.path.lexists(path):
            _create_key(folder, path)
        return _read_key(path)
    except OSError as exc:
        raise Untrusted(f"cannot keep the cache key in {folder}: {exc.strerror or exc}") from exc


def _create_key(folder: str, path: str) -> None:
    """Write a fresh key under a temporary name and link it into place: a run racing this
    one either links first (and this one reads its key) or reads this one's, whole."""
    temporary = os.path.join(folder, f".{KEY_FILE}.{os.getpid()}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | NOFOLLOW, 0o600)
    try:
        os.write(fd, os.urandom(KEY_BYTES))
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        os.link(temporary, path)
    except FileExistsError:
        pass
    finally:
        os.unlink(temporary)


def _read_key(path: str) -> bytes:
    fd = os.open(path, os.O_RDONLY | NOFOLLOW)
    try:
        _private(os.fstat(fd), path, is_dir=False)
        key = os.read(fd, KEY_BYTES + 1)
    finally:
        os.close(fd)
    if len(key) != KEY_BYTES:
        raise Untrusted(f"the cache key {path} is not {KEY_BYTES} bytes: delete it")
    return key


def _private(info: os.stat_result, path: str, *, is_dir: bool) -> None:
    """The key and its folder must be this user's own and closed to everyone else: a key
    others can read lets them forge entries for this user."""
    if (stat.S_ISDIR if is_dir else stat.S_ISREG)(info.st_mode) is False:
        raise Untrusted(f"{path} is not a plain {'folder' if is_dir else 'file'}")
    if hasattr(os, "geteuid") and info.st_uid != os.geteuid():
        raise Untrusted(f"{path} belongs to another user")
    # Others may list the folder, never write to it; only this user may read the key.
    if os.name == "posix" and info.st_mode & (0o022 if is_dir else 0o077):
        raise Untrusted(f"{path} is open to other users (chmod go-rwx it)")


def seal(key: bytes, *parts: str) -> bytes:
    """The MAC of ``parts`` (NUL-separated) under ``key``: keyed BLAKE2b, ~1 us per entry."""
    data = "\0".join(parts).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, key=key, digest_size=MAC_BYTES).digest()


def sealed(key: bytes, mac: object, *parts: object) -> bool:
    """Whether ``mac`` authenticates ``parts``; False for a value of any wrong type."""
    if type(mac) is not bytes or not all(type(p) is str for p in parts):
        return False
    return hmac.compare_digest(mac, seal(key, *parts))  # type: ignore[arg-type]


def sealed_bytes(key: bytes, mac: bytes, parts: tuple[str, ...], body: bytes) -> bool:
    """Whether ``mac`` authenticates ``parts`` and ``body``, the last part's UTF-8 bytes as
    read: ``sealed(key, mac, *parts, body.decode())`` for a body that decodes, without the
    copies that decoding it and encoding it again would make (1.3 MB on Django's parts)."""
    digest = hashlib.blake2b(key=key, digest_size=MAC_BYTES)
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    digest.update(body)
    return hmac.compare_digest(mac, digest.digest())


def refuse_foreign(folder: str, *, ask_git: bool = True) -> None:
    """``Untrusted`` for a cache folder archfit did not make: a symlink, something other than
    a folder, or (``ask_git``) a folder git tracks (a repository can commit one)."""
    try:
        info = os.lstat(folder)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise Untrusted(f"cannot inspect {folder}: {exc.strerror or exc}") from exc
    if not stat.S_ISDIR(info.st_mode):
        kind = "a symlink" if stat.S_ISLNK(info.st_mode) else "not a folder"
        raise Untrusted(f"{folder} is {kind}; archfit never follows it")
    if ask_git and git_tracked.tracks(folder):
        raise Untrusted(f"git tracks files in {folder} (git rm -r --cached it)")
