"""On every fixture file: radon's and complexipy's numbers are archfit's (fast; no network)."""

from __future__ import annotations

import sys

from analyzer.decoding import decode_source
from tests.analyzer.metrics.oracle import (
    Tally,
    compare_complexipy,
    compare_radon,
    ours,
    python_files,
    radon,
)
from tests.conftest import FIXTURES

METRICSMIX = FIXTURES / "metricsmix"


def test_every_fixture_equals_radon() -> None:
    """Functions' (line, complexity), radon ``hal``'s twelve numbers per module and per
    function, MI and raw counts, file by file; a file radon reads but archfit cannot measure
    is a mismatch too."""
    files = python_files(FIXTURES)
    theirs = radon(files, timeout=30.0)
    tally = Tally()
    for path in files:
        parsed = ours(FIXTURES, path)
        errors = theirs[str(path)]["errors"]
        if parsed.problems and ("parse" in errors or "decode" in errors):
            continue  # bad input for both: archfit reports it, radon raises
        compare_radon(path, theirs[str(path)], parsed, tally)
    assert tally.files > 100 and tally.functions > 40, tally
    assert tally.halstead_modules > 100 and tally.halstead_functions > 40, tally
    assert tally.mismatches == [], tally


def test_every_fixture_equals_complexipy() -> None:
    """Cognitive complexity of every function complexipy reports, newer syntax included
    (complexipy's parser reads it on any interpreter; archfit lowers it, see ADR-0007)."""
    tally = Tally()
    for path in python_files(FIXTURES):
        parsed = ours(FIXTURES, path)
        text = decode_source(str(path), path.read_bytes())
        if parsed.metrics is not None and parsed.metrics.complete and isinstance(text, str):
            compare_complexipy(path, text, parsed.metrics, tally)
    assert tally.functions > 40, tally
    assert tally.mismatches == [], tally


def test_metricsmix_is_covered() -> None:
    """The construct fixture really reaches the oracle: radon reads all but the newer file
    (on 3.11; from 3.12 on it reads that one too)."""
    files = python_files(METRICSMIX)
    theirs = radon(files, timeout=30.0)
    readable = [p for p in files if "parse" not in theirs[str(p)]["errors"]]
    newer = {"newer.py"} if sys.version_info < (3, 12) else set()  # PEP 695 / 701 syntax
    assert {p.name for p in files} - {p.name for p in readable} == newer
    assert sum(len(theirs[str(p)]["functions"]) for p in readable) >= 15
