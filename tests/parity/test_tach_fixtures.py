"""tach 0.35.3 as the oracle: on small projects covering the keys of its configuration,
``archfit check`` reports the same imports as ``tach check`` (file, line, importer module,
imported module, kind), from the contracts it reads from ``tach.toml`` (ADR-0017)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.parity import tach_cases
from tests.parity.tach_oracle import archfit_diagnostics, run_archfit, tach_diagnostics

CASES = {
    "depends_on": tach_cases.DEPENDS_ON,
    "layers": tach_cases.LAYERS,
    "import_kinds": tach_cases.IMPORT_KINDS,
    "interfaces": tach_cases.INTERFACES,
    "nested": tach_cases.NESTED,
    "domains": tach_cases.DOMAINS,
    "layers_explicit_depends_on": tach_cases.LAYERS_EXPLICIT,
    "type_checking_judged": tach_cases.TYPE_CHECKING_JUDGED,
    "local_imports_off": tach_cases.LOCAL_IMPORTS_OFF,
    "unchecked_and_exclude": tach_cases.UNCHECKED_EXCLUDE,
    "pyproject": tach_cases.PYPROJECT,
    "root_module_allow": tach_cases.ROOT_ALLOW,
    "root_module_dependenciesonly": tach_cases.ROOT_DEPENDENCIES_ONLY,
    "globs": tach_cases.GLOBS,
    "example_valid": tach_cases.EXAMPLE_VALID,
    "example_distributed_config": tach_cases.EXAMPLE_DISTRIBUTED,
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_archfit_reports_what_tach_reports(tmp_path: Path, name: str) -> None:
    root = tach_cases.write(tmp_path, CASES[name])
    expected = tach_diagnostics(root)
    assert expected, "every case breaks something: an empty agreement proves nothing"
    assert archfit_diagnostics(root) == expected


_UNUSED = re.compile(r"'(?P<module>[^']+)' does not depend on: \[(?P<names>[^\]]*)\]")


def test_exact_reports_the_unused_dependencies_tach_reports(tmp_path: Path) -> None:
    root = tach_cases.write(tmp_path, tach_cases.EXACT)
    done = subprocess.run(
        [sys.executable, "-m", "tach", "check"], cwd=root, capture_output=True, text=True
    )
    expected = {
        (m["module"], name.strip(" '"))
        for m in _UNUSED.finditer(done.stdout + done.stderr)
        for name in m["names"].split(",")
    }
    assert expected == {("a", "c"), ("a", "d"), ("b", "a")}
    _, report = run_archfit(root)
    found = {
        (f["contract"].split(":", 2)[2], f["subject"].removeprefix("unused: "))
        for f in report["findings"]
        if str(f.get("contract", "")).startswith("tach:module:")
        and f["subject"].startswith("unused: ")
    }
    assert found == expected
