"""The unix-philosophy and observability packs: every rule documented, every check registered."""

from __future__ import annotations

import sys

import pytest

from fitness import catalog
from fitness.checks.registry import CHECKS
from tests.conftest import REPO

EXPECTED = {
    "unix-philosophy": {
        "UNX001": "single-purpose",
        "UNX002": "one-sentence",
        "UNX003": "minimal-dependencies",
        "UNX004": "explicit-dependencies",
        "UNX005": "testable-in-isolation",
        "UNX006": "private-access",
        "UNX007": "module-size",
        "UNX008": "interface-width",
    },
    "observability": {"OBS001": "print-in-library", "OBS002": "entry-point-without-logging"},
}
HEADINGS = ("What it does:", "Why is this bad?", "Example:", "Use instead:", "Options:")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_pack_rules_are_complete(name: str) -> None:
    [pack] = catalog.load_packs([name], str(REPO))
    assert {r.code: r.name for r in pack.rules} == EXPECTED[name]
    for rule in pack.rules:
        assert rule.check == rule.name  # a check's id is the name of the rule that first uses it
        assert rule.what and rule.why and rule.how_to_fix and rule.principle
        assert "fix" in rule.example.lower()  # a violation and its fix
        assert rule.check in CHECKS
    severities = {r.code: r.severity.value for r in pack.rules}
    assert set(severities.values()) == (
        {"error", "warning"} if name == "observability" else {"warning"}
    )
    if name == "observability":
        assert severities["OBS001"] == "error"


@pytest.mark.parametrize("check", sorted(n for names in EXPECTED.values() for n in names.values()))
def test_check_docstrings_use_ruffs_headings(check: str) -> None:
    doc = sys.modules[type(CHECKS[check]).__module__].__doc__ or ""
    assert all(heading in doc for heading in HEADINGS)
