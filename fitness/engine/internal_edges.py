"""The ``internal`` view of a file: its module's resolved imports of the project's own modules
(ADR-0020, the imports row of issue #18).

A file's ``imports`` view changes with any import added, but the rules and contracts that
judge the import graph between the project's modules (cycles, couplings, layers) read only
its internal edges: an import of the standard library or of a third-party package leaves
them as they were. Those edges follow from the file's imports, its ``tach-ignore`` comments
and the module index (the layout, which every part's key holds), so their digest is stored
per file beside its parts (``PartsRecord.internal``) and taken again only for the files a
run parsed, never by decoding the others.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Collection, Iterable

from analyzer.deferred import edge_order, resolve_now
from analyzer.facts import Facts, ImportEdge, ParsedFile
from analyzer.graph import ModuleIndex, layout_index

INTERNAL = "internal"
# The digest of a file that has no module (a script): it has no edges.
NO_MODULE = "-"
# Up to this many files are resolved one by one; past it, the run's edges (which the rules
# that follow read anyway) are grouped by importer.
_ALONE = 64


def internal_digests(facts: Facts, paths: Collection[str]) -> dict[str, str]:
    """The digest of the internal edges of each file of ``paths`` (each a parsed file's)."""
    wanted = [p for p in facts.parsed if p.source.path in paths]
    if len(wanted) > _ALONE:
        grouped = _by_importer(facts.edges)
        return {
            p.source.path: _digest_of(p, grouped.get(p.source.module or "", ())) for p in wanted
        }
    index = layout_index(facts.layout)
    return {p.source.path: _digest_of(p, _resolved(p, index)) for p in wanted}


def _resolved(parsed: ParsedFile, index: ModuleIndex) -> list[ImportEdge]:
    """One module's edges, resolved as the run's graph resolves them; none for a script."""
    if parsed.source.module is None:
        return []
    return resolve_now(parsed, index)[0]


def _by_importer(edges: Iterable[ImportEdge]) -> dict[str, list[ImportEdge]]:
    grouped: dict[str, list[ImportEdge]] = defaultdict(list)
    for edge in edges:
        grouped[edge.importer].append(edge)
    return grouped


def _digest_of(parsed: ParsedFile, edges: Iterable[ImportEdge]) -> str:
    """The digest of a module's internal edges, every field of each (``repr``), in one order
    whichever way they were resolved."""
    if parsed.source.module is None:
        return NO_MODULE
    internal = sorted((e for e in edges if not e.external), key=_total_order)
    text = repr(internal).encode("utf-8", "surrogateescape")
    return hashlib.blake2b(text, digest_size=16).hexdigest()


def _total_order(edge: ImportEdge) -> tuple[object, ...]:
    """``edge_order`` and the fields it leaves out, so that equal keys mean equal edges."""
    return (*edge_order(edge), edge.member, edge.line_contents, edge.tach_ignored)
