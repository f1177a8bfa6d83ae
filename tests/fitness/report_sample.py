"""A hand-made Codebase Analysis report for the report reporters' tests (no analysis runs).

``sample_report()`` is a small shop: six packages, an import cycle between ``shop.orders`` and
``shop.infra``, a declared layering the graph inverts, hotspots and temporal coupling, findings
in two packs, three ADRs (one overdue, one whose title is markup), a stuck migration, a detected
stack and open questions. ``sample_report(churn=False)`` leaves the git history out; any other
keyword replaces that field of the Report.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from fitness.results.graph import DepGraph, GraphEdge, GraphNode
from fitness.results.metrics import CycleRow, FunctionRow, PackageRow
from fitness.results.report import (
    AdrRow,
    BudgetSpend,
    Churn,
    Complexity,
    Counts,
    Coupling,
    Decisions,
    DeclaredLayer,
    DeclaredLayers,
    Hotspot,
    Migration,
    PackageBox,
    PrincipleGroup,
    Question,
    Report,
    Risk,
    RuleCount,
    StackItem,
    Structure,
    Summary,
    TemporalCoupling,
)

MARKUP_TITLE = "<script>alert(1)</script>"
PACKAGES = ("shop", "shop.api", "shop.domain", "shop.infra", "shop.orders", "shop.util")


def sample_report(*, churn: bool = True, **overrides: Any) -> Report:
    """The sample shop's report; ``churn=False`` without git history; overrides replace fields."""
    report = Report(
        tool_version="0.9.0",
        project="shop",
        summary=_summary(),
        structure=_structure(),
        coupling=_coupling(),
        complexity=_complexity(churn),
        principles=_principles(),
        decisions=_decisions(),
        stack=_stack(),
        questions=_questions(),
        warnings=("2 files could not be parsed (INP001); their imports are missing.",),
    )
    return replace(report, **overrides)


def _summary() -> Summary:
    counts = Counts(
        files=48,
        modules=44,
        packages=6,
        functions=312,
        sloc=5230,
        errors=6,
        warnings=9,
        infos=1,
        contracts=3,
        broken_contracts=1,
        cycles=1,
        adrs=3,
    )
    risks = (
        Risk("Import cycle between orders and infra", "shop.orders <-> shop.infra", "coupling"),
        Risk("Declared layers inverted", "shop.infra sits above shop.domain", "structure"),
        Risk("orders/service.py is a hotspot", "41 commits x complexity 38", "complexity"),
    )
    verdict = "Sound core, but orders and infra are tangled and the layering is not what it claims."
    return Summary(verdict=verdict, counts=counts, risks=risks)


def _edge(importer: str, imported: str, *, cycle: bool = False, kind: str = "import") -> GraphEdge:
    return GraphEdge(importer, imported, (kind,), (1, 4), in_cycle=cycle)


def _structure() -> Structure:
    nodes = tuple(GraphNode(name, name.replace(".", "/") + "/__init__.py") for name in PACKAGES)
    edges = (
        _edge("shop", "shop.api"),
        _edge("shop.api", "shop.domain"),
        _edge("shop.api", "shop.orders"),
        _edge("shop.api", "shop.util", kind="type-only"),
        _edge("shop.domain", "shop.util"),
        _edge("shop.infra", "shop.orders", cycle=True),
        _edge("shop.infra", "shop.util"),
        _edge("shop.orders", "shop.domain"),
        _edge("shop.orders", "shop.infra", cycle=True),
    )
    diagram = DepGraph(nodes, edges, (("shop.infra", "shop.orders"),), "package", 2)
    boxes = (
        PackageBox("shop", 1, 12, 1, 4),
        PackageBox("shop.api", 8, 910, 96, 3),
        PackageBox("shop.domain", 10, 1480, 120, 1),
        PackageBox("shop.infra", 9, 1020, 140, 2),
        PackageBox("shop.orders", 12, 1630, 210, 2),
        PackageBox("shop.util", 4, 178, 22, 0),
    )
    layers = (
        ("shop.util",),
        ("shop.domain",),
        ("shop.infra", "shop.orders"),
        ("shop.api",),
        ("shop",),
    )
    return Structure(2, boxes, diagram, layers, (_declared(),))


def _declared() -> DeclaredLayers:
    layers = (
        DeclaredLayer(("shop.api",), 3),
        DeclaredLayer(("shop.orders",), 2),
        DeclaredLayer(("shop.domain",), 1),
        DeclaredLayer(("shop.infra",), 2),
    )
    inversions = ("shop.infra is declared below shop.domain but sits above it in the graph",)
    return DeclaredLayers(
        "shop-layers", "Shop is layered from the API down", False, layers, inversions
    )


def _coupling() -> Coupling:
    rows = (
        PackageRow("shop", 1, 0, 1, 1.0, 0.0, 0.0, 1, 12),
        PackageRow("shop.api", 8, 1, 3, 0.75, 0.0, 0.25, 96, 910),
        PackageRow("shop.domain", 10, 3, 1, 0.25, 0.6, 0.15, 120, 1480),
        PackageRow("shop.infra", 9, 1, 2, 0.67, 0.1, 0.23, 140, 1020, ("sqlalchemy",)),
        PackageRow("shop.orders", 12, 2, 2, 0.5, 0.05, 0.45, 210, 1630),
        PackageRow("shop.orders.models", 3, 2, 1, 0.33, 0.0, 0.67, 30, 240),
        PackageRow("shop.util", 4, 3, 0, 0.0, 0.0, 1.0, 22, 178),
    )
    cycles = (
        CycleRow(
            ("shop.infra.repo", "shop.orders.service"),
            (("shop.infra.repo", "shop.orders.service"),),
        ),
    )
    chart = tuple(row for row in rows if row.name in PACKAGES)
    return Coupling(rows, chart, cycles, (("shop.infra", "shop.orders"),))


