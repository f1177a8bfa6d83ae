"""Run the fact-finding pipeline over a target: discover, parse in parallel, resolve imports."""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from analyzer.discovery import Layout, discover
from analyzer.facts import BlindSpot, ImportEdge, ParsedFile, Problem, SourceFile
from analyzer.graph import ModuleIndex, resolve_imports
from analyzer.parsing import parse_file

# Below this many files a pool costs more than it saves.
_POOL_THRESHOLD = 64
_CHUNKS_PER_WORKER = 8


@dataclass(frozen=True)
class Facts:
    """Everything archfit knows about a target before judging it."""

    layout: Layout
    parsed: tuple[ParsedFile, ...]
    edges: tuple[ImportEdge, ...]
    blind_spots: tuple[BlindSpot, ...]

    @property
    def problems(self) -> tuple[Problem, ...]:
        """Files that could not be read, decoded or parsed."""
        return tuple(p for f in self.parsed for p in f.problems)

    @property
    def modules(self) -> tuple[str, ...]:
        """Names of the analysed modules, sorted."""
        return tuple(sorted(self.layout.modules))

    @property
    def index(self) -> ModuleIndex:
        """The module index imports were resolved against."""
        return _index(self.layout)


def analyze(
    root: str,
    *,
    source_roots: Sequence[str] | None = None,
    root_packages: Sequence[str] | None = None,
    exclude: Sequence[str] = (),
    jobs: int | None = None,
) -> Facts:
    """Discover and parse the target at ``root``; never imports or executes any of it."""
    layout = discover(root, source_roots, root_packages, exclude)
    parsed = parse_all(layout.root, layout.files, jobs)
    index = _index(layout)
    edges: list[ImportEdge] = []
    blind: list[BlindSpot] = list(layout.blind_spots)
    for item in parsed:
        blind.extend(item.blind_spots)
        if item.source.module is not None:
            found, missing = resolve_imports(
                item.source.module, item.source.path, item.imports, index
            )
            edges.extend(found)
            blind.extend(missing)
    return Facts(layout, tuple(parsed), tuple(sorted(edges)), tuple(sorted(set(blind))))


def _index(layout: Layout) -> ModuleIndex:
    return ModuleIndex(
        modules=frozenset(layout.modules),
        namespaces=frozenset(layout.namespace_packages),
        roots=frozenset(layout.root_packages),
    )


def parse_all(root: str, files: Sequence[SourceFile], jobs: int | None) -> list[ParsedFile]:
    """Parse every file, in a process pool when it pays; same order and results either way."""
    workers = jobs if jobs and jobs > 0 else (os.cpu_count() or 1)
    if workers == 1 or len(files) < _POOL_THRESHOLD:
        return _parse_chunk(root, files)
    chunks = balanced_chunks(root, files, workers * _CHUNKS_PER_WORKER)
    parsed: dict[str, ParsedFile] = {}
    with ProcessPoolExecutor(workers, mp_context=_context()) as pool:
        for chunk in pool.map(_parse_chunk, [root] * len(chunks), chunks):
            parsed.update((item.source.path, item) for item in chunk)
    return [parsed[f.path] for f in files]


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


def _parse_chunk(root: str, files: Sequence[SourceFile]) -> list[ParsedFile]:
    # Trees are dropped as soon as their facts are taken and hold no reference cycles the
    # collector must find; pausing it saves ~15% of parse time on big repos.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return [parse_file(root, f) for f in files]
    finally:
        if enabled:
            gc.enable()


def _context() -> multiprocessing.context.BaseContext:
    # fork is cheapest where it exists; nothing is threaded at this point of the run.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")
