"""End to end: ``archfit init`` writes a config and baseline on which ``check`` is green."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from fitness.scaffold import infer_layers
from tests.cli.gitrepo import fixture_repo
from tests.conftest import FIXTURES

FIXTURE_NAMES = sorted(
    p.name for p in FIXTURES.iterdir() if p.is_dir() and not p.name.startswith(".")
)


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_init_then_check_is_green(name: str, tmp_path: Path, run_cli: Any) -> None:
    repo = fixture_repo(tmp_path, name)
    code, out, err = run_cli("init", "--force", str(repo))
    assert code == 0, err
    assert "wrote" in out and (repo / ".archfit-baseline.json").is_file()
    code, out, err = run_cli("check", str(repo))
    assert code == 0, out + err


def test_init_edits_pyproject_keeping_comments_and_refuses_to_overwrite(
    tmp_path: Path, run_cli: Any
) -> None:
    repo = fixture_repo(tmp_path, "chatapp")
    pyproject = repo / "pyproject.toml"
    before = pyproject.read_text()
    code, _, err = run_cli("init", str(repo))
    assert code == 2 and "--force" in err and pyproject.read_text() == before
    pyproject.write_text('# keep me\n[project]\nname = "chatapp"  # inline too\n')
    code, out, _ = run_cli("init", str(repo))
    assert code == 0 and "pyproject.toml" in out
    text = pyproject.read_text()
    assert text.startswith('# keep me\n[project]\nname = "chatapp"  # inline too\n')
    settings = tomllib.loads(text)["tool"]["archfit"]
    assert settings["root_packages"] == ["chatapp"]
    (contract,) = settings["contracts"]
    assert contract["type"] == "layers" and contract["containers"] == ["chatapp"]
    assert contract["layers"][0] == "api"  # api imports the domain; nothing imports api


def test_init_writes_archfit_yaml_without_a_pyproject(tmp_path: Path, run_cli: Any) -> None:
    repo = fixture_repo(tmp_path, "cycleshop")
    code, out, _ = run_cli("init", str(repo))
    assert code == 0 and "wrote settings to archfit.yaml:" in out  # no [tool.archfit] table there
    settings = yaml.safe_load((repo / "archfit.yaml").read_text())
    assert settings["contracts"][0]["layers"] == ["billing : orders", "util"]
    assert run_cli("init", str(repo))[0] == 2


def test_layers_put_importers_on_top_and_merge_cycles() -> None:
    graph = {"api": {"domain"}, "domain": {"db"}, "db": set(), "cli": {"api"}, "tools": set()}
    assert infer_layers(sorted(graph), graph) == ["cli", "api", "domain", "db | tools"]
    graph = {"a": {"b"}, "b": {"a", "c"}, "c": set(), "d": set()}
    assert infer_layers(sorted(graph), graph) == ["a : b", "c | d"]
    graph = {"a": {"b"}, "b": {"a"}, "c": set()}  # a layer never mixes | and :
    assert infer_layers(sorted(graph), graph) == ["a : b : c"]


@pytest.mark.realcode
def test_init_then_check_is_green_on_django(tmp_path: Path, run_cli: Any) -> None:
    from tests.realcode import django_root

    target = tmp_path / "django"
    shutil.copytree(django_root() / "django", target / "django")
    code, out, err = run_cli("init", str(target))
    assert code == 0, err
    assert "django-layers" in out
    code, out, err = run_cli("check", str(target))
    assert code == 0, out[-2000:] + err
