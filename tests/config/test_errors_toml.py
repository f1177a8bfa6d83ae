"""``[tool.archfit]`` in pyproject.toml: all problems at once, with file, line and value; exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from fitness.contracts.registry import CONTRACT_TYPES
from tests.config.conftest import assert_config_error, assert_issue, check, line_of, write

HEAD = """
[project]
name = "cfgpkg"

[tool.archfit]
root_packages = ["cfgpkg"]
"""

MANY_PROBLEMS = (
    HEAD
    + """
root_packges = ["typo"]
exclude = "build"
include_dynamic_imports = "yes"
baseline = 3

[[tool.archfit.contracts]]
id = "layering"
name = "Layering"
type = "layered"

[[tool.archfit.contracts]]
id = "shape"
name = "Shape"
type = "layers"
layers = "a"
exhaustive = "yes"
containerz = ["cfgpkg"]

[[tool.archfit.contracts]]
id = "pure"
name = "Pure"
type = "forbidden"
source_modules = ["cfgpkg.a"]

[[tool.archfit.contracts]]
id = "twice"
name = "First"
type = "independence"
modules = ["cfgpkg.a", "cfgpkg.b"]

[[tool.archfit.contracts]]
id = "twice"
name = "Second"
type = "independence"
modules = ["cfgpkg.a", "cfgpkg.c"]

[tool.archfit.rules]
CON001 = "loud"
forbidden = { severity = "fatal" }
no-such-rule = "off"

