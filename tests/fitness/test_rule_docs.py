"""Every rule of the code table (``docs/rules.md``, and the copy here) is listed by ``archfit
rules`` and explained by ``archfit explain`` (by code and by name) under the fixed headings, with
its default severity.

A code missing from the catalog and every bundled pack fails the test, and so does a code the
table here and docs/rules.md disagree on (tests/fitness/test_rules_table.py keeps docs/rules.md
what the catalog says).
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from fitness import catalog
from tests.conftest import REPO

TABLE = {
    "INP001": "parse-error", "INP002": "undecodable-file", "INP003": "unreadable-file",
    "INP004": "unused-suppression", "INP005": "blind-spot",
    "CON001": "layers", "CON002": "forbidden", "CON003": "independence",
    "CON004": "acyclic-siblings", "CON005": "protected", "CON006": "acyclic",
    "CON007": "external", "CON008": "migration", "CON009": "private-modules",
    "CON010": "interface", "CON011": "allowed",
    "UNX001": "single-purpose", "UNX002": "one-sentence", "UNX003": "minimal-dependencies",
    "UNX004": "explicit-dependencies", "UNX005": "testable-in-isolation",
    "UNX006": "private-access", "UNX007": "module-size", "UNX008": "interface-width",
    "CBX001": "max-cyclomatic", "CBX002": "maintainability", "CBX003": "package-budget",
    "CBX004": "pass-through-wrapper", "CBX005": "single-implementation",
    "CBX006": "shallow-module", "CBX007": "inheritance-depth", "CBX008": "middle-man",
    "ARC001": "import-cycle", "ARC002": "main-sequence-distance", "ARC003": "stable-dependencies",
    "ARC004": "undeclared-dependency", "ARC005": "unused-dependency",
    "ARC006": "deferred-import-cycle", "ARC007": "transitive-dependency",
    "ARC008": "dev-dependency-in-library", "ARC009": "stdlib-declared",
    "ARC010": "no-dependency-declarations",
    "OBS001": "print-in-library", "OBS002": "entry-point-without-logging",
    "ADR001": "decision-violated", "ADR002": "stale-reference", "ADR003": "broken-supersession",
    "ADR004": "review-overdue", "ADR005": "unverified-decision", "ADR006": "invalid-adr",
    "ADR007": "missing-enforcer", "ADR008": "migration-regressed", "ADR009": "duplicate-number",
}  # fmt: skip
ERRORS = {
    "INP001",
    "INP002",
    "INP003",
    "INP005",
    "ADR001",
    "ADR006",
    "ADR008",
    "ARC001",
    "CBX001",
    "CBX003",
}
ERRORS |= {"ARC004", "ARC007", "ARC008"}
ERRORS |= {"OBS001"} | {f"CON{i:03d}" for i in range(1, 12)}
INFOS = {"ADR005"}
HEADINGS = ("## What it checks", "## Why", "## Example", "## How to fix", "## Parameters")


def test_the_table_here_is_the_table_in_docs_rules_md() -> None:
    text = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([A-Z]{3}\d{3})` \| `([a-z-]+)` \|", text, flags=re.MULTILINE)
    assert dict(rows) == TABLE and len(rows) == len(TABLE)


def _present(code: str) -> catalog.RuleDoc:
    doc = catalog.Catalog(catalog.load_packs(None, str(REPO))).rule(code)
    assert doc is not None, f"{code} is neither built in nor in a bundled pack"
    return doc


@pytest.mark.parametrize("code", sorted(TABLE))
def test_rule_is_listed_with_pack_name_and_default_severity(code: str, run_cli: Any) -> None:
    doc = _present(code)
    assert doc.name == TABLE[code]
    expected = "error" if code in ERRORS else "info" if code in INFOS else "warning"
    assert doc.severity.value == expected
    status, out, _ = run_cli("rules")
    assert status == 0
    [line] = [line for line in out.splitlines() if line.startswith(f"{code} ")]
    assert TABLE[code] in line and expected in line and (doc.pack or "built-in") in line


@pytest.mark.parametrize("code", sorted(TABLE))
def test_rule_is_explained_under_every_heading(code: str, run_cli: Any) -> None:
    doc = _present(code)
    for key in (code, TABLE[code]):
        status, out, _ = run_cli("explain", key)
        assert status == 0 and out.startswith(f"{code} {TABLE[code]}")
        places = [out.find(f"\n{heading}\n") for heading in HEADINGS]
        assert -1 not in places and places == sorted(places), out
        bodies = [out[a:b] for a, b in zip(places, [*places[1:], len(out)], strict=True)]
        assert all(b.split("\n", 2)[2].strip() for b in bodies), out
    if doc.pack:
        assert doc.principle and doc.what and doc.example


@pytest.mark.parametrize("code", sorted(c for c in TABLE if c[:3] in {"CBX", "ARC"}))
def test_pack_rules_document_their_parameters_with_defaults(code: str, run_cli: Any) -> None:
    doc = _present(code)
    _, out, _ = run_cli("explain", code)
    parameters = out.split("## Parameters\n", 1)[1]
    for name, value, meaning in catalog.params_of(doc):
        assert f"- {name} = {value!r}: " in parameters and meaning
