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
value type-checked. A record that fails any check is ignored and written anew.
"""

from __future__ import annotations

import json
import operator
import os
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import field
from typing import Any

from analyzer import codec
from analyzer.facts import BlindSpot, Facts, ParsedFile
from analyzer.folders import CACHE_DIR
from analyzer.records import read_sealed, write_sealed
from analyzer.stat_index import StatIndex
from archfit_values import frozen
from fitness import __version__
from fitness.checks.base import Check, Hit
from fitness.checks.views import FINE_VIEWS
from fitness.engine import stored_run
from fitness.engine.declarations import declarations_digest
from fitness.engine.guarded import (
    Witness,
    WitnessReader,
    declared,
    keep_witnessed,
    narrowing_of,
    reused_witnessed,
    witnesses,
)
from fitness.engine.internal_edges import INTERNAL, LAYOUT_VIEWS, edge_table
from fitness.engine.reuse import (
    decoded,
    digest,
    reused_encoded_narrowed,
    reused_narrowed,
    split,
)
from fitness.results.findings import ContractVerdict, Finding

PARTS_FILE = "parts.json"
# The views of a file's facts a graph-level check may declare it reads; "all" is the whole
# of the facts (the content key), for a check that reads more than a named view.
VIEWS: Mapping[str, Callable[[ParsedFile], object]] = {
    "imports": lambda p: p.imports,
    "tach": lambda p: p.outline.tach_ignores if p.outline else None,
    "outline": lambda p: p.outline,
    "structure": lambda p: p.structure,
    "metrics": lambda p: p.metrics,
    "classes": lambda p: (p.metrics.classes, p.metrics.abstract_classes) if p.metrics else None,
    "outlined": lambda p: p.outline is not None,
    **FINE_VIEWS,  # what one check reads of a file's outline and imports
}
# A name a check may use for several views: its edges follow from its imports and the
# ``tach-ignore`` comments (with the layout, which every part reads).
_ALIASES = {"edges": ("imports", "tach")}
# Besides those: "strings", the framework string references of a file (``ParsedFile.strings``,
# "-" for a file naming none), and "all", the whole of the facts.
_ORDER = (*VIEWS, "strings", "all")
# Not views of the facts alone: ``LAYOUT_VIEWS``, some of a module's resolved edges (to the
# project's own modules, beyond the standard library) and its classes with the names that
# may resolve their bases (``fitness.engine.internal_edges``), which the layout decides too;
# their digests are stored per file under its per-file part's key (content key and layout).
# Not a view of any file's facts: the stat index of the project's tree without its modules'
# source files (``fitness.engine.declarations``).
DECLARATIONS = "declarations"
# A file with no per-file part stored: no rule, no hits.
_NONE_STORED: tuple[frozenset[str], Mapping[str, tuple[Hit, ...]]] = (frozenset(), {})
# What a graph-level part holds: a rule's hits; a file's per-file part: each rule's.
_HITS = tuple[Hit, ...]
_FILE_HITS = dict[str, tuple[Hit, ...]]
# Graph-level parts of earlier runs kept beside this run's (another --select, an undo).
_KEPT_GRAPH = 64
# What the dependency rules read: see ``DECLARATIONS``.
_SOURCES_VIEWS = ("distribution_imports", "strings", "declarations")
# Every view name a check may declare.
_KNOWN = frozenset({*_ORDER, *_ALIASES, DECLARATIONS, *LAYOUT_VIEWS})


@frozen
class PartsRecord:
    """What ``parts.json`` holds: ``code`` says which archfit computed it."""

    code: str
    # content key -> its view digests in ``_ORDER``, joined by spaces (a string decodes
    # faster than a tuple, and a run reads every file's)
    views: dict[str, str] = field(default_factory=dict)
    # The per-file parts, sparse (most are empty, and most files share one set of rules):
    # each file's part key -> the index in ``rule_sets`` of the rules stored for it, and
    # the hits of those that fired.
    rule_sets: tuple[tuple[str, ...], ...] = ()
    files: dict[str, int] = field(default_factory=dict)
    # part key -> the hits of each rule that fired (``_FILE_HITS``), as ``codec`` encoded
    # them: a file whose parts did not change is written again as it was read.
    hits: dict[str, str] = field(default_factory=dict)
    # The graph-level parts and the contracts' part, each as ``codec`` encoded it: decoded
    # only when a run reuses it (up to ``_KEPT_GRAPH`` are kept, one or a few are read), and
    # written again as it was read.
    graph: dict[str, str] = field(default_factory=dict)
    contracts: dict[str, str] = field(default_factory=dict)
    sources: dict[str, SourcesPart] = field(default_factory=dict)
    # per-file part key -> the digests of the file's ``LAYOUT_VIEWS`` in that order, joined
    internal: dict[str, str] = field(default_factory=dict)


@frozen
class ContractPart:
    """The config contracts' verdicts and violations (CON findings), as one part."""

    verdicts: tuple[ContractVerdict, ...]
    findings: tuple[Finding, ...]


