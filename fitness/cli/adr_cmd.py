"""``archfit adr``: the ADR index, ADR lint and drift, a new ADR, one ADR, what governs a file.

Only ``adr check`` exits 1 on findings; the others exit 0 unless usage, config or internal
error (2).
"""

from __future__ import annotations

import datetime
import os
import sys
from dataclasses import replace

import click

from analyzer.bounded import RefusedFile
from fitness import catalog
from fitness.adr.discovery import adr_files
from fitness.adr.judge import summarize_adrs
from fitness.adr.load import load_adrs
from fitness.adr.template import TEMPLATES, write_new_adr
from fitness.adr.view import detail, explain, find_adr, summary_of
from fitness.catalog.selection import Selection
from fitness.cli import gate_options
from fitness.cli.common import analysis_options, guarded, run_options
from fitness.config import Config, load_config
from fitness.config.projects import project_root
from fitness.engine.check import check
from fitness.engine.gate import relative_files, target_of
from fitness.reporters import adr_format
from fitness.reporters.base import RenderOptions
from fitness.reporters.registry import CHECK_FORMATS
from fitness.results.findings import Result

_ADR_ONLY = Selection((catalog.ADR_FAMILY,))
_PATH = click.Path(exists=True, file_okay=False)
_TABLE_OR_JSON = click.Choice(["table", "json"])


def adr_result(
    root: str, config_file: str | None, jobs: int | None, no_cache: bool, baseline: bool = False
) -> tuple[Config, Result]:
    """The config and a check of ADR findings only (ADR contracts only, too), for the project
    of ``root`` (docs/adr/0015)."""
    root = root if config_file else project_root(root, load_config)
    config = load_config(root, config_file)
    path = gate_options.baseline_path(root, config, None, not baseline)
    options = run_options(jobs, no_cache)
    result = check(root, config, options=options, selection=_ADR_ONLY, baseline_file=path)
    contracts = tuple(c for c in result.contracts if c.source.kind == "adr")
    return config, replace(result, contracts=contracts)


@click.group("adr")
def adr_group() -> None:
    """Architecture decision records: list, check, show, new, explain."""


@adr_group.command("list")
@click.argument("path", default=".", type=_PATH)
@click.option("--format", "output_format", type=_TABLE_OR_JSON, default="table")
@click.option("--verbose", is_flag=True, help="Also list the templates skipped as not decisions.")
@analysis_options
@guarded
def list_command(
    path: str,
    output_format: str,
    verbose: bool,
    config_file: str | None,
    jobs: int | None,
    no_cache: bool,
) -> None:
    """Every ADR: number, title, status, date, rules and violations (and its folder when
    there are several)."""
    config, result = adr_result(path, config_file, jobs, no_cache)
    skipped = adr_files(path, config.adr_dirs).skipped if verbose else None
    if output_format == "json":
        click.echo(adr_format.list_json(result.adrs, skipped), nl=False)
    else:
        click.echo(adr_format.list_table(result.adrs, skipped or ()), nl=False)


@adr_group.command("check")
@click.argument("path", default=".", type=_PATH)
@click.option("--format", "output_format", type=click.Choice(sorted(CHECK_FORMATS)), default=None)
@click.option("--no-baseline", is_flag=True, help="Ignore the baseline: every finding is new.")
@analysis_options
@guarded
def check_command(
    path: str,
    output_format: str | None,
    no_baseline: bool,
    config_file: str | None,
    jobs: int | None,
    no_cache: bool,
) -> None:
    """ADR lint and drift only (ADR001-ADR009); exit 1 on error findings."""
    _, result = adr_result(path, config_file, jobs, no_cache, baseline=not no_baseline)
    chosen = gate_options.choose_format(output_format)
    gate_options.write_report(CHECK_FORMATS[chosen](result, RenderOptions()), None, None)
    sys.exit(result.exit_code)


@adr_group.command("show")
@click.argument("number")
@click.argument("path", default=".", type=_PATH)
@click.option("--format", "output_format", type=_TABLE_OR_JSON, default="table")
@analysis_options
@guarded
def show_command(
    number: str,
    path: str,
    output_format: str,
    config_file: str | None,
    jobs: int | None,
    no_cache: bool,
) -> None:
    """One ADR (by number or id) as parsed, with its drift."""
    config, result = adr_result(path, config_file, jobs, no_cache)
    adr = find_adr(load_adrs(path, config.adr_dirs), number)
    if adr is None:
        raise click.UsageError(f"no ADR {number!r} under {path} (see `archfit adr list`)")
    shown = detail(adr, summary_of(adr, result.adrs), result.findings)
    render = adr_format.show_json if output_format == "json" else adr_format.show_table
    click.echo(render(shown), nl=False)


@adr_group.command("new")
@click.argument("title")
@click.argument("path", default=".", type=_PATH)
@click.option("--template", type=click.Choice(TEMPLATES), help="Default: what most ADRs use.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False))
@guarded
def new_command(title: str, path: str, template: str | None, config_file: str | None) -> None:
    """Write NNNN-slug.md (the next number) into the ADR folder and print its path."""
    if not title.strip():
        raise click.UsageError("TITLE is empty")
    config = load_config(path, config_file)
    adrs = load_adrs(path, config.adr_dirs)
    try:
        written = write_new_adr(
            path, adrs, config.adr_dirs, title.strip(), template, datetime.date.today()
        )
    except FileExistsError as exc:
        raise click.UsageError(f"{exc.filename} already exists") from exc
    except RefusedFile as exc:  # a symlink, or a folder leading out of the repository
        raise click.UsageError(f"{exc.filename}: {exc.strerror}") from exc
    click.echo(os.path.join(path, written) if path != "." else written)


@adr_group.command("explain")
@click.argument("target", type=click.Path(exists=True))
@click.argument("path", default=".", type=_PATH)
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
@click.option("--config", "config_file", type=click.Path(dir_okay=False))
@guarded
def explain_command(target: str, path: str, output_format: str, config_file: str | None) -> None:
    """The active decisions governing TARGET (a file or folder), accepted first."""
    config = load_config(path, config_file)
    adrs = load_adrs(path, config.adr_dirs)
    (relative,) = relative_files(path, [target])
    found = explain(adrs, target_of(config, path).layout(), relative)
    counted = summarize_adrs(adrs, ())  # rules counted; explain does not analyse the code
    details = [detail(g.adr, summary_of(g.adr, counted), (), g.reasons) for g in found]
    render = adr_format.explain_json if output_format == "json" else adr_format.explain_text
    click.echo(render(relative, details), nl=False)
