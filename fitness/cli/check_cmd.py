"""``archfit check``: every fitness function; exit 1 if a new error-severity finding remains."""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from typing import Any

import click

from fitness.cli import gate_options
from fitness.cli.common import analysis_options, guarded, run_options
from fitness.config.projects import located, plan_projects
from fitness.engine.check import check
from fitness.engine.gate import gate_result, placed
from fitness.exceptions import UsageError
from fitness.reporters.base import RenderOptions
from fitness.reporters.check_run import run_format
from fitness.reporters.registry import CHECK_FORMATS
from fitness.results.findings import CheckRun, Result


@click.command("check")
@click.argument("path", default=".", type=click.Path(exists=True))
@click.argument("files", nargs=-1, type=click.Path())
@click.option(
    "--format",
    "output_format",
    type=click.Choice(sorted(CHECK_FORMATS)),
    default=None,
    help="Output format (default: text; github when GITHUB_ACTIONS=true).",
)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the report here.")
@click.option("--select", help="Only these codes or prefixes (comma-separated).")
@click.option("--ignore", help="Never these codes or prefixes (comma-separated).")
@click.option(
    "--contract",
    "contracts",
    multiple=True,
    metavar="ID",
    help="Check only this contract (repeatable), as `lint-imports --contract`.",
)
@click.option(
    "--fail-on-blind-spots",
    is_flag=True,
    help='Every blind spot is an error finding (INP005), as `blind_spots = "error"` says.',
)
@click.option(
    "--verbose", "-v", is_flag=True, help="Each step of every chain; each rule's name and fix."
)
@click.option("--quiet", "-q", is_flag=True, help="Only what fails the gate, and the summary.")
@click.option("--statistics", is_flag=True, help="Counts per code instead of every finding.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 whatever the verdict (it still says it).")
@click.option(
    "--include-baselined",
    is_flag=True,
    help="gitlab and junit: list baselined findings too (left out by default).",
)
@gate_options.baseline_options
@analysis_options
@guarded
def check_command(
    path: str,
    files: tuple[str, ...],
    output_format: str | None,
    output: str | None,
    select: str | None,
    ignore: str | None,
    contracts: tuple[str, ...],
    fail_on_blind_spots: bool,
    verbose: bool,
    quiet: bool,
    statistics: bool,
    exit_zero: bool,
    include_baselined: bool,
    baseline_file: str | None,
    no_baseline: bool,
    strict_baseline: bool,
    since: str | None,
    config_file: str | None,
    jobs: int | None,
    no_cache: bool,
) -> None:
    """Run every fitness function on PATH; exit 1 if any new error-severity finding remains.

    FILES (as pre-commit passes them) narrow what is reported; the whole tree is analysed, and
    only the rules that judge each file by its own facts look at FILES alone. When
    PATH is a file, it is the first of FILES and the current directory is analysed.
    """
    root, files = gate_options.split_targets(path, files)
    plan = plan_projects(root, files, config_file)
    if baseline_file and len(plan.runs) > 1:
        raise UsageError(f"--baseline names one file; this run checks {len(plan.runs)} projects")
    options = run_options(jobs, no_cache)
    selections = gate_options.selections(plan, (select, ignore), contracts)
    results: list[Result] = []
    for project, selection in zip(plan.runs, selections, strict=True):
        config = gate_options.with_blind_spots(project.config, fail_on_blind_spots)
        baseline = gate_options.baseline_path(project.root, config, baseline_file, no_baseline)
        with located(project.root, root):
            result = check(
                project.root, config, options=options, selection=selection, baseline_file=baseline
            )
            result = gate_result(
                result, project.root, project.files or (), since, (config, options), strict_baseline
            )
        results.append(placed(result, plan, project, config))
    run = CheckRun(tuple(results), tuple(r.exit_code for r in results))
    chosen = gate_options.choose_format(output_format)
    color = output is None and chosen == "text" and _color_wanted(sys.stdout)
    auto = chosen == "github" and not output_format  # a person reads the log too
    shown = RenderOptions(color, verbose, quiet, statistics, exit_zero, include_baselined)
    summary = run_format("text")(run, replace(shown, color=False)) if auto else None
    gate_options.write_report(run_format(chosen)(run, shown), output, summary)
    sys.exit(0 if exit_zero else run.exit_code)


def _color_wanted(stream: Any) -> bool:
    return bool(getattr(stream, "isatty", lambda: False)()) and "NO_COLOR" not in os.environ
