"""Every machine output of every fixture fits its published shape.

``check`` (json, gitlab, junit), ``metrics --format json`` and ``graph --format json`` on each
fixture; ``adr list``/``adr show`` on the ADR fixtures; a baseline file and ``report`` on a
copy of chatapp. JSON is validated against the schemas archfit ships, JUnit against the XSD.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.cli.gitrepo import fixture_repo
from tests.conftest import FIXTURES, REPO
from tests.schema_check import errors, junit_errors

ALL = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir())


def _run(run_cli: Any, *args: str) -> str:
    code, out, err = run_cli(*args)
    assert code in (0, 1), err
    return str(out)


@pytest.mark.parametrize("fixture", ALL)
def test_every_fixtures_outputs_fit_their_schemas(run_cli: Any, fixture: str) -> None:
    path = str(FIXTURES / fixture)  # --no-cache: nothing is ever written into fixtures/
    check = json.loads(_run(run_cli, "check", path, "--format", "json", "--no-cache"))
    gitlab = json.loads(_run(run_cli, "check", path, "--format", "gitlab", "--no-cache"))
    junit = _run(run_cli, "check", path, "--format", "junit", "--no-cache")
    metrics = json.loads(_run(run_cli, "metrics", path, "--format", "json", "--no-cache"))
    graph = json.loads(_run(run_cli, "graph", path, "--format", "json", "--no-cache"))
    found = errors("check", check) + errors("gitlab", gitlab) + junit_errors(junit)
    found += errors("metrics", metrics) + errors("graph", graph)
    assert found == []
    new = [f for f in check["findings"] if f["new"]]
    assert len(gitlab) == len(new)  # one issue per reported finding
    assert junit.count("<failure ") == len(new)


@pytest.mark.parametrize("where", ["adrdrift", "archfit"])
def test_adr_list_and_show_fit_their_schemas(run_cli: Any, where: str) -> None:
    """The drift fixture's ADRs (every one shown) and archfit's own (the first shown)."""
    path = str(FIXTURES / where if where != "archfit" else REPO)
    listed = json.loads(_run(run_cli, "adr", "list", path, "--format", "json", "--no-cache"))
    assert listed["adrs"] and errors("adr-list", listed) == []
    for adr in listed["adrs"][:1] if where == "archfit" else listed["adrs"]:
        args = ("adr", "show", adr["id"], path, "--format", "json", "--no-cache")
        assert errors("adr-show", json.loads(_run(run_cli, *args))) == []


def test_a_baseline_file_and_the_report_fit_their_schemas(run_cli: Any, tmp_path: Path) -> None:
    repo = fixture_repo(tmp_path, "chatapp")
    _run(run_cli, "baseline", str(repo))
    baseline = json.loads((repo / ".archfit-baseline.json").read_text())
    assert baseline["findings"] and errors("baseline", baseline) == []
    report = json.loads(_run(run_cli, "report", str(repo), "--format", "json"))
    assert errors("report", report) == []


def test_a_schema_catches_a_renamed_key(run_cli: Any, tmp_path: Path) -> None:
    """The schemas are strict enough to matter: a dropped key or a wrong type is reported."""
    shutil.copytree(FIXTURES / "cycleshop", tmp_path / "cycleshop")
    check = json.loads(_run(run_cli, "check", str(tmp_path / "cycleshop"), "--format", "json"))
    finding = check["findings"][0]
    finding["rule"] = finding.pop("code")
    check["summary"]["errors"] = "0"
    found = errors("check", check)
    assert any("'code' is a required property" in e for e in found), found
    assert any("summary/errors" in e for e in found), found


@pytest.mark.realcode
def test_djangos_outputs_fit_their_schemas(run_cli: Any) -> None:
    """Django 5.2.8: check (json, gitlab, junit), metrics and graph, as on the fixtures.

    Cost: five runs over Django; 55 s wall (24 s CPU) measured on the shared 2-core machine.
    """
    from tests.realcode import django_root

    root = str(django_root())
    check = json.loads(_run(run_cli, "check", root, "--format", "json"))
    gitlab = json.loads(_run(run_cli, "check", root, "--format", "gitlab"))
    junit = _run(run_cli, "check", root, "--format", "junit")
    metrics = json.loads(_run(run_cli, "metrics", root, "--format", "json"))
    graph = json.loads(_run(run_cli, "graph", root, "--format", "json"))
    found = errors("check", check) + errors("gitlab", gitlab) + junit_errors(junit)
    found += errors("metrics", metrics) + errors("graph", graph)
    assert found == []
    assert len(gitlab) == sum(f["new"] for f in check["findings"]) > 100
    assert len(metrics["modules"]) > 800
    assert all(m["halstead"] is not None and m["raw"] is not None for m in metrics["modules"])
