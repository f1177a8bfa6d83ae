"""``--config FILE``: archfit's and import-linter's files alike, named as the user gave them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.config.conftest import assert_config_error, assert_issue, check, line_of, write

ARCHFIT_TOML = """
[tool.archfit]
root_packages = ["cfgpkg"]

[[tool.archfit.contracts]]
id = "b-pure"
name = "B does not import A"
type = "forbidden"
source_modules = ["cfgpkg.b"]
forbidden_modules = ["cfgpkg.a"]
"""

ARCHFIT_YAML = """
root_packages: [cfgpkg]
contracts:
  - id: b-pure
    name: B does not import A
    type: forbidden
    source_modules: [cfgpkg.b]
    forbidden_modules: [cfgpkg.a]
"""

IMPORTLINTER_INI = """
[importlinter]
root_package = cfgpkg

[importlinter:contract:b-pure]
name = B does not import A
type = forbidden
source_modules = cfgpkg.b
forbidden_modules = cfgpkg.a
"""

IMPORTLINTER_TOML = """
[tool.importlinter]
root_package = "cfgpkg"

[[tool.importlinter.contracts]]
id = "b-pure"
name = "B does not import A"
type = "forbidden"
source_modules = ["cfgpkg.b"]
forbidden_modules = ["cfgpkg.a"]
"""

KINDS = [  # file, text, source kind, the contract's first line
    ("conf/archfit.toml", ARCHFIT_TOML, "config", "[[tool.archfit.contracts]]"),
    ("conf/archfit.yaml", ARCHFIT_YAML, "config", "- id: b-pure"),
    ("conf/archfit.yml", ARCHFIT_YAML, "config", "- id: b-pure"),
    ("conf/.archfit.yaml", ARCHFIT_YAML, "config", "- id: b-pure"),
    ("conf/lint.ini", IMPORTLINTER_INI, "importlinter", "[importlinter:contract:b-pure]"),
    ("conf/setup.cfg", IMPORTLINTER_INI, "importlinter", "[importlinter:contract:b-pure]"),
    ("conf/.importlinter", IMPORTLINTER_INI, "importlinter", "[importlinter:contract:b-pure]"),
    ("conf/pyproject.toml", IMPORTLINTER_TOML, "importlinter", "[[tool.importlinter.contracts]]"),
]


@pytest.fixture
def in_project(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The project, as the current directory, with a ``conf/`` folder for config files."""
    (project / "conf").mkdir()
    monkeypatch.chdir(project)
    return project


@pytest.mark.parametrize(("name", "text", "kind", "header"), KINDS)
def test_each_kind_of_file_is_read(
    in_project: Path, name: str, text: str, kind: str, header: str
) -> None:
    body = write(in_project, name, text)
    write(in_project, "pyproject.toml", '[tool.archfit]\nroot_packages = ["nope"]\n')
    run = check(in_project, "--config", name, "--format", "json")
    assert run.code == 0, run.err
    (contract,) = json.loads(run.out)["contracts"]
    assert (contract["id"], contract["kept"]) == ("b-pure", True)
    source = contract["source"]
    assert (source["kind"], source["path"]) == (kind, name)
    assert source["line"] == line_of(body, header)


@pytest.mark.parametrize(
    ("name", "text", "needle"),
    [
        ("conf/bad.toml", ARCHFIT_TOML.replace('"forbidden"', '"layered"'), "layered"),
        ("conf/bad.yaml", ARCHFIT_YAML.replace("forbidden\n", "layered\n"), "layered"),
        ("conf/bad.ini", IMPORTLINTER_INI.replace("forbidden\n", "layered\n"), "layered"),
        ("conf/setup.cfg", IMPORTLINTER_INI.replace("forbidden\n", "layered\n"), "layered"),
        ("conf/il.toml", IMPORTLINTER_TOML.replace('"forbidden"', '"layered"'), "layered"),
    ],
)
def test_errors_name_the_file_as_the_user_gave_it(
    in_project: Path, name: str, text: str, needle: str
) -> None:
    body = write(in_project, name, text)
    relative = check(in_project, "--config", name)
    assert_config_error(relative)
    assert_issue(relative, name, line_of(body, needle), "unknown contract type 'layered'")
    absolute = str(in_project / name)
    run = check(in_project, "--config", absolute)
    assert_config_error(run)
    assert_issue(run, absolute, line_of(body, needle), "unknown contract type 'layered'")


def test_the_root_config_is_ignored_when_a_file_is_given(in_project: Path) -> None:
    write(in_project, "pyproject.toml", "[tool.archfit]\nbogus = 1\n")
    write(in_project, "conf/archfit.yaml", ARCHFIT_YAML)
    assert check(in_project, "--config", "conf/archfit.yaml").code == 0


def test_a_missing_file_is_a_config_error(in_project: Path) -> None:
    run = check(in_project, "--config", "conf/nowhere.toml")
    assert_config_error(run)
    assert run.issues[0].startswith("conf/nowhere.toml:")
    assert "not found" in run.issues[0]


@pytest.mark.parametrize(
    ("name", "text"),
    [("conf/other.toml", "[tool.black]\nline-length = 100\n"), ("conf/other.cfg", "[flake8]\n")],
)
def test_a_file_without_any_known_section_is_a_config_error(
    in_project: Path, name: str, text: str
) -> None:
    write(in_project, name, text)
    run = check(in_project, "--config", name)
    assert_config_error(run)
    assert_issue(run, name, 1, "no [tool.archfit], [tool.importlinter] or [importlinter] section")


def test_a_syntax_error_in_the_given_file(in_project: Path) -> None:
    body = write(in_project, "conf/bad.toml", ARCHFIT_TOML.replace("]\n\n[[", "\n\n[["))
    run = check(in_project, "--config", "conf/bad.toml")
    assert_config_error(run)
    assert_issue(run, "conf/bad.toml", line_of(body, "[[tool.archfit.contracts]]"), "invalid TOML")
