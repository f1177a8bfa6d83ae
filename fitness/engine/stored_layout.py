"""The layout of a computed run, kept while the folders discovery reads are unchanged.

Discovery decides every file's module from the tree's listings, the ``.gitignore`` files in it,
the project configurations below the root (nested projects) and the root's own
configuration; it reads nothing else. A computed run after an edit that adds, removes or
renames nothing has the same layout as the run before (on Django, discovery is 25 ms of a
0.38 s edit run: 2,458 folders, most of them locale data). So the layout is stored in
``.archfit_cache/layout.json`` (ADR-0020; the cache's trust rules, its own MAC) under a key
of archfit's code, the root, the configuration's discovery options and ``listing_digest`` of
the run's stat index: every entry's path and kind, and the whole signature of every file
that is no Python source (so an edited ``.gitignore`` or configuration changes the key).
A layout whose discovery had to list a folder the index does not hold (a link, a folder the
index does not walk) is not stored: its key would not cover what it read.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence

from analyzer import codec
from analyzer.discovery import gitignores_above
from analyzer.facts import Layout
from analyzer.folders import CACHE_DIR
from analyzer.records import read_sealed, write_sealed
from analyzer.stat_index import StatIndex, entry_signature, lines_digest
from fitness import __version__
from fitness.engine import stored_run

LAYOUT_FILE = "layout.json"


def layout_key(
    root: str, options: tuple[Sequence[str] | None, Sequence[str] | None, Sequence[str]],
    index: StatIndex | None,
) -> str | None:  # fmt: skip
    """The key of the layout of the project at ``root`` under its discovery ``options``
    (source roots, root packages, excluded patterns) and the lines of the run's stat
    ``index`` under ``root`` (discovery walks nothing above it but reads the ``.gitignore``
    files there); None without an index, or when the index does not cover ``root``. Each
    project of a monorepo digests its own lines alone, and an edit in one leaves the others'
    layouts."""
    absolute = os.path.abspath(root)
    lines = index.under(absolute) if index is not None else None
    if lines is None:
        return None
    source_roots, root_packages, exclude = options
    named = json.dumps([source_roots, root_packages, list(exclude)])
    parts = (__version__, stored_run.own_code(), absolute, named, *_ignores_above(absolute))
    return _digest(*parts, listing_digest(lines))


def _ignores_above(folder: str) -> list[str]:
    """The signature of each ``.gitignore`` discovery reads above ``folder``
    (``discovery.gitignores_above``: a monorepo's root ignores folders of its projects),
    outside ``folder``'s own lines."""
    signed = []
    for path in gitignores_above(folder):
        try:
            signed.append(f"{path}\0{entry_signature(os.lstat(path))}")
        except OSError:
            signed.append(f"{path}\0gone")  # removed since it was found: the key still moves
    return signed


def listing_digest(lines: Sequence[str]) -> str:
    """The digest of what discovery reads of a tree's index lines: every entry's path and
    kind (a Python source's signature cut to its mode), every other file's whole signature."""
    kept = []
    for line in lines:
        path, _, signature = line.partition("\0")
        if path.endswith(".py"):
            line = f"{path}\0{signature.partition(':')[0]}"
        kept.append(line)
    return lines_digest(kept)


def stored_layout(root: str, key: str) -> Layout | None:
    """The layout stored for ``root`` under ``key``, when its record is archfit's own."""
    text = read_sealed(os.path.join(root, CACHE_DIR), LAYOUT_FILE, key)
    try:
        return codec.loads(text, Layout) if text is not None else None
    except ValueError:
        return None


def store_layout(root: str, key: str, layout: Layout) -> None:
    """Keep ``layout`` under ``key`` when the cache folder exists and is archfit's own; a
    record under another key is replaced (one layout per project)."""
    write_sealed(os.path.join(root, CACHE_DIR), LAYOUT_FILE, key, codec.dumps(layout))


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogateescape")).hexdigest()
