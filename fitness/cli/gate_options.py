"""The CI gate's options, shared by ``check`` and ``adr check``: baseline, FILES, codes, format."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import click

from fitness.cli.common import F

# The catalog, the config and the engine load when a run is computed: a stored run is shown
# without them (ADR-0020); the ADR model and parsers only for a target with ADRs (ADR-0014).
if TYPE_CHECKING:
    from fitness.catalog.selection import Selection
    from fitness.config import Config
    from fitness.config.projects import Plan


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
    from fitness.engine.gate import python_only

    given = (path, *files) if os.path.isfile(path) else tuple(files)
    return analysed_root(path), given if python_only(given) else ()


def analysed_root(path: str) -> str:
    """The folder a run analyses: PATH, or the current one when PATH is a file."""
    return "." if os.path.isfile(path) else path


def selections(
    plan: Plan, codes: tuple[str | None, str | None], contracts: Sequence[str]
) -> list[Selection]:
    """Each project's selection: ``--select`` / ``--ignore`` (comma-separated) and
    ``--contract``, checked against what any of the projects knows (its packs' codes and
    names, its contract ids: an unknown one is a UsageError), and its FILES."""
    from fitness.catalog import Catalog
    from fitness.catalog.selection import Selection, resolve_codes, resolve_contracts
    from fitness.engine.gate import judged_files

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


def write_report(text: str, output: str | None, summary: str | None) -> None:
    """The report to ``output`` (or stdout); a text summary, when given, to stderr."""
    stream: Any = click.open_file(output or "-", "w", encoding="utf-8", errors="backslashreplace")
    with stream:
        stream.write(text)
    if summary is not None:
        sys.stderr.write(summary)
