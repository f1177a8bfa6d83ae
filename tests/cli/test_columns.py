"""A view's digest over every file carried from the run before (``fitness.engine.columns``;
ADR-0020, round 7): carried only when no file's digest of that view moved, and then equal
to the digest a pass over every file takes; taken again when one moved, when a file is added
or removed, and when the layout changes."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from fitness.engine import parts, stored_run
from tests.analyzer.trees import CYCLE_SHOP, write_tree

pytestmark = pytest.mark.stored_runs

_CONFIG = '[tool.archfit]\nroot_packages = ["shop"]\n'


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A small project; the stored run is out of the way, so every run judges."""
    monkeypatch.setattr(stored_run, "tree_key", lambda *args, **kwargs: None)
    return write_tree(tmp_path / "p", {**CYCLE_SHOP, "pyproject.toml": _CONFIG})


@pytest.fixture
def carried(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[tuple[str, str]]]:
    """Each view carried in a run ("carried": its digest and the one a pass over every file
    takes in the same run) or taken ("taken")."""
    seen: dict[str, list[tuple[str, str]]] = {"carried": [], "taken": []}
    real = parts.Parts._carried

    def checked(self: parts.Parts, name: str) -> str | None:
        found = real(self, name)
        if self._old.columns is None:  # nothing stored to carry (the pass made below too)
            return found
        if found is None:
            seen["taken"].append((name, ""))
            return None
        old = dataclasses.replace(self._old, columns=None)  # nothing to carry: a pass
        fresh = parts.Parts(self._facts, old, self._code, self._index)
        seen["carried"].append((found, fresh._view_digest(name)))
        return found

    monkeypatch.setattr(parts.Parts, "_carried", checked)
    return seen


def _check(run_cli: Any, root: Path) -> tuple[int, str]:
    code, out, _ = run_cli("check", "--format", "json", str(root))
    return code, out


def _cold(run_cli: Any, root: Path) -> tuple[int, str]:
    code, out, _ = run_cli("check", "--format", "json", "--no-cache", str(root))
    return code, out


def test_a_comment_carries_every_view_it_leaves_and_equals_a_pass(
    run_cli: Any, root: Path, carried: dict[str, list[tuple[str, str]]]
) -> None:
    _check(run_cli, root)
    assert carried["carried"] == [], "nothing stored yet: every view is taken"
    db = root / "shop" / "db.py"
    db.write_text(db.read_text() + "# a comment\n")
    cold = _cold(run_cli, root)
    carried["taken"].clear()
    assert _check(run_cli, root) == cold
    assert carried["carried"], "the views a comment leaves are carried"
    assert all(found == taken for found, taken in carried["carried"])
    assert "internal" not in {name for name, _ in carried["taken"]}


def test_an_import_takes_the_views_it_moves_again(
    run_cli: Any, root: Path, carried: dict[str, list[tuple[str, str]]]
) -> None:
    """An import of the project's own modules moves the file's internal edges, its pairs and
    its fan-out (the views the readers of the graph key on since round 7's h-own): taken over
    every file again; the rest carried, equal to a pass."""
    _check(run_cli, root)
    init = root / "shop" / "__init__.py"
    init.write_text(init.read_text() + "from shop import db\n")
    cold = _cold(run_cli, root)
    carried["taken"].clear()
    assert _check(run_cli, root) == cold
    taken = {name for name, _ in carried["taken"]}
    assert {"internal", "internal_pairs", "fan_out"} <= taken
    assert all(found == fresh for found, fresh in carried["carried"])


def test_a_file_added_takes_every_view_again(
    run_cli: Any, root: Path, carried: dict[str, list[tuple[str, str]]]
) -> None:
    _check(run_cli, root)
    (root / "shop" / "new.py").write_text('"""New."""\n')
    cold = _cold(run_cli, root)
    carried["carried"].clear()
    assert _check(run_cli, root) == cold
    assert carried["carried"] == [], "other paths: nothing is carried"


def test_a_carried_view_is_never_taken_over_every_file(
    run_cli: Any, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What carrying saves, proved by making the pass over every file fail: after a comment,
    the views of the resolved edges (internal, beyond the standard library, class structure)
    are carried, never taken, and the result is still a cold run's."""
    _check(run_cli, root)
    db = root / "shop" / "db.py"
    db.write_text(db.read_text() + "# a comment\n")
    cold = _cold(run_cli, root)
    monkeypatch.setattr(parts.Parts, "_edge_view_digest", lambda self, name: 1 / 0)
    assert _check(run_cli, root) == cold


def test_a_file_without_a_content_key_is_always_compared() -> None:
    """A file without a content key ("") may have other facts under the same "": its place
    is always one to compare, and ``carried`` then takes the view over every file."""
    from fitness.engine.columns import Columns, carried, moved

    old = Columns("files", ("a", "", "c"), {"imports": "over every file"})
    assert moved(old, "files", ["a", "", "c"]) == [1]
    assert moved(old, "files", ["a", "b", "c"]) == [1]
    assert moved(old, "other paths", ["a", "", "c"]) is None
    same = (lambda at, key: "d", lambda at, key: "d")
    assert carried(old, "imports", [1], ["a", "", "c"], same) is None
    assert carried(old, "imports", [], ["a", "x", "c"], same) == "over every file"
