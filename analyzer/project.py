"""Run the fact-finding pipeline over a target: discover, parse in parallel, resolve imports."""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace

from analyzer import codec
from analyzer.bounded import forget_folders
from analyzer.brief_record import Entry, write_briefs
from analyzer.cache import FactsCache, Fresh, content_key, finish_writes, signature
from analyzer.deferred import (
    EdgeStore,
    Found,
    Resolved,
    brief_text,
    deferred_files,
    edges_when_read,
    index_digest,
    record_entry,
    record_stamp,
    resolve_now,
)
from analyzer.discovery import Nested, discover
from analyzer.facts import (
    BlindSpot,
    DeferredFacts,
    Facts,
    ImportEdge,
    Layout,
    ParsedFile,
    SourceFile,
)
from analyzer.folders import CACHE_DIR
from analyzer.graph import ModuleIndex, layout_index, mark_tach_ignored, resolve_imports
from analyzer.stat_index import Listings

# Called with (files done, files in all) as parsing progresses.
Progress = Callable[[int, int], None]

# Below this many files a pool costs more than it saves.
_POOL_THRESHOLD = 64
# Small chunks: when no chunk is left to take, this process waits for the ones the workers
# are running. (With a ``concurrent.futures`` pool, which queues two more per worker, 8 per
# worker left pandas' parent idle for 12% of the parse; with 32 the two were even.)
_CHUNKS_PER_WORKER = 32
# The parts of a ParsedFile that only judging reads (the rules, the report): ``metrics`` and
# ``graph`` gather without them, and a warm run then decodes 40% less (ADR-0014).
DETAIL = frozenset({"outline", "structure"})


def analyze(
    root: str,
    *,
    source_roots: Sequence[str] | None = None,
    root_packages: Sequence[str] | None = None,
    exclude: Sequence[str] = (),
    nested: Nested | None = None,
    jobs: int | None = None,
    cache_version: str | None = None,
    progress: Progress | None = None,
    write_behind: bool = False,
    detail: bool = True,
    defer: bool = False,
    listings: Listings | None = None,
    layout: Layout | None = None,
) -> Facts:
    """Discover and parse the target at ``root``; never imports or executes any of it.

    With ``cache_version`` (archfit's version), per-file facts come from and go to the
    content cache under ``.archfit_cache/``; results are identical either way. With
    ``write_behind``, new facts are still being written when this returns: the caller waits
    with ``analyzer.cache.finish_writes`` before it exits or reads the cache file itself.
    Without ``detail``, no file has the ``DETAIL`` fields (``Facts.detailed`` says so).
    With ``defer`` (and the cache), unchanged files are decoded and their imports resolved
    only when read (``analyzer.deferred``). ``listings``: the folders this run already
    listed (``analyzer.stat_index``), which discovery reads rather than list again;
    ``layout``: what discovery found in a run whose listings were these (then it does not
    run).
    """
    if layout is None:
        layout = discover(root, source_roots, root_packages, exclude, nested, listings)
    without = frozenset() if detail else DETAIL
    keys: dict[str, str] = {}
    index = layout_index(layout)
    resolved: Resolved = {}
    parsed, notes = parse_cached(
        layout.root, layout.files, jobs, cache_version, progress, write_behind, without, keys,
        (index, resolved) if defer and detail else None,
    )  # fmt: skip
    if without:  # the files parsed in this run still hold them
        parsed = [_without_detail(p) for p in parsed]
    if resolved:
        store = _edge_store(layout.root, cache_version or "", keys)
        facts = Facts(layout, tuple(parsed), (), (), detail, notes, keys)
        return _deferred_facts(facts, resolved, index, store)
    edges: list[ImportEdge] = []
    blind: list[BlindSpot] = list(layout.blind_spots)
    for item in parsed:
        blind.extend(item.blind_spots)
        if item.source.module is not None:
            found, missing = resolve_imports(
                item.source.module, item.source.path, item.imports, index
            )
            if item.outline is not None and item.outline.tach_ignores:
                found = mark_tach_ignored(found, item.outline.tach_ignores)
            edges.extend(found)
            blind.extend(missing)
    # A key of the compared fields orders as ImportEdge's own ``<`` does; calling the
    # generated ``__lt__`` instead costs 4x as much (23 ms for Django's 6k edges).
    edges.sort(key=_edge_order)
    spots = tuple(sorted(set(blind)))
    return Facts(layout, tuple(parsed), tuple(edges), spots, detail, notes, keys)


