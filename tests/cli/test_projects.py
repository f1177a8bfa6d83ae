"""Which configuration judges which file (ADR-0015): subfolders, monorepos, FILES, source roots.

Each test builds the situation in a temporary git repository and asserts the exit code and the
summary line a user reads (issue #19, cases 1, 2, 10 and 12).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.cli.gitrepo import commit, edit, git
from tests.conftest import FIXTURES

_CHAT = "services/chat"
_BROKEN_FILE = f"{_CHAT}/src/chatapp/domain/service.py"  # imports a chain that reaches redis
_CLEAN = {
    "services/clean/pyproject.toml": (
        '[tool.importlinter]\nroot_package = "cleanpkg"\n\n'
        "[[tool.importlinter.contracts]]\n"
        'name = "a does not import b"\ntype = "forbidden"\n'
        'source_modules = ["cleanpkg.a"]\nforbidden_modules = ["cleanpkg.b"]\n'
    ),
    "services/clean/cleanpkg/__init__.py": "",
    "services/clean/cleanpkg/a.py": "import os\n",
    "services/clean/cleanpkg/b.py": "from cleanpkg import a\n",
}


@pytest.fixture
def chdir() -> Iterator[Any]:
    """Change the working directory for one test, as a user's shell would."""
    before = os.getcwd()

    def go(folder: Path) -> None:
        os.chdir(folder)

    yield go
    os.chdir(before)


def _monorepo(tmp_path: Path, *, clean: bool = True) -> Path:
    """A git repo: ``services/chat`` (chatapp, 2 contracts broken) and ``services/clean``."""
    repo = tmp_path / "mono"
    shutil.copytree(FIXTURES / "chatapp", repo / _CHAT)
    if clean:
        for relative, text in _CLEAN.items():
            edit(repo, relative, text)
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "monorepo")
    return repo


def _summary(out: str) -> str:
    return out.rstrip("\n").rpartition("\n")[2]


def test_a_subfolder_run_checks_its_project(run_cli: Any, tmp_path: Path, chdir: Any) -> None:
    """Case 1: `cd src && archfit check` finds ../pyproject.toml and its broken contracts."""
    repo = _monorepo(tmp_path, clean=False)
    chdir(repo / _CHAT / "src")
    code, out, _ = run_cli("check")
    assert code == 1
    assert _summary(out).startswith("FAILED:") and "contracts 1 kept / 2 broken" in out
    assert f"configuration: {_CHAT}/pyproject.toml" in out


def test_the_hook_from_the_root_judges_a_file_by_its_project(
    run_cli: Any, tmp_path: Path, chdir: Any
) -> None:
    """Case 2: pre-commit passes a path from the repository root; the file's project judges it."""
    repo = _monorepo(tmp_path)
    chdir(repo)
    code, out, _ = run_cli("check", _BROKEN_FILE)
    assert code == 1 and _summary(out).startswith("FAILED:")
    assert "services/clean" not in out  # a project no FILE belongs to is not run
    code, _, _ = run_cli("check", "services/clean/cleanpkg/a.py")
    assert code == 0


def test_a_whole_tree_run_at_the_root_runs_every_project(
    run_cli: Any, tmp_path: Path, chdir: Any
) -> None:
    """Case 10: no config at the root, two projects below: both named, the worst exit code."""
    repo = _monorepo(tmp_path)
    chdir(repo)
    code, out, _ = run_cli("check")
    assert code == 1
    assert "== project services/chat ==" in out and "== project services/clean ==" in out
    assert _summary(out) == "FAILED: 2 projects, 1 failed (services/chat)"


