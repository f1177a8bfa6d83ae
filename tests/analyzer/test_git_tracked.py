"""Whether git tracks a folder, from git's index file alone: git itself never runs."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from analyzer import git_tracked
from tests.cli.gitrepo import git


def _repo(root: Path, *init: str) -> Path:
    (root / "pkg" / "cache").mkdir(parents=True)
    (root / "pkg" / "__init__.py").write_text("")
    (root / "pkg" / "cache" / "x").write_text("")
    (root / "other" / "pkg" / "cache").mkdir(parents=True)
    (root / "other" / "pkg" / "cache" / "y").write_text("")
    for n in range(40):  # enough entries for a version 4 index to compress prefixes
        (root / "pkg" / f"m{n:02}.py").write_text("")
    git(root, "init", "-q", "-b", "main", *init)
    git(root, "add", "pkg/__init__.py", *[f"pkg/m{n:02}.py" for n in range(40)])
    git(root, "commit", "-q", "-m", "files, not the cache")
    return root


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return _repo(tmp_path / "repo")


def _tracks(root: Path, folder: str, monkeypatch: pytest.MonkeyPatch) -> bool:
    """``tracks``, with git forbidden to run: the repository's hooks and filters are not
    archfit's to start."""
    with monkeypatch.context() as patch:
        patch.setattr(subprocess, "run", _refuse)
        patch.setattr(subprocess, "Popen", _refuse)
        return git_tracked.tracks(str(root / folder))


def _refuse(*args: Any, **kwargs: Any) -> Any:
    raise AssertionError(f"git ran: {args}")


def test_an_untracked_folder_is_ruled_out_by_one_search(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(git_tracked, "_any_under", _refuse)  # the entries are never read
    assert _tracks(repo, "pkg/cache", monkeypatch) is False


def test_a_tracked_folder_is_found(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    git(repo, "add", "-f", "pkg/cache/x")
    assert _tracks(repo, "pkg/cache", monkeypatch) is True


def test_a_path_that_only_contains_the_prefix_is_not_tracked(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    git(repo, "add", "-f", "other/pkg/cache/y")
    assert _tracks(repo, "pkg/cache", monkeypatch) is False
    assert _tracks(repo, "other/pkg/cache", monkeypatch) is True


@pytest.mark.parametrize("layout", ["version-4", "sha256", "split-index"])
def test_other_index_formats_are_read_entry_by_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, layout: str
) -> None:
    repo = _repo(tmp_path / "repo", *(["--object-format=sha256"] if layout == "sha256" else []))
    if layout == "version-4":
        git(repo, "update-index", "--index-version", "4")
    elif layout == "split-index":
        git(repo, "update-index", "--split-index")
    assert _tracks(repo, "pkg/cache", monkeypatch) is False
    git(repo, "add", "-f", "pkg/cache/x")
    if layout == "split-index":  # move the entry into the shared index, then check again
        git(repo, "update-index", "--split-index")
        assert _tracks(repo, "pkg/cache", monkeypatch) is True
    assert _tracks(repo, "pkg/cache", monkeypatch) is True
    assert _tracks(repo, "other/pkg/cache", monkeypatch) is False


def test_a_worktree_reads_its_own_index(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    git(repo, "add", "-f", "pkg/cache/x")
    git(repo, "commit", "-q", "-m", "cache")
    git(repo, "worktree", "add", "-q", str(tmp_path / "wt"))
    assert (tmp_path / "wt" / ".git").is_file()
    assert _tracks(tmp_path / "wt", "pkg/cache", monkeypatch) is True
    git(tmp_path / "wt", "rm", "-q", "--cached", "-r", "pkg/cache")
    assert _tracks(tmp_path / "wt", "pkg/cache", monkeypatch) is False


def test_an_unreadable_index_counts_as_tracking(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = repo / ".git" / "index"
    index.write_bytes(index.read_bytes()[:200] + b"pkg/cache/")  # truncated mid-entry
    assert _tracks(repo, "pkg/cache", monkeypatch) is True


def test_outside_git_nothing_is_tracked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _tracks(tmp_path, "cache", monkeypatch) is False
