"""``archfit baseline``: write each project's baseline, or ratchet it (ADR-0010)."""

from __future__ import annotations

import os

import click

from fitness.catalog.selection import Selection
from fitness.cli.common import analysis_options, guarded, run_options
from fitness.cli.gate_options import baseline_path
from fitness.config.projects import ProjectRun, located, plan_projects
from fitness.engine.check import check
from fitness.exceptions import UsageError
from fitness.gating import baseline


@click.command("baseline")
@click.argument("path", default=".", type=click.Path(exists=True, file_okay=False))
@click.option(
    "--baseline",
    "baseline_file",
    type=click.Path(dir_okay=False),
    help="Baseline file (default: `baseline` in the config, .archfit-baseline.json).",
)
@click.option("--update", is_flag=True, help="Also add new findings and raised migration counts.")
@analysis_options
@guarded
def baseline_command(
    path: str,
    baseline_file: str | None,
    update: bool,
    config_file: str | None,
    jobs: int | None,
    no_cache: bool,
) -> None:
    """Write the baseline, or ratchet it: drop what was fixed, never add what is new.

    Each project that ``archfit check PATH`` judges gets its own (docs/adr/0015)."""
    plan = plan_projects(path, (), config_file)
    if baseline_file and len(plan.runs) > 1:
        raise UsageError(f"--baseline names one file; this run covers {len(plan.runs)} projects")
    for project in plan.runs:
        with located(project.root, path):
            click.echo(_write_baseline(project, path, baseline_file, update, (jobs, no_cache)))


def _write_baseline(
    project: ProjectRun,
    path: str,
    given: str | None,
    update: bool,
    run: tuple[int | None, bool],
) -> str:
    """Write one project's baseline; the line that says what was written."""
    target = baseline_path(project.root, project.config, given, False)
    assert target is not None
    previous = baseline.read(target, target)
    options = run_options(*run)
    result = check(project.root, project.config, options=options, selection=Selection())
    written = baseline.record(result, previous, update)
    baseline.write(target, written)
    shown = target if given else os.path.relpath(target)
    return describe_write(shown, previous, written)


def describe_write(
    target: str, previous: baseline.Baseline | None, written: baseline.Baseline
) -> str:
    """``wrote .archfit-baseline.json: 12 findings (-3), 1 migration``."""
    total = sum(e.count for e in written.entries)
    change = ""
    if previous is not None:
        delta = total - sum(e.count for e in previous.entries)
        change = f" ({delta:+d})"
    count = len(written.migrations)
    return (
        f"wrote {target}: {total} finding{'s' * (total != 1)}{change}, "
        f"{count} migration count{'s' * (count != 1)}"
    )
