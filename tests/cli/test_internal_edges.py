"""The ``internal`` view (ADR-0020, issue #18's imports row): the rules and contracts that judge
the graph between the project's own modules keep their stored parts when an import of the
standard library or of a third-party package is added, and are recomputed when an internal
edge, a ``tach-ignore`` mark on one, or the module index it was resolved against changes;
every run equal to a cold ``--no-cache`` one."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from analyzer.facts import Facts
from fitness.checks import import_cycle
from fitness.checks.base import Hit
from fitness.engine import internal_edges, parts, stored_contracts, stored_run
from tests.analyzer.trees import CYCLE_SHOP, write_tree
from tests.cli.settled import settled_check

pytestmark = pytest.mark.stored_runs

_CONFIG = """[tool.archfit]
root_packages = ["shop"]
{extra}
[[tool.archfit.contracts]]
id = "l"
name = "db below api"
type = "layers"
layers = ["shop.api", "shop.db"]
"""
# The graph-level rules that read the internal edges and nothing else an import added to a
# plain module (no entry point, package or test) changes.
_INTERNAL_ONLY = {
    "import-cycle",
    "main-sequence-distance",
    "stable-dependencies",
    "entry-point-without-logging",
    "interface-width",
    "testable-in-isolation",
    "inheritance-depth",
    "single-implementation",
}
# The dependency rules (with their sources): they read the imports beyond the standard library.
_DEPENDENCY_RULES = {"undeclared-dependency", "transitive-dependency", "no-dependency-declarations"}


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A package with an import cycle (ARC001) that breaks a layers contract; the stored run
    is out of the way, so every run judges (and may reuse parts)."""
    monkeypatch.setattr(stored_run, "tree_key", lambda *args, **kwargs: None)
    return write_tree(tmp_path / "p", {**CYCLE_SHOP, "pyproject.toml": _CONFIG.format(extra="")})


@pytest.fixture
def computed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """``graph:<id>`` for each graph-level rule computed (or brought up to date from the run
    before: the import cycles, ``import_cycle.updated``), ``contracts`` for the contracts."""
    seen: list[str] = []
    graph, contracts = parts.run_graph, stored_contracts.findings_by_contract
    update = import_cycle.updated

    def counted_update(*args: Any) -> Any:
        seen.append(f"graph:{import_cycle.ImportCycleCheck.id}")
        return update(*args)

    def counted_graph(check_impl: Any, facts: Facts, params: Mapping[str, Any]) -> list[Hit]:
        seen.append(f"graph:{check_impl.id}")
        return graph(check_impl, facts, params)

    def counted_contracts(*args: Any) -> Any:
        seen.append("contracts")
        return contracts(*args)

    monkeypatch.setattr(parts, "run_graph", counted_graph)
    monkeypatch.setattr(stored_contracts, "findings_by_contract", counted_contracts)
    monkeypatch.setattr(import_cycle, "updated", counted_update)
    return seen


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text() + text)


def _internal_rules(seen: list[str]) -> set[str]:
    return {name for name in seen if name.removeprefix("graph:") in _INTERNAL_ONLY}


def _refusing(monkeypatch: pytest.MonkeyPatch, rules: set[str], seen: list[str]) -> None:
    """Graph-level rules of ``rules`` and the contracts fail if computed; the others are
    counted in ``seen``."""
    graph = parts.run_graph

    def refuse_some(check_impl: Any, facts: Facts, params: Mapping[str, Any]) -> list[Hit]:
        assert check_impl.id not in rules, f"{check_impl.id} was recomputed"
        seen.append(check_impl.id)
        return graph(check_impl, facts, params)

    def refuse(*args: Any) -> Any:
        raise AssertionError("the contracts were recomputed")

    monkeypatch.setattr(parts, "run_graph", refuse_some)
    monkeypatch.setattr(stored_contracts, "findings_by_contract", refuse)


