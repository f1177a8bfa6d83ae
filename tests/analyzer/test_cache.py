"""The content cache: same answers warm or cold, never trusted when broken, safe when shared."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from analyzer import cache as cache_module
from analyzer import project
from analyzer.cache import CACHE_DIR, CACHE_FILE
from analyzer.project import analyze
from tests.conftest import FIXTURES

VERSION = "test-1"


@pytest.fixture
def target(tmp_path: Path) -> Path:
    """A copy of the importkinds fixture (every import kind), with no cache yet."""
    root = tmp_path / "target"
    shutil.copytree(FIXTURES / "importkinds", root)
    return root


@pytest.fixture
def parse_count(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records every file the parser really parses (single process, so the patch holds)."""
    parsed: list[str] = []
    real = project.parse_bytes

    def counting(source: Any, data: bytes) -> Any:
        parsed.append(source.path)
        return real(source, data)

    monkeypatch.setattr(project, "parse_bytes", counting)
    return parsed


def _run(root: Path, version: str | None = VERSION) -> project.Facts:
    return analyze(str(root), jobs=1, cache_version=version)


def test_warm_run_parses_nothing_and_answers_the_same(target: Path, parse_count: list[str]) -> None:
    cold = _run(target)
    assert parse_count and (target / CACHE_DIR / CACHE_FILE).is_file()
    parse_count.clear()
    warm = _run(target)
    assert parse_count == []
    assert warm == cold
    assert _run(target, None) == cold  # --no-cache


def test_a_changed_file_is_parsed_again(target: Path, parse_count: list[str]) -> None:
    _run(target)
    parse_count.clear()
    module = next(target.rglob("*.py"))
    module.write_text(module.read_text() + "\nimport json\n")
    facts = _run(target)
    assert parse_count == [module.relative_to(target).as_posix()]
    assert facts == _run(target, None)


@pytest.mark.parametrize("damage", ["random", "truncated", "empty", "not-a-db-folder"])
def test_a_broken_cache_gives_the_uncached_answer(target: Path, damage: str) -> None:
    expected = _run(target, None)
    _run(target)
    path = target / CACHE_DIR / CACHE_FILE
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    if damage == "random":
        path.write_bytes(os.urandom(path.stat().st_size or 4096))
    elif damage == "truncated":
        path.write_bytes(path.read_bytes()[:1000])
    elif damage == "empty":
        path.write_bytes(b"")
    else:
        path.unlink()
        path.mkdir()  # cannot even be opened as a file
    assert _run(target) == expected
    assert _run(target) == expected


def test_bad_rows_are_ignored_not_trusted(target: Path, parse_count: list[str]) -> None:
    expected = _run(target)
    with sqlite3.connect(target / CACHE_DIR / CACHE_FILE) as db:
        db.execute('UPDATE facts SET value = \'["not", "a parsed file"]\'')
    parse_count.clear()
    assert _run(target) == expected
    assert len(parse_count) == len(expected.parsed)


def test_another_version_drops_every_entry(target: Path, parse_count: list[str]) -> None:
    _run(target)
    parse_count.clear()
    _run(target, "test-2")
    assert len(parse_count) > 0


def test_cache_folder_ignores_itself_for_git(target: Path) -> None:
    _run(target)
    assert (target / CACHE_DIR / ".gitignore").read_text().splitlines()[-1] == "*"


def test_two_runs_at_once_share_the_cache(target: Path) -> None:
    script = (
        "import sys, json; sys.path.insert(0, sys.argv[2]);"
        "from analyzer.project import analyze;"
        "f = analyze(sys.argv[1], jobs=1, cache_version='test-1');"
        "print(json.dumps(sorted(map(str, f.edges))))"
    )
    repo = str(Path(__file__).resolve().parents[2])
    runs = [
        subprocess.Popen([sys.executable, "-c", script, str(target), repo], stdout=subprocess.PIPE)
        for _ in range(4)
    ]
    outputs = [run.communicate(timeout=120)[0] for run in runs]
    assert all(run.returncode == 0 for run in runs)
    assert len(set(outputs)) == 1 and outputs[0].strip() != b"[]"


def test_unopenable_cache_means_uncached_not_failed(target: Path, monkeypatch: Any) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(cache_module.sqlite3, "connect", refuse)
    assert _run(target) == _run(target, None)


def test_check_no_cache_writes_nothing(target: Path, run_cli: Any) -> None:
    code, _, _ = run_cli("check", str(target), "--no-cache")
    assert not (target / CACHE_DIR).exists()
    code2, _, _ = run_cli("check", str(target))
    assert code == code2 and (target / CACHE_DIR).exists()


def test_the_stamp_follows_the_structure_of_parsed_files() -> None:
    import dataclasses

    from analyzer import codec
    from analyzer.facts import ParsedFile

    @dataclasses.dataclass(frozen=True)
    class Extended(ParsedFile):
        extra: int = 0

    assert codec.shape(ParsedFile) != codec.shape(Extended)
    assert cache_module.SCHEMA.endswith(codec.shape(ParsedFile))


def test_a_file_that_joins_a_package_is_parsed_again(tmp_path: Path) -> None:
    """Unchanged bytes, new module name: a new __init__.py must not leave stale facts."""
    (tmp_path / "joinpkg" / "sub").mkdir(parents=True)
    (tmp_path / "otherpkg").mkdir()
    (tmp_path / "otherpkg" / "__init__.py").write_text("")
    (tmp_path / "joinpkg" / "sub" / "mod.py").write_text("import json\n")
    before = _run(tmp_path)  # joinpkg is no package yet: mod.py is outside every package
    assert not any(e.importer == "joinpkg.sub.mod" for e in before.edges)
    (tmp_path / "joinpkg" / "__init__.py").write_text("")
    after = _run(tmp_path)
    assert any(e.importer == "joinpkg.sub.mod" for e in after.edges)
    assert after == _run(tmp_path, None)