def _complexity(churn: bool) -> Complexity:
    functions = (
        FunctionRow("shop.orders.service", "OrderService.place", 40, 38, 52),
        FunctionRow("shop.infra.repo", "Repository.save", 12, 21, 25),
        FunctionRow("shop.api.views", "checkout", 8, 17, 19),
        FunctionRow("shop.domain.pricing", "price", 3, 12, 14),
    )
    budget = (
        BudgetSpend("shop.orders", 210, 1630, 0.356, 180, 1.17),
        BudgetSpend("shop.infra", 140, 1020, 0.237, 200, 0.7),
        BudgetSpend("shop.domain", 120, 1480, 0.203),
        BudgetSpend("shop.api", 96, 910, 0.163),
        BudgetSpend("shop.util", 22, 178, 0.037),
        BudgetSpend("shop", 1, 12, 0.002),
    )
    return Complexity(functions, budget, _churn() if churn else None)


def _churn() -> Churn:
    hotspots = (
        Hotspot("shop/orders/service.py", "shop.orders.service", 41, 1290, 5, 38, 1558),
        Hotspot("shop/infra/repo.py", "shop.infra.repo", 22, 410, 3, 21, 462),
        Hotspot("shop/api/views.py", "shop.api.views", 30, 620, 4, 17, 510),
    )
    temporal = (
        TemporalCoupling("shop/orders/service.py", "shop/infra/repo.py", 14, 0.07, 0.64),
        TemporalCoupling("shop/api/views.py", "shop/api/schemas.py", 9, 0.045, 0.3),
    )
    return Churn(365, "2025-05-30", 204, 7, False, 41, hotspots, temporal)


def _principles() -> tuple[PrincipleGroup, ...]:
    unix = PrincipleGroup(
        "unix-philosophy",
        "Unix philosophy",
        (
            RuleCount("UNX001", "single-purpose", "warning", 2, ("shop.api.views", "shop.util")),
            RuleCount("UNX007", "module-size", "warning", 1, ("shop.orders.service",)),
        ),
    )
    budget = PrincipleGroup(
        "complexity-budget",
        "Complexity budget",
        (
            RuleCount(
                "CBX001",
                "max-cyclomatic",
                "error",
                3,
                ("shop.orders.service.OrderService.place", "shop.infra.repo.Repository.save"),
            ),
            RuleCount("CBX003", "package-budget", "error", 1, ("shop.orders",)),
            RuleCount("CBX004", "pass-through-wrapper", "info", 1, ("shop.util.wrap",)),
        ),
    )
    return (unix, budget)


def _decisions() -> Decisions:
    adrs = (
        AdrRow(
            "ADR-0001",
            "Layered architecture",
            "accepted",
            "docs/adr/0001-layers.md",
            "2023-02-01",
            "2024-02-01",
            True,
            2,
            1,
            ("ADR001: shop.infra -> shop.orders breaks shop-layers", "ADR004: review overdue"),
        ),
        AdrRow(
            "ADR-0002",
            MARKUP_TITLE,
            "proposed",
            "docs/adr/0002-markup.md",
            "2024-06-10",
            "",
            False,
            0,
            0,
            (),
        ),
        AdrRow(
            "ADR-0003",
            "Replace the ORM with SQLAlchemy",
            "accepted",
            "docs/adr/0003-orm.md",
            "2024-09-01",
            "2026-09-01",
            False,
            1,
            0,
            (),
        ),
    )
    migrations = (
        Migration("orm-to-sqlalchemy", "Leave the legacy ORM", 12, 12),
        Migration("requests-to-httpx", "Move HTTP calls to httpx", 3, 7),
        Migration("settings-module", "One settings module", 5, None),
    )
    return Decisions(adrs, migrations)


def _stack() -> tuple[StackItem, ...]:
    return (
        StackItem("Web framework", "FastAPI", "fastapi", 6, "shop.api.app"),
        StackItem("Validation", "Pydantic", "pydantic", 9, "shop.api.schemas"),
        StackItem("Database", "SQLAlchemy", "sqlalchemy", 4, "shop.infra.repo"),
        StackItem("Database", "PostgreSQL (psycopg)", "psycopg", 1, "shop.infra.db"),
        StackItem("Message broker", "Celery", "celery", 2, "shop.orders.tasks"),
    )


def _questions() -> tuple[Question, ...]:
    return (
        Question(
            "Cycles",
            "Should orders own the repository, or infra depend on an orders port?",
            "shop.orders <-> shop.infra (1 cycle, 1 edge to cut)",
            "coupling",
        ),
        Question(
            "Layers",
            "Is infra meant to sit below domain, as declared?",
            "shop-layers: 1 inversion",
            "structure",
        ),
        Question(
            "Decisions",
            "ADR-0001 is past its review date: keep, amend or supersede?",
            "ADR004 review-overdue",
            "decisions",
        ),
    )
