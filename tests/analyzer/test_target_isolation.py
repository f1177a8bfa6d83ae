"""archfit reads the target's files and nothing else: never imports, runs or confuses them.

``shadownames`` holds root packages named like archfit's own (``analyzer``, ``fitness``,
``tests``) and like popular installed ones (``rules``, ``utils``); each ``__init__.py`` raises if
imported. ``sideeffects`` writes a marker file and exits 3 if anything of it is imported or run.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import analyzer
import fitness
from analyzer.facts import BlindSpotKind as B
from analyzer.facts import ImportKind as K
from analyzer.project import analyze
from tests.analyzer.trees import blind_rows, edge_rows
from tests.conftest import FIXTURES, REPO, check_json

SHADOWNAMES = FIXTURES / "shadownames"
SIDEEFFECTS = FIXTURES / "sideeffects"


def archfit_command(*args: str) -> list[str]:
    """The installed console script (as a user runs it), else the CLI without cwd on sys.path."""
    script = shutil.which("archfit", path=os.path.dirname(sys.executable))
    if script:
        return [script, *args]
    return [sys.executable, "-P", "-c", "from fitness.cli.main import main; main()", *args]


def test_shadowing_packages_are_analysed_as_the_targets_own() -> None:
    facts = analyze(str(SHADOWNAMES), jobs=1)
    assert facts.layout.root_packages == ("analyzer", "fitness", "rules", "tests", "utils")
    assert edge_rows(facts.edges) == [
        ("analyzer.project", "analyzer", 3, K.IMPORT),  # analyzer.graph is archfit's, not here
        ("analyzer.project", "fitness.engine", 4, K.IMPORT),
        ("analyzer.project", "utils.helpers", 5, K.IMPORT),
        ("fitness.engine", "rules.loader", 3, K.IMPORT),
        ("rules.loader", "utils.helpers", 5, K.IMPORT),
        ("tests.check_engine", "fitness.engine", 3, K.IMPORT),
        ("tests.check_engine", "tests", 4, K.IMPORT),
        ("utils.helpers", "utils.text", 3, K.IMPORT),
    ]
    assert edge_rows(facts.edges, external=True) == [("rules.loader", "grimp", 3, K.IMPORT)]
    assert blind_rows(facts.blind_spots) == [(B.MISSING_INTERNAL, "analyzer/project.py", 3)]
    # archfit's own packages are still archfit's.
    assert Path(analyzer.__file__).parent == REPO / "analyzer"
    assert Path(fitness.__file__).parent == REPO / "fitness"


def test_check_judges_the_targets_graph(run_cli: Any) -> None:
    code, doc = check_json(run_cli, str(SHADOWNAMES), "--select", "CON")
    assert code == 1
    assert [(c["id"], c["kept"]) for c in doc["contracts"]] == [("facts-below-judgments", False)]
    assert [(f["code"], f["path"], f["line"], f["subject"]) for f in doc["findings"]] == [
        ("CON002", "analyzer/project.py", 4, "analyzer -> fitness")
    ]


def test_check_from_inside_the_target_directory() -> None:
    """Run from the target's folder, where ``analyzer/`` and ``fitness/`` sit in the cwd."""
    done = subprocess.run(
        archfit_command("check", ".", "--format", "json"),
        cwd=SHADOWNAMES,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1, done.stderr
    assert json.loads(done.stdout)["summary"]["modules"] == 11


def test_checking_never_runs_target_code(tmp_path: Path) -> None:
    """The tree is unchanged but for archfit's own cache folder, and no marker ever appears."""
    marker = tmp_path / "marker"
    target = tmp_path / "target"
    shutil.copytree(SIDEEFFECTS, target, ignore=shutil.ignore_patterns(".archfit_cache"))
    before = sorted(p.relative_to(target) for p in target.rglob("*"))
    done = subprocess.run(
        archfit_command("check", ".", "--format", "json"),
        cwd=target,
        env={**os.environ, "SIDEEFFECTS_MARKER": str(marker)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 3, done.stderr
    assert done.returncode == 0, done.stderr
    assert not marker.exists()
    assert not (target / "SIDE_EFFECT_RAN").exists()
    after = sorted(p.relative_to(target) for p in target.rglob("*"))
    assert [p for p in after if p.parts[0] != ".archfit_cache"] == before
    doc = json.loads(done.stdout)
    assert doc["summary"]["files"] == 4 and doc["summary"]["modules"] == 3


def test_the_dynamic_import_of_a_side_effect_module_is_an_edge_not_a_call() -> None:
    facts = analyze(str(SIDEEFFECTS), jobs=1)
    assert edge_rows(facts.edges) == [
        ("sideeffectpkg.worker", "sideeffectpkg.plugin", 5, K.IMPORT),
        ("sideeffectpkg.worker", "sideeffectpkg.plugin", 7, K.DYNAMIC),
    ]