[tool.archfit.budgets]
"cfgpkg.a" = { complexity = "big" }
"cfgpkg.b" = 5
"""
)


def _contract_line(text: str, contract_id: str) -> int:
    """The ``[[tool.archfit.contracts]]`` header of the contract whose id line is given."""
    return line_of(text, f'id = "{contract_id}"') - 1


def test_every_problem_is_reported_in_one_run_with_its_line_and_value(project: Path) -> None:
    text = write(project, "pyproject.toml", MANY_PROBLEMS)
    run = check(project)
    assert_config_error(run)
    expected = [
        ("root_packges =", "unknown key 'root_packges'", "valid keys: source_roots"),
        ("exclude =", "exclude must be a list of strings", "'build'"),
        ("include_dynamic_imports", "must be true or false", "'yes'"),
        ("baseline = 3", "baseline must be a non-empty string", "3"),
        ('type = "layered"', "unknown contract type 'layered'", "valid types: layers"),
        ('layers = "a"', "layers must be a list of strings", "'a'"),
        ('exhaustive = "yes"', "exhaustive must be a boolean", "'yes'"),
        ("containerz", "unknown option 'containerz' for a layers contract", "containers"),
        ('CON001 = "loud"', "rule 'CON001'", "'loud'"),
        ("forbidden = {", "rule 'forbidden'", "'fatal'"),
        ("no-such-rule", "unknown rule 'no-such-rule'"),
        ('"cfgpkg.a" =', "budget for 'cfgpkg.a'", "'big'"),
        ('"cfgpkg.b" =', "budget for 'cfgpkg.b'", "5"),
    ]
    for needle, *fragments in expected:
        assert_issue(run, "pyproject.toml", line_of(text, needle), *fragments)
    pure = _contract_line(text, "pure")
    assert_issue(run, "pyproject.toml", pure, "missing required key 'forbidden_modules'")
    first = line_of(text, 'name = "First"') - 2
    second = line_of(text, 'name = "Second"') - 2
    duplicate = f"duplicate contract id 'twice' (first at line {first})"
    assert_issue(run, "pyproject.toml", second, duplicate)
    assert len(run.issues) == len(expected) + 2


def test_unknown_type_names_the_value_every_valid_type_and_the_file(project: Path) -> None:
    text = write(
        project,
        "pyproject.toml",
        HEAD + '\n[[tool.archfit.contracts]]\nname = "L"\ntype = "layered"\nlayers = ["a"]\n',
    )
    run = check(project)
    assert_config_error(run)
    assert_issue(run, "pyproject.toml", line_of(text, "layered"), "'layered'", "valid types:")
    (issue,) = run.issues
    for name in CONTRACT_TYPES:
        assert name in issue.split("valid types:")[1]


@pytest.mark.parametrize(
    ("contract", "needle", "fragments"),
    [
        (
            'name = "N"\nlayers = ["a"]',
            "[[tool.archfit.contracts]]",
            ("missing required key 'type'", "valid types"),
        ),
        (
            'type = "independence"\nmodules = ["cfgpkg.a"]',
            "[[tool.archfit.contracts]]",
            ("missing required key 'name'",),
        ),
        (
            'name = "N"\ntype = "independence"',
            "[[tool.archfit.contracts]]",
            ("missing required key 'modules'",),
        ),
        (
            'name = 5\ntype = "independence"\nmodules = ["cfgpkg.a"]',
            "name = 5",
            ("name must be a non-empty string", "5"),
        ),
        (
            'id = ["x"]\nname = "N"\ntype = "acyclic"',
            'id = ["x"]',
            ("id must be a non-empty string", "['x']"),
        ),
        (
            'name = "N"\ntype = "acyclic_siblings"\nancestors = ["cfgpkg"]\ndepth = -1',
            "depth",
            ("depth must be an integer", "-1"),
        ),
        (
            'name = "N"\ntype = "forbidden"\nsource_modules = ["cfgpkg.a"]\n'
            'forbidden_modules = ["os"]\nunmatched_ignore_imports_alerting = "loud"',
            "unmatched",
            ("one of none, warn, error", "'loud'"),
        ),
        (
            'name = "N"\ntype = "acyclic"\nhow_to_fix = ["a"]',
            "how_to_fix",
            ("how_to_fix must be a string", "['a']"),
        ),
    ],
)
def test_one_contract_problem(
    project: Path, contract: str, needle: str, fragments: tuple[str, ...]
) -> None:
    text = write(
        project, "pyproject.toml", HEAD + "\n[[tool.archfit.contracts]]\n" + contract + "\n"
    )
    run = check(project)
    assert_config_error(run)
    assert_issue(run, "pyproject.toml", line_of(text, needle), *fragments)
    assert len(run.issues) == 1


@pytest.mark.parametrize(
    ("body", "needle", "fragments"),
    [
        (
            "source_roots = [1, 2]",
            "source_roots",
            ("source_roots must be a list of strings", "[1, 2]"),
        ),
        ("contracts = 5", "contracts = 5", ("contracts must be a list of tables",)),
        ('rules = "strict"', "rules =", ("rules must be a table",)),
        ("budgets = [1]", "budgets =", ("budgets must be a table",)),
        (
            '[tool.archfit.budgets."cfgpkg.c"]\nsloc = -1',
            '"cfgpkg.c"',
            ("budget for 'cfgpkg.c'", "-1"),
        ),
        (
            "[tool.archfit.budgets]\ncfgpkg = { sloc = true }",
            "cfgpkg =",
            ("budget for 'cfgpkg'", "True"),
        ),
        (
            '[tool.archfit.rules]\nCON002 = { severity = "fatal", threshold = 3 }',
            "CON002",
            ("'fatal'",),
        ),
    ],
)
def test_one_top_level_problem(
    project: Path, body: str, needle: str, fragments: tuple[str, ...]
) -> None:
    text = write(project, "pyproject.toml", HEAD + body + "\n")
    run = check(project)
    assert_config_error(run)
    assert_issue(run, "pyproject.toml", line_of(text, needle), *fragments)
    assert len(run.issues) == 1


@pytest.mark.parametrize(
    ("body", "needle", "fragment"),
    [
        ('exclude = ["a"\n\n[tool.x]\n', "[tool.x]", "invalid TOML"),
        ("baseline = \n", "baseline", "Invalid value"),
        ('baseline = "open\n', "baseline", "invalid TOML"),
        ('root_packages = ["again"]\n', 'root_packages = ["again"]', "Cannot overwrite a value"),
        ('exclude = ["a"', "exclude", "Unclosed array (at end of document)"),
        ('exclude = [\n  "a",\n  "b"\n\n', "exclude", "Unclosed array (at end of document)"),
        ('baseline = """abc\n[not.a.table]\n\n', "baseline", "Unterminated string"),
        ("trailing", "trailing", "Expected '='"),
    ],
)
def test_toml_syntax_error_names_its_line(
    project: Path, body: str, needle: str, fragment: str
) -> None:
    text = write(project, "pyproject.toml", HEAD + body)
    run = check(project)
    assert_config_error(run)
    assert_issue(run, "pyproject.toml", line_of(text, needle), fragment)


def test_a_table_where_archfit_wants_a_table_of_settings(project: Path) -> None:
    text = write(project, "pyproject.toml", 'tool.archfit = "on"\n')
    run = check(project)
    assert_config_error(run)
    assert_issue(
        run, "pyproject.toml", line_of(text, "tool.archfit"), "[tool.archfit] must be a table"
    )
