"""Parts stored under narrower inputs beside the lookups they made (ADR-0020, issue #18's
own-imports row), the counterpart of ``fitness.engine.guarded`` for the names modules bind.

The class index (inheritance depth, single implementations) reads every file's classes and,
to resolve their bases, looks names up in the names some modules bind (their import
aliases). Its key holds the ``class_structure`` view, classes and aliases, so any import of
the project's own code added to a module recomputes it, and building it decodes every
file's structure. Such a part (``Narrowing.lookups``) is stored under the key of its
narrower view (the classes alone, ``class_shapes``) beside every lookup it made, by the
file looked into (``LookedUp``): each file's content key then, and each lookup into it with
what it found. A later run reuses it when the narrower key matches and every lookup into a
file whose content key moved finds the same thing today (that file's names alone are read).
The computation follows the same path when every answer it reads is the same, so its hits
are the ones a full computation makes; a name bound that no lookup asked about keeps them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

from analyzer import codec
from analyzer.facts import Facts, ParsedFile
from archfit_values import frozen
from fitness.checks.base import Lookups
from fitness.engine.guarded import reused_full
from fitness.engine.reuse import decoded

T = TypeVar("T")
# How ``LookedUp`` writes what a lookup found: a miss, and a module without names.
_MISS, _NO_NAMES = "-", "!"


@frozen
class LookedUp:
    """A part stored under its narrower key: each file it looked names up in, by its place in
    the facts' order (the narrower key holds every path in that order), that file's content
    key then, the lookups into it (each name and what it found, joined by spaces: no Python
    name or dotted name holds one; split only for a file that changed), and the part as
    ``codec`` encoded it. A file holds one module (the layout's, in the key), so a lookup's
    module is its file's."""

    files: tuple[int, ...]
    keys: tuple[str, ...]
    lookups: tuple[str, ...]
    part: str


def reused_looked_up(
    old: Mapping[str, str],
    new: dict[str, str],
    keys: tuple[str | None, str | None],
    facts: Facts,
    kind_and_lookups: tuple[type[T], Lookups],
) -> T | None:
    """The part stored under the full key (exact, and cheaper than reading the lookups), else
    under the narrower key (``LookedUp``) while every lookup into a changed file finds the
    same thing; kept in ``new`` (as it was read, or with the changed files' content keys
    now, and then under the full key too). None when neither holds one."""
    kind, lookups = kind_and_lookups
    narrow, full = keys
    exact = reused_full(old, new, keys, kind)
    if exact is not None:
        return exact
    text = None if narrow is None else old.get(narrow)
    record = None if text is None else decoded(text, LookedUp)
    part = None if record is None else decoded(record.part, kind)
    if narrow is not None and text is not None and record is not None and part is not None:
        now = _keys(facts, record.files)
        same = now is not None and now == record.keys and all(now)  # no file looked into moved
        if same or (now is not None and _same_answers(record, now, facts, lookups.finds)):
            kept = LookedUp(record.files, now or (), record.lookups, record.part)
            new[narrow] = text if same else codec.dumps(kept)
            if full is not None:
                new[full] = record.part
            return part
    return None


def _keys(facts: Facts, places: tuple[int, ...]) -> tuple[str, ...] | None:
    """The content key of the file at each of ``places`` ("" for a file without one: always
    read; kept whole: digesting 430 of them cost more than reading them); None when a place
    is past the facts."""
    parsed, keys = facts.parsed, facts.keys
    if any(not 0 <= at < len(parsed) for at in places):
        return None
    return tuple(keys.get(parsed[at].source.path, "") for at in places)


def _same_answers(
    record: LookedUp,
    now: tuple[str, ...],
    facts: Facts,
    finds: Callable[[ParsedFile, str], str | None],
) -> bool:
    """Whether every lookup into a file whose content key moved (or has none) finds what it
    found when ``record`` was stored; False when its lookups do not split into pairs."""
    if not len(record.files) == len(record.keys) == len(record.lookups):
        return False
    for at, then, key, pairs in zip(record.files, record.keys, now, record.lookups, strict=True):
        if key and key == then:
            continue
        parsed, fields = facts.parsed[at], pairs.split(" ")
        if len(fields) % 2:
            return False
        names, found = fields[::2], fields[1::2]
        if any(_written(finds(parsed, n)) != f for n, f in zip(names, found, strict=True)):
            return False
    return True


def keep_looked_up(
    new: dict[str, str],
    keys: tuple[str | None, str | None],
    part_and_lookups: tuple[object, Mapping[str, Mapping[tuple[str, str], str | None]]],
    facts: Facts,
) -> None:
    """Keep a part computed this run in ``new``: under the full key, and under the narrower
    key with the lookups it made (``Lookups.made``) when it has one and they can be
    written."""
    narrow, full = keys
    part, made = part_and_lookups
    place = {p.source.path: at for at, p in enumerate(facts.parsed)}
    paths = sorted(made, key=lambda path: place.get(path, -1))
    written = [_encoded(made[path]) for path in paths]
    files = tuple(place.get(path, -1) for path in paths)
    stamps = _keys(facts, files)  # None when a file looked into is no analysed file
    if narrow is not None and stamps is not None and None not in written:
        lookups = tuple(text for text in written if text is not None)
        new[narrow] = codec.dumps(LookedUp(files, stamps, lookups, codec.dumps(part)))
    if full is not None:
        new[full] = codec.dumps(part)


def _encoded(lookups: Mapping[tuple[str, str], str | None]) -> str | None:
    """The lookups into one file as ``LookedUp`` keeps them, in order; None when a name or
    what it found holds a space (not written: never met in Python code) or is empty."""
    fields = [(name, _written(found)) for (_, name), found in sorted(lookups.items())]
    if any(not part or " " in part for pair in fields for part in pair):
        return None
    return " ".join(part for pair in fields for part in pair)


def _written(found: str | None) -> str:
    """What a lookup found as ``LookedUp`` writes it."""
    return _NO_NAMES if found is None else found or _MISS
