"""Parts stored under narrower inputs, with a guard (ADR-0020, issue #18's own-imports row).

A graph-level part's key holds the views it reads of every file. Some parts read less than a
view says: the cycles and most contract types read which modules import which (the
``internal_pairs`` view) and the imports of the few pairs they report, nothing else of the
other imports. Such a part is stored under the key of its narrower view, beside its
witnesses: the pairs it reported (``Link``: the file it starts in, importer, imported), the
``internal`` digest of each witness file then, and the digest of each witness pair's
imports then (``Guarded``). A later run reuses it when the narrower key matches and every
witness pair's imports are the same: a witness file whose ``internal`` digest is unchanged
is not read; one whose digest changed is resolved alone and its witness pairs compared. An
import added to a pair no reported chain links keeps the part; one that changes a pair
recomputes it; one of a pair it reported recomputes it too, unless the check can bring its
hits up to date from those pairs' imports alone (``Narrowing.relink``: the cycles' lines).
The result is the one a full computation makes: everything it read is in the key or in the
guard.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TypeVar

from analyzer import codec
from analyzer.facts import Facts, ImportEdge, ParsedFile
from analyzer.graph import layout_index
from archfit_values import frozen
from fitness.checks.base import Check, Hit, Narrowing
from fitness.engine.internal_edges import file_pairs, pair_digest
from fitness.engine.reuse import decoded, reused_encoded

T = TypeVar("T")
# A pair a part reported: the file its importer lives in, the importer, the imported.
Witness = tuple[str, str, str]


@frozen
class Guarded:
    """A part stored under its narrower key: its witness files and their ``internal``
    digests when it was computed, each witness pair (path, importer, imported and the digest
    of its imports, joined by NUL), and the part as ``codec`` encoded it."""

    files: tuple[str, ...]
    digests: tuple[str, ...]
    pairs: tuple[str, ...]
    part: str


class WitnessReader:
    """How a run reads the witnesses of stored parts: each file's ``internal`` digest (the
    run's edge table, ``table``), and for a file whose digest changed, its pairs' imports,
    resolved alone (once per file); once a part computed this run has read the run's edges,
    the witness pairs' imports are taken from them in one pass (``digests_of``)."""

    def __init__(self, facts: Facts, table: Callable[[], Iterable[tuple[str, str]]]) -> None:
        self._facts = facts
        self._table = table
        self._digests: dict[str, str] | None = None
        self._pairs: dict[str, Mapping[tuple[str, str], list[ImportEdge]]] = {}
        self._parsed: dict[str, ParsedFile] | None = None
        # The witness files whose digest differs from a stored part's (``guarded_part``).
        self.changed: set[str] = set()
        self._edges_read = False
        # The run's internal imports of each pair whose importer a witness named so far.
        self._by_pair: dict[tuple[str, str], list[ImportEdge]] = {}
        self._grouped: set[str] = set()  # the importers ``_by_pair`` holds every pair of

    def edges_read(self) -> None:
        """Say that the run's edges have been read (a part was computed): a witness file's
        pairs are then taken from them rather than resolved again."""
        self._edges_read = True

    def file_digest(self, path: str) -> str | None:
        """The ``internal`` digest of the file at ``path``; None when it is no analysed file."""
        if self._digests is None:
            self._digests = dict(self._table())
        return self._digests.get(path)

    def pair_edges(self, path: str) -> Mapping[tuple[str, str], list[ImportEdge]]:
        """The imports of each internal pair of the file at ``path``, resolved alone."""
        if path not in self._pairs:
            if self._parsed is None:
                self._parsed = {p.source.path: p for p in self._facts.parsed}
            parsed = self._parsed.get(path)
            index = layout_index(self._facts.layout)
            self._pairs[path] = {} if parsed is None else file_pairs(parsed, index)
        return self._pairs[path]

    def edges_of(self, path: str, importer: str, imported: str) -> Sequence[ImportEdge] | None:
        """One pair's imports today; None when its file is as a stored part saw it
        (``EdgesOf``)."""
        if path not in self.changed:
            return None
        return self.pair_edges(path).get((importer, imported), [])

    def pair_digest(self, path: str, importer: str, imported: str) -> str:
        """The digest of one pair's imports today ("-" for none)."""
        edges = self.pair_edges(path).get((importer, imported))
        return pair_digest(edges) if edges else "-"

    def digests_of(self, found: Iterable[Witness]) -> dict[Witness, str]:
        """The digest of each witness pair's imports today: from the run's edges when a part
        computed this run has read them, else each file resolved alone."""
        wanted = list(found)
        if not self._edges_read:
            return {w: self.pair_digest(*w) for w in wanted}
        self._group({importer for _, importer, _ in wanted})
        grouped = self._by_pair
        return {w: pair_digest(grouped[w[1:]]) if w[1:] in grouped else "-" for w in wanted}

    def _group(self, importers: set[str]) -> None:
        """Put the run's internal imports of ``importers`` not grouped yet into ``_by_pair``:
        each importer's edges found by bisection (the run's edges are in ``edge_order``, by
        importer first, as the cycles and the couplings read them), where grouping all of
        Django's 6k edges cost 4 ms for the few dozen importers the witnesses name."""
        edges = self._facts.edges
        by_pair = self._by_pair
        for importer in sorted(importers - self._grouped):
            low = bisect.bisect_left(edges, importer, key=_importer)
            high = bisect.bisect_right(edges, importer, lo=low, key=_importer)
            for edge in edges[low:high]:
                if not edge.external:
                    by_pair.setdefault((importer, edge.imported), []).append(edge)
        self._grouped |= importers


