"""The ``internal_pairs`` view (ADR-0020, issue #18's own-imports row): the rules that read
which of the project's own modules each module imports (couplings, stable dependencies,
entry points' reach, tests' closures) keep their stored parts when another import of a
module already imported is added below the first; a new pair, an earlier first import or a
new kind of import recomputes them; and a seeded sequence of edits to the internal edges
(cycles and contract chains made and broken) equals a cold ``--no-cache`` run at each step.
"""

from __future__ import annotations

import json
import random
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from analyzer.facts import Facts, ImportEdge, ImportKind
from fitness.checks import import_cycle
from fitness.checks.base import Hit
from fitness.engine import guarded, internal_edges, parts, sources, stored_run
from tests.analyzer.trees import write_tree
from tests.cli.settled import (
    counted_contracts,
    counted_graph_rules,
    judged_tree,
    removed_import,
    settled_check,
)

pytestmark = pytest.mark.stored_runs

# The graph-level rules that read the imports through ``internal_pairs`` (or ``fan_out``:
# the modules imported beyond the standard library, first line by kind) alone.
_PAIR_RULES = {
    "main-sequence-distance",
    "stable-dependencies",
    "entry-point-without-logging",
    "testable-in-isolation",
    "minimal-dependencies",
}
# Those that read it through ``internal_pairs`` and the lines of the pairs they report.
_WITNESSED_RULES = {"import-cycle"}
_MODULES = ("app.api.views", "app.api.forms", "app.core.models", "app.core.utils", "app.db.query")
_CONFIG = """[tool.archfit]
root_packages = ["app"]

[[tool.archfit.contracts]]
id = "layers"
name = "api over core over db"
type = "layers"
layers = ["app.api", "app.core", "app.db"]

[[tool.archfit.contracts]]
id = "forbidden"
name = "db never reaches api"
type = "forbidden"
source_modules = ["app.db"]
forbidden_modules = ["app.api"]

[[tool.archfit.contracts]]
id = "independence"
name = "views and forms are independent"
type = "independence"
modules = ["app.api.views", "app.api.forms"]
"""


def _module_file(module: str) -> str:
    return module.replace(".", "/") + ".py"


def _tree() -> dict[str, str]:
    """Three packages of modules that import down the layers, one class each."""
    files = {"pyproject.toml": _CONFIG, "app/__init__.py": '"""App."""\n'}
    for package in ("app.api", "app.core", "app.db"):
        files[_module_file(package).replace(".py", "/__init__.py")] = '"""Package."""\n'
    for at, module in enumerate(_MODULES):
        below = _MODULES[at + 1] if at + 1 < len(_MODULES) else None
        body = f'"""{module}."""\n\n'
        body += f"import {below}\n" if below else ""
        body += f"\n\nclass Thing{at}:\n    pass\n"
        files[_module_file(module)] = body
    return files


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The tree above; the stored run out of the way, so every run judges (and may reuse
    parts)."""
    return judged_tree(tmp_path / "p", _tree(), monkeypatch)


@pytest.fixture
def computed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The id of each graph-level rule computed."""
    return counted_graph_rules(monkeypatch)


def _edit(root: Path, module: str, change: Any) -> None:
    path = root / _module_file(module)
    path.write_text(change(path.read_text()))


