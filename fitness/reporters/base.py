"""What every reporter receives besides the Result."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RenderOptions:
    """Presentation choices the CLI makes (colour only on a terminal; ``baselined``: formats
    that leave baselined findings out, GitLab's and JUnit's, list them too)."""

    color: bool = False
    verbose: bool = False
    baselined: bool = False
