"""Find a target's Python files, source roots and root packages from the file system alone.

Never ``importlib`` or ``find_spec``: a target package named like something installed is still
read from its own folder. Module rules follow grimp's, so our graph and grimp's agree: inside a
package, a folder without ``__init__.py`` is not descended, folder names must be identifiers,
and files with extra dots (``a.b.py``) or a leading dot are skipped.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from analyzer.bounded import MAX_TEXT_BYTES, read_bounded
from analyzer.facts import BlindSpot, BlindSpotKind, SourceFile
from analyzer.repository import repository_boundary

if TYPE_CHECKING:  # 14 ms to import; only a tree with patterns to match needs it
    import pathspec

# Folders that never hold target code: VCS data, caches, build output, dependencies.
PRUNED_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".tox",
        ".nox",
        ".eggs",
        ".venv",
        "__pycache__",
        "node_modules",
        "site-packages",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".archfit_cache",
        ".import_linter_cache",
        ".idea",
        ".vscode",
    }
)
# Build output and the usual virtualenv name: pruned unless the folder is a regular package
# (pip has ``operations/build/``, the stdlib has ``venv/``).
UNLESS_PACKAGE_DIRS = frozenset({"build", "dist", "venv"})
# Layouts whose direct children are importable top-level names (namespace packages allowed).
SOURCE_DIR_NAMES = ("src",)


@dataclass(frozen=True)
class Layout:
    """The target as the graph will see it."""

    root: str
    source_roots: tuple[str, ...]
    root_packages: tuple[str, ...]
    files: tuple[SourceFile, ...]
    namespace_packages: tuple[str, ...] = ()
    blind_spots: tuple[BlindSpot, ...] = ()
    warnings: tuple[str, ...] = ()  # e.g. a .gitignore line skipped, as git skips it

    @property
    def modules(self) -> dict[str, SourceFile]:
        """Every module of the graph by name."""
        return {f.module: f for f in self.files if f.module is not None}


@dataclass
class _Tree:
    """The walked file system: Python files and which folders are regular packages."""

    py_files: list[str] = field(default_factory=list)
    init_dirs: set[str] = field(default_factory=set)
    dirs: set[str] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)


def discover(
    root: str,
    source_roots: Sequence[str] | None = None,
    root_packages: Sequence[str] | None = None,
    exclude: Sequence[str] = (),
) -> Layout:
    """Walk ``root`` and decide which files are which modules."""
    root = os.path.abspath(root)
    tree = _walk(root, exclude)
    if root_packages:
        tops = _tops_for_named_packages(tree, root_packages)
    elif source_roots:
        tops = _tops_in_source_roots(tree, [_norm(s) for s in source_roots])
    else:
        tops = _discovered_tops(tree)
    return _assemble(root, tree, tops)


def _norm(path: str) -> str:
    """A relative folder as discovery spells it: ``./src/`` and ``src`` are both ``src``."""
    path = posixpath.normpath(path.replace("\\", "/")).strip("/")
    return "" if path == "." else path


def _walk(root: str, exclude: Sequence[str]) -> _Tree:
    tree = _Tree()
    usable = [p for p in exclude if pattern_error(p) is None]  # the config reports the rest
    user_spec = _spec(usable) if usable else None
    ignores: list[tuple[str, pathspec.GitIgnoreSpec]] = []
    for dirpath, rel, dirnames, filenames in _scan(root):
        if rel and ("pyvenv.cfg" in filenames or "CACHEDIR.TAG" in filenames):
            dirnames[:] = []  # a virtualenv, or a cache tagged as the cachedir spec says
            continue
        if ".gitignore" in filenames:
            ignores.append((rel, _read_gitignore(root, _join(rel, ".gitignore"), tree.warnings)))
        dirnames[:] = sorted(
            d
            for d in dirnames
            if not _pruned(dirpath, d) and not _ignored(_join(rel, d) + "/", user_spec, ignores)
        )
        tree.dirs.add(rel)
        if "__init__.py" in filenames:
            tree.init_dirs.add(rel)
        tree.py_files.extend(
            path
            for name in sorted(filenames)
            if name.endswith(".py")
            if not _ignored(path := _join(rel, name), user_spec, ignores)
        )
    return tree


def _scan(root: str) -> Iterator[tuple[str, str, list[str], list[str]]]:
    """``os.walk`` without its per-folder ``lstat`` and ``relpath`` (Django's wheel has 2,457
    folders, most of them locale data): scandir's cached entry types suffice. Symlinked folders
    are not followed, so a symlink loop cannot trap the walk; pruning ``dirnames`` in place
    works as with ``os.walk``."""
    stack = [(root, "")]
    while stack:
        dirpath, rel = stack.pop()
        dirnames, filenames = _entries(dirpath)
        yield dirpath, rel, dirnames, filenames
        for name in reversed(dirnames):
            stack.append((os.path.join(dirpath, name), _join(rel, name)))


def _entries(dirpath: str) -> tuple[list[str], list[str]]:
    dirnames: list[str] = []
    filenames: list[str] = []
    try:
        with os.scandir(dirpath) as entries:
            for entry in entries:
                try:
                    is_dir = entry.is_dir(follow_symlinks=False)
                except OSError:
                    is_dir = False
                (dirnames if is_dir else filenames).append(entry.name)
    except OSError:
        pass  # an unreadable folder hides its files; they cannot be reported individually
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


def _spec(lines: list[str]) -> pathspec.GitIgnoreSpec:
    """A gitignore-style matcher; pathspec is imported the first time one is needed."""
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(lines)


def _ignored(
    path: str,
    user_spec: pathspec.GitIgnoreSpec | None,
    ignores: Iterable[tuple[str, pathspec.GitIgnoreSpec]],
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


def _tops_for_named_packages(tree: _Tree, names: Sequence[str]) -> list[_Top]:
    """Every folder under the root that holds a named root package is a source root."""
    tops: list[_Top] = []
    for name in names:
        tail = name.replace(".", "/")
        for rel in sorted(tree.dirs):
            if rel != tail and not rel.endswith("/" + tail):
                continue
            src = rel[: -len(tail)].rstrip("/")
            if _inside_package(tree, src) or not _holds_python(tree, rel):
                continue
            tops.append((src, name, rel not in tree.init_dirs))
    return tops


def _holds_python(tree: _Tree, rel: str) -> bool:
    prefix = rel + "/"
    return any(p.startswith(prefix) for p in tree.py_files)


def _assemble(root: str, tree: _Tree, tops: Sequence[_Top]) -> Layout:
    claimed: dict[str, SourceFile] = {}
    modules: dict[str, str] = {}
    blind: list[BlindSpot] = []
    namespaces: set[str] = set()
    for src, name, is_namespace in tops:
        base = _join(src, name.replace(".", "/"))
        for path in tree.py_files:
            if not path.startswith(base + "/") or path in claimed:
                continue
            module = _module_for(tree, base, name, path, is_namespace, blind)
            if module is None:
                continue
            if module in modules:
                detail = f"{module} is also {modules[module]}"
                blind.append(BlindSpot(BlindSpotKind.DUPLICATE_MODULE, path, 1, detail))
                continue
            modules[module] = path
            claimed[path] = SourceFile(path, module, path.endswith("/__init__.py"))
            if is_namespace:
                namespaces.update(_namespace_parents(tree, base, name, path))
    files = [claimed.get(p) or SourceFile(p, None) for p in sorted(tree.py_files)]
    blind.extend(_outside(files, blind))
    return Layout(
        root=root,
        source_roots=tuple(sorted({src for src, _, _ in tops})),
        root_packages=tuple(sorted({name for _, name, _ in tops})),
        files=tuple(files),
        namespace_packages=tuple(sorted(namespaces - set(modules))),
        blind_spots=tuple(sorted(set(blind))),
        warnings=tuple(tree.warnings),
    )


def _module_for(
    tree: _Tree, base: str, name: str, path: str, is_namespace: bool, blind: list[BlindSpot]
) -> str | None:
    """The module name of ``path`` inside the top package at ``base``, or None (grimp's rules)."""
    *folders, filename = path[len(base) + 1 :].split("/")
    if filename.startswith(".") or filename.count(".") > 1:
        return None
    in_portion = not is_namespace
    current = base
    for folder in folders:
        if not folder.isidentifier():
            return None
        current = f"{current}/{folder}"
        if current in tree.init_dirs:
            in_portion = True
        elif in_portion:
            blind.append(BlindSpot(BlindSpotKind.NOT_A_PACKAGE, current, 1, current))
            return None
    stem = filename[:-3]
    parts = [name, *folders] + ([] if stem == "__init__" else [stem])
    return ".".join(parts)


def _namespace_parents(tree: _Tree, base: str, name: str, path: str) -> list[str]:
    """Folders without ``__init__.py`` above ``path`` inside a namespace top: namespace modules."""
    names = [name] if base not in tree.init_dirs else []
    current, dotted = base, name
    for folder in path[len(base) + 1 :].split("/")[:-1]:
        current, dotted = f"{current}/{folder}", f"{dotted}.{folder}"
        if current in tree.init_dirs:
            break
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
