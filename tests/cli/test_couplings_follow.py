"""The package couplings follow the change (ADR-0020, issue #18's own-imports row): after an
edit, main-sequence distance and stable dependencies are brought up to date from the run
before (``coupling_view.updated``: each package's afferent and efferent couplings and class
counts moved by the edited modules' crossing imports and classes before and after it);
seeded sequences of edits (own imports added and removed within and across packages, at the
top, the bottom, in functions and under ``TYPE_CHECKING``, which break and mend two contracts,
one of them ignoring an import on its own copy of the graph; classes and abstract classes
added; files added and deleted) equal a cold ``--no-cache`` run at each step, as JSON, as text
and by exit code.
"""

from __future__ import annotations

import json
import random
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from analyzer.facts import Facts
from fitness.checks import coupling_view, main_sequence_distance
from fitness.checks.base import Hit
from fitness.engine import parts
from tests.cli.settled import answered_updates, judged_tree, removed_import, settled_check

pytestmark = pytest.mark.stored_runs

_PACKAGES = ("a", "b", "c", "a.x")
_MODULES = tuple(f"app.{package}.m{i}" for package in _PACKAGES for i in range(3))
_CONFIG = """[tool.archfit]
root_packages = ["app"]

[tool.archfit.rules]
main-sequence-distance = { min_coupling = 1, min_modules = 1, threshold = 0.3 }
stable-dependencies = { min_coupling = 1, margin = 0.0 }

[[tool.archfit.contracts]]
id = "c-off-a"
name = "c never reaches a"
type = "forbidden"
source_modules = ["app.c"]
forbidden_modules = ["app.a"]

[[tool.archfit.contracts]]
id = "layers"
name = "a over b over c"
type = "layers"
layers = ["app.a", "app.b", "app.c"]
ignore_imports = ["app.a.m0 -> app.b.m0"]
"""
_CODES = ("ARC002", "ARC003")


def _file(module: str) -> str:
    return module.replace(".", "/") + ".py"


def _tree() -> dict[str, str]:
    """Four packages (``a.x`` inside ``a``), three modules each, imports across them and an
    abstract class in ``c``."""
    imports = {
        "app.a.m0": ["import app.b.m0", "import app.a.x.m0"],
        "app.a.m1": ["import app.c.m1"],
        "app.a.x.m1": ["import app.b.m2"],
        "app.b.m0": ["import app.c.m0"],
        "app.b.m1": ["import app.b.m2"],
        "app.c.m2": ["from abc import ABC\n\n\nclass Port(ABC):\n    pass"],
    }
    files = {"pyproject.toml": _CONFIG, "app/__init__.py": '"""App."""\n'}
    for package in _PACKAGES:
        files[f"app/{package.replace('.', '/')}/__init__.py"] = '"""Package."""\n'
    for module in _MODULES:
        body = "\n".join(imports.get(module, []))
        files[_file(module)] = f'"""{module}."""\n\n{body}\n'
    return files


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The tree above; the stored run out of the way, so every run judges."""
    return judged_tree(tmp_path / "p", _tree(), monkeypatch)


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each update of the couplings answered (True) or left them to be computed."""
    return answered_updates(monkeypatch, coupling_view)


def _random_import(rng: random.Random, root: Path, added: dict[str, list[str]]) -> str:
    """An own import added to a module (at the top, which shifts its lines, at the bottom,
    under ``TYPE_CHECKING`` or in a function); returns what it did."""
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


def _random_class(rng: random.Random, root: Path, added: dict[str, list[str]]) -> str:
    """A class (concrete, an ABC or a Protocol) added at the bottom of a module."""
    module = rng.choice(_MODULES)
    base = rng.choice(("", "(__import__('abc').ABC)", "(__import__('typing').Protocol)"))
    line = f"\n\nclass C{rng.randrange(10**6)}{base}:\n    pass\n"
    added.setdefault(module, []).append(line)
    path = root / _file(module)
    path.write_text(path.read_text() + line)
    return f"added a class{base} to {module}"


def _random_file(rng: random.Random, root: Path, extra: list[str]) -> str:
    """A module added to a package (importing another), or one added before deleted."""
    if extra and rng.random() < 0.5:
        module = extra.pop(rng.randrange(len(extra)))
        (root / _file(module)).unlink()
        return f"deleted {module}"
    module = f"app.{rng.choice(_PACKAGES)}.n{rng.randrange(10**6)}"
    extra.append(module)
    (root / _file(module)).write_text(f'"""New."""\n\nimport {rng.choice(_MODULES)}\n')
    return f"added {module}"


def _random_edit(
    rng: random.Random, root: Path, added: dict[str, list[str]], extra: list[str]
) -> str:
    """One edit of the kinds the module's docstring lists; returns what it did."""
    removed = removed_import(rng, root, added, (_file, 0.3))
    if removed is not None:
        return removed
    kind = rng.random()
    if kind < 0.65:
        return _random_import(rng, root, added)
    if kind < 0.85:
        return _random_class(rng, root, added)
    return _random_file(rng, root, extra)


