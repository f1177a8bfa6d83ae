"""Plain records in archfit's cache folder: read and written whole, never through a link.

The stored run, its parts, the layout, the remembered listings (``fitness.engine``) and the
briefs of deferred files (``analyzer.brief_record``) are each one file of the cache folder,
sealed with a MAC under the user's key by the module that owns it (``analyzer.cache_trust``).
"""

from __future__ import annotations

import os
import stat

from analyzer.cache_trust import NOFOLLOW

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
