"""The stat index (ADR-0020): its digest moves with every change a run could read, and with
nothing a run never reads."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from analyzer.discovery import _split as discovery_split
from analyzer.folders import PRUNED_DIRS
from analyzer.stat_index import (
    Entry,
    RememberedListing,
    StatIndex,
    entered,
    paths_digest,
    tree_digest,
    tree_lines,
)


def _tree(root: Path) -> Path:
    (root / "pkg" / "sub").mkdir(parents=True)
    (root / "pkg" / "__init__.py").write_text("")
    (root / "pkg" / "sub" / "mod.py").write_text("x = 1\n")
    (root / "pyproject.toml").write_text("[tool.archfit]\n")
    (root / ".archfit_cache").mkdir()
    (root / "pkg" / "__pycache__").mkdir()
    return root


CHANGES: dict[str, Callable[[Path], object]] = {
    "edit": lambda r: (r / "pkg" / "sub" / "mod.py").write_text("x = 22\n"),
    "same size": lambda r: (r / "pkg" / "sub" / "mod.py").write_text("x = 2\n"),
    "add in a deep folder": lambda r: (r / "pkg" / "sub" / "new.py").write_text(""),
    "remove": lambda r: (r / "pkg" / "sub" / "mod.py").unlink(),
    "rename": lambda r: (r / "pkg" / "sub" / "mod.py").rename(r / "pkg" / "sub" / "m.py"),
    "new folder": lambda r: (r / "pkg" / "other").mkdir(),
    "chmod": lambda r: (r / "pyproject.toml").chmod(0o600),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_every_change_moves_the_digest(tmp_path: Path, change: str) -> None:
    root = _tree(tmp_path)
    before = tree_digest(str(root))
    assert before is not None and before == tree_digest(str(root))
    time.sleep(0.01)  # past the file system clock's tick
    CHANGES[change](root)
    assert tree_digest(str(root)) != before


def test_what_no_run_reads_leaves_it(tmp_path: Path) -> None:
    """Caches and byte-code folders are written by tools all the time; they are never read."""
    root = _tree(tmp_path)
    before = tree_digest(str(root))
    (root / ".archfit_cache" / "facts.sqlite3").write_text("x")
    (root / "pkg" / "__pycache__" / "mod.pyc").write_text("x")
    assert tree_digest(str(root)) == before
    assert tree_digest(str(root), skip={str(root / "report.json")}) == before
    (root / "report.json").write_text("{}")
    assert tree_digest(str(root), skip={str(root / "report.json")}) == before
    assert tree_digest(str(root)) != before


def test_a_racy_entry_makes_it_unindexable(tmp_path: Path) -> None:
    root = _tree(tmp_path / "t")
    assert tree_digest(str(root), racy=time.time_ns() - 10**9) is None  # just written
    assert tree_digest(str(root), racy=time.time_ns() + 10**9) is not None


def test_a_link_is_indexed_with_its_target(tmp_path: Path) -> None:
    """What a reader sees through a link moves the digest; a dangling link or a loop is an
    entry like any other; a linked folder is not walked."""
    root = _tree(tmp_path / "t")
    target = tmp_path / "shared.py"
    target.write_text("x = 1\n")
    os.symlink(target, root / "pkg" / "shared.py")
    os.symlink(tmp_path, root / "pkg" / "outside")
    os.symlink(root / "loop", root / "loop")
    before = tree_digest(str(root))
    assert before is not None
    time.sleep(0.01)
    target.write_text("x = 22\n")
    assert tree_digest(str(root)) != before
    target.unlink()
    assert tree_digest(str(root)) is not None  # dangling


def _venv_and_build(root: Path) -> None:
    (root / "env" / "bin").mkdir(parents=True)
    (root / "env" / "pyvenv.cfg").write_text("home = /usr/bin\n")
    os.symlink("/usr/bin/python3", root / "env" / "bin" / "python")
    (root / "build" / "lib").mkdir(parents=True)
    (root / "build" / "lib" / "mod.py").write_text("x = 1\n")
    (root / "build" / "tool-1.0.dist-info").mkdir()
    (root / "build" / "tool-1.0.dist-info" / "top_level.txt").write_text("tool\n")
    (root / ".git").mkdir()
    (root / ".git" / "index").write_text("1")


def test_folders_discovery_never_enters_are_not_walked(tmp_path: Path) -> None:
    """A virtualenv, a build folder, git's own files: tools write there all the time and no
    run reads them; a dist-info folder there still is an input (dependency metadata)."""
    root = _tree(tmp_path / "t")
    _venv_and_build(root)
    before = tree_digest(str(root))
    assert before is not None
    time.sleep(0.01)
    (root / "env" / "bin" / "activate").write_text("x")
    (root / "build" / "lib" / "mod.py").write_text("x = 22\n")
    (root / ".git" / "index").write_text("2")
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    assert tree_digest(str(root)) == before
    (root / "build" / "tool-1.0.dist-info" / "top_level.txt").write_text("tool\nother\n")
    assert tree_digest(str(root)) != before


def test_a_folder_that_becomes_a_package_moves_it(tmp_path: Path) -> None:
    root = _tree(tmp_path / "t")
    _venv_and_build(root)
    before = tree_digest(str(root))
    time.sleep(0.01)
    (root / "build" / "__init__.py").write_text("")
    after = tree_digest(str(root))
    assert after != before
    time.sleep(0.01)
    (root / "build" / "lib" / "mod.py").write_text("x = 22\n")  # now code: walked
    assert tree_digest(str(root)) != after


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("pkg/sub/mod.py", True),
        ("pkg/sub", True),
        (".", True),
        ("env/lib/x.py", False),
        ("build/lib/mod.py", False),
        ("pkg/__pycache__/m.py", False),
        ("../elsewhere.py", False),
    ],
)
def test_entered_says_what_the_index_covers(tmp_path: Path, path: str, expected: bool) -> None:
    root = _tree(tmp_path / "t")
    _venv_and_build(root)
    assert entered(str(root), os.path.normpath(str(root / path))) is expected


def test_outside_files_missing_then_created(tmp_path: Path) -> None:
    path = str(tmp_path / "config.toml")
    missing = paths_digest([path])
    Path(path).write_text("")
    assert paths_digest([path]) != missing


def test_a_cache_folder_created_in_a_package_leaves_it(tmp_path: Path) -> None:
    """Running a package's tests adds ``__pycache__`` to each of its folders, and a nested
    project gets its own ``.archfit_cache``: the folders' times move, no input does."""
    root = _tree(tmp_path / "t")
    before = tree_digest(str(root))
    time.sleep(0.01)
    (root / "pkg" / "sub" / "__pycache__").mkdir()
    (root / "pkg" / "sub" / ".archfit_cache").mkdir()
    assert tree_digest(str(root)) == before


