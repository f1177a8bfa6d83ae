"""Commands load what they need and no more: the pre-commit hook's start-up budget (ADR-0012)."""

from __future__ import annotations

import gc
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import click
from click.testing import CliRunner

from fitness.cli.collector import quiet_collector
from fitness.cli.lazy import LazyGroup
from fitness.cli.main import main
from tests.conftest import FIXTURES, REPO

# What `archfit check` on a small target without ADRs, contracts or .gitignore never needs.
NOT_FOR_CHECK = [
    "fitness.cli.adr_cmd",
    "fitness.cli.graph_cmd",
    "fitness.cli.init_cmd",
    "fitness.cli.metrics_cmd",
    "fitness.cli.report_cmd",
    "fitness.results.report",
    "fitness.adr.judge",  # the ADR model and parsers: only for a target with ADR files
    "fitness.adr.model",
    "fitness.adr.parse",
    "fitness.adr.view",
    "fitness.results.metrics",  # the metrics and graph renderers' models
    "fitness.results.graph",
    "fitness.reporters.report_html",
    "jinja2",
    "tomlkit",
    "markdown_it",
    "grimp",
    "networkx",
    "libcst",
    "pathspec",
    "concurrent.futures",
    "subprocess",  # --since's git and its temporary tree (fitness.engine.gate)
    "tempfile",
    "shutil",
    "tomllib",  # the fixture has no TOML file to read
    "email",  # METADATA headers: analyzer.declarations.headers, email only for odd ones
    "shlex",  # only for pytest's addopts in a pyproject.toml
    "sqlite3",  # the facts cache's database (analyzer.cache): a --no-cache run never opens it
]
# Patterns compiled on their first use (analyzer.patterns), by module: the TOML locators (a
# run with no TOML configuration reads none) and the comments a file rarely holds.
LAZY_PATTERNS = {
    "fitness.config.locate": (
        "_key_parts",
        "_toml_table",
        "_toml_array",
        "_toml_key",
        "_toml_multiline",
    ),
    "analyzer.outline": ("_suppression_comment", "_tach_ignore"),
    # The rows tokenize reads: a file the raw scanner is sure of hands it none.
    "analyzer.metrics.raw": (
        "_NOT_PLAIN",
        "_BRACKET",
        "_NOT_BRACKET",
        "_PAIR",
        "_SHORT_STRING",
        "_STARTS_WITH_STRING",
        "_TRIPLE",
    ),
    "analyzer.metrics.raw_scan": ("FIRST_TOKEN",),  # tokenize's own: the raw.py rows'
    "fitness.catalog.selection": ("_FAMILY",),  # a did-you-mean's
}
# Modules only a mistake or a crash needs: did-you-mean hints, a traceback for ARCHFIT_DEBUG.
ONLY_FOR_ERRORS = ["difflib", "traceback"]
# What only computing a graph-level rule reads (framework names, scripts' imports, the table
# of distributions): an edit that keeps those rules' parts never loads it.
ONLY_FOR_GRAPH_RULES = [
    "analyzer.framework_loaded",
    "analyzer.framework_edges",
    "analyzer.script_imports",
    "fitness.checks.distributions",
]
# tach's configuration model, its validation and its contracts: only for a target that has one.
ONLY_FOR_TACH = [
    "fitness.config.tach_build",
    "fitness.config.tach_contracts",
    "fitness.config.tach_model",
    "fitness.config.tach_schema",
]
_PROBE = (
    f"PATTERNS = {LAZY_PATTERNS!r}\n"
    + """
import json, sys
from fitness.cli.main import main
sys.argv = ["archfit", *sys.argv[1:]]
try:
    main()
except SystemExit as exit:
    code = exit.code
compiled = {
    f"{name}.{attribute}": getattr(sys.modules[name], attribute).cache_info().currsize > 0
    for name, attributes in PATTERNS.items()
    if name in sys.modules
    for attribute in attributes
}
report = {"code": code, "modules": sorted(sys.modules), "compiled": compiled}
print(json.dumps(report), file=sys.stderr)
"""
)


