"""Find a target's Python files, source roots and root packages from the file system alone.

Never ``importlib`` or ``find_spec``: a target package named like something installed is still
read from its own folder. Module rules follow Python's import system (ADR-0006): inside a
package, a folder without ``__init__.py`` is a namespace sub-package (flask's ``flask/sansio/``),
as Python 3 imports it; a folder whose name is not an identifier, or that a module file of the
same name shadows, cannot be imported and is a blind spot; files with extra dots (``a.b.py``)
or a leading dot are skipped. grimp drops namespace sub-packages (its issue #298); the parity
tests set those modules aside.
"""

from __future__ import annotations

import bisect
import functools
import os
import posixpath
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import field
from typing import TYPE_CHECKING, Protocol

from analyzer.bounded import MAX_TEXT_BYTES, read_bounded
from analyzer.facts import BlindSpot, BlindSpotKind, Layout, SourceFile
from analyzer.folders import PRUNED_DIRS, UNLESS_PACKAGE_DIRS
from analyzer.repository import ancestors, git_toplevel, repository_boundary
from analyzer.stat_index import Entry, Listings, RememberedListing
from archfit_values import mutable

if TYPE_CHECKING:  # 14 ms to import; only a tree with patterns to match needs it
    import pathspec

# Layouts whose direct children are importable top-level names (namespace packages allowed).
SOURCE_DIR_NAMES = ("src",)


@mutable
class _Tree:
    """The walked file system: Python files and which folders are regular packages."""

    py_files: list[str] = field(default_factory=list)
    init_dirs: set[str] = field(default_factory=set)
    dirs: set[str] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)

    @functools.cached_property
    def ordered(self) -> list[str]:
        """``py_files`` sorted (asked only once the walk is done)."""
        return sorted(self.py_files)


def discover(
    root: str,
    source_roots: Sequence[str] | None = None,
    root_packages: Sequence[str] | None = None,
    exclude: Sequence[str] = (),
    nested: Nested | None = None,
    listings: Listings | None = None,
) -> Layout:
    """Walk ``root`` and decide which files are which modules; folders that ``nested`` says
    are projects of their own are left to them (docs/adr/0015, rule 4). A folder in
    ``listings`` is read from there, not listed again."""
    root = os.path.abspath(root)
    tree = _walk(root, exclude, nested, listings)
    if root_packages:
        roots = [_norm(s) for s in source_roots] if source_roots else None
        tops = _tops_for_named_packages(tree, root_packages, roots)
    elif source_roots:
        tops = _tops_in_source_roots(tree, [_norm(s) for s in source_roots])
    else:
        tops = _discovered_tops(tree)
    return _assemble(root, tree, tops)


def _norm(path: str) -> str:
    """A relative folder as discovery spells it: ``./src/`` and ``src`` are both ``src``."""
    path = posixpath.normpath(path.replace("\\", "/")).strip("/")
    return "" if path == "." else path


def _walk(
    root: str, exclude: Sequence[str], nested: Nested | None, listings: Listings | None
) -> _Tree:
    tree = _Tree()
    for rel, filenames, kept in _folders(root, exclude, nested, tree.warnings, listings):
        tree.dirs.add(rel)
        if "__init__.py" in filenames:
            tree.init_dirs.add(rel)
        tree.py_files.extend(
            path
            for name in sorted(filenames)
            if name.endswith(".py")
            if kept(path := _join(rel, name))
        )
    return tree


def folders(
    root: str,
    exclude: Sequence[str] = (),
    listings: Listings | None = None,
    toward: Collection[str] | None = None,
) -> Iterator[tuple[str, list[str]]]:
    """Every folder the walk visits under ``root`` (relative, "" for the root) with its file
    names: pruned, ignored and excluded folders are left out, as discovery leaves them (a
    folder in ``listings`` is read from there, not listed again). With ``toward`` (relative
    folders), only the folders on the way to those are entered: each of them is visited
    exactly when the whole walk visits it (a ``.gitignore`` applies below its own folder
    alone, and every folder on the way is entered)."""
    on_the_way = None if toward is None else _on_the_way(toward)
    walk = _folders(os.path.abspath(root), exclude, None, [], listings, on_the_way)
    for rel, filenames, _ in walk:
        yield rel, filenames


def _on_the_way(toward: Collection[str]) -> set[str]:
    """Every folder in ``toward`` and each of its ancestors (relative paths)."""
    way: set[str] = set()
    for rel in toward:
        while rel and rel not in way:
            way.add(rel)
            rel = posixpath.dirname(rel)
    return way


