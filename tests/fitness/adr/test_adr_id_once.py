"""An ADR's id is printed once in every text output (issue 14): a contract an ADR rule declares
is named ``ADR-0001 forbid: a -> b``, and its made-up id ``ADR-0001:forbid: a -> b`` only
restates that name, so text shows the name alone. A contract given its own id in an ADR keeps
``[type: id]``; JSON keeps every field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.fitness.adr.test_drift import FENCE, accepted

BLOCK = """\
forbid: drifty.a -> drifty.b
layers: drifty.a > drifty.b
require-dep: attrs
contracts:
  - id: a-off-b
    name: A stays off B
    type: forbidden
    source_modules: [drifty.a]
    forbidden_modules: [drifty.b]"""
ADR = accepted("ADR-0001: A off B", FENCE.format(BLOCK))
REQUIRED_AT = f"docs/adr/0001-a.md:{ADR.splitlines().index('require-dep: attrs') + 1}"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """drifty.a imports drifty.b on line 2; ADR-0001 forbids it twice (shorthand, and a full
    contract with its own id), layers the two (kept) and requires attrs (never imported)."""
    (tmp_path / "drifty").mkdir()
    (tmp_path / "drifty" / "__init__.py").write_text('"""Drifty."""\n')
    (tmp_path / "drifty" / "a.py").write_text('"""A."""\nimport drifty.b\n')
    (tmp_path / "drifty" / "b.py").write_text('"""B."""\n')
    (tmp_path / "pyproject.toml").write_text(
        '[tool.archfit]\nroot_packages = ["drifty"]\npacks = []\n'
    )
    (tmp_path / "docs" / "adr").mkdir(parents=True)
    (tmp_path / "docs" / "adr" / "0001-a.md").write_text(ADR)
    return tmp_path


def test_check_text_names_each_adr_contract_once(repo: Path, run_cli: Any) -> None:
    code, out, _ = run_cli("check", "--no-cache", str(repo))
    assert code == 1
    lines = out.splitlines()
    assert "BROKEN ADR-0001 forbid: drifty.a -> drifty.b [forbidden] 1 violation" in lines
    assert "KEPT   ADR-0001 layers: drifty.a > drifty.b [layers]" in lines
    assert "BROKEN A stays off B [forbidden: a-off-b] 1 violation" in lines
    assert [line for line in lines if line.count("ADR-0001") > 1] == []
    assert "ADR-0001:" not in out  # neither the made-up id nor the messages' prefix
    # An ADR violation's subject is the ADR's id, which the contract's line already shows.
    head = lines.index("BROKEN ADR-0001 forbid: drifty.a -> drifty.b [forbidden] 1 violation")
    assert lines[head + 1 : head + 3] == ["    drifty/a.py:2", "        drifty.a -> drifty.b"]
    required = lines.index("BROKEN ADR-0001 require-dep: attrs [external] 1 violation")
    assert lines[required + 1] == f"    {REQUIRED_AT}"
    assert lines[required + 2].startswith(f"        A off B ({REQUIRED_AT}) declares")


def test_junit_and_the_report_name_each_adr_contract_once(repo: Path, run_cli: Any) -> None:
    _, junit, _ = run_cli("check", "--no-cache", "--format", "junit", str(repo))
    assert 'name="contract ADR-0001 forbid: drifty.a -&gt; drifty.b"' in junit
    assert 'name="contract a-off-b: A stays off B"' in junit
    code, report, _ = run_cli("report", "--no-cache", "--format", "md", str(repo))
    assert code == 0
    assert (
        "**Broken contract: ADR-0001 forbid: drifty.a -&gt; drifty.b**: 1 violation of " in report
    )
    assert "1 violation of forbidden contract a-off-b (" in report
    assert "#### Contract ADR-0001 layers: drifty.a &gt; drifty.b (kept)" in report
    assert "ADR-0001:" not in report.replace("`ADR-0001`: ADR", "")  # the drift list's own key


def test_json_keeps_the_id_and_the_whole_message(repo: Path, run_cli: Any) -> None:
    _, out, _ = run_cli("check", "--no-cache", "--format", "json", str(repo))
    document = json.loads(out)
    ids = {c["id"] for c in document["contracts"]}
    assert "ADR-0001:forbid: drifty.a -> drifty.b" in ids and "a-off-b" in ids
    messages = [f["message"] for f in document["findings"]]
    assert all(m.startswith("ADR-0001: A off B (docs/adr/0001-a.md:") for m in messages)
