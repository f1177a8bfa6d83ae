"""Output formats by name; ``--format`` choices come from here."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from fitness.depgraph import DepGraph
from fitness.findings import Result
from fitness.measures import MetricsReport, MetricsView
from fitness.reporters import (
    github,
    graph_dot,
    graph_json,
    graph_mermaid,
    json_format,
    metrics_csv,
    metrics_json,
    metrics_table,
    sarif,
    text,
)
from fitness.reporters.base import RenderOptions

if TYPE_CHECKING:  # the report's model and renderers load when a report is rendered
    from fitness.report_model import Report

Renderer = Callable[[Result, RenderOptions], str]

CHECK_FORMATS: Mapping[str, Renderer] = {
    "text": text.render,
    "json": json_format.render,
    "sarif": sarif.render,
    "github": github.render,
}

GraphRenderer = Callable[[DepGraph], str]

GRAPH_FORMATS: Mapping[str, GraphRenderer] = {
    "mermaid": graph_mermaid.render,
    "dot": graph_dot.render,
    "json": graph_json.render,
}

MetricsRenderer = Callable[[MetricsReport, MetricsView], str]

METRICS_FORMATS: Mapping[str, MetricsRenderer] = {
    "table": metrics_table.render,
    "json": metrics_json.render,
    "csv": metrics_csv.render,
}

ReportRenderer = Callable[["Report"], str]


# The report's renderers (Jinja2, SVG pictures: ~0.1 s of imports) are imported when a report
# is rendered, not by every command that reads this table (`check` is a pre-commit hook).
def _report_md(report: Report) -> str:
    from fitness.reporters import report_md

    return report_md.render(report)


def _report_html(report: Report) -> str:
    from fitness.reporters import report_html

    return report_html.render(report)


def _report_json(report: Report) -> str:
    from fitness.reporters import report_json

    return report_json.render(report)


REPORT_FORMATS: Mapping[str, ReportRenderer] = {
    "md": _report_md,
    "html": _report_html,
    "json": _report_json,
}
