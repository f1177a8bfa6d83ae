"""``pre-commit try-repo`` runs archfit's hook on a repo with violations (PyPI builds the env)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from tests.cli.gitrepo import commit, fixture_repo, git
from tests.conftest import REPO

pytestmark = pytest.mark.realcode
_HOOK_REPO_FILES = (
    "pyproject.toml",
    "README.md",
    ".pre-commit-hooks.yaml",
    "archfit_values",
    "analyzer",
    "fitness",
)


def _pypi_reachable() -> bool:
    try:
        with urllib.request.urlopen("https://pypi.org/simple/click/", timeout=10):
            return True
    except OSError:
        return False


def _hook_repo(tmp_path: Path) -> Path:
    """archfit's working tree (uncommitted edits included) as a committed git repo."""
    hooks = tmp_path / "archfit-hooks"
    hooks.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", ".archfit_cache")
    for name in _HOOK_REPO_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, hooks / name, ignore=ignore)
        else:
            shutil.copy2(source, hooks / name)
    shutil.copytree(REPO / "rules", hooks / "rules")
    git(hooks, "init", "-q", "-b", "main")
    commit(hooks, "hooks")
    return hooks


def test_try_repo_fails_and_names_the_violations(tmp_path: Path) -> None:
    if shutil.which("git") is None or not _pypi_reachable():
        pytest.skip("pre-commit builds the hook's env from PyPI, which cannot be reached")
    hooks = _hook_repo(tmp_path)
    target = fixture_repo(tmp_path, "chatapp")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(hooks), "archfit"]
    done = subprocess.run(
        [*command, "--all-files"], cwd=target, capture_output=True, text=True, env=env, timeout=900
    )
    output = done.stdout + done.stderr
    if "Could not find a version" in output or "Network is unreachable" in output:
        pytest.skip(f"the hook's env could not be built offline: {output[-300:]}")
    assert done.returncode == 1, output
    assert "chatapp.domain -> redis" in output
    assert "chatapp.persistence -> chatapp.domain" in output
