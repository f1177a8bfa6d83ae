"""Run ``archfit check --format json`` in-process and read its verdicts and chains."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from fitness.cli.main import main

_CYCLE_DEPENDENCY = re.compile(r"\.(\w+) -> \.(\w+) \((\d+) imports?\)")
_UNDECLARED = " is not listed as a layer"


@dataclass(frozen=True)
class ArchfitContract:
    """One contract's verdict and the findings it produced."""

    name: str
    type: str
    kept: bool
    warnings: int
    findings: tuple[dict[str, Any], ...]

    def chain_modules(self) -> set[str]:
        """Every module named in the contract's chains."""
        return {
            name
            for finding in self.findings
            for chain in finding.get("chains", [])
            for link in chain
            for name in (link["importer"], link["imported"])
        }

    def pairs(self) -> set[tuple[str, str]]:
        """The (importer, imported) subject of every chained violation."""
        found = set()
        for finding in self.findings:
            importer, arrow, imported = finding["subject"].partition(" -> ")
            if arrow and finding.get("chains"):
                found.add((importer, imported))
        return found

    def shortest_chain_lengths(self) -> dict[tuple[str, str], int]:
        """For each violated pair, how many imports its shortest chain has."""
        lengths: dict[tuple[str, str], int] = {}
        for finding in self.findings:
            importer, _, imported = finding["subject"].partition(" -> ")
            shortest = min(len(chain) for chain in finding["chains"])
            lengths[(importer, imported)] = shortest
        return lengths

    def undeclared(self) -> set[str]:
        """Modules an exhaustive layers contract found undeclared."""
        return {f["subject"] for f in self.findings if _UNDECLARED in f["message"]}

    def cycle_dependencies(self) -> set[tuple[str, str, str, int]]:
        """(package, child, child, imports) for each dependency acyclic_siblings would cut."""
        return {
            (finding["subject"], a, b, int(n))
            for finding in self.findings
            for a, b, n in _CYCLE_DEPENDENCY.findall(finding["message"])
        }


def run_archfit(path: Path, config: Path | None = None) -> dict[str, ArchfitContract]:
    """``archfit check --format json [--config FILE] PATH``: contracts by name."""
    args = ["check", "--format", "json", str(path)]
    if config is not None:
        args[1:1] = ["--config", str(config)]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code in (0, 1), f"archfit failed ({result.exit_code}):\n{result.output}"
    document = json.loads(result.stdout)
    by_id: dict[str, list[dict[str, Any]]] = {}
    for finding in document["findings"]:
        by_id.setdefault(finding["source"]["id"], []).append(finding)
    return {
        c["name"]: ArchfitContract(
            name=c["name"],
            type=c["type"],
            kept=c["kept"],
            warnings=len(c["warnings"]),
            findings=tuple(by_id.get(c["id"], [])),
        )
        for c in document["contracts"]
    }
