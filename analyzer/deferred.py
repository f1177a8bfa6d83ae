"""Facts gathered without decoding what a run may never read (ADR-0020, the edit path).

A warm run after one edit reuses the stored parts of every unchanged file (``fitness.engine.
parts``): their hits, and the views graph-level rules read. What it still needs of every
file is small: its source, its problems and blind spots, its suppression comments, and the
internal imports it names that do not exist (blind spots too). A *brief* holds those, stored
beside the file's facts under its content key, with the digest of the module index its
missing imports were found against. A file whose brief matches comes back as a
``DeferredFile``: its full facts are decoded only if something reads them; its import
edges are resolved only if something reads the graph (``DeferredFacts``). Results are those
of eager facts by construction: a deferred file decodes into exactly the facts it stands for.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import os
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple, cast

from analyzer import codec
from analyzer.brief_record import Entry, entry, read_briefs
from analyzer.cache import SCHEMA, FactsCache, signature
from analyzer.edge_record import EdgeEntry, entry_of, read_edges, recorded, write_edges
from analyzer.facts import BlindSpot, DeferredFile, ImportEdge, ParsedFile, Problem, SourceFile
from analyzer.graph import ModuleIndex, mark_tach_ignored, resolve_imports
from analyzer.outline import Suppression
from archfit_values import frozen

# path -> (its edges, or None while it is deferred; its missing imports as blind spots)
Resolved = dict[str, tuple[list[ImportEdge] | None, list[BlindSpot]]]


@frozen
class Brief:
    """What a run needs of a file whose stored parts it reuses."""

    source: SourceFile
    problems: tuple[Problem, ...]
    blind_spots: tuple[BlindSpot, ...]
    comments: tuple[Suppression, ...] | None
    index: str  # ``index_digest`` of the module index ``missing`` was found against
    missing: tuple[BlindSpot, ...]


def index_digest(index: ModuleIndex) -> str:
    """What resolving an import reads besides the import: the module index."""
    parts = (sorted(index.modules), sorted(index.namespaces), sorted(index.roots))
    return hashlib.sha256(repr(parts).encode("utf-8", "surrogateescape")).hexdigest()


class Found(NamedTuple):
    """The files that come back deferred, and what the next run's brief record keeps."""

    # path -> (content key, deferred facts, missing imports)
    files: dict[str, tuple[str, DeferredFile, tuple[BlindSpot, ...]]]
    # path -> the record's entry (``analyzer.brief_record``) of each deferred file
    entries: dict[str, Entry]
    # path -> (content key, stat signature) of each file unchanged on disk, deferred or not
    signed: dict[str, tuple[str, str]]
    # whether the record read is the one this run would write (every file, each as it was)
    current: bool


def record_stamp(version: str, index: str) -> str:
    """What the brief record is sealed with besides its text: archfit's version, the facts'
    shape, and the module index its missing imports were found against."""
    return f"{version}\0{SCHEMA}\0{index}"


def deferred_files(cache: FactsCache, root: str, files: Sequence[SourceFile], index: str) -> Found:
    """Each unchanged file whose brief matches its source and the module index, deferred:
    found in the brief record, else in the database."""
    read = cache.value_reader()
    record = read_briefs(cache.folder, record_stamp(cache.version, index))
    found = Found({}, {}, {}, False)
    rest = [f for f in files if not _recorded(record, root, f, index, read, found)]
    keys = cache.unchanged_signed(root, rest)
    stored = cache.briefs({key for key, _ in keys.values()})
    sources = {f.path: f for f in rest}
    for path, (key, signed) in keys.items():
        found.signed[path] = (key, signed)
        text = stored.get(key)
        brief = _brief(text)
        if text is None or brief is None or brief.source != sources[path] or brief.index != index:
            continue
        _defer(found, (key, signed), brief, text, read, root)
    cache.touch([key for key, _, _ in found.files.values()])
    return found._replace(current=not rest and len(record) == len(files))


