"""The graph view model and its reporters, on a graph built by hand (no analysis involved)."""

from __future__ import annotations

import json
from pathlib import Path

from fitness.reporters import graph_dot, graph_json, graph_mermaid
from fitness.reporters.registry import GRAPH_FORMATS
from fitness.results.graph import DepGraph, GraphEdge, GraphNode, neighbourhood, without_externals
from tests.graph_checks import dot_counts, dot_svg, mermaid_counts, mermaid_problems

GOLDEN = Path(__file__).parent / "golden"

# A cycle (app.api <-> app.db), every kind, a pair with two kinds, external packages, a name
# that is a Mermaid keyword (end) and two names that sanitise alike (app.db, app_db).
GRAPH = DepGraph(
    nodes=(
        GraphNode("app", "src/app/__init__.py"),
        GraphNode("app.api", "src/app/api.py"),
        GraphNode("app.db", "src/app/db"),
        GraphNode("app.plugins", "src/app/plugins.py"),
        GraphNode("app_db", None, True),
        GraphNode("end", None, True),
        GraphNode("zope.interface", None, True),
    ),
    edges=(
        GraphEdge("app.api", "app.db", ("import", "type-only"), (3, 9), True),
        GraphEdge("app.api", "app.plugins", ("dynamic",), (12,)),
        GraphEdge("app.api", "app_db", ("lazy", "explicit-lazy"), (4, 8)),
        GraphEdge("app.api", "end", ("import",), (1,)),
        GraphEdge("app.db", "app.api", ("lazy",), (40,), True),
        GraphEdge("app.db", "app_db", ("type-only",), (5,)),
        GraphEdge("app.plugins", "zope.interface", ("lazy", "dynamic"), (2, 7)),
    ),
    cycles=(("app.api", "app.db"),),
    level="package",
    depth=2,
    focus=("app.api",),
)


def test_formats_are_registered_for_the_cli() -> None:
    assert set(GRAPH_FORMATS) == {"mermaid", "dot", "json"}


def test_mermaid_matches_the_golden_flowchart() -> None:
    rendered = graph_mermaid.render(GRAPH)
    assert rendered == (GOLDEN / "graph.mmd").read_text(encoding="utf-8")
    assert graph_mermaid.render(GRAPH) == rendered


def test_dot_matches_the_golden_digraph() -> None:
    rendered = graph_dot.render(GRAPH)
    assert rendered == (GOLDEN / "graph.dot").read_text(encoding="utf-8")
    assert graph_dot.render(GRAPH) == rendered


def test_json_matches_the_golden_document_and_the_spec_shape() -> None:
    rendered = graph_json.render(GRAPH)
    assert rendered == (GOLDEN / "graph.json").read_text(encoding="utf-8")
    doc = json.loads(rendered)
    assert doc["schema_version"] == 1
    assert all(set(m) == {"name", "path", "external"} for m in doc["modules"])
    assert all({"importer", "imported", "kinds", "lines"} <= set(e) for e in doc["edges"])
    pairs = [(e["importer"], e["imported"]) for e in doc["edges"]]
    assert pairs == sorted(set(pairs))
    assert doc["cycles"] == [["app.api", "app.db"]]


def test_mermaid_is_a_well_formed_flowchart() -> None:
    rendered = graph_mermaid.render(GRAPH)
    assert mermaid_problems(rendered) == []
    assert mermaid_counts(rendered) == (len(GRAPH.nodes), len(GRAPH.edges))


def test_mermaid_ids_are_safe_unique_and_stable() -> None:
    ids = graph_mermaid.node_ids(["app_db", "end", "app.db", "we-ird.name", "app_db_2"])
    assert ids == {
        "app.db": "m_app_db",
        "app_db": "m_app_db_2",
        "app_db_2": "m_app_db_2_2",
        "end": "m_end",
        "we-ird.name": "m_we_ird_name",
    }
    assert graph_mermaid.node_ids(reversed(list(ids))) == ids


def test_mermaid_styles_kinds_cycles_and_externals() -> None:
    rendered = graph_mermaid.render(GRAPH)
    assert "    m_app_api -->|import, type-only| m_app_db" in rendered
    assert "    m_app_db -.->|lazy| m_app_api" in rendered
    assert "    m_app_api ==>|dynamic| m_app_plugins" in rendered
    assert "    m_app_api --o|lazy, explicit-lazy| m_app_db_2" in rendered
    assert "    m_app_db -.->|type-only| m_app_db_2" in rendered
    assert "    linkStyle 0 stroke:#d62728,stroke-width:2px" in rendered
    assert "    class m_app_db_2,m_end,m_zope_interface external" in rendered


def test_dot_styles_kinds_as_edge_attributes() -> None:
    lines = graph_dot.render(GRAPH).splitlines()
    styles = {line.split(" [")[0].strip(): line for line in lines if " -> " in line}
    assert 'style="dashed", color="#d62728"' in styles['"app.db" -> "app.api"']
    assert 'style="dotted"' in styles['"app.db" -> "app_db"']
    assert 'style="bold"' in styles['"app.api" -> "app.plugins"']
    assert 'arrowhead="onormal"' in styles['"app.api" -> "app_db"']  # explicit-lazy wins
    assert "style=" not in styles['"app.api" -> "app_db"']
    assert "style=" not in styles['"app.api" -> "app.db"']  # import wins over type-only


def test_graphviz_reads_and_lays_out_the_golden_digraph() -> None:
    rendered = graph_dot.render(GRAPH)
    assert dot_counts(rendered) == (len(GRAPH.nodes), len(GRAPH.edges))
    assert dot_svg(rendered).count('class="edge"') == len(GRAPH.edges)


def test_an_edge_is_drawn_as_its_most_binding_kind() -> None:
    drawn = {(e.importer, e.imported): e.drawn_kind for e in GRAPH.edges}
    assert drawn[("app.api", "app.db")] == "import"
    assert drawn[("app.plugins", "zope.interface")] == "dynamic"
    assert drawn[("app.db", "app_db")] == "type-only"
    assert drawn[("app.api", "app_db")] == "explicit-lazy"


def test_neighbourhood_is_one_step_each_way_with_the_edges_among_those() -> None:
    view = neighbourhood(GRAPH, frozenset({"app.plugins"}))
    assert [n.name for n in view.nodes] == ["app.api", "app.plugins", "zope.interface"]
    assert [(e.importer, e.imported) for e in view.edges] == [
        ("app.api", "app.plugins"),
        ("app.plugins", "zope.interface"),
    ]
    assert view.focus == ("app.plugins",) and view.cycles == ()
    around_db = neighbourhood(GRAPH, frozenset({"app.db"}))
    assert around_db.cycles == (("app.api", "app.db"),)
    assert "app.plugins" not in {n.name for n in around_db.nodes}


def test_without_externals_drops_squashed_packages_and_their_edges() -> None:
    view = without_externals(GRAPH)
    assert [n.name for n in view.nodes] == ["app", "app.api", "app.db", "app.plugins"]
    assert all(not e.imported.startswith(("end", "app_db", "zope")) for e in view.edges)
    assert view.cycles == GRAPH.cycles and view.focus == GRAPH.focus


def test_an_empty_graph_is_still_valid_output() -> None:
    empty = DepGraph(nodes=(), edges=())
    assert mermaid_problems(graph_mermaid.render(empty)) == []
    assert json.loads(graph_json.render(empty))["modules"] == []
    assert dot_counts(graph_dot.render(empty)) == (0, 0)
    dot_svg(graph_dot.render(empty))
