"""``archfit report``: the Codebase Analysis document; exits 0 whatever it finds."""

from __future__ import annotations

import datetime
import functools
from typing import TYPE_CHECKING

import click

from analyzer.history import history_key
from archfit_values import frozen
from fitness.cli.common import analysis_options, guarded, run_options
from fitness.cli.stored import Request, shown
from fitness.reporters.registry import REPORT_FORMATS
from fitness.results.report import Report

if TYPE_CHECKING:
    from analyzer.facts import Facts
    from fitness.config import Config


@frozen
class ReportRun:
    """What a report run stores (ADR-0020): its warnings and the report."""

    warnings: tuple[str, ...]
    report: Report


@click.command("report")
@click.argument("path", default=".", type=click.Path(exists=True, file_okay=False))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(sorted(REPORT_FORMATS)),
    default="md",
    show_default=True,
    help="Markdown (Mermaid diagrams), self-contained HTML, or JSON.",
)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the report here.")
@click.option(
    "--since-days",
    type=click.IntRange(min=1),
    default=365,
    show_default=True,
    help="Git history window for churn, hotspots and temporal coupling (ends at HEAD).",
)
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Judge ADR review dates as of this day (default: today).",
)
@analysis_options
@guarded
def report_command(
    path: str,
    output_format: str,
    output: str | None,
    since_days: int,
    today: datetime.datetime | None,
    config_file: str | None,
    jobs: int | None,
    no_cache: bool,
) -> None:
    """Write the Codebase Analysis report of PATH: verdict, structure, coupling, complexity,
    principles, decisions, detected stack and open questions for a design session."""
    day = None if today is None else today.date()
    params = {"since_days": since_days, "today": str(day), "history": history_key(path)}

    def build(config: Config, facts: Facts, warnings: tuple[str, ...]) -> ReportRun:
        from fitness.engine.report import ReportOptions, analyse  # not needed when stored

        return ReportRun(warnings, analyse(facts, config, ReportOptions(since_days, day)))

    request = Request(
        "report", (path, config_file, output), params, {"format": output_format}, not no_cache
    )
    options = functools.partial(run_options, jobs, no_cache)
    shown(
        request,
        ReportRun,
        build,
        options,
        lambda run: (REPORT_FORMATS[output_format](run.report), ()),
    )
