"""The console script (``fitness.cli.main:run``) exits without the interpreter's teardown;
its output and exit codes must be those of ``main`` (ADR-0012)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from analyzer.cache import FactsCache
from analyzer.discovery import discover
from fitness import __version__
from fitness.cli.main import _flushed, main
from tests.conftest import FIXTURES, REPO

_RUN = "from fitness.cli.main import run; run()"


def _script(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _RUN, *args], capture_output=True, text=True, cwd=REPO
    )


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["check", "--no-cache", str(FIXTURES / "chatapp")], 1),
        (["check", "--no-cache", "--format", "json", str(FIXTURES / "chatapp")], None),
        (["check", "--config", "missing.toml", str(FIXTURES / "chatapp")], 2),
        (["rules"], 0),
    ],
)
def test_script_prints_and_exits_as_main_does(args: list[str], code: int | None) -> None:
    expected = CliRunner().invoke(main, args)
    done = _script(*args)
    assert done.stdout == expected.stdout  # every byte flushed before os._exit
    assert done.returncode == expected.exit_code
    if code is not None:
        assert done.returncode == code


def test_script_waits_for_cache_writes(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("import os\n")
    done = _script("metrics", str(tmp_path), "--format", "json")
    assert done.returncode == 0, done.stderr
    # The write-behind thread finished before the hard exit: the entry is there to read.
    cache = FactsCache.open(str(tmp_path), __version__)
    assert cache is not None
    files = discover(str(tmp_path), None, None, ()).files
    assert list(cache.lookup(str(tmp_path), files)) == ["pkg/__init__.py"]


def test_exit_status_of_odd_codes() -> None:
    assert _flushed(None) == 0
    assert _flushed(3) == 3
    assert _flushed("bye") == 1
