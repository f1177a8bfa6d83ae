"""``archfit report``: the Codebase Analysis document; exits 0 whatever it finds."""

from __future__ import annotations

import datetime

import click

from fitness.cli.common import analysed, analysis_options, guarded, run_options
from fitness.engine.report import ReportOptions, analyse
from fitness.reporters.registry import REPORT_FORMATS


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
    config, facts, _ = analysed(path, config_file, run_options(jobs, no_cache))
    report = analyse(
        facts, config, ReportOptions(since_days, None if today is None else today.date())
    )
    with click.open_file(output or "-", "w", encoding="utf-8", errors="backslashreplace") as stream:
        stream.write(REPORT_FORMATS[output_format](report))
