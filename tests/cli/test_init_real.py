"""``archfit init`` on real repositories (sdists from PyPI: tests, docs and examples included):
the root packages are exactly the distribution's, and the next ``check`` exits 0 with every
contract kept (issue #15)."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path
from typing import Any

import pytest

from tests.cli.gitrepo import commit, git
from tests.realcode import sdist_root

pytestmark = pytest.mark.realcode

# name, version, the packages its wheel ships, the table init reads them from
SDISTS = [
    ("flask", "3.1.3", ["flask"], "[tool.flit.module]"),
    ("requests", "2.34.2", ["requests"], "[tool.setuptools.packages.find]"),
    ("httpx", "0.29.0", ["httpx"], "the project's name"),
    ("fastapi", "0.165.0", ["fastapi"], "the project's name"),
]


@pytest.mark.parametrize(("name", "version", "packages", "origin"), SDISTS)
def test_init_names_the_distributions_packages_and_check_keeps_every_contract(
    name: str, version: str, packages: list[str], origin: str, tmp_path: Path, run_cli: Any
) -> None:
    repo = tmp_path / name
    shutil.copytree(sdist_root(name, version), repo)
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "sdist")
    code, out, err = run_cli("init", str(repo))
    assert code == 0, err
    text = (repo / "pyproject.toml").read_text(encoding="utf-8")
    settings = tomllib.loads(text)["tool"]["archfit"]
    assert settings["root_packages"] == packages
    assert f"root packages from {origin}" in text
    assert len(settings.get("contracts", [])) <= len(packages)
    code, out, _ = run_cli("check", str(repo))
    assert code == 0, out
    assert "BROKEN" not in out
    assert out.rstrip().rpartition("\n")[2].startswith("PASSED:")
