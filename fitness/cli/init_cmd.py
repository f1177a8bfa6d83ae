"""``archfit init``: write a starting configuration and baseline, then say what was written."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from analyzer.bounded import RefusedFile
from fitness.cli.common import analysis_options, guarded, run_options

if TYPE_CHECKING:  # the scaffold loads tomlkit: imported when the command runs
    from fitness import scaffold


@click.command("init")
@click.argument("path", default=".", type=click.Path(exists=True, file_okay=False))
@click.option("--force", is_flag=True, help="Replace an existing [tool.archfit] or archfit.yaml.")
@click.option(
    "--allow-list", is_flag=True, help="Also write an allowed contract per top-level package."
)
@click.option(
    "--interfaces", is_flag=True, help="Also write an interface contract per top-level package."
)
@analysis_options
@guarded
def init_command(
    path: str,
    force: bool,
    allow_list: bool,
    interfaces: bool,
    config_file: str | None,
    jobs: int | None,
    no_cache: bool,
) -> None:
    """Configure every distribution at and below PATH: root packages and layers inferred from
    today's code, what it already breaks baselined (exit 0)."""
    from fitness import scaffold  # tomlkit and the scaffold: only this command needs them

    extras = frozenset(
        name for name, wanted in (("allow-list", allow_list), ("interfaces", interfaces)) if wanted
    )
    try:
        done = scaffold.init_all(path, force, run_options(jobs, no_cache), extras)
    except RefusedFile as exc:  # a symlinked pyproject.toml or archfit.yaml: never written
        raise click.UsageError(f"{exc.filename}: {exc.strerror}") from exc
    for report in done.written:
        _echo_report(report)
    for config in done.kept:
        click.echo(f"left {config} as it is: it already configures archfit (--force replaces it)")
    if len(done.written) + len(done.kept) > 1:
        click.echo(f"{len(done.written)} distributions configured, each a project `check` runs")
    click.echo("`archfit check` now passes, and fails only on what gets worse.")


def _echo_report(report: scaffold.InitReport) -> None:
    """What was written for one distribution: its settings' file, packages, layers, baseline."""
    settings = report.settings
    table = "[tool.archfit] settings" if report.config_path.endswith(".toml") else "settings"
    click.echo(f"wrote {table} to {report.config_path}:")
    click.echo(f"  root_packages = {list(settings['root_packages'])}")
    for contract in settings.get("contracts", []):
        click.echo(f"  {contract['type']} contract {contract['id']!r}:")
        for line in _contract_lines(contract):
            click.echo(f"      {line}")
    count = report.baselined
    click.echo(f"wrote {report.baseline_path}: {count} existing finding{'s' * (count != 1)}")


def _contract_lines(contract: dict[str, object]) -> list[str]:
    """What a written contract says, a line each: its layers, allowed modules or exposes."""
    for key in ("layers", "allowed_modules", "expose"):
        value = contract.get(key)
        if isinstance(value, list):
            return [str(v) for v in value] or ["(nothing)"]
    return []
