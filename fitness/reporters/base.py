"""What every reporter receives besides the Result."""

from __future__ import annotations

from archfit_values import frozen


@frozen
class RenderOptions:
    """Presentation choices the CLI makes (colour only on a terminal; ``baselined``: formats
    that leave baselined findings out, GitLab's and JUnit's, list them too)."""

    color: bool = False
    verbose: bool = False
    quiet: bool = False  # only what fails the gate: new findings, broken contracts, the summary
    statistics: bool = False  # counts per code instead of one line per finding
    exit_zero: bool = False  # the CLI exits 0 whatever the verdict; the summary says so
    baselined: bool = False
