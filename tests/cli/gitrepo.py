"""Temporary git repositories built from the fixtures, for the CI-gate tests."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from tests.conftest import FIXTURES

_GIT_ENV = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.com",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.com",
    "GIT_CONFIG_NOSYSTEM": "1",
    "HOME": "/nonexistent",
}


def git(repo: Path, *args: str, input: str | None = None, env: dict[str, str] | None = None) -> str:
    """Run git in ``repo`` with a fixed identity (and ``env`` added), ``input`` on its stdin;
    fail the test on an error."""
    import os

    done = subprocess.run(
        ["git", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        env={**os.environ, **_GIT_ENV, **(env or {})},
        check=True,
        input=input,
    )
    return done.stdout


def committed_shop(root: Path, modules: dict[str, str]) -> Path:
    """A committed project at ``root``: the package ``shop`` with ``modules`` (name -> text)
    beside its ``__init__``, a configuration naming it, a ``.gitignore`` line git cannot use
    (so its runs warn) and an empty cache folder."""
    (root / "shop").mkdir(parents=True)
    (root / "pyproject.toml").write_text('[tool.archfit]\nroot_packages = ["shop"]\n')
    (root / "shop" / "__init__.py").write_text('"""Shop."""\n')
    for name, text in modules.items():
        (root / "shop" / f"{name}.py").write_text(text)
    (root / ".gitignore").write_text("[z-a]\n")
    (root / ".archfit_cache").mkdir()
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "pyproject.toml", ".gitignore", "shop")
    git(root, "commit", "-q", "-m", "shop")
    return root


def fixture_repo(tmp_path: Path, name: str) -> Path:
    """A copy of ``fixtures/<name>`` (without its cache), committed as a fresh git repo."""
    repo = tmp_path / name
    shutil.copytree(FIXTURES / name, repo, ignore=shutil.ignore_patterns(".archfit_cache"))
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "fixture")
    return repo


def commit(repo: Path, message: str) -> None:
    """Stage everything and commit."""
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--allow-empty", "-m", message)


def edit(repo: Path, relative: str, text: str) -> None:
    """Write a file of the repo (creating folders)."""
    path = repo / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def configure(repo: Path, extra: str) -> None:
    """Insert TOML into chatapp's ``[tool.archfit]`` table, right after ``root_packages``."""
    text = (repo / "pyproject.toml").read_text(encoding="utf-8")
    head = 'root_packages = ["chatapp"]\n'
    edit(repo, "pyproject.toml", text.replace(head, head + extra, 1))


def summary(out: str) -> str:
    """The summary line a user reads: the last line of the text report."""
    return out.strip().splitlines()[-1]
