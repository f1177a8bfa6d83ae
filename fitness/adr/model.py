"""The one model every ADR format is parsed into: small frozen values, each with its line."""

from __future__ import annotations

import datetime
from dataclasses import field
from typing import Any

from archfit_values import frozen

ACTIVE = ("accepted", "proposed", "unknown")
INACTIVE = ("superseded", "deprecated", "rejected")


@frozen(order=True)
class AdrLink:
    """A supersession, amendment or refinement link as written (``kind`` in ``LINK_KINDS``)."""

    kind: str
    target: str  # the link as written: a path, a URL, ``ADR-0009``, ``16``
    line: int


LINK_KINDS = (
    "supersedes",
    "superseded-by",
    "amends",
    "amended-by",
    "refines",
    "refined-by",
)


@frozen
class Option:
    """One option considered (``### Option 1: Name``), with its ratings (Complexity, ...)."""

    name: str
    line: int
    number: int | None = None
    ratings: tuple[tuple[str, str], ...] = ()


@frozen
class Criterion:
    """A checkbox item: acceptance criteria, constraints or plan steps, with its section."""

    text: str
    checked: bool
    line: int
    section: str = ""


@frozen
class Reference:
    """A backticked word or path; drift decides whether it names a module or a path."""

    text: str
    line: int


@frozen
class Rule:
    """One declared decision: a shorthand line (``forbid: a -> b``) or a full contract."""

    key: str  # layers, forbid, ..., or "contract" for a full mapping
    value: Any  # the shorthand text, or the contract mapping
    line: int
    lines: tuple[tuple[str, int], ...] = ()  # a full contract's option lines


@frozen
class AdrIssue:
    """Something malformed in an ADR (ADR006), with its line."""

    line: int
    message: str


@frozen
class Adr:
    """One architecture decision record, whatever format it was written in."""

    path: str  # relative to the analysed root, forward slashes
    format: str
    id: str
    title: str
    number: int | None = None
    number_text: str = ""  # as written in the file name ("0007"), for ids and new files
    title_number: int | None = None
    title_line: int = 1
    status_raw: str = ""
    status: str = "unknown"
    status_line: int = 0
    date: str = ""
    date_line: int = 0
    deciders: tuple[str, ...] = ()
    links: tuple[AdrLink, ...] = ()
    review_text: str = ""
    review_date: datetime.date | None = None
    review_line: int = 0
    chosen: str = ""
    chosen_line: int = 0
    options: tuple[Option, ...] = ()
    migration_path: str = ""
    criteria: tuple[Criterion, ...] = ()
    references: tuple[Reference, ...] = ()
    rules: tuple[Rule, ...] = ()
    issues: tuple[AdrIssue, ...] = field(default=())

    @property
    def active(self) -> bool:
        """Accepted, proposed or without status: its rules are checked."""
        return self.status in ACTIVE

    @property
    def binding(self) -> bool:
        """Only accepted ADRs bind (their broken rules are errors)."""
        return self.status == "accepted"

    @property
    def folder(self) -> str:
        """The ADR's directory (duplicate numbers are checked per directory)."""
        return self.path.rsplit("/", 1)[0] if "/" in self.path else ""