def _recorded(
    record: Mapping[str, Entry],
    root: str,
    source: SourceFile,
    index: str,
    read: Callable[[str], str | None],
    found: Found,
) -> bool:
    """Whether ``source`` comes back deferred from the brief ``record`` (into ``found``):
    its entry's signature is the file's own, its module and package flag the source's."""
    path = source.path
    known = entry(record, path)
    if known is None or known[2] != source.module or known[3] != source.is_package:
        return False
    signed, key, _, _, text = known
    try:  # the path is relative, with forward slashes: joined without os.path's checks
        if signature(os.stat(f"{root}/{path}")) != signed:
            return False
    except OSError:
        return False
    if text:
        brief = _brief(text)
        if brief is None or brief.source != source or brief.index != index:
            return False
        _defer(found, (key, signed), brief, text, read, root)
        return True
    # A bare brief: the file alone (its source is the one its content key was taken with).
    found.files[path] = (
        key,
        DeferredFile((source, (), ()), (), _load(read, key, root, source)),
        (),
    )
    found.signed[path] = (key, signed)
    found.entries[path] = [signed, key, source.module, source.is_package, ""]
    return True


def _defer(
    found: Found,
    signed: tuple[str, str],
    brief: Brief,
    text: str,
    read: Callable[[str], str | None],
    root: str,
) -> None:
    """Put the file of ``brief`` into ``found`` as a deferred file (``signed``: its content
    key and stat signature; ``text``: its brief encoded), with its record entry."""
    key, stat = signed
    source = brief.source
    load = _load(read, key, root, source)
    facts = DeferredFile((source, brief.problems, brief.blind_spots), brief.comments, load)
    found.files[source.path] = (key, facts, brief.missing)
    found.signed[source.path] = signed
    bare = _bare(brief.problems, brief.blind_spots, brief.comments, brief.missing)
    found.entries[source.path] = [stat, key, source.module, source.is_package, "" if bare else text]


def record_entry(
    parsed: ParsedFile, signed: tuple[str, str], text: str, missing: Sequence[BlindSpot]
) -> Entry:
    """The brief record's entry of a file resolved in this run (``signed``: its content key
    and the stat signature its bytes were read under; ``text``: its brief encoded)."""
    key, stat = signed
    source = parsed.source
    bare = _bare(parsed.problems, parsed.blind_spots, parsed.suppression_comments, missing)
    return [stat, key, source.module, source.is_package, "" if bare else text]


def _bare(
    problems: Sequence[Problem],
    blind_spots: Sequence[BlindSpot],
    comments: Sequence[Suppression] | None,
    missing: Sequence[BlindSpot],
) -> bool:
    """Whether a brief holds nothing but its source (most files): then the record keeps no
    text for it."""
    return not problems and not blind_spots and comments == () and not missing


def resolve_now(parsed: ParsedFile, index: ModuleIndex) -> tuple[list[ImportEdge], list[BlindSpot]]:
    """A module's import edges (``tach-ignore`` marks applied) and its missing imports."""
    source = parsed.source
    assert source.module is not None
    found, missing = resolve_imports(source.module, source.path, parsed.imports, index)
    if parsed.outline is not None and parsed.outline.tach_ignores:
        found = mark_tach_ignored(found, parsed.outline.tach_ignores)
    return found, missing


def brief_text(parsed: ParsedFile, index: str, missing: Sequence[BlindSpot]) -> str:
    """The brief of a file's facts, encoded."""
    brief = Brief(
        parsed.source, parsed.problems, parsed.blind_spots, parsed.suppression_comments,
        index, tuple(missing),
    )  # fmt: skip
    return codec.dumps(brief)


class EdgeStore(NamedTuple):
    """Where a run keeps its modules' resolved edges (``analyzer.edge_record``)."""

    folder: str  # the cache folder
    version: str  # archfit's version (the record is sealed with it and the module index)
    keys: Mapping[str, str]  # path -> content key of each file whose facts were cached