def test_another_import_of_an_imported_module_reuses_the_pair_rules(
    run_cli: Any, root: Path, computed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``import app.core.models`` appended to a module that imports it already: the pair
    rules and the cycles (no cycle: no witness) are reused (their computation fails if
    called), the interface widths (which read every import's member) are not; the run
    equals a cold one."""
    settled_check(run_cli, root)
    assert set(computed) >= _PAIR_RULES | _WITNESSED_RULES
    graph = parts.run_graph

    def refuse(check_impl: Any, facts: Facts, params: Mapping[str, Any]) -> list[Hit]:
        assert check_impl.id not in _PAIR_RULES | _WITNESSED_RULES, f"{check_impl.id} ran"
        computed.append(check_impl.id)
        return graph(check_impl, facts, params)

    monkeypatch.setattr(parts, "run_graph", refuse)
    computed.clear()
    _edit(root, "app.api.forms", lambda text: text + "import app.core.models  # again\n")
    warm = settled_check(run_cli, root)
    assert "interface-width" in computed
    assert warm == settled_check(run_cli, root, "--no-cache")


# The rules that read the couplings (``package_crossings``) and the sibling pairs alone.
_COUPLING_RULES = {"main-sequence-distance", "stable-dependencies"}
_NEW_PAIR = {*_PAIR_RULES, *_WITNESSED_RULES}


@pytest.mark.parametrize(
    ("change", "recomputed"),
    [
        pytest.param(lambda text: text + "import app.db\n", _NEW_PAIR, id="a new pair"),
        pytest.param(
            lambda text: text + "import app.api.views\n",
            _NEW_PAIR - _COUPLING_RULES,
            id="a new pair inside its package",
        ),
        pytest.param(
            lambda text: "import app.core.models\n" + text,
            _NEW_PAIR - {"main-sequence-distance"},
            id="an earlier first",
        ),
        pytest.param(
            lambda text: text + "\n\ndef later():\n    import app.core.models\n",
            _NEW_PAIR - _COUPLING_RULES,
            id="a new kind",
        ),
        pytest.param(
            lambda text: text.replace("import app.core.models\n", "import json\n"),
            _NEW_PAIR,
            id="a pair removed",
        ),
    ],
)
def test_a_change_of_the_pairs_recomputes_the_rules_that_read_it(
    run_cli: Any, root: Path, computed: list[str], change: Any, recomputed: set[str]
) -> None:
    """A module imported for the first time (the couplings change unless it is a plain
    module of the importer's own package), the first import of one moved up (the couplings
    do not change; the line a stable-dependencies hit names may), one imported by another
    kind of import, or a pair removed: exactly the rules whose views changed are computed
    again (the others fail if computed), and the run equals a cold one."""
    settled_check(run_cli, root)
    computed.clear()
    with pytest.MonkeyPatch.context() as patch:
        _refuse_graph(patch, _NEW_PAIR - recomputed, computed)
        _edit(root, "app.api.forms", change)
        warm = settled_check(run_cli, root)
    assert set(computed) >= recomputed
    assert warm == settled_check(run_cli, root, "--no-cache")


def test_the_pairs_view_keeps_the_first_line_and_the_kinds_of_each_imported_module() -> None:
    """One entry per imported module of the project, in ``edge_order``, with each distinct
    shape (kind, nested, ``tach-ignore``) once: external edges left out, self-imports kept."""

    def edge(imported: str, at: tuple[int, int], kind: ImportKind, **more: bool) -> ImportEdge:
        return ImportEdge("a.b", imported, *at, kind, **more)

    edges = [
        edge("a", (3, 1), ImportKind.IMPORT),
        edge("a", (9, 5), ImportKind.LAZY),
        edge("a.b", (4, 1), ImportKind.IMPORT),
        edge("a.c", (2, 1), ImportKind.TYPE_ONLY),
        edge("a.c", (7, 5), ImportKind.TYPE_ONLY, tach_ignored=True),
        edge("a.c", (8, 5), ImportKind.TYPE_ONLY, tach_ignored=True),
        edge("requests", (1, 1), ImportKind.IMPORT, external=True),
    ]
    assert internal_edges.internal_pairs(edges) == [
        (
            "a",
            3,
            sorted([(ImportKind.IMPORT.value, False, False), (ImportKind.LAZY.value, True, False)]),
        ),
        ("a.b", 4, [(ImportKind.IMPORT.value, False, False)]),
        (
            "a.c",
            2,
            [(ImportKind.TYPE_ONLY.value, False, False), (ImportKind.TYPE_ONLY.value, True, True)],
        ),
    ]


def _random_edit(rng: random.Random, root: Path, added: dict[str, list[str]]) -> str:
    """Add an import of one module to another (at the top, the bottom or in a function:
    cycles and contract chains made), or remove one added before (broken); returns what
    it did, for the failure's message."""
    removed = removed_import(rng, root, added, (_module_file, 0.35))
    if removed is not None:
        return removed
    importer, imported = rng.choice(_MODULES), rng.choice((*_MODULES, "app.api", "app.db"))
    where = rng.choice(("top", "bottom", "function"))
    parent, _, name = imported.rpartition(".")
    statement = f"from {parent} import {name}" if rng.random() < 0.5 else f"import {imported}"
    line = f"{statement}  # {rng.randrange(10**6)}\n"
    if where == "function":
        line = f"\n\ndef f{rng.randrange(10**6)}():\n    {line}"
    added.setdefault(importer, []).append(line)
    if where == "top":
        _edit(root, importer, lambda text: line + text)
    else:
        _edit(root, importer, lambda text: text + line)
    return f"added {line.strip()!r} to {importer} ({where})"


@pytest.mark.parametrize("seed", [18, 2026])
def test_a_seeded_sequence_of_edge_edits_warm_equals_cold(
    run_cli: Any, root: Path, seed: int
) -> None:
    """Ten random edits of the internal edges in turn; after each, the warm run (reusing
    whatever parts its inputs allow) equals a cold one, as text and as JSON."""
    rng = random.Random(seed)
    added: dict[str, list[str]] = {}
    settled_check(run_cli, root)
    outcomes = set()
    for step in range(10):
        done = _random_edit(rng, root, added)
        warm = settled_check(run_cli, root)
        assert warm == settled_check(run_cli, root, "--no-cache"), f"step {step}: {done}"
        text = run_cli("check", str(root))[1]
        assert text == run_cli("check", "--no-cache", str(root))[1], f"step {step}: {done}"
        outcomes.add(warm)
    assert len(outcomes) > 3  # the edits changed the results, not just the files


def _refuse_graph(monkeypatch: pytest.MonkeyPatch, rules: set[str], seen: list[str]) -> None:
    """Graph-level rules of ``rules`` fail if computed; the others are counted in ``seen``."""
    graph = parts.run_graph

    def refuse(check_impl: Any, facts: Facts, params: Mapping[str, Any]) -> list[Hit]:
        assert check_impl.id not in rules, f"{check_impl.id} was recomputed"
        seen.append(check_impl.id)
        return graph(check_impl, facts, params)

    monkeypatch.setattr(parts, "run_graph", refuse)


def _links(out: str, code: str) -> list[dict[str, Any]]:
    """The links of every chain of the findings of ``code`` in a JSON document."""
    findings = json.loads(out)["findings"]
    return [link for f in findings if f["code"] == code for c in f["chains"] for link in c]


def test_a_cycle_is_reused_until_an_import_it_names_changes(
    run_cli: Any, root: Path, computed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cycle between two modules, cut at one import: another import of the pair it does
    not cut, or of another pair of the file it cuts in, keeps the stored cycle (its
    computation fails if called); another import of the pair it cuts brings its lines up to
    date without computing the cycles again (``import_cycle.relinked``), and the finding
    lists both lines; an import that makes a new pair computes them again. Every run equals
    a cold one."""
    _edit(root, "app.core.utils", lambda text: text + "import app.core.models\n")
    first = settled_check(run_cli, root)
    [cut] = _links(first, "ARC001")
    assert (cut["importer"], cut["path"]) == ("app.core.utils", "app/core/utils.py")
    with pytest.MonkeyPatch.context() as patch:
        _refuse_graph(patch, _WITNESSED_RULES | _PAIR_RULES, [])
        _edit(root, "app.core.models", lambda text: text + "import app.core.utils  # 2\n")
        warm = settled_check(run_cli, root)
        assert warm == first == settled_check(run_cli, root, "--no-cache")
        _edit(root, "app.core.utils", lambda text: text + "import app.db.query  # 2\n")
        warm = settled_check(run_cli, root)
    assert warm == first == settled_check(run_cli, root, "--no-cache")
    relinked: list[int] = []
    real = import_cycle.relinked

    def counted(hits: Any, params: Any, edges_of: Any) -> Any:
        relinked.append(len(hits))
        return real(hits, params, edges_of)

    monkeypatch.setattr(import_cycle, "relinked", counted)
    with pytest.MonkeyPatch.context() as patch:
        _refuse_graph(patch, _WITNESSED_RULES | _PAIR_RULES, [])
        _edit(root, "app.core.utils", lambda text: text + "import app.core.models  # 2\n")
        warm = settled_check(run_cli, root)
    assert relinked == [1] and len(_links(warm, "ARC001")[0]["lines"]) == 2
    assert warm != first and warm == settled_check(run_cli, root, "--no-cache")
    computed.clear()
    _edit(root, "app.db.query", lambda text: text + "import app.core.utils\n")
    warm = settled_check(run_cli, root)
    assert "import-cycle" in computed and warm == settled_check(run_cli, root, "--no-cache")


def test_a_relinked_cycle_counts_only_the_imports_the_rule_counts(
    run_cli: Any, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cut pair that also has a ``TYPE_CHECKING`` import: another such import of it is
    relinked (the pair's kinds are unchanged), and the cut's lines stay the import-time ones,
    as a cold run lists them."""
    typed = "if TYPE_CHECKING:\n    import app.core.models  # typed %d\n"
    head = "from typing import TYPE_CHECKING\nimport app.core.models\n"
    _edit(root, "app.core.utils", lambda text: text + head + typed % 1)
    first = settled_check(run_cli, root)
    relinked: list[int] = []
    real = import_cycle.relinked

    def counted(hits: Any, params: Any, edges_of: Any) -> Any:
        relinked.append(len(hits))
        return real(hits, params, edges_of)

    monkeypatch.setattr(import_cycle, "relinked", counted)
    _edit(root, "app.core.utils", lambda text: text + typed % 2)
    warm = settled_check(run_cli, root)
    assert relinked == [1]
    assert _links(warm, "ARC001") == _links(first, "ARC001")
    assert warm == settled_check(run_cli, root, "--no-cache")


def test_a_kept_cycle_is_stored_with_its_witness_files_as_they_are_now(
    run_cli: Any, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stored cycle kept after an edit of a file it links (an import of another pair) is
    stored again with that file's digest as it is now: a later run, after an edit elsewhere,
    resolves that file alone no more."""
    _edit(root, "app.core.utils", lambda text: text + "import app.core.models\n")
    settled_check(run_cli, root)
    _edit(root, "app.core.utils", lambda text: text + "import app.db.query  # 2\n")
    settled_check(run_cli, root)
    alone: list[str] = []
    real = guarded.file_pairs

    def counted(parsed: Any, index: Any) -> Any:
        alone.append(parsed.source.path)
        return real(parsed, index)

    monkeypatch.setattr(guarded, "file_pairs", counted)
    _edit(root, "app.api.forms", lambda text: text + "# a comment\n")
    warm = settled_check(run_cli, root)
    assert alone == []
    assert warm == settled_check(run_cli, root, "--no-cache")


@pytest.fixture
def contracts_run(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The places of the contracts computed (``findings_by_contract``'s ``only``)."""
    return counted_contracts(monkeypatch)


def test_a_contract_is_reused_until_its_pairs_or_a_file_it_links_change(
    run_cli: Any, root: Path, contracts_run: list[int]
) -> None:
    """The independence contract is broken by ``views -> forms`` (its link's file is
    ``views``): another import of a pair in a file no contract links recomputes no contract;
    another import of the linked pair recomputes that contract alone, whose finding then
    lists both lines; a new pair (``db -> api``) recomputes them all. Every run equals a
    cold one."""
    first = settled_check(run_cli, root)
    assert [link["path"] for link in _links(first, "CON003")] == ["app/api/views.py"]
    assert contracts_run == [0, 1, 2]
    contracts_run.clear()
    _edit(root, "app.core.models", lambda text: text + "import app.core.utils  # 2\n")
    warm = settled_check(run_cli, root)
    assert contracts_run == [] and warm == first == settled_check(run_cli, root, "--no-cache")
    _edit(root, "app.api.views", lambda text: text + "import app.api.forms  # 2\n")
    warm = settled_check(run_cli, root)
    assert contracts_run == [2] and len(_links(warm, "CON003")[0]["lines"]) == 2
    assert warm == settled_check(run_cli, root, "--no-cache")
    contracts_run.clear()
    _edit(root, "app.db.query", lambda text: text + "import app.api.views\n")
    warm = settled_check(run_cli, root)
    assert contracts_run == [0, 1, 2] and _links(warm, "CON002")
    assert warm == settled_check(run_cli, root, "--no-cache")


# The dependency rules (their sources are a part of their own, ``fitness.engine.sources``).
_DEPENDENCY_RULES = {
    "undeclared-dependency",
    "transitive-dependency",
    "unused-dependency",
    "dev-dependency-in-library",
    "stdlib-declared",
    "no-dependency-declarations",
}


def _refuse_sources(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any) -> Any:
        raise AssertionError("the dependency sources were recomputed")

    monkeypatch.setattr(sources, "_sources_part", refuse)


def test_an_import_of_the_own_package_keeps_the_dependency_parts(run_cli: Any, root: Path) -> None:
    """One distribution: every module's imports of its own top-level name are first-party,
    so an import of the project's own code added recomputes no dependency rule and not their
    sources; a third-party one recomputes them. Every run equals a cold one."""
    settled_check(run_cli, root)
    with pytest.MonkeyPatch.context() as patch:
        _refuse_graph(patch, _DEPENDENCY_RULES, [])
        _refuse_sources(patch)
        _edit(root, "app.db.query", lambda text: text + "from app import core  # own\n")
        warm = settled_check(run_cli, root)
    assert warm == settled_check(run_cli, root, "--no-cache")
    seen: list[str] = []
    with pytest.MonkeyPatch.context() as patch:
        _refuse_graph(patch, set(), seen)
        _edit(root, "app.db.query", lambda text: text + "import yaml\n")
        warm = settled_check(run_cli, root)
    assert "undeclared-dependency" in seen
    assert warm == settled_check(run_cli, root, "--no-cache")


def test_an_own_import_of_another_distribution_recomputes_the_dependency_parts(
    run_cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two distributions share the top-level name ``shared``: an import of it from the
    second is a use of the first (a workspace member), so the parts are keyed on every
    import, and adding one recomputes them and reports it."""
    monkeypatch.setattr(stored_run, "tree_key", lambda *args, **kwargs: None)
    project = '[project]\nname = "{}"\nversion = "1"\ndependencies = []\n'
    root = write_tree(
        tmp_path / "w",
        {
            "pyproject.toml": '[tool.archfit]\nsource_roots = ["libs/a", "libs/b"]\n',
            "libs/a/pyproject.toml": project.format("a"),
            "libs/b/pyproject.toml": project.format("b"),
            "libs/a/shared/x.py": '"""X."""\n',
            "libs/b/shared/y.py": '"""Y."""\n',
        },
    )
    first = settled_check(run_cli, root)
    seen: list[str] = []
    with pytest.MonkeyPatch.context() as patch:
        _refuse_graph(patch, set(), seen)
        y = root / "libs" / "b" / "shared" / "y.py"
        y.write_text(y.read_text() + "import shared.x\n")
        warm = settled_check(run_cli, root)
    assert "undeclared-dependency" in seen and "workspace member a" in warm
    assert warm != first and warm == settled_check(run_cli, root, "--no-cache")


def test_an_import_inside_its_own_package_keeps_the_interface_widths(
    run_cli: Any, root: Path, computed: list[str]
) -> None:
    """``from app.api import views`` in ``app.api.forms`` takes a name of the package it is
    in: no interface's use, so interface widths are reused (their computation fails if
    called); ``from app.db import query`` there takes one of another package's and
    recomputes them. Every run equals a cold one."""
    settled_check(run_cli, root)
    with pytest.MonkeyPatch.context() as patch:
        _refuse_graph(patch, {"interface-width"}, [])
        _edit(root, "app.api.forms", lambda text: text + "from app.api import views\n")
        warm = settled_check(run_cli, root)
    assert warm == settled_check(run_cli, root, "--no-cache")
    computed.clear()
    _edit(root, "app.api.forms", lambda text: text + "from app.db import query\n")
    warm = settled_check(run_cli, root)
    assert "interface-width" in computed
    assert warm == settled_check(run_cli, root, "--no-cache")


def test_a_guard_s_pair_digests_agree_resolved_alone_or_from_the_run_edges(root: Path) -> None:
    """A guard's pair digests are the same whether each file is resolved alone (a part
    reused) or read from the run's edges in one pass (a part computed): stored guards compare
    equal."""
    from analyzer.project import analyze
    from fitness.engine.guarded import WitnessReader

    _edit(root, "app.api.forms", lambda text: text + "from app.core import models, utils\n")
    facts = analyze(str(root), root_packages=("app",))
    found = [
        (e.importer.replace(".", "/") + ".py", e.importer, e.imported)
        for e in facts.edges
        if not e.external
    ]
    alone, run = WitnessReader(facts, list), WitnessReader(facts, list)
    run.edges_read()
    assert alone.digests_of(found) == run.digests_of(found)
    assert len({alone.pair_digest(*w) for w in found if w[1] == "app.api.forms"}) == 2


def test_a_guard_s_pair_digests_agree_when_parts_ask_for_them_in_turn(root: Path) -> None:
    """Parts stored in one run ask for their witnesses' digests in turn, each naming other
    importers (and some the same): each answer is the one of every file resolved alone, not
    only the first part's (the run's edges are grouped per importer as witnesses name it)."""
    from analyzer.project import analyze
    from fitness.engine.guarded import WitnessReader

    _edit(root, "app.api.forms", lambda text: text + "from app.core import models, utils\n")
    facts = analyze(str(root), root_packages=("app",))
    found = sorted(
        {(e.importer.replace(".", "/") + ".py", e.importer, e.imported) for e in facts.edges}
    )
    importers = sorted({w[1] for w in found})
    assert len(importers) >= 3
    alone, run = WitnessReader(facts, list), WitnessReader(facts, list)
    run.edges_read()
    for at, importer in enumerate(importers):
        asked = [w for w in found if w[1] in (importer, importers[at - 1])]
        asked.append(("app/none.py", importer, "app.nowhere"))  # a pair with no import: "-"
        assert run.digests_of(asked) == alone.digests_of(asked)
