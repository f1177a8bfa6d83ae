"""``--format gitlab`` and ``--format junit`` on stored results (no analysis): GitLab's fields
and severities, stable and unique fingerprints, baselined findings, one suite per family, one
case per contract and rule, a multi-project run's repository-relative paths."""

from __future__ import annotations

import dataclasses
import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from fitness.reporters import gitlab, junit
from fitness.reporters.base import RenderOptions
from fitness.reporters.check_run import RUN_FORMATS
from fitness.reporters.registry import CHECK_FORMATS
from fitness.results.findings import CheckRun, Finding, Result, RuleInfo, Severity, Source
from tests.fitness.test_findings_and_reporters import _finding, _result
from tests.schema_check import errors, junit_errors

GOLDEN = Path(__file__).parent / "golden"
ARC = RuleInfo("ARC001", "import-cycle", Severity.ERROR, "w", "y", "e", "h")
UNX = RuleInfo("UNX002", "one-sentence", Severity.WARNING, "w", "y", "e", "h")


def _warning(line: int, new: bool = True) -> Finding:
    return Finding(
        "UNX002",
        "one-sentence",
        Severity.WARNING,
        "the summary joins purposes with 'and'",
        "src/chat/__init__.py",
        line,
        1,
        "chat",
        Source("pack", "one-sentence"),
        new=new,
    )


def _stored() -> Result:
    """chat's stored result, plus a warning twice (same identity) and a baselined one."""
    base = _result()
    extra = (_warning(1), _warning(9), _warning(4, new=False))
    return dataclasses.replace(base, findings=base.findings + extra, checked=(ARC, UNX))


def test_gitlab_issues_have_gitlabs_fields_and_severities() -> None:
    issues = json.loads(gitlab.render(_stored()))
    assert errors("gitlab", issues) == []
    assert len(issues) == 4  # the baselined warning is left out
    contract = next(i for i in issues if i["check_name"] == "CON002")
    assert contract["severity"] == "major"
    assert contract["fingerprint"] == _finding().fingerprint  # archfit's own, stable
    assert contract["location"] == {"path": "src/chat/domain/x.py", "lines": {"begin": 3}}
    assert contract["description"].startswith("CON002 forbidden: The domain is pure")
    warnings = [i for i in issues if i["check_name"] == "UNX002"]
    assert {i["severity"] for i in warnings} == {"minor"}
    assert len({i["fingerprint"] for i in issues}) == len(issues)  # GitLab keeps one per print


def test_gitlab_fingerprints_survive_moved_lines_and_baselined_findings_show_when_asked() -> None:
    moved = dataclasses.replace(_stored(), findings=(_finding(line=40),))
    assert json.loads(gitlab.render(moved))[0]["fingerprint"] == _finding().fingerprint
    every = json.loads(gitlab.render(_stored(), RenderOptions(baselined=True)))
    assert len(every) == 5
    assert sum(i["description"].endswith("(baselined)") for i in every) == 1


def _suites(text: str) -> dict[str, ET.Element]:
    return {s.get("name", ""): s for s in ET.fromstring(text).iter("testsuite")}


def test_junit_has_a_suite_per_family_and_a_case_per_contract_and_rule() -> None:
    text = junit.render(_stored())
    assert junit_errors(text) == []
    suites = _suites(text)
    assert set(suites) == {"archfit ARC", "archfit CON", "archfit INP", "archfit UNX"}
    arc = suites["archfit ARC"]
    assert [c.get("name") for c in arc] == ["ARC001 import-cycle"]  # ran, passed
    assert (arc.get("tests"), arc.get("failures")) == ("1", "0")
    (contract,) = suites["archfit CON"]
    assert contract.get("name") == "contract domain-pure: The domain is pure"
    (failure,) = contract.findall("failure")
    assert failure.get("message", "").startswith("src/chat/domain/x.py:3:1: CON002 ")
    assert "chat.domain.x -> chat.store" in (failure.text or "")
    (unx,) = suites["archfit UNX"]
    assert len(unx.findall("failure")) == 2  # the baselined one is left out
    root = ET.fromstring(text)
    assert (root.get("tests"), root.get("failures")) == ("4", "3")


def test_junit_lists_baselined_findings_when_asked_and_escapes_what_xml_cannot_hold() -> None:
    odd = dataclasses.replace(_warning(2), message="bad \x01 byte & <tag>")
    result = dataclasses.replace(_stored(), findings=(*_stored().findings, odd))
    text = junit.render(result, RenderOptions(baselined=True))
    assert junit_errors(text) == []
    (unx,) = _suites(text)["archfit UNX"]
    assert len(unx.findall("failure")) == 4
    assert "bad ? byte & <tag>" in {f.get("message", "")[-18:] for f in unx.findall("failure")}


def test_a_run_over_projects_is_one_array_and_one_document_with_root_relative_paths() -> None:
    chat = dataclasses.replace(_stored(), project="services/chat")
    clean = dataclasses.replace(
        _result(), findings=(), contracts=(), checked=(ARC,), project="services/clean"
    )
    run = CheckRun((chat, clean), (1, 0))
    issues = json.loads(RUN_FORMATS["gitlab"](run, RenderOptions()))
    assert errors("gitlab", issues) == []
    assert {i["location"]["path"].split("/src/")[0] for i in issues} == {"services/chat"}
    assert len({i["fingerprint"] for i in issues}) == len(issues) == 4
    text = RUN_FORMATS["junit"](run, RenderOptions())
    assert junit_errors(text) == []
    names = set(_suites(text))
    assert "services/chat: archfit CON" in names and "services/clean: archfit ARC" in names
    assert 'classname="archfit.services/chat.CON"' in text
    assert "services/chat/src/chat/domain/x.py:3:1" in text


def test_both_formats_are_registered_for_one_project_and_for_runs() -> None:
    assert {"gitlab", "junit"} <= set(CHECK_FORMATS) & set(RUN_FORMATS)


@pytest.mark.parametrize(("name", "reporter"), [("gitlab.json", gitlab), ("junit.xml", junit)])
def test_output_matches_the_golden_file(name: str, reporter: Any) -> None:
    """Byte for byte; regenerate with ARCHFIT_UPDATE_GOLDEN=1 and review the diff."""
    rendered = reporter.render(_stored())
    if os.environ.get("ARCHFIT_UPDATE_GOLDEN"):
        (GOLDEN / name).write_text(rendered, encoding="utf-8")
    assert rendered == (GOLDEN / name).read_text(encoding="utf-8")
    assert reporter.render(_stored()) == rendered  # deterministic
