"""Each file's view values, stored under its content key, for the checks that read views
alone (``fitness.checks.view_values``; ADR-0020, round 9, issue #18's own-imports row).

A whole-tree check whose view moved is computed again. Reading the view from the facts
decodes every file's stored facts (Django: 882 outlines, about 60% of an own-import edit's
graph-level work). A ``ViewCheck`` reads instead each file's values of the ``VALUED`` views,
kept in ``.archfit_cache/view_values.json`` (sealed like ``parts.json``, stamped with archfit's
code) under its content key: its bytes, path, module and archfit's version, of which the
values are a function. A file whose values are not stored (changed, new, or stored by no
run since) has them taken from its facts (a changed file was parsed anyway), and a row that
does not decode is taken so too. The record is read only by a run that computes such a check,
and written only by a run that read it, holding the current files alone: a comment edit
neither reads nor writes it.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import field
from typing import Any

from analyzer import codec
from analyzer.facts import Facts, ParsedFile, SourceFile
from analyzer.folders import CACHE_DIR
from analyzer.records import read_sealed, write_sealed
from archfit_values import frozen
from fitness.checks.view_values import VALUED, Viewed
from fitness.engine.reuse import decoded, decoded_each

VALUES_FILE = "view_values.json"
# A file's values of every ``VALUED`` view, in that order, as one row (the type it decodes as).
ROW: Any = tuple.__class_getitem__(tuple(kind for _, kind in VALUED.values()))
_NAMES = tuple(VALUED)
_Row = tuple[Any, ...]


@frozen
class ViewValuesRecord:
    """What ``view_values.json`` holds: ``code`` says which archfit stored it."""

    code: str
    # The distinct rows, each as ``codec`` encoded it (kept as read): most files share one
    # (Django's 883 files hold 98), and each is decoded once.
    rows: tuple[str, ...] = ()
    # content key -> the index of its row
    files: dict[str, int] = field(default_factory=dict)


def take_row(parsed: ParsedFile) -> _Row:
    """A file's values of every ``VALUED`` view, from its facts (a seam: tests count the
    files whose values were taken rather than read)."""
    return tuple(value(parsed) for value, _ in VALUED.values())


class ViewValues:
    """The view values of one project's run: read from the record on first use, taken from
    the facts for the files it lacks; ``store`` writes them when they were used."""

    def __init__(self, facts: Facts, code: str) -> None:
        self._facts = facts
        self._code = code
        self._rows: list[_Row] | None = None  # each file's, in the facts' order
        self._texts: dict[str, str] = {}  # content key -> its row encoded, to store
        self._kept = False  # the record read holds the current files' rows alone: not written
        self._sources: tuple[SourceFile, ...] | None = None  # each file's, in that order

    def viewed(self, names: Sequence[str]) -> Viewed:
        """The facts seen through views ``names`` (those of ``VALUED``; edge views are read
        through ``Viewed.edges``), as ``viewed_of`` sees them."""
        rows = self._every_row()
        at = {name: _NAMES.index(name) for name in names if name in VALUED}  # once per view
        columns = {name: tuple(row[place] for row in rows) for name, place in at.items()}
        if self._sources is None:  # each of the six view rules is given them
            self._sources = tuple(p.source for p in self._facts.parsed)
        return Viewed(self._facts.layout, self._facts.edges, self._sources, columns)

    def store(self) -> None:
        """Write the rows of the current files when this run read them and the record read
        held other rows or lacked some; never fatal."""
        if self._rows is None or self._kept:
            return
        rows = tuple(dict.fromkeys(self._texts.values()))
        index = {text: at for at, text in enumerate(rows)}
        record = ViewValuesRecord(self._code, rows, {k: index[t] for k, t in self._texts.items()})
        folder = os.path.join(self._facts.layout.root, CACHE_DIR)
        write_sealed(folder, VALUES_FILE, self._code, codec.dumps(record))

    def _every_row(self) -> list[_Row]:
        """Every file's row in the facts' order: stored under its content key, else taken."""
        if self._rows is None:
            keys = self._facts.keys
            keyed = [(p, keys.get(p.source.path, "")) for p in self._facts.parsed]
            record = _read(self._facts.layout.root, self._code)
            found = _stored(record, [k for _, k in keyed])
            distinct = decoded_each({text: text for text in found.values()}, ROW)
            # a row that does not decode is taken from the facts (``_row``)
            rows = {key: distinct[text] for key, text in found.items() if text in distinct}
            self._texts.update((key, found[key]) for key in rows)
            self._rows = [self._row(p, key, rows) for p, key in keyed]
            self._kept = record is not None and len(rows) == len(record.files) == len(keyed)
        return self._rows

    def _row(self, parsed: ParsedFile, key: str, rows: dict[str, _Row]) -> _Row:
        """One file's row: decoded when stored (its text kept as read), else taken."""
        if key in rows:
            return rows[key]
        row = take_row(parsed)
        if key:
            self._texts[key] = codec.dumps(row)
        return row


def _read(root: str, code: str) -> ViewValuesRecord | None:
    """The stored record, when it holds its MAC and this archfit stored it."""
    text = read_sealed(os.path.join(root, CACHE_DIR), VALUES_FILE, code)
    record = None if text is None else decoded(text, ViewValuesRecord)
    return record if record is not None and record.code == code else None


def _stored(record: ViewValuesRecord | None, keys: Sequence[str]) -> dict[str, str]:
    """The encoded row stored for each of the content ``keys`` that has one."""
    if record is None:
        return {}
    rows, files = record.rows, record.files
    return {key: rows[at] for key in keys if (at := files.get(key, -1)) in range(len(rows))}
