"""The folder listings a run's stat index remembers (``stored_run.LISTINGS_FILE``; ADR-0020):
a warm walk lists no folder whose signature is unchanged, and a record archfit did not write
for this tree is never read. That a remembered listing never hides a change is proved in
``tests/analyzer/test_stat_index.py`` (``test_remembered_listings_see_every_change``)."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path
from typing import Any

import pytest

from analyzer.folders import CACHE_DIR, PRUNED_DIRS
from analyzer.stat_index import tree_lines
from fitness.engine import stored_run
from fitness.engine.stored_run import LISTINGS_FILE, remembered_listings, tree_index


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A project with a package, locale data and its cache folder, settled past the racy
    window."""
    root = tmp_path / "tree"
    (root / "pkg" / "locale" / "fr" / "LC_MESSAGES").mkdir(parents=True)
    (root / "pkg" / "__init__.py").write_text("")
    (root / "pkg" / "locale" / "fr" / "LC_MESSAGES" / "django.po").write_text("")
    (root / CACHE_DIR).mkdir()
    time.sleep(stored_run._RACY_NS / 1e9 + 0.02)
    return root


def _record(root: Path) -> Path:
    return root / CACHE_DIR / LISTINGS_FILE


def _lines(root: Path) -> list[str]:
    index = tree_index(str(root), ())
    assert index is not None
    return sorted(index.lines)


def test_a_warm_walk_lists_no_unchanged_folder(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cold = _lines(tree)
    assert _record(tree).is_file()
    assert sorted(tree_lines(str(tree)) or []) == cold
    written = _record(tree).stat().st_mtime_ns
    scandir = os.scandir

    def listed(path: str) -> Any:
        assert os.path.basename(path) in PRUNED_DIRS, f"{path} listed again"
        return scandir(path)

    monkeypatch.setattr(os, "scandir", listed)
    assert _lines(tree) == cold
    assert _record(tree).stat().st_mtime_ns == written, "nothing changed: not written again"


def test_a_changed_folder_is_listed_and_remembered_anew(tree: Path) -> None:
    _lines(tree)
    (tree / "pkg" / "locale" / "fr" / "LC_MESSAGES" / "django.mo").write_text("")
    time.sleep(stored_run._RACY_NS / 1e9 + 0.02)
    assert _lines(tree) == sorted(tree_lines(str(tree)) or [])
    folder = str(tree / "pkg" / "locale" / "fr" / "LC_MESSAGES")
    assert "django.mo" in remembered_listings(str(tree), str(tree))[folder][1]


def _forge(root: Path, change: Any) -> None:
    """Rewrite the record's body with ``change`` applied, its MAC left as it was."""
    mac, _, body = _record(root).read_bytes().partition(b"\n")
    record = change(json.loads(body))
    _record(root).write_bytes(mac + b"\n" + json.dumps(record).encode())


def _hide_the_po_file(record: list[list[str]]) -> list[list[str]]:
    folders, signatures, names, kinds = record
    at = next(i for i, folder in enumerate(folders) if folder.endswith("LC_MESSAGES"))
    names[at], kinds[at] = "", ""
    return [folders, signatures, names, kinds]


def test_a_tampered_record_is_not_read(tree: Path) -> None:
    """A listing that lies (a file left out) under the MAC of the true one is ignored."""
    cold = _lines(tree)
    _forge(tree, _hide_the_po_file)
    assert remembered_listings(str(tree), str(tree)) == {}
    assert _lines(tree) == cold
    assert remembered_listings(str(tree), str(tree)) != {}, "written anew"


def test_a_record_of_another_tree_is_not_read(tree: Path, tmp_path: Path) -> None:
    _lines(tree)
    copy = tmp_path / "copy"
    shutil.copytree(tree, copy, symlinks=True)
    assert remembered_listings(str(copy), str(copy)) == {}
    assert remembered_listings(str(tree), str(copy)) == {}
    assert remembered_listings(str(tree), str(tree)) != {}


def test_a_linked_cache_folder_is_not_read(tree: Path, tmp_path: Path) -> None:
    _lines(tree)
    elsewhere = tmp_path / "elsewhere"
    (tree / CACHE_DIR).rename(elsewhere)
    (tree / CACHE_DIR).symlink_to(elsewhere)
    assert remembered_listings(str(tree), str(tree)) == {}


@pytest.mark.parametrize(
    "body",
    [
        b"[]",
        b"{}",
        b'[["a"], ["s"], ["n"], []]',
        b'[["a"], ["s"], ["n"], ["ff"]]',
        b'[["a"], [1], ["n"], ["f"]]',
        b'[["a"], ["s"], [["n"]], ["f"]]',
        b'[["a"], ["s"], ["n\\u0000m"], ["f"]]',
        b"x",
    ],
)
def test_a_record_of_another_shape_is_not_read(tree: Path, body: bytes) -> None:
    """Even under a valid MAC (archfit's own, from another version), a body that is not four
    columns of strings with a kind per name is no memo."""
    from analyzer.cache_trust import seal, user_key

    _lines(tree)
    mac = seal(user_key(), LISTINGS_FILE, str(tree), body.decode()).hex()
    _record(tree).write_bytes(mac.encode() + b"\n" + body)
    assert remembered_listings(str(tree), str(tree)) == {}
