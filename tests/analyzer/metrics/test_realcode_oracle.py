"""archfit's measures equal radon's and complexipy's on real projects.

All of Django 5.2.8 and a fixed sample of sympy 1.14.0 (every eighth file, plus the files
radon chokes on). radon runs in two worker processes with a timeout per metric and file;
where it fails (RecursionError on sympy's deep expressions, a timeout of its quadratic raw
analysis) that number is not compared, but archfit must still have measured the file.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from analyzer.decoding import decode_source
from analyzer.facts import ParsedFile
from tests.analyzer.metrics.oracle import (
    Tally,
    compare_complexipy,
    compare_radon,
    ours,
    python_files,
    radon,
)
from tests.analyzer.metrics.targets import unpacked_wheel

pytestmark = pytest.mark.realcode

# Seconds per radon metric per file: Django's slowest file takes radon a few seconds (all of
# them must be compared); sympy's worst take it minutes, and are left out past 3 s.
DJANGO_TIMEOUT = 60.0
SYMPY_TIMEOUT = 3.0
# radon's raw analysis takes ~40 s on the first; its visitors overflow the stack on the second.
SYMPY_HARD = (
    "sympy/polys/benchmarks/bench_solvers.py",
    "sympy/polys/numberfields/resolvent_lookup.py",
)


@pytest.fixture(scope="module")
def django() -> Path:
    """Django's wheel, unzipped."""
    return unpacked_wheel("django", "5.2.8")


@pytest.fixture(scope="module")
def sympy() -> Path:
    """sympy's wheel, unzipped."""
    return unpacked_wheel("sympy", "1.14.0")


@dataclass(frozen=True)
class Run:
    """archfit's parse and radon's results for the same files."""

    root: Path
    files: list[Path]
    parsed: dict[Path, ParsedFile]
    radon: dict[str, Any]

    def tally(self) -> Tally:
        """Every file compared with radon."""
        tally = Tally()
        for path in self.files:
            compare_radon(path, self.radon[str(path)], self.parsed[path], tally)
        return tally


def _run(root: Path, files: list[Path], timeout: float) -> Run:
    """radon works in its two worker processes while archfit parses here."""
    with ThreadPoolExecutor(1) as pool:
        pending = pool.submit(radon, files, timeout)
        parsed = {path: ours(root, path) for path in files}
        return Run(root, files, parsed, pending.result())


@pytest.fixture(scope="module")
def django_run(django: Path) -> Run:
    """All of Django, through archfit and radon."""
    return _run(django, python_files(django / "django"), DJANGO_TIMEOUT)


def test_django_equals_radon(django_run: Run) -> None:
    """Every function's (line, complexity), radon ``hal``'s numbers for every file and every
    function it reports, MI and raw counts."""
    tally = django_run.tally()
    print(tally)  # the agreement counts, for the record (pytest -s)
    assert tally.files == len(django_run.files) > 800, tally
    assert tally.functions > 9000, tally
    assert tally.halstead_modules == tally.files, tally
    assert tally.halstead_functions > 8500, tally  # radon leaves closures out
    assert not tally.radon_failures, tally
    assert tally.mismatches == [], tally


def test_django_cognitive_equals_complexipy(django_run: Run) -> None:
    """Every function complexipy reports has complexipy's cognitive complexity."""
    tally = Tally()
    for path, parsed in django_run.parsed.items():
        text = decode_source(str(path), path.read_bytes())
        assert isinstance(text, str) and parsed.metrics is not None, path
        compare_complexipy(path, text, parsed.metrics, tally)
    assert tally.functions > 8500, tally
    assert tally.mismatches == [], tally


def test_sympy_sample_equals_radon_where_radon_succeeds(sympy: Path) -> None:
    """Equal wherever radon finishes; measured all the same where it does not."""
    everything = python_files(sympy / "sympy")
    hard = [sympy / name for name in SYMPY_HARD]
    files = sorted(set(everything[::8]) | set(hard))
    tally = _run(sympy, files, SYMPY_TIMEOUT).tally()
    assert len(files) > 190, tally
    assert tally.functions > 3000, tally
    assert tally.radon_failures["functions: RecursionError"] >= 1, tally  # radon did fail there
    assert tally.mismatches == [], tally
