"""The analysed files per role in ``check`` (a count line, the files with ``--verbose``, a
JSON key) and each ``metrics`` row's role (JSON, CSV, table), issue 15."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.conftest import REPO, check_json

FILES = {
    "shop/__init__.py": "",
    "shop/api.py": "def get():\n    return 1\n",
    "tests/test_api.py": "from shop.api import get\n\ndef test_get():\n    assert get() == 1\n",
    "docs/conf.py": "project = 'shop'\n",
    "examples/app.py": "from shop.api import get\n",
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.archfit]\nroot_packages = ["shop"]\n', encoding="utf-8"
    )
    for path, text in FILES.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text, encoding="utf-8")
    return tmp_path


def test_check_prints_one_line_of_files_per_role(project: Path, run_cli: Any) -> None:
    _, out, _ = run_cli("check", str(project), "--no-cache")
    assert "\nfiles: 2 library, 1 tests, 1 examples, 1 docs\n" in out
    assert "  tests:" not in out


def test_verbose_lists_each_roles_files(project: Path, run_cli: Any) -> None:
    _, out, _ = run_cli("check", str(project), "--no-cache", "--verbose")
    assert "  library: shop/__init__.py, shop/api.py\n" in out
    assert "  tests: tests/test_api.py\n" in out
    assert "  docs: docs/conf.py\n" in out


def test_quiet_does_not_print_it(project: Path, run_cli: Any) -> None:
    _, out, _ = run_cli("check", str(project), "--no-cache", "--quiet")
    assert "files:" not in out


def test_json_counts_files_per_role_and_fits_its_schema(project: Path, run_cli: Any) -> None:
    _, doc = check_json(run_cli, str(project), "--no-cache")
    assert doc["roles"] == {"library": 2, "tests": 1, "examples": 1, "docs": 1}
    assert doc["projects"][0]["roles"] == doc["roles"]
    schema = json.loads((REPO / "fitness" / "schemas" / "check.json").read_text())
    jsonschema.validate(doc, schema)


def test_configured_roles_change_the_count(project: Path, run_cli: Any) -> None:
    pyproject = project / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text() + '[tool.archfit.roles]\nlibrary = ["examples/*"]\n',
        encoding="utf-8",
    )
    _, out, _ = run_cli("check", str(project), "--no-cache")
    assert "\nfiles: 3 library, 1 tests, 1 docs\n" in out


def test_metrics_rows_carry_their_role(project: Path, run_cli: Any) -> None:
    """Modules and functions in JSON (against the schema), CSV and the table."""
    (project / "shop" / "tests").mkdir()
    (project / "shop" / "tests" / "__init__.py").write_text("", encoding="utf-8")
    (project / "shop" / "tests" / "test_x.py").write_text("def test_x():\n    pass\n")
    _, out, _ = run_cli("metrics", str(project), "--no-cache", "--format", "json")
    doc = json.loads(out)
    jsonschema.validate(doc, json.loads((REPO / "fitness/schemas/metrics.json").read_text()))
    roles = {m["name"]: m["role"] for m in doc["modules"]}
    assert roles["shop.api"] == "library" and roles["shop.tests.test_x"] == "tests"
    functions = {f["qualname"]: f["role"] for m in doc["modules"] for f in m["functions"]}
    assert functions == {"get": "library", "test_x": "tests"}
    _, out, _ = run_cli("metrics", str(project), "--no-cache", "--format", "csv")
    rows = {r["name"]: r["role"] for r in csv.DictReader(io.StringIO(out))}
    assert rows["shop.tests.test_x"] == "tests" and rows["shop.api"] == "library"
    _, out, _ = run_cli("metrics", str(project), "--no-cache", "--level", "function")
    assert out.splitlines()[0].endswith("role")
    assert any(
        line.startswith("shop.tests.test_x") and line.endswith(" tests")
        for line in out.splitlines()
    )


def test_the_schemas_name_every_role() -> None:
    from analyzer.roles import Role

    every = [role.value for role in Role]
    check = json.loads((REPO / "fitness/schemas/check.json").read_text())
    assert check["properties"]["roles"]["propertyNames"]["enum"] == every
    metrics = json.loads((REPO / "fitness/schemas/metrics.json").read_text())
    assert metrics["$defs"]["module"]["properties"]["role"]["enum"] == every
    assert metrics["$defs"]["function"]["properties"]["role"]["enum"] == every