@frozen
class SourcesPart:
    """What the dependency rules read (the summary's list) and could not read (blind spots)."""

    sources: tuple[str, ...]
    spots: tuple[BlindSpot, ...]


def run_per_file(check: Check, facts: Facts, params: Mapping[str, Any]) -> list[Hit]:
    """Run a per-file check (a seam: tests count the files it is run on)."""
    return check.run(facts, params)


def run_graph(check: Check, facts: Facts, params: Mapping[str, Any]) -> list[Hit]:
    """Run a graph-level check (a seam: tests count how often it runs)."""
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


class Parts:
    """The parts of one project's run: the stored ones it may reuse, and those it uses or
    computes (``store`` writes them)."""

    def __init__(
        self, facts: Facts, record: PartsRecord | None, code: str, index: StatIndex | None = None
    ) -> None:
        self._facts = facts
        self._index = index
        self._old = record or PartsRecord(code)
        self._rule_sets = [frozenset(rules) for rules in self._old.rule_sets]
        self._code = code
        self._layout = digest(code, repr(facts.layout))
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
        self._file_keys: dict[str, str] = {}  # path -> its per-file part's key, once per run
        self._by_path: dict[str, tuple[frozenset[str], Mapping[str, tuple[Hit, ...]]]] | None = None

    @classmethod
    def load(cls, facts: Facts, index: StatIndex | None = None) -> Parts:
        """The parts stored for the facts' root, when they are archfit's, for this archfit
        (``index``: the run's stat index, when it took one)."""
        code = digest(__version__, sys.version, stored_run.own_code())
        return cls(facts, _read(facts.layout.root, code), code, index)

    def per_file(
        self, rule: str, check: Check, facts: Facts, params: Mapping[str, Any]
    ) -> list[Hit]:
        """A per-file check's hits on ``facts`` (narrowed to FILES or not): stored for the
        files whose part is, computed on the others alone."""
        stored = self._stored_by_path()
        found: dict[str, tuple[Hit, ...]] = {}
        missing: list[str] = []
        for parsed in facts.parsed:
            path = parsed.source.path
            rules, hits = stored.get(path, _NONE_STORED)
            if rule in rules:
                found[path] = hits.get(rule, ())
            else:
                missing.append(path)
        if missing:
            fresh = _by_path(run_per_file(check, facts.only(set(missing)), params))
            if not fresh.keys() <= set(missing):  # a hit on another file: not per-file
                return in_file_order(check.run(facts, params), facts)
            for path in missing:  # the stored ones stay stored (``store``)
                found[path] = tuple(fresh.get(path, ()))
                if key := self._file_key(path):
                    self._files[key][rule] = found[path]
        return [hit for p in facts.parsed for hit in found[p.source.path]]

    def graph(self, rule: str, check: Check, params: Mapping[str, Any]) -> list[Hit]:
        """A graph-level check's hits on the whole facts: stored when the views it reads
        are unchanged in every file, else computed (and stored)."""
        reads = declared(check, params, _KNOWN)
        views = None if reads is None else self._views_digest(reads)
        if views is None:
            return run_graph(check, self._facts, params)
        key = digest(rule, self._layout, views)
        narrowing = narrowing_of(check, _KNOWN)
        narrow = None if narrowing is None else self._narrow_key(rule, narrowing.reads)

        def compute() -> tuple[Hit, ...]:
            return tuple(run_graph(check, self._facts, params))

        def holds() -> bool:
            return narrowing is not None and narrowing.holds(self._facts, params)

        if narrowing is not None and narrowing.witnessed and narrow is not None:
            relink, edges_of = narrowing.relink, self._reader.edges_of

            def relinked(hits: _HITS) -> _HITS:
                return tuple(relink(hits, params, edges_of)) if relink else hits

            return list(self._witnessed((narrow, key), holds, (compute, relink and relinked)))
        old, keys = self._old.graph, (narrow, key)
        return list(reused_encoded_narrowed(old, self._graph, keys, holds, (_HITS, compute)))

    def _witnessed(
        self,
        keys: tuple[str, str],
        holds: Callable[[], bool],
        compute_and_relink: tuple[Callable[[], _HITS], Callable[[_HITS], _HITS] | None],
    ) -> _HITS:
        """A witnessed check's hits (``Narrowing.witnessed``, ``fitness.engine.guarded``):
        stored under the narrower key while their witnesses are unchanged (brought up to date
        by ``relink`` when only their imports changed), or under the full key; computed
        else, and stored under the narrower key when its narrowing holds."""
        compute, relink = compute_and_relink
        old, reader = self._old.graph, self._reader
        found = reused_witnessed(old, self._graph, keys, reader, (_HITS, relink))
        if found is not None:
            return found
        hits = compute()
        kept = keys if holds() else (None, keys[1])
        keep_witnessed(self._graph, kept, (hits, witnesses(hits)), self._reader)
        return hits

    def _narrow_key(self, rule: str, reads: Sequence[str]) -> str | None:
        """The key of a part under a check's narrower inputs (``Narrowing``); None when the
        tree cannot be indexed."""
        views = self._views_digest(reads)
        return None if views is None else digest(rule, "narrowed", self._layout, views)

    def contracts(
        self,
        specs: str,
        reads: Sequence[tuple[Sequence[str] | None, Sequence[str] | None]],
        compute: Callable[[Sequence[int]], list[tuple[ContractPart, tuple[Witness, ...]]]],
    ) -> list[ContractPart]:
        """Each contract's verdict and findings, a part per contract (``specs``: the digest of
        them all, which each contract's key holds; ``reads``: the views each reads, None when
        it reads files beyond the facts, and the narrower ones it reads with the files it
        links, ``fitness.engine.guarded``, None when it has none): stored while its views are
        unchanged in every file (or its narrower ones, and the pairs it linked), else computed
        with the others that are not (``compute``: their places; each part with the pairs it
        linked), and stored."""
        keys = [self._contract_keys(specs, at, both) for at, both in enumerate(reads)]
        old, new, guard = self._old.contracts, self._contracts, self._reader
        found = [reused_witnessed(old, new, k, guard, (ContractPart, None)) for k in keys]
        missing = [at for at, part in enumerate(found) if part is None]
        for at, (part, linked) in zip(missing, compute(missing) if missing else (), strict=True):
            found[at] = part
            keep_witnessed(new, keys[at], (part, linked), guard)
        return [part for part in found if part is not None]

    def _contract_keys(
        self, specs: str, at: int, reads: tuple[Sequence[str] | None, Sequence[str] | None]
    ) -> tuple[str | None, str | None]:
        """A contract's narrower key (its part ``Guarded``) and full key; None for none."""
        full_reads, narrow_reads = reads
        views = None if full_reads is None else self._views_digest(full_reads)
        full = None if views is None else digest(specs, str(at), self._layout, views)
        narrow = None if narrow_reads is None or full is None else self._views_digest(narrow_reads)
        narrow = None if narrow is None else digest(specs, str(at), self._layout, "linked", narrow)
        return narrow, full

    def sources(
        self,
        rule: str,
        compute: Callable[[], SourcesPart],
        narrowed: tuple[Sequence[str], Callable[[], bool]] | None = None,
    ) -> SourcesPart:
        """The dependency rules' sources and blind spots (``rule``: the digest of the rule
        whose params read them): stored while the modules' imports, the framework strings
        and every other file of the tree are unchanged; or, with ``narrowed`` (the rule's
        narrower views and whether its ``Narrowing`` holds), while those are."""
        views = self._views_digest(_SOURCES_VIEWS)
        if views is None:
            return compute()
        key = digest(rule, self._layout, views)
        narrow = None if narrowed is None else self._narrow_key(rule, narrowed[0])

        def holds() -> bool:
            return narrowed is not None and narrowed[1]()

        return reused_narrowed(self._old.sources, self._sources, (narrow, key), holds, compute)

    def store(self) -> None:
        """Write this run's parts (and the stored ones still current) beside the facts
        cache; never fatal."""
        current = {self._file_key(p.source.path) for p in self._facts.parsed} - {""}
        rule_sets, files, hits = self._per_file_parts(current)
        keys = set(self._facts.keys.values())
        views = {k: v for k, v in self._old.views.items() if k in keys}
        for path, digests in self._views.items():
            if key := self._facts.keys.get(path, ""):
                views[key] = " ".join(digests)
        older = [(k, v) for k, v in self._old.graph.items() if k not in self._graph]
        graph = {**self._graph, **dict(older[:_KEPT_GRAPH])}
        # Each current file's LAYOUT_VIEWS digests, stored or taken (kept by a run reading none).
        internal = {k: v for k, v in self._old.internal.items() if k in current}
        internal.update((k, v) for k, v in self._internal.items() if k in current)
        record = PartsRecord(
            self._code, views, rule_sets, files, hits, graph, self._contracts, self._sources,
            internal,
        )  # fmt: skip
        _write(self._facts.layout.root, record)

    def _stored_by_path(self) -> dict[str, tuple[frozenset[str], Mapping[str, tuple[Hit, ...]]]]:
        """Each file's stored per-file parts (the rules stored for it, the hits of those that
        fired), looked up once per run for every per-file rule."""
        if self._by_path is None:
            self._by_path = {}
            for parsed in self._facts.parsed:
                key = self._file_key(parsed.source.path)
                rules = self._stored_rules(key)
                hits = self._stored_hits(key) if rules is not None else None
                if rules is not None and hits is not None:
                    self._by_path[parsed.source.path] = (rules, hits)
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
        rules: dict[str, set[str]] = {}
        for key in self._old.files:  # in the record's order: the next record reads the same
            if key in current and (stored := self._stored_rules(key)) is not None:
                rules[key] = set(stored)
        hits = {k: v for k, v in self._old.hits.items() if k in rules and k not in self._files}
        for key, found in self._files.items():
            merged = self._stored_hits(key) if key in rules else {}
            if merged is None:  # its stored hits do not decode: none of its rules is kept
                rules[key], merged = set(), {}
            rules.setdefault(key, set()).update(found)
            merged.update(found)
            if fired := {rule: value for rule, value in merged.items() if value}:
                hits[key] = codec.dumps(fired)
        sets: dict[tuple[str, ...], int] = {}
        files = {key: sets.setdefault(tuple(sorted(r)), len(sets)) for key, r in rules.items()}
        return tuple(sets), files, hits

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
        names = sorted({view for name in reads for view in _ALIASES.get(name, (name,))})
        digests: list[str | None] = [self._view_digest(name) for name in names]
        if DECLARATIONS in names:
            digests[names.index(DECLARATIONS)] = self._declarations_digest()
        if None in digests:
            return None
        return digest(*(f"{name}={value}" for name, value in zip(names, digests, strict=True)))

    def _declarations_digest(self) -> str | None:
        """``declarations_digest`` of the facts, once per run, before the dependency rules
        read the declarations."""
        if self._declarations == "":
            self._declarations = declarations_digest(self._facts, self._index)
        return self._declarations

    def _view_digest(self, name: str) -> str:
        """One view of every file (with its path), in the facts' order; once per run."""
        if name == DECLARATIONS:
            return ""
        if name in LAYOUT_VIEWS and name not in self._each_view:
            self._each_view[name] = self._edge_view_digest(name)
        if name not in self._each_view:
            if self._table is None:  # every file's path and views, taken once per run
                parsed = self._facts.parsed
                self._table = ([p.source.path for p in parsed], [self._views_of(p) for p in parsed])
            paths, views = self._table
            column = map(operator.itemgetter(_ORDER.index(name)), views)
            self._each_view[name] = digest(*map("\0".join, zip(paths, column, strict=True)))
        return self._each_view[name]

    def _edge_view_digest(self, name: str) -> str:
        """One of the ``LAYOUT_VIEWS`` of every file (with its path), in the facts' order."""
        at = LAYOUT_VIEWS.index(name)
        return digest(*(f"{path}\0{digests[at]}" for path, digests in self._edge_digests()))

    def _edge_digests(self) -> list[tuple[str, tuple[str, ...]]]:
        """Every file's path and ``LAYOUT_VIEWS`` digests, in the facts' order: stored under its
        per-file part's key, taken for the others; once per run."""
        if self._edge_table is None:
            keys = [self._file_key(p.source.path) for p in self._facts.parsed]
            self._edge_table, joined = edge_table(self._facts, keys, self._old.internal)
            self._internal.update(joined)
        return self._edge_table

    def _views_of(self, parsed: ParsedFile) -> tuple[str, ...]:
        path = parsed.source.path
        if path not in self._views:
            key = self._facts.keys.get(path)
            stored = split(self._old.views.get(key) if key else None, len(_ORDER))
            self._views[path] = stored if stored is not None else _compute_views(parsed, key)
        return self._views[path]


