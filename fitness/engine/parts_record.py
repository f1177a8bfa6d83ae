"""``parts.json``: the stored parts of a check run, kept as a sealed log of their changes.

A run after one edit changes a few entries of a record of over a megabyte (on Django: one
file's views, per-file part and internal digests, a graph-level part, the columns' keys).
Encoding and sealing the whole record again cost such a run 5 % of its instructions; so a
run appends what it changed (a ``PartsChange``) as a block of the log
(``analyzer.records.append_log``), and writes the whole record again only when the log has
grown (``_MAX_CHANGES`` blocks, or changes of half the base's size). Reading
applies the changes to the base in order; the record read is the one the run wrote, entry
for entry and in the same order (``_older`` keeps the graph-level parts newest first).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Mapping
from dataclasses import field
from typing import Any

from analyzer import codec
from analyzer.folders import CACHE_DIR
from analyzer.records import Log, append_log, read_log
from archfit_values import frozen
from fitness.engine.columns import Columns
from fitness.engine.graph_parts import SourcesPart

PARTS_FILE = "parts.json"
# Past this many changes, or changes of half the base's size, the record is written
# whole: each change read costs a decode and a pass over the fields it touches.
_MAX_CHANGES = 16
_MAX_SHARE = 0.5


@frozen
class PartsRecord:
    """What ``parts.json`` holds: ``code`` says which archfit computed it."""

    code: str
    # content key -> its view digests in ``ORDER`` but "all" (the key), joined by spaces
    # (a string decodes faster than a tuple, and a run reads every file's)
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
    # each view's digest over every file, with what it was taken over (``columns``)
    columns: Columns | None = None


# The fields that map keys to entries: a change sets some entries and drops some keys.
_MAPS = ("views", "files", "hits", "graph", "contracts", "sources", "internal")


@frozen
class PartsChange:
    """What one run changed in the record it read: ``entries`` holds the entries it set in
    each map (``_MAPS``), and the value of each field named in ``replaced``; ``gone`` the
    keys it dropped from each map, ``order`` each map's keys when setting and dropping
    does not leave them in the run's order; ``moved`` the columns' content keys that moved,
    by place (``entries.columns`` then holds the columns' other fields); ``restamped`` the
    graph-level parts whose text after its first space (a record ``fitness.engine.updated``
    keeps: its stamp, a space, its body) is the one read, by their new stamp alone."""

    entries: PartsRecord
    gone: dict[str, tuple[str, ...]] = field(default_factory=dict)
    order: dict[str, tuple[str, ...]] = field(default_factory=dict)
    replaced: tuple[str, ...] = ()
    moved: dict[str, str] = field(default_factory=dict)
    restamped: dict[str, str] = field(default_factory=dict)


def read_parts(root: str, code: str) -> tuple[PartsRecord | None, Log | None]:
    """The stored parts, when every block of the log holds its MAC and the record was
    computed by this archfit (its code is the log's stamp), with the log they were read
    from (the next run appends to it)."""
    log = read_log(os.path.join(root, CACHE_DIR), PARTS_FILE, code)
    if log is None:
        return None, None
    try:
        record = codec.loads(log.texts[0], PartsRecord)
        if len(log.texts) > 1:
            changes = [codec.loads(text, PartsChange) for text in log.texts[1:]]
            record = merged(record, changes)
    except (ValueError, KeyError):  # a change that does not apply: not this record's
        return None, None
    return (record, log) if record.code == code else (None, None)


def write_parts(root: str, record: PartsRecord, read: tuple[PartsRecord, Log] | None) -> None:
    """Store ``record`` when the cache folder exists and is archfit's own: as a change to
    the record ``read`` (and the log it came from) while the log is short, else whole."""
    folder = os.path.join(root, CACHE_DIR)
    if read is None or len(read[1].texts) > _MAX_CHANGES:
        append_log(folder, PARTS_FILE, record.code, None, codec.dumps(record))
        return
    old, log = read
    change = change_of(old, record)
    if change == PartsChange(PartsRecord(record.code)):
        return  # the record read is the one this run would write
    text = codec.dumps(change)
    grown = sum(map(len, log.texts[1:])) + len(text)
    if grown > len(log.texts[0]) * _MAX_SHARE:
        append_log(folder, PARTS_FILE, record.code, None, codec.dumps(record))
    else:
        append_log(folder, PARTS_FILE, record.code, log, text)


def change_of(old: PartsRecord, new: PartsRecord) -> PartsChange:
    """What turns ``old`` into ``new`` (``merged``), of the same code."""
    entries: dict[str, Any] = {}
    gone: dict[str, tuple[str, ...]] = {}
    order: dict[str, tuple[str, ...]] = {}
    for name in _MAPS:
        was, now = getattr(old, name), getattr(new, name)
        entries[name] = {k: v for k, v in now.items() if k not in was or was[k] != v}
        if dropped := tuple(k for k in was if k not in now):
            gone[name] = dropped
        if list(now) != [k for k in was if k in now] + [k for k in now if k not in was]:
            order[name] = tuple(now)
    sets_moved = old.rule_sets != new.rule_sets
    entries["rule_sets"] = new.rule_sets if sets_moved else ()
    columns, moved = _columns_change(old.columns, new.columns)
    entries["columns"] = new.columns if moved is None else columns
    replaced = ("rule_sets",) * sets_moved + ("columns",) * (moved is None)
    restamped = _restamped(old.graph, entries["graph"])
    record = PartsRecord(new.code, **entries)
    return PartsChange(record, gone, order, replaced, moved or {}, restamped)


def _restamped(was: Mapping[str, str], entries: dict[str, str]) -> dict[str, str]:
    """The new stamps of the ``entries`` set whose text after the first space is the one
    ``was`` holds (a record restamped with the same body: 43 kB on Django's cycles), taken
    out of ``entries``."""
    restamped: dict[str, str] = {}
    for key, text in entries.items():
        head, space, body = text.partition(" ")
        before = was.get(key)
        if space and before is not None and before.partition(" ")[1:] == (space, body):
            restamped[key] = head
    for key in restamped:
        del entries[key]
    return restamped


def _columns_change(
    old: Columns | None, new: Columns | None
) -> tuple[Columns | None, dict[str, str] | None]:
    """The columns' fields but their keys, and the keys that moved by place, when ``new``
    differs from ``old`` only in some keys at the same places (None: replaced whole)."""
    if old == new:
        return None, {}
    if old is None or new is None or len(old.keys) != len(new.keys):
        return None, None
    pairs = enumerate(zip(old.keys, new.keys, strict=True))
    moved = {str(at): now for at, (was, now) in pairs if was != now}
    return Columns(new.files, (), new.digests), moved


def merged(record: PartsRecord, changes: Iterable[PartsChange]) -> PartsRecord:
    """``record`` with ``changes`` applied in order; ValueError (or KeyError) when one does
    not apply (a key of ``order`` neither kept nor set, a place past the columns, a field
    that is no field). Each map is copied once, then changed in place: a change costs what
    it changes, not the record's size."""
    maps: dict[str, dict[str, Any]] = {name: dict(getattr(record, name)) for name in _MAPS}
    others: dict[str, Any] = {"rule_sets": record.rule_sets, "columns": record.columns}
    for change in changes:
        if change.entries.code != record.code or not set(change.replaced) <= others.keys():
            raise ValueError("a change of another record")
        for name in _MAPS:
            maps[name] = _applied(maps[name], name, change)
        for name in change.replaced:
            others[name] = getattr(change.entries, name)
        if change.moved or ("columns" not in change.replaced and change.entries.columns):
            others["columns"] = _moved_columns(others["columns"], change)
    values: dict[str, Any] = {**maps, **others}
    return dataclasses.replace(record, **values)


def _applied(applied: dict[str, Any], name: str, change: PartsChange) -> dict[str, Any]:
    """Map ``name`` (``applied``, changed in place) with the change's keys dropped and
    entries set, in the change's order when it gives one."""
    for key in change.gone.get(name, ()):
        applied.pop(key, None)
    applied.update(getattr(change.entries, name))
    if name == "graph":
        for key, head in change.restamped.items():
            _, space, body = applied[key].partition(" ")  # KeyError: not a kept part
            if not space:
                raise ValueError(f"{key} is not a stamped part")
            applied[key] = f"{head} {body}"
    order = change.order.get(name)
    if order is None:
        return applied
    if len(order) != len(applied) or not applied.keys() <= set(order):
        raise ValueError(f"the order of {name} is not its keys")
    return {key: applied[key] for key in order}


def _moved_columns(columns: Columns | None, change: PartsChange) -> Columns:
    """The record's columns with the change's fields and moved keys."""
    fields = change.entries.columns
    if columns is None or fields is None:
        raise ValueError("moved keys without columns")
    keys = list(columns.keys)
    for place, key in change.moved.items():
        at = int(place)
        if not 0 <= at < len(keys):
            raise ValueError(f"no column place {place}")
        keys[at] = key
    return Columns(fields.files, tuple(keys), fields.digests)
