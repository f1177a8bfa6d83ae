"""The parts of a run judged over the whole tree besides the graph rules' hits: the contracts'
verdicts, the dependency rules' sources, and the graph-level parts stored under narrower
inputs (``Narrowing``, ``fitness.engine.guarded``); a part of ``fitness.engine.parts.Parts``,
split out of it (ADR-0020).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

from analyzer.facts import BlindSpot, Facts
from archfit_values import frozen
from fitness.checks.base import EdgesOf, Hit, Lookups, Narrowing, State, Updates
from fitness.engine.columns import ALIASES, Columns
from fitness.engine.guarded import (
    Witness,
    WitnessReader,
    keep_witnessed,
    reused_witnessed,
    witnesses,
)
from fitness.engine.guarded_lookups import keep_looked_up, reused_looked_up
from fitness.engine.reuse import digest, reused_narrowed
from fitness.engine.updated import carried_text, slot, stamp, stored_updated, updated_text
from fitness.results.findings import ContractVerdict, Finding

_HITS = tuple[Hit, ...]
# What the dependency rules read: see ``fitness.engine.parts.DECLARATIONS``.
_SOURCES_VIEWS = ("distribution_imports", "strings", "declarations")


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


class _Stored(Protocol):
    """What these parts read of the stored record (``fitness.engine.parts.PartsRecord``)."""

    @property
    def graph(self) -> dict[str, str]: ...
    @property
    def contracts(self) -> dict[str, str]: ...
    @property
    def sources(self) -> dict[str, SourcesPart]: ...
    @property
    def columns(self) -> Columns | None: ...


class GraphParts:
    """The contracts', the dependency sources' and the witnessed graph-level parts of a run:
    ``Parts`` holds the record read, this run's parts and the view digests they are keyed
    on."""

    _old: _Stored
    _facts: Facts
    _layout: str
    _graph: dict[str, str]
    _contracts: dict[str, str]
    _sources: dict[str, SourcesPart]
    _reader: WitnessReader
    _stamped: str | None = None  # ``_stamp_before``, once per run

    def _views_digest(self, reads: Sequence[str]) -> str | None:
        raise NotImplementedError  # ``Parts._views_digest``

    def _moved(self) -> tuple[str, list[str], list[int] | None]:
        raise NotImplementedError  # ``Parts._moved``

    def _view_digest(self, name: str) -> str:
        raise NotImplementedError  # ``Parts._view_digest``

    def _witnessed_following(
        self,
        checked: tuple[str, Mapping[str, Any], Narrowing],
        keys: tuple[str, str],
        holds: Callable[[], bool],
        compute: Callable[[], _HITS],
    ) -> list[Hit]:
        """A witnessed check's hits (``_witnessed``, ``checked``: its rule, params and
        narrowing), its stored hits relinked (``Narrowing.relink``); one whose hits follow the
        change (``Narrowing.updates``) is computed by ``_following`` and its record carried."""
        rule, params, narrowing = checked
        relink, edges_of = narrowing.relink, self._reader.edges_of
        relinked = None if relink is None else _relinker(relink, params, edges_of)
        updates = narrowing.updates
        if updates is None:
            return list(self._witnessed(keys, holds, (compute, relinked)))
        following = self._following(rule, updates, params, compute)
        hits = self._witnessed(keys, holds, (following, relinked))
        self._carry_updated(rule, narrowing.reads, hits)
        return list(hits)

    def _following(
        self, rule: str, updates: Updates, params: Mapping[str, Any], compute: Callable[[], _HITS]
    ) -> Callable[[], _HITS]:
        """``compute`` for a check whose hits follow the change (``fitness.engine.updated``):
        brought up to date from the rule's record when the stored columns carry its stamp,
        else computed; the record kept with this run's stamp either way."""

        def following() -> _HITS:
            files, keys, _ = self._moved()
            now = self._brought_up_to_date(rule, updates, params)
            hits, state = now if now is not None else (compute(), None)
            if state is None:
                state = updates.state(self._facts, params)
            self._graph[slot(rule, self._layout)] = updated_text(stamp(files, keys), state, hits)
            return hits

        return following

    def _brought_up_to_date(
        self, rule: str, updates: Updates, params: Mapping[str, Any]
    ) -> tuple[_HITS, State] | None:
        """The rule's hits and state from its record, when the stored columns carry its stamp
        and the check can bring them up to date (``Updates.update``); None otherwise."""
        _, _, places = self._moved()
        before = self._stamp_before()
        if places is None or before is None:
            return None
        found = stored_updated(self._old.graph.get(slot(rule, self._layout)), before)
        if found is None:
            return None
        now = updates.update(found[0], found[1], self._facts, params, self._modules_at(places))
        return None if now is None else (tuple(now[0]), now[1])

    def _carry_updated(self, rule: str, reads: Sequence[str], hits: _HITS) -> None:
        """Keep the rule's record for the next run when its hits were reused: with this run's
        stamp when the stored columns carry the record's and none of the narrower views the
        state follows from (``reads``: the pairs between the project's modules for the
        cycles; the crossing imports and class counts for the couplings) moved since (its
        state is then today's), with the hits reused."""
        key = slot(rule, self._layout)
        columns, before = self._old.columns, self._stamp_before()
        if key in self._graph or columns is None or before is None:
            return
        names = {view for name in reads for view in ALIASES.get(name, (name,))}
        if any(columns.digests.get(name) != self._view_digest(name) for name in sorted(names)):
            return
        files, keys, _ = self._moved()
        text = carried_text(self._old.graph.get(key), (before, stamp(files, keys)), hits)
        if text is not None:
            self._graph[key] = text

    def _stamp_before(self) -> str | None:
        """The stamp of the facts the stored columns were taken over; None without them."""
        columns = self._old.columns
        if columns is None:
            return None
        if self._stamped is None:  # 14,500 keys on the monorepo: digested once per run
            self._stamped = stamp(columns.files, columns.keys)
        return self._stamped

    def _modules_at(self, places: Sequence[int]) -> frozenset[str]:
        """The modules of the files at ``places`` in the facts' order."""
        parsed = self._facts.parsed
        return frozenset(m for at in places if (m := parsed[at].source.module) is not None)

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

    def _looked_up(
        self,
        keys: tuple[str, str],
        holds: Callable[[], bool],
        compute: Callable[[], _HITS],
        lookups: Lookups,
    ) -> _HITS:
        """A check's hits that follow from the lookups it made (``Narrowing.lookups``,
        ``fitness.engine.guarded_lookups``): stored under the narrower key while every lookup
        into a changed file finds the same thing, or under the full key; computed else, and
        stored under the narrower key with its lookups when its narrowing holds."""
        found = reused_looked_up(self._old.graph, self._graph, keys, self._facts, (_HITS, lookups))
        if found is not None:
            return found
        hits = compute()
        narrowed = holds()
        kept = keys if narrowed else (None, keys[1])
        made = lookups.made(self._facts) if narrowed else {}
        keep_looked_up(self._graph, kept, (hits, made), self._facts)
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


def _relinker(
    relink: Callable[[Sequence[Hit], Mapping[str, Any], EdgesOf], list[Hit]],
    params: Mapping[str, Any],
    edges_of: EdgesOf,
) -> Callable[[_HITS], _HITS]:
    """A witnessed check's stored hits brought up to date by its ``Narrowing.relink``."""
    return lambda hits: tuple(relink(hits, params, edges_of))
