"""``archfit`` commands.

Exit codes: 0 clean, 1 error findings (check), 2 usage/config/internal.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

import click

from fitness import __version__
from fitness.cli.collector import quiet_collector
from fitness.cli.common import finish_cache_writes, guarded
from fitness.cli.lazy import LazyGroup

if TYPE_CHECKING:
    from fitness import catalog


@click.group(cls=LazyGroup)
@click.version_option(__version__, prog_name="archfit")
def main() -> None:
    """archfit: architecture fitness functions for Python repositories."""
    context = click.get_current_context()
    context.with_resource(quiet_collector())
    context.call_on_close(finish_cache_writes)  # runs first: the last registered


def run() -> None:
    """The ``archfit`` console script: ``main``, then an exit without the interpreter's
    teardown.

    A run over Django leaves about a million objects that the interpreter would free one by
    one at exit (~0.1 s of a 0.7 s warm check) and nobody needs freed: the process ends. Like
    mypy, archfit flushes its output and leaves with ``os._exit`` once ``main`` has returned;
    by then its context has closed (cache writes finished, collector restored). Tests call
    ``main`` itself, which exits the usual way.
    """
    try:
        main()
    except SystemExit as exc:
        code = exc.code
    else:
        code = 0
    os._exit(_flushed(code))


def _flushed(code: object) -> int:
    """Flush stdout and stderr, and turn ``SystemExit.code`` into the exit status."""
    if not (code is None or isinstance(code, int)):
        sys.stderr.write(f"{code}\n")  # as sys.exit("message") does: print it, exit 1
        code = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (`archfit check | head`): nothing to do
            code = code or 1
    return code or 0


def _catalog() -> catalog.Catalog:
    """Built-in rules plus every bundled pack."""
    from fitness import catalog

    return catalog.Catalog(catalog.load_packs(None, "."))


@main.command("rules")
@click.option(
    "--markdown",
    is_flag=True,
    help="One Markdown table of every code (docs/rules.md is this output).",
)
def rules_command(markdown: bool) -> None:
    """List every rule with its code, name and default severity."""
    if markdown:
        from fitness.catalog.table import markdown as table

        click.echo(table(_catalog().rules), nl=False)
        return
    for doc in _catalog().rules:
        pack = doc.pack or "built-in"
        click.echo(f"{doc.code}  {doc.name:<22} {doc.severity.value:<8} {pack:<16} {doc.what}")


@main.command("explain")
@click.argument("code")
@guarded
def explain_command(code: str) -> None:
    """Show a rule's documentation: what it checks, why, an example, how to fix."""
    rules = _catalog()
    doc = rules.rule(code)
    if doc is None:
        from fitness.catalog.selection import did_you_mean

        hint = did_you_mean(code.upper(), [d.code for d in rules.rules], code, rules)
        raise click.UsageError(f"unknown rule {code!r}{hint} (see `archfit rules`)")
    click.echo(f"{doc.code} {doc.name} (default severity: {doc.severity.value})\n")
    if doc.principle:
        click.echo(f"Principle: {doc.principle.strip()}\n")
    if doc.roles:  # the file roles it reports on (`roles = [...]` in its settings changes them)
        click.echo(f"Judges: {', '.join(role.value for role in doc.roles)} files\n")
    for title, text in (
        ("What it checks", doc.what),
        ("Why", doc.why),
        ("Example", doc.example),
        ("How to fix", doc.how_to_fix),
        ("Parameters", _parameters(doc)),
    ):
        click.echo(f"## {title}\n{text.rstrip()}\n")


def _parameters(doc: catalog.RuleDoc) -> str:
    """One line per parameter: name, default (the pack's value) and meaning."""
    from fitness.catalog import params_of

    lines = [f"- {name} = {value!r}: {meaning}" for name, value, meaning in params_of(doc)]
    return "\n".join(lines) or "none"


# A command is registered in one line, `main.add_command(command)`, when its module may be
# imported with this one; or lazily, so that its module (and what it imports) is loaded only
# when the command runs: a loader function that imports it, under `@main.lazy_command(NAME)`.
# The pre-commit hook runs `check` alone, and pays for the imports of no other command.


@main.lazy_command("check")
def _check() -> click.Command:
    from fitness.cli.check_cmd import check_command

    return check_command


@main.lazy_command("graph")
def _graph() -> click.Command:
    from fitness.cli.graph_cmd import graph_command

    return graph_command


@main.lazy_command("metrics")
def _metrics() -> click.Command:
    from fitness.cli.metrics_cmd import metrics_command

    return metrics_command


@main.lazy_command("baseline")
def _baseline() -> click.Command:
    from fitness.cli.baseline_cmd import baseline_command

    return baseline_command


@main.lazy_command("init")
def _init() -> click.Command:
    from fitness.cli.init_cmd import init_command

    return init_command


@main.lazy_command("adr")
def _adr() -> click.Command:
    from fitness.cli.adr_cmd import adr_group

    return adr_group


@main.lazy_command("report")
def _report() -> click.Command:
    from fitness.cli.report_cmd import report_command

    return report_command


@main.lazy_command("schema")
def _schema() -> click.Command:
    from fitness.cli.schema_cmd import schema_command

    return schema_command