def _deferred_facts(
    facts: Facts, resolved: Resolved, index: ModuleIndex, store: EdgeStore
) -> Facts:
    """``facts`` with their blind spots from ``resolved`` and their edges resolved when read
    (or taken from the edge record of ``store``)."""
    blind = [*facts.layout.blind_spots, *(s for p in facts.parsed for s in p.blind_spots)]
    blind += [spot for _, missing in resolved.values() for spot in missing]
    facts = replace(facts, blind_spots=tuple(sorted(set(blind))))
    return DeferredFacts(facts, edges_when_read(facts.parsed, resolved, index, store))


def _edge_store(root: str, version: str, keys: Mapping[str, str]) -> EdgeStore:
    """Where the run's resolved edges are kept: the cache folder the facts came from (a
    deferred run had the cache, so the folder is archfit's own)."""
    return EdgeStore(os.path.join(root, CACHE_DIR), version, keys)


def _without_detail(parsed: ParsedFile) -> ParsedFile:
    """``parsed`` without its ``DETAIL`` fields (a cached file has none already)."""
    if parsed.outline is None and parsed.structure is None:
        return parsed
    return replace(parsed, outline=None, structure=None)


def _edge_order(edge: ImportEdge) -> tuple[str, str, int, int, str, bool]:
    """ImportEdge's comparison fields, in its field order (``line_contents`` is not one)."""
    return (edge.importer, edge.imported, edge.line, edge.column, edge.kind, edge.external)


def parse_cached(
    root: str,
    files: Sequence[SourceFile],
    jobs: int | None,
    cache_version: str | None,
    progress: Progress | None = None,
    write_behind: bool = False,
    without: frozenset[str] = frozenset(),
    keys: dict[str, str] | None = None,
    defer: tuple[ModuleIndex, Resolved] | None = None,
) -> tuple[list[ParsedFile], tuple[str, ...]]:
    """Facts for every file: cached ones as they are (the fields in ``without`` left None),
    the rest parsed (and then cached, on a thread of its own with ``write_behind``); and
    why the cache was not used, when it was refused. ``keys`` receives each cached file's
    content key, by path. With ``defer`` (a module index, and where to put each module's
    resolved imports), unchanged files come back deferred (``analyzer.deferred``)."""
    cache, refused = FactsCache.attempt(root, cache_version) if cache_version else (None, None)
    if cache is None:
        return parse_all(root, files, jobs, progress), (refused,) if refused else ()
    cacheable = [f for f in files if _encodable(f.path)]  # sqlite keeps UTF-8 text only
    try:
        digest = index_digest(defer[0]) if defer is not None else ""
        found, keyed, reused = _looked_up(cache, root, cacheable, without, defer, digest)
        known = {path: parsed for path, (_, parsed) in keyed.items()}
        known.update((f.parsed.source.path, f.parsed) for f in reused)
        missing = [f for f in files if f.path not in known]
        fresh = _parse_fresh(root, missing, jobs, cache_version or "", progress)
        cache.remember(reused)
        known.update((f.parsed.source.path, f.parsed) for f in fresh)
        cached = _content_keys(keyed, [*reused, *fresh])
        if defer is not None:
            signed = {**found.signed, **_signed([*reused, *fresh])}
            parsed = [known[f.path] for f in files]
            briefs, entries = _resolved(parsed, cached, found, (*defer, digest), signed)
            cache.store_briefs(briefs)
            if not found.current:
                write_briefs(cache.folder, record_stamp(cache.version, digest), entries)
    except BaseException:
        cache.close()
        raise
    cache.store_later(fresh)
    if not write_behind:
        finish_writes()
    (keys if keys is not None else {}).update(cached)
    return [known[f.path] for f in files], ()


