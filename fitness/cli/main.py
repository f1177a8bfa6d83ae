"""``archfit`` commands.

Exit codes: 0 clean, 1 error findings (check), 2 usage/config/internal.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from fitness import __version__, catalog
from fitness.cli import gate_cmd
from fitness.cli.adr_cmd import adr_group
from fitness.cli.common import analysis_options, guarded, run_options
from fitness.cli.graph_cmd import graph_command
from fitness.cli.init_cmd import init_command
from fitness.cli.metrics_cmd import metrics_command
from fitness.cli.report_cmd import report_command
from fitness.config import load_config
from fitness.engine import Selection, check
from fitness.reporters.base import RenderOptions
from fitness.reporters.registry import CHECK_FORMATS


def _codes(value: str | None) -> tuple[str, ...]:
    return tuple(c.strip().upper() for c in (value or "").split(",") if c.strip())


@click.group()
@click.version_option(__version__, prog_name="archfit")
def main() -> None:
    """archfit: architecture fitness functions for Python repositories."""


@main.command("check")
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
@click.option("--verbose", "-v", is_flag=True, help="Show each step of every import chain.")
@gate_cmd.baseline_options
@analysis_options
@guarded
def check_command(
    path: str,
    files: tuple[str, ...],
    output_format: str | None,
    output: str | None,
    select: str | None,
    ignore: str | None,
    verbose: bool,
    baseline_file: str | None,
    no_baseline: bool,
    strict_baseline: bool,
    since: str | None,
    config_file: str | None,
    jobs: int | None,
    no_cache: bool,
) -> None:
    """Run every fitness function on PATH; exit 1 if any new error-severity finding remains.

    FILES (as pre-commit passes them) narrow what is reported, never what is analysed; when
    PATH is a file, it is the first of FILES and the current directory is analysed.
    """
    root, files = gate_cmd.split_targets(path, files)
    config = load_config(root, config_file)
    selection = Selection(_codes(select), _codes(ignore))
    options = run_options(jobs, no_cache)
    baseline = gate_cmd.baseline_path(root, config, baseline_file, no_baseline)
    result = check(root, config, options=options, selection=selection, baseline_file=baseline)
    result = gate_cmd.gate_result(result, root, files, since, (config, options))
    chosen = gate_cmd.choose_format(output_format)
    color = output is None and chosen == "text" and _color_wanted(sys.stdout)
    auto = chosen == "github" and not output_format  # a person reads the log too
    summary = CHECK_FORMATS["text"](result, RenderOptions()) if auto else None
    rendered = CHECK_FORMATS[chosen](result, RenderOptions(color, verbose))
    gate_cmd.write_report(rendered, output, summary)
    sys.exit(gate_cmd.exit_code(result, strict_baseline))


def _color_wanted(stream: Any) -> bool:
    return bool(getattr(stream, "isatty", lambda: False)()) and "NO_COLOR" not in os.environ


def _catalog() -> catalog.Catalog:
    """Built-in rules plus every bundled pack."""
    return catalog.Catalog(catalog.load_packs(None, "."))


@main.command("rules")
def rules_command() -> None:
    """List every rule with its code, name and default severity."""
    for doc in _catalog().rules:
        pack = doc.pack or "built-in"
        click.echo(f"{doc.code}  {doc.name:<22} {doc.severity.value:<8} {pack:<16} {doc.what}")


@main.command("explain")
@click.argument("code")
@guarded
def explain_command(code: str) -> None:
    """Show a rule's documentation: what it checks, why, an example, how to fix."""
    doc = _catalog().rule(code)
    if doc is None:
        raise click.UsageError(f"unknown rule {code!r} (see `archfit rules`)")
    click.echo(f"{doc.code} {doc.name} (default severity: {doc.severity.value})\n")
    if doc.principle:
        click.echo(f"Principle: {doc.principle.strip()}\n")
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
    lines = [f"- {name} = {value!r}: {meaning}" for name, value, meaning in catalog.params_of(doc)]
    return "\n".join(lines) or "none"


main.add_command(graph_command)
main.add_command(metrics_command)
main.add_command(gate_cmd.baseline_command)
main.add_command(init_command)
main.add_command(adr_group)
main.add_command(report_command)
