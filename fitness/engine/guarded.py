"""Parts stored under narrower inputs, with a guard (ADR-0020, issue #18's own-imports row).

A graph-level part's key holds the views it reads of every file. Some parts read less than a
view says: the cycles and most contract types read which modules import which (the
``internal_pairs`` view) and the lines of the few pairs they report, nothing else of the
other imports. Such a part is stored under the key of its narrower view, beside the paths
of the files whose full ``internal`` view it also read (its witnesses: the files its links
start in) and the digest of those views then (``Guarded``). A later run reuses it when the
narrower key matches and the witnesses' digest is the same: an import added to a file whose
pairs it leaves as they were, and that no reported chain starts in, keeps the part; one that
changes a pair, or any import of a witness, recomputes it. The result is the one a full
computation makes: everything it read is in the key or in the guard.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

from analyzer import codec
from archfit_values import frozen
from fitness.checks.base import Check, Hit, Narrowing
from fitness.engine.reuse import decoded, digest

T = TypeVar("T")
# A function of paths: the digest of their ``internal`` views, None when one has none.
GuardOf = Callable[[Sequence[str]], str | None]


@frozen
class Guarded:
    """A part stored under its narrower key: the files whose whole ``internal`` view it read
    too, that view's digest over them when it was computed, and the part as ``codec``
    encoded it."""

    paths: tuple[str, ...]
    guard: str
    part: str


def guard_digest(digests: Mapping[str, str], paths: Sequence[str]) -> str | None:
    """The digest of the ``internal`` view of each file at ``paths`` (``digests``: by path);
    None when one of them is no analysed file."""
    found = [digests.get(path) for path in paths]
    if None in found:
        return None
    return digest(*(f"{path}\0{d}" for path, d in zip(paths, found, strict=True)))


def witnesses(hits: Iterable[Hit]) -> tuple[str, ...]:
    """The files the links of ``hits`` start in (``Link.path``), sorted."""
    return tuple(sorted({link.path for hit in hits for chain in hit.chains for link in chain}))


def guarded_part(text: str | None, guard_of: GuardOf, kind: type[T]) -> T | None:
    """The part a ``Guarded`` record holds, when its witnesses' digest is the same today;
    None when there is none, it does not decode, or a witness changed."""
    record = None if text is None else decoded(text, Guarded)
    if record is None or guard_of(record.paths) != record.guard:
        return None
    return decoded(record.part, kind)


def guarded_text(part: object, paths: Sequence[str], guard_of: GuardOf) -> str | None:
    """``part`` as a ``Guarded`` record, encoded; None when a witness has no digest (then it
    is not stored under its narrower key)."""
    guard = guard_of(paths)
    if guard is None:
        return None
    return codec.dumps(Guarded(tuple(paths), guard, codec.dumps(part)))


def reused_witnessed(
    old: Mapping[str, str],
    new: dict[str, str],
    keys: tuple[str | None, str | None],
    guard_of: GuardOf,
    kind: type[T],
) -> T | None:
    """The part stored under the narrower key (``Guarded``, its witnesses unchanged), else
    under the full key (None: no such key); kept in ``new`` as it was read. None when
    neither holds one."""
    narrow, full = keys
    for key in (narrow, full):
        text = None if key is None else old.get(key)
        if key is None or text is None:
            continue
        part = guarded_part(text, guard_of, kind) if key == narrow else decoded(text, kind)
        if part is not None:
            new[key] = text
            return part
    return None


def keep_witnessed(
    new: dict[str, str],
    keys: tuple[str | None, str | None],
    part_and_paths: tuple[object, Sequence[str]],
    guard_of: GuardOf,
) -> None:
    """Keep a part computed this run in ``new``: under the narrower key with its witnesses'
    guard (``paths``) when it has one and they all have digests, else under the full key."""
    narrow, full = keys
    part, paths = part_and_paths
    text = None if narrow is None else guarded_text(part, paths, guard_of)
    if narrow is not None and text is not None:
        new[narrow] = text
    elif full is not None:
        new[full] = codec.dumps(part)


def narrowing_of(check: Check, known: Iterable[str]) -> Narrowing | None:
    """The narrower inputs a check declares (``Narrowing``), when it does and knows them."""
    narrowing = getattr(check, "narrowed", None)
    if not isinstance(narrowing, Narrowing) or not set(narrowing.reads) <= set(known):
        return None
    return narrowing


def declared(check: Check, params: Mapping[str, Any], known: Iterable[str]) -> Sequence[str] | None:
    """The views a check declares it reads with these params; None when it does not say
    (or reads files beyond the facts): then it is computed every run."""
    inputs = getattr(check, "inputs", None)
    if inputs is None:
        return None
    reads: Sequence[str] | None = inputs(params)
    if reads is None or not set(reads) <= set(known):
        return None
    return reads