def test_json_lists_projects_and_roots(run_cli: Any, tmp_path: Path, chdir: Any) -> None:
    repo = _monorepo(tmp_path)
    chdir(repo)
    code, out, _ = run_cli("check", "--format", "json")
    data = json.loads(out)
    assert code == 1
    projects = {p["root"]: p for p in data["projects"]}
    assert set(projects) == {"services/chat", "services/clean"}
    assert projects["services/chat"]["configs"] == ["services/chat/pyproject.toml"]
    assert projects["services/chat"]["exit_code"] == 1
    assert projects["services/clean"]["exit_code"] == 0
    assert {f["root"] for f in data["findings"] if f["severity"] == "error"} == {"services/chat"}
    assert data["summary"]["errors"] == sum(p["summary"]["errors"] for p in projects.values())


def test_sarif_and_annotation_paths_exist_at_the_repository_root(
    run_cli: Any, tmp_path: Path, chdir: Any
) -> None:
    """Whatever PATH was, a CI system resolves every path from the repository root."""
    repo = _monorepo(tmp_path)
    chdir(repo / "services")  # PATH is neither the repository root nor a project
    code, out, _ = run_cli("check", "--format", "sarif")
    runs = json.loads(out)["runs"]
    assert code == 1 and len(runs) == 2
    uris = [
        loc["physicalLocation"]["artifactLocation"]["uri"]
        for run in runs
        for result in run["results"]
        for loc in result["locations"]
    ]
    assert uris and all((repo / uri).is_file() for uri in uris)
    _, out, _ = run_cli("check", "--format", "github")
    located = re.findall(r"^::\w+ file=([^,:]+),", out, flags=re.MULTILINE)
    assert located and all((repo / f).is_file() for f in located)


def test_a_config_error_names_the_file_from_path(run_cli: Any, tmp_path: Path, chdir: Any) -> None:
    repo = _monorepo(tmp_path)
    edit(repo, "services/clean/pyproject.toml", "[tool.importlinter]\nroot_package = 3\n")
    chdir(repo)
    code, _, err = run_cli("check")
    assert code == 2
    assert "config error: services/clean/pyproject.toml:2" in err


def test_no_configuration_anywhere_says_so(run_cli: Any, tmp_path: Path) -> None:
    repo = tmp_path / "plain"
    edit(repo, "pkg/__init__.py", "")
    git(repo, "init", "-q", "-b", "main")
    code, out, _ = run_cli("check", str(repo))
    assert code == 0
    assert "configuration: none found (defaults apply)" in out


_BILLING_ROOT = (
    "[tool.archfit]\n"
    'source_roots = ["services/billing/src"]\n'
    'root_packages = ["billing"]\n\n'
    "[[tool.archfit.contracts]]\n"
    'id = "core-pure"\nname = "billing.core stays pure"\ntype = "forbidden"\n'
    'source_modules = ["billing.core"]\nforbidden_modules = ["billing.web"]\n'
)


def _billing(tmp_path: Path) -> Path:
    """Case 12: a root config whose declared source root is inside ``services/billing``."""
    repo = tmp_path / "billingrepo"
    edit(repo, "pyproject.toml", _BILLING_ROOT)
    edit(repo, "services/billing/src/billing/__init__.py", "")
    edit(repo, "services/billing/src/billing/core.py", "from billing import web\n")
    edit(repo, "services/billing/src/billing/web.py", "")
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "billing")
    return repo


def test_declared_source_roots_name_the_modules(run_cli: Any, tmp_path: Path) -> None:
    """Case 12: `billing.core`, not `billing.src.billing.core`; the contract breaks."""
    repo = _billing(tmp_path)
    code, out, _ = run_cli("check", str(repo))
    assert code == 1, out
    assert "BROKEN billing.core stays pure" in out


def test_an_ancestor_whose_source_roots_reach_a_folder_judges_it(
    run_cli: Any, tmp_path: Path, chdir: Any
) -> None:
    """Case 12: `archfit check services/billing` and the hook on core.py run the root config."""
    repo = _billing(tmp_path)
    chdir(repo)
    code, out, _ = run_cli("check", "services/billing")
    assert code == 1 and "BROKEN billing.core stays pure" in out
    code, out, _ = run_cli("check", "services/billing/src/billing/core.py")
    assert code == 1 and _summary(out).startswith("FAILED:")


