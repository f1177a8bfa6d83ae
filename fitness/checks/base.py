"""What a check receives and returns. A check never spells a code: the pack rule supplies it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from analyzer.project import Facts
from fitness.findings import Chain


@dataclass(frozen=True)
class Hit:
    """One place a check fires; the engine turns it into a Finding with the rule's code."""

    subject: str
    message: str
    path: str
    line: int
    column: int = 1
    target: str = ""
    chains: tuple[Chain, ...] = ()


class Check(Protocol):
    """A kind of check; its id is the name of the bundled rule that first used it."""

    id: str

    def run(self, facts: Facts, params: Mapping[str, Any]) -> list[Hit]:
        """Judge the facts with these parameters."""
        ...
