"""The one module of archfit's own exceptions; each carries what the CLI needs to report it."""

from __future__ import annotations

from archfit_values import frozen


@frozen
class ConfigIssue:
    """One problem in a configuration file, with where it is and the offending value."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class ArchfitError(Exception):
    """Base of every error archfit raises on purpose (exit code 2)."""


class ConfigError(ArchfitError):
    """A configuration that cannot be used; holds every problem found, not just the first."""

    def __init__(self, issues: list[ConfigIssue]) -> None:
        self.issues = sorted(issues, key=lambda i: (i.path, i.line, i.message))
        super().__init__("\n".join(str(i) for i in self.issues))


class UsageError(ArchfitError):
    """A command line that cannot be carried out (a missing path, a bad code selection)."""
