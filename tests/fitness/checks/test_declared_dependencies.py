"""The dependency rules on every declaration source, per distribution (issue 16, ADR-0015).

Each target is a small project written in tmp_path: requirements files only, setup.cfg only,
a uv workspace of three members, a Poetry project with groups, a setup.py with a computed
list, a module alone in ``src/``, and the exact meaning of empty lists.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

from tests.conftest import check_json

RUN = ("--no-cache", "--select", "ARC004,ARC005,ARC007,ARC008,ARC009,ARC010")


def _write(root: Path, files: dict[str, str]) -> Path:
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def _found(run_cli: Any, root: Path) -> list[tuple[str, str]]:
    _, doc = check_json(run_cli, str(root), *RUN)
    return sorted((f["code"], f["subject"]) for f in doc["findings"])


def _text(run_cli: Any, root: Path) -> str:
    _, out, _ = run_cli("check", str(root), *RUN)
    return str(out)


PACKAGE = {"shop/__init__.py": "", "shop/io.py": "import requests\nimport yaml\n"}


def test_requirements_txt_alone_is_judged(tmp_path: Path, run_cli: Any) -> None:
    """The undeclared ``import yaml`` no longer passes; the summary names the file read."""
    _write(tmp_path, {**PACKAGE, "requirements.txt": "requests==2.32\nclick\n"})
    assert _found(run_cli, tmp_path) == [
        ("ARC004", "shop.io -> yaml"),
        ("ARC005", "click"),
    ]
    assert "dependencies: requirements.txt\n" in _text(run_cli, tmp_path)


def test_setup_cfg_alone_is_judged(tmp_path: Path, run_cli: Any) -> None:
    cfg = "[options]\ninstall_requires =\n    requests\n    PyYAML\n"
    _write(tmp_path, {**PACKAGE, "setup.cfg": cfg})
    assert _found(run_cli, tmp_path) == []
    assert "dependencies: setup.cfg install_requires\n" in _text(run_cli, tmp_path)


def test_empty_dependencies_declare_none(tmp_path: Path, run_cli: Any) -> None:
    """``dependencies = []`` (uv init) is "none", not "unknown": both imports are missing."""
    _write(tmp_path, {**PACKAGE, "pyproject.toml": '[project]\nname = "shop"\ndependencies = []\n'})
    assert _found(run_cli, tmp_path) == [
        ("ARC004", "shop.io -> requests"),
        ("ARC004", "shop.io -> yaml"),
    ]


def test_no_declarations_is_a_warning_and_said_in_the_summary(tmp_path: Path, run_cli: Any) -> None:
    _write(tmp_path, PACKAGE)
    assert _found(run_cli, tmp_path) == [("ARC010", ".")]
    assert "dependencies: no declarations found\n" in _text(run_cli, tmp_path)


def test_setup_py_with_a_computed_list_is_a_blind_spot(tmp_path: Path, run_cli: Any) -> None:
    setup_py = "from setuptools import setup\nsetup(install_requires=open('r').read().split())\n"
    _write(tmp_path, {**PACKAGE, "setup.py": setup_py})
    _, doc = check_json(run_cli, str(tmp_path), *RUN)
    [finding] = doc["findings"]
    assert finding["code"] == "ARC010"
    assert "setup.py:2 install_requires is not a literal" in finding["message"]
    [spot] = [b for b in doc["blind_spots"] if b["kind"] == "non-literal-declaration"]
    assert spot["count"] == 1
    assert spot["examples"][0] == "setup.py:2: install_requires is not a literal"  # said once


WORKSPACE = {
    "pyproject.toml": '[tool.uv.workspace]\nmembers = ["packages/*"]\n',
    "packages/core/pyproject.toml": '[project]\nname = "core"\ndependencies = ["attrs"]\n',
    "packages/core/src/core/__init__.py": "import attrs\n",
    "packages/api/pyproject.toml": '[project]\nname = "api"\ndependencies = ["core", "httpx"]\n',
    "packages/api/src/api/__init__.py": "import core\nimport httpx\n",
    "packages/cli/pyproject.toml": '[project]\nname = "cli"\ndependencies = ["api", "click"]\n',
    "packages/cli/src/cli/__init__.py": "import api\nimport core\nimport click\nimport yaml\n",
}


def test_uv_workspace_members_are_judged_by_their_own_declarations(
    tmp_path: Path, run_cli: Any
) -> None:
    """Each member against its own pyproject; a member importing another member needs it
    declared (api declares core; cli does not); the virtual root declares nothing and is no
    distribution of its own."""
    _write(tmp_path, WORKSPACE)
    assert _found(run_cli, tmp_path) == [
        ("ARC004", "cli -> core"),
        ("ARC004", "cli -> yaml"),
    ]
    summary = _text(run_cli, tmp_path)
    assert "packages/api/pyproject.toml [project], packages/cli/pyproject.toml" in summary


def test_the_workspace_lock_makes_a_member_transitive(tmp_path: Path, run_cli: Any) -> None:
    lock = '[[package]]\nname = "api"\ndependencies = [{ name = "core" }, { name = "httpx" }]\n'
    _write(tmp_path, {**WORKSPACE, "uv.lock": lock})
    assert ("ARC007", "cli -> core") in _found(run_cli, tmp_path)


POETRY = """\
    [tool.poetry]
    name = "shop"
    [tool.poetry.dependencies]
    python = "^3.11"
    requests = "^2"
    rich = "^13"
    [tool.poetry.group.test.dependencies]
    pytest = "*"
    [tool.poetry.group.lint.dependencies]
    ruff = "*"
