"""The metrics report model and its three reporters, on a report built by hand (no analysis).

Golden files live in tests/fitness/golden/metrics/; regenerate them with
``ARCHFIT_UPDATE_GOLDEN=1 python -m pytest tests/fitness/test_metrics_reporters.py`` and
review the diff.
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest

from fitness.reporters import metrics_csv, metrics_json, metrics_table
from fitness.reporters.registry import METRICS_FORMATS
from fitness.results.metrics import (
    COLUMNS,
    CycleRow,
    FunctionRow,
    HalsteadRow,
    MetricsReport,
    MetricsView,
    ModuleRow,
    PackageRow,
    RawRow,
    rows,
    sort_column,
)

API = ("fastapi", "pydantic")
GOLDEN = Path(__file__).parent / "golden" / "metrics"
LONG = "shop.orders.domain.aggregates.order_lines_with_a_name_long_enough_to_need_an_ellipsis_here"


HAL = HalsteadRow(5, 12, 9, 20, 17, 29, 54.62, 118.53, 4.17, 493.89, 27.44, 0.0395)
NO_HAL = HalsteadRow(0, 0, 0, 0, 0, 0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)


def _raw(sloc: int) -> RawRow:
    return RawRow(sloc + 9, sloc - 1, sloc, 4, 3, 5, 2)


def _report() -> MetricsReport:
    """A stored report: long names, an unmeasured module (INP001), nested packages, two
    cycles, radon's raw and Halstead numbers (none for a module measured only in part)."""
    modules = (
        ModuleRow("shop", "src/shop/__init__.py", 3, 0, 0, 100.0, 2, 0, (), _raw(3), NO_HAL),
        ModuleRow("shop.broken", "src/shop/broken.py", fan_in=1, problem="INP001"),
        ModuleRow("shop.orders", "src/shop/orders/__init__.py", 10, 2, 1, 88.25, 3, 2, ()),
        ModuleRow("shop.orders.api", "src/shop/orders/api.py", 120, 14, 9, 62.512, 0, 4, API),
        ModuleRow(
            LONG, "src/shop/orders/domain/x.py", 420, 61, 40, 18.734, 5, 9, ("attrs",), _raw(420)
        ),
    )
    functions = (
        FunctionRow("shop.orders", "setup", 3, 2, 1, NO_HAL),
        FunctionRow("shop.orders.api", "create", 10, 9, 7, HAL),
        FunctionRow("shop.orders.api", "Router.delete", 40, 5, 2),
        FunctionRow(LONG, "OrderLines.merge.inner", 77, 31, 22, HAL),
    )
    packages = (
        PackageRow("shop", 5, 0, 0, 0.0, 0.0, 1.0, 77, 553, ("attrs", "fastapi", "pydantic")),
        PackageRow("shop.orders", 3, 2, 1, 1 / 3, 0.5, 1 / 6, 77, 550, ("attrs", "fastapi")),
        PackageRow("shop.orders.domain", 1, 1, 3, 0.75, 2 / 3, 5 / 12, 61, 420, ("attrs",)),
    )
    cycles = (
        CycleRow(("shop", "shop.broken"), (("shop", "shop.broken"),), "type-only"),
        CycleRow((LONG, "shop.orders", "shop.orders.api"), ((LONG, "shop.orders.api"),)),
    )
    return MetricsReport("0.0.test", modules, packages, functions, cycles)


CASES = {
    "module.txt": (metrics_table, MetricsView()),
    "module-raw.txt": (metrics_table, MetricsView("module", "loc", columns="raw")),
    "module-halstead.txt": (metrics_table, MetricsView("module", "volume", columns="halstead")),
    "function-halstead.txt": (metrics_table, MetricsView("function", "effort", columns="halstead")),
    "package.txt": (metrics_table, MetricsView("package", "distance", 2)),
    "function.txt": (metrics_table, MetricsView("function", "complexity")),
    "metrics.json": (metrics_json, MetricsView()),
    "function-top.json": (metrics_json, MetricsView("function", "complexity", 2)),
    "module.csv": (metrics_csv, MetricsView("module", "maintainability")),
    "package.csv": (metrics_csv, MetricsView("package")),
    "function.csv": (metrics_csv, MetricsView("function", "cognitive", 3)),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_output_matches_the_golden_file(name: str) -> None:
    reporter, view = CASES[name]
    rendered = reporter.render(_report(), view)
    if os.environ.get("ARCHFIT_UPDATE_GOLDEN"):
        (GOLDEN / name).write_text(rendered, encoding="utf-8")
    assert rendered == (GOLDEN / name).read_text(encoding="utf-8")
    assert reporter.render(_report(), view) == rendered  # deterministic


def test_the_registry_offers_table_json_and_csv() -> None:
    assert sorted(METRICS_FORMATS) == ["csv", "json", "table"]


@pytest.mark.parametrize("level", ["module", "package", "function"])
def test_the_table_fits_100_columns_and_ends_long_names_with_an_ellipsis(level: str) -> None:
    lines = metrics_table.render(_report(), MetricsView(level)).splitlines()
    assert max(len(line) for line in lines) <= 100
    header, rule = lines[0], lines[1]
    assert header.startswith(level) and set(rule) == {"-"}
    if level == "module":
        assert any(line.startswith("…") and "ellipsis_here" in line for line in lines)


def test_json_has_every_key_the_spec_names() -> None:
    data = json.loads(metrics_json.render(_report()))
    assert data["schema_version"] == 1
    module_keys = {"name", "path", "sloc", "complexity", "maintainability", "fan_in", "fan_out"}
    assert all(module_keys | {"functions"} <= m.keys() for m in data["modules"])
    function = data["modules"][-1]["functions"][0]
    assert {"qualname", "line", "complexity"} <= function.keys()
    package_keys = {"name", "ca", "ce", "instability", "abstractness", "distance", "complexity"}
    assert all(package_keys | {"sloc"} <= p.keys() for p in data["packages"])
    assert data["cycles"] == [["shop", "shop.broken"], [LONG, "shop.orders", "shop.orders.api"]]


def test_csv_has_a_header_and_one_row_per_row_of_the_level() -> None:
    table = list(csv.reader(io.StringIO(metrics_csv.render(_report(), MetricsView("package")))))
    assert table[0][:4] == ["name", "modules", "ca", "ce"]
    assert [row[0] for row in table[1:]] == ["shop", "shop.orders", "shop.orders.domain"]


def test_numbers_sort_worst_first_and_names_alphabetically() -> None:
    report = _report()
    assert [r.name for r in rows(report, MetricsView("module", "fan_out", 2))] == [
        LONG,
        "shop.orders.api",
    ]
    by_mi = [r.name for r in rows(report, MetricsView("module", "maintainability"))]
    assert by_mi == [LONG, "shop.orders.api", "shop.orders", "shop", "shop.broken"]  # None last
    assert [r.line for r in rows(report, MetricsView("function", "line"))] == [3, 10, 40, 77]
    ties = [r.name for r in rows(report, MetricsView("package", "complexity"))]
    assert ties == ["shop", "shop.orders", "shop.orders.domain"]  # 77, 77: by name


def test_sort_accepts_the_table_headers_and_dashes() -> None:
    assert sort_column("fan-in", "module") == "fan_in"
    assert sort_column("CC", "function") == "complexity"
    assert sort_column("D", "package") == "distance"
    assert sort_column("fan_in", "package") is None
    assert all(sort_column(c, level) == c for level, cs in COLUMNS.items() for c in cs)