def test_a_run_index_gives_a_folder_what_its_own_walk_would(tmp_path: Path) -> None:
    root = _tree(tmp_path / "t")
    _venv_and_build(root)
    report = str(root / "pkg" / "report.json")
    Path(report).write_text("{}")
    lines = tree_lines(str(root), {report})
    assert lines is not None
    index = StatIndex(str(root), tuple(lines))
    sub = str(root / "pkg" / "sub")
    assert sorted(index.under(sub) or []) == sorted(tree_lines(sub) or [])
    assert index.under(str(root)) == lines
    # What the run skipped (the report it writes) is no input of any reader.
    whole = tree_lines(str(root / "pkg")) or []
    assert sorted(index.under(str(root / "pkg")) or []) == sorted(
        line for line in whole if not line.startswith(report + "\0")
    )


@pytest.mark.parametrize("folder", ["env", "build/lib", "../elsewhere", "pkgx"])
def test_a_run_index_does_not_answer_for_what_it_does_not_cover(
    tmp_path: Path, folder: str
) -> None:
    root = _tree(tmp_path / "t")
    _venv_and_build(root)
    (tmp_path / "elsewhere").mkdir()
    (root / "pkgx").symlink_to(root / "pkg")  # the same folder spelt through a link
    index = StatIndex(str(root), tuple(tree_lines(str(root)) or ()))
    assert index.under(os.path.normpath(str(root / folder))) is None


def test_a_file_no_reader_opens_is_indexed_by_name_alone(tmp_path: Path) -> None:
    root = _tree(tmp_path / "t")
    (root / "pkg" / "locale").mkdir()
    (root / "pkg" / "locale" / "django.po").write_text("msgid ''\n")
    before = tree_digest(str(root))
    time.sleep(0.01)
    (root / "pkg" / "locale" / "django.po").write_text("msgid 'changed, longer'\n")
    assert tree_digest(str(root)) == before, "its bytes are no input"
    (root / "pkg" / "locale" / "fr.po").write_text("")
    added = tree_digest(str(root))
    assert added != before, "a file added is a change"
    (root / "pkg" / "locale" / "fr.po").rename(root / "pkg" / "locale" / "de.po")
    assert tree_digest(str(root)) not in (before, added), "so is a rename"
    os.symlink(root / "pyproject.toml", root / "pkg" / "locale" / "link.po")
    linked = tree_digest(str(root))
    (root / "pyproject.toml").write_text("[tool.archfit]\nx = 1\n")
    assert tree_digest(str(root)) != linked, "a link is indexed with its target, whatever its name"