def test_an_external_import_reuses_the_internal_graph_parts(
    run_cli: Any, root: Path, computed: list[str]
) -> None:
    """A stdlib import added: the cycle, coupling, entry point, interface, testability,
    fan-out, dependency and contract parts are reused (their computations fail if called);
    a third-party one: the fan-out (``beyond_stdlib``) and the dependency rules are
    recomputed, the others are not.
    Each run equals a cold one."""
    first = settled_check(run_cli, root)
    assert "ARC001" in first and "db below api" in first
    assert "contracts" in computed and _internal_rules(computed) == {
        f"graph:{rule}" for rule in _INTERNAL_ONLY
    }
    with pytest.MonkeyPatch.context() as patch:
        _refusing(patch, {*_INTERNAL_ONLY, *_DEPENDENCY_RULES, "minimal-dependencies"}, [])
        _append(root / "shop" / "db.py", "import json\n")
        warm = settled_check(run_cli, root)
    assert warm == settled_check(run_cli, root, "--no-cache")
    seen: list[str] = []
    with pytest.MonkeyPatch.context() as patch:
        _refusing(patch, _INTERNAL_ONLY, seen)
        _append(root / "shop" / "db.py", "import requests\n")
        warm = settled_check(run_cli, root)
    assert {"minimal-dependencies", *_DEPENDENCY_RULES} <= set(seen)
    assert warm == settled_check(run_cli, root, "--no-cache")


def test_an_internal_import_changed_recomputes_them(
    run_cli: Any, root: Path, computed: list[str]
) -> None:
    """An import of the project's own module replaced by a stdlib one: the cycle is gone."""
    first = settled_check(run_cli, root)
    computed.clear()
    db = root / "shop" / "db.py"
    db.write_text(db.read_text().replace("import shop.api\n", "import json\n"))
    warm = settled_check(run_cli, root)
    assert "contracts" in computed and "graph:import-cycle" in computed
    assert warm == settled_check(run_cli, root, "--no-cache") and warm != first


def test_a_tach_ignore_mark_recomputes_them(run_cli: Any, root: Path, computed: list[str]) -> None:
    """A ``# tach-ignore`` on an internal import marks its edge: the edges' digest changes."""
    settled_check(run_cli, root)
    computed.clear()
    api = root / "shop" / "api.py"
    api.write_text(api.read_text().replace("import db\n", "import db  # tach-ignore\n"))
    warm = settled_check(run_cli, root)
    assert "contracts" in computed and "graph:import-cycle" in computed
    assert warm == settled_check(run_cli, root, "--no-cache")


