"""What every command shares: the error guard that keeps tracebacks away from users."""

from __future__ import annotations

import functools
import os
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from fitness.exceptions import ArchfitError, ConfigError

if TYPE_CHECKING:  # the group itself stays light: commands import the engine when they run
    from analyzer.facts import Facts
    from fitness.config import Config
    from fitness.engine.check import RunOptions

# Short runs stay quiet: the progress line appears only once parsing takes this long.
_PROGRESS_AFTER_SECONDS = 0.5

F = TypeVar("F", bound=Callable[..., Any])
EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def guarded(command: F) -> F:
    """Turn archfit's own errors and unexpected crashes into a message and exit code 2."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except ConfigError as exc:
            for issue in exc.issues:
                click.echo(f"archfit: config error: {issue}", err=True)
            sys.exit(EXIT_ERROR)
        except ArchfitError as exc:
            click.echo(f"archfit: error: {exc}", err=True)
            sys.exit(EXIT_ERROR)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except Exception as exc:  # the last line of defence: never a bare traceback
            click.echo(f"archfit: internal error: {type(exc).__name__}: {exc}", err=True)
            if os.environ.get("ARCHFIT_DEBUG"):
                import traceback  # after a crash only

                traceback.print_exc()
            else:
                click.echo("(set ARCHFIT_DEBUG=1 for the traceback)", err=True)
            sys.exit(EXIT_ERROR)

    return wrapper  # type: ignore[return-value]


def finish_cache_writes() -> None:
    """Wait for the facts a command left to be written into the cache (``write_behind``):
    before the process exits, or a test reads the cache file. No cache module, no writes."""
    cache = sys.modules.get("analyzer.cache")
    if cache is not None:
        cache.finish_writes()


def analysis_options(command: F) -> F:
    """``--config``, ``--jobs`` and ``--no-cache``: every command that analyses the target."""
    command = click.option(
        "--no-cache", "no_cache", is_flag=True, help="Neither read nor write .archfit_cache/."
    )(command)
    command = click.option(
        "--jobs", "-j", type=click.IntRange(min=1), help="Parallel parser processes."
    )(command)
    return click.option(
        "--config",
        "config_file",
        type=click.Path(dir_okay=False),
        help="archfit or import-linter configuration file to use.",
    )(command)


def analysed(
    path: str, config_file: str | None, run: RunOptions, *, echo: bool = True
) -> tuple[Config, Facts, tuple[str, ...]]:
    """The configuration, facts and warnings of PATH's project (docs/adr/0015: the nearest
    project at or above PATH); the warnings go to stderr (unless not ``echo``), never into
    the output (a machine format may carry them in a field of its own)."""
    from fitness.config import load_config
    from fitness.config.projects import project_root
    from fitness.engine.check import gather, layout_warnings

    root = path if config_file else project_root(path, load_config)
    config = load_config(root, config_file)
    facts = gather(root, config, run)
    warnings = config.warnings + facts.notes + layout_warnings(facts)
    for warning in warnings if echo else ():
        click.echo(f"archfit: warning: {warning}", err=True)
    return config, facts, warnings


def run_options(jobs: int | None, no_cache: bool, detail: bool = True) -> RunOptions:
    """What the shared options ask for, with progress on a terminal (never in CI logs);
    ``detail`` False for a command that never judges (``RunOptions.detail``)."""
    from fitness.engine.check import RunOptions

    # The group waits for the cache writes when the command ends (finish_cache_writes).
    progress = terminal_progress()
    return RunOptions(jobs, not no_cache, progress, write_behind=True, detail=detail)


def terminal_progress() -> Callable[[int, int], None] | None:
    """A progress line on stderr when it is a terminal and this is not CI; else None."""
    stream = sys.stderr
    if not stream.isatty() or os.environ.get("CI"):
        return None
    started = time.monotonic()

    def show(done: int, total: int) -> None:
        if time.monotonic() - started < _PROGRESS_AFTER_SECONDS and done < total:
            return
        line = f"archfit: parsed {done}/{total} files"
        # The last one erases itself: nothing is left on screen above the report.
        stream.write(f"\r{' ' * len(line)}\r" if done >= total else f"\r{line}")
        stream.flush()

    return show
