"""The CI-gate side of the CLI: baseline options for ``check``, FILES, and ``archfit baseline``."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import click

from fitness import baseline, gate
from fitness.adr.discovery import find_adr_files
from fitness.cli.common import F, analysis_options, guarded, run_options
from fitness.config import Config, load_config
from fitness.engine import RunOptions, Selection, check
from fitness.findings import Result

if TYPE_CHECKING:  # the ADR model and parsers load only for a target with ADRs (ADR-0014)
    from fitness.adr.view import Target

EXIT_FINDINGS = 1


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
    """The analysed root and the files to report on; a file PATH is the first of FILES."""
    if os.path.isfile(path):
        return ".", (path, *files)
    return path, tuple(files)


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
) -> Result:
    """Narrow the report to FILES and to what is new since a revision, as asked."""
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

    return Target(root, config.source_roots, config.root_packages, config.exclude)


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


def exit_code(result: Result, strict_baseline: bool) -> int:
    """Findings decide, and with ``--strict-baseline`` so does a baseline that could shrink."""
    stale = strict_baseline and result.baseline is not None and bool(result.baseline.fixed)
    return max(result.exit_code, EXIT_FINDINGS if stale else 0)


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
    """Write the baseline, or ratchet it: drop what was fixed, never add what is new."""
    config = load_config(path, config_file)
    target = baseline_path(path, config, baseline_file, False)
    assert target is not None
    previous = baseline.read(target, target)
    result = check(path, config, options=run_options(jobs, no_cache), selection=Selection())
    written = baseline.record(result, previous, update)
    baseline.write(target, written)
    click.echo(describe_write(target, previous, written))


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
