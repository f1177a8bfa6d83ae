"""End to end: FILES, --since, SARIF and GitHub annotations in temporary git repos."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from fitness.reporters.github import escape_data, escape_property
from tests.cli.gitrepo import commit, edit, fixture_repo
from tests.conftest import FIXTURES, check_json

SARIF_SCHEMA = Path(__file__).with_name("sarif-schema-2.1.0.json")  # OASIS, as published
# ::command prop=value,prop=value::message, values and message escaped (no raw CR/LF; no , or :
# inside a value).
ANNOTATION = re.compile(
    r"^::(error|warning|notice)"
    r"(?: (?:file|line|col|endLine|endColumn|title)=[^,:\r\n]*"
    r"(?:,(?:file|line|col|endLine|endColumn|title)=[^,:\r\n]*)*)?"
    r"::[^\r\n]*$"
)


def _subjects(doc: dict[str, Any]) -> list[tuple[str, str]]:
    return [(f["code"], f["subject"]) for f in doc["findings"]]


def test_files_narrow_the_report_not_the_analysis(
    tmp_path: Path, run_cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = fixture_repo(tmp_path, "chatapp")
    monkeypatch.chdir(repo)
    code, doc = check_json(run_cli, "src/chatapp/domain/service.py")
    assert code == 1 and _subjects(doc) == [("CON002", "chatapp.domain -> redis")]
    _, doc = check_json(run_cli, "src/chatapp/persistence/repo.py")
    assert sorted(_subjects(doc)) == [
        ("CON001", "chatapp.persistence -> chatapp.domain"),
        ("CON002", "chatapp.domain -> redis"),  # repo.py makes a link of the chain
    ]
    code, doc = check_json(run_cli, "src/chatapp/api/views.py", "src/chatapp/domain/model.py")
    assert code == 0 and doc["findings"] == [] and doc["summary"]["files"] == 10
    code, doc = check_json(run_cli, ".", "src/chatapp/domain/service.py")
    assert _subjects(doc) == [("CON002", "chatapp.domain -> redis")]


def test_since_reports_only_the_last_commits_findings(tmp_path: Path, run_cli: Any) -> None:
    repo = fixture_repo(tmp_path, "chatapp")
    run_cli("check", str(repo))  # warm the cache the --since run reuses
    edit(repo, "src/chatapp/persistence/extra.py", '"""Reaches up."""\nimport chatapp.api.views\n')
    commit(repo, "a layering violation")
    code, doc = check_json(run_cli, "--since", "HEAD~1", str(repo))
    assert code == 1
    assert _subjects(doc) == [("CON001", "chatapp.persistence -> chatapp.api")]
    code, doc = check_json(run_cli, "--since", "HEAD", str(repo))
    assert code == 0 and doc["findings"] == []
    assert not (repo / ".git" / "worktrees").exists()
    assert run_cli("check", "--since", "no-such-ref", str(repo))[0] == 2


def test_sarif_validates_and_locates_every_result(tmp_path: Path, run_cli: Any) -> None:
    repo = fixture_repo(tmp_path, "chatapp")
    run_cli("baseline", str(repo))
    edit(repo, "src/chatapp/persistence/repo.py", '"""Fixed."""\nimport chatapp.domain.model\n')
    edit(repo, "src/chatapp/persistence/extra.py", '"""Reaches up."""\nimport chatapp.api.views\n')
    code, out, _ = run_cli("check", "--format", "sarif", str(repo))
    assert code == 1
    log = json.loads(out)
    jsonschema.Draft7Validator(json.loads(SARIF_SCHEMA.read_text())).validate(log)
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "archfit" and driver["version"] and driver["informationUri"]
    rule = next(r for r in driver["rules"] if r["id"] == "CON001")
    assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
    assert "How to fix" in rule["help"]["text"]
    states = sorted((r["ruleId"], r["baselineState"]) for r in run["results"])
    assert states == [("CON001", "new"), ("CON001", "unchanged"), ("CON002", "absent")]
    for result in run["results"]:
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert location["region"]["startLine"] >= 1
        assert result["partialFingerprints"]["archfit/v1"]
    absent = next(r for r in run["results"] if r["baselineState"] == "absent")
    uri = absent["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == ".archfit-baseline.json"
    assert run_cli("check", "--format", "sarif", str(repo))[1] == out  # deterministic


def test_sarif_without_a_baseline_has_no_baseline_state(run_cli: Any) -> None:
    _, out, _ = run_cli("check", "--format", "sarif", str(FIXTURES / "cycleshop"))
    log = json.loads(out)
    jsonschema.Draft7Validator(json.loads(SARIF_SCHEMA.read_text())).validate(log)
    assert all("baselineState" not in r for r in log["runs"][0]["results"])


def test_every_annotation_matches_the_workflow_command_grammar(
    tmp_path: Path, run_cli: Any
) -> None:
    repo = fixture_repo(tmp_path, "chatapp")
    code, out, _ = run_cli("check", "--format", "github", str(repo))
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == 2
    assert all(ANNOTATION.match(line) for line in lines), lines
    assert lines[0].startswith("::error file=src/chatapp/domain/service.py,line=3,col=1,")
    assert "title=CON002 forbidden::" in lines[0]


def test_escaping_follows_githubs_toolkit() -> None:
    assert escape_data("100% done\r\nnext: a,b") == "100%25 done%0D%0Anext: a,b"
    assert escape_property("a,b:c%\n") == "a%2Cb%3Ac%25%0A"


def test_github_actions_selects_annotations_with_the_summary_on_stderr(
    tmp_path: Path, run_cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = fixture_repo(tmp_path, "chatapp")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    code, out, err = run_cli("check", str(repo))
    assert code == 1
    assert all(ANNOTATION.match(line) for line in out.splitlines())
    assert "FAILED" in err and "FAILED" not in out
    code, out, err = run_cli("check", "--format", "json", str(repo))
    assert json.loads(out)["summary"]["errors"] == 2 and err == ""


def test_sarif_marks_suppressed_findings(tmp_path: Path, run_cli: Any) -> None:
    repo = fixture_repo(tmp_path, "chatapp")
    service = repo / "src/chatapp/domain/service.py"
    line = "from chatapp.persistence import repo"
    service.write_text(
        service.read_text().replace(line, f"{line}  # archfit: ignore[CON002] later")
    )
    _, out, _ = run_cli("check", "--format", "sarif", str(repo))
    log = json.loads(out)
    jsonschema.Draft7Validator(json.loads(SARIF_SCHEMA.read_text())).validate(log)
    marks = {r["ruleId"]: r.get("suppressions") for r in log["runs"][0]["results"]}
    assert marks == {"CON001": None, "CON002": [{"kind": "inSource", "justification": "later"}]}


def test_files_keep_the_baselined_imports_of_a_file_baselined(
    tmp_path: Path, run_cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A per-file rule whose subject is an import (``shop.api -> billing.rates``, UNX006) is
    owned by its importer: the pre-commit call on that file finds its entries in the baseline
    (they used to be credited to ``shop/__init__.py``, so every one showed as new)."""
    root = tmp_path / "repo"
    for package in ("shop", "billing"):
        (root / package).mkdir(parents=True)
        (root / package / "__init__.py").write_text(f'"""{package}."""\n')
    (root / "pyproject.toml").write_text('[tool.archfit]\nroot_packages = ["shop", "billing"]\n')
    (root / "billing" / "rates.py").write_text('"""Rates."""\n\n_RATE = 2\n')
    (root / "shop" / "api.py").write_text('"""Api."""\n\nfrom billing.rates import _RATE\n')
    monkeypatch.chdir(root)
    code, _, err = run_cli("baseline", ".")
    assert code == 0, err
    _, whole = check_json(run_cli)
    _, staged = check_json(run_cli, "shop/api.py")
    private = [f for f in staged["findings"] if f["subject"] == "shop.api -> billing.rates"]
    assert private and not any(f["new"] for f in private)
    assert staged["summary"]["new"] == whole["summary"]["new"] == 0
