"""What every reporter receives besides the Result."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RenderOptions:
    """Presentation choices the CLI makes (colour only on a terminal)."""

    color: bool = False
    verbose: bool = False
