"""The stat index (ADR-0020): its digest moves with every change a run could read, and with
nothing a run never reads."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from analyzer.stat_index import paths_digest, tree_digest


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


def test_a_symlink_or_a_racy_entry_makes_it_unindexable(tmp_path: Path) -> None:
    root = _tree(tmp_path / "t")
    assert tree_digest(str(root), racy=time.time_ns() - 10**9) is None  # just written
    assert tree_digest(str(root), racy=time.time_ns() + 10**9) is not None
    os.symlink(tmp_path, root / "pkg" / "link")
    assert tree_digest(str(root)) is None


def test_outside_files_missing_then_created(tmp_path: Path) -> None:
    path = str(tmp_path / "config.toml")
    missing = paths_digest([path])
    Path(path).write_text("")
    assert paths_digest([path]) != missing