def test_an_excluded_subproject_is_not_run(run_cli: Any, tmp_path: Path, chdir: Any) -> None:
    """The enclosing project's `exclude` keeps fixture projects out of a whole-tree run."""
    repo = _monorepo(tmp_path)
    edit(repo, "pyproject.toml", '[tool.archfit]\nexclude = ["services/chat/**"]\n')
    chdir(repo)
    code, out, _ = run_cli("check")
    assert "services/chat" not in out
    assert code == 0, out


def test_a_parent_project_leaves_nested_projects_to_themselves(
    run_cli: Any, tmp_path: Path, chdir: Any
) -> None:
    """Rule 4: a root config with discovered source roots does not analyse `services/chat`."""
    repo = _monorepo(tmp_path, clean=False)
    edit(repo, "pyproject.toml", "[tool.archfit]\n")
    edit(repo, "tools/__init__.py", "")
    chdir(repo)
    code, out, _ = run_cli("check", "--format", "json")
    projects = {p["root"]: p for p in json.loads(out)["projects"]}
    assert set(projects) == {".", "services/chat"}
    assert projects["."]["summary"]["modules"] == 1  # `tools` alone, not chatapp's 10
    assert code == 1


def test_baseline_writes_one_file_per_project_and_check_then_passes(
    run_cli: Any, tmp_path: Path, chdir: Any
) -> None:
    repo = _monorepo(tmp_path)
    chdir(repo)
    code, out, _ = run_cli("baseline")
    assert code == 0
    assert (repo / _CHAT / ".archfit-baseline.json").is_file()
    assert (repo / "services/clean/.archfit-baseline.json").is_file()
    code, out, _ = run_cli("check")
    assert code == 0 and _summary(out) == "PASSED: 2 projects, all passed"
    code, _, err = run_cli("check", "--baseline", "b.json")
    assert code == 2 and "--baseline names one file" in err


def test_metrics_from_a_subfolder_measures_its_project(
    run_cli: Any, tmp_path: Path, chdir: Any
) -> None:
    repo = _monorepo(tmp_path, clean=False)
    chdir(repo / _CHAT / "src" / "chatapp")
    code, out, _ = run_cli("metrics", "--format", "json")
    assert code == 0
    assert len(json.loads(out)["modules"]) == 10  # chatapp's modules, named from the project


def test_gitlab_and_junit_cover_every_project_from_the_repository_root(
    run_cli: Any, tmp_path: Path, chdir: Any
) -> None:
    """One Code Quality array and one JUnit document for the whole run, paths from the root."""
    from tests.schema_check import errors, junit_errors

    repo = _monorepo(tmp_path)
    chdir(repo / "services")
    code, out, _ = run_cli("check", "--format", "gitlab")
    issues = json.loads(out)
    assert code == 1 and errors("gitlab", issues) == []
    assert all((repo / i["location"]["path"]).is_file() for i in issues)
    assert any(i["location"]["path"] == _BROKEN_FILE for i in issues)
    code, out, _ = run_cli("check", "--format", "junit")
    assert code == 1 and junit_errors(out) == []
    assert "services/chat: archfit CON" in out and "services/clean: archfit CON" in out