def _folders(
    root: str,
    exclude: Sequence[str],
    nested: Nested | None,
    warnings: list[str],
    listings: Listings | None,
    on_the_way: set[str] | None = None,
) -> Iterator[tuple[str, list[str], Callable[[str], bool]]]:
    """The walk: each folder kept, its file names, and whether a file path in it is kept;
    a ``.gitignore`` line that cannot be used is skipped with a warning in ``warnings``
    (``on_the_way``: the only folders entered, when given)."""
    usable = [p for p in exclude if pattern_error(p) is None]  # the config reports the rest
    user_spec = _spec(usable) if usable else None
    ignores: list[tuple[str, Matcher]] = [("", spec) for spec in _above(root, warnings)]

    def kept(path: str) -> bool:
        return not _ignored(path, user_spec, ignores)

    for dirpath, rel, dirnames, filenames in _scan(root, {} if listings is None else listings):
        if rel and ("pyvenv.cfg" in filenames or "CACHEDIR.TAG" in filenames):
            dirnames[:] = []  # a virtualenv, or a cache tagged as the cachedir spec says
            continue
        if rel and nested is not None and nested(dirpath, filenames):
            dirnames[:] = []  # another project's folder: its own configuration judges it
            continue
        if ".gitignore" in filenames:
            ignores.append((rel, _read_gitignore(root, _join(rel, ".gitignore"), warnings)))
        if on_the_way is not None:
            dirnames[:] = [d for d in dirnames if _join(rel, d) in on_the_way]
        dirnames[:] = sorted(
            d for d in dirnames if not _pruned(dirpath, d) and kept(_join(rel, d) + "/")
        )
        yield rel, filenames, kept


def _scan(root: str, listings: Listings) -> Iterator[tuple[str, str, list[str], list[str]]]:
    """``os.walk`` without its per-folder ``lstat`` and ``relpath`` (Django's wheel has 2,457
    folders, most of them locale data): scandir's cached entry types suffice. Symlinked folders
    are not followed, so a symlink loop cannot trap the walk; pruning ``dirnames`` in place
    works as with ``os.walk``."""
    stack = [(root, "")]
    while stack:
        dirpath, rel = stack.pop()
        listed = listings.get(dirpath)
        dirnames, filenames = _entries(dirpath) if listed is None else _split(listed)
        yield dirpath, rel, dirnames, filenames
        prefix = dirpath if dirpath.endswith(os.sep) else dirpath + os.sep  # os.path.join's
        for name in reversed(dirnames):
            stack.append((prefix + name, _join(rel, name)))


def _entries(dirpath: str) -> tuple[list[str], list[str]]:
    try:
        with os.scandir(dirpath) as entries:
            return _split(list(entries))
    except OSError:
        return [], []  # an unreadable folder hides its files; they cannot be reported singly


def _split(entries: Iterable[Entry]) -> tuple[list[str], list[str]]:
    """A folder's entries as its subfolder names and its other names (a link is not a
    folder: the walk never follows one)."""
    if isinstance(entries, RememberedListing):
        return entries.split()
    dirnames: list[str] = []
    filenames: list[str] = []
    for entry in entries:
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
        except OSError:
            is_dir = False
        (dirnames if is_dir else filenames).append(entry.name)
    return dirnames, filenames


def _pruned(dirpath: str, name: str) -> bool:
    """Folders that never hold target code; ``build``, ``dist``, ``venv`` unless a package."""
    if name in PRUNED_DIRS or name.endswith(".egg-info"):
        return True
    if name in UNLESS_PACKAGE_DIRS:
        return not os.path.isfile(os.path.join(dirpath, name, "__init__.py"))
    return False


def _join(rel: str, name: str) -> str:
    return f"{rel}/{name}" if rel else name


def _read_gitignore(root: str, rel: str, warnings: list[str]) -> pathspec.GitIgnoreSpec:
    """The patterns of one ``.gitignore`` (a regular file inside the repository, bounded);
    a line pathspec cannot compile (``!``, a lone ``\\``, ``[z-a]``) is skipped with a
    warning naming it, as git skips it."""
    try:
        data = read_bounded(os.path.join(root, rel), MAX_TEXT_BYTES, repository_boundary(root))
    except OSError as exc:
        warnings.append(f"{rel}: not read: {exc.strerror or exc}")
        return _spec([])
    lines = data.decode("utf-8", errors="replace").splitlines()
    try:
        return _spec(lines)
    except (ValueError, re.error):
        pass
    good = []
    for number, line in enumerate(lines, 1):
        if (problem := pattern_error(line)) is None:
            good.append(line)
        else:
            warnings.append(f"{rel}:{number}: pattern {line!r} skipped: {problem}")
    return _spec(good)


def pattern_error(pattern: str) -> str | None:
    """Why a gitignore-style pattern cannot be used, or None when it can."""
    try:
        _spec([pattern])
    except (ValueError, re.error) as exc:
        return str(exc)
    return None


