"""Rule codes live in one table: outside ``fitness/catalog/`` and the YAML under ``rules/``, no
string in ``analyzer/`` or ``fitness/`` is a rule code (``ADR004``) or a family of codes
(``CON``); code asks the catalog (``catalog.code_of("review-overdue")``,
``catalog.CONTRACT_FAMILY``, ``catalog.CONTRACT_CODES[type]``). Tests may spell codes."""

from __future__ import annotations

import ast
import re
from collections import Counter
from pathlib import Path

from fitness import catalog
from tests.conftest import REPO

CODE = re.compile(r"[A-Z]{3}\d{3}")
FAMILIES = {
    re.sub(r"\d+$", "", d.code) for d in catalog.Catalog(catalog.load_packs(None, str(REPO))).rules
}
# Strings equal to a family that name something else, counted per file: a new use in the same
# file fails, and so does one of these going away (the list cannot go stale).
NOT_CODES = {
    ("fitness/adr/view.py", "ADR"): 1,  # an ADR's id typed as "ADR7": the document, not a rule
    ("fitness/reporters/report_md.py", "ADR"): 1,  # the report's column of ADR documents
}


def _strings(path: Path) -> list[tuple[str, int]]:
    """Every string constant of a module (f-string parts too), with its line."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        (node.value, node.lineno)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]


def _spelled() -> tuple[list[str], Counter[tuple[str, str]]]:
    codes, families = [], Counter[tuple[str, str]]()
    for path in sorted([*(REPO / "analyzer").rglob("*.py"), *(REPO / "fitness").rglob("*.py")]):
        where = path.relative_to(REPO).as_posix()
        if where.startswith("fitness/catalog/"):
            continue
        for value, line in _strings(path):
            if CODE.fullmatch(value):
                codes.append(f"{where}:{line}: {value!r}")
            elif value in FAMILIES:
                families[(where, value)] += 1
    return codes, families


def test_the_families_are_those_of_the_catalog() -> None:
    assert {"INP", "CON", "ADR", "ARC", "CBX", "UNX", "OBS"} <= FAMILIES
    assert all(re.fullmatch("[A-Z]{3}", family) for family in FAMILIES)


def test_no_code_or_family_is_spelled_outside_the_catalog() -> None:
    codes, families = _spelled()
    assert codes == []
    assert dict(families) == NOT_CODES


def test_the_walk_finds_a_spelled_code_and_family(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text('X = "ADR004"\nY = f"{1}CON"\nif code.startswith("UNX"): pass\n')
    found = [value for value, _ in _strings(module)]
    assert "ADR004" in found and "UNX" in found and "CON" in found