def test_the_plan_reads_the_run_s_listings_and_plans_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The projects below PATH are found from the folders the run's stat index listed (one
    walk per run), and are those the plan's own walk finds: nested, excluded and ignored
    projects included."""
    from analyzer import discovery
    from analyzer.stat_index import Entry, tree_lines
    from fitness.config.projects import plan_projects

    repo = _monorepo(tmp_path)
    edit(repo, ".gitignore", "services/ignored/\n")
    edit(repo, "services/ignored/pyproject.toml", "[tool.archfit]\n")
    edit(repo, "pyproject.toml", '[tool.archfit]\nexclude = ["services/clean/"]\n')
    walked = plan_projects(str(repo), (), None)
    listings: dict[str, Sequence[Entry]] = {}
    tree_lines(str(repo), listings=listings)

    def no_listing(dirpath: str) -> tuple[list[str], list[str]]:
        raise AssertionError(f"{dirpath} listed again")

    monkeypatch.setattr(discovery, "_entries", no_listing)
    planned = plan_projects(str(repo), (), None, listings)
    assert planned == walked
    assert [os.path.relpath(run.root, repo) for run in planned.runs] == [".", _CHAT]


def test_the_plan_enters_only_the_folders_on_the_way_to_a_configuration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the run's stat index, the search for projects below PATH enters only the folders
    on the way to one that names a configuration file, and finds what the whole walk finds:
    nested, excluded, ignored (by the root's ``.gitignore`` and a nested one) and linked
    projects, projects in a virtualenv, a build folder and a cache, from the root and from
    a subfolder."""
    from analyzer import discovery
    from analyzer.stat_index import Entry, StatIndex, tree_lines
    from fitness.config.projects import plan_projects

    repo = _monorepo(tmp_path)
    edit(repo, ".gitignore", "services/ignored/\n")
    edit(repo, "pyproject.toml", '[tool.archfit]\nexclude = ["services/clean/"]\n')
    for folder in ("ignored", "deep/a/b", "venv/inner", "build/out", "kept/x"):
        edit(repo, f"services/{folder}/pyproject.toml", "[tool.archfit]\n")
    edit(repo, "services/deep/.gitignore", "a/\n")
    edit(repo, "services/venv/pyvenv.cfg", "home = /usr\n")
    for many in range(30):
        edit(repo, f"services/kept/data/d{many}/notes.txt", "")
    os.symlink(repo / "services" / "kept", repo / "services" / "linked")
    entered: list[str] = []
    split = discovery._split

    def counted(entries: Any) -> tuple[list[str], list[str]]:
        entered.append("")
        return split(entries)

    monkeypatch.setattr(discovery, "_split", counted)
    listings: dict[str, Sequence[Entry]] = {}
    index = StatIndex(str(repo), tuple(tree_lines(str(repo), listings=listings) or ()), listings)
    roots: dict[str, list[str]] = {}
    for path in (repo, repo / "services"):  # the index of the repository, from either
        walked = plan_projects(str(path), (), None)
        entered.clear()
        assert plan_projects(str(path), (), None, index.listings, index) == walked
        assert 0 < len(entered) < len(index.listings) - 30
        roots[path.name] = [os.path.relpath(run.root, repo) for run in walked.runs]
    assert roots["mono"] == [".", "services/chat", "services/kept/x"]


def test_a_run_without_the_cache_lists_each_folder_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--no-cache`` has no stat index: the plan's search for projects below PATH lists the
    folders (``ListedOnce``) and discovery reads them there, so neither walk lists a folder
    itself, each folder is listed once, and the run finds what it found when each walk
    listed its own."""
    import collections

    from analyzer import discovery
    from analyzer.stat_index import ListedOnce
    from fitness.cli.main import main

    repo = _monorepo(tmp_path)
    edit(repo, "services/chat/chat/deep/inner.py", "import os\n")
    args = ["check", "--no-cache", "--format", "json", str(repo)]
    before = CliRunner().invoke(main, args)
    listed: collections.Counter[str] = collections.Counter()
    fetch = ListedOnce.__getitem__

    def counted(self: ListedOnce, folder: str) -> Any:
        listed[folder] += folder not in self._listings
        return fetch(self, folder)

    def no_listing(dirpath: str) -> tuple[list[str], list[str]]:
        raise AssertionError(f"{dirpath} listed by a walk itself")

    monkeypatch.setattr(ListedOnce, "__getitem__", counted)
    monkeypatch.setattr(discovery, "_entries", no_listing)
    after = CliRunner().invoke(main, args)
    assert after.output == before.output and after.exit_code == before.exit_code
    assert listed and max(listed.values()) == 1