def _same_as_cold(run_cli: Any, root: Path, step: int, done: str) -> str:
    """The warm run, once checked against a cold one as JSON, as text and by exit code."""
    warm = settled_check(run_cli, root)
    assert warm == settled_check(run_cli, root, "--no-cache"), f"step {step}: {done}"
    code, text, _ = run_cli("check", str(root))
    cold_code, cold_text, _ = run_cli("check", "--no-cache", str(root))
    assert (code, text) == (cold_code, cold_text), f"step {step}: {done}"
    return warm


def _couplings(out: str) -> tuple[str, ...]:
    """The main-sequence distance and stable dependencies findings of a JSON document."""
    return tuple(f["message"] for f in json.loads(out)["findings"] if f["code"] in _CODES)


def _broken(out: str) -> tuple[str, ...]:
    """The contracts a JSON document says are broken."""
    return tuple(f["subject"] for f in json.loads(out)["findings"] if f["code"].startswith("CON"))


@pytest.mark.parametrize("seed", [5, 18, 2026])
def test_a_seeded_sequence_of_edits_warm_equals_cold(
    run_cli: Any, root: Path, answers: list[bool], seed: int
) -> None:
    """Sixteen random edits in turn; after each, the warm run (the couplings brought up to
    date when they can be) equals a cold one. Updates answer, and the findings of the two
    rules and the contracts broken change along the way."""
    rng = random.Random(seed)
    added: dict[str, list[str]] = {}
    extra: list[str] = []
    first = settled_check(run_cli, root)
    outcomes, contracts = {_couplings(first)}, {_broken(first)}
    for step in range(16):
        done = _random_edit(rng, root, added, extra)
        warm = _same_as_cold(run_cli, root, step, done)
        outcomes.add(_couplings(warm))
        contracts.add(_broken(warm))
    assert True in answers
    assert len(outcomes) > 2 and len(contracts) > 1


def _append(root: Path, module: str, line: str) -> None:
    path = root / _file(module)
    path.write_text(path.read_text() + line)


def test_an_import_across_packages_brings_the_couplings_up_to_date(
    run_cli: Any, root: Path, answers: list[bool], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An import from ``c`` up into ``a`` (the benchmark's kind of edit, across packages):
    neither rule is computed (their computation fails if called), each package's couplings
    move, and the run equals a cold one."""
    first = settled_check(run_cli, root)
    graph = parts.run_graph
    refused = (main_sequence_distance.MainSequenceDistanceCheck.id, "stable-dependencies")

    def refuse(check_impl: Any, facts: Facts, params: Mapping[str, Any]) -> list[Hit]:
        assert check_impl.id not in refused, "the couplings were computed"
        return graph(check_impl, facts, params)

    monkeypatch.setattr(parts, "run_graph", refuse)
    _append(root, "app.c.m0", "import app.a.m2\n")
    warm = _same_as_cold(run_cli, root, 0, "app.c.m0 -> app.a.m2")
    assert answers == [True, True]
    assert _couplings(warm) != _couplings(first)


def test_a_removed_import_and_a_class_are_taken_again(
    run_cli: Any, root: Path, answers: list[bool]
) -> None:
    """The only import of ``b`` from ``a.x`` removed, then an abstract class added to ``b``:
    both brought up to date (an efferent coupling lost, abstractness moved), each equal to
    a cold run."""
    settled_check(run_cli, root)
    path = root / _file("app.a.x.m1")
    path.write_text(path.read_text().replace("import app.b.m2", ""))
    _same_as_cold(run_cli, root, 0, "app.a.x.m1 -/-> app.b.m2")
    _append(root, "app.b.m1", "\n\nclass Port(__import__('abc').ABC):\n    pass\n")
    _same_as_cold(run_cli, root, 1, "an abstract class in app.b.m1")
    assert answers == [True, True, True, True]


def test_the_record_is_carried_by_a_run_that_reuses_the_couplings(
    run_cli: Any, root: Path, answers: list[bool]
) -> None:
    """An import within one package between two edits across packages: the couplings are
    reused (no crossing moved) and their record carried, so the next edit brings them up
    to date rather than computing them."""
    settled_check(run_cli, root)
    _append(root, "app.b.m0", "import app.a.m1\n")
    _same_as_cold(run_cli, root, 0, "an import across packages")
    answers.clear()
    _append(root, "app.b.m1", "import app.b.m0\n")
    _same_as_cold(run_cli, root, 1, "an import within b")
    assert answers == []
    _append(root, "app.c.m1", "import app.b.m1\n")
    _same_as_cold(run_cli, root, 2, "another import across packages")
    assert answers == [True, True]
