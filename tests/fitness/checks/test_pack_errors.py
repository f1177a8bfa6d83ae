"""A team pack with an unknown check, a duplicate code or a bad param: exit 2, file and line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.fitness.checks.repo import make_repo

RULE = (
    "  - code: {code}\n    name: {name}\n    check: {check}\n    severity: warning\n"
    "    params:\n      {param}\n    why: w\n    how_to_fix: h\n"
)


def _run(tmp_path: Path, run_cli: Any, **rule: str) -> tuple[int, str]:
    values = {"code": "TEAM001", "name": "team-rule", "check": "max-cyclomatic"}
    values["param"] = "threshold: 12"
    values.update(rule)
    root = make_repo(tmp_path, {"tpshop/__init__.py": ""}, 'packs = ["team.yaml"]\n')
    (root / "team.yaml").write_text("pack: team\nrules:\n" + RULE.format(**values))
    code, _, err = run_cli("check", str(root))
    return code, err


def test_a_valid_team_pack_runs(tmp_path: Path, run_cli: Any) -> None:
    assert _run(tmp_path, run_cli)[0] == 0


@pytest.mark.parametrize(
    ("rule", "line", "words"),
    [
        ({"check": "no-such-check"}, 5, "unknown check 'no-such-check'"),
        ({"param": "threshold: high"}, 8, "parameter 'threshold' must be integer"),
        ({"param": "limit: 3"}, 8, "unknown parameter 'limit'"),
        ({"code": "INP001"}, 3, "duplicate rule 'INP001'"),
        ({"name": "parse-error"}, 3, "duplicate rule 'parse-error'"),
    ],
)
def test_broken_team_pack_is_a_config_error(
    tmp_path: Path, run_cli: Any, rule: dict[str, str], line: int, words: str
) -> None:
    code, err = _run(tmp_path, run_cli, **rule)
    assert code == 2
    assert f"team.yaml:{line}" in err and words in err


def test_a_code_duplicated_across_packs(tmp_path: Path, run_cli: Any) -> None:
    root = make_repo(
        tmp_path, {"tpshop/__init__.py": ""}, 'packs = ["complexity-budget", "team.yaml"]\n'
    )
    values = {"code": "CBX001", "name": "mine", "check": "max-cyclomatic", "param": "threshold: 3"}
    (root / "team.yaml").write_text("pack: team\nrules:\n" + RULE.format(**values))
    code, _, err = run_cli("check", str(root))
    assert code == 2 and "team.yaml:3" in err and "duplicate rule 'CBX001'" in err
    assert "complexity-budget" in err
