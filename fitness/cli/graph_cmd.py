"""``archfit graph``: the dependency graph as Mermaid, DOT or JSON; exits 0 whatever it shows."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

import click

from archfit_values import frozen
from fitness.cli.common import analysis_options, guarded, run_options
from fitness.cli.stored import Request, shown
from fitness.engine.graph import LEVELS, ViewOptions, dependency_graph
from fitness.reporters.graph_mermaid import MAX_EDGES
from fitness.reporters.registry import GRAPH_FORMATS
from fitness.results.graph import DepGraph, without_externals

if TYPE_CHECKING:
    from analyzer.facts import Facts


@frozen
class GraphRun:
    """What a graph run stores (ADR-0020): its warnings and the graph it drew from."""

    warnings: tuple[str, ...]
    graph: DepGraph


@click.command("graph")
@click.argument("path", default=".", type=click.Path(exists=True, file_okay=False))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(sorted(GRAPH_FORMATS)),
    default="mermaid",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--level",
    type=click.Choice(LEVELS),
    default="module",
    show_default=True,
    help="One node per module, or one per package.",
)
@click.option(
    "--depth",
    type=click.IntRange(min=1),
    help="Cut names after N parts (at 2, django.db.models.fields is django.db).",
)
@click.option(
    "--focus",
    metavar="MODULE",
    help="Only MODULE (and what lies below it), what it imports and what imports it.",
)
@click.option(
    "--externals/--no-externals",
    default=True,
    show_default=True,
    help="Draw external packages in mermaid and dot (json always lists them).",
)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the graph here.")
@analysis_options
@guarded
def graph_command(
    path: str,
    output_format: str,
    level: str,
    depth: int | None,
    focus: str | None,
    externals: bool,
    output: str | None,
    config_file: str | None,
    jobs: int | None,
    no_cache: bool,
) -> None:
    """Draw PATH's import graph: cycles in red, import kinds styled, external packages grey."""
    params = {"level": level, "depth": depth, "focus": focus}
    display = {"format": output_format, "externals": externals}
    request = Request("graph", (path, config_file, output), params, display, not no_cache)
    view = ViewOptions(level, depth, focus)

    def build(_: object, facts: Facts, warnings: tuple[str, ...]) -> GraphRun:
        return GraphRun(warnings, dependency_graph(facts, view))

    options = functools.partial(run_options, jobs, no_cache, detail=False)
    shown(request, GraphRun, build, options, lambda run: drawn(run.graph, output_format, externals))


def drawn(graph: DepGraph, output_format: str, externals: bool) -> tuple[str, tuple[str, ...]]:
    """The graph in ``output_format`` (without external packages if not ``externals``, but
    in json), and the warning that Mermaid will not draw it all."""
    if not externals and output_format != "json":
        graph = without_externals(graph)
    notes: tuple[str, ...] = ()
    if output_format == "mermaid" and len(graph.edges) > MAX_EDGES:
        notes = (
            f"{len(graph.edges)} edges: Mermaid (and GitHub) draw at most {MAX_EDGES} by "
            "default; try --level package, --depth N, --focus MODULE or --no-externals",
        )
    return GRAPH_FORMATS[output_format](graph), notes