class Matcher(Protocol):
    """What the walk asks of a ``.gitignore``'s patterns: whether a path matches."""

    def match_file(self, file: str) -> bool: ...


class _Above:
    """The patterns of a ``.gitignore`` in a folder above the walk's root, matched as git
    matches them: against the path relative to that folder (``up``, then the walk's path)."""

    def __init__(self, up: str, spec: pathspec.GitIgnoreSpec) -> None:
        self.up = up
        self.spec = spec

    def match_file(self, file: str) -> bool:
        """Whether the path ``file`` (relative to the walk's root) is ignored here."""
        return bool(self.spec.match_file(self.up + file))


def gitignores_above(root: str) -> list[str]:
    """The ``.gitignore`` files discovery reads above ``root``: one in each folder between
    git's top level and ``root`` (a project of a monorepo), from the top down, as git reads
    them; none outside git, or at the top level itself."""
    real = os.path.realpath(root)
    top = git_toplevel(real)
    if top is None or top == real:
        return []
    found = (os.path.join(folder, ".gitignore") for folder in reversed(ancestors(real, top)[1:]))
    return [path for path in found if os.path.lexists(path)]


def _above(root: str, warnings: list[str]) -> list[Matcher]:
    """The patterns of ``gitignores_above(root)``: git ignores what they name below ``root``
    too. A pattern that ignores ``root`` itself is left out: a folder the user names is
    analysed, as ruff and ripgrep search a path they are given."""
    real = os.path.realpath(root)
    found: list[Matcher] = []
    for path in gitignores_above(real):
        rel = os.path.relpath(path, real).replace(os.sep, "/")
        up = os.path.relpath(real, os.path.dirname(path)).replace(os.sep, "/") + "/"
        spec = _read_gitignore(real, rel, warnings)
        kept = [p for p in spec.patterns if not (p.include and p.match_file(up) is not None)]
        found.append(_Above(up, type(spec)(kept)))
    return found


def _spec(lines: list[str]) -> pathspec.GitIgnoreSpec:
    """A gitignore-style matcher; pathspec is imported the first time one is needed."""
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(lines)


def _ignored(
    path: str,
    user_spec: pathspec.GitIgnoreSpec | None,
    ignores: Iterable[tuple[str, Matcher]],
) -> bool:
    if user_spec is not None and user_spec.match_file(path):
        return True
    for base, spec in ignores:
        if not base:
            if spec.match_file(path):
                return True
        elif path.startswith(base + "/") and spec.match_file(path[len(base) + 1 :]):
            return True
    return False


# Whether a folder (absolute path, its file names) is a project of its own (docs/adr/0015).
Nested = Callable[[str, list[str]], bool]
# A "top" is (source root, top-level package name, is namespace).
_Top = tuple[str, str, bool]


def _discovered_tops(tree: _Tree) -> list[_Top]:
    """No config: every child of a ``src`` folder, and every other top-most regular package."""
    tops: list[_Top] = []
    for src in sorted(d for d in tree.dirs if d.rpartition("/")[2] in SOURCE_DIR_NAMES):
        if not _inside_package(tree, src):
            tops.extend(t for t in _tops_in_source_roots(tree, [src]) if t[2])
    inside = tuple(_join(src, name) + "/" for src, name, _ in tops)
    for rel in sorted(tree.init_dirs):
        parent, _, name = rel.rpartition("/")
        if not _inside_package(tree, parent) and name.isidentifier() and not rel.startswith(inside):
            tops.append((parent, name, False))
    return tops


def _inside_package(tree: _Tree, rel: str) -> bool:
    """Whether the folder ``rel`` or any folder above it is a regular package.

    A package below a folder without ``__init__.py`` inside a package is not importable as a
    top-level name: it is part of that folder's blind spot, not a root package of its own.
    """
    parts = rel.split("/") if rel else []
    return any("/".join(parts[:i]) in tree.init_dirs for i in range(len(parts) + 1))


def _tops_in_source_roots(tree: _Tree, roots: Sequence[str]) -> list[_Top]:
    """Each child of a source root that holds Python code is a top-level package."""
    tops: list[_Top] = []
    for src in roots:
        prefix = src + "/" if src else ""
        children = {
            d[len(prefix) :]
            for d in tree.dirs
            if d.startswith(prefix) and d != src and "/" not in d[len(prefix) :]
        }
        for name in sorted(children):
            if name.isidentifier() and _holds_python(tree, _join(src, name)):
                tops.append((src, name, _join(src, name) not in tree.init_dirs))
    return tops


