"""Resolve a supersession link: by relative path, by file name in a URL, or by number."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence
from urllib.parse import unquote, urlparse

from fitness.adr.model import Adr

_NUMBER = re.compile(r"^(?:ADR[-_ #]?)?0*(\d+)$", re.IGNORECASE)


def resolve(target: str, source: Adr, adrs: Sequence[Adr]) -> Adr | None:
    """The ADR a link points at, or None when it matches none."""
    text = target.strip().strip("[]<>").strip()
    match = _NUMBER.match(text)
    if match:
        return _by_number(int(match.group(1)), source, adrs)
    path = unquote(urlparse(text).path).split("#")[0]
    if not path:
        return None
    joined = posixpath.normpath(posixpath.join(source.folder, path))
    by_path = next((a for a in adrs if a.path == joined), None)
    if by_path is not None:
        return by_path
    name = posixpath.basename(path)
    return next((a for a in adrs if posixpath.basename(a.path) == name), None) or next(
        (a for a in adrs if a.id == text), None
    )


def _by_number(number: int, source: Adr, adrs: Sequence[Adr]) -> Adr | None:
    same_folder = [a for a in adrs if a.number == number and a.folder == source.folder]
    anywhere = [a for a in adrs if a.number == number]
    found = same_folder or anywhere
    return found[0] if found else None