def _walk(root: Path, known: dict[str, tuple[str, str, str]]) -> tuple[list[str], dict[str, Any]]:
    """A walk with the memo ``known``: its lines (sorted), and the memo it leaves."""
    seen: dict[str, tuple[str, str, str]] = {}
    lines = tree_lines(str(root), racy=time.time_ns(), memo=(known, seen))
    assert lines is not None
    return sorted(lines), seen


MEMO_CHANGES = {
    **CHANGES,
    "a file no reader opens, added": lambda r: (r / "pkg" / "sub" / "x.po").write_text(""),
    "a folder replaced by a file": lambda r: (
        shutil.rmtree(r / "pkg" / "sub"),
        (r / "pkg" / "sub").write_text(""),
    ),
    "a file replaced by a link": lambda r: (
        (r / "pkg" / "sub" / "mod.py").unlink(),
        (r / "pkg" / "sub" / "mod.py").symlink_to(r / "pyproject.toml"),
    ),
    "a folder made unreadable": lambda r: (r / "pkg" / "sub").chmod(0o300),
}


@pytest.mark.parametrize("change", sorted(MEMO_CHANGES))
def test_remembered_listings_see_every_change(tmp_path: Path, change: str) -> None:
    """A walk that reuses the listings remembered before a change indexes what a walk
    without them does: a folder whose listing changed is listed again."""
    root = _tree(tmp_path)
    (root / "pkg" / "sub" / "a.mo").write_text("")
    lines, memo = _walk(root, {})
    assert str(root / "pkg" / "sub") in memo
    assert _walk(root, memo) == (lines, memo), "nothing changed: every listing reused"
    time.sleep(0.01)
    try:
        MEMO_CHANGES[change](root)
        fresh = tree_lines(str(root))
        seen: dict[str, tuple[str, str, str]] = {}
        after = tree_lines(str(root), racy=time.time_ns(), memo=(memo, seen))
    finally:
        if (root / "pkg" / "sub").is_dir():
            (root / "pkg" / "sub").chmod(0o755)
    assert (after and sorted(after)) == (fresh and sorted(fresh))
    if fresh is not None:
        assert after != lines


def test_a_remembered_listing_serves_readers_and_costs_no_listing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its entries answer what discovery asks of scandir's (names, kinds, stats); a walk
    with every listing remembered lists nothing."""
    root = _tree(tmp_path)
    os.symlink(root / "pkg", root / "linked")
    first: dict[str, Sequence[Entry]] = {}
    lines, memo = sorted(tree_lines(str(root), listings=first) or []), _walk(root, {})[1]
    monkeypatch.setattr(os, "scandir", _no_listing)
    again: dict[str, Sequence[Entry]] = {}
    seen: dict[str, tuple[str, str, str]] = {}
    assert sorted(tree_lines(str(root), (), time.time_ns(), again, (memo, seen)) or []) == lines
    assert again.keys() == first.keys()
    for folder, entries in first.items():
        kept = sorted(again[folder], key=lambda e: e.name)
        for old, new in zip(sorted(entries, key=lambda e: e.name), kept, strict=True):
            assert (old.name, old.path) == (new.name, new.path)
            for follow in (True, False):
                assert old.is_dir(follow_symlinks=follow) == new.is_dir(follow_symlinks=follow)
                assert old.is_file(follow_symlinks=follow) == new.is_file(follow_symlinks=follow)
                assert old.stat(follow_symlinks=follow) == new.stat(follow_symlinks=follow)
        remembered = again[folder]
        assert isinstance(remembered, RememberedListing)
        # the walk's split of names read from the kinds alone, as the entries would give it
        assert _sorted_split(remembered.split()) == _sorted_split(discovery_split(entries))


def _sorted_split(split: tuple[list[str], list[str]]) -> tuple[list[str], list[str]]:
    return sorted(split[0]), sorted(split[1])


def _no_listing(path: str) -> Any:
    """scandir, for a folder the walk never enters alone (it looks for dist-info there)."""
    if os.path.basename(path) not in PRUNED_DIRS:
        raise AssertionError(f"{path} listed again")
    return _scandir(path)


_scandir = os.scandir


def test_a_folder_changed_within_the_racy_window_is_not_remembered(tmp_path: Path) -> None:
    """Its listing could change again within the clock's tick without its times moving."""
    root = _tree(tmp_path)
    seen: dict[str, tuple[str, str, str]] = {}
    tree_lines(str(root), racy=time.time_ns() - 10**9, memo=({}, seen))
    assert seen == {}
    tree_lines(str(root), racy=time.time_ns(), memo=({}, seen))
    assert str(root / "pkg" / "sub") in seen
    stale = {folder: ("0:0:0", *rest) for folder, (_, *rest) in seen.items()}
    assert _walk(root, stale)[1] == seen, "a signature that is not the folder's own is listed again"
