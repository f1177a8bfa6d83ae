"""Django's string references as ``framework`` edges: settings, URLconfs, lazy models."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

from analyzer.discovery import discover
from analyzer.facts import ImportKind
from analyzer.framework_edges import framework_edges

FILES = {
    "site/__init__.py": "",
    "site/settings.py": """\
        INSTALLED_APPS = [
            "django.contrib.admin",
            "site.billing.apps.BillingConfig",
            "site.orders",
        ]
        MIDDLEWARE = ["site.middleware.Audit"]
        ROOT_URLCONF = "site.urls"
    """,
    "site/middleware.py": "class Audit: ...\n",
    "site/urls.py": 'from django.urls import include\nurls = [include("site.orders.urls")]\n',
    "site/billing/__init__.py": "",
    "site/billing/apps.py": """\
        class BillingConfig:
            name = "site.billing"
            label = "money"
    """,
    "site/billing/models.py": """\
        from django.db import models
        class Invoice(models.Model):
            order = models.ForeignKey("orders.Order", on_delete=models.CASCADE)
    """,
    "site/orders/__init__.py": "",
    "site/orders/urls.py": "",
    "site/orders/models.py": """\
        from django.db import models
        class Order(models.Model):
            invoices = models.ManyToManyField(to="money.Invoice")
            other = models.OneToOneField("self", on_delete=models.CASCADE)
    """,
}


def test_settings_urls_and_lazy_model_references(tmp_path: Path) -> None:
    for path, text in FILES.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(textwrap.dedent(text), encoding="utf-8")
    edges = framework_edges(discover(str(tmp_path), root_packages=["site"]))
    assert {e.kind for e in edges} == {ImportKind.FRAMEWORK}
    assert [(e.importer, e.imported, e.line) for e in edges] == [
        ("site.billing.models", "site.orders.models", 3),  # label "orders": last component
        ("site.orders.models", "site.billing.models", 3),  # label "money": AppConfig.label
        ("site.settings", "site.billing.apps", 1),  # the AppConfig's module
        ("site.settings", "site.middleware", 6),
        ("site.settings", "site.orders", 1),
        ("site.settings", "site.urls", 7),
        ("site.urls", "site.orders.urls", 2),
    ]


def test_the_graph_draws_framework_edges_apart_and_no_cycle_closes_through_them(
    tmp_path: Path, run_cli: Any
) -> None:
    """billing.models and orders.models reference each other only through strings: both
    edges are drawn (kind ``framework``, blue and dashed in DOT), no cycle is reported."""
    for path, text in FILES.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(textwrap.dedent(text), encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.archfit]\nroot_packages = ["site"]\n')
    code, out, _ = run_cli("graph", str(tmp_path), "--format", "json", "--no-cache")
    assert code == 0
    graph = json.loads(out)
    pairs = {(e["importer"], e["imported"]): e["kinds"] for e in graph["edges"]}
    assert pairs[("site.billing.models", "site.orders.models")] == ["framework"]
    assert pairs[("site.orders.models", "site.billing.models")] == ["framework"]
    assert graph["cycles"] == []
    _, dot, _ = run_cli("graph", str(tmp_path), "--format", "dot", "--no-cache")
    line = next(x for x in dot.splitlines() if '"site.urls" -> "site.orders.urls"' in x)
    assert 'style="dashed"' in line and "#1f77b4" in line
    _, mermaid, _ = run_cli("graph", str(tmp_path), "--no-cache")
    assert "|framework|" in mermaid


FORBID = """\
[tool.archfit]
root_packages = ["site"]
{option}
[[tool.archfit.contracts]]
id = "billing-alone"
name = "billing never reaches orders"
type = "forbidden"
source_modules = ["site.billing"]
forbidden_modules = ["site.orders"]
"""


def test_contracts_see_framework_edges_only_when_they_opt_in(tmp_path: Path, run_cli: Any) -> None:
    """``ForeignKey("orders.Order")`` in billing breaks the contract with
    ``include_framework_edges = true``; without it the string is invisible, as before."""
    for path, text in FILES.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(textwrap.dedent(text), encoding="utf-8")
    config = tmp_path / "pyproject.toml"
    config.write_text(FORBID.format(option=""), encoding="utf-8")
    code, out, _ = run_cli("check", str(tmp_path), "--no-cache", "--select", "CON")
    assert code == 0 and "KEPT" in out
    config.write_text(FORBID.format(option="include_framework_edges = true"), encoding="utf-8")
    code, out, _ = run_cli("check", str(tmp_path), "--no-cache", "--select", "CON")
    assert code == 1 and "BROKEN" in out
    assert "site.billing.models -> site.orders.models" in out


def test_import_cycle_counts_framework_edges_when_asked(tmp_path: Path, run_cli: Any) -> None:
    """The two models reference each other by label: a cycle only for a rule that opts in."""
    for path, text in FILES.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(textwrap.dedent(text), encoding="utf-8")
    config = tmp_path / "pyproject.toml"
    config.write_text('[tool.archfit]\nroot_packages = ["site"]\n', encoding="utf-8")
    args = ("check", str(tmp_path), "--no-cache", "--select", "ARC001", "--format", "json")
    assert json.loads(run_cli(*args)[1])["findings"] == []
    rules = "[tool.archfit.rules]\nimport-cycle = { include_framework = true }\n"
    config.write_text(config.read_text() + rules, encoding="utf-8")
    [finding] = json.loads(run_cli(*args)[1])["findings"]
    assert (
        finding["subject"] == "site.billing.models" and "site.orders.models" in finding["message"]
    )


def test_the_report_draws_framework_edges_apart(tmp_path: Path, run_cli: Any) -> None:
    """Markdown: Mermaid's labelled dotted arrow; HTML: a dotted arrow and a legend for it
    (issue #16: framework edges appear in the report, styled apart)."""
    for path, text in FILES.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(textwrap.dedent(text), encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.archfit]\nroot_packages = ["site"]\n')
    code, markdown, _ = run_cli("report", "--format", "md", str(tmp_path))
    assert code == 0
    assert "-.->|framework|" in markdown
    code, html, _ = run_cli("report", "--format", "html", str(tmp_path))
    assert code == 0
    assert 'stroke-dasharray="1 4"' in html and "Dotted: a framework" in html
