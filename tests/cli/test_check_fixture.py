"""End to end: ``archfit check`` on the chatapp fixture."""

from __future__ import annotations

from typing import Any

from tests.conftest import FIXTURES, check_json

CHATAPP = str(FIXTURES / "chatapp")


def test_broken_contracts_exit_1_and_name_their_chains(run_cli: Any) -> None:
    code, doc = check_json(run_cli, CHATAPP)
    assert code == 1
    verdicts = {c["id"]: c["kept"] for c in doc["contracts"]}
    assert verdicts == {"layering": False, "domain-pure": False, "broadcast-alone": True}
    forbidden = next(f for f in doc["findings"] if f["code"] == "CON002")
    assert forbidden["subject"] == "chatapp.domain -> redis"
    steps = [(s["importer"], s["imported"], s["path"], s["lines"]) for s in forbidden["chains"][0]]
    assert steps == [
        (
            "chatapp.domain.service",
            "chatapp.persistence.repo",
            "src/chatapp/domain/service.py",
            [3],
        ),
        ("chatapp.persistence.repo", "redis", "src/chatapp/persistence/repo.py", [2]),
    ]
    assert "chatapp.domain.service -> chatapp.persistence.repo -> redis" in forbidden["message"]


def test_json_document_has_the_spec_shape(run_cli: Any) -> None:
    _, doc = check_json(run_cli, CHATAPP)
    assert doc["schema_version"] == 1
    assert doc["tool"]["name"] == "archfit"
    assert set(doc["summary"]) >= {
        "files",
        "modules",
        "errors",
        "warnings",
        "infos",
        "new",
        "baselined",
        "fixed",
    }
    keys = {
        "code",
        "name",
        "severity",
        "message",
        "path",
        "line",
        "column",
        "subject",
        "source",
        "fingerprint",
        "new",
    }
    for finding in doc["findings"]:
        assert keys <= set(finding)
    order = [(f["path"], f["line"], f["code"]) for f in doc["findings"]]
    assert order == sorted(order)


def test_text_output_groups_by_contract_and_prints_how_to_fix(run_cli: Any) -> None:
    code, out, _ = run_cli("check", CHATAPP)
    assert code == 1
    assert "BROKEN API above domain above persistence" in out
    assert "how to fix: Persistence returns plain rows" in out
    assert "KEPT" in out and "\x1b[" not in out  # no colour when not on a terminal


def test_nothing_to_analyse_is_said_not_silently_passed(tmp_path: Any, run_cli: Any) -> None:
    code, out, _ = run_cli("check", str(tmp_path))
    assert code == 0 and "warning: no Python files found" in out
    (tmp_path / "__init__.py").write_text("")
    (tmp_path / "mod.py").write_text("import os\n")
    code, out, _ = run_cli("check", str(tmp_path))
    assert "is itself a package: run archfit on the folder that contains it" in out
