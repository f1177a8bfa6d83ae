"""``archfit schema NAME``: the JSON Schema of one machine format, as shipped in the package.

The schemas live in ``fitness/schemas/`` (data, not code): one file per machine format, named
as this command names it. Within a ``schema_version`` keys are only ever added, never renamed
or dropped; a script validating against a schema keeps working until that number changes.
"""

from __future__ import annotations

import difflib
from importlib import resources

import click

from fitness.cli.common import guarded
from fitness.exceptions import UsageError


def schema_names() -> list[str]:
    """Every shipped schema's name, sorted (``check``, ``metrics``...)."""
    folder = resources.files("fitness").joinpath("schemas")
    return sorted(
        p.name.removesuffix(".json") for p in folder.iterdir() if p.name.endswith(".json")
    )


def schema_text(name: str) -> str:
    """The schema's JSON text; a usage error (with a did-you-mean) for an unknown name."""
    names = schema_names()
    if name not in names:
        close = difflib.get_close_matches(name, names, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise UsageError(f"no schema named {name!r} (one of: {', '.join(names)}){hint}")
    return resources.files("fitness").joinpath("schemas", f"{name}.json").read_text("utf-8")


@click.command("schema")
@click.argument("name", required=False)
@guarded
def schema_command(name: str | None) -> None:
    """Print the JSON Schema of a machine format: check, metrics, graph, report, adr-list,
    adr-show, baseline or gitlab. Without NAME, list the names."""
    if name is None:
        click.echo("\n".join(schema_names()))
        return
    click.echo(schema_text(name), nl=False)
