"""Plain records in archfit's cache folder: read and written whole, never through a link.

The stored run, its parts, the layout, the remembered listings (``fitness.engine``) and the
briefs of deferred files (``analyzer.brief_record``) are each one file of the cache folder,
sealed with a MAC under the user's key by the module that owns it (``analyzer.cache_trust``).
A record a run changes by a few entries is kept as a sealed log instead (``read_log``,
``append_log``: the parts, ADR-0020 round 10): its base, then each run's change as a block
sealed over the block before it.
"""

from __future__ import annotations

import json
import os
import stat

from analyzer.cache_trust import (
    NOFOLLOW,
    Untrusted,
    refuse_foreign,
    seal,
    sealed_bytes,
    user_key,
)
from archfit_values import frozen

# A record is the findings or facts of one repository; past this, it is not one archfit wrote.
MAX_BYTES = 512 * 1024 * 1024


def read_plain(path: str) -> bytes:
    """The bytes of a plain file at ``path``, never through a link, bounded."""
    fd = os.open(path, os.O_RDONLY | NOFOLLOW)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
            raise OSError(f"{path} is not a record archfit stored")
        with os.fdopen(os.dup(fd), "rb") as stream:
            return stream.read(MAX_BYTES + 1)
    finally:
        os.close(fd)


def write_record(folder: str, name: str, data: bytes) -> None:
    """Write ``data`` under a temporary name, then move it into place as ``name``: a reader
    sees the old record or the new one, whole."""
    path = os.path.join(folder, name)
    temporary = os.path.join(folder, f".{name}.{os.getpid()}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | NOFOLLOW, 0o600)
    try:
        with os.fdopen(os.dup(fd), "wb") as stream:
            stream.write(data)
    finally:
        os.close(fd)
    os.replace(temporary, path)


def read_sealed(folder: str, name: str, stamp: str, *, ask_git: bool = True) -> str | None:
    """The text of the record ``name`` in the cache ``folder``, when the folder is archfit's
    own (``refuse_foreign``; ``ask_git`` as there) and the record's MAC holds for this user
    and ``stamp``; None otherwise."""
    try:
        refuse_foreign(folder, ask_git=ask_git)
        mac, _, body = read_plain(os.path.join(folder, name)).partition(b"\n")
        if not sealed_bytes(user_key(), bytes.fromhex(mac.decode()), (name, stamp), body):
            return None
        text = body.decode()
    except (Untrusted, OSError, ValueError):
        return None
    return text


def write_sealed(folder: str, name: str, stamp: str, text: str, *, ask_git: bool = True) -> None:
    """Keep ``text`` as the record ``name`` of the cache ``folder``, sealed with ``stamp``,
    when the folder exists and is archfit's own; never fatal (a record not kept is only
    computed again)."""
    try:
        if not os.path.isdir(folder) or os.path.islink(folder):
            return
        refuse_foreign(folder, ask_git=ask_git)
        mac = seal(user_key(), name, stamp, text).hex()
        write_record(folder, name, f"{mac}\n{text}".encode())
    except (Untrusted, OSError):
        return


def read_json_record(folder: str, name: str, stamp: str) -> dict[str, object]:
    """The JSON object of the sealed record ``name`` (``read_sealed``, without asking git:
    the facts cache asked when it opened the folder); empty when there is none, it is not
    archfit's own, or it does not decode to an object."""
    text = read_sealed(folder, name, stamp, ask_git=False)
    try:
        record = json.loads(text) if text is not None else {}
    except ValueError:
        return {}
    return record if type(record) is dict else {}


def write_json_record(folder: str, name: str, stamp: str, record: object) -> None:
    """Keep ``record`` as JSON in the sealed record ``name`` (``write_sealed``); never fatal."""
    write_sealed(folder, name, stamp, json.dumps(record, separators=(",", ":")), ask_git=False)


# A sealed log: a record written as its changes. Its first block is a sealed record as
# ``write_sealed`` writes it (``MAC\ntext``); each next block, ``\nMAC\ntext``, is sealed
# over the MAC of the block before it too, so no block can be dropped, moved or replayed
# from another log. Texts hold no newline (compact JSON escapes every one).


@frozen
class Log:
    """A sealed log as read, every block's MAC checked: its texts, base first, and what the
    next block is appended to (the bytes as read, the last block's MAC)."""

    texts: tuple[str, ...]
    data: bytes
    last: str


def read_log(folder: str, name: str, stamp: str) -> Log | None:
    """The sealed log ``name`` of the cache ``folder`` (without asking git, as
    ``read_json_record``), when the folder is archfit's own and every block's MAC holds for
    this user and ``stamp``; None otherwise."""
    try:
        refuse_foreign(folder, ask_git=False)
        data = read_plain(os.path.join(folder, name))
        return _checked(data, name, stamp, user_key())
    except (Untrusted, OSError, ValueError):
        return None


def _checked(data: bytes, name: str, stamp: str, key: bytes) -> Log | None:
    """``data``'s blocks, when each one's MAC holds (the base's as ``read_sealed`` checks
    it, each next one's over the MAC before it too); None otherwise."""
    lines = data.split(b"\n")
    if len(lines) % 2:
        return None
    texts: list[str] = []
    last = ""
    for at in range(0, len(lines), 2):
        mac = lines[at].decode()
        chained = (name, stamp) if at == 0 else (name, stamp, last)
        if not sealed_bytes(key, bytes.fromhex(mac), chained, lines[at + 1]):
            return None
        texts.append(lines[at + 1].decode())
        last = mac
    return Log(tuple(texts), data, last)


def append_log(folder: str, name: str, stamp: str, log: Log | None, text: str) -> None:
    """Keep ``text`` as the next block of ``log`` (the record as read), or as a new log's
    base when there is none; the record is written whole under a temporary name and moved
    into place (a reader sees the old record or the new one). Never fatal; a text holding
    a newline is not kept (it would split its block)."""
    if "\n" in text:
        return
    if log is None:
        write_sealed(folder, name, stamp, text, ask_git=False)
        return
    try:
        if not os.path.isdir(folder) or os.path.islink(folder):
            return
        refuse_foreign(folder, ask_git=False)
        mac = seal(user_key(), name, stamp, log.last, text).hex()
        write_record(folder, name, b"%s\n%s\n%s" % (log.data, mac.encode(), text.encode()))
    except (Untrusted, OSError):
        return
