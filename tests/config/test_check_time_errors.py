"""Options that only the code can refute (modules that do not exist) are config errors too."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.config.conftest import assert_config_error, assert_issue, check, line_of, write

TOML = """
[tool.archfit]
root_packages = ["cfgpkg"]

[[tool.archfit.contracts]]
id = "layering"
name = "Layering"
type = "layers"
layers = ["cfgpkg.a", "cfgpkg.missing_layer"]

[[tool.archfit.contracts]]
id = "pure"
name = "Pure"
type = "forbidden"
source_modules = ["cfgpkg.missing_source"]
forbidden_modules = ["os"]

[[tool.archfit.contracts]]
id = "fine"
name = "Fine"
type = "independence"
modules = ["cfgpkg.b", "cfgpkg.c"]
"""

YAML = """
root_packages: [cfgpkg]
contracts:
  - id: layering
    name: Layering
    type: layers
    layers:
      - cfgpkg.a
      - cfgpkg.missing_layer
  - id: pure
    name: Pure
    type: forbidden
    forbidden_modules: [os]
    source_modules: [cfgpkg.missing_source]
"""


@pytest.mark.parametrize(("name", "text"), [("pyproject.toml", TOML), ("archfit.yaml", YAML)])
def test_unknown_modules_are_all_reported_with_the_option_line(
    project: Path, name: str, text: str
) -> None:
    body = write(project, name, text)
    run = check(project)
    assert_config_error(run)
    layers = line_of(body, "layers:" if name.endswith("yaml") else "layers =")
    assert_issue(run, name, layers, "contract 'layering'", "'cfgpkg.missing_layer' does not exist")
    sources = line_of(body, "source_modules")
    assert_issue(run, name, sources, "contract 'pure'", "'cfgpkg.missing_source' does not exist")
    assert len(run.issues) == 2


def test_a_real_process_exits_2_without_a_traceback(project: Path) -> None:
    body = write(project, "pyproject.toml", TOML.replace('"Fine"', '"Fine'))
    archfit = Path(sys.executable).with_name("archfit")
    fallback = [sys.executable, "-c", "from fitness.cli.main import main; main()"]
    command = [str(archfit)] if archfit.exists() else fallback
    done = subprocess.run(
        [*command, "check", str(project)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stdout + done.stderr
    expected = f"archfit: config error: pyproject.toml:{line_of(body, 'Fine')}: invalid TOML"
    assert expected in done.stderr
