"""A cache archfit did not write is never read (ADR-0008): forged, committed or symlinked."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from analyzer import cache_trust
from analyzer.cache import CACHE_DIR, CACHE_FILE, FactsCache, Fresh, content_key
from analyzer.discovery import discover
from analyzer.parsing.parse import parse_bytes
from analyzer.project import analyze
from fitness.engine import stored_run
from tests.cli.gitrepo import commit, fixture_repo, git
from tests.conftest import FIXTURES, check_json


@pytest.fixture
def attacker(tmp_path: Path) -> Iterator[Path]:
    """Another user's key folder (the test switches to it and back with ``_as_user``)."""
    home = tmp_path / "attacker-cache"
    home.mkdir(mode=0o700)
    yield home
    cache_trust._user_key.cache_clear()


def _as_user(monkeypatch: pytest.MonkeyPatch, home: Path | str) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    cache_trust._user_key.cache_clear()


def _forge(repo: Path) -> None:
    """Harmless facts (those of an empty file) under the content key of every file's real
    bytes, sealed with the current key: what a pull request could commit."""
    version = stored_run.cache_version()  # what ``archfit check`` keys its cache on
    layout = discover(str(repo), root_packages=["chatapp"])
    fresh = [
        Fresh(parse_bytes(src, b""), content_key(version, src, (repo / src.path).read_bytes()))
        for src in layout.files
    ]
    cache = FactsCache.open(str(repo), version)
    assert cache is not None
    cache.store(fresh)
    cache.close()


def _verdict(run_cli: Any, *args: str) -> tuple[int, list[tuple[str, str]]]:
    code, doc = check_json(run_cli, *args)
    return code, sorted((f["code"], f["subject"]) for f in doc["findings"])


def test_a_committed_forged_cache_gives_the_uncached_verdict(
    tmp_path: Path, run_cli: Any, monkeypatch: pytest.MonkeyPatch, attacker: Path
) -> None:
    repo = fixture_repo(tmp_path, "chatapp")
    honest = _verdict(run_cli, "--no-cache", str(repo))
    assert honest[0] == 1 and len(honest[1]) == 2
    real_home = os.environ["XDG_CACHE_HOME"]
    _as_user(monkeypatch, attacker)
    _forge(repo)
    # The forgery works for whoever holds its key: the check below is not vacuous.
    code, forged = _verdict(run_cli, str(repo))
    assert code == 0 and forged != honest[1]
    git(repo, "add", "-f", CACHE_DIR)
    commit(repo, "a cache")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(repo), str(clone))
    assert (clone / CACHE_DIR / CACHE_FILE).is_file()
    _as_user(monkeypatch, real_home)
    assert _verdict(run_cli, str(clone)) == honest
    code, out, _ = run_cli("check", str(clone))
    assert code == 1 and "git tracks files in" in out + _


def test_a_forged_cache_outside_git_fails_authentication(
    tmp_path: Path, run_cli: Any, monkeypatch: pytest.MonkeyPatch, attacker: Path
) -> None:
    repo = tmp_path / "chatapp"  # a tarball, not a clone: nothing tracks the cache
    shutil.copytree(FIXTURES / "chatapp", repo, ignore=shutil.ignore_patterns(CACHE_DIR))
    honest = _verdict(run_cli, "--no-cache", str(repo))
    real_home = os.environ["XDG_CACHE_HOME"]
    _as_user(monkeypatch, attacker)
    _forge(repo)
    _as_user(monkeypatch, real_home)
    assert _verdict(run_cli, str(repo)) == honest
    assert _verdict(run_cli, str(repo)) == honest  # and the rebuilt cache holds the truth


def _victim(path: Path) -> None:
    """Someone's database with tables named like the cache's, holding 50 rows."""
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE facts (key TEXT, value TEXT)")
        db.execute("CREATE TABLE files (path TEXT)")
        db.executemany("INSERT INTO facts VALUES (?, 'precious')", [(str(i),) for i in range(50)])
    db.close()