def _looked_up(
    cache: FactsCache,
    root: str,
    files: Sequence[SourceFile],
    without: frozenset[str],
    defer: tuple[ModuleIndex, Resolved] | None,
    digest: str,
) -> tuple[Found, dict[str, tuple[str, ParsedFile]], list[Fresh]]:
    """The cached facts of ``files``: deferred (with what the brief record keeps), found by
    stat (deferred ones included, with their content keys), and found by content."""
    found = _deferred(cache, root, files, defer, digest)
    deferred = {path: (key, parsed) for path, (key, parsed, _) in found.files.items()}
    keyed = cache.lookup_keyed(root, [f for f in files if f.path not in deferred], without)
    keyed.update(deferred)
    reused = cache.lookup_content(root, [f for f in files if f.path not in keyed], without)
    return found, keyed, reused


def _deferred(
    cache: FactsCache,
    root: str,
    files: Sequence[SourceFile],
    defer: tuple[ModuleIndex, Resolved] | None,
    digest: str,
) -> Found:
    """The unchanged files that come back deferred (none without ``defer``); their missing
    imports go into ``defer``'s resolved map."""
    if defer is None:
        return Found({}, {}, {}, False)
    resolved = defer[1]
    found = deferred_files(cache, root, files, digest)
    for path, (_, parsed, missing) in found.files.items():
        if parsed.source.module is not None:
            resolved[path] = (None, list(missing))
    return found


def _signed(parsed: Sequence[Fresh]) -> dict[str, tuple[str, str]]:
    """path -> (content key, stat signature) of the files read in this run."""
    return {f.parsed.source.path: (f.key, f.signature) for f in parsed if f.key and f.signature}


def _resolved(
    parsed: Sequence[ParsedFile],
    keys: dict[str, str],
    found: Found,
    defer: tuple[ModuleIndex, Resolved, str],
    signed: Mapping[str, tuple[str, str]],
) -> tuple[dict[str, str], dict[str, Entry]]:
    """Resolve each module that is not deferred into ``defer``'s map (``defer``: the module
    index, the map, the index's digest); the briefs to store (content key -> brief) of the
    files that have a content key, and the brief record (``analyzer.brief_record``) of
    every file whose content key and stat signature are known."""
    index, resolved, digest = defer
    briefs = {}
    entries = dict(found.entries)
    for item in parsed:
        path = item.source.path
        if path in found.files:
            continue
        if item.source.module is not None:
            resolved[path] = resolve_now(item, index)
        if path in keys:
            missing = resolved.get(path, ((), []))[1]
            briefs[keys[path]] = text = brief_text(item, digest, missing)
            if signed.get(path, ("",))[0] == keys[path]:
                entries[path] = record_entry(item, signed[path], text, missing)
    return briefs, entries


def _content_keys(
    keyed: dict[str, tuple[str, ParsedFile]], parsed: Sequence[Fresh]
) -> dict[str, str]:
    """path -> content key of every file found in the cache or parsed to be cached."""
    keys = {path: key for path, (key, _) in keyed.items()}
    keys.update((f.parsed.source.path, f.key) for f in parsed if f.key)
    return keys


def parse_all(
    root: str, files: Sequence[SourceFile], jobs: int | None, progress: Progress | None = None
) -> list[ParsedFile]:
    """Parse every file, in a process pool when it pays; same order and results either way."""
    fresh = _parse_fresh(root, files, jobs, None, progress)
    return [f.parsed for f in fresh]


