"""End to end: the ratcheting baseline in a temporary git repo built from fixtures/chatapp."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.cli.gitrepo import edit, fixture_repo
from tests.conftest import check_json

REPO_PY = "src/chatapp/persistence/repo.py"
NEW_IMPORT = "src/chatapp/persistence/extra.py"


def _baselined_repo(tmp_path: Path, run_cli: Any) -> Path:
    repo = fixture_repo(tmp_path, "chatapp")
    code, out, _ = run_cli("baseline", str(repo))
    assert code == 0 and "2 findings" in out
    return repo


def test_baseline_file_is_sorted_one_entry_per_line_without_lines(
    tmp_path: Path, run_cli: Any
) -> None:
    repo = _baselined_repo(tmp_path, run_cli)
    text = (repo / ".archfit-baseline.json").read_text()
    entries = [line for line in text.splitlines() if line.strip().startswith('{"code"')]
    assert [json.loads(e.rstrip(","))["code"] for e in entries] == ["CON001", "CON002"]
    assert '"line"' not in text
    assert json.loads(text)["findings"][1]["subject"] == "chatapp.domain -> redis"


def test_baseline_survives_lines_moved_within_a_file(tmp_path: Path, run_cli: Any) -> None:
    repo = _baselined_repo(tmp_path, run_cli)
    moved = '"""Storing messages."""\n\n# moved\n\n\nimport redis\n\n\n'
    original = (repo / REPO_PY).read_text()
    edit(repo, REPO_PY, original.replace('"""Storing messages."""\nimport redis\n', moved))
    code, doc = check_json(run_cli, str(repo))
    assert code == 0
    assert doc["summary"]["new"] == 0 and doc["summary"]["baselined"] == 2
    assert [f["line"] for f in doc["findings"] if f["path"] == REPO_PY] == [10]


def test_a_new_violation_fails_and_only_it_is_new(tmp_path: Path, run_cli: Any) -> None:
    repo = _baselined_repo(tmp_path, run_cli)
    edit(repo, NEW_IMPORT, '"""Reaches up."""\nimport chatapp.api.views\n')
    code, doc = check_json(run_cli, str(repo))
    assert code == 1
    new = [f["subject"] for f in doc["findings"] if f["new"]]
    assert new == ["chatapp.persistence -> chatapp.api"]
    assert (doc["summary"]["new"], doc["summary"]["baselined"]) == (1, 2)


def test_a_fix_shows_then_strict_fails_then_a_ratchet_passes(tmp_path: Path, run_cli: Any) -> None:
    repo = _baselined_repo(tmp_path, run_cli)
    edit(repo, REPO_PY, '"""Storing."""\nfrom chatapp.domain.model import Message\n')
    code, out, _ = run_cli("check", str(repo))
    assert code == 0
    assert "CON002 chatapp.domain -> redis (x1)" in out
    assert "would shrink the baseline by 1 finding" in out
    assert "0 new, 1 baselined, 1 fixed" in out
    _, doc = check_json(run_cli, str(repo))
    assert [e["subject"] for e in doc["baseline"]["fixed"]] == ["chatapp.domain -> redis"]
    assert run_cli("check", "--strict-baseline", str(repo))[0] == 1
    code, out, _ = run_cli("baseline", str(repo))
    assert code == 0 and "1 finding (-1)" in out
    assert run_cli("check", "--strict-baseline", str(repo))[0] == 0


def test_the_ratchet_never_adds_new_findings_unless_updating(tmp_path: Path, run_cli: Any) -> None:
    repo = _baselined_repo(tmp_path, run_cli)
    edit(repo, NEW_IMPORT, '"""Reaches up."""\nimport chatapp.api.views\n')
    run_cli("baseline", str(repo))
    assert run_cli("check", str(repo))[0] == 1
    run_cli("baseline", "--update", str(repo))
    assert run_cli("check", str(repo))[0] == 0


def test_no_baseline_and_another_file(tmp_path: Path, run_cli: Any) -> None:
    repo = _baselined_repo(tmp_path, run_cli)
    assert run_cli("check", "--no-baseline", str(repo))[0] == 1
    other = tmp_path / "elsewhere.json"
    assert run_cli("check", "--baseline", str(other), str(repo))[0] == 1
    run_cli("baseline", "--baseline", str(other), str(repo))
    assert other.is_file()
    assert run_cli("check", "--baseline", str(other), "--no-cache", str(repo))[0] == 0


def test_a_malformed_baseline_is_a_config_error_with_file_and_line(
    tmp_path: Path, run_cli: Any
) -> None:
    repo = _baselined_repo(tmp_path, run_cli)
    path = repo / ".archfit-baseline.json"
    path.write_text('{"schema_version": 1,\n "findings": [\n  {"code": 7}\n ]}\n')
    code, _, err = run_cli("check", str(repo))
    assert code == 2
    assert ".archfit-baseline.json:3: an entry needs code, subject and source" in err
    path.write_text('{"schema_version": 1,\n "findings": [\n')
    code, _, err = run_cli("check", str(repo))
    assert code == 2 and ".archfit-baseline.json:3: invalid baseline" in err


MIGRATION = """
[[tool.archfit.contracts]]
id = "redis-to-kafka"
name = "From redis to kafka"
type = "migration"
from = ["redis"]
to = ["kafka"]
"""


def test_a_migration_that_grows_fails_with_con008(tmp_path: Path, run_cli: Any) -> None:
    repo = fixture_repo(tmp_path, "chatapp")
    pyproject = repo / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + MIGRATION)
    assert run_cli("check", "--select", "CON008", str(repo))[0] == 0  # no baseline yet: kept
    run_cli("baseline", str(repo))
    recorded = json.loads((repo / ".archfit-baseline.json").read_text())["migrations"]
    assert recorded == [{"contract": "redis-to-kafka", "remaining": 2}]
    edit(repo, "src/chatapp/broadcast/more.py", '"""More."""\nimport redis.client\n')
    code, doc = check_json(run_cli, str(repo))
    assert code == 1
    grown = [f for f in doc["findings"] if f["code"] == "CON008"]
    assert [(f["subject"], f["new"], f["path"]) for f in grown] == [
        ("redis-to-kafka", True, "pyproject.toml")
    ]
    assert "3 remaining usages, the baseline records 2" in grown[0]["message"]
    (repo / "src/chatapp/broadcast/more.py").unlink()
    (repo / "src/chatapp/broadcast/pubsub.py").write_text('"""Nothing left."""\n')
    code, out, _ = run_cli("check", str(repo))
    assert code == 0 and "migration redis-to-kafka: 2 -> 1 remaining usages" in out
    run_cli("baseline", str(repo))
    recorded = json.loads((repo / ".archfit-baseline.json").read_text())["migrations"]
    assert recorded == [{"contract": "redis-to-kafka", "remaining": 1}]


ADR_MIGRATION = """# ADR-0001: Move from redis to kafka

