"""The report's parts on their own: inferred layering, depth choice, risks, questions, md."""

from __future__ import annotations

import itertools
from dataclasses import replace

from fitness.contracts.base import ContractSpec
from fitness.engine import report_questions as questions
from fitness.engine.report import choose_depth
from fitness.engine.report_layering import declared_layers, inferred_levels, layers_of
from fitness.reporters import report_md
from fitness.results.findings import Source
from fitness.results.metrics import CycleRow, PackageRow
from fitness.results.report import (
    AdrRow,
    Churn,
    Hotspot,
    Migration,
    TemporalCoupling,
    plural,
)
from tests.fitness.report_sample import sample_report


def test_inferred_levels_put_importers_above_what_they_import() -> None:
    edges = [("api", "domain"), ("domain", "store"), ("api", "store"), ("cli", "api")]
    levels = inferred_levels(["cli", "api", "domain", "store", "alone"], edges)
    assert levels == {"store": 0, "alone": 0, "domain": 1, "api": 2, "cli": 3}
    assert layers_of(levels) == (("alone", "store"), ("domain",), ("api",), ("cli",))


def test_the_members_of_a_cycle_share_a_layer() -> None:
    edges = [("a", "b"), ("b", "a"), ("top", "a"), ("b", "base")]
    levels = inferred_levels(["a", "b", "top", "base"], edges)
    assert levels["a"] == levels["b"] == 1
    assert (levels["base"], levels["top"]) == (0, 2)


def test_a_long_chain_does_not_recurse() -> None:
    names = [f"m{i}" for i in range(5000)]
    levels = inferred_levels(names, itertools.pairwise(names))
    assert levels["m0"] == 4999 and levels["m4999"] == 0


def _layers_spec(layers: list[str], containers: list[str] | None = None) -> ContractSpec:
    options = {"layers": layers, "containers": containers or []}
    return ContractSpec("c1", "layered", "layers", options, Source("config", "c1", "x", 1))


def test_declared_layers_are_placed_and_inversions_named() -> None:
    edges = [
        ("app.api.views", "app.domain.model"),
        ("app.store.repo", "app.domain.model"),  # the store imports the domain: runs up
        ("app.domain.service", "app.store.repo"),
    ]
    declared = declared_layers(_layers_spec(["api", "domain | other", "store"], ["app"]), edges)
    assert [layer.names for layer in declared.layers] == [
        ("app.api",),
        ("app.domain", "app.other"),
        ("app.store",),
    ]
    assert [layer.inferred for layer in declared.layers] == [1, 0, 0]  # domain, store: a cycle
    assert declared.inversions == ("app.store (layer 3) imports app.domain (layer 2)",)


def test_choose_depth_goes_deeper_until_there_is_something_to_see() -> None:
    one_root = ["pkg", "pkg.a", "pkg.b", "pkg.c", "pkg.d.x", "pkg.d.y"]
    assert choose_depth(one_root) == 2
    flat = ["a", "b", "c", "d", "e"]
    assert choose_depth(flat) == 1
    wide = ["root"] + [f"root.m{i}" for i in range(100)]
    assert choose_depth(wide) == 1  # 101 nodes at depth 2 would not fit one picture


def test_questions_come_from_what_the_report_shows() -> None:
    report = sample_report()
    asked = questions.open_questions(report)
    topics = {q.topic for q in asked}
    assert {"cycle", "decision", "migration"} <= topics
    for question in asked:
        assert question.section in {
            "structure",
            "coupling",
            "complexity",
            "principles",
            "decisions",
            "stack",
        }


def test_an_overdue_review_and_a_stuck_migration_each_raise_a_question() -> None:
    report = sample_report()
    adr = AdrRow(
        "ADR-0007",
        "Use Kafka",
        "accepted",
        "docs/adr/7.md",
        "2024-01-01",
        "2025-01-01",
        True,
        1,
        0,
        (),
    )
    stuck = Migration("redis-to-kafka", "From redis", 4, 4)
    moving = Migration("old-api", "Off the old API", 2, 5)
    decisions = replace(report.decisions, adrs=(adr,), migrations=(stuck, moving))
    asked = questions.open_questions(replace(report, decisions=decisions))
    text = [q.question for q in asked]
    assert any("ADR-0007 (Use Kafka) was due for review on 2025-01-01" in t for t in text)
    assert any("Migration redis-to-kafka still has 4 usages" in t for t in text)
    assert not any("old-api" in t for t in text)


def test_only_notable_hotspots_raise_a_risk_or_a_question() -> None:
    report = sample_report()
    small = Hotspot("a.py", "a", 2, 10, 1, 3, 6)
    big = Hotspot("b.py", "b", 9, 400, 3, 40, 360)
    pair = TemporalCoupling("x/a.py", "y/b.py", 5, 0.5, 1.0)
    for spots, expected in (((small,), 0), ((big, small), 1)):
        churn = Churn(365, "2026-11-01", 10, 2, False, 5, spots, (pair,))
        changed = replace(report, complexity=replace(report.complexity, churn=churn))
        asked = [q for q in questions.open_questions(changed) if q.topic == "hotspot"]
        assert len(asked) == expected
    assert any(q.topic == "temporal coupling" for q in questions.open_questions(changed))


def test_the_summary_keeps_the_three_heaviest_risks() -> None:
    report = sample_report()
    cycles = tuple(CycleRow((f"m{i}", f"n{i}"), ((f"m{i}", f"n{i}"),)) for i in range(5))
    busy = replace(report, coupling=replace(report.coupling, cycles=cycles, package_cycles=()))
    from fitness.results.findings import Result, Summary

    result = Result("0", ".", Summary(1, 1, 0, 0, 0, 0), ())
    concluded = questions.conclude(busy, result)
    assert len(concluded.summary.risks) <= 3
    assert concluded.summary.verdict.startswith(report.project)


def test_plural_reads_as_english() -> None:
    assert (plural(1, "commit"), plural(2, "commit"), plural(1200, "line")) == (
        "1 commit",
        "2 commits",
        "1,200 lines",
    )


def test_markdown_escapes_cells_and_keeps_names_in_code() -> None:
    assert report_md.esc("a|b <c> & d") == "a\\|b &lt;c&gt; &amp; d"
    assert report_md.code("x|y") == "`x\\|y`"
    table = report_md.table(["name", "n"], [("a", 1)], right=[1])
    assert table == "| name | n |\n| --- | ---: |\n| a | 1 |\n"


def test_the_quadrant_chart_plots_every_package() -> None:
    rows = [PackageRow("p.a", 1, 1, 1, 0.5, 0.25, 0.25), PackageRow("p-b", 1, 0, 0, 0.0, 0.0, 1.0)]
    chart = report_md._quadrant(rows)
    assert "    p.a: [0.500, 0.250]" in chart
    assert "    p_b: [0.000, 0.000]" in chart  # a dash would end Mermaid's point name
    ones = report_md._quadrant([PackageRow("p.c", 1, 0, 1, 1.0, 0.9996, 0.0)])
    assert "    p.c: [1, 1]" in ones  # Mermaid 11 rejects 1.000
