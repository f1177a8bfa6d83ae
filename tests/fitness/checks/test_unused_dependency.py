"""ARC005 unused-dependency: declared runtime distributions nothing imports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.conftest import FIXTURES
from tests.fitness.checks.repo import findings, found, make_repo

CONFIG = (
    '\n[project]\nname = "x"\ndependencies = ["PyYAML", "python-dateutil"]\n'
    '[project.optional-dependencies]\ndev = ["ruff"]\nimages = ["Pillow"]\n'
)


def _repo(root: Path, imports: str, config: str = CONFIG) -> Path:
    return make_repo(root, {"unshop/__init__.py": "", "unshop/io.py": imports}, config)


def test_depshop_click_is_unused(run_cli: Any) -> None:
    [finding] = findings(run_cli, FIXTURES / "depshop", "ARC005")
    assert (finding["code"], finding["subject"]) == ("ARC005", "click")
    assert finding["path"] == "pyproject.toml" and finding["line"] == 8


def test_every_declared_runtime_dependency_imported(tmp_path: Path, run_cli: Any) -> None:
    """Dev extras (ruff) are tools, never reported; dateutil is python-dateutil."""
    imports = "import yaml\nfrom dateutil import parser\nfrom PIL import Image\n"
    assert found(run_cli, _repo(tmp_path, imports), "ARC005") == []


def test_an_unused_extra_is_reported(tmp_path: Path, run_cli: Any) -> None:
    imports = "import yaml\nfrom dateutil import parser\n"
    assert found(run_cli, _repo(tmp_path, imports), "ARC005") == [("ARC005", "pillow")]


def test_ignore_param(tmp_path: Path, run_cli: Any) -> None:
    config = CONFIG + '[tool.archfit.rules]\nARC005 = { ignore = ["Pillow"] }\n'
    imports = "import yaml\nfrom dateutil import parser\n"
    assert found(run_cli, _repo(tmp_path, imports, config), "ARC005") == []


def test_the_dependency_rules_share_one_usage_pass(run_cli: Any, monkeypatch: Any) -> None:
    from fitness.checks import dependencies

    calls: list[str] = []
    real = dependencies._usage

    def counting(facts: Any, params: Any, options: Any) -> Any:
        calls.append(facts.layout.root)
        return real(facts, params, options)

    monkeypatch.setattr(dependencies, "_usage", counting)
    codes = {f["code"] for f in findings(run_cli, FIXTURES / "depshop", "ARC")}
    assert {"ARC004", "ARC005", "ARC007", "ARC008"} <= codes
    assert len(calls) == 1
