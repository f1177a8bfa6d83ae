"""Helpers for the configuration tests: a tiny package in tmp_path and the CLI run on it."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from fitness.cli.main import main

PACKAGE = {
    "cfgpkg/__init__.py": "",
    "cfgpkg/a.py": "from cfgpkg import b\n",
    "cfgpkg/b.py": "import os\n",
    "cfgpkg/c.py": "",
}
ERROR = "archfit: config error: "


@dataclass(frozen=True)
class Run:
    """What one ``archfit`` invocation printed and returned."""

    code: int
    out: str
    err: str

    @property
    def issues(self) -> list[str]:
        """The config errors printed, without their ``archfit: config error:`` prefix."""
        return [line[len(ERROR) :] for line in self.err.splitlines() if line.startswith(ERROR)]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A directory holding ``cfgpkg`` (a imports b, b imports os, c imports nothing)."""
    for name, text in PACKAGE.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def write(root: Path, name: str, text: str) -> str:
    """Write a dedented config file under ``root``; returns the text written."""
    body = textwrap.dedent(text).lstrip("\n")
    (root / name).write_text(body, encoding="utf-8")
    return body


def line_of(text: str, needle: str) -> int:
    """The 1-based line of the only line of ``text`` that contains ``needle``."""
    found = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    assert len(found) == 1, f"{needle!r} is on lines {found}"
    return found[0]


def archfit(*args: str) -> Run:
    """Run the CLI in-process; an exception escaping it fails the test."""
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return Run(result.exit_code, result.stdout, result.stderr)


def check(root: Path, *args: str) -> Run:
    """``archfit check ROOT ARGS...``."""
    return archfit("check", str(root), *args)


def assert_config_error(run: Run) -> None:
    """Exit 2, config errors on stderr, nothing on stdout, never a traceback."""
    assert run.code == 2, (run.code, run.out, run.err)
    assert run.issues, run.err
    assert run.out == ""
    assert "Traceback" not in run.out + run.err
    assert "internal error" not in run.err


def assert_issue(run: Run, path: str, line: int, *fragments: str) -> None:
    """One printed issue names ``path:line`` and contains every fragment."""
    prefix = f"{path}:{line}: "
    matching = [i for i in run.issues if i.startswith(prefix) and all(f in i for f in fragments)]
    assert matching, f"no issue at {prefix} with {fragments}; got:\n" + "\n".join(run.issues)
