"""The values every declaration source yields: requirements and what was read."""

from __future__ import annotations

import re
from dataclasses import field

from analyzer.patterns import compiled_later
from archfit_values import frozen, mutable

_name = compiled_later(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def normalize(name: str) -> str:
    """PEP 503 normalised distribution name: ``PyYAML`` -> ``pyyaml``, ``a_b.c`` -> ``a-b-c``."""
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(spec: str) -> str | None:
    """The distribution a PEP 508 string names (``PyYAML>=6; python_version<"4"`` -> PyYAML)."""
    match = _name().match(spec)
    return match.group(1) if match else None


def line_of(text: str, name: str) -> int:
    """The first line that names the distribution in quotes or as a key (1 if none)."""
    pattern = re.compile(
        rf"""(["']|=[ \t]*|^\s*){re.escape(name)}\b""", re.IGNORECASE | re.MULTILINE
    )
    match = pattern.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else 1


@frozen(order=True)
class Requirement:
    """One declared distribution; ``group`` is "" (required), an extra's or a group's name."""

    name: str  # normalised
    group: str
    kind: str  # "required" | "optional" (an extra) | "group" (dev-only: groups, dev files)
    path: str  # relative to the project root
    line: int


@mutable
class Declarations:
    """What one source (or several) declared: requirements, the sources read, blind spots.

    ``runtime`` is True when a source said what the distribution needs at run time (even
    nothing: ``dependencies = []``); dev-only sources alone leave it False.
    """

    requirements: list[Requirement] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    blind_spots: list[str] = field(default_factory=list)
    runtime: bool = False

    def add(self, other: Declarations) -> None:
        """Merge another source's declarations into these."""
        self.requirements += other.requirements
        self.sources += other.sources
        self.blind_spots += other.blind_spots
        self.runtime = self.runtime or other.runtime
