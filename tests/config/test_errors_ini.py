"""import-linter's INI files (.importlinter, setup.cfg): problems with file and line; exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.config.conftest import assert_config_error, assert_issue, check, line_of, write

INI_NAMES = pytest.mark.parametrize("name", [".importlinter", "setup.cfg"])

MANY_PROBLEMS = """
[importlinter]
root_package = cfgpkg

[importlinter:contract:layering]
name = Layering
type = layered
layers =
    cfgpkg.a
    cfgpkg.b

[importlinter:contract:shape]
name = Shape
type = layers
exhaustive = yes
layers =
    cfgpkg.a
    cfgpkg.b

[importlinter:contract:alone]
name = Alone
type = independence

[importlinter:contract:nameless]
type = forbidden
source_modules = cfgpkg.a
forbidden_modules = os
allow_indirect_imports = sometimes
"""


@INI_NAMES
def test_every_problem_is_reported_in_one_run_with_its_line_and_value(
    project: Path, name: str
) -> None:
    text = write(project, name, MANY_PROBLEMS)
    run = check(project)
    assert_config_error(run)
    expected = [
        ("type = layered", "unknown contract type 'layered'", "valid types: layers"),
        ("exhaustive = yes", "exhaustive must be a boolean", "'yes'"),
        ("[importlinter:contract:alone]", "missing required key 'modules'"),
        ("[importlinter:contract:nameless]", "missing required key 'name'"),
        ("allow_indirect_imports", "allow_indirect_imports must be a boolean", "'sometimes'"),
    ]
    for needle, *fragments in expected:
        assert_issue(run, name, line_of(text, needle), *fragments)
    assert len(run.issues) == len(expected)


@INI_NAMES
@pytest.mark.parametrize(
    ("body", "needle", "fragment"),
    [
        ("root_package = x\n[importlinter]\n", "root_package", "no section headers"),
        (
            "[importlinter]\nroot_package = cfgpkg\n"
            "[importlinter:contract:a]\nname = A\nname = B\n",
            "name = B",
            "option 'name' in section 'importlinter:contract:a' already exists",
        ),
        (
            "[importlinter]\nroot_package = cfgpkg\n[importlinter]\nroot_package = x\n",
            3,
            "section 'importlinter' already exists",
        ),
        (
            "[importlinter]\nroot_package = cfgpkg\n  indented\nnot a key\n",
            "not a key",
            "parsing errors",
        ),
        (
            "[importlinter]\nroot_package = cfgpkg\n[importlinter:contract:a]\n"
            "name = %(oops)s\ntype = acyclic\n",
            "oops",
            "interpolation key 'oops'",
        ),
    ],
)
def test_ini_syntax_error_names_its_line(
    project: Path, name: str, body: str, needle: str | int, fragment: str
) -> None:
    text = write(project, name, body)
    run = check(project)
    assert_config_error(run)
    line = needle if isinstance(needle, int) else line_of(text, needle)
    assert_issue(run, name, line, fragment)
    assert len(run.issues) == 1


@INI_NAMES
def test_no_root_package_is_reported_at_the_section(project: Path, name: str) -> None:
    text = write(
        project,
        name,
        """
        [importlinter]
        include_external_packages = true

        [importlinter:contract:a]
        name = A
        type = acyclic
        """,
    )
    run = check(project)
    assert_config_error(run)
    assert_issue(run, name, line_of(text, "[importlinter]"), "no root_package(s)")


@INI_NAMES
def test_unknown_modules_are_reported_at_check_time_with_the_option_line(
    project: Path, name: str
) -> None:
    text = write(
        project,
        name,
        """
        [importlinter]
        root_packages =
            cfgpkg

        [importlinter:contract:layering]
        name = Layering
        type = layers
        layers =
            cfgpkg.a
            cfgpkg.missing_layer

        [importlinter:contract:pure]
        name = Pure
        type = forbidden
        source_modules =
            cfgpkg.missing_source
        forbidden_modules = os
        """,
    )
    run = check(project)
    assert_config_error(run)
    assert_issue(run, name, line_of(text, "layers ="), "'layering'", "cfgpkg.missing_layer")
    assert_issue(run, name, line_of(text, "source_modules"), "'pure'", "cfgpkg.missing_source")
    assert len(run.issues) == 2
