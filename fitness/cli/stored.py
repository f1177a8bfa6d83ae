"""The values of ``metrics``, ``graph`` and ``report`` kept between runs, and the documents
rendered from them (ADR-0020, "Stored documents").

Each command stores what it computed (its values) under the same kind of key as a stored
check run: archfit, the command and its options, the folder, today, the stat index of the
repository and the files its configuration names outside it. Beside the values it stores
the last documents it wrote (``KEPT_DOCUMENTS``), each keyed on the values' key and on every
option that changes the document's bytes (the format first; never ``--output``): a run whose
document key matches writes the stored text, with neither decoding nor rendering; one whose
values key matches renders the stored values; any other run computes them again. The
warnings a run printed (the values' and the renderer's) are stored with the document and
printed again, in the same order, when it is reused.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Protocol, TypeVar

import click

from analyzer.cache_trust import Untrusted, refuse_foreign
from analyzer.folders import CACHE_DIR
from archfit_values import frozen
from fitness.engine import stored_run

if TYPE_CHECKING:
    from analyzer.facts import Facts
    from analyzer.stat_index import StatIndex
    from fitness.config import Config
    from fitness.engine.check import RunOptions

# Documents kept per command: a command has three formats, and a user or a CI job cycling
# through them (md, html and json of the report) should not evict the one it asks next.
KEPT_DOCUMENTS = 3
# Characters written at a time: the stream encodes what it is given whole.
_CHUNK = 1 << 20


class Warned(Protocol):
    """A stored value that carries the warnings its run printed."""

    @property
    def warnings(self) -> tuple[str, ...]: ...


W = TypeVar("W", bound=Warned)


@frozen
class Request:
    """One run of a command that shows stored values: its name, PATH, ``--config`` and
    ``--output`` (``where``), the options that change the values (``params``) and those
    that change only the document's bytes (``display``: the format and the view options)."""

    command: str
    where: tuple[str, str | None, str | None]
    params: Mapping[str, object]
    display: Mapping[str, object]
    use_cache: bool


@frozen
class Document:
    """What a run writes: ``text`` from ``start`` on (a stored record's text holds its
    warnings before it, and a slice would copy a 100 MB document once more) and the warnings
    printed before it."""

    text: str
    warnings: tuple[str, ...]
    start: int = 0


def shown(
    request: Request,
    kind: type[W],
    build: Callable[[Config, Facts, tuple[str, ...]], W],
    options: Callable[[], RunOptions],
    render: Callable[[W], tuple[str, tuple[str, ...]]],
) -> None:
    """Write the document of ``request`` to ``--output`` or stdout, its warnings to stderr:
    the stored document when its key matches, else ``render``'s text and warnings (after the
    values' own) of the values ``build`` makes of the project at PATH, stored and reused as
    ``stored_run.keyed_values`` says. ``options`` makes the run options when the values are
    computed (they load the engine, which stored values never need)."""
    keyed = _keyed(request) if request.use_cache else (None, None)
    tree = keyed[1]
    document = _stored_document(request, tree) if tree else None
    if document is None:
        value, extra = _values(request, keyed, kind, build, options)
        text, notes = render(value)
        document = Document(_as_written(text), (*value.warnings, *notes))
        if tree is not None and extra is not None:
            _store_document(request, stored_run.full_key(tree, extra), extra, document)
    for warning in document.warnings:
        click.echo(f"archfit: warning: {warning}", err=True)
    output = request.where[2]
    with click.open_file(output or "-", "w", encoding="utf-8", errors="backslashreplace") as stream:
        for at in range(document.start, len(document.text), _CHUNK):
            stream.write(document.text[at : at + _CHUNK])


def _keyed(request: Request) -> tuple[StatIndex | None, str | None]:
    """The stat index of the tree (``--output`` skipped: it is no input) and the values'
    ``stored_run.tree_key``: the command, PATH, ``--config`` and the options that change the
    values."""
    path, config_file, output = request.where
    every = {"path": path, "config": config_file, **request.params}
    where = (path, (output,) if output else (), (path,))
    return stored_run.indexed_and_keyed(request.command, where, every)


def _values(
    request: Request,
    keyed: tuple[StatIndex | None, str | None],
    kind: type[W],
    build: Callable[[Config, Facts, tuple[str, ...]], W],
    options: Callable[[], RunOptions],
) -> tuple[W, list[str] | None]:
    """The values reused under ``keyed`` (the stat index and the values' tree key) or
    computed, and the files they read outside the tree (None when they were not stored)."""
    path, config_file, _ = request.where

    def compute(_index: StatIndex | None) -> tuple[W, list[str] | None]:
        from fitness.cli.common import analysed

        config, facts, warnings = analysed(path, config_file, options(), echo=False)
        projects = [(facts.layout.root, config)]
        return build(config, facts, warnings), read_outside(path, projects, (config_file,))

    return stored_run.keyed_values(path, request.command, keyed, kind, compute)


