"""How a run writes the cache: a warm run reads it without rewriting it (last-use dates still
keep entries alive), and a cold run's writes may finish on a thread of their own."""

from __future__ import annotations

import shutil
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest

from analyzer import project
from analyzer.cache import CACHE_DIR, CACHE_FILE, finish_writes
from analyzer.project import analyze
from tests.conftest import FIXTURES

DAY = 24 * 3600


@pytest.fixture
def target(tmp_path: Path) -> Path:
    """A copy of the importkinds fixture, its cache filled by one run."""
    root = tmp_path / "target"
    shutil.copytree(FIXTURES / "importkinds", root)
    analyze(str(root), jobs=1, cache_version="touch-1")
    return root


def _uses(root: Path) -> list[int]:
    with sqlite3.connect(root / CACHE_DIR / CACHE_FILE) as db:
        return sorted(used for (used,) in db.execute("SELECT used FROM facts"))


def _age(root: Path, seconds: int) -> int:
    """Set every entry's last use ``seconds`` ago; returns that time."""
    when = int(time.time()) - seconds
    with sqlite3.connect(root / CACHE_DIR / CACHE_FILE) as db:
        db.execute("UPDATE facts SET used = ?", (when,))
    return when


def test_entries_used_today_are_not_rewritten(target: Path) -> None:
    when = _age(target, 3600)
    analyze(str(target), jobs=1, cache_version="touch-1")
    assert set(_uses(target)) == {when}


def test_entries_used_before_yesterday_are_renewed(target: Path) -> None:
    when = _age(target, 2 * DAY)
    analyze(str(target), jobs=1, cache_version="touch-1")
    assert min(_uses(target)) > when + DAY


def test_entries_unused_for_a_month_are_dropped_on_the_next_write(target: Path) -> None:
    _age(target, 31 * DAY)
    module = next(target.rglob("*.py"))
    module.write_text(module.read_text() + "\n# changed\n")
    analyze(str(target), jobs=1, cache_version="touch-1")
    # Every other entry was read (and renewed) before the write: only the edited file's old
    # facts, no longer read by anyone, are gone.
    assert len(_uses(target)) == len(list(target.rglob("*.py")))
    assert min(_uses(target)) > time.time() - DAY


def test_writes_behind_are_whole_when_waited_for(tmp_path: Path) -> None:
    root = tmp_path / "fresh"
    shutil.copytree(FIXTURES / "importkinds", root)
    facts = analyze(str(root), jobs=1, cache_version="touch-1", write_behind=True)
    finish_writes()
    assert len(_uses(root)) == len(facts.parsed)


def test_the_next_run_waits_for_the_last_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "fresh"
    shutil.copytree(FIXTURES / "importkinds", root)
    analyze(str(root), jobs=1, cache_version="touch-1", write_behind=True)
    parsed: list[str] = []
    real = project.parse_bytes
    monkeypatch.setattr(project, "parse_bytes", lambda s, d: parsed.append(s.path) or real(s, d))
    analyze(str(root), jobs=1, cache_version="touch-1")
    assert parsed == []


def test_a_command_leaves_its_writes_done(tmp_path: Path, run_cli: Any) -> None:
    root = tmp_path / "fresh"
    shutil.copytree(FIXTURES / "importkinds", root)
    assert run_cli("metrics", str(root))[0] == 0
    assert len(_uses(root)) == len(list(root.rglob("*.py")))


def _deferred_run(root: Path) -> None:
    """A run that reuses every file's brief: each comes back deferred, never decoded."""
    facts = analyze(str(root), jobs=1, cache_version="touch-1", defer=True)
    assert facts.parsed and all(getattr(p, "decoded", True) is False for p in facts.parsed)


def test_deferred_entries_used_before_yesterday_are_renewed(target: Path) -> None:
    analyze(str(target), jobs=1, cache_version="touch-1", defer=True)  # stores the briefs
    when = _age(target, 2 * DAY)
    _deferred_run(target)
    assert min(_uses(target)) > when + DAY


def test_deferred_entries_used_today_are_not_rewritten(target: Path) -> None:
    analyze(str(target), jobs=1, cache_version="touch-1", defer=True)
    when = _age(target, 3600)
    _deferred_run(target)
    assert set(_uses(target)) == {when}
