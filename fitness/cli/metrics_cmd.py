"""``archfit metrics``: coupling and complexity tables; exits 0 whatever it measures."""

from __future__ import annotations

import dataclasses
import difflib
import functools
from typing import TYPE_CHECKING

import click

from fitness.cli.common import analysis_options, guarded, run_options
from fitness.cli.stored import Request, shown
from fitness.reporters.registry import METRICS_FORMATS
from fitness.results.metrics import (
    COLUMN_SETS,
    COLUMNS,
    EXTRA_COLUMNS,
    LEVELS,
    MetricsReport,
    MetricsView,
    sort_column,
)

if TYPE_CHECKING:
    from analyzer.facts import Facts
    from fitness.config import Config


@click.command("metrics")
@click.argument("path", default=".", type=click.Path(exists=True, file_okay=False))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(sorted(METRICS_FORMATS)),
    default="table",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--level",
    type=click.Choice(LEVELS),
    default="module",
    show_default=True,
    help="Rows per module, per package (every depth) or per function.",
)
@click.option(
    "--sort",
    "sort_column",
    metavar="COLUMN",
    default="name",
    show_default=True,
    help="Sort by this column of the level, worst first (e.g. complexity, fan_in, distance).",
)
@click.option("--top", type=click.IntRange(min=1), help="Only the first N rows.")
@click.option(
    "--columns",
    type=click.Choice(sorted({name for names in COLUMN_SETS.values() for name in names})),
    default="basic",
    show_default=True,
    help="The table's numbers: basic, radon's raw counts or its Halstead numbers "
    "(JSON and CSV always have all of them).",
)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the metrics here.")
@analysis_options
@guarded
def metrics_command(
    path: str,
    output_format: str,
    level: str,
    sort_column: str,
    top: int | None,
    columns: str,
    output: str | None,
    config_file: str | None,
    jobs: int | None,
    no_cache: bool,
) -> None:
    """Measure PATH: size, complexity and coupling per module, package or function."""
    view = MetricsView(level, sort_option(sort_column, level), top, columns_option(columns, level))

    def build(config: Config, facts: Facts, warnings: tuple[str, ...]) -> MetricsReport:
        from fitness.engine.metrics import metrics_report  # not needed when stored

        return metrics_report(facts, warnings, config.roles)

    def render(report: MetricsReport) -> tuple[str, tuple[str, ...]]:
        return METRICS_FORMATS[output_format](report, view), ()

    display = {"format": output_format, **dataclasses.asdict(view)}
    request = Request("metrics", (path, config_file, output), {}, display, not no_cache)
    options = functools.partial(run_options, jobs, no_cache, False)
    shown(request, MetricsReport, build, options, render)


def sort_option(value: str, level: str) -> str:
    """The ``--sort`` column (``fan-in``, ``fan_in``, ``cc``...); a usage error if unknown."""
    column = sort_column(value, level)
    if column is None:
        names = (*COLUMNS[level], *EXTRA_COLUMNS[level])
        close = difflib.get_close_matches(value.strip().lower(), names, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        message = f"{value!r} is not a {level} column ({', '.join(names)}){hint}"
        raise click.BadParameter(message, param_hint="--sort")
    return column


def columns_option(value: str, level: str) -> str:
    """The ``--columns`` set, if the level has it; a usage error if not."""
    if value not in COLUMN_SETS[level]:
        choices = ", ".join(COLUMN_SETS[level])
        message = f"{level} rows have no {value} columns ({choices})"
        raise click.BadParameter(message, param_hint="--columns")
    return value
