"""import-linter's configuration read as-is: same ids and names, its options honoured."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.config.conftest import (
    assert_config_error,
    assert_issue,
    check,
    line_of,
    write,
)

INI = """
[importlinter]
{roots}

[importlinter:contract:layering]
name = A above B
type = layers
layers =
    cfgpkg.a
    cfgpkg.b

[importlinter:contract:b-pure]
name = B does not import A
type = forbidden
source_modules = cfgpkg.b
forbidden_modules = cfgpkg.a

[importlinter:contract:a-free]
name = A does not import B
type = forbidden
source_modules = cfgpkg.a
forbidden_modules = cfgpkg.b
"""

TOML = """
[project]
name = "cfgpkg"

[tool.importlinter]
{roots}

[[tool.importlinter.contracts]]
id = "layering"
name = "A above B"
type = "layers"
layers = ["cfgpkg.a", "cfgpkg.b"]

[[tool.importlinter.contracts]]
id = "b-pure"
name = "B does not import A"
type = "forbidden"
source_modules = ["cfgpkg.b"]
forbidden_modules = ["cfgpkg.a"]

[[tool.importlinter.contracts]]
id = "a-free"
name = "A does not import B"
type = "forbidden"
source_modules = ["cfgpkg.a"]
forbidden_modules = ["cfgpkg.b"]
"""

INI_ROOTS = ["root_package = cfgpkg", "root_packages =\n    cfgpkg", "root_packages = cfgpkg"]
TOML_ROOTS = ['root_package = "cfgpkg"', 'root_packages = ["cfgpkg"]']
VERDICTS = {"layering": True, "b-pure": True, "a-free": False}
NAMES = {"layering": "A above B", "b-pure": "B does not import A", "a-free": "A does not import B"}


def _json(project: Path, *args: str) -> tuple[int, dict[str, Any]]:
    run = check(project, "--format", "json", "--select", "CON,INP", *args)  # contracts only
    assert "Traceback" not in run.out + run.err
    return run.code, json.loads(run.out)


def _assert_read_as_is(project: Path, name: str, text: str, header: str) -> None:
    code, doc = _json(project)
    assert code == 1  # a-free is broken: cfgpkg.a imports cfgpkg.b
    assert {c["id"]: c["kept"] for c in doc["contracts"]} == VERDICTS
    assert {c["id"]: c["name"] for c in doc["contracts"]} == NAMES
    for contract in doc["contracts"]:
        source = contract["source"]
        assert source["kind"] == "importlinter"
        assert source["path"] == name
        assert source["line"] == line_of(text, header.format(id=contract["id"]))
    (finding,) = doc["findings"]
    assert (finding["code"], finding["subject"]) == ("CON002", "cfgpkg.a -> cfgpkg.b")


@pytest.mark.parametrize("name", [".importlinter", "setup.cfg"])
@pytest.mark.parametrize("roots", INI_ROOTS)
def test_ini_files_are_read_as_is(project: Path, name: str, roots: str) -> None:
    text = write(project, name, INI.replace("{roots}", roots))
    _assert_read_as_is(project, name, text, "[importlinter:contract:{id}]")


@pytest.mark.parametrize("roots", TOML_ROOTS)
def test_tool_importlinter_is_read_as_is(project: Path, roots: str) -> None:
    text = write(project, "pyproject.toml", TOML.replace("{roots}", roots))
    header_lines = {cid: line_of(text, f'id = "{cid}"') - 1 for cid in VERDICTS}
    code, doc = _json(project)
    assert code == 1
    assert {c["id"]: c["kept"] for c in doc["contracts"]} == VERDICTS
    assert {c["id"]: c["name"] for c in doc["contracts"]} == NAMES
    assert {c["id"]: c["source"]["line"] for c in doc["contracts"]} == header_lines
    assert {c["source"]["kind"] for c in doc["contracts"]} == {"importlinter"}


def test_setup_cfg_comes_before_importlinter_as_in_import_linter(project: Path) -> None:
    write(project, "setup.cfg", INI.replace("{roots}", "root_package = cfgpkg"))
    write(project, ".importlinter", "[importlinter]\nroot_package = cfgpkg\n")
    _, doc = _json(project)
    assert {c["source"]["path"] for c in doc["contracts"]} == {"setup.cfg"}


def test_a_setup_cfg_for_other_tools_is_not_read(project: Path) -> None:
    write(project, "setup.cfg", "[metadata]\nname = x\nname = twice\n")
    write(project, "pyproject.toml", '[tool.archfit]\nroot_packages = ["cfgpkg"]\n')
    run = check(project)
    assert run.code == 0, run.err


def test_archfit_and_import_linter_side_by_side(project: Path) -> None:
    archfit = '[tool.archfit]\nroot_packages = ["cfgpkg"]\n\n[[tool.archfit.contracts]]\n'
    archfit += 'id = "acyclic"\nname = "No cycles"\ntype = "acyclic"\n'
    write(project, "pyproject.toml", archfit)
    write(project, ".importlinter", INI.replace("{roots}", "root_package = cfgpkg"))
    _, doc = _json(project)
    kinds = {c["id"]: c["source"]["kind"] for c in doc["contracts"]}
    assert kinds == {"acyclic": "config", **dict.fromkeys(VERDICTS, "importlinter")}


CUSTOM_INI = """
[importlinter]
root_package = cfgpkg
contract_types =
    mine: somewhere.contracts.MyContract

