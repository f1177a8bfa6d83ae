"""Output formats by name; ``--format`` choices come from here."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from fitness.depgraph import DepGraph
from fitness.findings import Result
from fitness.measures import MetricsReport, MetricsView
from fitness.report_model import Report
from fitness.reporters import (
    github,
    graph_dot,
    graph_json,
    graph_mermaid,
    json_format,
    metrics_csv,
    metrics_json,
    metrics_table,
    report_html,
    report_json,
    report_md,
    sarif,
    text,
)
from fitness.reporters.base import RenderOptions

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

ReportRenderer = Callable[[Report], str]

REPORT_FORMATS: Mapping[str, ReportRenderer] = {
    "md": report_md.render,
    "html": report_html.render,
    "json": report_json.render,
}