**Status**: Accepted
**Date**: 2026-11-01

## Decision

We move to kafka.

```fitness
migrate: redis -> kafka in chatapp
```

## Review Date

2099-11-01
"""


def test_a_migration_declared_in_an_adr_that_grows_fails_with_adr008(
    tmp_path: Path, run_cli: Any
) -> None:
    repo = fixture_repo(tmp_path, "chatapp")
    edit(repo, "docs/adr/0001-kafka.md", ADR_MIGRATION)
    run_cli("baseline", str(repo))
    assert run_cli("check", str(repo))[0] == 0
    edit(repo, "src/chatapp/broadcast/more.py", '"""More."""\nimport redis\n')
    code, doc = check_json(run_cli, str(repo))
    assert code == 1
    new = [(f["code"], f["path"], f["new"]) for f in doc["findings"] if f["new"]]
    assert new == [("ADR008", "docs/adr/0001-kafka.md", True)]


def test_gitlab_and_junit_leave_baselined_findings_out_unless_asked(
    tmp_path: Path, run_cli: Any
) -> None:
    repo = _baselined_repo(tmp_path, run_cli)
    code, out, _ = run_cli("check", str(repo), "--format", "gitlab")
    assert (code, json.loads(out)) == (0, [])
    code, out, _ = run_cli("check", str(repo), "--format", "gitlab", "--include-baselined")
    assert len(json.loads(out)) == 2
    code, out, _ = run_cli("check", str(repo), "--format", "junit")
    assert 'failures="0"' in out.split("\n")[1]
    code, out, _ = run_cli("check", str(repo), "--format", "junit", "--include-baselined")
    assert out.count("<failure ") == 2 and "(baselined)" in out
