"""A click group that imports a command's module only when that command is asked for.

``archfit check`` is the pre-commit hook: every millisecond of start-up is paid on every
commit. Importing every command's module up front (the report's git history, ``init``'s
tomlkit, the graph and metrics reporters) costs a run that uses one of them all the others.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

Loader = Callable[[], click.Command]


class LazyGroup(click.Group):
    """``add_command`` as usual (the module is imported already), or ``lazy_command``: a
    function that imports the command's module and returns the command, called the first
    time click looks the command up (to run it, or to list it under ``--help``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.loaders: dict[str, Loader] = {}

    def lazy_command(self, name: str) -> Callable[[Loader], Loader]:
        """Register the decorated loader as command ``name``."""

        def register(load: Loader) -> Loader:
            self.loaders[name] = load
            return load

        return register

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Loaded and not-yet-loaded commands alike, sorted."""
        return sorted({*super().list_commands(ctx), *self.loaders})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command, its module imported now if it was not yet."""
        load = self.loaders.pop(cmd_name, None)
        if load is not None:
            self.add_command(load(), cmd_name)
        return super().get_command(ctx, cmd_name)
