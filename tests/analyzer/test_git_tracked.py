"""Whether git tracks a folder: from the index alone when it can, never running hooks."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from analyzer import git_tracked
from tests.cli.gitrepo import commit, git


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "pkg").mkdir(parents=True)
    (root / "pkg" / "__init__.py").write_text("")
    (root / "pkg" / "cache").mkdir()
    (root / "pkg" / "cache" / "x").write_text("")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "pkg/__init__.py")
    git(root, "commit", "-q", "-m", "one file")
    return root


@pytest.fixture
def git_calls(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    calls: list[list[str]] = []
    real = subprocess.run

    def recording(command: list[str], **kwargs: Any) -> Any:
        if "ls-files" in command:  # the module is shared: the test's own git calls aside
            calls.append(command)
        return real(command, **kwargs)

    monkeypatch.setattr(subprocess, "run", recording)
    return calls


def test_an_untracked_folder_is_answered_from_the_index_alone(
    repo: Path, git_calls: list[list[str]]
) -> None:
    assert git_tracked.tracks(str(repo / "pkg" / "cache")) is False
    assert git_calls == []


def test_a_tracked_folder_is_confirmed_by_git_with_its_monitor_off(
    repo: Path, git_calls: list[list[str]]
) -> None:
    git(repo, "add", "-f", "pkg/cache/x")
    assert git_tracked.tracks(str(repo / "pkg" / "cache")) is True
    assert git_calls and "core.fsmonitor=false" in git_calls[0]


def test_a_path_that_only_contains_the_prefix_is_not_tracked(repo: Path) -> None:
    (repo / "other" / "pkg" / "cache").mkdir(parents=True)
    (repo / "other" / "pkg" / "cache" / "y").write_text("")
    git(repo, "add", "-f", "other/pkg/cache/y")
    assert git_tracked.tracks(str(repo / "pkg" / "cache")) is False
    assert git_tracked.tracks(str(repo / "other" / "pkg" / "cache")) is True


def test_a_version_4_index_asks_git(repo: Path, git_calls: list[list[str]]) -> None:
    git(repo, "update-index", "--index-version", "4")
    assert git_tracked.tracks(str(repo / "pkg" / "cache")) is False
    git(repo, "add", "-f", "pkg/cache/x")
    assert git_tracked.tracks(str(repo / "pkg" / "cache")) is True
    assert len(git_calls) == 2


def test_a_worktree_reads_its_own_index(repo: Path, tmp_path: Path) -> None:
    git(repo, "add", "-f", "pkg/cache/x")
    commit(repo, "cache")
    git(repo, "worktree", "add", "-q", str(tmp_path / "wt"))
    assert (tmp_path / "wt" / ".git").is_file()
    assert git_tracked._gitdir(str(tmp_path / "wt")) != str(repo / ".git")
    assert git_tracked.tracks(str(tmp_path / "wt" / "pkg" / "cache")) is True
    git(tmp_path / "wt", "rm", "-q", "--cached", "-r", "pkg/cache")
    assert git_tracked.tracks(str(tmp_path / "wt" / "pkg" / "cache")) is False


def test_outside_git_nothing_is_tracked(tmp_path: Path) -> None:
    assert git_tracked.tracks(str(tmp_path / "cache")) is False
