"""The stored parts of a check run: each pack rule's hits, kept with the digest of what they
were computed from, so that a run after an edit recomputes only what the edit changed
(ADR-0020, second slice).

Two kinds of part, each a function of named inputs:

- a per-file part: the hits of every rule that judges each file alone (``scope = "file"``)
  in one file; its inputs are the file's content key (its bytes, path, module and
  archfit's version: ``analyzer.cache.content_key``), the layout, and the rule (code,
  check, params). An edit recomputes it for the changed files only.
- a graph-level part: the hits of a rule that judges the whole target; its inputs are the
  rule, the layout, and, of every file, the digests of the *views* of its facts the check
  declares it reads (``Check.inputs``: its imports, its outline, its class structures...).
  An edit that changes none of them (a body edited without moving an import or a class)
  reuses it as stored. A check that declares nothing, or reads files beyond the facts
  (dependency declarations, settings modules), is computed every run.

The parts live in ``.archfit_cache/parts.json`` under the same trust rules as the stored run
(``fitness.engine.stored_run``): read only from a cache folder archfit made, never through a
link, only when its MAC under the user's key holds, decoded by ``analyzer.codec`` with every
value type-checked. A record that fails any check is ignored and written anew. It is kept
as a sealed log of each run's changes (``fitness.engine.parts_record``).
"""

from __future__ import annotations

import json
import operator
import sys
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, cast

from analyzer import codec
from analyzer.facts import Facts, ParsedFile
from analyzer.records import Log
from analyzer.stat_index import StatIndex
from fitness import __version__
from fitness.checks.base import Check, Hit
from fitness.checks.view_values import ViewCheck, Viewed, reads_views
from fitness.engine import stored_run
from fitness.engine.columns import (
    ALIASES,
    DECLARATIONS,
    ORDER,
    Columns,
    carried,
    compute_views,
    declared,
    kept,
    moved,
)
from fitness.engine.declarations import declarations_digest
from fitness.engine.graph_parts import GraphParts, SourcesPart
from fitness.engine.guarded import (
    WitnessReader,
    narrowing_of,
)
from fitness.engine.internal_edges import INTERNAL, LAYOUT_VIEWS, internal_digests
from fitness.engine.parts_record import PARTS_FILE as PARTS_FILE  # where it was before round 10
from fitness.engine.parts_record import PartsRecord, read_parts, write_parts
from fitness.engine.reuse import (
    decoded,
    decoded_each,
    digest,
    reused_encoded_narrowed,
    split,
)
from fitness.engine.view_record import ViewValues

# A file with no per-file part stored: no rule, no hits.
_NONE_STORED: tuple[frozenset[str], Mapping[str, tuple[Hit, ...]]] = (frozenset(), {})
# What a graph-level part holds: a rule's hits; a file's per-file part: each rule's.
_HITS = tuple[Hit, ...]
_FILE_HITS = dict[str, tuple[Hit, ...]]
# Graph-level parts of earlier runs kept beside this run's (another --select, an undo): at
# most this many, newest first, and at most as many characters as this run's own (or
# ``_KEPT_GRAPH_CHARS``, when that is more): on a large tree a guarded part holds every
# witness, 2 MB on the 14,500-file monorepo, and 64 of them made every later run read and
# write a record of over 100 MB.
_KEPT_GRAPH = 64
_KEPT_GRAPH_CHARS = 1 << 18
# Every view name a check may declare.
_KNOWN = frozenset({*ORDER, *ALIASES, DECLARATIONS, *LAYOUT_VIEWS})


def run_per_file(check: Check, facts: Facts, params: Mapping[str, Any]) -> list[Hit]:
    """Run a per-file check (a seam: tests count the files it is run on)."""
    return check.run(facts, params)


def run_graph(check: Check, facts: Facts | Viewed, params: Mapping[str, Any]) -> list[Hit]:
    """Run a graph-level check on the facts or their view values (a seam: tests count it)."""
    if isinstance(facts, Viewed):
        return cast(ViewCheck, check).run_views(facts, params)
    return check.run(facts, params)


def in_file_order(hits: Iterable[Hit], facts: Facts) -> list[Hit]:
    """Hits grouped by file in the facts' order (each file's in the check's own order), then
    those on no analysed file: the order a run that reuses some files' hits can rebuild."""
    grouped = _by_path(hits)
    ordered = [hit for p in facts.parsed for hit in grouped.pop(p.source.path, ())]
    return ordered + [hit for rest in grouped.values() for hit in rest]


