"""Run lint-imports (import-linter's CLI) and read its report: verdicts, chains, cycles."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

# import-linter's own contract types: the ones whose verdicts archfit must reproduce.
IMPORTLINTER_TYPES = (
    "layers",
    "forbidden",
    "independence",
    "acyclic_siblings",
    "protected",
    "private_modules",
)

_SUMMARY = re.compile(r"^Contracts: \d+ kept, \d+ broken\.$", re.MULTILINE)
_RESULT = re.compile(r"^(?P<name>.+) (?P<verdict>KEPT|BROKEN)(?: \((?P<notes>[^()]*)\))?$")
_WARNINGS = re.compile(r"(\d+) warnings?")
_MODULE = r"[A-Za-z_]\w*(?:\.\w+)*"
_BEFORE_LINK = re.compile(rf"({_MODULE}) (?:->|\(l\.)")
_AFTER_ARROW = re.compile(rf"-> ({_MODULE})")
_PAIR = re.compile(rf"^({_MODULE}) is not allowed to import ({_MODULE}):$")
_ILLEGAL_IMPORT = re.compile(rf"^- ({_MODULE}) -> ({_MODULE}) \(l\.")
_CYCLE_PACKAGE = re.compile(rf"^No cycles are allowed in ({_MODULE})\.$")
_CYCLE_DEPENDENCY = re.compile(r"^- \.(\w+) -> \.(\w+) \((\d+) imports?\)$")
_UNDECLARED_HEADER = "The following modules are not listed as layers:"


@dataclass(frozen=True)
class ContractReport:
    """One contract as lint-imports reported it."""

    name: str
    kept: bool
    warnings: int
    details: tuple[str, ...] = ()  # its lines under "Broken contracts"

    def chain_modules(self) -> set[str]:
        """Every module named in the contract's chains and illegal imports."""
        found: set[str] = set()
        for line in self.details:
            found.update(_BEFORE_LINK.findall(line))
            found.update(_AFTER_ARROW.findall(line))
        return found

    def pairs(self) -> set[tuple[str, str]]:
        """The (importer, imported) packages of every "X is not allowed to import Y" block."""
        return {(m[1], m[2]) for line in self.details if (m := _PAIR.match(line))}

    def illegal_imports(self) -> set[tuple[str, str]]:
        """The (importer, imported) modules of a protected contract's illegal imports."""
        return {(m[1], m[2]) for line in self.details if (m := _ILLEGAL_IMPORT.match(line))}

    def shortest_chain_lengths(self) -> dict[tuple[str, str], int]:
        """For each forbidden pair, how many imports its shortest chain has."""
        lengths: dict[tuple[str, str], int] = {}
        for pair, chain in self._chains():
            lengths[pair] = min(lengths.get(pair, len(chain)), len(chain))
        return lengths

    def undeclared(self) -> set[str]:
        """Modules an exhaustive layers contract found undeclared."""
        if _UNDECLARED_HEADER not in self.details:
            return set()
        start = self.details.index(_UNDECLARED_HEADER) + 1
        found = set()
        for line in self.details[start:]:
            if line.startswith("- "):
                found.add(line[2:].strip())
            elif line.strip():
                break
        return found

    def cycle_dependencies(self) -> set[tuple[str, str, str, int]]:
        """(package, child, child, imports) for each dependency acyclic_siblings would cut."""
        found: set[tuple[str, str, str, int]] = set()
        package = ""
        for line in self.details:
            if match := _CYCLE_PACKAGE.match(line):
                package = match[1]
            elif match := _CYCLE_DEPENDENCY.match(line):
                found.add((package, match[1], match[2], int(match[3])))
        return found

    def _chains(self) -> Iterator[tuple[tuple[str, str], list[str]]]:
        """Each chain under its pair: a line starting with '-', then indented lines."""
        pair = ("", "")
        chain: list[str] = []
        for line in (*self.details, ""):
            if chain and not (line.startswith(" ") and line.strip()):
                yield pair, chain
                chain = []
            if match := _PAIR.match(line):
                pair = (match[1], match[2])
            elif line.startswith("-"):
                chain = [line]
            elif chain:
                chain.append(line)


@dataclass(frozen=True)
class LintImportsRun:
    """A whole lint-imports run."""

    output: str
    contracts: dict[str, ContractReport]

    def verdicts(self) -> dict[str, bool]:
        """Contract name -> kept."""
        return {name: report.kept for name, report in self.contracts.items()}


def lint_imports_executable() -> Path:
    """The lint-imports script installed next to the running interpreter."""
    path = Path(sys.executable).with_name("lint-imports")
    assert path.is_file(), f"lint-imports is not installed next to {sys.executable}"
    return path


def lint_imports_process(
    cwd: Path, source_root: Path, config: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``lint-imports --no-cache`` in ``cwd`` with ``source_root`` on its path."""
    command = [str(lint_imports_executable()), "--no-cache", "--no-logo"]
    if config is not None:
        command += ["--config", str(config)]
    env = {
        **os.environ,
        "PYTHONPATH": str(source_root),
        "PYTHONDONTWRITEBYTECODE": "1",
        "COLUMNS": "1000",  # rich wraps lines at the terminal width otherwise
        "NO_COLOR": "1",
        "TERM": "dumb",
    }
    return subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, encoding="utf-8", timeout=300
    )


def run_lint_imports(cwd: Path, source_root: Path, config: Path | None = None) -> LintImportsRun:
    """Run lint-imports and parse its report; fail if it could not check the contracts."""
    done = lint_imports_process(cwd, source_root, config)
    output = done.stdout + done.stderr
    assert done.returncode in (0, 1) and _SUMMARY.search(output), f"lint-imports failed:\n{output}"
    return LintImportsRun(output, parse_report(output.splitlines()))


def parse_report(lines: Sequence[str]) -> dict[str, ContractReport]:
    """Every contract's verdict line, with its section under "Broken contracts"."""
    results = [m for line in _result_lines(lines) if (m := _RESULT.match(line))]
    broken = {m["name"] for m in results if m["verdict"] == "BROKEN"}
    details = _broken_details(lines, broken)
    return {
        m["name"]: ContractReport(
            name=m["name"],
            kept=m["verdict"] == "KEPT",
            warnings=_warning_count(m["notes"] or ""),
            details=tuple(details.get(m["name"], [])),
        )
        for m in results
    }


def _result_lines(lines: Sequence[str]) -> list[str]:
    start = next(i for i, line in enumerate(lines) if line.startswith("Analyzed "))
    end = next(i for i, line in enumerate(lines) if _SUMMARY.match(line))
    return [line for line in lines[start + 1 : end] if line.strip() and set(line) != {"-"}]


def _warning_count(notes: str) -> int:
    match = _WARNINGS.search(notes)
    return int(match[1]) if match else 0


def _is_heading(lines: Sequence[str], index: int, text: str) -> bool:
    following = lines[index + 1] if index + 1 < len(lines) else ""
    return lines[index] == text and set(following) == {"-"}


def _broken_details(lines: Sequence[str], broken: set[str]) -> dict[str, list[str]]:
    start = next(
        (i for i in range(len(lines)) if _is_heading(lines, i, "Broken contracts")), len(lines)
    )
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    index = start + 2
    while index < len(lines):
        if lines[index] in broken and _is_heading(lines, index, lines[index]):
            current = sections.setdefault(lines[index], [])
            index += 2
            continue
        if current is not None:
            current.append(lines[index])
        index += 1
    return sections
