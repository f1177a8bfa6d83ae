"""The resolved import edges of a project's modules in one record (ADR-0020, the edit path).

A run that reads the graph after an edit (the contracts, the cycles) needs the edges of every
module. Resolving them again meant decoding every unchanged file's stored facts (its imports,
its outline) and resolving each import against the module index: 0.26 s of a Django run in
which one file changed. A module's edges follow from its facts (its content key, which also
names its path, module and package flag), and the module index; this record holds, per file,
its content key, its module and its edges as rows, in ``.archfit_cache/edges.json``, sealed
with one MAC over archfit's version, the facts' shape and the module index's digest (as the
brief record, ``analyzer.brief_record``). A record of another index, version, user or tree
is not read; an entry whose content key or module is not the file's, or that does not
decode, is resolved again: the edges are those of resolving every file, field for field.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from typing import Any

from analyzer import codec
from analyzer.facts import ImportEdge, ImportKind
from analyzer.records import read_json_record, write_json_record

EDGES_FILE = "edges.json"
# The rows' layout: each module's rows in ``edge_order`` (``entry_of``'s caller sorts them).
_FORMAT = "sorted-rows-1"
# path -> [content key, module, rows]; a row is an edge's fields after ``importer`` (the
# module), in field order, its kind as its value.
EdgeEntry = list[Any]

_KINDS = {kind.value: kind for kind in ImportKind}
_new = object.__new__


def read_edges(folder: str, stamp: str) -> dict[str, object]:
    """The record in the cache ``folder`` sealed with ``stamp`` (archfit's version, the facts'
    shape, the module index) and the rows' shape; empty when there is none or it is not
    archfit's own."""
    return read_json_record(folder, EDGES_FILE, _sealed_with(stamp))


def write_edges(folder: str, stamp: str, record: Mapping[str, EdgeEntry]) -> None:
    """Keep ``record`` in the cache ``folder`` sealed with ``stamp`` and the rows' shape;
    never fatal."""
    write_json_record(folder, EDGES_FILE, _sealed_with(stamp), record)


@functools.cache
def _rows_shape() -> str:
    """What a row is: its layout here and ImportEdge's fields (a field added to ImportEdge
    makes every record of the same version another shape, never read)."""
    return f"{_FORMAT}\0{codec.shape(ImportEdge)}"


def _sealed_with(stamp: str) -> str:
    return f"{stamp}\0{_rows_shape()}"


def entry_of(key: str, module: str, edges: Iterable[ImportEdge]) -> EdgeEntry:
    """The record's entry of a module whose facts have content ``key``: its edges as rows, in
    the order given (``analyzer.deferred`` gives them in ``edge_order``)."""
    rows = [
        [e.imported, e.line, e.column, e.kind.value, e.line_contents, e.external, e.member,
         e.tach_ignored]
        for e in edges
    ]  # fmt: skip
    return [key, module, rows]


def recorded(found: object, key: str, module: str) -> list[ImportEdge] | None:
    """The edges of the entry ``found`` when it is one ``entry_of`` gave for content ``key``
    and ``module``; None otherwise (then the module is resolved again). The record's MAC
    vouches that archfit wrote it, so a row's fields are not checked one by one (6k edges of
    Django: 4 ms built, 13 ms with each field's type checked); a row of another shape or kind
    fails here all the same."""
    if type(found) is not list or len(found) != 3 or found[0] != key or found[1] != module:
        return None
    try:
        return _edges(module, found[2])
    except (TypeError, ValueError, KeyError):
        return None


def _edges(module: str, rows: list[Any]) -> list[ImportEdge]:
    """The edges of ``module`` from its rows, each filled as the codec fills a decoded value
    (a frozen value's ``__init__`` only sets its fields; this sets them 2x faster)."""
    edges = []
    for imported, line, column, kind, contents, external, member, ignored in rows:
        edge: ImportEdge = _new(ImportEdge)
        fill = edge.__dict__
        fill["importer"] = module
        fill["imported"] = imported
        fill["line"] = line
        fill["column"] = column
        fill["kind"] = _KINDS[kind]
        fill["line_contents"] = contents
        fill["external"] = external
        fill["member"] = member
        fill["tach_ignored"] = ignored
        edges.append(edge)
    return edges
