"""archfit.yaml and .archfit.yaml: PyYAML's marks give every key's line; exit 2, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.config.conftest import assert_config_error, assert_issue, check, line_of, write

YAML_NAMES = pytest.mark.parametrize("name", ["archfit.yaml", ".archfit.yaml"])

MANY_PROBLEMS = """
root_packages: [cfgpkg]
root_packges: [typo]
exclude: build
baseline: [a]
contracts:
  - id: layering
    name: Layering
    type: layered
  - id: shape
    name: Shape
    type: layers
    layers: a
    exhaustive: "yes"
    containerz: [cfgpkg]
  - id: pure
    name: Pure
    type: forbidden
    source_modules: [cfgpkg.a]
  - name: No id, no type
  - id: twice
    name: First
    type: acyclic
  - id: twice
    name: Second
    type: acyclic
rules:
  CON001: loud
budgets:
  cfgpkg.a: {complexity: big}
"""


@YAML_NAMES
def test_every_problem_is_reported_in_one_run_with_its_line_and_value(
    project: Path, name: str
) -> None:
    text = write(project, name, MANY_PROBLEMS)
    run = check(project)
    assert_config_error(run)
    expected = [
        ("root_packges", "unknown key 'root_packges'"),
        ("exclude:", "exclude must be a list of strings", "'build'"),
        ("baseline:", "baseline must be a non-empty string", "['a']"),
        ("type: layered", "unknown contract type 'layered'", "valid types: layers, forbidden"),
        ("layers: a", "layers must be a list of strings", "'a'"),
        ('exhaustive: "yes"', "exhaustive must be a boolean", "'yes'"),
        ("containerz", "unknown option 'containerz'"),
        ("id: pure", "missing required key 'forbidden_modules'"),
        ("No id, no type", "missing required key 'type'"),
        ("CON001: loud", "rule 'CON001'", "'loud'"),
        ("cfgpkg.a:", "budget for 'cfgpkg.a'", "'big'"),
    ]
    for needle, *fragments in expected:
        assert_issue(run, name, line_of(text, needle), *fragments)
    first, second = line_of(text, "name: First") - 1, line_of(text, "name: Second") - 1
    assert_issue(run, name, second, f"duplicate contract id 'twice' (first at line {first})")
    assert len(run.issues) == len(expected) + 1


@YAML_NAMES
@pytest.mark.parametrize(
    ("body", "needle", "fragment"),
    [
        ("root_packages: [cfgpkg\ncontracts: []\n", "contracts", "invalid YAML"),
        ("root_packages:\n  - cfgpkg\n bad: x\n", "bad: x", "invalid YAML"),
        ("exclude: ['a']\nbaseline: 'open\n", "baseline", "while scanning a quoted scalar"),
        ("exclude: []\nbaseline: !!python/name:os.system\n", "baseline", "invalid YAML"),
        ("exclude: []\nbaseline: !custom x\n", "baseline", "could not determine a constructor"),
        ("exclude: []\n[a, b]: 1\n", "[a, b]", "a key must be a plain value"),
        ("exclude: []\n---\nbaseline: x\n", "---", "invalid YAML"),
    ],
)
def test_yaml_syntax_error_names_its_line(
    project: Path, name: str, body: str, needle: str, fragment: str
) -> None:
    text = write(project, name, body)
    run = check(project)
    assert_config_error(run)
    assert_issue(run, name, line_of(text, needle), fragment)
    assert len(run.issues) == 1


@YAML_NAMES
def test_a_document_that_is_not_a_mapping(project: Path, name: str) -> None:
    write(project, name, "- root_packages\n- cfgpkg\n")
    run = check(project)
    assert_config_error(run)
    assert_issue(run, name, 1, "must be a mapping")


def test_undecodable_bytes_name_their_line(project: Path) -> None:
    (project / "archfit.yaml").write_bytes(b"root_packages: [cfgpkg]\nbaseline: \xff\n")
    run = check(project)
    assert_config_error(run)
    assert_issue(run, "archfit.yaml", 2, "not valid UTF-8")


def test_merge_keys_are_applied_as_safe_load_does(project: Path) -> None:
    text = write(
        project,
        "archfit.yaml",
        """
        root_packages: [cfgpkg]
        contracts:
          - &base
            id: first
            name: First
            type: layers
            layers: [cfgpkg.a, cfgpkg.b]
          - <<: *base
            id: second
            name: Second
            exhaustive: maybe
        """,
    )
    run = check(project)
    assert_config_error(run)
    assert_issue(run, "archfit.yaml", line_of(text, "maybe"), "exhaustive must be a boolean")
    assert len(run.issues) == 1  # the merged keys gave the second contract its type and layers
