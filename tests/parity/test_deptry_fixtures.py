"""deptry as the oracle: the same projects through both tools, the same verdicts.

deptry's codes map to archfit's (README, "Switching from deptry"): DEP001 missing and DEP003
transitive -> ARC004 / ARC007; DEP002 unused -> ARC005; DEP004 dev -> ARC008; DEP005 stdlib ->
ARC009. deptry tells DEP001 from DEP003 by what is installed where it runs; archfit by the
target's lock file and its shipped table: both are compared as "missing". Every other
difference is listed in the case with its reason.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from analyzer.manifest import normalize
from fitness.checks.distributions import IMPORT_TO_DISTRIBUTION
from tests.conftest import check_json
from tests.parity.deptry_cases import CASES, Case

_THEIRS = {"DEP001": "missing", "DEP003": "missing", "DEP002": "unused"}
_THEIRS |= {"DEP004": "dev", "DEP005": "stdlib"}
_OURS = {"ARC004": "missing", "ARC007": "missing", "ARC005": "unused"}
_OURS |= {"ARC008": "dev", "ARC009": "stdlib"}


def _deptry() -> str:
    command = Path(sys.executable).parent / "deptry"
    found = str(command) if command.exists() else shutil.which("deptry")
    if found is None:
        pytest.fail("deptry (a dev dependency, the oracle) is not installed")
    return found


def _module_map() -> str:
    """archfit's shipped table in deptry's ``--package-module-name-map`` syntax."""
    modules: dict[str, list[str]] = {}
    for module, dist in IMPORT_TO_DISTRIBUTION.items():
        modules.setdefault(dist, []).append(module)
    return ",".join(f"{dist}={'|'.join(sorted(names))}" for dist, names in sorted(modules.items()))


def _write(root: Path, case: Case) -> None:
    for path, text in case.files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(textwrap.dedent(text), encoding="utf-8")


def _theirs(root: Path, case: Case) -> set[tuple[str, str]]:
    report = root.parent / f"{case.name}.json"
    command = [_deptry(), ".", "-o", str(report), "--package-module-name-map", _module_map()]
    done = subprocess.run(
        [*command, *case.deptry_args], cwd=root, capture_output=True, text=True, check=False
    )
    assert done.returncode in (0, 1), done.stderr
    return {
        (_THEIRS[v["error"]["code"]], normalize(v["module"]))
        for v in json.loads(report.read_text(encoding="utf-8"))
    }


def _ours(run_cli: Any, root: Path) -> set[tuple[str, str]]:
    _, doc = check_json(run_cli, str(root), "--no-cache", "--select", "ARC")
    found = set()
    for finding in doc["findings"]:
        kind = _OURS.get(finding["code"])
        if kind:
            name = finding["subject"].rpartition(" -> ")[2]
            found.add((kind, normalize(name)))
    return found


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_archfit_agrees_with_deptry(case: Case, tmp_path: Path, run_cli: Any) -> None:
    root = tmp_path / case.name
    _write(root, case)
    theirs, ours = _theirs(root, case), _ours(run_cli, root)
    expected = (theirs - set(case.removed)) | set(case.added)
    assert ours == expected, f"deptry: {sorted(theirs)}"
