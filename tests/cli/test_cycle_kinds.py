"""Cycles carry a kind in metrics, graph and the report; only import-time cycles are top risks
(issue #15: a cycle closed by a TYPE_CHECKING import never runs)."""

from __future__ import annotations

import json
from typing import Any

from analyzer.cycles import cycle_kinds
from analyzer.facts import ImportEdge, ImportKind
from tests.conftest import FIXTURES

CYCLESHOP = str(
    FIXTURES / "cycleshop"
)  # orders -> billing at import time, back under TYPE_CHECKING


def _edge(a: str, b: str, kind: ImportKind) -> ImportEdge:
    return ImportEdge(a, b, 1, 1, kind)


def test_each_kind_of_cycle_is_named() -> None:
    ab = [("a", "b"), ("b", "a")]
    cases = {
        "import-time": [ImportKind.IMPORT, ImportKind.DYNAMIC],
        "type-only": [ImportKind.IMPORT, ImportKind.TYPE_ONLY],
        "function-local": [ImportKind.LAZY, ImportKind.IMPORT],
        "deferred": [ImportKind.LAZY, ImportKind.TYPE_ONLY],
    }
    for expected, kinds in cases.items():
        edges = [_edge(a, b, k) for (a, b), k in zip(ab, kinds, strict=True)]
        assert cycle_kinds([["a", "b"]], edges) == [expected]


def test_metrics_and_graph_name_the_kind_beside_the_cycles(run_cli: Any) -> None:
    _, out, _ = run_cli("metrics", "--format", "json", CYCLESHOP)
    data = json.loads(out)
    assert data["cycles"] == [["cycleshop.billing", "cycleshop.orders"]]
    assert data["cycle_kinds"] == ["type-only"]
    _, out, _ = run_cli("graph", "--format", "json", CYCLESHOP)
    assert json.loads(out)["cycle_kinds"] == ["type-only"]


def test_a_deferred_cycle_is_no_top_risk_of_the_report(run_cli: Any) -> None:
    code, out, _ = run_cli("report", "--format", "json", CYCLESHOP)
    data = json.loads(out)
    assert code == 0
    assert data["summary"]["counts"]["cycles"] == 0  # none Python runs at import time
    assert "import cycle" not in json.dumps(data["summary"]["risks"]).lower()
    assert [c["kind"] for c in data["coupling"]["cycles"]] == ["type-only"]


def test_the_verdict_names_the_blind_spots_it_rests_on(tmp_path: Any, run_cli: Any) -> None:
    """Issue #15: the report never says the contracts hold without saying what it cannot see."""
    import shutil

    target = tmp_path / "chatapp"
    shutil.copytree(FIXTURES / "chatapp", target)
    loose = target / "src" / "chatapp" / "loose-files"
    loose.mkdir()
    (loose / "m.py").write_text("X = 1\n")
    code, out, _ = run_cli("report", "--format", "json", str(target))
    summary = json.loads(out)["summary"]
    assert code == 0 and summary["counts"]["blind_spots"] == 1
    assert summary["verdict"].endswith(
        "; the import graph has 1 blind spot, so this holds only as far as it sees."
    )
    code, out, _ = run_cli("report", "--format", "json", CYCLESHOP)
    assert "blind spot" not in json.loads(out)["summary"]["verdict"]
