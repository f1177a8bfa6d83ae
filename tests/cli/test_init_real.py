"""``archfit init`` on real repositories (sdists from PyPI: tests, docs and examples included):
the root packages are exactly the distribution's, the next ``check`` exits 0 with every
contract kept, and ``archfit report`` on a short git history keeps tests, docs and examples out
of the architecture (issue #15).

Cost, on a loaded shared 2-core machine with the sdists already in ``.targets/sdists``: 47 s
for the four (fastapi 30 s), of which the history and the two reports add 14 s (6.5 s CPU)."""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path
from typing import Any

import pytest

from analyzer.roles import Role, role_of
from tests.cli.gitrepo import commit, git
from tests.conftest import REPO
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
    _history(repo, packages[0])
    _assert_library_churn(_report(run_cli, repo))  # the first run: no configuration yet
    code, out, err = run_cli("init", str(repo))
    assert code == 0, err
    if name == "flask":  # the README shows this run's output: it stays the real one
        assert out == _readme_output("`archfit init .`:") + "\n"
    text = (repo / "pyproject.toml").read_text(encoding="utf-8")
    settings = tomllib.loads(text)["tool"]["archfit"]
    assert settings["root_packages"] == packages
    assert f"root packages from {origin}" in text
    assert len(settings.get("contracts", [])) <= len(packages)
    code, out, _ = run_cli("check", str(repo))
    assert code == 0, out
    assert "BROKEN" not in out
    assert out.rstrip().rpartition("\n")[2].startswith("PASSED:")
    if name == "flask":
        shown = _readme_output("`archfit check .` (exit 0")
        assert out.rstrip().rpartition("\n")[2] == shown.rpartition("\n")[2]
    report = _report(run_cli, repo)
    _assert_library_churn(report)
    _assert_architecture_is_the_packages(report, packages)


def _readme_output(after: str) -> str:
    """The ```text block that follows ``after`` in the README."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = text[text.index(after) :].split("```text\n", 1)[1]
    return block.split("\n```", 1)[0]


def _history(repo: Path, package: str) -> None:
    """Three commits, each touching two library modules, a test file, the changelog, the
    docs and a CI file together: pairs of every kind change together three times."""
    library = sorted(p for p in repo.rglob(f"{package}/*.py") if p.name != "__init__.py")[:2]
    tests = sorted((repo / "tests").rglob("test_*.py"))[:1]
    others = [repo / "CHANGES.md", repo / "docs" / "notes.md", repo / ".github" / "ci.yml"]
    assert len(library) == 2 and tests
    for number in range(3):
        for path in [*library, *tests]:
            path.write_text(path.read_text(encoding="utf-8") + f"# {number}\n", encoding="utf-8")
        for path in others:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(f"change {number}\n", encoding="utf-8")
        commit(repo, f"change {number}")


def _report(run_cli: Any, repo: Path) -> Any:
    code, out, err = run_cli("report", str(repo), "--format", "json", "--today", "2026-12-01")
    assert code == 0, err
    return json.loads(out)


def _assert_library_churn(report: Any) -> None:
    """Hotspots and the most complex functions are library code; temporal coupling pairs
    Python source files only, and the library pair that changed together is among them."""
    churn = report["complexity"]["churn"]
    assert churn["commits"] == 4
    assert churn["hotspots"]
    assert all(role_of(h["path"]) is Role.LIBRARY for h in churn["hotspots"])
    assert all(role_of(h["path"]) is Role.TESTS for h in churn["test_hotspots"])
    pairs = [(t["first"], t["second"]) for t in churn["temporal"]]
    assert pairs
    assert all(p.endswith(".py") for pair in pairs for p in pair)
    assert not [p for pair in pairs for p in pair if p.startswith((".github", "docs/"))]
    library = {h["module"].split(".")[0] for h in churn["hotspots"]}
    functions = {f["module"].split(".")[0] for f in report["complexity"]["functions"]}
    assert functions and functions <= library  # never a test app's or an example's function


def _assert_architecture_is_the_packages(report: Any, packages: list[str]) -> None:
    """After ``init``: every module and package the architecture sections name (structure,
    coupling, cycles, hotspots, complex functions, temporal pairs) lies in the distribution's
    own packages: no test, docs or example module."""
    names = [p["name"] for p in report["structure"]["packages"]]
    names += [p["name"] for p in report["coupling"]["packages"]]
    names += [m for c in report["coupling"]["cycles"] for m in c["modules"]]
    names += [f["module"] for f in report["complexity"]["functions"]]
    names += [h["module"] for h in report["complexity"]["churn"]["hotspots"]]
    assert names
    assert {n.split(".")[0] for n in names} == set(packages)
    churn = report["complexity"]["churn"]
    pairs = [p for t in churn["temporal"] for p in (t["first"], t["second"])]
    assert pairs
    assert all(role_of(p) is Role.LIBRARY for p in pairs)
