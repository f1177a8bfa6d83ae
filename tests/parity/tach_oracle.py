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
    """The module paths ``tach.toml`` (or ``[tool.tach]``) and its domain files declare
    (globs are not expanded: the fixtures name their modules). Read here with tomllib, apart
    from archfit's reader."""
    if (root / "tach.toml").is_file():
        data = tomllib.loads((root / "tach.toml").read_text())
    else:
        data = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["tach"]
    found = _declared(data, "")
    for source_root in data.get("source_roots", ["."]):
        for domain in sorted((root / source_root).rglob("tach.domain.toml")):
            prefix = ".".join(domain.parent.relative_to(root / source_root).parts)
            found += _declared(tomllib.loads(domain.read_text()), prefix)
    return [m for m in found if m and m != "<root>"]


def _declared(data: dict[str, Any], domain: str) -> list[str]:
    found = [domain] if domain and "root" in data else []
    for entry in data.get("modules", []):
        for path in entry.get("paths", [entry.get("path")]):
            found.append(f"{domain}.{path}" if domain else path)
    return found


def nearest(name: str, units: list[str]) -> str:
    """The longest prefix of ``name`` (whole dotted parts) that is one of ``units`` or matches
    one of their globs (``*`` one part, ``**`` any), "" when none does: tach's owner."""
    patterns = [re.compile(_glob(unit)) for unit in units]
    parts = name.split(".")
    for cut in range(len(parts), 0, -1):
        prefix = ".".join(parts[:cut])
        if any(pattern.fullmatch(prefix) for pattern in patterns):
            return prefix
    return ""


def _glob(unit: str) -> str:
    pieces = [".+" if p == "**" else "[^.]+" if p == "*" else re.escape(p) for p in unit.split(".")]
    return r"\.".join(pieces)


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
        if not isinstance(detail, dict):  # about a directive, not an import: no modules
            found.add(Diagnostic(located["file_path"], located["line_number"], "", "", kind))
            continue
        imported = detail.get("definition_module") or nearest(detail.get("dependency", ""), units)
        importer = detail["usage_module"]
        # tach names code outside every module <root>; archfit's nearest module is then ""
        importer, imported = ("" if m == "<root>" else m for m in (importer, imported))
        found.add(
            Diagnostic(located["file_path"], located["line_number"], importer, imported, kind)
        )
    return found


def run_archfit(root: Path) -> tuple[int, dict[str, Any]]:
    """``archfit check --format json --no-cache`` on ``root``, in-process."""
    result = CliRunner().invoke(
        main, ["check", str(root), "--format", "json", "--no-cache"], catch_exceptions=False
    )
    assert result.exit_code in (0, 1), result.stderr
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