def _modules_after(*args: str) -> tuple[int, set[str]]:
    """Run archfit in a fresh interpreter; its exit code and every module it imported."""
    report = _probed(*args)
    return report["code"], set(report["modules"])


def _probed(*args: str) -> dict[str, Any]:
    """What ``_PROBE`` reports of a run of archfit in a fresh interpreter: its exit code,
    every module it imported, and which of ``LAZY_PATTERNS`` it compiled."""
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *args], capture_output=True, text=True, cwd=REPO
    )
    report: dict[str, Any] = json.loads(done.stderr.strip().splitlines()[-1])
    return report


def test_check_imports_no_other_command_and_no_unneeded_library(tmp_path: Path) -> None:
    # Copied out of archfit's repository: its root project (with `exclude` patterns, matched by
    # pathspec) would be an ancestor project of the fixture (docs/adr/0015).
    target = tmp_path / "importkinds"
    shutil.copytree(FIXTURES / "importkinds", target)
    code, modules = _modules_after("check", str(target), "--no-cache")
    assert code == 0
    assert "fitness.cli.check_cmd" in modules
    assert [name for name in NOT_FOR_CHECK if name in modules] == []


def test_metrics_never_imports_the_adr_parsers_or_the_checks_cli() -> None:
    code, modules = _modules_after("metrics", str(FIXTURES / "importkinds"), "--no-cache")
    assert code == 0
    assert {"fitness.adr.model", "fitness.cli.check_cmd", "jinja2"}.isdisjoint(modules)


def test_check_loads_the_adr_parsers_for_a_target_with_adrs() -> None:
    code, modules = _modules_after("check", str(FIXTURES / "adrdrift"), "--no-cache")
    assert code == 1  # the fixture's drift findings: the ADRs were read
    assert {"fitness.adr.judge", "fitness.adr.parse"} <= modules


def test_a_warm_run_with_nothing_to_parse_never_loads_the_parser(tmp_path: Path) -> None:
    root = tmp_path / "target"
    shutil.copytree(FIXTURES / "importkinds", root)
    assert _modules_after("metrics", str(root))[0] == 0  # cold: fills the cache
    code, modules = _modules_after("metrics", str(root))
    assert code == 0
    assert {"analyzer.parsing", "analyzer.metrics.raw", "analyzer.pool"}.isdisjoint(modules)
    assert "concurrent.futures" not in modules


def test_help_lists_every_command_loaded_or_not() -> None:
    result = CliRunner().invoke(main, ["--help"])
    names = {"adr", "baseline", "check", "explain", "graph", "init", "metrics", "report"}
    listed = {line.split()[0] for line in result.output.split("Commands:")[1].splitlines() if line}
    assert result.exit_code == 0 and names | {"rules"} <= listed


def test_lazy_and_eager_commands_side_by_side() -> None:
    group = LazyGroup("demo")
    loaded: list[str] = []

    @group.lazy_command("late")
    def _late() -> click.Command:
        loaded.append("late")
        return click.Command("late", callback=lambda: click.echo("late ran"))

    group.add_command(click.Command("early", callback=lambda: click.echo("early ran")))
    assert loaded == [] and group.list_commands(click.Context(group)) == ["early", "late"]
    assert CliRunner().invoke(group, ["early"]).output == "early ran\n" and loaded == []
    assert CliRunner().invoke(group, ["late"]).output == "late ran\n" and loaded == ["late"]
    assert CliRunner().invoke(group, ["late"]).output == "late ran\n" and loaded == ["late"]


def test_the_quiet_collector_restores_the_collector() -> None:
    before = gc.get_threshold()
    with quiet_collector():
        assert gc.get_threshold() != before and gc.get_freeze_count() > 0
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def test_the_quiet_collector_hands_its_young_objects_to_the_oldest_generation() -> None:
    # Scanned as young objects once the old threshold is back, they would cost a collection of
    # all of them on the way out (30 ms for a warm check on Django).
    with quiet_collector():
        kept = [[number] for number in range(50_000)]
        assert gc.get_count()[0] > 40_000  # no young collection in between
    oldest = {id(item) for item in gc.get_objects(generation=2)}
    assert id(kept[0]) in oldest and id(kept[-1]) in oldest