def edges_when_read(
    parsed: Sequence[ParsedFile],
    resolved: Resolved,
    index: ModuleIndex,
    store: EdgeStore | None = None,
) -> Callable[[], tuple[ImportEdge, ...]]:
    """The import edges of every module, in ``edge_order``, resolved the first time the graph
    is read: a deferred file's from the edge record of ``store`` when its entry is for the
    file's content key (the record is sealed with the module index), else resolved (the file
    decoded); the record is rewritten when enough of it is stale (``_rewrite``)."""

    @functools.cache
    def edges() -> tuple[ImportEdge, ...]:
        stamp = record_stamp(store.version, index_digest(index)) if store is not None else ""
        record = read_edges(store.folder, stamp) if store is not None else {}
        keys = store.keys if store is not None else {}
        kept: dict[str, EdgeEntry] = {}
        chunks: list[tuple[str, list[ImportEdge]]] = []
        for item in parsed:
            module = item.source.module
            if module is not None:
                own = _module_edges(item, module, resolved, index, (record, keys, kept))
                chunks.append((module, own))
        if store is not None and _rewrite(record, kept):
            write_edges(store.folder, stamp, kept)
        return _in_order(chunks)

    return edges


def _in_order(chunks: list[tuple[str, list[ImportEdge]]]) -> tuple[ImportEdge, ...]:
    """Every module's edges (each module's in ``edge_order`` already) in ``edge_order``: the
    modules in name order, when no two files are one module (else sorted whole). Equal keys
    keep their order either way (a stable sort), so the two give the same tuple; this one
    skips building 6k keys on Django."""
    chunks.sort(key=lambda chunk: chunk[0])
    if any(a[0] == b[0] for a, b in itertools.pairwise(chunks)):
        return tuple(sorted((e for _, own in chunks for e in own), key=edge_order))
    return tuple(e for _, own in chunks for e in own)


def _rewrite(record: Mapping[str, object], kept: Mapping[str, EdgeEntry]) -> bool:
    """Whether to write the edge record ``kept`` over ``record``: when more of it is stale
    (an entry new or changed, or gone) than one in 64 of its modules. A stale entry costs
    the next run one file decoded and resolved (about 0.2 ms); writing the record costs
    about 1 ms per 64 modules (10 ms on Django), so a run after one edit does not rewrite."""
    stale = sum(1 for path, entry in kept.items() if entry is not record.get(path))
    stale += sum(1 for path in record if path not in kept)
    return stale > len(kept) // 64


def _module_edges(
    item: ParsedFile,
    module: str,
    resolved: Resolved,
    index: ModuleIndex,
    records: tuple[Mapping[str, object], Mapping[str, str], dict[str, EdgeEntry]],
) -> list[ImportEdge]:
    """The edges of the module of ``item``, in ``edge_order``: recorded (``records``: the edge
    record read, the content keys, the record to write), or resolved in this run or now."""
    record, keys, kept = records
    path = item.source.path
    key = keys.get(path)
    entry = record.get(path)
    known = None if key is None else recorded(entry, key, module)  # in order (``entry_of``)
    if known is not None:
        kept[path] = cast(EdgeEntry, entry)  # the same object: nothing to write for it
        return known
    known = resolved[path][0]
    if known is None:
        known = resolve_now(item, index)[0]
    known = sorted(known, key=edge_order)
    if key is not None:
        kept[path] = entry_of(key, module, known)
    return known


def edge_order(edge: ImportEdge) -> tuple[str, str, int, int, str, bool]:
    """ImportEdge's comparison fields, in its field order (``line_contents`` is not one): a
    key of them orders as its own ``<`` does, 4x faster than calling it."""
    return (edge.importer, edge.imported, edge.line, edge.column, edge.kind, edge.external)


def _brief(text: str | None) -> Brief | None:
    if text is None:
        return None
    try:
        return codec.loads(text, Brief)
    except ValueError:
        return None


def _load(
    read: Callable[[str], str | None], key: str, root: str, source: SourceFile
) -> tuple[Callable[[], list[Any] | None], Callable[[], ParsedFile]]:
    """How a deferred file reads its facts: the stored ones, as JSON fields each built when
    read (``codec.fields_of``); and, when they are gone or not what they were, the file
    parsed now, as a run without the cache would."""
    return functools.partial(_stored, read, key), functools.partial(_parse, root, source)


def _stored(read: Callable[[str], str | None], key: str) -> list[Any] | None:
    text = read(key)
    return None if text is None else codec.fields_of(text, ParsedFile)


def _parse(root: str, source: SourceFile) -> ParsedFile:
    from analyzer.parsing.parse import parse_file  # the parser loads only when needed

    return parse_file(root, source)
