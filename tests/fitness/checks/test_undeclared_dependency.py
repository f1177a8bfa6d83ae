"""ARC004 undeclared-dependency, agreeing with deptry (DEP001/DEP003/DEP004) on fixtures/depshop."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES
from tests.fitness.checks.repo import findings, found, make_repo

DEPSHOP = FIXTURES / "depshop"
DECLARED = '\n[project]\nname = "x"\ndependencies = ["requests", "PyYAML", "Pillow"]\n'


def _repo(root: Path, imports: str, config: str = DECLARED) -> Path:
    files = {"udshop/__init__.py": "", "udshop/io.py": imports}
    return make_repo(root, files, config)


def test_depshop_findings(run_cli: Any) -> None:
    """numpy is missing (DEP001), urllib3 transitive (DEP003), pytest dev-only (DEP004)."""
    assert sorted(found(run_cli, DEPSHOP, "ARC00")) == [
        ("ARC004", "depshop.fetch -> numpy"),
        ("ARC005", "click"),
        ("ARC007", "depshop.fetch -> urllib3"),
        ("ARC008", "depshop.plugins -> pytest"),
    ]
    messages = {f["subject"]: f["message"] for f in findings(run_cli, DEPSHOP, "ARC00")}
    assert "only installed through requests" in messages["depshop.fetch -> urllib3"]
    assert "only a dev dependency (test)" in messages["depshop.plugins -> pytest"]


def test_import_names_map_to_their_distributions(tmp_path: Path, run_cli: Any) -> None:
    """yaml is PyYAML and PIL is Pillow: declared, so nothing to report."""
    assert (
        found(run_cli, _repo(tmp_path, "import requests, yaml\nfrom PIL import Image\n"), "ARC004")
        == []
    )


def test_namespace_distributions_map_by_their_dotted_names(tmp_path: Path, run_cli: Any) -> None:
    """fastapi 0.165.0: opentelemetry-api provides ``opentelemetry.trace``, and a namespace
    distribution imports as its name dotted (``opentelemetry.exporter.otlp.proto.http``,
    ``zope.interface``): declared, so neither ARC004 nor ARC005."""
    names = [
        "opentelemetry-api",
        "opentelemetry-sdk",
        "opentelemetry-exporter-otlp-proto-http",
        "zope-interface",
    ]
    config = f'\n[project]\nname = "x"\ndependencies = {json.dumps(names)}\n'
    imports = (
        "from opentelemetry import trace\nfrom opentelemetry.sdk.trace import TracerProvider\n"
        "from opentelemetry.exporter.otlp.proto.http import trace_exporter\n"
        "import zope.interface\n"
    )
    root = _repo(tmp_path, imports, config)
    assert found(run_cli, root, "ARC004") == []
    assert found(run_cli, root, "ARC005") == []


def test_an_undeclared_import_is_reported(tmp_path: Path, run_cli: Any) -> None:
    root = _repo(tmp_path, "import requests, yaml\nfrom sklearn import svm\n")
    [finding] = findings(run_cli, root, "ARC004")
    assert finding["subject"] == "udshop.io -> sklearn"
    assert "scikit-learn" in finding["message"] and finding["line"] == 2


def test_mapping_param_and_ignore(tmp_path: Path, run_cli: Any) -> None:
    config = DECLARED.replace('"Pillow"', '"in-house-client"') + (
        "[tool.archfit.rules]\n"
        'undeclared-dependency = { mapping = { "inhouse" = "in-house-client" } }\n'
    )
    assert found(run_cli, _repo(tmp_path, "import inhouse\n", config), "ARC004") == []


def test_a_project_that_declares_nothing_is_a_warning(tmp_path: Path, run_cli: Any) -> None:
    """Not judged, and said so: ARC010 instead of a silent pass."""
    assert found(run_cli, _repo(tmp_path, "import numpy\n", ""), "ARC") == [("ARC010", ".")]


def _deptry() -> str:
    command = Path(sys.executable).parent / "deptry"
    found_path = str(command) if command.exists() else shutil.which("deptry")
    if found_path is None:
        pytest.skip("deptry (the dev extra's oracle) is not installed")
    return found_path


def test_archfit_agrees_with_deptry_on_depshop(tmp_path: Path, run_cli: Any) -> None:
    """deptry reads import names from the environment; archfit ships them. deptry is told the
    one mapping its environment lacks (bs4), and otherwise both must say the same."""
    target = tmp_path / "depshop"
    shutil.copytree(DEPSHOP, target)
    report = tmp_path / "deptry.json"
    command = [_deptry(), ".", "--package-module-name-map", "beautifulsoup4=bs4", "-o", str(report)]
    subprocess.run(command, cwd=target, capture_output=True, check=False)
    theirs = json.loads(report.read_text())
    missing = {v["module"] for v in theirs if v["error"]["code"] in {"DEP001", "DEP003", "DEP004"}}
    kinds = {"ARC004", "ARC007", "ARC008"}
    unused = {v["module"] for v in theirs if v["error"]["code"] == "DEP002"}
    ours = findings(run_cli, target, "ARC")
    assert {f["subject"].split(" -> ")[1] for f in ours if f["code"] in kinds} == missing
    assert {f["subject"] for f in ours if f["code"] == "ARC005"} == unused