def _tops_for_named_packages(
    tree: _Tree, names: Sequence[str], roots: Sequence[str] | None = None
) -> list[_Top]:
    """Every folder under the root that holds a named root package is a source root; with
    declared ``roots``, only folders directly in them (``services/billing`` is not the
    package ``billing`` when the source root is ``services/billing/src``)."""
    tops: list[_Top] = []
    for name in names:
        tail = name.replace(".", "/")
        for rel in sorted(tree.dirs):
            if rel != tail and not rel.endswith("/" + tail):
                continue
            src = rel[: -len(tail)].rstrip("/")
            if roots is not None and src not in roots:
                continue
            if _inside_package(tree, src) or not _holds_python(tree, rel):
                continue
            tops.append((src, name, rel not in tree.init_dirs))
    return tops


def _holds_python(tree: _Tree, rel: str) -> bool:
    prefix = rel + "/"
    at = bisect.bisect_left(tree.ordered, prefix)  # the first path from prefix on
    return at < len(tree.ordered) and tree.ordered[at].startswith(prefix)


def _assemble(root: str, tree: _Tree, tops: Sequence[_Top]) -> Layout:
    claimed: dict[str, SourceFile] = {}
    modules: dict[str, str] = {}
    blind: list[BlindSpot] = []
    namespaces: set[str] = set()
    files = frozenset(tree.py_files)
    for src, name, _ in tops:
        base = _join(src, name.replace(".", "/"))
        prefix = base + "/"
        for path in [p for p in tree.py_files if p.startswith(prefix)]:  # in walk order
            if path in claimed:
                continue
            module = _module_for(tree, files, base, name, path, blind)
            if module is None:
                continue
            if module in modules:
                detail = f"{module} is also {modules[module]}"
                blind.append(BlindSpot(BlindSpotKind.DUPLICATE_MODULE, path, 1, detail))
                continue
            modules[module] = path
            claimed[path] = SourceFile(path, module, path.endswith("/__init__.py"))
            namespaces.update(_namespace_parents(tree, base, name, path))
    found = [claimed.get(p) or SourceFile(p, None) for p in sorted(tree.py_files)]
    blind.extend(_outside(found, blind))
    return Layout(
        root=root,
        source_roots=tuple(sorted({src for src, _, _ in tops})),
        root_packages=tuple(sorted({name for _, name, _ in tops})),
        files=tuple(found),
        namespace_packages=tuple(sorted(namespaces - set(modules))),
        blind_spots=tuple(sorted(set(blind))),
        warnings=tuple(tree.warnings),
    )


def _module_for(
    tree: _Tree, files: frozenset[str], base: str, name: str, path: str, blind: list[BlindSpot]
) -> str | None:
    """The module name of ``path`` inside the top package at ``base``, or None when Python
    could not import it (a folder on the way that cannot be is a blind spot)."""
    *folders, filename = path[len(base) + 1 :].split("/")
    if filename.startswith(".") or filename.count(".") > 1:
        return None
    current = base
    for folder in folders:
        current = f"{current}/{folder}"
        why = _unimportable(tree, files, current, folder)
        if why:
            blind.append(BlindSpot(BlindSpotKind.NOT_A_PACKAGE, current, 1, f"{current}: {why}"))
            return None
    stem = filename[:-3]
    parts = [name, *folders] + ([] if stem == "__init__" else [stem])
    return ".".join(parts)


def _unimportable(tree: _Tree, files: frozenset[str], rel: str, folder: str) -> str:
    """Why Python could not import the folder ``rel`` as a package ('' when it could)."""
    if not folder.isidentifier():
        return "its name is not an identifier"
    if rel not in tree.init_dirs and f"{rel}.py" in files:
        return f"{folder}.py beside it is the module of that name"
    return ""


def _namespace_parents(tree: _Tree, base: str, name: str, path: str) -> list[str]:
    """Folders without ``__init__.py`` above ``path``: namespace packages, a namespace top or
    a namespace sub-package inside a regular package (both import in Python 3)."""
    names = [name] if base not in tree.init_dirs else []
    current, dotted = base, name
    for folder in path[len(base) + 1 :].split("/")[:-1]:
        current, dotted = f"{current}/{folder}", f"{dotted}.{folder}"
        if current not in tree.init_dirs:
            names.append(dotted)
    return names


def _outside(files: Iterable[SourceFile], seen: Iterable[BlindSpot]) -> list[BlindSpot]:
    """Files in no module, except those a duplicate or a folder without __init__ explains."""
    explained = {s.path for s in seen}
    below = tuple(path + "/" for path in explained)
    return [
        BlindSpot(BlindSpotKind.OUTSIDE_PACKAGE, f.path, 1, f.path)
        for f in files
        if f.module is None and f.path not in explained and not f.path.startswith(below)
    ]