"""


def test_poetry_groups_are_dev_only(tmp_path: Path, run_cli: Any) -> None:
    """pytest (a group) from library code is ARC008, from tests it is fine; an unused
    runtime dependency (rich) is ARC005, an unused group tool (ruff) is not."""
    files = {
        "pyproject.toml": POETRY,
        "shop/__init__.py": "",
        "shop/plugin.py": "import requests\nimport pytest\n",
        "tests/test_shop.py": "import pytest\n",
    }
    _write(tmp_path, files)
    assert _found(run_cli, tmp_path) == [
        ("ARC005", "rich"),
        ("ARC008", "shop.plugin -> pytest"),
    ]


def test_an_empty_dev_extras_list_is_empty(tmp_path: Path, run_cli: Any) -> None:
    """``dev_extras = []`` makes "dev" an ordinary extra: never replaced by the default."""
    pyproject = (
        '[project]\nname = "shop"\ndependencies = ["requests", "PyYAML"]\n'
        '[project.optional-dependencies]\ndev = ["pytest"]\n'
    )
    files = {**PACKAGE, "pyproject.toml": pyproject, "shop/check.py": "import pytest\n"}
    _write(tmp_path, files)
    assert _found(run_cli, tmp_path) == [("ARC008", "shop.check -> pytest")]
    rules = "[tool.archfit.rules]\ndev-dependency-in-library = { dev_extras = [] }\n"
    _write(tmp_path, {"pyproject.toml": pyproject + rules})
    assert _found(run_cli, tmp_path) == []


def test_a_module_alone_in_src_is_first_party(tmp_path: Path, run_cli: Any) -> None:
    """``src/helpers.py`` is no third-party distribution, and its own imports are judged."""
    files = {
        "pyproject.toml": '[project]\nname = "x"\ndependencies = ["requests"]\n',
        "src/helpers.py": "import yaml\nimport tools\n",
        "src/tools.py": "import requests\n",
        "src/app/__init__.py": "import helpers\n",
    }
    _write(tmp_path, files)
    assert _found(run_cli, tmp_path) == [("ARC004", "src/helpers.py -> yaml")]


def test_without_a_package_the_top_level_modules_are_judged(tmp_path: Path, run_cli: Any) -> None:
    """No package found: the scripts' imports count, instead of every declaration unused."""
    files = {
        "pyproject.toml": '[project]\nname = "x"\ndependencies = ["requests", "click"]\n',
        "main.py": "import requests\nimport helper\n",
        "helper.py": "import click\nimport yaml\n",
    }
    _write(tmp_path, files)
    assert _found(run_cli, tmp_path) == [("ARC004", "helper.py -> yaml")]


def test_a_stdlib_name_declared_is_its_own_finding(tmp_path: Path, run_cli: Any) -> None:
    pyproject = '[project]\nname = "shop"\ndependencies = ["requests", "PyYAML", "argparse"]\n'
    _write(tmp_path, {**PACKAGE, "pyproject.toml": pyproject})
    assert _found(run_cli, tmp_path) == [("ARC009", "argparse")]


def test_requirements_files_param_names_the_files(tmp_path: Path, run_cli: Any) -> None:
    rules = '[tool.archfit.rules]\nundeclared-dependency = { requirements_files = ["deps.in"] }\n'
    _write(tmp_path, {**PACKAGE, "deps.in": "requests\n", "pyproject.toml": rules})
    _, doc = check_json(run_cli, str(tmp_path), "--no-cache", "--select", "ARC004")
    assert [f["subject"] for f in doc["findings"]] == ["shop.io -> yaml"]
    assert "dependencies: deps.in\n" in _text(run_cli, tmp_path)


def test_a_computed_setup_py_list_fails_the_blind_spot_gate(tmp_path: Path, run_cli: Any) -> None:
    """With `--fail-on-blind-spots`, the declaration archfit cannot read is INP005 at its line."""
    setup_py = "from setuptools import setup\nsetup(install_requires=open('r').read().split())\n"
    _write(tmp_path, {**PACKAGE, "setup.py": setup_py})
    code, doc = check_json(run_cli, str(tmp_path), "--select", "INP005", "--fail-on-blind-spots")
    spots = [(f["path"], f["line"]) for f in doc["findings"] if f["code"] == "INP005"]
    assert code == 1 and ("setup.py", 2) in spots
