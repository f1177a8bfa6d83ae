"""What every command shares: the error guard that keeps tracebacks away from users."""

from __future__ import annotations

import functools
import os
import sys
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

import click

from fitness.exceptions import ArchfitError, ConfigError

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
                traceback.print_exc()
            else:
                click.echo("(set ARCHFIT_DEBUG=1 for the traceback)", err=True)
            sys.exit(EXIT_ERROR)

    return wrapper  # type: ignore[return-value]