def _importer(edge: ImportEdge) -> str:
    return edge.importer


def witnesses(hits: Iterable[Hit]) -> tuple[Witness, ...]:
    """The pairs the links of ``hits`` name (``Link``: path, importer, imported), sorted."""
    found = {(ln.path, ln.importer, ln.imported) for h in hits for c in h.chains for ln in c}
    return tuple(sorted(found))


def guarded_part(
    text: str | None, reader: WitnessReader, kind: type[T]
) -> tuple[T, bool, dict[Witness, str]] | None:
    """The part a ``Guarded`` record holds, whether each witness pair's imports are the same
    today, and its witnesses with their digests then; None when there is none, it does not
    decode, or a witness file is gone."""
    record = None if text is None else decoded(text, Guarded)
    if record is None:
        return None
    changed = set()
    for path, then in zip(record.files, record.digests, strict=False):
        now = reader.file_digest(path)
        if now is None:
            return None
        if now != then:
            changed.add(path)
    reader.changed |= changed
    found: dict[Witness, str] = {}
    same = True
    for entry in record.pairs:
        path, importer, imported, then = entry.split("\0")
        found[(path, importer, imported)] = then
        same = same and (
            path not in changed or reader.pair_digest(path, importer, imported) == then
        )
    part = decoded(record.part, kind)
    return None if part is None else (part, same, found)


def guarded_text(
    part: str, found: Sequence[Witness] | Mapping[Witness, str], reader: WitnessReader
) -> str | None:
    """A part (``part``: as ``codec`` encoded it) as a ``Guarded`` record, encoded; None when
    a witness is no analysed file (then it is not stored under its narrower key). ``found``
    may hold each witness pair's digest when it was stored: kept for a file that is as it
    was then."""
    files = sorted({path for path, _, _ in found})
    digests = [reader.file_digest(path) for path in files]
    if any(digest is None for digest in digests):
        return None
    then = found if isinstance(found, Mapping) else {}
    kept = {w: d for w, d in then.items() if w[0] not in reader.changed}
    now = {**kept, **reader.digests_of(w for w in found if w not in kept)}
    pairs = [f"{path}\0{a}\0{b}\0{now[(path, a, b)]}" for path, a, b in found]
    record = Guarded(tuple(files), tuple(d or "" for d in digests), tuple(pairs), part)
    return codec.dumps(record)


def reused_witnessed(
    old: Mapping[str, str],
    new: dict[str, str],
    keys: tuple[str | None, str | None],
    reader: WitnessReader,
    kind_and_relink: tuple[type[T], Callable[[T], T] | None],
) -> T | None:
    """The part stored under the full key (None: no such key), which holds every input it
    reads, else under the narrower key (``Guarded``: its witnesses unchanged, or brought up
    to date by ``relink`` when only their imports changed); kept in ``new`` (as it was
    read, when it was). None when neither holds one."""
    kind, relink = kind_and_relink
    narrow, full = keys
    exact = reused_full(old, new, keys, kind)
    if exact is not None:
        return exact
    stored = None if narrow is None else guarded_part(old.get(narrow), reader, kind)
    if narrow is not None and stored is not None:
        part, same, found = stored
        if same and not reader.changed.intersection(path for path, _, _ in found):
            new[narrow] = old[narrow]
            if full is not None:
                new[full] = codec.dumps(part)
            return part
        if same:  # kept, its changed witness files stored as they are now (not resolved again)
            keep_witnessed(new, (narrow, full), (part, found), reader)
            return part
        if relink is not None:
            part = relink(part)
            keep_witnessed(new, (narrow, full), (part, found), reader)
            return part
    return None


def keep_witnessed(
    new: dict[str, str],
    keys: tuple[str | None, str | None],
    part_and_witnesses: tuple[object, Sequence[Witness] | Mapping[Witness, str]],
    reader: WitnessReader,
) -> None:
    """Keep a part computed this run in ``new``: under the full key, and under the narrower
    key with its witnesses when it has one and they are all analysed files."""
    narrow, full = keys
    part, found = part_and_witnesses
    if not isinstance(found, Mapping):  # computed this run, from the run's edges
        reader.edges_read()
    encoded = codec.dumps(part)  # once, for both keys (a broken contract's part is large)
    text = None if narrow is None else guarded_text(encoded, found, reader)
    if narrow is not None and text is not None:
        new[narrow] = text
    if full is not None:
        new[full] = encoded


def reused_full(
    old: Mapping[str, str], new: dict[str, str], keys: tuple[str | None, str | None], kind: type[T]
) -> T | None:
    """The part stored under the full key, which holds every input it reads: exact, and
    cheaper than a narrower record's guard (no witness read). The narrower record under this
    run's narrower key is carried unread: its guard is checked whenever it is used."""
    narrow, full = keys
    part = reused_encoded(old, new, full, kind)
    if part is not None and narrow is not None and narrow in old:
        new[narrow] = old[narrow]
    return part


def narrowing_of(check: Check, known: Iterable[str]) -> Narrowing | None:
    """The narrower inputs a check declares (``Narrowing``), when it does and knows them."""
    narrowing = getattr(check, "narrowed", None)
    if not isinstance(narrowing, Narrowing) or not set(narrowing.reads) <= set(known):
        return None
    return narrowing
