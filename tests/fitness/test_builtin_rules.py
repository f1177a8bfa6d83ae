"""archfit's own rules (INP, CON, ADR) as data: ``rules/builtin/*.yaml`` read by the packs'
loader, every field reaching ``archfit explain``, ``archfit rules`` and SARIF, each contract
type and input problem with its code, and a broken built-in file refused with file and line."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from analyzer.facts import ProblemKind
from fitness import catalog
from fitness.catalog import builtin
from fitness.contracts.registry import CONTRACT_TYPES
from fitness.exceptions import ConfigError
from fitness.reporters import sarif
from fitness.results.findings import Result
from tests.conftest import REPO
from tests.fitness.test_findings_and_reporters import _finding, _result

BUILTIN = REPO / "rules" / "builtin"
# Each file as YAML itself reads it, not as archfit's loader does.
RAW = {
    rule["code"]: rule
    for path in sorted(BUILTIN.glob("*.yaml"))
    for rule in yaml.safe_load(path.read_text(encoding="utf-8"))["rules"]
}
HEADINGS = {
    "what": "What it checks",
    "why": "Why",
    "example": "Example",
    "how_to_fix": "How to fix",
}


def test_the_builtin_files_hold_every_inp_con_and_adr_code_and_are_no_pack() -> None:
    assert builtin.builtin_dir() == BUILTIN
    assert {code[:3] for code in RAW} == {"INP", "CON", "ADR"}
    assert {d.code for d in catalog.RULES} == set(RAW)
    assert all(d.pack == "" and d.check == "" for d in catalog.RULES)
    assert "builtin" not in catalog.bundled_pack_names()
    assert (catalog.INPUT_FAMILY, catalog.CONTRACT_FAMILY, catalog.ADR_FAMILY) == (
        "INP",
        "CON",
        "ADR",
    )


@pytest.mark.parametrize("code", sorted(RAW))
def test_explain_shows_every_field_of_the_data_under_its_heading(code: str, run_cli: Any) -> None:
    raw = RAW[code]
    status, out, _ = run_cli("explain", code)
    assert status == 0
    assert out.startswith(f"{code} {raw['name']} (default severity: {raw['severity']})\n")
    for key, heading in HEADINGS.items():
        body = out.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]
        assert body.rstrip("\n") == raw[key].rstrip(), (code, key)
    _, listing, _ = run_cli("rules")
    [line] = [line for line in listing.splitlines() if line.startswith(f"{code} ")]
    assert line.split()[:4] == [code, raw["name"], raw["severity"], "built-in"]
    assert line.endswith(raw["what"])


def test_sarif_rule_metadata_carries_every_field_of_the_data() -> None:
    findings = tuple(
        _finding(code=code, name=raw["name"], subject=code) for code, raw in sorted(RAW.items())
    )
    result: Result = dataclasses.replace(
        _result(), findings=findings, rules=catalog.rule_infos(list(RAW))
    )
    rules = json.loads(sarif.render(result))["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted(RAW)
    levels = {"error": "error", "warning": "warning", "info": "note"}
    for rule in rules:
        raw = RAW[rule["id"]]
        assert rule["name"] == raw["name"]
        assert rule["shortDescription"]["text"] == raw["what"]
        assert rule["fullDescription"]["text"] == raw["why"]
        assert rule["defaultConfiguration"]["level"] == levels[raw["severity"]]
        markdown = rule["help"]["markdown"]
        assert f"```\n{raw['example']}\n```" in markdown
        assert markdown.endswith(f"**How to fix**: {raw['how_to_fix']}")


def test_every_contract_type_and_input_problem_reports_with_a_code_of_its_family() -> None:
    assert set(catalog.CONTRACT_CODES) == set(CONTRACT_TYPES)
    assert set(catalog.INPUT_CODES) == {kind.value for kind in ProblemKind}
    assert all(c.startswith(catalog.CONTRACT_FAMILY) for c in catalog.CONTRACT_CODES.values())
    assert all(c.startswith(catalog.INPUT_FAMILY) for c in catalog.INPUT_CODES.values())
    assert catalog.rule(catalog.CONTRACT_CODES["layers"]).name == "layers"  # type: ignore[union-attr]


def test_codes_are_looked_up_by_rule_name() -> None:
    assert catalog.code_of("blind-spot") == "INP005"
    assert catalog.DECISION_CODE == "ADR001"
    assert catalog.MIGRATION_REGRESSED_CODE == "ADR008"
    assert catalog.UNUSED_SUPPRESSION_CODE == "INP004"
    with pytest.raises(KeyError, match="no built-in rule 'blind-spots'"):
        catalog.code_of("blind-spots")


def _copy(tmp_path: Path, file: str = "", edit: str = "", to: str = "") -> Path:
    """The built-in folder copied, with ``edit`` replaced once by ``to`` in ``file``."""
    folder = tmp_path / "builtin"
    folder.mkdir()
    for path in BUILTIN.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        (folder / path.name).write_text(text.replace(edit, to, 1) if path.name == file else text)
    return folder


def test_a_copy_of_the_builtin_folder_loads_as_the_bundled_one(tmp_path: Path) -> None:
    loaded = builtin.load_builtins(_copy(tmp_path))
    assert [dataclasses.replace(d, path="") for d in loaded.rules] == [
        dataclasses.replace(d, path="") for d in catalog.RULES
    ]
    assert loaded.families == {"input": "INP", "contracts": "CON", "adr": "ADR"}


@pytest.mark.parametrize(
    ("edit", "to", "file", "message"),
    [
        ("code: CON002", "code: ADR010", "contracts.yaml", "'ADR010' is not a CON code"),
        ("name: forbidden", "name: layers", "contracts.yaml", "name 'layers' is used twice"),
        ("contract_type: forbidden", "contract_type: layers", "contracts.yaml", "used twice"),
        ("    example: >-\n      chat.domain -> redis\n", "", "contracts.yaml", "'example'"),
        ("    name: blind-spot\n", "    name: blind-spot\n    check: x\n", "input.yaml", "'check'"),
        ("severity: warning", "severity: loud", "adr.yaml", "severity must be error"),
        ("family: ADR", "family: adr", "adr.yaml", "family must be 3 capitals"),
    ],
)
def test_a_broken_builtin_file_is_refused_with_file_and_line(
    tmp_path: Path, edit: str, to: str, file: str, message: str
) -> None:
    folder = _copy(tmp_path, file, edit, to)
    assert to != edit and edit in (BUILTIN / file).read_text(encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        builtin.load_builtins(folder)
    issues = [i for i in caught.value.issues if message in i.message]
    assert issues and all(i.path == str(folder / file) and i.line > 0 for i in issues)


def test_the_family_tests_match_what_their_patterns_match_in_full() -> None:
    """``_is_family`` and ``_in_family`` (string tests, no pattern compiled at start) agree
    with ``[A-Z]{3}`` and ``<family>\\d{3}`` on seeded random codes: capitals, small
    letters, ASCII and other decimal digits, a newline, of every length up to seven."""
    import random
    import re

    alphabet = "ACINOZaz09\u0663\u00b2\n"  # Arabic-Indic three is a digit, superscript two not
    chosen = random.Random(18)
    for _ in range(20_000):
        family = "".join(chosen.choices(alphabet, k=chosen.randint(0, 4)))
        code = "".join(chosen.choices(alphabet, k=chosen.randint(0, 7)))
        if chosen.random() < 0.5:
            code = family + code[:3]
        assert builtin._is_family(family) == bool(re.fullmatch(r"[A-Z]{3}", family)), family
        expected = bool(re.fullmatch(rf"{re.escape(family)}\d{{3}}", code))
        assert builtin._in_family(code, family) == expected, (code, family)
