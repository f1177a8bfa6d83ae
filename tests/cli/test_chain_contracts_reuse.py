"""The chain-only contract types not covered by ``test_internal_pairs`` (protected, private
modules, acyclic): each is stored under the ``internal_pairs`` view with the pairs it linked
(ADR-0020, ``fitness.engine.guarded``), reused while those are unchanged, computed again when
they change, and a seeded sequence of edits to the internal edges equals a cold run at every
step.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from fitness.engine import guarded, guarded_lookups
from tests.cli.settled import counted_contracts, judged_tree, removed_import, settled_check

pytestmark = pytest.mark.stored_runs

_MODULES = ("app.api.views", "app.core.service", "app.core._impl", "app.db.query", "app.db.rows")
_CONFIG = """[tool.archfit]
root_packages = ["app"]

[[tool.archfit.contracts]]
id = "protected"
name = "only core reaches the db"
type = "protected"
protected_modules = ["app.db"]
allowed_importers = ["app.core"]

[[tool.archfit.contracts]]
id = "private"
name = "private modules stay private"
type = "private_modules"

[[tool.archfit.contracts]]
id = "acyclic"
name = "no cycles in the app"
type = "acyclic"
modules = ["app"]
"""


def _module_file(module: str) -> str:
    return module.replace(".", "/") + ".py"


def _tree() -> dict[str, str]:
    """api imports core, core its private helper and the db; every contract kept."""
    files = {"pyproject.toml": _CONFIG, "app/__init__.py": '"""App."""\n'}
    for package in ("app/api", "app/core", "app/db"):
        files[f"{package}/__init__.py"] = '"""Package."""\n'
    imports = {
        "app.api.views": "import app.core.service\n",
        "app.core.service": "import app.core._impl\nimport app.db.query\n",
        "app.db.query": "import app.db.rows\n",
    }
    for module in _MODULES:
        files[_module_file(module)] = f'"""{module}."""\n\n{imports.get(module, "")}'
    return files


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The tree above; the stored run out of the way, so every run judges (and may reuse
    parts)."""
    return judged_tree(tmp_path / "p", _tree(), monkeypatch)


@pytest.fixture
def contracts_run(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The places of the contracts computed (``findings_by_contract``'s ``only``)."""
    return counted_contracts(monkeypatch)


def _append(root: Path, module: str, line: str) -> None:
    path = root / _module_file(module)
    path.write_text(path.read_text() + line)


def _broken(out: str) -> set[str]:
    """The codes of the contract findings in a JSON report."""
    return {code for code, _ in _contract_findings(out)}


def _contract_findings(out: str) -> frozenset[tuple[str, str]]:
    """The code and message of each contract finding in a JSON report."""
    found = json.loads(out)["findings"]
    return frozenset((f["code"], f["message"]) for f in found if f["code"].startswith("CON"))


def test_each_contract_is_reused_until_a_pair_it_reads_changes(
    run_cli: Any, root: Path, contracts_run: list[int]
) -> None:
    """Another import of a pair already imported, in a file no contract links: no contract
    computed. A new pair recomputes them all, and each breaks in turn: api reaching the db
    (protected), api importing core's private helper (private modules), the db importing
    core (a cycle). Every run equals a cold one."""
    first = settled_check(run_cli, root)
    assert contracts_run == [0, 1, 2] and not _broken(first)
    contracts_run.clear()
    _append(root, "app.db.query", "import app.db.rows  # again\n")
    assert settled_check(run_cli, root) == first and contracts_run == []
    for importer, imported in _BREAKING:
        contracts_run.clear()
        _append(root, importer, f"import {imported}\n")
        warm = settled_check(run_cli, root)
        assert contracts_run == [0, 1, 2]
        assert warm == settled_check(run_cli, root, "--no-cache")
    assert len(_broken(warm)) == 3


# A pair that breaks each contract in turn: protected, private modules, acyclic.
_BREAKING = [
    ("app.api.views", "app.db.rows"),
    ("app.api.views", "app.core._impl"),
    ("app.db.rows", "app.core.service"),
]


def test_another_import_of_a_linked_pair_is_in_the_contract_s_finding(
    run_cli: Any, root: Path, contracts_run: list[int]
) -> None:
    """Once each contract is broken, a second import of the pair its finding links (below
    the first, of the same kind: the module's pairs, first lines and kinds are as they
    were, so only the guard on the linked pairs sees it) is judged: the finding lists both
    lines, as a cold run's does; a part kept without looking at the linked pair's imports
    would list one."""
    for importer, imported in _BREAKING:
        _append(root, importer, f"import {imported}\n")
    first = settled_check(run_cli, root)
    for importer, imported in _BREAKING:
        _append(root, importer, f"import {imported}  # again\n")
        warm = settled_check(run_cli, root)
        assert warm != first and warm == settled_check(run_cli, root, "--no-cache")
        first = warm
    lines = [
        len(link["lines"])
        for f in json.loads(first)["findings"]
        for c in f.get("chains", [])
        for link in c
        if f["code"].startswith("CON")
    ]
    assert lines and max(lines) == 2


def _random_edit(rng: random.Random, root: Path, added: dict[str, list[str]]) -> str:
    """Add an import of one module to another (at the bottom or in a function), or remove
    one added before; returns what it did, for the failure's message."""
    removed = removed_import(rng, root, added, (_module_file, 0.35))
    if removed is not None:
        return removed
    importer, imported = rng.choice(_MODULES), rng.choice((*_MODULES, "app.db", "app.core"))
    line = f"import {imported}  # {rng.randrange(10**6)}\n"
    if rng.random() < 0.3:
        line = f"\n\ndef f{rng.randrange(10**6)}():\n    {line}"
    added.setdefault(importer, []).append(line)
    _append(root, importer, line)
    return f"added {line.strip()!r} to {importer}"


@pytest.mark.parametrize("seed", [7, 1812])
def test_a_seeded_sequence_of_edge_edits_warm_equals_cold(
    run_cli: Any, root: Path, seed: int
) -> None:
    """Twelve random edits of the internal edges in turn; after each, the warm run equals a
    cold one, and the contracts' verdicts changed along the way."""
    rng = random.Random(seed)
    added: dict[str, list[str]] = {}
    settled_check(run_cli, root)
    verdicts = set()
    for step in range(12):
        done = _random_edit(rng, root, added)
        warm = settled_check(run_cli, root)
        assert warm == settled_check(run_cli, root, "--no-cache"), f"step {step}: {done}"
        verdicts.add(_contract_findings(warm))
    assert len(verdicts) > 2  # the edits broke and mended contracts, not just files


def test_an_edit_no_part_reads_is_reused_by_the_full_key_without_a_guard(
    run_cli: Any, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A comment changes no view a guarded part (cycles, contracts, the class index) reads:
    each comes back under its full key, exact, and no guard reads its witnesses or lookups
    (both made to fail); a later import of a linked pair is still judged through the guard,
    which the full key's reuse carried over."""
    for importer, imported in _BREAKING:
        _append(root, importer, f"import {imported}\n")
    first = settled_check(run_cli, root)

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a guard was read")

    with monkeypatch.context() as patched:
        patched.setattr(guarded, "guarded_part", refuse)
        patched.setattr(guarded_lookups, "_same_answers", refuse)
        _append(root, "app.api.views", "# a comment\n")
        assert settled_check(run_cli, root) == first
    _append(root, "app.api.views", "import app.db.rows  # again\n")
    warm = settled_check(run_cli, root)
    assert warm != first and warm == settled_check(run_cli, root, "--no-cache")