def _rows(path: Path) -> tuple[int, str]:
    with sqlite3.connect(path) as db:
        count = db.execute("SELECT count(*) FROM facts").fetchone()[0]
        mode = db.execute("PRAGMA journal_mode").fetchone()[0]
    db.close()
    return count, mode


@pytest.fixture
def target(tmp_path: Path) -> Path:
    root = tmp_path / "target"
    shutil.copytree(FIXTURES / "importkinds", root)
    return root


@pytest.mark.parametrize(
    "link", [CACHE_FILE, *(f"{CACHE_FILE}-{s}" for s in ("wal", "shm", "journal"))]
)
def test_a_symlinked_database_is_never_opened_through_the_link(
    target: Path, tmp_path: Path, link: str
) -> None:
    victim = tmp_path / "victim.sqlite3"
    _victim(victim)
    expected = analyze(str(target), jobs=1)
    (target / CACHE_DIR).mkdir()
    (target / CACHE_DIR / link).symlink_to(victim)
    assert analyze(str(target), jobs=1, cache_version="v") == expected
    assert _rows(victim) == (50, "delete")
    assert not (target / CACHE_DIR / link).is_symlink()
    assert analyze(str(target), jobs=1, cache_version="v") == expected  # cached now


def test_a_symlinked_cache_folder_is_refused_with_a_warning(target: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    _victim(elsewhere / CACHE_FILE)
    (target / CACHE_DIR).symlink_to(elsewhere, target_is_directory=True)
    facts = analyze(str(target), jobs=1, cache_version="v")
    assert facts.parsed == analyze(str(target), jobs=1).parsed
    assert _rows(elsewhere / CACHE_FILE) == (50, "delete")
    assert sorted(os.listdir(elsewhere)) == [CACHE_FILE]
    assert len(facts.notes) == 1 and "symlink" in facts.notes[0]


def test_the_gitignore_is_never_written_through_a_link(target: Path, tmp_path: Path) -> None:
    (target / CACHE_DIR).mkdir()
    (target / CACHE_DIR / ".gitignore").symlink_to(tmp_path / "outside")
    analyze(str(target), jobs=1, cache_version="v")
    assert not (tmp_path / "outside").exists()


def _seal_all(root: Path, sql: str, *args: object) -> None:
    """Change the cache's rows, then seal them with the user's own key (as if archfit had
    written them): decoding itself must then cope."""
    key = cache_trust.user_key()
    with sqlite3.connect(root / CACHE_DIR / CACHE_FILE) as db:
        db.execute(sql, args)
        for k, value in db.execute("SELECT key, value FROM facts").fetchall():
            mac = cache_trust.seal(key, k, value) if isinstance(value, str) else b""
            db.execute("UPDATE facts SET mac = ? WHERE key = ?", (mac, k))
    db.close()


CRAFTED = {
    "deep-json": ("UPDATE facts SET value = ?", "[" * 100_000 + "]" * 100_000),
    "deep-in-a-field": ("UPDATE facts SET value = ?", '[["a"' + ",[" * 60 + "]" * 61 + "]"),
    "text-in-used": ("UPDATE facts SET used = 'yesterday'",),
    "number-as-value": ("UPDATE facts SET value = 42",),
    "text-mac": ("UPDATE facts SET mac = 'abc'",),
    "forged-files-row": ("UPDATE files SET key = 'x', mac = x'00'",),
}


@pytest.mark.parametrize("crafted", sorted(CRAFTED))
def test_a_crafted_entry_heals_on_the_next_run(target: Path, crafted: str) -> None:
    expected = analyze(str(target), jobs=1, cache_version="v")
    sql, *args = CRAFTED[crafted]
    if crafted in ("text-mac", "forged-files-row"):
        with sqlite3.connect(target / CACHE_DIR / CACHE_FILE) as db:
            db.execute(sql, args)
        db.close()
    else:
        _seal_all(target, sql, *args)
    assert analyze(str(target), jobs=1, cache_version="v") == expected
    assert analyze(str(target), jobs=1, cache_version="v") == expected
    with sqlite3.connect(target / CACHE_DIR / CACHE_FILE) as db:
        kinds = set(db.execute("SELECT typeof(value), typeof(used), typeof(mac) FROM facts"))
    db.close()
    assert kinds == {("text", "integer", "blob")}


def test_the_key_is_private_and_kept_outside_the_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: Path
) -> None:
    _as_user(monkeypatch, tmp_path / "xdg")
    analyze(str(target), jobs=1, cache_version="v")
    folder = tmp_path / "xdg" / "archfit"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / "key").stat().st_mode) == 0o600
    assert len((folder / "key").read_bytes()) == cache_trust.KEY_BYTES
    assert not list(target.rglob("key"))
    cache_trust._user_key.cache_clear()


