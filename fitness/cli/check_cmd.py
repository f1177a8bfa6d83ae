"""``archfit check``: every fitness function; exit 1 if a new error-severity finding remains."""

from __future__ import annotations

import os
import sys
from dataclasses import fields, replace
from typing import TYPE_CHECKING, Any

import click

from archfit_values import frozen
from fitness.cli import gate_options
from fitness.cli.common import analysis_options, guarded, run_options
from fitness.engine import stored_run
from fitness.exceptions import UsageError
from fitness.reporters.base import RenderOptions
from fitness.reporters.check_run import run_format
from fitness.reporters.registry import CHECK_FORMATS
from fitness.results.findings import CheckRun, Result

if TYPE_CHECKING:  # a stored run is shown without loading the engine (ADR-0020)
    from analyzer.stat_index import Listings, StatIndex
    from fitness.catalog.selection import Selection
    from fitness.config.projects import Plan


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
    analysis = Analysis(
        path, files, (select, ignore), contracts, fail_on_blind_spots, baseline_file,
        (no_baseline, strict_baseline), since, config_file, (jobs, no_cache),
    )  # fmt: skip
    run = _reused_or_computed(analysis, output)
    chosen = gate_options.choose_format(output_format)
    color = output is None and chosen == "text" and _color_wanted(sys.stdout)
    auto = chosen == "github" and not output_format  # a person reads the log too
    shown = RenderOptions(color, verbose, quiet, statistics, exit_zero, include_baselined)
    summary = run_format("text")(run, replace(shown, color=False)) if auto else None
    gate_options.write_report(run_format(chosen)(run, shown), output, summary)
    sys.exit(0 if exit_zero else run.exit_code)


@frozen
class Analysis:
    """What decides a check run's results (not how they are shown)."""

    path: str  # PATH and FILES as given: gate_options.split_targets reads them
    files: tuple[str, ...]
    codes: tuple[str | None, str | None]  # --select, --ignore
    contracts: tuple[str, ...]
    fail_on_blind_spots: bool
    baseline_file: str | None
    baseline_flags: tuple[bool, bool]  # --no-baseline, --strict-baseline
    since: str | None
    config_file: str | None
    options: tuple[int | None, bool]  # --jobs, --no-cache

    def key(self) -> dict[str, object]:
        """The options as the stored run's key reads them (--jobs changes nothing)."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "options"}


def _reused_or_computed(analysis: Analysis, output: str | None) -> CheckRun:
    """The stored run when none of its inputs changed (ADR-0020); else the run, stored.

    Nothing is read or stored without the cache, or with --since (git history is not among
    the inputs the key covers). A report written into the tree is not an input.
    """
    if analysis.options[1] or analysis.since:
        return _computed(analysis, None)[0]
    root = gate_options.analysed_root(analysis.path)
    where = (root, (output,) if output else (), (*analysis.files, analysis.path))
    compute = lambda index: _computed(analysis, index)  # noqa: E731 (tests patch _computed)
    return stored_run.reused_or_computed("check", where, analysis.key(), CheckRun, compute)


def _computed(analysis: Analysis, index: StatIndex | None) -> tuple[CheckRun, list[str] | None]:
    """Check every project of the run (``index``: the stat index the run's key was taken
    from, which the engine's parts read again); and the files read outside the repository's
    tree (None when a folder is read there: then the run cannot be stored)."""
    from fitness.config.projects import plan_projects

    root, files = gate_options.split_targets(analysis.path, analysis.files)
    from analyzer.stat_index import ListedOnce

    listings = index.listings if index else ListedOnce()  # one listing per folder per run
    plan = plan_projects(root, files, analysis.config_file, listings, index)
    if analysis.baseline_file and len(plan.runs) > 1:
        raise UsageError(f"--baseline names one file; this run checks {len(plan.runs)} projects")
    extra = _read_outside(plan, root, analysis)  # their stats now, before the run reads on
    selections = gate_options.selections(plan, analysis.codes, analysis.contracts)
    return _checked(plan, selections, root, (analysis, index, listings)), extra


def check(*args: Any, **kwargs: Any) -> Result:
    """``fitness.engine.check.check``, loaded only when a run is computed (a stored run is
    shown without the engine); tests patch it here."""
    from fitness.engine.check import check as engine_check

    return engine_check(*args, **kwargs)


def _checked(
    plan: Plan,
    selections: list[Selection],
    root: str,
    run: tuple[Analysis, StatIndex | None, Listings],
) -> CheckRun:
    """Check and gate each project of ``plan`` with its selection (``run``: the analysis
    options, the run's stat index and the folders it listed)."""
    from fitness.config.projects import located
    from fitness.engine.gate import gate_result, placed

    analysis, index, listings = run
    options = replace(run_options(*analysis.options), index=index, listings=listings)
    results: list[Result] = []
    no_baseline, strict = analysis.baseline_flags
    for project, selection in zip(plan.runs, selections, strict=True):
        config = gate_options.with_blind_spots(project.config, analysis.fail_on_blind_spots)
        given = analysis.baseline_file
        baseline = gate_options.baseline_path(project.root, config, given, no_baseline)
        with located(project.root, root):
            result = check(
                project.root, config, options=options, selection=selection,
                baseline_file=baseline,
            )  # fmt: skip
            result = gate_result(
                result, project.root, project.files or (), analysis.since,
                (config, options), strict,
            )  # fmt: skip
        results.append(placed(result, plan, project, config))
    return CheckRun(tuple(results), tuple(r.exit_code for r in results))


def _read_outside(plan: Plan, root: str, analysis: Analysis) -> list[str] | None:
    """The files the run reads outside the indexed tree (``stored.read_outside``)."""
    from fitness.cli.stored import read_outside  # a computed run's: a stored one never asks

    projects = [(project.root, project.config) for project in plan.runs]
    return read_outside(root, projects, (analysis.config_file, analysis.baseline_file))


def _color_wanted(stream: Any) -> bool:
    return bool(getattr(stream, "isatty", lambda: False)()) and "NO_COLOR" not in os.environ
