"""Output formats by name; ``--format`` choices come from here."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from fitness.reporters import json_format, text
from fitness.reporters.base import RenderOptions
from fitness.results.findings import Result

# Only `check`'s text and JSON formats load with this table: it is the pre-commit hook's. Its
# CI formats, the graph and metrics renderers (and their models: ~20 ms of imports) load when
# one renders, as do the report's (Jinja2, SVG pictures: ~0.1 s).
if TYPE_CHECKING:
    from fitness.results.graph import DepGraph
    from fitness.results.metrics import MetricsReport, MetricsView
    from fitness.results.report import Report

Renderer = Callable[[Result, RenderOptions], str]


def _sarif(result: Result, options: RenderOptions) -> str:
    from fitness.reporters import sarif  # the CI formats load when one renders

    return sarif.render(result, options)


def _github(result: Result, options: RenderOptions) -> str:
    from fitness.reporters import github

    return github.render(result, options)


def _gitlab(result: Result, options: RenderOptions) -> str:
    from fitness.reporters import gitlab

    return gitlab.render(result, options)


def _junit(result: Result, options: RenderOptions) -> str:
    from fitness.reporters import junit  # xml.etree: ~5 ms a text run never needs

    return junit.render(result, options)


CHECK_FORMATS: Mapping[str, Renderer] = {
    "text": text.render,
    "json": json_format.render,
    "sarif": _sarif,
    "github": _github,
    "gitlab": _gitlab,
    "junit": _junit,
}

GraphRenderer = Callable[["DepGraph"], str]


def _graph_mermaid(graph: DepGraph) -> str:
    from fitness.reporters import graph_mermaid

    return graph_mermaid.render(graph)


def _graph_dot(graph: DepGraph) -> str:
    from fitness.reporters import graph_dot

    return graph_dot.render(graph)


def _graph_json(graph: DepGraph) -> str:
    from fitness.reporters import graph_json

    return graph_json.render(graph)


GRAPH_FORMATS: Mapping[str, GraphRenderer] = {
    "mermaid": _graph_mermaid,
    "dot": _graph_dot,
    "json": _graph_json,
}

MetricsRenderer = Callable[["MetricsReport", "MetricsView"], str]


def _metrics_table(report: MetricsReport, view: MetricsView) -> str:
    from fitness.reporters import metrics_table

    return metrics_table.render(report, view)


def _metrics_json(report: MetricsReport, view: MetricsView) -> str:
    from fitness.reporters import metrics_json

    return metrics_json.render(report, view)


def _metrics_csv(report: MetricsReport, view: MetricsView) -> str:
    from fitness.reporters import metrics_csv

    return metrics_csv.render(report, view)


METRICS_FORMATS: Mapping[str, MetricsRenderer] = {
    "table": _metrics_table,
    "json": _metrics_json,
    "csv": _metrics_csv,
}

ReportRenderer = Callable[["Report"], str]


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
