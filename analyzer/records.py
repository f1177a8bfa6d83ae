"""Plain records in archfit's cache folder: read and written whole, never through a link.

The stored run, its parts, the layout, the remembered listings (``fitness.engine``) and the
briefs of deferred files (``analyzer.brief_record``) are each one file of the cache folder,
sealed with a MAC under the user's key by the module that owns it (``analyzer.cache_trust``).
"""

from __future__ import annotations

import json
import os
import stat

from analyzer.cache_trust import NOFOLLOW, Untrusted, refuse_foreign, seal, sealed, user_key

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
        text = body.decode()
        if not sealed(user_key(), bytes.fromhex(mac.decode()), name, stamp, text):
            return None
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
