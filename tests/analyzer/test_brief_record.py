"""The brief record (``analyzer.brief_record``; ADR-0020): a warm run finds every unchanged
file's brief in one record, a file whose entry no longer describes it is looked up as before,
and a record archfit did not write, for this module index and version, is never read."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from analyzer.brief_record import BRIEFS_FILE, read_briefs
from analyzer.cache import CACHE_DIR, FactsCache
from analyzer.deferred import deferred_files, index_digest, record_stamp
from analyzer.facts import DeferredFile, SourceFile
from analyzer.graph import layout_index
from analyzer.project import analyze
from fitness import __version__
from tests.analyzer.trees import SHOP, write_tree

_FILES = {
    **SHOP,
    "shop/plain.py": '"""Plain."""\n\nVALUE = 1\n',
}


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return write_tree(tmp_path, _FILES)


def _analyze(root: Path, cache: bool = True) -> Any:
    return analyze(
        str(root), root_packages=["shop"], cache_version=__version__ if cache else None,
        defer=True,
    )  # fmt: skip


def _record(root: Path) -> Path:
    return root / CACHE_DIR / BRIEFS_FILE


def _looked_up_in_the_database(monkeypatch: pytest.MonkeyPatch) -> list[set[str]]:
    """The content keys whose briefs each run asks the database for."""
    asked: list[set[str]] = []
    real = FactsCache.briefs

    def briefs(self: FactsCache, keys: Any) -> dict[str, str]:
        asked.append(set(keys))
        return real(self, keys)

    monkeypatch.setattr(FactsCache, "briefs", briefs)
    return asked


def test_a_warm_run_reads_every_brief_from_the_record(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cold = _analyze(root, cache=False)
    _analyze(root)
    assert _record(root).is_file()
    written = _record(root).stat().st_mtime_ns
    asked = _looked_up_in_the_database(monkeypatch)
    warm = _analyze(root)
    assert all(isinstance(p, DeferredFile) and not p.decoded for p in warm.parsed)
    assert asked == [set()], "no brief read from the database"
    assert [p.suppression_comments for p in warm.parsed] == [
        p.suppression_comments for p in cold.parsed
    ]
    assert warm.blind_spots == cold.blind_spots
    assert warm == cold
    assert _record(root).stat().st_mtime_ns == written, "nothing changed: not written again"


def test_only_the_files_with_something_to_say_keep_a_brief(root: Path) -> None:
    """A file with no problem, blind spot, suppression comment or missing import keeps an
    empty brief (its source is the entry's key)."""
    _analyze(root)
    warm = _analyze(root)
    index = index_digest(layout_index(warm.layout))
    record = read_briefs(str(root / CACHE_DIR), record_stamp(__version__, index))
    assert {path for path, entry in record.items() if entry[4]} == {"shop/api.py", "shop/db.py"}
    assert set(record) == set(_FILES)


def test_an_edited_file_is_parsed_and_its_entry_renewed(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _analyze(root)
    time.sleep(0.01)
    (root / "shop" / "plain.py").write_text('"""Plain."""\n\nVALUE = 2  # archfit: ignore[X]\n')
    warm = _analyze(root)
    deferred = {p.source.path for p in warm.parsed if isinstance(p, DeferredFile)}
    assert deferred == set(_FILES) - {"shop/plain.py"}
    assert warm == _analyze(root, cache=False)
    asked = _looked_up_in_the_database(monkeypatch)
    again = _analyze(root)
    assert all(isinstance(p, DeferredFile) for p in again.parsed) and asked == [set()]
    assert again == _analyze(root, cache=False)


@pytest.mark.parametrize(
    "source",
    [SourceFile("shop/plain.py", "shop.other"), SourceFile("shop/plain.py", "shop.plain", True)],
)
def test_an_entry_of_another_module_is_not_read(root: Path, source: SourceFile) -> None:
    """The module and package flag are inputs of a file's facts the record keeps: a file
    under another name is no entry's (its brief comes from the database, keyed on them)."""
    _analyze(root)
    warm = _analyze(root)
    index = index_digest(layout_index(warm.layout))
    cache = FactsCache.open(str(root), __version__)
    assert cache is not None
    found = deferred_files(cache, str(root), [source], index)
    same = deferred_files(cache, str(root), [SourceFile("shop/plain.py", "shop.plain")], index)
    cache.close()
    assert found.files == {} and not found.current
    assert set(same.files) == {"shop/plain.py"}


@pytest.mark.parametrize("stamp", ["index", "version"])
def test_a_record_of_another_index_or_version_is_not_read(root: Path, stamp: str) -> None:
    _analyze(root)
    warm = _analyze(root)
    index = index_digest(layout_index(warm.layout))
    folder = str(root / CACHE_DIR)
    assert read_briefs(folder, record_stamp(__version__, index))
    other = (__version__, "0" * 64) if stamp == "index" else ("0.0.0", index)
    assert read_briefs(folder, record_stamp(*other)) == {}


def test_a_new_module_rewrites_the_record(root: Path) -> None:
    """``from shop import nowhere`` is a missing import until shop/nowhere.py exists: every
    brief's missing imports are found again against the new index."""
    _analyze(root)
    (root / "shop" / "nowhere.py").write_text('"""Here now."""\n')
    warm = _analyze(root)
    assert not any(isinstance(p, DeferredFile) for p in warm.parsed)
    assert warm == _analyze(root, cache=False)
    index = index_digest(layout_index(warm.layout))
    record = read_briefs(str(root / CACHE_DIR), record_stamp(__version__, index))
    assert set(record) == {*_FILES, "shop/nowhere.py"}


def _forge(root: Path, change: Any) -> None:
    """Rewrite the record's body with ``change`` applied, its MAC left as it was."""
    mac, _, body = _record(root).read_bytes().partition(b"\n")
    _record(root).write_bytes(mac + b"\n" + json.dumps(change(json.loads(body))).encode())


def _silence_api(record: dict[str, list[Any]]) -> dict[str, list[Any]]:
    record["shop/api.py"][4] = ""  # its suppression comment and missing import gone
    return record


def test_a_tampered_record_is_not_read(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _analyze(root)
    _forge(root, _silence_api)
    asked = _looked_up_in_the_database(monkeypatch)
    warm = _analyze(root)
    assert asked and asked[0] == {key for key in warm.keys.values()}, (
        "every brief read from the database"
    )
    assert warm == _analyze(root, cache=False)


def test_a_record_written_by_another_user_is_not_read(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _analyze(root)
    warm = _analyze(root)
    index = index_digest(layout_index(warm.layout))
    monkeypatch.setattr("analyzer.records.user_key", lambda: b"k" * 32)
    assert read_briefs(str(root / CACHE_DIR), record_stamp(__version__, index)) == {}
