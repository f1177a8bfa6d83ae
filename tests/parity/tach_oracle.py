"""Run ``tach check`` (tach 0.35.3, the test oracle) and ``archfit check`` on the same project,
and read both as one set of diagnostics: (file, line, importer module, imported module, kind).

The modules are tach's: the declared module nearest to the importing file and to what it
imports. archfit's side is read from its JSON report: each finding of a contract read from
tach (``tach:KIND:...``) gives one diagnostic per line its chain step names; the deprecated
dependencies an allow-list warns about come from the contract's warnings.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from fitness.cli.main import main

TACH_VERSION = "0.35.3"
# archfit's contract id prefix -> the kind of diagnostic tach reports for the same import.
KINDS = {
    "module": "UndeclaredDependency",
    "cannot-depend-on": "ForbiddenDependency",
    "layer": "LayerViolation",
    "closed-layer": "ClosedLayerViolation",
    "interface": "PrivateDependency",
}
_DEPRECATED = re.compile(
    r"^(?P<importer>\S+) imports (?P<imported>\S+) \((?P<path>[^:]+):(?P<lines>[\d, ]+)\)"
)


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One import a tool reports, in terms both tools share."""

    path: str
    line: int
    importer: str  # tach's usage module
    imported: str  # tach's definition module
    kind: str


def tach_modules(root: Path) -> list[str]:
    """The module paths ``tach.toml`` declares (domain files and globs are not expanded:
    fixtures that use them name their modules in ``tach.toml`` too, or pass ``units``)."""
    data = tomllib.loads((root / "tach.toml").read_text())
    found = []
    for entry in data.get("modules", []):
        found += entry.get("paths", [entry.get("path")])
    return [m for m in found if m and m != "<root>"]


def nearest(name: str, units: list[str]) -> str:
    """The longest of ``units`` that is ``name`` or contains it ("" when none does)."""
    best = ""
    for unit in units:
        if (name == unit or name.startswith(unit + ".")) and len(unit) > len(best):
            best = unit
    return best


def run_tach(root: Path) -> tuple[int, Any]:
    """``tach check --output json`` in ``root``: its exit code and parsed report."""
    command = [sys.executable, "-m", "tach", "check", "--output", "json"]
    done = subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=300)
    out = done.stdout.strip()
    start = min((i for i in (out.find("["), out.find("{")) if i >= 0), default=-1)
    return done.returncode, json.loads(out[start:]) if start >= 0 else None


def tach_diagnostics(root: Path, units: list[str] | None = None) -> set[Diagnostic]:
    """What ``tach check`` reports about imports, as diagnostics."""
    units = tach_modules(root) if units is None else units
    _, report = run_tach(root)
    assert isinstance(report, list), f"tach refused the configuration: {report}"
    found = set()
    for entry in report:
        located = entry.get("Located")
        if located is None:
            continue
        ((kind, detail),) = located["details"]["Code"].items()
        imported = detail.get("definition_module") or nearest(detail.get("dependency", ""), units)
        found.add(
            Diagnostic(
                located["file_path"], located["line_number"], detail["usage_module"], imported, kind
            )
        )
    return found


def run_archfit(root: Path) -> tuple[int, dict[str, Any]]:
    """``archfit check --format json --no-cache`` on ``root``, in-process."""
    result = CliRunner().invoke(
        main, ["check", str(root), "--format", "json", "--no-cache"], catch_exceptions=False
    )
    return result.exit_code, json.loads(result.stdout)


def archfit_diagnostics(root: Path, units: list[str] | None = None) -> set[Diagnostic]:
    """What archfit reports from the contracts it read from tach, as diagnostics."""
    units = tach_modules(root) if units is None else units
    _, report = run_archfit(root)
    found = set()
    for finding in report["findings"]:
        contract = str(finding.get("contract", ""))
        if not contract.startswith("tach:"):
            continue
        kind = KINDS[contract.split(":")[1]]
        for chain in finding.get("chains", []):
            for link in chain:
                importer, imported = (
                    nearest(link["importer"], units),
                    nearest(link["imported"], units),
                )
                for line in link["lines"]:
                    found.add(Diagnostic(link["path"], line, importer, imported, kind))
    for contract in report["contracts"]:
        for warning in contract.get("warnings", []):
            found |= _deprecated(warning, units)
    return found


def _deprecated(warning: str, units: list[str]) -> set[Diagnostic]:
    match = _DEPRECATED.match(warning)
    if match is None:
        return set()
    importer = nearest(match["importer"], units)
    imported = nearest(match["imported"], units)
    lines = [int(n) for n in match["lines"].split(",")]
    return {Diagnostic(match["path"], n, importer, imported, "DeprecatedDependency") for n in lines}