def test_a_key_open_to_others_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: Path
) -> None:
    _as_user(monkeypatch, tmp_path / "xdg")
    cache_trust.user_key()
    (tmp_path / "xdg" / "archfit" / "key").chmod(0o644)
    _as_user(monkeypatch, tmp_path / "xdg")
    facts = analyze(str(target), jobs=1, cache_version="v")
    assert facts.notes and "open to other users" in facts.notes[0]
    assert not (target / CACHE_DIR).exists()
    cache_trust._user_key.cache_clear()


def test_no_place_for_a_key_means_uncached_with_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: Path, run_cli: Any
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    _as_user(monkeypatch, blocker)
    facts = analyze(str(target), jobs=1, cache_version="v")
    assert facts.parsed == analyze(str(target), jobs=1).parsed
    assert facts.notes and "running without the content cache" in facts.notes[0]
    _, out, err = run_cli("check", str(target))
    assert "running without the content cache" in out + err
    assert not (target / CACHE_DIR).exists()
    cache_trust._user_key.cache_clear()


def test_an_older_schema_is_dropped_and_rebuilt(target: Path) -> None:
    (target / CACHE_DIR).mkdir()
    with sqlite3.connect(target / CACHE_DIR / CACHE_FILE) as db:
        db.execute("CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)")
        db.execute("INSERT INTO meta VALUES ('version', 'v/1-old')")
        db.execute("CREATE TABLE files (path TEXT PRIMARY KEY, signature TEXT, key TEXT)")
        db.execute("CREATE TABLE facts (key TEXT PRIMARY KEY, value BLOB, used INTEGER)")
    db.close()
    expected = analyze(str(target), jobs=1)
    assert analyze(str(target), jobs=1, cache_version="v") == expected
    with sqlite3.connect(target / CACHE_DIR / CACHE_FILE) as db:
        assert db.execute("SELECT count(*) FROM facts").fetchone()[0] == len(expected.parsed)
    db.close()


@pytest.mark.parametrize("what", ["folder", "file"])
def test_a_symlinked_key_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: Path, what: str
) -> None:
    """Someone who can plant a link in the key's place must not choose the key."""
    planted = tmp_path / "planted"
    planted.mkdir(mode=0o700)
    (planted / "key").write_bytes(b"k" * cache_trust.KEY_BYTES)
    (planted / "key").chmod(0o600)
    (tmp_path / "xdg").mkdir()
    if what == "folder":
        (tmp_path / "xdg" / "archfit").symlink_to(planted, target_is_directory=True)
    else:
        (tmp_path / "xdg" / "archfit").mkdir(mode=0o700)
        (tmp_path / "xdg" / "archfit" / "key").symlink_to(planted / "key")
    _as_user(monkeypatch, tmp_path / "xdg")
    facts = analyze(str(target), jobs=1, cache_version="v")
    assert facts.notes and "running without the content cache" in facts.notes[0]
    cache_trust._user_key.cache_clear()


def test_without_a_home_the_key_is_never_kept_in_a_relative_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: Path
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")  # not absolute: ignored (XDG)
    monkeypatch.setattr(os.path, "expanduser", lambda path: path)  # no home to expand
    monkeypatch.chdir(target)
    facts = analyze(str(target), jobs=1, cache_version="v")
    assert facts.notes and "no home folder" in facts.notes[0]
    assert not (target / "relative").exists() and not (target / "~").exists()
