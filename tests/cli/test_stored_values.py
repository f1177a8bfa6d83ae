"""The stored values of ``metrics``, ``graph`` and ``report`` (ADR-0020): reused while none of
their inputs changed, then identical to a run without the cache, warnings included; any input
changed (the tree, an option that changes the values, a new commit for the report's history),
computed again. Cost: about 30 in-process runs on a 4-file git repository, ~4 s."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from fitness.cli import common
from fitness.engine import stored_run
from tests.cli.gitrepo import committed_shop, git

pytestmark = pytest.mark.stored_runs

_CONFIG = """[tool.archfit]
root_packages = ["shop"]
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A committed project whose runs warn (a ``.gitignore`` line git cannot use)."""
    return committed_shop(tmp_path / "shop-repo", {
        "api": '"""API."""\n\nfrom shop import domain\n',
        "domain": '"""Domain."""\n\nVALUE = 1\n',
    })  # fmt: skip


@pytest.fixture
def computed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths of the runs whose facts were gathered (not reused), in order."""
    calls: list[str] = []
    real = common.analysed

    def counting(path: str, *args: Any, **kwargs: Any) -> Any:
        calls.append(path)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(common, "analysed", counting)
    return calls


def _run(run_cli: Any, *args: str) -> tuple[int, str, str]:
    time.sleep(stored_run._RACY_NS / 1e9 + 0.02)  # a tree changed this instant is not indexed
    return run_cli(*args)  # type: ignore[no-any-return]


COMMANDS = [
    ("metrics", "--format", "json"),
    ("graph", "--format", "json"),
    ("report", "--format", "json"),
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_nothing_changed_is_reused_and_equal_to_a_cold_run(
    command: tuple[str, ...], repo: Path, run_cli: Any, computed: list[str]
) -> None:
    first = _run(run_cli, *command, str(repo))
    again = _run(run_cli, *command, str(repo))
    assert len(computed) == 1, "the second run was computed again"
    assert (repo / ".archfit_cache" / stored_run.RECORDS[command[0]]).is_file()
    cold = run_cli(*command, str(repo), "--no-cache")
    assert first[0] == 0, first[2]
    assert first == again == cold
    assert "pattern '[z-a]' skipped" in again[2]  # the stored run's warnings are said again


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_an_edit_is_computed_again_and_equal_to_a_cold_run(
    command: tuple[str, ...], repo: Path, run_cli: Any, computed: list[str]
) -> None:
    before = _run(run_cli, *command, str(repo))
    (repo / "shop" / "domain.py").write_text('"""Domain."""\n\nimport json\n\nVALUE = 1\n')
    after = _run(run_cli, *command, str(repo))
    assert len(computed) == 2
    assert after != before
    assert after == run_cli(*command, str(repo), "--no-cache")


def _older_history(repo: Path) -> None:
    """Give HEAD's tree a parent commit in which shop/domain.py differed, with git plumbing
    alone: the work tree, the index and every file's stat stay as they were."""
    blob = git(repo, "hash-object", "-w", "--stdin", input='"""Old."""\n').strip()
    scratch = {"GIT_INDEX_FILE": str(repo / ".git" / "scratch-index")}
    git(repo, "read-tree", "HEAD", env=scratch)
    git(repo, "update-index", "--cacheinfo", f"100644,{blob},shop/domain.py", env=scratch)
    old = git(repo, "commit-tree", git(repo, "write-tree", env=scratch).strip(), "-m", "old")
    new = git(repo, "commit-tree", "HEAD^{tree}", "-p", old.strip(), "-m", "new").strip()
    git(repo, "update-ref", "refs/heads/main", new)


def test_new_history_recomputes_the_report(repo: Path, run_cli: Any, computed: list[str]) -> None:
    """The report reads the git history up to HEAD: new commits are a new input, even when
    no file of the tree changed."""
    args = ("report", "--format", "json", str(repo))
    before = _run(run_cli, *args)
    _older_history(repo)
    after = _run(run_cli, *args)
    assert len(computed) == 2
    assert after != before
    assert after == run_cli(*args, "--no-cache")


def test_options_that_change_the_values_recompute(
    repo: Path, run_cli: Any, computed: list[str]
) -> None:
    _run(run_cli, "graph", "--format", "json", str(repo))
    _run(run_cli, "graph", "--format", "json", "--level", "package", str(repo))
    _run(run_cli, "report", "--format", "json", str(repo))
    _run(run_cli, "report", "--format", "json", "--since-days", "30", str(repo))
    _run(run_cli, "report", "--format", "json", "--today", "2030-01-01", str(repo))
    assert len(computed) == 5


def test_options_that_only_show_reuse(repo: Path, run_cli: Any, computed: list[str]) -> None:
    for args in (
        ("metrics", "--format", "json"),
        ("metrics", "--level", "function", "--sort", "complexity", "--top", "1"),
        ("metrics", "--format", "csv", "--columns", "raw"),
    ):
        _run(run_cli, *args, str(repo))
    for args in (("graph", "--format", "json"), ("graph", "--format", "dot", "--no-externals")):
        _run(run_cli, *args, str(repo))
    assert len(computed) == 2  # one metrics run, one graph run


def test_a_project_above_path_outside_git_is_never_stored(
    tmp_path: Path, run_cli: Any, computed: list[str]
) -> None:
    """Outside git, PATH's project may be a folder above it: its files lie outside the tree
    the key indexes, so the values are computed every time."""
    root = tmp_path / "plain"
    (root / "shop" / ".archfit_cache").mkdir(parents=True)
    (root / "pyproject.toml").write_text(_CONFIG)
    (root / "shop" / "__init__.py").write_text('"""Shop."""\n')
    for _ in range(2):
        code, _, err = _run(run_cli, "metrics", "--format", "json", str(root / "shop"))
        assert code == 0, err
    assert len(computed) == 2
    assert not (root / "shop" / ".archfit_cache" / stored_run.RECORDS["metrics"]).exists()
