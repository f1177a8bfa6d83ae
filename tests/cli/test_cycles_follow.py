"""The import cycles follow the change (ADR-0020, issue #18's own-imports row): after an
edit of some modules' imports, the stored cycles are brought up to date from the run before
(``import_cycle.updated``) when the edit can neither make, split nor join a cycle, only the
cycles holding an edited module taken again; seeded sequences of edits (imports added at
import time, under ``TYPE_CHECKING`` and in functions, removed, lines shifted) equal a cold
``--no-cache`` run at each step, as JSON, as text and by exit code.
"""

from __future__ import annotations

import json
import random
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from analyzer.facts import Facts
from fitness.checks import import_cycle
from fitness.checks.base import Hit
from fitness.engine import parts
from tests.cli.settled import answered_updates, judged_tree, removed_import, settled_check

pytestmark = pytest.mark.stored_runs

_MODULES = tuple(f"app.{package}.m{i}" for package in ("a", "b") for i in range(4))


def _file(module: str) -> str:
    return module.replace(".", "/") + ".py"


def _tree() -> dict[str, str]:
    """Two packages: an import-time cycle of three modules in ``a``, a cycle closed by a
    function's import in ``b``, and imports down from ``a`` into ``b``."""
    imports = {
        "app.a.m0": ["import app.a.m1", "import app.b.m0"],
        "app.a.m1": ["import app.a.m2"],
        "app.a.m2": ["import app.a.m0"],
        "app.a.m3": ["import app.b.m3"],
        "app.b.m0": ["import app.b.m1"],
        "app.b.m1": ["\n\ndef load():\n    import app.b.m0"],
        "app.b.m2": ["import app.b.m3"],
        "app.b.m3": [],
    }
    files = {"pyproject.toml": '[tool.archfit]\nroot_packages = ["app"]\n'}
    files["app/__init__.py"] = '"""App."""\n'
    for package in ("a", "b"):
        files[f"app/{package}/__init__.py"] = '"""Package."""\n'
    for module, lines in imports.items():
        files[_file(module)] = f'"""{module}."""\n\n' + "\n".join(lines) + "\n"
    return files


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The tree above; the stored run out of the way, so every run judges."""
    return judged_tree(tmp_path / "p", _tree(), monkeypatch)


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each update of the cycles answered (True) or left them to be computed."""
    return answered_updates(monkeypatch, import_cycle)


def _random_edit(rng: random.Random, root: Path, added: dict[str, list[str]]) -> str:
    """An import added to a module (at the top, which shifts its lines, at the bottom, under
    ``TYPE_CHECKING`` or in a function), or one added before removed; returns what it did."""
    removed = removed_import(rng, root, added, (_file, 0.3))
    if removed is not None:
        return removed
    importer, imported = rng.choice(_MODULES), rng.choice(_MODULES)
    where = rng.choice(("top", "bottom", "typed", "function"))
    line = f"import {imported}  # {rng.randrange(10**6)}\n"
    if where == "typed":
        line = f"from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    {line}"
    elif where == "function":
        line = f"\n\ndef f{rng.randrange(10**6)}():\n    {line}"
    added.setdefault(importer, []).append(line)
    path = root / _file(importer)
    text = path.read_text()
    path.write_text(line + text if where == "top" else text + line)
    return f"added {line.strip()!r} to {importer} ({where})"


def _same_as_cold(run_cli: Any, root: Path, step: int, done: str) -> str:
    """The warm run, once checked against a cold one as JSON, as text and by exit code."""
    warm = settled_check(run_cli, root)
    assert warm == settled_check(run_cli, root, "--no-cache"), f"step {step}: {done}"
    code, text, _ = run_cli("check", str(root))
    cold_code, cold_text, _ = run_cli("check", "--no-cache", str(root))
    assert (code, text) == (cold_code, cold_text), f"step {step}: {done}"
    return warm


@pytest.mark.parametrize("seed", [9, 18, 2026])
def test_a_seeded_sequence_of_import_edits_warm_equals_cold(
    run_cli: Any, root: Path, answers: list[bool], seed: int
) -> None:
    """Twelve random edits of the imports in turn; after each, the warm run (the cycles
    brought up to date when they can be) equals a cold one. Some updates answer and some
    do not (a cycle made, split or joined), and the results change along the way."""
    rng = random.Random(seed)
    added: dict[str, list[str]] = {}
    settled_check(run_cli, root)
    outcomes = set()
    for step in range(12):
        done = _random_edit(rng, root, added)
        outcomes.add(_same_as_cold(run_cli, root, step, done))
    assert True in answers and False in answers
    assert len(outcomes) > 2


