"""End to end: ``archfit adr list/check/show/new/explain`` and ``check`` with FILES."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from fitness.adr.load import read_adr
from tests.conftest import FIXTURES

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_FORMATS = {"issue": "issue", "guide": "guide", "madr": "madr3", "nygard": "nygard"}


@pytest.fixture
def drift(tmp_path: Path) -> Path:
    """A copy of fixtures/adrdrift (nothing is ever written into fixtures/)."""
    repo = tmp_path / "adrdrift"
    shutil.copytree(FIXTURES / "adrdrift", repo, ignore=shutil.ignore_patterns(".archfit_cache"))
    return repo


def test_list_table(drift: Path, run_cli: Any) -> None:
    code, out, err = run_cli("adr", "list", str(drift), "--no-cache")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].split() == ["number", "title", "status", "date", "rules", "violations"]
    rows = {line.split()[0]: line for line in lines[1:]}
    assert set(rows) == {"1", "2", "3", "4", "5"}
    assert rows["2"].split()[-4:] == ["accepted", "2026-01-11", "1", "1"]
    assert "The domain does not touch the store" in rows["2"]
    assert rows["3"].split()[-4:-2] == ["superseded", "2025-06-01"]


def test_list_json(drift: Path, run_cli: Any) -> None:
    code, out, _ = run_cli("adr", "list", str(drift), "--format", "json", "--no-cache")
    assert code == 0  # violations never fail `adr list`
    adrs = {a["id"]: a for a in json.loads(out)["adrs"]}
    assert adrs["ADR-0002"] == {
        "id": "ADR-0002",
        "number": 2,
        "title": "The domain does not touch the store",
        "status": "accepted",
        "date": "2026-01-11",
        "path": "docs/adr/0002-domain-without-store.md",
        "rules": 1,
        "violations": 1,
    }
    assert adrs["ADR-0004"]["status"] == "proposed" and adrs["ADR-0004"]["violations"] == 1


def test_list_on_archfits_own_adrs(run_cli: Any) -> None:
    code, out, err = run_cli("adr", "list", str(ROOT), "--format", "json")
    assert code == 0, err
    adrs = json.loads(out)["adrs"]
    assert len(adrs) >= 10 and all(a["status"] == "accepted" for a in adrs)
    assert [a["number"] for a in adrs] == sorted(a["number"] for a in adrs)
    code, table, _ = run_cli("adr", "list", str(ROOT))
    assert code == 0 and table.splitlines()[1].split()[0] == "1"


def test_check_exit_codes_and_adr_findings_only(drift: Path, run_cli: Any) -> None:
    code, out, _ = run_cli("adr", "check", str(drift), "--format", "json", "--no-cache")
    assert code == 1  # ADR-0002 is accepted and broken
    document = json.loads(out)
    assert {f["code"][:3] for f in document["findings"]} == {"ADR"}
    assert all(c["source"]["kind"] == "adr" for c in document["contracts"])
    code, text, _ = run_cli("adr", "check", str(drift), "--no-cache")
    assert code == 1 and "BROKEN ADR-0002" in text
    (drift / "docs" / "adr" / "0002-domain-without-store.md").unlink()
    code, _, _ = run_cli("adr", "check", str(drift), "--no-cache")
    assert code == 0  # only ADR-0004 (proposed: a warning) is left broken


def test_check_usage_and_config_errors_exit_2(drift: Path, run_cli: Any) -> None:
    (drift / "pyproject.toml").write_text('[tool.archfit]\nroot_packages = "x" = 1\n')
    assert run_cli("adr", "check", str(drift))[0] == 2
    assert run_cli("adr", "check", str(drift / "missing"))[0] == 2
    assert run_cli("adr", "list", str(drift), "--format", "xml")[0] == 2


def test_show_one_adr_with_its_drift(drift: Path, run_cli: Any) -> None:
    code, out, _ = run_cli("adr", "show", "2", str(drift), "--no-cache")
    assert code == 0  # a violation does not fail `adr show`
    assert out.startswith("ADR-0002: The domain does not touch the store")
    assert "line 9: forbid: decidr.domain -> decidr.store" in out
    assert "decidr/domain.py:3 ADR001" in out
    code, out, _ = run_cli("adr", "show", "ADR-0002", str(drift), "--format", "json", "--no-cache")
    adr = json.loads(out)["adr"]
    assert (adr["id"], adr["format"], adr["fields"]["status"]) == (
        "ADR-0002",
        "guide",
        "accepted (Accepted)",
    )
    assert adr["declared_rules"] == [{"line": 9, "rule": "forbid: decidr.domain -> decidr.store"}]
    assert [(d["code"], d["path"], d["line"]) for d in adr["drift"]] == [
        ("ADR001", "decidr/domain.py", 3)
    ]
    code, _, err = run_cli("adr", "show", "42", str(drift), "--no-cache")
    assert code == 2 and "no ADR '42'" in err


@pytest.mark.parametrize("template", sorted(TEMPLATE_FORMATS))
def test_new_from_each_template(template: str, drift: Path, run_cli: Any) -> None:
    title = "Use Redis for pub/sub: a trial"
    code, out, err = run_cli("adr", "new", title, str(drift), "--template", template)
    assert code == 0, err
    written = Path(out.strip())
    assert written == drift / "docs" / "adr" / "0006-use-redis-for-pub-sub-a-trial.md"
    adr = read_adr(str(drift), "docs/adr/0006-use-redis-for-pub-sub-a-trial.md")
    assert (adr.number, adr.id, adr.title) == (6, "ADR-0006", title)
    assert adr.format == TEMPLATE_FORMATS[template] and adr.issues == ()
    assert adr.status in ("proposed", "unknown")  # the issue template has no status until chosen


def test_new_defaults_to_the_format_most_adrs_use_and_pads_like_them(
    tmp_path: Path, run_cli: Any
) -> None:
    folder = tmp_path / "doc" / "decisions"
    folder.mkdir(parents=True)
    for number in (1, 9):
        (folder / f"{number:03d}-x{number}.md").write_text(
            f"# X{number}\n\n## Status\n\nAccepted\n"
        )
    code, out, _ = run_cli("adr", "new", "Third One", str(tmp_path))
    assert code == 0
    assert Path(out.strip()) == folder / "010-third-one.md"
    assert read_adr(str(tmp_path), "doc/decisions/010-third-one.md").format == "nygard"


def test_new_creates_docs_adr_with_the_guides_template(tmp_path: Path, run_cli: Any) -> None:
    code, out, _ = run_cli("adr", "new", "First Decision!", str(tmp_path))
    assert code == 0
    assert Path(out.strip()) == tmp_path / "docs" / "adr" / "0001-first-decision.md"
    adr = read_adr(str(tmp_path), "docs/adr/0001-first-decision.md")
    assert (adr.format, adr.title, adr.status) == ("guide", "First Decision!", "proposed")
    assert run_cli("adr", "new", "  ", str(tmp_path))[0] == 2


def test_explain_by_rule_scope_and_reference(drift: Path, run_cli: Any) -> None:
    code, out, _ = run_cli("adr", "explain", str(drift / "decidr" / "domain.py"), str(drift))
    assert code == 0
    assert out.splitlines()[0] == "Decisions governing decidr/domain.py:"
    assert "ADR-0001 [accepted]" in out and "ADR-0002 [accepted]" in out
    assert "rule `forbid: decidr.domain -> decidr.store` (line 9)" in out
    assert "references `decidr.domain` (line 8)" in out
    assert "ADR-0003" not in out  # superseded: inactive, never listed
    code, out, _ = run_cli(
        "adr", "explain", str(drift / "decidr" / "store.py"), str(drift), "--format", "json"
    )
    assert code == 0 and json.loads(out)["adrs"] == []  # forbid governs the importer only


def test_explain_by_affects_glob_accepted_before_proposed(tmp_path: Path, run_cli: Any) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "jobs.py").write_text("")
    (tmp_path / "pyproject.toml").write_text('[tool.archfit]\nroot_packages = ["pkg"]\n')
    folder = tmp_path / "docs" / "adr"
    folder.mkdir(parents=True)
    (folder / "0001-a.md").write_text(
        "# ADR-0001: Proposed first\n\n**Status**: Proposed\n\n```fitness\naffects: pkg/**\n```\n"
    )
    (folder / "0002-b.md").write_text(
        "---\nstatus: accepted\naffects: [pkg/jobs.py]\n---\n\n# Accepted second\n"
    )
    code, out, _ = run_cli("adr", "explain", str(tmp_path / "pkg" / "jobs.py"), str(tmp_path))
    assert code == 0
    lines = out.splitlines()
    assert lines[1].startswith("  ADR-0002 [accepted]") and "affects `pkg/jobs.py`" in lines[2]
    assert lines[3].startswith("  ADR-0001 [proposed]") and "affects `pkg/**`" in lines[4]


def test_check_with_files_prints_the_governing_accepted_decisions(
    drift: Path, run_cli: Any
) -> None:
    changed = str(drift / "decidr" / "domain.py")
    code, out, _ = run_cli("check", str(drift), changed, "--no-cache", "--no-baseline")
    assert code == 1
    block = out[out.index("Decisions governing these files") :]
    assert "ADR-0002 The domain does not touch the store" in block
    assert "ADR-0001" in block and "ADR-0004" not in block  # accepted only
    code, out, _ = run_cli(
        "check", str(drift), changed, "--format", "json", "--no-cache", "--no-baseline"
    )
    governing = [a["id"] for a in json.loads(out)["governing_adrs"]]
    assert governing == ["ADR-0001", "ADR-0002"]
    code, out, _ = run_cli("check", str(drift), "--format", "json", "--no-cache", "--no-baseline")
    assert "governing_adrs" not in json.loads(out)  # only with FILES