def _compute_views(parsed: ParsedFile, content_key: str | None) -> tuple[str, ...]:
    """Each view's digest (``repr`` shows every field of the frozen values it holds); the
    framework strings' (``-`` for a file naming none: most); and the whole facts' (the
    content key, or their ``repr``)."""
    views = [digest(repr(view(parsed))) for view in VIEWS.values()]
    strings = "-" if parsed.strings is None else digest(repr(parsed.strings))
    return (*views, strings, content_key or digest(repr(parsed)))


def _by_path(hits: Iterable[Hit]) -> dict[str, list[Hit]]:
    grouped: dict[str, list[Hit]] = {}
    for hit in hits:
        grouped.setdefault(hit.path, []).append(hit)
    return grouped


def _read(root: str, code: str) -> PartsRecord | None:
    """The stored parts, when they hold their MAC and were computed by this archfit (its
    code is the record's stamp)."""
    text = read_sealed(os.path.join(root, CACHE_DIR), PARTS_FILE, code)
    record = None if text is None else decoded(text, PartsRecord)
    return record if record is not None and record.code == code else None


def _write(root: str, record: PartsRecord) -> None:
    """Store ``record`` when the cache folder exists and is archfit's own."""
    write_sealed(os.path.join(root, CACHE_DIR), PARTS_FILE, record.code, codec.dumps(record))
