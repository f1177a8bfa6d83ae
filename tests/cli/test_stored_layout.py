"""The layout of a computed run, kept while the folders discovery reads are unchanged
(``fitness.engine.stored_layout``; ADR-0020). That a stale layout is never used is proved by
``test_warm_equals_cold.py`` (files added, deleted and renamed, a ``.gitignore`` edited, a
folder made a project of its own); here, that it is used, and when it is not stored."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest

from analyzer import project
from analyzer.facts import Layout
from analyzer.stat_index import RecordedListings, StatIndex, tree_lines
from fitness.config import load_config
from fitness.engine import stored_run
from fitness.engine.check import RunOptions, gather
from fitness.engine.stored_layout import LAYOUT_FILE, layout_key, listing_digest, stored_layout
from tests.cli.gitrepo import commit, edit, git


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A committed project: a package of three modules."""
    root = tmp_path / "repo"
    edit(root, "pyproject.toml", '[tool.archfit]\nroot_packages = ["shop"]\n')
    edit(root, "shop/__init__.py", '"""Shop."""\n')
    edit(root, "shop/api.py", '"""API."""\n\nfrom shop import store\n')
    edit(root, "shop/store.py", '"""Store."""\n\nprint("rows")\n')
    git(root, "init", "-q", "-b", "main")
    commit(root, "shop")
    return root


def _settled() -> None:
    """Wait out the racy window: a tree changed this instant is not indexed."""
    time.sleep(stored_run._RACY_NS / 1e9 + 0.02)


def test_an_edit_run_reuses_the_layout_without_discovering(
    repo: Path, run_cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a comment is added, the computed run takes the stored layout (discovery would
    fail here) and prints what a cold run prints."""
    args = ("check", "--format", "json", str(repo))
    _settled()
    run_cli(*args)
    assert (repo / ".archfit_cache" / LAYOUT_FILE).is_file()
    edit(repo, "shop/store.py", '"""Store."""\n\nprint("rows")\n# a comment\n')
    _settled()

    def no_discovery(*args: object, **kwargs: object) -> Layout:
        raise AssertionError("discovered again")

    with monkeypatch.context() as patched:
        patched.setattr(project, "discover", no_discovery)
        warm = run_cli(*args)
    assert warm == run_cli(*args, "--no-cache")


def test_the_key_follows_what_discovery_reads() -> None:
    """A module's own signature is no input (its content is not what discovery reads); its
    kind is, and so is every other file's signature (a ``.gitignore``, a configuration)."""
    lines = ["/r/a.py\x0081a4:10:1:1:7", "/r/.gitignore\x0081a4:3:1:1:8", "/r/d\x0041ed:folder"]
    edited = ["/r/a.py\x0081a4:99:2:2:7", *lines[1:]]
    assert listing_digest(edited) == listing_digest(lines)
    assert listing_digest(list(reversed(lines))) == listing_digest(lines)
    linked = ["/r/a.py\x00a1ff:10:1:1:7->dangling", *lines[1:]]
    assert listing_digest(linked) != listing_digest(lines)
    ignored = [lines[0], "/r/.gitignore\x0081a4:9:5:5:8", lines[2]]
    assert listing_digest(ignored) != listing_digest(lines)


def test_a_layout_from_a_folder_the_index_did_not_list_is_not_stored(repo: Path) -> None:
    """Discovery that had to list a folder itself (one the index does not hold) read what no
    key covers: its layout is not stored."""
    _settled()
    listings: dict[str, Any] = {}
    lines = tree_lines(str(repo), listings=listings)
    assert lines is not None
    partial = {k: v for k, v in listings.items() if not k.endswith(f"{os.sep}shop")}
    index = StatIndex(str(repo), tuple(lines), partial)
    config = load_config(str(repo))
    (repo / ".archfit_cache").mkdir()
    facts = gather(str(repo), config, RunOptions(index=index))
    assert [f.path for f in facts.layout.files if f.module] == [
        "shop/__init__.py", "shop/api.py", "shop/store.py",
    ]  # fmt: skip
    assert not (repo / ".archfit_cache" / LAYOUT_FILE).exists()
    recorded = RecordedListings(partial)
    assert recorded.get(str(repo / "shop")) is None and recorded.missed
    whole = StatIndex(str(repo), tuple(lines), listings)
    gather(str(repo), config, RunOptions(index=whole))
    options = (config.source_roots, config.root_packages, config.exclude)
    key = layout_key(str(repo), options, whole)
    assert key is not None and stored_layout(str(repo), key) == facts.layout
    assert stored_layout(str(repo), key[::-1]) is None  # another key: the MAC does not hold


def test_a_project_s_key_reads_its_own_lines_alone(repo: Path) -> None:
    """In a monorepo each project's key covers the entries under its root: a file added in
    another project leaves it, one added in its own changes it; a root the index does not
    cover has no key."""
    edit(repo, "services/chat/chat/__init__.py", '"""Chat."""\n')
    project = repo / "services" / "chat"
    options: tuple[None, None, tuple[str, ...]] = (None, None, ())

    def key() -> str | None:
        lines = tree_lines(str(repo))
        assert lines is not None
        return layout_key(str(project), options, StatIndex(str(repo), tuple(lines)))

    before = key()
    edit(repo, "shop/extra.py", '"""Outside the chat project."""\n')
    assert key() == before is not None
    edit(repo, "services/chat/chat/extra.py", '"""Inside it."""\n')
    assert key() != before
    lines = tree_lines(str(project))
    assert lines is not None
    assert layout_key(str(repo), options, StatIndex(str(project), tuple(lines))) is None
