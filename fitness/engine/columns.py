"""The views of a file's facts a graph-level part reads, and each view's digest over every
file, carried from the run before when no file's view moved (ADR-0020; round 7 of issue
#18's edit row; the views' table moved here from ``fitness.engine.parts``).

A graph-level part is keyed on the digest of each view it reads over every file: the view's
digest of each file with its path, in the facts' order (``Parts._view_digest``). Taking it
costs a pass over every file per view (Django: 883 files, a dozen views, 5 ms of an edit
run). The digest follows from the files' paths in order, the layout, and each file's view
digest, which follows from its content key (its facts) and the layout. So the record keeps,
beside the per-file views, the last run's digest of each view over every file with what it
was taken over (``Columns``): the layout and the paths in order, digested, and each file's
content key. A run whose layout and paths are the same compares the content keys: for each
file whose key moved, the view's digest under its old key (stored) and under its new one;
when none differs, the stored digest over every file is this run's, as a pass would give.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import field
from typing import Any

from analyzer.facts import ParsedFile
from archfit_values import frozen
from fitness.checks.base import Check
from fitness.checks.view_values import class_counts
from fitness.checks.views import FINE_VIEWS
from fitness.engine.internal_edges import LAYOUT_VIEWS
from fitness.engine.reuse import digest

# The views of a file's facts a graph-level check may declare it reads; "all" is the whole
# of the facts (the content key), for a check that reads more than a named view.
VIEWS: Mapping[str, Callable[[ParsedFile], object]] = {
    "imports": lambda p: p.imports,
    "tach": lambda p: p.outline.tach_ignores if p.outline else None,
    "outline": lambda p: p.outline,
    "structure": lambda p: p.structure,
    "metrics": lambda p: p.metrics,
    "classes": class_counts,
    "outlined": lambda p: p.outline is not None,
    **FINE_VIEWS,  # what one check reads of a file's outline and imports
}
# A name a check may use for several views: its edges follow from its imports and the
# ``tach-ignore`` comments (with the layout, which every part reads).
ALIASES = {"edges": ("imports", "tach")}
# Besides those: "strings", the framework string references of a file (``ParsedFile.strings``,
# "-" for a file naming none), and "all", the whole of the facts.
ORDER = (*VIEWS, "strings", "all")
# Not views of the facts alone: ``LAYOUT_VIEWS``, some of a module's resolved edges (to the
# project's own modules, beyond the standard library) and its classes with the names that
# may resolve their bases (``fitness.engine.internal_edges``), which the layout decides too;
# their digests are stored per file under its per-file part's key (content key and layout).
# Not a view of any file's facts: the stat index of the project's tree without its modules'
# source files, which covers every declaration, lock, dist-info and script the dependency
# rules read from disk (a module's imports are its "imports" view). An edit of a module in
# place leaves it unchanged; a file added, removed or renamed changes its folder's entry.
DECLARATIONS = "declarations"
# A view's digest of one file at a place in the facts' order, under the content key it had
# in the run before (``old``) or has now (``new``); None when it is not known (not stored).
Digest = Callable[[int, str], str | None]


@frozen
class Columns:
    """The digests over every file a run took, and what they were taken over."""

    files: str = ""  # the layout and every file's path, in the facts' order, digested
    keys: tuple[str, ...] = ()  # each file's content key ("" for none), in that order
    digests: dict[str, str] = field(default_factory=dict)  # view -> its digest over every file


def moved(old: Columns | None, files: str, keys: Sequence[str]) -> list[int] | None:
    """The places whose content key moved since the run that stored ``old``, and those of
    a file without one (its facts may move under the same ""); None when the layout or the
    paths are not the same (then every view is taken over every file)."""
    if old is None or old.files != files or len(old.keys) != len(keys):
        return None
    pairs = enumerate(zip(old.keys, keys, strict=True))
    return [at for at, (was, now) in pairs if was != now or not now]


def carried(
    old: Columns,
    name: str,
    places: Sequence[int],
    keys: Sequence[str],
    digests: tuple[Digest, Digest],
) -> str | None:
    """The stored digest of view ``name`` over every file, when at each of ``places`` (the
    moved content keys, ``keys`` this run's) the file's view digest under its old key equals
    the one under its new key (``digests``: old, new); None otherwise."""
    stored = old.digests.get(name)
    if stored is None:
        return None
    before, now = digests
    for at in places:
        if not old.keys[at] or not keys[at]:  # a file without a content key: no digest kept
            return None
        was = before(at, old.keys[at])
        if was is None or was != now(at, keys[at]):
            return None
    return stored


def kept(taken: Mapping[str, str], names: Sequence[str]) -> dict[str, str]:
    """The digests over every file to store: those of views ``names`` a run took or carried."""
    return {name: value for name, value in taken.items() if name in names}


def declared(check: Check, params: Mapping[str, Any]) -> Sequence[str] | None:
    """The views a check declares it reads with these params; None when it does not say
    (or reads files beyond the facts): then it is computed every run."""
    inputs = getattr(check, "inputs", None)
    if inputs is None:
        return None
    reads: Sequence[str] | None = inputs(params)
    known = {*ORDER, *ALIASES, DECLARATIONS, *LAYOUT_VIEWS}
    if reads is None or not set(reads) <= known:
        return None
    return reads


def compute_views(parsed: ParsedFile, content_key: str | None) -> tuple[str, ...]:
    """Each view's digest (``repr`` shows every field of the frozen values it holds); the
    framework strings' (``-`` for a file naming none: most); and the whole facts' (the
    content key, or their ``repr``)."""
    views = [digest(repr(view(parsed))) for view in VIEWS.values()]
    strings = "-" if parsed.strings is None else digest(repr(parsed.strings))
    return (*views, strings, content_key or digest(repr(parsed)))