def test_a_command_run_leaves_the_collector_as_it_found_it(run_cli: Any) -> None:
    before = gc.get_threshold()
    run_cli("rules")
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def test_an_edit_that_reuses_the_dependency_rules_reads_no_declaration(tmp_path: Path) -> None:
    """The declaration readers (pyproject's, setup.cfg's and setup.py's, the lock files') load
    only when a declaration is read: a run after a comment is added reuses the dependency
    rules' parts."""
    readers = {
        "analyzer.declarations.pyproject",
        "analyzer.declarations.setuptools",
        "analyzer.declarations.requirements",
        "analyzer.declarations.locks",
    }
    root = tmp_path / "target"
    shutil.copytree(FIXTURES / "importkinds", root)
    (root / "pyproject.toml").write_text('[project]\nname = "kinds"\ndependencies = []\n')
    time.sleep(0.1)  # past the racy window: the tree is indexed and its parts stored
    code, modules = _modules_after("check", str(root))
    assert "analyzer.declarations.pyproject" in modules  # the first run read the declarations
    edited = root / "importkinds" / "typed.py"  # a module: scripts are read as declarations
    edited.write_text(edited.read_text() + "# a comment\n")
    time.sleep(0.1)
    again, loaded = _modules_after("check", str(root))
    assert again == code and "analyzer.parsing.parse" in loaded  # the edited file was parsed
    assert sorted(readers & loaded) == []


def test_an_edit_run_loads_no_error_helper_nor_tach_and_compiles_no_pattern_it_does_not_match(
    tmp_path: Path,
) -> None:
    """A comment added to a file of a target with an INI configuration: the run reads no
    TOML, no tach configuration and no suppression comment, and makes no mistake to name."""
    root = tmp_path / "target"
    shutil.copytree(FIXTURES / "importkinds", root)
    (root / ".importlinter").write_text(
        "[importlinter]\nroot_package = importkinds\n\n[importlinter:contract:one]\n"
        "name = one\ntype = forbidden\nsource_modules = importkinds.sub\n"
        "forbidden_modules = importkinds.typed\n"
    )
    time.sleep(0.1)  # past the racy window: the tree is indexed and its parts stored
    assert _modules_after("check", str(root))[0] in (0, 1)
    edited = root / "importkinds" / "typed.py"
    edited.write_text(edited.read_text() + "# a comment\n")
    time.sleep(0.1)
    report = _probed("check", str(root))
    modules = set(report["modules"])
    assert "analyzer.parsing.parse" in modules  # the edited file was parsed
    assert "fitness.config.locate" in modules and "analyzer.outline" in modules
    assert [name for name in ONLY_FOR_ERRORS + ONLY_FOR_TACH if name in modules] == []
    assert [name for name in ONLY_FOR_GRAPH_RULES if name in modules] == []
    compiled = [name for name, made in report["compiled"].items() if made]
    if sys.version_info >= (3, 12):  # tokenize is C there and reads ahead: raw.py sees every row
        compiled = [name for name in compiled if not name.startswith("analyzer.metrics.raw.")]
    assert len(report["compiled"]) == 16 and compiled == []


def test_a_target_with_a_tach_configuration_loads_it(tmp_path: Path) -> None:
    root = tmp_path / "target"
    shutil.copytree(FIXTURES / "importkinds", root)
    (root / "tach.toml").write_text(
        'source_roots = ["."]\n\n[[modules]]\npath = "importkinds"\ndepends_on = []\n'
    )
    code, modules = _modules_after("check", str(root), "--no-cache")
    assert code in (0, 1)
    assert set(ONLY_FOR_TACH) <= modules
