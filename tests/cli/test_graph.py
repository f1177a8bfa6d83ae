"""End to end: ``archfit graph`` on the graphtangle fixture (and Django, marked realcode).

graphtangle (fixtures/graphtangle/README.md lists its edges) has a cycle through a lazy import,
a type-only, a dynamic and an external import, and packages one level below the root.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from fitness.reporters import graph_mermaid
from fitness.results.graph import DepGraph
from tests.conftest import FIXTURES
from tests.graph_checks import (
    dot_counts,
    dot_svg,
    mermaid_counts,
    mermaid_parse,
    mermaid_problems,
)
from tests.realcode import TARGETS, django_root

TANGLE = str(FIXTURES / "graphtangle")
GOLDEN = Path(__file__).parent.parent / "fitness" / "golden"
Edge = tuple[str, str, list[str], list[int]]

MODULE_EDGES: list[Edge] = [
    ("tangle.api.views", "importlib", ["import"], [2]),
    ("tangle.api.views", "tangle.core.models", ["import"], [5]),
    ("tangle.api.views", "tangle.util.plugins", ["dynamic"], [10]),
    ("tangle.api.views", "tangle.util.types", ["type-only"], [8]),
    ("tangle.api.views", "typing", ["import"], [3]),
    ("tangle.core.models", "requests", ["import"], [3]),
    ("tangle.core.models", "tangle.core.store", ["import"], [2]),
    ("tangle.core.store", "tangle.api.views", ["lazy"], [6]),
    ("tangle.core.store", "tangle.core.models", ["import"], [2]),
    ("tangle.util.plugins", "json", ["import"], [2]),
]
PACKAGE_EDGES: list[Edge] = [
    ("tangle.api", "importlib", ["import"], [2]),
    ("tangle.api", "tangle.core", ["import"], [5]),
    ("tangle.api", "tangle.util", ["type-only", "dynamic"], [8, 10]),
    ("tangle.api", "typing", ["import"], [3]),
    ("tangle.core", "requests", ["import"], [3]),
    ("tangle.core", "tangle.api", ["lazy"], [6]),
    ("tangle.util", "json", ["import"], [2]),
]
EXTERNALS = ["importlib", "json", "requests", "typing"]


def graph(run_cli: Any, *args: str, target: str = TANGLE) -> str:
    """``archfit graph`` output; the command must exit 0 and say nothing on stderr.

    Fixtures are analysed with ``--no-cache`` (no cache folder in the repository); real code
    under the git-ignored ``.targets/`` is cached.
    """
    cache = () if target != TANGLE else ("--no-cache",)
    code, out, err = run_cli("graph", target, *cache, *args)
    assert (code, err) == (0, ""), err
    return out


def graph_json(run_cli: Any, *args: str) -> dict[str, Any]:
    return dict(json.loads(graph(run_cli, "--format", "json", *args)))


def edges(doc: dict[str, Any]) -> list[Edge]:
    return [(e["importer"], e["imported"], e["kinds"], e["lines"]) for e in doc["edges"]]


def modules(doc: dict[str, Any]) -> dict[str, str | None]:
    return {m["name"]: m["path"] for m in doc["modules"]}


def test_module_level_json_has_every_edge_with_its_kinds_and_lines(run_cli: Any) -> None:
    doc = graph_json(run_cli)
    assert doc["schema_version"] == 1 and doc["level"] == "module"
    assert edges(doc) == MODULE_EDGES
    assert doc["cycles"] == [["tangle.api.views", "tangle.core.models", "tangle.core.store"]]
    in_cycle = [(e["importer"], e["imported"]) for e in doc["edges"] if e["in_cycle"]]
    assert len(in_cycle) == 4 and ("tangle.api.views", "tangle.util.types") not in in_cycle


def test_module_paths_are_relative_with_forward_slashes_and_externals_squashed(
    run_cli: Any,
) -> None:
    doc = graph_json(run_cli)
    names = modules(doc)
    assert names["tangle"] == "tangle/__init__.py"
    assert names["tangle.core.models"] == "tangle/core/models.py"
    assert [m["name"] for m in doc["modules"] if m["external"]] == EXTERNALS
    assert all(names[name] is None for name in EXTERNALS)
    assert all(set(m) == {"name", "path", "external"} for m in doc["modules"])
    assert [m["name"] for m in doc["modules"]] == sorted(names)


def test_package_level_merges_kinds_and_lines_and_finds_the_package_cycle(
    run_cli: Any,
) -> None:
    doc = graph_json(run_cli, "--level", "package")
    assert edges(doc) == PACKAGE_EDGES
    assert doc["cycles"] == [["tangle.api", "tangle.core"]]
    assert modules(doc)["tangle.core"] == "tangle/core"  # a package node is its folder
    assert "tangle.core.models" not in modules(doc)


def test_depth_collapses_names_below_it(run_cli: Any) -> None:
    assert edges(graph_json(run_cli, "--depth", "2")) == PACKAGE_EDGES
    doc = graph_json(run_cli, "--depth", "1")
    assert [(e["importer"], e["imported"]) for e in doc["edges"]] == [
        ("tangle", name) for name in EXTERNALS
    ]
    assert modules(doc) == {"tangle": "tangle", **dict.fromkeys(EXTERNALS)}
    assert doc["cycles"] == [] and doc["depth"] == 1


def test_focus_on_a_module_keeps_one_step_each_way(run_cli: Any) -> None:
    doc = graph_json(run_cli, "--focus", "tangle.util.plugins")
    assert sorted(modules(doc)) == ["json", "tangle.api.views", "tangle.util.plugins"]
    assert edges(doc) == [MODULE_EDGES[2], MODULE_EDGES[-1]]
    assert doc["focus"] == ["tangle.util.plugins"] and doc["cycles"] == []


def test_focus_on_a_package_keeps_its_modules_neighbours_and_the_edges_among_them(
    run_cli: Any,
) -> None:
    doc = graph_json(run_cli, "--focus", "tangle.core")
    focused = ["tangle.core", "tangle.core.models", "tangle.core.store"]
    assert doc["focus"] == focused
    assert sorted(modules(doc)) == sorted([*focused, "requests", "tangle.api.views"])
    assert ("tangle.api.views", "tangle.core.models", ["import"], [5]) in edges(doc)
    package = graph_json(run_cli, "--level", "package", "--focus", "tangle.core.models")
    assert package["focus"] == ["tangle.core"]  # the package node that holds the module
    assert sorted(modules(package)) == ["requests", "tangle.api", "tangle.core"]


def test_an_unknown_focus_is_a_usage_error(run_cli: Any) -> None:
    code, out, err = run_cli("graph", TANGLE, "--no-cache", "--focus", "tangle.nowhere")
    assert code == 2 and out == ""
    assert "--focus tangle.nowhere: no module or package of that name" in err


@pytest.mark.parametrize(
    "args",
    [("--format", "svg"), ("--level", "function"), ("--depth", "0"), ("--config", "missing.toml")],
)
def test_usage_and_config_errors_exit_2(run_cli: Any, args: tuple[str, ...]) -> None:
    code, _, _ = run_cli("graph", TANGLE, "--no-cache", *args)
    assert code == 2


@pytest.mark.parametrize("output_format", ["mermaid", "dot", "json"])
def test_output_is_byte_identical_across_runs_jobs_and_the_cache(
    run_cli: Any, output_format: str, tmp_path: Path
) -> None:
    first = graph(run_cli, "--format", output_format)
    assert graph(run_cli, "--format", output_format, "--jobs", "2") == first
    copy = tmp_path / "graphtangle"
    shutil.copytree(TANGLE, copy)
    code, cold, _ = run_cli("graph", str(copy), "--format", output_format)
    code_warm, warm, _ = run_cli("graph", str(copy), "--format", output_format)
    assert (code, code_warm) == (0, 0) and cold == warm == first


@pytest.mark.parametrize("level", [("--level", "module"), ("--level", "package"), ("--depth", "1")])
def test_mermaid_is_a_well_formed_flowchart_at_every_level(
    run_cli: Any, level: tuple[str, ...]
) -> None:
    text = graph(run_cli, *level)
    doc = graph_json(run_cli, *level)
    assert mermaid_problems(text) == []
    assert mermaid_counts(text) == (len(doc["modules"]), len(doc["edges"]))


def test_mermaid_draws_kinds_cycles_and_externals(run_cli: Any) -> None:
    text = graph(run_cli, "--level", "package")
    assert "    m_tangle_api ==>|type-only, dynamic| m_tangle_util" in text
    assert "    m_tangle_core -.->|lazy| m_tangle_api" in text
    assert "    linkStyle 1 stroke:#d62728,stroke-width:2px" in text
    assert "    class m_importlib,m_json,m_requests,m_typing external" in text
    assert "    class m_tangle_api,m_tangle_core cycle" in text


def test_no_externals_hides_them_in_diagrams_but_never_in_json(run_cli: Any) -> None:
    text = graph(run_cli, "--no-externals")
    assert "requests" not in text and mermaid_problems(text) == []
    assert '"requests"' not in graph(run_cli, "--format", "dot", "--no-externals")
    doc = graph_json(run_cli, "--no-externals")
    assert [m["name"] for m in doc["modules"] if m["external"]] == EXTERNALS


def test_output_option_writes_the_file_and_nothing_to_stdout(run_cli: Any, tmp_path: Path) -> None:
    target = tmp_path / "graph.dot"
    assert graph(run_cli, "--format", "dot", "--output", str(target)) == ""
    assert target.read_text(encoding="utf-8") == graph(run_cli, "--format", "dot")


@pytest.mark.parametrize(
    "args", [(), ("--level", "package"), ("--depth", "1"), ("--focus", "tangle.core")]
)
def test_graphviz_lays_out_the_dot_output(run_cli: Any, args: tuple[str, ...]) -> None:
    text = graph(run_cli, "--format", "dot", *args)
    doc = graph_json(run_cli, *args)
    assert dot_counts(text) == (len(doc["modules"]), len(doc["edges"]))
    dot_svg(text)


@pytest.mark.realcode
def test_django_graphs_render_with_graphviz_and_as_mermaid(run_cli: Any) -> None:
    """Every module of Django parses in Graphviz; views small enough to lay out are drawn."""
    root = str(django_root())
    code, packages, err = run_cli("graph", root, "--level", "package")
    assert code == 0 and mermaid_problems(packages) == []
    assert "Mermaid (and GitHub) draw at most 500 by default; try --level package" in err
    full = graph(run_cli, "--format", "dot", target=root)
    doc = json.loads(graph(run_cli, "--format", "json", target=root))
    assert len(doc["modules"]) > 900 and len(doc["edges"]) > 3000
    assert doc["cycles"] and any(e["in_cycle"] for e in doc["edges"])
    assert dot_counts(full) == (len(doc["modules"]), len(doc["edges"]))
    for args in (("--depth", "2"), ("--focus", "django.db.models.sql", "--level", "package")):
        dot_svg(graph(run_cli, "--format", "dot", *args, target=root))


@pytest.mark.realcode
def test_mermaid_itself_parses_the_flowcharts(run_cli: Any, tmp_path: Path) -> None:
    """Mermaid's parser (from npm) accepts the fixture at every level, the golden file and
    Django's graphs (its 1,478-edge package graph too), and rejects a broken control file."""
    texts = {
        "module.mmd": graph(run_cli),
        "package.mmd": graph(run_cli, "--level", "package"),
        "depth.mmd": graph(run_cli, "--depth", "1", "--no-externals"),
        "focus.mmd": graph(run_cli, "--focus", "tangle.core"),
        "django.mmd": graph(run_cli, "--depth", "2", "--no-externals", target=str(django_root())),
        "django-packages.mmd": run_cli("graph", str(django_root()), "--level", "package")[1],
        "empty.mmd": graph_mermaid.render(DepGraph(nodes=(), edges=())),
        "broken.mmd": "flowchart LR\n    a.b --> c-d((\n",
    }
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    files = [tmp_path / name for name in texts] + [GOLDEN / "graph.mmd"]
    rejected = mermaid_parse(files, TARGETS / "mermaid")
    assert [line.split(":")[0] for line in rejected] == [f"FAIL {tmp_path / 'broken.mmd'}"]