def rule_digest(code: str, check: Check, params: Mapping[str, Any]) -> str:
    """What a rule's hits depend on besides the facts: its code, check and params."""
    text = json.dumps([code, check.id, params], sort_keys=True, default=repr)
    return digest(text)


class Parts(GraphParts):
    """The parts of one project's run: the stored ones it may reuse, and those it uses or
    computes (``store`` writes them)."""

    _old: PartsRecord

    def __init__(
        self,
        facts: Facts,
        record: PartsRecord | None,
        code: str,
        index: StatIndex | None = None,
        log: Log | None = None,
    ) -> None:
        self._facts = facts
        self._log = log  # the log ``record`` was read from: ``store`` appends this run's change
        self._index = index
        self._old = record or PartsRecord(code)
        self._rule_sets = [frozenset(rules) for rules in self._old.rule_sets]
        self._code = code
        self._values = ViewValues(facts, code)  # for the checks that read views alone
        self._layout = digest(code, codec.dumps(facts.layout))  # every field; 0.7 ms below repr
        self._views: dict[str, tuple[str, ...]] = {}  # path -> this run's view digests
        self._each_view: dict[str, str] = {}  # view -> its digest over every file
        self._table: tuple[list[str], list[tuple[str, ...]]] | None = None
        self._files: dict[str, dict[str, tuple[Hit, ...]]] = defaultdict(dict)
        self._graph: dict[str, str] = {}
        self._contracts: dict[str, str] = {}
        self._sources: dict[str, SourcesPart] = {}
        self._internal: dict[str, str] = {}  # part key -> its LAYOUT_VIEWS digests, joined
        self._edge_table: list[tuple[str, tuple[str, ...]]] | None = None  # path, digests
        at = LAYOUT_VIEWS.index(INTERNAL)  # each file's ``internal`` digest, for the guards
        self._reader = WitnessReader(facts, lambda: ((p, d[at]) for p, d in self._edge_digests()))
        self._declarations: str | None = ""  # "": not indexed yet; None: cannot be
        self._order: tuple[str, list[str], list[int] | None] | None = None  # ``_moved``
        self._edges: dict[str, tuple[str, ...]] = {}  # path -> LAYOUT_VIEWS digests taken
        self._file_keys: dict[str, str] = {}  # path -> its per-file part's key, once per run
        self._by_path: dict[str, tuple[frozenset[str], Mapping[str, tuple[Hit, ...]]]] | None = None
        self._rows: tuple[object, list[tuple[str, frozenset[str], Mapping[str, _HITS]]]] | None = (
            None
        )

    @classmethod
    def load(cls, facts: Facts, index: StatIndex | None = None) -> Parts:
        """The parts stored for the facts' root, when they are archfit's, for this archfit
        (``index``: the run's stat index, when it took one)."""
        code = digest(__version__, sys.version, stored_run.own_code())
        record, log = read_parts(facts.layout.root, code)
        return cls(facts, record, code, index, log)

    def per_file(
        self, rule: str, check: Check, facts: Facts, params: Mapping[str, Any]
    ) -> list[Hit]:
        """A per-file check's hits on ``facts`` (narrowed to FILES or not): stored for the
        files whose part is, computed on the others alone."""
        rows = self._stored_rows(facts)
        missing = [path for path, rules, _ in rows if rule not in rules]
        fresh: dict[str, tuple[Hit, ...]] = {}
        if missing:
            computed = _by_path(run_per_file(check, facts.only(set(missing)), params))
            if not computed.keys() <= set(missing):  # a hit on another file: not per-file
                return in_file_order(check.run(facts, params), facts)
            for path in missing:  # the stored ones stay stored (``store``)
                fresh[path] = tuple(computed.get(path, ()))
                if key := self._file_key(path):
                    self._files[key][rule] = fresh[path]
        # Each file's hits in the facts' order: a file's own, computed now, else stored.
        return [
            hit
            for path, _, hits in rows
            for hit in (fresh[path] if path in fresh else hits.get(rule, ()))
        ]

    def _stored_rows(self, facts: Facts) -> list[tuple[str, frozenset[str], Mapping[str, _HITS]]]:
        """Each file of ``facts`` with its stored per-file rules and their hits (none for a
        file without parts), in the facts' order; taken once per facts, for every rule."""
        if self._rows is None or self._rows[0] is not facts.parsed:
            stored = self._stored_by_path()
            rows = [(p.source.path, *stored.get(p.source.path, _NONE_STORED)) for p in facts.parsed]
            self._rows = (facts.parsed, rows)
        return self._rows[1]

    def graph(self, rule: str, check: Check, params: Mapping[str, Any]) -> list[Hit]:
        """A graph-level check's hits on the whole facts: stored when the views it reads
        are unchanged in every file, else computed (and stored)."""
        reads = declared(check, params)
        views = None if reads is None else self._views_digest(reads)
        if views is None:
            return run_graph(check, self._facts, params)
        key = digest(rule, self._layout, views)
        narrowing = narrowing_of(check, _KNOWN)
        narrow = None if narrowing is None else self._narrow_key(rule, narrowing.reads)

        def compute() -> tuple[Hit, ...]:
            # One that reads views alone gets the stored values, decoding no unchanged file.
            facts = self._values.viewed(reads or ()) if reads_views(check) else self._facts
            return tuple(run_graph(check, facts, params))

        def holds() -> bool:
            return narrowing is not None and narrowing.holds(self._facts, params)

        if narrowing is not None and narrowing.lookups is not None and narrow is not None:
            return list(self._looked_up((narrow, key), holds, compute, narrowing.lookups))
        if narrowing is not None and narrowing.witnessed and narrow is not None:
            checked = (rule, params, narrowing)
            return self._witnessed_following(checked, (narrow, key), holds, compute)
        old, keys = self._old.graph, (narrow, key)
        return list(reused_encoded_narrowed(old, self._graph, keys, holds, (_HITS, compute)))

    def store(self) -> None:
        """Write this run's parts (and the stored ones still current) beside the facts
        cache; never fatal."""
        current = {self._file_key(p.source.path) for p in self._facts.parsed} - {""}
        rule_sets, files, hits = self._per_file_parts(current)
        keys = set(self._facts.keys.values())
        views = {k: v for k, v in self._old.views.items() if k in keys}
        for path, digests in self._views.items():
            if key := self._facts.keys.get(path, ""):
                views[key] = " ".join(digests[:-1])  # "all" is the key
        graph = {**self._graph, **_older(self._old.graph, self._graph)}
        # Each current file's LAYOUT_VIEWS digests, stored or taken (kept by a run reading none).
        internal = {k: v for k, v in self._old.internal.items() if k in current}
        internal.update((k, v) for k, v in self._internal.items() if k in current)
        paths, order, _ = self._moved()
        taken = kept(self._each_view, (*ORDER[:-1], *LAYOUT_VIEWS))  # "all" moves with any edit
        record = PartsRecord(
            self._code, views, rule_sets, files, hits, graph, self._contracts, self._sources,
            internal, Columns(paths, tuple(order), taken),
        )  # fmt: skip
        read = None if self._log is None else (self._old, self._log)
        write_parts(self._facts.layout.root, record, read)
        self._values.store()

    def _stored_by_path(self) -> dict[str, tuple[frozenset[str], Mapping[str, tuple[Hit, ...]]]]:
        """Each file's stored per-file parts (the rules stored for it, the hits of those that
        fired), looked up once per run for every per-file rule."""
        if self._by_path is None:
            keyed = [(p.source.path, self._file_key(p.source.path)) for p in self._facts.parsed]
            rules = {path: self._stored_rules(key) for path, key in keyed}
            stored = {
                k: self._old.hits[k]
                for p, k in keyed
                if rules[p] is not None and k in self._old.hits
            }
            hits = decoded_each(stored, _FILE_HITS)  # a file with none stored: none fired
            self._by_path = {}
            for path, key in keyed:
                found, fired = rules[path], hits.get(key) if key in stored else {}
                if found is not None and fired is not None:
                    self._by_path[path] = (found, fired)
        return self._by_path

    def _stored_hits(self, key: str) -> dict[str, tuple[Hit, ...]] | None:
        """The stored hits of the file whose part key is ``key`` (none fired: empty); None
        when they do not decode (then its parts are computed)."""
        text = self._old.hits.get(key)
        return {} if text is None else decoded(text, _FILE_HITS)

    def _stored_rules(self, key: str) -> frozenset[str] | None:
        """The per-file rules stored for the file whose part key is ``key``; None when none
        are (no key, or an index past the record's rule sets)."""
        index = self._old.files.get(key) if key else None
        if index is None or not 0 <= index < len(self._rule_sets):
            return None
        return self._rule_sets[index]

    def _per_file_parts(
        self, current: set[str]
    ) -> tuple[tuple[tuple[str, ...], ...], dict[str, int], dict[str, str]]:
        """The per-file parts to store, as ``PartsRecord`` holds them: the stored ones of the
        ``current`` files' keys, updated with this run's."""
        rules: dict[str, frozenset[str]] = {}  # the stored sets kept as they are (most)
        for key in self._old.files:  # in the record's order: the next record reads the same
            if key in current and (stored := self._stored_rules(key)) is not None:
                rules[key] = stored
        # Each file's hits in the record's place (a log's change then sets them where they were).
        hits = {k: v for k, v in self._old.hits.items() if k in rules}
        for key, found in self._files.items():
            merged = self._stored_hits(key) if key in rules else {}
            if merged is None:  # its stored hits do not decode: none of its rules is kept
                rules[key], merged = frozenset(), {}
            rules[key] = rules.get(key, frozenset()).union(found)
            merged.update(found)
            if fired := {rule: value for rule, value in merged.items() if value}:
                hits[key] = codec.dumps(fired)
            else:
                hits.pop(key, None)
        sets: dict[frozenset[str], int] = {}
        files = {key: sets.setdefault(r, len(sets)) for key, r in rules.items()}
        return tuple(tuple(sorted(r)) for r in sets), files, hits

    def _file_key(self, path: str) -> str:
        """The key of a file's per-file part: its content key and the layout ("" when the
        file has no content key: its part is computed every run); taken once per file, as
        every per-file rule looks it up."""
        key = self._file_keys.get(path)
        if key is None:
            content = self._facts.keys.get(path)
            key = self._file_keys[path] = digest(self._layout, content) if content else ""
        return key

    def _views_digest(self, reads: Sequence[str]) -> str | None:
        """The digest of the views ``reads`` of every file, in the facts' order (and of
        the declarations); None when the tree cannot be indexed."""
        names = sorted({view for name in reads for view in ALIASES.get(name, (name,))})
        digests: list[str | None] = [self._view_digest(name) for name in names]
        if DECLARATIONS in names:
            digests[names.index(DECLARATIONS)] = self._declarations_digest()
        if None in digests:
            return None
        return digest(*(f"{name}={value}" for name, value in zip(names, digests, strict=True)))

    def _declarations_digest(self) -> str | None:
        """``declarations_digest`` of the facts' layout, before the dependency rules read it;
        once per run."""
        if self._declarations == "":
            self._declarations = declarations_digest(self._facts.layout, self._index)
        return self._declarations

    def _view_digest(self, name: str) -> str:
        """One view of every file (with its path), in the facts' order; once per run."""
        if name == DECLARATIONS:
            return ""
        if name not in self._each_view and (found := self._carried(name)) is not None:
            self._each_view[name] = found
        if name in LAYOUT_VIEWS and name not in self._each_view:
            self._each_view[name] = self._edge_view_digest(name)
        if name not in self._each_view:
            if self._table is None:  # every file's path and views, taken once per run
                parsed = self._facts.parsed
                self._table = ([p.source.path for p in parsed], [self._views_of(p) for p in parsed])
            paths, views = self._table
            column = map(operator.itemgetter(ORDER.index(name)), views)
            self._each_view[name] = digest(*map("\0".join, zip(paths, column, strict=True)))
        return self._each_view[name]

    def _moved(self) -> tuple[str, list[str], list[int] | None]:
        """The digest of the layout and every file's path in order, each file's content key,
        and the places whose key moved since the stored ``Columns`` (None: not comparable)."""
        if self._order is None:
            parsed = self._facts.parsed
            files = digest(self._layout, *(p.source.path for p in parsed))
            keys = [self._facts.keys.get(p.source.path, "") for p in parsed]
            self._order = (files, keys, moved(self._old.columns, files, keys))
        return self._order

    def _carried(self, name: str) -> str | None:
        """The stored digest of view ``name`` over every file, when no file's digest of it
        moved (``fitness.engine.columns``); None when it must be taken."""
        _, keys, places = self._moved()
        if places is None or self._old.columns is None:
            return None
        parsed, width = self._facts.parsed, len(ORDER) - 1
        if name in LAYOUT_VIEWS:
            at = LAYOUT_VIEWS.index(name)

            def before(_: int, key: str) -> str | None:
                stored = split(self._old.internal.get(digest(self._layout, key)), len(LAYOUT_VIEWS))
                return None if stored is None else stored[at]

            def now(place: int, _: str) -> str | None:
                return self._edges_of(parsed[place].source.path)[at]

        elif name in ORDER[:-1]:  # "all" is the content key: it moves with any edit
            at = ORDER.index(name)

            def before(_: int, key: str) -> str | None:
                stored = split(self._old.views.get(key), width)
                return None if stored is None else stored[at]

            def now(place: int, _: str) -> str | None:
                return self._views_of(parsed[place])[at]

        else:
            return None
        return carried(self._old.columns, name, places, keys, (before, now))

    def _edges_of(self, path: str) -> tuple[str, ...]:
        """One file's ``LAYOUT_VIEWS`` digests: stored under its per-file part's key, else
        taken (and kept for the record)."""
        if path not in self._edges:
            key = self._file_key(path)
            stored = split(self._old.internal.get(key), len(LAYOUT_VIEWS)) if key else None
            self._edges[path] = stored or internal_digests(self._facts, {path})[path]
            if key:
                self._internal[key] = " ".join(self._edges[path])
        return self._edges[path]

    def _edge_view_digest(self, name: str) -> str:
        """One of the ``LAYOUT_VIEWS`` of every file (with its path), in the facts' order."""
        at = LAYOUT_VIEWS.index(name)
        return digest(*(f"{path}\0{digests[at]}" for path, digests in self._edge_digests()))

    def _edge_digests(self) -> list[tuple[str, tuple[str, ...]]]:
        """Every file's path and ``LAYOUT_VIEWS`` digests, in the facts' order: stored under its
        per-file part's key, taken for the others; once per run."""
        if self._edge_table is None:
            parsed, width = self._facts.parsed, len(LAYOUT_VIEWS)
            keys = [self._file_key(p.source.path) for p in parsed]
            stored = {k: d for k in keys if k and (d := split(self._old.internal.get(k), width))}
            missing = {p.source.path for p, k in zip(parsed, keys, strict=True) if k not in stored}
            missing -= self._edges.keys()  # taken already, for a carried view
            taken = {**self._edges, **(internal_digests(self._facts, missing) if missing else {})}
            self._edge_table = []
            for item, key in zip(parsed, keys, strict=True):
                digests = stored[key] if key in stored else taken[item.source.path]
                if key:
                    self._internal[key] = " ".join(digests)
                self._edge_table.append((item.source.path, digests))
        return self._edge_table

    def _views_of(self, parsed: ParsedFile) -> tuple[str, ...]:
        path = parsed.source.path
        if path not in self._views:
            key = self._facts.keys.get(path)
            # stored without "all": the content key itself, the record's key
            stored = split(self._old.views.get(key) if key else None, len(ORDER) - 1)
            if key and stored is not None:
                self._views[path] = (*stored, key)
            else:
                self._views[path] = compute_views(parsed, key)
        return self._views[path]


def _by_path(hits: Iterable[Hit]) -> dict[str, list[Hit]]:
    grouped: dict[str, list[Hit]] = {}
    for hit in hits:
        grouped.setdefault(hit.path, []).append(hit)
    return grouped


def _older(old: Mapping[str, str], new: Mapping[str, str]) -> dict[str, str]:
    """The graph-level parts of earlier runs to keep beside this run's (``new``): those of
    ``old`` it does not hold, newest first (each run writes its own first), within
    ``_KEPT_GRAPH`` parts and as many characters as ``new`` holds (``_KEPT_GRAPH_CHARS`` at
    least)."""
    budget = max(sum(len(text) for text in new.values()), _KEPT_GRAPH_CHARS)
    kept: dict[str, str] = {}
    for key, text in old.items():
        if key in new:
            continue
        if len(kept) == _KEPT_GRAPH or len(text) > budget:
            break
        kept[key] = text
        budget -= len(text)
    return kept
