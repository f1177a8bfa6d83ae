"""``archfit init``: write a starting configuration and baseline, then say what was written."""

from __future__ import annotations

import click

from analyzer.bounded import RefusedFile
from fitness.cli.common import analysis_options, guarded, run_options


@click.command("init")
@click.argument("path", default=".", type=click.Path(exists=True, file_okay=False))
@click.option("--force", is_flag=True, help="Replace an existing [tool.archfit] or archfit.yaml.")
@analysis_options
@guarded
def init_command(
    path: str, force: bool, config_file: str | None, jobs: int | None, no_cache: bool
) -> None:
    """Infer root packages and layers from today's code; baseline what it finds (exit 0)."""
    from fitness import scaffold  # tomlkit and the scaffold: only this command needs them

    try:
        report = scaffold.init(path, force, run_options(jobs, no_cache))
    except RefusedFile as exc:  # a symlinked pyproject.toml or archfit.yaml: never written
        raise click.UsageError(f"{exc.filename}: {exc.strerror}") from exc
    settings = report.settings
    click.echo(f"wrote [tool.archfit] settings to {report.config_path}:")
    click.echo(f"  root_packages = {list(settings['root_packages'])}")
    for contract in settings.get("contracts", []):
        click.echo(f"  layers contract {contract['id']!r}:")
        for layer in contract["layers"]:
            click.echo(f"      {layer}")
    count = report.baselined
    click.echo(f"wrote {report.baseline_path}: {count} existing finding{'s' * (count != 1)}")
    click.echo("`archfit check` now passes, and fails only on what gets worse.")
