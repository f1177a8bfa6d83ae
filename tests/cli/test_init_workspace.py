"""``archfit init DIR`` across a workspace or monorepo: every distribution below DIR gets its
configuration and baseline where ``check`` finds them (docs/adr/0015), and ``check`` from the
top then runs every one of them green (issue #15)."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest

from analyzer.workspace import distributions
from tests.cli.gitrepo import commit, git

WORKSPACE = """[project]
name = "platform"
version = "0"

[tool.uv.workspace]
members = ["services/*"]
exclude = ["services/legacy"]
"""


def _write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _service(name: str) -> dict[str, str]:
    """A service in a src layout: api imports domain, domain imports nothing, store imports
    domain; plus tests that import the api."""
    base = f"services/{name}"
    return {
        f"{base}/pyproject.toml": f'[project]\nname = "{name}"\nversion = "0"\n',
        f"{base}/src/{name}/__init__.py": "",
        f"{base}/src/{name}/api.py": f"from {name} import domain, store\n",
        f"{base}/src/{name}/domain.py": "VALUE = 1\n",
        f"{base}/src/{name}/store.py": f"from {name}.domain import VALUE\n",
        f"{base}/tests/test_api.py": f"import {name}.api\n",
    }


def _monorepo(tmp_path: Path) -> Path:
    repo = tmp_path / "mono"
    files = {"pyproject.toml": WORKSPACE, **_service("chat"), **_service("billing")}
    files |= {
        "src/platform/__init__.py": "",
        "src/platform/cli.py": "from platform import settings\n",
        "src/platform/settings.py": "",
        "services/legacy/setup.py": "from setuptools import setup\nsetup(name='legacy')\n",
        "services/legacy/legacy/__init__.py": "",
        "docs/example/pyproject.toml": '[project]\nname = "example"\n',
        "docs/example/example/__init__.py": "",
    }
    _write(repo, files)
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "monorepo")
    return repo


def test_distributions_are_the_members_and_projects_below_deepest_first(tmp_path: Path) -> None:
    repo = _monorepo(tmp_path)
    assert distributions(str(repo)) == ("services/billing", "services/chat", "")


@pytest.mark.parametrize(
    "root",
    [
        '[tool.uv.workspace]\nmembers = ["docs/*"]\n',
        '[tool.hatch.envs.default.workspace]\nmembers = ["docs/site"]\n',
    ],
)
def test_a_declared_member_counts_even_in_a_docs_folder(tmp_path: Path, root: str) -> None:
    _write(tmp_path, {"pyproject.toml": root})
    _write(tmp_path, {"docs/site/pyproject.toml": '[project]\nname = "site"\n'})
    _write(tmp_path, {"examples/app/setup.py": ""})
    assert distributions(str(tmp_path)) == ("docs/site",)


def test_init_configures_each_distribution_and_check_from_the_root_keeps_every_contract(
    tmp_path: Path, run_cli: Any
) -> None:
    repo = _monorepo(tmp_path)
    code, out, err = run_cli("init", str(repo))
    assert code == 0, err
    for name in ("chat", "billing"):
        settings = _settings(repo / "services" / name)
        assert settings["root_packages"] == [name]
        assert settings["source_roots"] == ["src"]
        assert settings["contracts"][0]["layers"] == ["api", "store", "domain"]
        assert (repo / "services" / name / ".archfit-baseline.json").is_file()
        assert f"wrote [tool.archfit] settings to services/{name}/pyproject.toml:" in out
        assert f"wrote services/{name}/.archfit-baseline.json: 3 existing findings" in out
    assert _settings(repo)["root_packages"] == ["platform"]
    assert "wrote [tool.archfit] settings to pyproject.toml:" in out
    assert "3 distributions configured" in out
    assert "archfit" not in tomllib.loads((repo / "docs/example/pyproject.toml").read_text())
    assert not (repo / "services/legacy/archfit.yaml").exists()  # uv's exclude
    code, out, _ = run_cli("check", "--format", "json", str(repo))
    assert code == 0, out
    projects = json.loads(out)["projects"]
    assert sorted(p["root"] for p in projects) == [".", "services/billing", "services/chat"]
    contracts = [c for p in projects for c in p["contracts"]]
    assert len(contracts) == 3
    assert all(c["kept"] for c in contracts)
    # The root's declared source roots (src) leave each service to its own project.
    paths = [f["path"] for f in json.loads(out)["findings"] if f["root"] == "."]
    assert paths
    assert not [p for p in paths if p.startswith(("services/chat", "services/billing"))]


def test_init_leaves_a_configured_distribution_alone_and_configures_the_rest(
    tmp_path: Path, run_cli: Any
) -> None:
    repo = _monorepo(tmp_path)
    chat = repo / "services/chat/pyproject.toml"
    chat.write_text(chat.read_text() + '\n[tool.archfit]\nroot_packages = ["chat"]\n')
    code, out, err = run_cli("init", str(repo))
    assert code == 0, err
    assert "left services/chat/pyproject.toml as it is" in out
    assert "contracts" not in _settings(repo / "services/chat")
    assert _settings(repo / "services/billing")["root_packages"] == ["billing"]
    code, _, err = run_cli("init", str(repo))
    assert code == 2
    assert "pyproject.toml already configures archfit (use --force" in err


def _settings(folder: Path) -> Any:
    return tomllib.loads((folder / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["archfit"]