[importlinter:contract:custom]
name = Custom
type = mine

[importlinter:contract:alone]
name = B and C are independent
type = independence
modules =
    cfgpkg.b
    cfgpkg.c
"""

CUSTOM_TOML = """
[tool.importlinter]
root_package = "cfgpkg"
contract_types = ["mine: somewhere.contracts.MyContract"]

[[tool.importlinter.contracts]]
id = "custom"
name = "Custom"
type = "mine"

[[tool.importlinter.contracts]]
id = "alone"
name = "B and C are independent"
type = "independence"
modules = ["cfgpkg.b", "cfgpkg.c"]
"""


@pytest.mark.parametrize(
    ("name", "text", "header"),
    [
        (".importlinter", CUSTOM_INI, "[importlinter:contract:custom]"),
        ("pyproject.toml", CUSTOM_TOML, '[[tool.importlinter.contracts]]\nid = "custom"'),
    ],
)
def test_custom_contract_types_are_skipped_with_a_warning_naming_them(
    project: Path, name: str, text: str, header: str
) -> None:
    body = write(project, name, text)
    code, doc = _json(project)
    assert code == 0
    assert [c["id"] for c in doc["contracts"]] == ["alone"]
    (warning,) = doc["warnings"]
    line = body[: body.index(header)].count("\n") + 1
    assert warning.startswith(f"{name}:{line}: ")
    assert "'custom'" in warning
    assert "custom type 'mine'" in warning
    run = check(project)
    assert "custom type 'mine'" in run.out + run.err


UNMATCHED = """
[importlinter]
root_package = cfgpkg

[importlinter:contract:layering]
name = A above B
type = layers
layers =
    cfgpkg.a
    cfgpkg.b
