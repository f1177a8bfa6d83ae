"""The CI-gate side of the CLI: baseline options for ``check``, FILES, and ``archfit baseline``."""

from __future__ import annotations

import contextlib
import os
import posixpath
import sys
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import click

from fitness import baseline, gate
from fitness.adr.discovery import find_adr_files
from fitness.catalog import Catalog
from fitness.cli.common import F, analysis_options, guarded, run_options
from fitness.config import Config, load_config
from fitness.config.projects import Plan, ProjectRun, nested_project, plan, repository_root
from fitness.engine import RunOptions, check
from fitness.exceptions import ConfigError, UsageError
from fitness.findings import Result
from fitness.selection import Selection, resolve_codes, resolve_contracts

if TYPE_CHECKING:  # the ADR model and parsers load only for a target with ADRs (ADR-0014)
    from fitness.adr.view import Target


def baseline_options(command: F) -> F:
    """``--baseline``, ``--no-baseline``, ``--strict-baseline`` and ``--since`` for ``check``."""
    command = click.option(
        "--since", metavar="REF", help="Only findings introduced since this git revision."
    )(command)
    command = click.option(
        "--strict-baseline",
        is_flag=True,
        help="Also fail when the baseline holds findings that no longer occur.",
    )(command)
    command = click.option(
        "--no-baseline", is_flag=True, help="Ignore the baseline: every finding is new."
    )(command)
    return click.option(
        "--baseline",
        "baseline_file",
        type=click.Path(dir_okay=False),
        help="Baseline file (default: `baseline` in the config, .archfit-baseline.json).",
    )(command)


def split_targets(path: str, files: Sequence[str]) -> tuple[str, tuple[str, ...]]:
    """The analysed root and the files to report on; a file PATH is the first of FILES.

    FILES that hold a config, an ADR, a pack or a dependency file (anything but Python)
    change verdicts anywhere: the run is then a whole check, not narrowed to FILES.
    """
    root, given = (".", (path, *files)) if os.path.isfile(path) else (path, tuple(files))
    return root, given if gate.python_only(given) else ()


def selections(
    plan: Plan, codes: tuple[str | None, str | None], contracts: Sequence[str]
) -> list[Selection]:
    """Each project's selection: ``--select`` / ``--ignore`` (comma-separated) and
    ``--contract``, checked against what any of the projects knows (its packs' codes and
    names, its contract ids: an unknown one is a UsageError), and its FILES."""
    rules = Catalog(tuple(pack for run in plan.runs for pack in run.config.loaded_packs))
    select, ignore = (_split(value) for value in codes)
    known = [spec.id for run in plan.runs for spec in run.config.contracts]
    chosen = Selection(
        resolve_codes(select, rules, "--select"),
        resolve_codes(ignore, rules, "--ignore"),
        contracts=resolve_contracts(contracts, known),
    )
    return [replace(chosen, files=judged_files(run.root, run.files or ())) for run in plan.runs]


def with_blind_spots(config: Config, fail: bool) -> Config:
    """The config, with blind spots as error findings when ``--fail-on-blind-spots`` asks."""
    return replace(config, blind_spots="error") if fail else config


def _split(value: str | None) -> list[str]:
    return [c.strip() for c in (value or "").split(",") if c.strip()]


def plan_projects(root: str, files: Sequence[str], config_file: str | None) -> Plan:
    """The projects this run judges (ADR-0015); with ``--config``, PATH alone."""
    if config_file:
        run = ProjectRun(
            os.path.abspath(root), load_config(root, config_file), tuple(files) or None
        )
        return Plan(repository_root(root), (run,))

    def load(folder: str) -> Config:
        with located(folder, root):
            return load_config(folder)

    return plan(root, files or (root,), files, load)


@contextlib.contextmanager
def located(folder: str, root: str) -> Iterator[None]:
    """Config errors of the project at ``folder`` name their files relative to PATH (``root``),
    as the user wrote it: ``services/chat/pyproject.toml:7``, ``../pyproject.toml:3``."""
    try:
        yield
    except ConfigError as exc:
        prefix = os.path.relpath(folder, root).replace(os.sep, "/")
        if prefix == ".":
            raise
        issues = [replace(i, path=posixpath.join(prefix, i.path)) for i in exc.issues]
        raise ConfigError(issues) from exc


def placed(result: Result, plan: Plan, project: ProjectRun, config: Config) -> Result:
    """The result, told where its project sits in the repository and which files configured it;
    a run with no configuration anywhere says so."""
    where = os.path.relpath(project.root, plan.repository).replace(os.sep, "/")
    return replace(result, project="" if where == "." else where, configs=config.paths)


def baseline_path(root: str, config: Config, given: str | None, disabled: bool) -> str | None:
    """Which baseline file to compare with: none, the one given, or the config's."""
    if disabled:
        return None
    return given or os.path.join(root, config.baseline)


def choose_format(output_format: str | None) -> str:
    """The format asked for; under GitHub Actions, annotations by default."""
    if output_format:
        return output_format
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def gate_result(
    result: Result,
    root: str,
    files: Sequence[str],
    since: str | None,
    context: tuple[Config, RunOptions],
    strict_baseline: bool = False,
) -> Result:
    """Narrow the report to FILES and to what is new since a revision, as asked; with
    ``strict_baseline``, a baseline that could shrink fails the run too."""
    if strict_baseline:
        result = gate.strict(result)
    if files:
        result = gate.narrow_to_files(result, root, files)
        result = with_governing(result, root, files, context[0])
    if since:
        result = gate.new_since(result, root, since, *context)
    return result


def judged_files(root: str, files: Sequence[str]) -> frozenset[str] | None:
    """FILES as paths relative to ``root``, or None (judge every file) when there are none."""
    return gate.relative_files(root, files) if files else None


def target_of(config: Config, root: str) -> Target:
    """Where the code is, as the config says (to map files to modules)."""
    from fitness.adr.view import Target

    nested = nested_project if config.source_roots is None else None
    return Target(root, config.source_roots, config.root_packages, config.exclude, nested)


def with_governing(result: Result, root: str, files: Sequence[str], config: Config) -> Result:
    """The result with the accepted decisions governing FILES (pre-commit shows them)."""
    found_paths = find_adr_files(root, config.adr_dirs)
    if not found_paths:
        return replace(result, governing=())
    from fitness.adr.load import read_adr
    from fitness.adr.view import governing_summaries

    adrs = tuple(read_adr(root, path) for path in found_paths)  # the folders walked once
    paths = sorted(gate.relative_files(root, files))
    found = governing_summaries(adrs, target_of(config, root).layout(), paths, result.adrs)
    return replace(result, governing=found)


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


def write_report(text: str, output: str | None, summary: str | None) -> None:
    """The report to ``output`` (or stdout); a text summary, when given, to stderr."""
    stream: Any = click.open_file(output or "-", "w", encoding="utf-8", errors="backslashreplace")
    with stream:
        stream.write(text)
    if summary is not None:
        sys.stderr.write(summary)
