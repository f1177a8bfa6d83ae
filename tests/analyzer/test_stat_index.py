"""The stat index (ADR-0020): its digest moves with every change a run could read, and with
nothing a run never reads."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from analyzer.stat_index import StatIndex, entered, paths_digest, tree_digest, tree_lines


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
