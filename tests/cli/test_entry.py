"""The console script (``fitness.cli.console:run``) exits without the interpreter's teardown;
its output and exit codes must be those of ``main`` (ADR-0012, ADR-0014)."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from analyzer.cache import FactsCache
from analyzer.discovery import discover
from fitness import __version__
from fitness.cli.console import run as console_run
from fitness.cli.main import _flushed, main
from fitness.engine import stored_run
from tests.conftest import FIXTURES, REPO

_RUN = "from fitness.cli.console import run; run()"


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
    cache = FactsCache.open(str(tmp_path), stored_run.cache_version())
    assert cache is not None
    files = discover(str(tmp_path), None, None, ()).files
    assert list(cache.lookup(str(tmp_path), files)) == ["pkg/__init__.py"]


def test_exit_status_of_odd_codes() -> None:
    assert _flushed(None) == 0
    assert _flushed(3) == 3
    assert _flushed("bye") == 1


def test_the_console_script_quiets_the_collector_before_importing_the_cli() -> None:
    """pyproject's ``archfit`` script is ``fitness.cli.console:run``, which raises the young
    generation's threshold before click or the CLI is imported (their imports would
    otherwise pay dozens of collections that find nothing)."""
    from fitness.cli.collector import GC_THRESHOLD

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    script = f"{console_run.__module__}:{console_run.__name__}"
    assert project["project"]["scripts"]["archfit"] == script == "fitness.cli.console:run"
    spy = (
        "import builtins, gc, sys\n"
        "real = builtins.__import__\n"
        "def spy(name, *args, **kwargs):\n"
        "    if name == 'click' and 'click' not in sys.modules:\n"
        "        sys.stderr.write(f'threshold {gc.get_threshold()}\\n')\n"
        "    return real(name, *args, **kwargs)\n"
        "builtins.__import__ = spy\n"
        f"{_RUN}\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", spy, "--version"], capture_output=True, text=True, cwd=REPO
    )
    assert done.returncode == 0 and __version__ in done.stdout
    assert f"threshold {GC_THRESHOLD}" in done.stderr