def _as_written(text: str) -> str:
    """``text`` as the output stream writes it (UTF-8, ``backslashreplace``): a lone
    surrogate (a file name's undecodable byte) becomes its escape, so the stored text
    encodes strictly and is written again to the same bytes."""
    if text.isascii():
        return text
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _document_name(request: Request) -> str:
    """The record of the command's document for these display options: one per options
    set, written over when the values change."""
    digest = hashlib.sha256(json.dumps(request.display, sort_keys=True).encode()).hexdigest()
    return f"{request.command}-doc-{digest[:16]}.txt"


def _document_key(values_key: str, request: Request) -> str:
    """A document's key: its values' key (``stored_run.full_key``) and the display options."""
    shown_as = json.dumps(request.display, sort_keys=True)
    return hashlib.sha256(f"{values_key}\0{shown_as}".encode()).hexdigest()


def _stored_document(request: Request, tree: str) -> Document | None:
    """The stored document of ``request``, when its key matches and its MAC holds."""
    root = request.where[0]
    record = stored_run.read_record(os.path.join(root, CACHE_DIR, _document_name(request)))
    if record is None:
        return None
    key = _document_key(stored_run.full_key(tree, record.extra), request)
    if not stored_run.authentic(record, key):
        return None
    start = record.text.find("\n") + 1
    try:
        warnings = json.loads(record.text[: start - 1] if start else "")
    except ValueError:
        return None
    if type(warnings) is not list or not all(type(w) is str for w in warnings):
        return None
    return Document(record.text, tuple(warnings), start)


def _store_document(request: Request, values_key: str, extra: list[str], doc: Document) -> None:
    """Store ``doc`` beside its values (its warnings on the first line, as JSON), then drop
    the command's documents past the newest ``KEPT_DOCUMENTS`` and those older than the
    values record (rendered from values since replaced)."""
    root, command = request.where[0], request.command
    body = f"{json.dumps(list(doc.warnings))}\n{doc.text[doc.start :]}"
    key = _document_key(values_key, request)
    stored_run.store_text(root, _document_name(request), key, extra, body)
    _prune(os.path.join(root, CACHE_DIR), command)


def _prune(folder: str, command: str) -> None:
    """Drop ``command``'s documents past the newest ``KEPT_DOCUMENTS`` and those older than
    its values record, in a cache folder archfit made; never fatal."""
    try:
        refuse_foreign(folder)
        values = _mtime(os.path.join(folder, stored_run.RECORDS[command]))
        with os.scandir(folder) as listing:
            documents = [
                (entry.stat(follow_symlinks=False).st_mtime_ns, entry.path)
                for entry in listing
                if entry.name.startswith(f"{command}-doc-")
            ]
        documents.sort(reverse=True)
        for rank, (mtime, path) in enumerate(documents):
            if rank >= KEPT_DOCUMENTS or mtime < values:
                os.unlink(path)
    except (Untrusted, OSError):
        return


def _mtime(path: str) -> int:
    """The modification time of ``path`` (not through a link), 0 when it is missing."""
    try:
        return os.lstat(path).st_mtime_ns
    except FileNotFoundError:
        return 0


def read_outside(
    root: str, projects: Iterable[tuple[str, Config]], given: Iterable[str | None]
) -> list[str] | None:
    """The files a run of ``projects`` (each project's root and configuration) reads that
    may lie outside the indexed tree (each configuration's files and baseline, and the files
    ``given`` on the command line), for their stats in the key; None when ADR folders or
    source roots are read outside it. Rule packs must lie inside the repository."""
    paths = [p for p in given if p]
    folders: list[str] = []
    for project_root, config in projects:
        folders.append(project_root)  # outside git, a project above PATH may own it
        paths += [os.path.join(project_root, p) for p in (*config.paths, config.baseline)]
        folders += [os.path.join(project_root, d) for d in config.adr_dirs or ()]
        folders += [os.path.join(project_root, d) for d in config.source_roots or ()]
    if stored_run.outside(root, folders):
        return None
    return sorted({os.path.abspath(p) for p in (*paths, *_configs_above(root))})


def _configs_above(root: str) -> list[str]:
    """Outside git, a configuration in any folder above the root may own it (ADR-0015): the
    names looked for there, so that one created later shows as a changed input."""
    from analyzer.repository import ancestors, git_toplevel
    from fitness.config.projects import CONFIG_NAMES

    absolute = os.path.abspath(root)
    if git_toplevel(absolute) is not None:
        return []  # projects are looked for up to git's top level: the indexed tree
    return [os.path.join(d, name) for d in ancestors(absolute, None)[1:] for name in CONFIG_NAMES]
