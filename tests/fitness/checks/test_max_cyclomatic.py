"""CBX001 max-cyclomatic: function complexity over a threshold; overrides by code and name."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.fitness.checks.repo import findings, found, make_repo


def _branchy(branches: int) -> str:
    lines = "".join(f"    if x == {i}:\n        return {i}\n" for i in range(branches))
    return f"def pick(x):\n{lines}    return -1\n"


def _repo(root: Path, branches: int, config: str = "") -> Path:
    files = {"mcshop/__init__.py": "", "mcshop/rules.py": _branchy(branches)}
    return make_repo(root, files, config)


def test_complexity_11_is_reported_as_an_error(tmp_path: Path, run_cli: Any) -> None:
    [finding] = findings(run_cli, _repo(tmp_path, 10), "CBX001")
    assert (finding["code"], finding["subject"]) == ("CBX001", "mcshop.rules.pick")
    assert finding["severity"] == "error" and finding["line"] == 1
    assert "complexity 11 (threshold 10)" in finding["message"]


def test_complexity_10_is_fine(tmp_path: Path, run_cli: Any) -> None:
    assert found(run_cli, _repo(tmp_path, 9), "CBX001") == []


def test_threshold_override_by_name(tmp_path: Path, run_cli: Any) -> None:
    config = "[tool.archfit.rules]\nmax-cyclomatic = { threshold = 20 }\n"
    assert found(run_cli, _repo(tmp_path, 15, config), "CBX001") == []
    config = "[tool.archfit.rules]\nCBX001 = { threshold = 5 }\n"
    assert found(run_cli, _repo(tmp_path, 6, config), "CBX001") == [("CBX001", "mcshop.rules.pick")]


def test_off_and_severity_overrides(tmp_path: Path, run_cli: Any) -> None:
    off = '[tool.archfit.rules]\nmax-cyclomatic = "off"\n'
    assert found(run_cli, _repo(tmp_path, 12, off), "CBX001") == []
    info = '[tool.archfit.rules]\nCBX001 = "info"\n'
    [finding] = findings(run_cli, _repo(tmp_path, 12, info), "CBX001")
    assert finding["severity"] == "info"


def test_tests_are_judged_only_when_asked(tmp_path: Path, run_cli: Any) -> None:
    files = {"mctest/__init__.py": "", "tests/test_x.py": _branchy(12)}
    root = make_repo(tmp_path, files, 'root_packages = ["mctest", "tests"]\n')
    (root / "pyproject.toml").write_text('[tool.archfit]\nroot_packages = ["mctest", "tests"]\n')
    (root / "tests" / "__init__.py").write_text("")
    assert found(run_cli, root, "CBX001") == []
    (root / "pyproject.toml").write_text(
        '[tool.archfit]\nroot_packages = ["mctest", "tests"]\n'
        "[tool.archfit.rules]\nmax-cyclomatic = { include_tests = true }\n"
    )
    assert found(run_cli, root, "CBX001") == [("CBX001", "tests.test_x.pick")]


def test_a_non_integer_threshold_is_a_config_error(tmp_path: Path, run_cli: Any) -> None:
    config = '[tool.archfit.rules]\nmax-cyclomatic = { threshold = "high" }\n'
    code, _, err = run_cli("check", str(_repo(tmp_path, 3, config)))
    assert code == 2
    assert "pyproject.toml:4" in err and "threshold" in err and "integer" in err