def test_an_import_inside_a_cycle_takes_that_cycle_alone_again(
    run_cli: Any, root: Path, answers: list[bool], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new import between two modules of the import-time cycle (the benchmark's kind of
    edit): the cycles are brought up to date (their computation fails if called), that
    cycle taken again says to cut another import, and the run equals a cold one."""
    first = settled_check(run_cli, root)
    graph = parts.run_graph

    def refuse(check_impl: Any, facts: Facts, params: Mapping[str, Any]) -> list[Hit]:
        assert check_impl.id != import_cycle.ImportCycleCheck.id, "the cycles were computed"
        return graph(check_impl, facts, params)

    monkeypatch.setattr(parts, "run_graph", refuse)
    path = root / _file("app.a.m2")
    path.write_text(path.read_text() + "import app.a.m1\n")
    warm = _same_as_cold(run_cli, root, 0, "app.a.m2 -> app.a.m1")
    assert answers == [True, True] and warm != first
    assert _cut(first) == ["app.a.m2 -> app.a.m0"] and _cut(warm) == ["app.a.m1 -> app.a.m2"]


def _cut(out: str) -> list[str]:
    """What each import-time cycle of a JSON document says to cut."""
    findings = json.loads(out)["findings"]
    return [f["message"].rpartition("; cut ")[2] for f in findings if f["code"] == "ARC001"]


def _append(root: Path, module: str, line: str) -> None:
    path = root / _file(module)
    path.write_text(path.read_text() + line)


def test_the_record_is_carried_by_a_run_that_reuses_the_cycles(
    run_cli: Any, root: Path, answers: list[bool]
) -> None:
    """A comment between two import edits reuses the cycles and keeps their record for the
    next run, which then brings them up to date rather than computing them."""
    settled_check(run_cli, root)
    _append(root, "app.a.m2", "import app.a.m1\n")
    _same_as_cold(run_cli, root, 0, "an import inside the cycle")
    answers.clear()
    _append(root, "app.b.m2", "# a comment\n")
    _same_as_cold(run_cli, root, 1, "a comment")
    assert answers == []
    _append(root, "app.a.m0", "import app.a.m2\n")
    _same_as_cold(run_cli, root, 2, "another import inside the cycle")
    assert answers == [True, True]


def test_a_record_of_other_imports_is_not_carried_by_a_reuse(
    run_cli: Any, root: Path, answers: list[bool]
) -> None:
    """A cycle made (``b.m3 -> a.m3``, computed), then undone: the run reuses the cycles
    stored before it was made, and must not keep the record of the run with it; the next
    edit (an import inside the ``a`` cycle) then equals a cold run, which has no such
    cycle."""
    settled_check(run_cli, root)
    _append(root, "app.b.m3", "import app.a.m3\n")
    _append(root, "app.a.m3", "import app.b.m2\n")
    _same_as_cold(run_cli, root, 0, "a cycle made")
    for module in ("app.b.m3", "app.a.m3"):
        path = root / _file(module)
        path.write_text(_tree()[_file(module)])
    _same_as_cold(run_cli, root, 1, "the cycle undone")
    _append(root, "app.a.m2", "import app.a.m1\n")
    warm = _same_as_cold(run_cli, root, 2, "an import inside the cycle")
    assert "app.a.m3" not in "".join(_cut(warm))


def test_a_carried_record_holds_the_hits_as_relinked(
    run_cli: Any, root: Path, answers: list[bool]
) -> None:
    """Another import of the pair the ``a`` cycle says to cut: the cycles are reused with
    that cut's lines taken again (``relinked``), and the record is carried with those hits;
    a later import elsewhere brings the cycles up to date from it, and the ``a`` cycle lists
    both lines, as a cold run does."""
    settled_check(run_cli, root)
    _append(root, "app.a.m2", "import app.a.m0  # again\n")
    relinked = _same_as_cold(run_cli, root, 0, "the cut pair imported again")
    assert answers == []
    _append(root, "app.b.m2", "import app.b.m0\n")
    warm = _same_as_cold(run_cli, root, 1, "an import outside every cycle")
    assert answers == [True, True]
    assert _lines(warm) == _lines(relinked) == [[3, 4]]


def _lines(out: str) -> list[list[int]]:
    """The lines of each link of the import-time cycles of a JSON document."""
    findings = json.loads(out)["findings"]
    return [
        link["lines"] for f in findings if f["code"] == "ARC001" for c in f["chains"] for link in c
    ]
