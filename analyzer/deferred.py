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
from collections.abc import Callable, Sequence

from analyzer import codec
from analyzer.cache import FactsCache
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


def deferred_files(
    cache: FactsCache, root: str, files: Sequence[SourceFile], index: str
) -> dict[str, tuple[str, DeferredFile, tuple[BlindSpot, ...]]]:
    """path -> (content key, deferred facts, missing imports) of each unchanged file whose
    brief matches its source and the module index."""
    keys = cache.unchanged(root, files)
    stored = cache.briefs(set(keys.values()))
    sources = {f.path: f for f in files}
    read = cache.value_reader()
    found = {}
    for path, key in keys.items():
        brief = _brief(stored.get(key))
        if brief is None or brief.source != sources[path] or brief.index != index:
            continue
        load = functools.partial(_load, read, key, root, brief.source)
        facts = DeferredFile(
            (brief.source, brief.problems, brief.blind_spots), brief.comments, load
        )
        found[path] = (key, facts, brief.missing)
    cache.touch([key for key, _, _ in found.values()])
    return found


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


def edges_when_read(
    parsed: Sequence[ParsedFile], resolved: Resolved, index: ModuleIndex
) -> Callable[[], tuple[ImportEdge, ...]]:
    """The import edges of every module, resolved (and each deferred file decoded) the first
    time the graph is read."""

    @functools.cache
    def edges() -> tuple[ImportEdge, ...]:
        found: list[ImportEdge] = []
        for item in parsed:
            if item.source.module is None:
                continue
            known = resolved[item.source.path][0]
            found.extend(known if known is not None else resolve_now(item, index)[0])
        return tuple(sorted(found, key=edge_order))

    return edges


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


def _load(read: Callable[[str], str | None], key: str, root: str, source: SourceFile) -> ParsedFile:
    """A deferred file's facts: the stored ones, else (gone, or not what they were) the
    file parsed now, as a run without the cache would."""
    text = read(key)
    try:
        parsed = None if text is None else codec.loads(text, ParsedFile)
    except ValueError:
        parsed = None
    if parsed is not None and parsed.source == source:
        return parsed
    from analyzer.parsing.parse import parse_file  # the parser loads only when needed

    return parse_file(root, source)