def test_a_new_module_recomputes_the_edges_of_unchanged_files(
    run_cli: Any, root: Path, computed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``import shop.extra`` lands on ``shop`` until ``shop/extra.py`` exists: the file is
    unchanged, but its edges follow the module index, which its stored digest is keyed on."""
    _append(root / "shop" / "api.py", "import shop.extra\n")
    first = settled_check(run_cli, root)
    taken: list[str] = []
    real = internal_edges.internal_digests

    def counted(facts: Facts, paths: Any) -> dict[str, tuple[str, ...]]:
        taken.extend(paths)
        return real(facts, paths)

    monkeypatch.setattr(parts, "internal_digests", counted)
    (root / "shop" / "extra.py").write_text('"""Extra."""\n\nfrom shop import db\n')
    warm = settled_check(run_cli, root)
    assert "shop/api.py" in taken and "graph:import-cycle" in computed
    assert warm == settled_check(run_cli, root, "--no-cache") and warm != first


def test_a_contract_that_reads_external_imports_is_recomputed(
    run_cli: Any, root: Path, computed: list[str]
) -> None:
    """With ``include_external_packages`` a contract's graph holds external packages: a
    third-party import added to the source modules breaks a forbidden contract."""
    forbidden = (
        '\n[[tool.archfit.contracts]]\nid = "f"\nname = "no requests in db"\n'
        'type = "forbidden"\nsource_modules = ["shop.db"]\nforbidden_modules = ["requests"]\n'
    )
    config = _CONFIG.format(extra="include_external_packages = true\n") + forbidden
    (root / "pyproject.toml").write_text(config)
    first = settled_check(run_cli, root)
    assert '"no requests in db"' in first and "shop.db -> requests" not in first
    computed.clear()
    _append(root / "shop" / "db.py", "import requests\n")
    warm = settled_check(run_cli, root)
    assert "contracts" in computed and "shop.db -> requests" in warm
    assert warm == settled_check(run_cli, root, "--no-cache")


def test_internal_digests_agree_resolved_alone_or_from_the_run_edges(root: Path) -> None:
    """A file's digest is the same whether it is resolved alone (few changed files) or read
    from the run's edges (many): stored digests from either route compare equal."""
    from analyzer.project import analyze

    (root / "shop" / "more.py").write_text(
        '"""More."""\n\nimport json\nfrom shop import api, db  # tach-ignore db\nimport shop.db\n'
    )
    facts = analyze(str(root), root_packages=("shop",))
    paths = {p.source.path for p in facts.parsed}
    alone = internal_edges.internal_digests(facts, paths)
    monkeypatched = internal_edges._ALONE
    try:
        internal_edges._ALONE = 0
        grouped = internal_edges.internal_digests(facts, paths)
    finally:
        internal_edges._ALONE = monkeypatched
    assert alone == grouped and len(set(alone.values())) == len(paths)


@pytest.mark.parametrize(
    ("options", "reads"),
    [
        ({"source_modules": ["shop.db"], "forbidden_modules": ["shop.api"]}, ("internal",)),
        ({"source_modules": ["shop.db"], "forbidden_modules": ["requests"]}, ("edges",)),
        ({"source_modules": ["shop.*"], "forbidden_modules": ["shop.api"]}, ("internal",)),
        ({"source_modules": ["shop.db"], "forbidden_modules": ["*.api"]}, ("edges",)),
        (
            {
                "source_modules": ["shop.db"],
                "forbidden_modules": ["shop.api"],
                "ignore_imports": ["shop.db -> json"],
                "unmatched_ignore_imports_alerting": "warn",
            },
            ("edges",),
        ),
        (
            {
                "source_modules": ["shop.db"],
                "forbidden_modules": ["shop.api"],
                "ignore_imports": ["shop.db->shop.api"],
                "unmatched_ignore_imports_alerting": "warn",
            },
            ("internal",),
        ),
    ],
)
def test_a_forbidden_contract_reads_external_edges_only_when_it_names_an_external_package(
    options: dict[str, Any], reads: tuple[str, ...]
) -> None:
    """With external packages in its graph, a graph-only contract follows from the internal
    edges unless its module options name (or a wildcard could match) an external package:
    external packages are leaves, so no chain between the project's modules runs through
    one. Without them in its graph, it reads the internal edges alone."""
    _assert_reads(options, reads, "forbidden")


@pytest.mark.parametrize(
    ("options", "reads"),
    [
        ({"containers": ["shop"], "layers": ["api", "db"]}, ("internal",)),
        ({"containers": ["requests"], "layers": ["api", "db"]}, ("edges",)),
        ({"layers": ["shop.api", "requests"]}, ("edges",)),
        ({"layers": ["shop.api", "shop.db"]}, ("internal",)),
    ],
)
def test_a_layers_contract_names_its_layers_inside_its_containers(
    options: dict[str, Any], reads: tuple[str, ...]
) -> None:
    """With containers, the layers are relative to them: only the containers are names."""
    _assert_reads(options, reads, "layers")


def _assert_reads(options: dict[str, Any], reads: tuple[str, ...], kind: str) -> None:
    """The views a contract of ``kind`` with ``options`` reads, with externals or not."""
    from analyzer.graph import GraphOptions, ModuleIndex
    from fitness.contracts.base import ContractSpec
    from fitness.contracts.registry import contract_inputs
    from fitness.results.findings import Source

    index = ModuleIndex(
        frozenset({"shop", "shop.api", "shop.db"}), frozenset(), frozenset({"shop"})
    )
    source = Source("config", "f", "pyproject.toml", 1)
    spec = ContractSpec(
        "f", "f", kind, options, source, graph_options=GraphOptions(include_external=False)
    )
    external = dataclasses.replace(spec, graph_options=GraphOptions(include_external=True))
    assert contract_inputs([external], index) == reads
    assert contract_inputs([spec], index) == ("internal",)
    framework = dataclasses.replace(spec, graph_options=GraphOptions(include_framework=True))
    assert contract_inputs([], index) == ()
    assert contract_inputs([framework], index) is None


def test_the_fine_views_ignore_an_import_added_to_a_plain_module(tmp_path: Path) -> None:
    """The ``entry``, ``interface`` and ``testable`` views of a module that is no entry point,
    no package and no test are the same after an import is added; an entry point's, a
    package's that re-exports the name and a test's change with it."""
    from analyzer.project import analyze
    from fitness.checks.views import FINE_VIEWS

    files = {
        "shop/__init__.py": "from shop.api import view\n",
        "shop/api.py": "def view():\n    return 1\n",
        "shop/cli.py": "def main():\n    pass\n\nif __name__ == '__main__':\n    main()\n",
        "tests/test_api.py": "from shop import api\n",
    }

    def views() -> dict[str, dict[str, object]]:
        for path, text in files.items():
            (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / path).write_text(text)
        facts = analyze(str(tmp_path), root_packages=("shop",))
        return {
            p.source.path: {name: view(p) for name, view in FINE_VIEWS.items()}
            for p in facts.parsed
        }

    before = views()
    files["shop/api.py"] += "import json\n"
    assert views() == before
    for path, line in [
        ("shop/cli.py", "import shop.api\n"),  # an entry point follows what it imports
        ("shop/__init__.py", "from shop.api import other\n"),  # a re-exported name
        ("tests/test_api.py", "import shop.db\n"),  # a test's imports
    ]:
        files[path] += line
        after = views()
        assert after[path] != before[path], path
        before = after


def test_an_import_that_resolves_a_base_class_recomputes_the_class_index(
    run_cli: Any, root: Path, computed: list[str]
) -> None:
    """``class_structure`` keeps a module's names bound under an analysed module: importing
    the base an unresolved class names makes it an implementation (CBX005)."""
    (root / "shop" / "port.py").write_text(
        '"""Port."""\n\nimport abc\n\n\nclass Port(abc.ABC):\n    """A port."""\n\n'
        "    @abc.abstractmethod\n    def send(self) -> None:\n        ...\n"
    )
    (root / "shop" / "mail.py").write_text(
        '"""Mail."""\n\n\nclass Mail(Port):  # noqa: F821\n    """Mail."""\n\n'
        "    def send(self) -> None:\n        return None\n"
    )
    first = settled_check(run_cli, root)
    assert "CBX005" not in first
    computed.clear()
    # At the end: the class keeps its lines, only the names the module binds change.
    _append(root / "shop" / "mail.py", "from shop.port import Port\n")
    warm = settled_check(run_cli, root)
    assert "graph:single-implementation" in computed and "CBX005" in warm
    assert warm == settled_check(run_cli, root, "--no-cache")


def test_a_name_bound_again_to_something_else_recomputes_the_class_index(
    run_cli: Any, root: Path
) -> None:
    """A later import that binds a base's name to something outside the project hides the
    analysed base (the index keeps a name's last binding): the class is no implementation
    any more, though the module still binds the name to the base once."""
    (root / "shop" / "port.py").write_text(
        '"""Port."""\n\nimport abc\n\n\nclass Port(abc.ABC):\n    """A port."""\n\n'
        "    @abc.abstractmethod\n    def send(self) -> None:\n        ...\n"
    )
    mail = root / "shop" / "mail.py"
    mail.write_text(
        '"""Mail."""\n\nfrom shop.port import Port\n# spare\n\n\nclass Mail(Port):\n'
        '    """Mail."""\n\n    def send(self) -> None:\n        return None\n'
    )
    assert "CBX005" in settled_check(run_cli, root)
    # The class keeps its lines: the spare line becomes the import that hides the base.
    mail.write_text(mail.read_text().replace("# spare", "from typing import Any as Port"))
    warm = settled_check(run_cli, root)
    assert "CBX005" not in warm
    assert warm == settled_check(run_cli, root, "--no-cache")


def test_each_contract_is_a_part_of_its_own(
    run_cli: Any, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A contract that names an external package reads every edge; one that does not, the
    internal edges alone: an import added recomputes the first only, with the second still
    its peer, and the run equals a cold one."""
    forbidden = (
        '\n[[tool.archfit.contracts]]\nid = "f"\nname = "no requests in db"\n'
        'type = "forbidden"\nsource_modules = ["shop.db"]\nforbidden_modules = ["requests"]\n'
    )
    (root / "pyproject.toml").write_text(_CONFIG.format(extra="") + forbidden)
    computed: list[list[int]] = []
    real = stored_contracts.findings_by_contract

    def counted(facts: Facts, specs: Any, only: Any = None) -> Any:
        computed.append(list(only))
        return real(facts, specs, only)

    monkeypatch.setattr(stored_contracts, "findings_by_contract", counted)
    first = settled_check(run_cli, root)
    assert computed == [[0, 1]] and '"no requests in db"' in first
    _append(root / "shop" / "db.py", "import json\n")
    assert settled_check(run_cli, root) == settled_check(run_cli, root, "--no-cache")
    assert computed == [[0, 1], [1]]
    _append(root / "shop" / "db.py", "import requests\n")
    warm = settled_check(run_cli, root)
    assert computed == [[0, 1], [1], [1]] and "shop.db -> requests" in warm
    assert warm == settled_check(run_cli, root, "--no-cache")


def test_every_contract_that_does_not_fit_the_code_is_reported_with_the_cache(
    run_cli: Any, root: Path
) -> None:
    """The contracts computed together raise one error holding each one's problem, as a
    run without the cache does; the contracts stored beside them change nothing."""
    ghosts = "".join(
        f'\n[[tool.archfit.contracts]]\nid = "{name}"\nname = "{name}"\ntype = "forbidden"\n'
        f'source_modules = ["shop.db"]\nforbidden_modules = ["shop.{name}"]\n'
        for name in ("nowhere", "elsewhere")
    )
    (root / "pyproject.toml").write_text(_CONFIG.format(extra="") + ghosts)
    for args in ((), (), ("--no-cache",)):
        code, _, err = run_cli("check", str(root), *args)
        assert code == 2
        assert "'shop.nowhere' does not exist" in err and "'shop.elsewhere' does not exist" in err


def test_a_pair_digest_moves_with_every_field_of_every_import_and_not_with_their_order() -> None:
    """A guard compares a witness pair's imports by ``pair_digest``: any field of any import
    changed changes it (a field ``ImportEdge`` gains must be digested too); the order the
    imports were resolved in does not."""
    from analyzer.facts import ImportEdge, ImportKind

    first = ImportEdge("app.a", "app.b", 3, 1, ImportKind.IMPORT, "import app.b", False, "app.b")
    second = ImportEdge("app.a", "app.b", 9, 5, ImportKind.LAZY, "from app import b", False, "b")
    digest = internal_edges.pair_digest([first, second])
    assert digest == internal_edges.pair_digest([second, first])
    other = {
        "importer": "app.c", "imported": "app.d", "line": 4, "column": 2,
        "kind": ImportKind.TYPE_ONLY, "line_contents": "import app.d", "external": True,
        "member": "app.b.x", "tach_ignored": True,
    }  # fmt: skip
    assert set(other) == {f.name for f in dataclasses.fields(ImportEdge)}
    for name, value in other.items():
        changed = dataclasses.replace(second, **{name: value})
        assert internal_edges.pair_digest([first, changed]) != digest, name
