"""CBX003 package-budget: [tool.archfit.budgets] per package, complexity and SLOC."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.fitness.checks.repo import findings, found, make_repo

FILES = {
    "pbshop/__init__.py": "",
    "pbshop/domain/__init__.py": "",
    "pbshop/domain/model.py": "def a(x):\n    if x:\n        return 1\n    return 2\n",
    "pbshop/domain/rules.py": "def b(x):\n    return 3 if x else 4\n",
    "pbshop/api.py": "def c(x):\n    if x:\n        return 5\n    return 6\n",
}


def _budget(root: Path, line: str) -> Path:
    return make_repo(root, FILES, f"[tool.archfit.budgets]\n{line}\n")


def test_a_package_over_its_complexity_budget(tmp_path: Path, run_cli: Any) -> None:
    [finding] = findings(run_cli, _budget(tmp_path, '"pbshop.domain" = { complexity = 3 }'), "CBX")
    assert (finding["code"], finding["subject"]) == ("CBX003", "pbshop.domain")
    assert finding["severity"] == "error"
    assert "complexity 4 (budget 3)" in finding["message"]


def test_a_package_within_its_budget(tmp_path: Path, run_cli: Any) -> None:
    line = '"pbshop.domain" = { complexity = 4, sloc = 100 }'
    assert found(run_cli, _budget(tmp_path, line), "CBX003") == []


def test_sloc_budget_and_unknown_package(tmp_path: Path, run_cli: Any) -> None:
    root = _budget(tmp_path, '"pbshop" = { sloc = 5 }\n"pbshop.gone" = { sloc = 5 }')
    assert found(run_cli, root, "CBX003") == [
        ("CBX003", "pbshop"),
        ("CBX003", "pbshop.gone"),
    ]


def test_budget_rule_can_be_turned_off(tmp_path: Path, run_cli: Any) -> None:
    root = _budget(tmp_path, '"pbshop.domain" = { complexity = 1 }')
    text = (root / "pyproject.toml").read_text() + '[tool.archfit.rules]\nCBX003 = "off"\n'
    (root / "pyproject.toml").write_text(text)
    assert found(run_cli, root, "CBX003") == []