def _parse_fresh(
    root: str,
    files: Sequence[SourceFile],
    jobs: int | None,
    version: str | None,
    progress: Progress | None,
) -> list[Fresh]:
    forget_folders()  # before the fork: the workers start from the same empty table
    workers = jobs if jobs and jobs > 0 else (os.cpu_count() or 1)
    if workers == 1 or len(files) < _POOL_THRESHOLD:
        return _report(_parse_chunk(root, files, version), len(files), progress)
    # Imported here: a warm run, with a file or two to parse, never needs a pool.
    from analyzer.pool import MAX_JOBS, shared

    chunks = balanced_chunks(root, files, min(workers * _CHUNKS_PER_WORKER, MAX_JOBS))
    parsed: dict[str, Fresh] = {}
    load_parser()  # before the fork: each worker would import it again
    # The workers take chunks as this process does, one at a time (``analyzer.pool``): its
    # own chunks cost no pickling, and a run needs one worker less (its memory, its start).
    with _paused_gc():
        work = [(root, chunk, version) for chunk in chunks]
        for _, chunk in shared(_parse_chunk, work, workers - 1):
            parsed.update((item.parsed.source.path, item) for item in chunk)
            if progress is not None:
                progress(len(parsed), len(files))
    return [parsed[f.path] for f in files]


@contextmanager
def _paused_gc() -> Iterator[None]:
    """The collector paused: results arrive as many small objects and hold no cycles."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _report(fresh: list[Fresh], total: int, progress: Progress | None) -> list[Fresh]:
    if progress is not None:
        progress(total, total)
    return fresh


def balanced_chunks(root: str, files: Sequence[SourceFile], count: int) -> list[list[SourceFile]]:
    """Split files into ``count`` chunks of similar byte size, biggest files first.

    One 700 kB module (pandas' frame.py) in the last chunk would otherwise leave a core idle.
    """
    sizes = {f.path: max(1, _size(root, f.path)) for f in files}
    chunks: list[list[SourceFile]] = [[] for _ in range(max(1, min(count, len(files))))]
    loads = [0] * len(chunks)
    for source in sorted(files, key=lambda f: (-sizes[f.path], f.path)):
        lightest = loads.index(min(loads))
        chunks[lightest].append(source)
        loads[lightest] += sizes[source.path]
    return [chunk for chunk in chunks if chunk]


def _size(root: str, path: str) -> int:
    try:
        return os.stat(os.path.join(root, path)).st_size
    except OSError:
        return 0


def _parse_chunk(root: str, files: Sequence[SourceFile], version: str | None) -> list[Fresh]:
    # Trees are dropped as soon as their facts are taken and hold no reference cycles the
    # collector must find; pausing it saves ~15% of parse time on big repos.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return [_parse_one(root, f, version) for f in files]
    finally:
        if enabled:
            gc.enable()


def _parse_one(root: str, source: SourceFile, version: str | None) -> Fresh:
    """Parse one file; with a cache version, also key it on the bytes that were parsed."""
    if version is None or not _encodable(source.path):
        return Fresh(parse_file(root, source))  # a non-UTF-8 name cannot be a cache row
    try:
        data, info = read_source(os.path.join(root, source.path), root)
    except (OSError, ValueError):  # parse_file turns it into an INP003 problem
        return Fresh(parse_file(root, source))
    parsed = parse_bytes(source, data)
    key = content_key(version, source, data)
    return Fresh(parsed, key, signature(info), codec.dumps(parsed))


def _encodable(path: str) -> bool:
    """Whether a path is valid UTF-8 (a Latin-1 ``café.py`` holds a lone surrogate)."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def load_parser() -> None:
    """Import the parser and the metrics now (see ``parse_file``)."""
    import analyzer.parsing.parse  # noqa: F401


def parse_file(root: str, source: SourceFile) -> ParsedFile:
    """``analyzer.parsing.parse_file``. The parser and the metrics (13 ms of imports) load
    when the first file must be parsed: a warm run with nothing changed never needs them."""
    from analyzer.parsing.parse import parse_file as parse

    return parse(root, source)


def parse_bytes(source: SourceFile, data: bytes) -> ParsedFile:
    """``analyzer.parsing.parse.parse_bytes``, imported on first use (see ``parse_file``)."""
    from analyzer.parsing.parse import parse_bytes as parse

    return parse(source, data)


def read_source(path: str, root: str) -> tuple[bytes, os.stat_result]:
    """``analyzer.parsing.parse.read_source``, imported on first use (see ``parse_file``)."""
    from analyzer.parsing.parse import read_source as read

    return read(path, root)
