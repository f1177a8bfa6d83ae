"""The report's interface table: each package's interface and who uses it (symshop)."""

from __future__ import annotations

from dataclasses import replace

from analyzer.project import analyze
from fitness.engine.report_interfaces import build_interfaces
from fitness.reporters import report_md
from fitness.results.report import InterfaceRow
from tests.conftest import FIXTURES
from tests.fitness.report_sample import sample_report


def test_symshop_interfaces_and_their_users() -> None:
    rows = {r.package: r for r in build_interfaces(analyze(str(FIXTURES / "symshop")))}
    assert rows["symshop.billing"] == InterfaceRow(
        package="symshop.billing",
        source="__all__",
        exposed=2,
        used=2,
        importers=1,  # orders.checkout, through the interface
        past=0,
        members=(("Invoice", 1), ("create_invoice", 1)),
    )
    core = rows["symshop.core"]
    # core's __init__ exposes nothing; billing's two modules take core.money from outside.
    assert (core.source, core.exposed, core.used, core.past) == ("public names", 0, 0, 2)
    assert core.members == (("money.Money", 2),)
    assert "symshop.orders" not in rows  # nobody outside imports it


def test_the_markdown_table_names_each_package_and_its_busiest_members() -> None:
    row = InterfaceRow("shop.billing", "__all__", 4, 1, 3, 2, (("Invoice", 3), ("models.Row", 2)))
    report = sample_report()
    report = replace(report, structure=replace(report.structure, interfaces=(row,)))
    text = report_md.render(report)
    assert "### Package interfaces and who uses them" in text
    assert (
        "| `shop.billing` | 3 | 1 of 4 (`__all__`) | 2 | `Invoice` (3), `models.Row` (2) |" in text
    )
