"""The contracts' graph under each of the session's graph options (``exclude_type_checking_
imports``, ``include_dynamic_imports``, ``include_external_packages``; ``analyzer.graph.
wanted_edges``): seeded sequences of edits (own imports added and removed within and across
packages, at the top, the bottom, in functions, under ``TYPE_CHECKING`` and dynamic; imports
of an external package; files added, deleted and renamed) break and mend four contracts (one
ignoring an import on its own copy of the graph), and the warm run equals a cold
``--no-cache`` one at each step, as JSON, as text and by exit code. The tach options (a
``tach-ignore`` honoured, top-level imports only) are built by the same function, checked call
for call in ``tests/analyzer/test_grimp_build.py``.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from tests.cli.settled import counted_contracts, judged_tree, removed_import, settled_check

pytestmark = pytest.mark.stored_runs

_PACKAGES = ("api", "core", "db", "util", "plugins")
_MODULES = tuple(f"app.{package}.m{i}" for package in _PACKAGES for i in range(2))
_CONTRACTS = """
[[tool.archfit.contracts]]
id = "layers"
name = "api over core over db"
type = "layers"
layers = ["app.api", "app.core", "app.db"]

[[tool.archfit.contracts]]
id = "util-off-db"
name = "util never reaches db"
type = "forbidden"
source_modules = ["app.util"]
forbidden_modules = ["app.db"]
ignore_imports = ["app.util.m0 -> app.db.m0"]
unmatched_ignore_imports_alerting = "warn"

[[tool.archfit.contracts]]
id = "apart"
name = "api and plugins are independent"
type = "independence"
modules = ["app.api", "app.plugins"]

[[tool.archfit.contracts]]
id = "no-cycles"
name = "no cycles in core"
type = "acyclic"
modules = ["app.core"]
"""
_CONTRACT_IDS = ("layers", "util-off-db", "apart", "no-cycles")
# Imports that break a contract: db reaching api (layers), util reaching db (forbidden; its
# first import of ``app.db.m0`` from ``app.util.m0`` ignored), plugins reaching api
# (independence), a cycle in core (acyclic).
_BREAKING = (
    ("app.db.m0", "app.api.m1"),
    ("app.util.m0", "app.db.m0"),
    ("app.util.m1", "app.db"),
    ("app.plugins.m1", "app.api.m0"),
    ("app.core.m1", "app.core.m0"),
    ("app.core.m0", "app.core.m1"),
)
# Each session's options: (exclude_type_checking_imports, include_dynamic_imports,
# include_external_packages).
OPTIONS = [(False, True, True), (True, True, False), (False, False, True), (True, False, False)]


def _file(module: str) -> str:
    return module.replace(".", "/") + ".py"


def _tree(options: tuple[bool, bool, bool]) -> dict[str, str]:
    """Five packages of two modules, every contract kept; the session's ``options``."""
    typed, dynamic, external = (str(value).lower() for value in options)
    config = (
        f'[tool.archfit]\nroot_packages = ["app"]\nexclude_type_checking_imports = {typed}\n'
        f"include_dynamic_imports = {dynamic}\ninclude_external_packages = {external}\n"
    )
    files = {"pyproject.toml": config + _CONTRACTS, "app/__init__.py": '"""App."""\n'}
    for package in _PACKAGES:
        files[f"app/{package}/__init__.py"] = '"""Package."""\n'
    imports = {"app.api.m0": "import app.core.m0\n", "app.core.m0": "import app.db.m1\n"}
    for module in _MODULES:
        files[_file(module)] = f'"""{module}."""\n\n{imports.get(module, "")}'
    return files


def _random_import(rng: random.Random, root: Path, added: dict[str, list[str]]) -> str:
    """An import of an own module (or of an external package; half of them one that breaks
    a contract, some another import of a pair imported before, below the first) added to a
    module, at the top, the bottom, under ``TYPE_CHECKING``, in a function or as a dynamic
    import."""
    importer = rng.choice(_MODULES)
    imported = rng.choice((*_MODULES, "app.db", "app.core", "requests"))
    if rng.random() < 0.5:
        importer, imported = rng.choice(_BREAKING)
    where = rng.choice(("top", "bottom", "again", "typed", "function", "dynamic"))
    if where == "again":  # another import of a pair a chain may link: the guard's case
        importer, imported = rng.choice(_BREAKING[:2])
    line = f"import {imported}  # {rng.randrange(10**6)}\n"
    if where == "typed":
        line = f"from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    {line}"
    elif where == "function":
        line = f"\n\ndef f{rng.randrange(10**6)}():\n    {line}"
    elif where == "dynamic":
        line = f"__import__('importlib').import_module('{imported}')  # {rng.randrange(10**6)}\n"
    added.setdefault(importer, []).append(line)
    path = root / _file(importer)
    text = path.read_text()
    path.write_text(line + text if where == "top" else text + line)
    return f"added {line.strip()!r} to {importer} ({where})"


def _random_file(rng: random.Random, root: Path, extra: list[str]) -> str:
    """A module added to a package (importing another), or one added before deleted or
    renamed into another package."""
    if extra and rng.random() < 0.6:
        module = extra.pop(rng.randrange(len(extra)))
        if rng.random() < 0.5:
            (root / _file(module)).unlink()
            return f"deleted {module}"
        moved = f"app.{rng.choice(_PACKAGES)}.r{rng.randrange(10**6)}"
        (root / _file(module)).rename(root / _file(moved))
        extra.append(moved)
        return f"renamed {module} to {moved}"
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
    if rng.random() < 0.8:
        return _random_import(rng, root, added)
    return _random_file(rng, root, extra)


def _broken(out: str) -> frozenset[str]:
    """The contracts a JSON document says are broken."""
    return frozenset(c["id"] for c in json.loads(out)["contracts"] if not c["kept"])


@pytest.mark.parametrize("options", OPTIONS)
def test_a_seeded_sequence_of_edits_warm_equals_cold_under_each_graph_option(
    run_cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, options: tuple[bool, ...]
) -> None:
    root = judged_tree(tmp_path / "p", _tree(options), monkeypatch)  # type: ignore[arg-type]
    rng = random.Random(sum(v << i for i, v in enumerate(options)) + 61)
    added: dict[str, list[str]] = {}
    extra: list[str] = []
    settled_check(run_cli, root)
    computed = counted_contracts(monkeypatch)
    broken = set()
    reused = 0
    for step in range(14):
        done = _random_edit(rng, root, added, extra)
        computed.clear()
        warm = settled_check(run_cli, root)
        reused += len(_CONTRACT_IDS) - len(computed)
        assert warm == settled_check(run_cli, root, "--no-cache"), f"step {step}: {done}"
        code, text, _ = run_cli("check", str(root))
        cold_code, cold_text, _ = run_cli("check", "--no-cache", str(root))
        assert (code, text) == (cold_code, cold_text), f"step {step}: {done}"
        broken.add(_broken(warm))
    assert reused > 0  # parts were reused along the way: the comparison covers reuse
    assert len(broken) >= 2  # the edits broke (or mended) contracts, not just files