ignore_imports =
    cfgpkg.c -> cfgpkg.b
{alerting}
"""


def test_unmatched_ignore_import_is_an_error_finding_by_default(project: Path) -> None:
    text = write(project, ".importlinter", UNMATCHED.replace("{alerting}", ""))
    code, doc = _json(project)
    assert code == 1
    (verdict,) = doc["contracts"]
    assert verdict["kept"] is False
    (finding,) = doc["findings"]
    assert finding["code"] == "CON001"  # the contract's own code
    assert finding["severity"] == "error"
    assert (finding["path"], finding["line"]) == (".importlinter", line_of(text, "ignore_imports"))
    assert "cfgpkg.c -> cfgpkg.b" in finding["message"]
    assert finding["subject"] == "ignore_imports: cfgpkg.c -> cfgpkg.b"


def test_unmatched_ignore_import_set_to_error_explicitly(project: Path) -> None:
    alerting = "unmatched_ignore_imports_alerting = error"
    write(project, ".importlinter", UNMATCHED.replace("{alerting}", alerting))
    code, doc = _json(project)
    assert code == 1
    assert [f["code"] for f in doc["findings"]] == ["CON001"]


def test_unmatched_ignore_import_warn_keeps_the_contract_with_a_warning(project: Path) -> None:
    alerting = "unmatched_ignore_imports_alerting = warn"
    write(project, ".importlinter", UNMATCHED.replace("{alerting}", alerting))
    code, doc = _json(project)
    assert code == 0
    assert doc["findings"] == []
    (verdict,) = doc["contracts"]
    assert verdict["kept"] is True
    assert any("cfgpkg.c -> cfgpkg.b" in w for w in verdict["warnings"])


def test_unmatched_ignore_import_none_is_silent(project: Path) -> None:
    alerting = "unmatched_ignore_imports_alerting = none"
    write(project, ".importlinter", UNMATCHED.replace("{alerting}", alerting))
    code, doc = _json(project)
    assert code == 0
    assert doc["findings"] == []
    assert doc["contracts"][0]["kept"] is True
    assert doc["contracts"][0]["warnings"] == []


def test_unmatched_ignore_import_in_archfit_toml_names_the_line(project: Path) -> None:
    text = write(
        project,
        "pyproject.toml",
        """
        [tool.archfit]
        root_packages = ["cfgpkg"]

        [[tool.archfit.contracts]]
        id = "pure"
        name = "C stays pure"
        type = "forbidden"
        source_modules = ["cfgpkg.c"]
        forbidden_modules = ["os"]
        ignore_imports = ["cfgpkg.c -> os"]
        """,
    )
    code, doc = _json(project)
    assert code == 1
    (finding,) = doc["findings"]
    assert finding["code"] == "CON002"
    assert (finding["path"], finding["line"]) == ("pyproject.toml", line_of(text, "ignore_imports"))


def test_bad_alerting_value_is_a_config_error(project: Path) -> None:
    alerting = "unmatched_ignore_imports_alerting = loud"
    text = write(project, ".importlinter", UNMATCHED.replace("{alerting}", alerting))
    run = check(project)
    assert_config_error(run)
    assert_issue(
        run, ".importlinter", line_of(text, "alerting"), "one of none, warn, error", "'loud'"
    )


ONE_CONTRACT = '[[tool.importlinter.contracts]]\nname = "A"\ntype = "independence"\nmodules = []\n'


@pytest.mark.parametrize(
    ("body", "needle", "fragments"),
    [
        ("root_packages = 5\n" + ONE_CONTRACT, "root_packages", ("must name packages", "5")),
        ("root_packages = []\n" + ONE_CONTRACT, "root_packages", ("must name packages", "[]")),
        ('root_package = "cfgpkg"\ncontracts = 5\n', "contracts", ("contracts must be a list",)),
        (
            'root_package = "cfgpkg"\n[[tool.importlinter.contracts]]\nid = "x"\nname = "X"\n'
            'type = "layered"\n',
            "layered",
            ("unknown contract type 'layered'", "valid types"),
        ),
        (
            'root_package = "cfgpkg"\n[[tool.importlinter.contracts]]\nid = "x"\nname = "X"\n'
            'type = ["layers"]\n',
            "type =",
            ("unknown contract type ['layers']",),
        ),
    ],
)
def test_tool_importlinter_problems(
    project: Path, body: str, needle: str, fragments: tuple[str, ...]
) -> None:
    text = write(project, "pyproject.toml", "[tool.importlinter]\n" + body)
    run = check(project)
    assert_config_error(run)
    assert_issue(run, "pyproject.toml", line_of(text, needle), *fragments)
    assert len(run.issues) == 1


def test_duplicate_ids_across_files_name_both_places(project: Path) -> None:
    archfit = write(
        project,
        "pyproject.toml",
        """
        [tool.archfit]
        root_packages = ["cfgpkg"]

        [[tool.archfit.contracts]]
        id = "b-pure"
        name = "No cycles"
        type = "acyclic"
        """,
    )
    ini = write(project, ".importlinter", INI.replace("{roots}", "root_package = cfgpkg"))
    run = check(project)
    assert_config_error(run)
    first = f"pyproject.toml:{line_of(archfit, '[[tool.archfit.contracts]]')}"
    line = line_of(ini, "[importlinter:contract:b-pure]")
    assert_issue(run, ".importlinter", line, f"duplicate contract id 'b-pure' (first at {first})")
