"""The contract runner below the engine: each contract with its result, as values.

The engine and the ADR judge build their findings (CON, ADR001) from these values, so the
runner must return one run per contract, in order, with the violations as the contract type
found them, and an option error as a problem at its line rather than a raised error.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from analyzer.facts import Facts
from fitness import catalog
from fitness.catalog.finding import rule_finding
from fitness.config import load_config
from fitness.contracts.base import ContractSpec, Violation
from fitness.contracts.runner import run_contracts, verdict_of
from fitness.engine.check import RunOptions, gather
from fitness.engine.contract_findings import contract_finding, contract_findings
from fitness.exceptions import ConfigError
from fitness.reporters import text
from fitness.results.findings import Result, Severity, Source, summarize

CONFIG = """\
[tool.archfit]
root_packages = ["runpkg"]
packs = []

[[tool.archfit.contracts]]
id = "a-off-b"
name = "a never reaches b"
type = "forbidden"
source_modules = ["runpkg.a"]
forbidden_modules = ["runpkg.b"]

[[tool.archfit.contracts]]
id = "ghost"
name = "names a module that does not exist"
type = "forbidden"
source_modules = ["runpkg.a"]
forbidden_modules = ["runpkg.nowhere"]

[[tool.archfit.contracts]]
id = "b-off-a"
name = "b never reaches a"
type = "forbidden"
source_modules = ["runpkg.b"]
forbidden_modules = ["runpkg.a"]
how_to_fix = "Keep b below a."
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """``runpkg``: a imports b on line 2; three forbidden contracts, the second naming a module
    that does not exist."""
    (tmp_path / "runpkg").mkdir()
    (tmp_path / "runpkg" / "__init__.py").write_text("")
    (tmp_path / "runpkg" / "a.py").write_text('"""A."""\nimport runpkg.b\n')
    (tmp_path / "runpkg" / "b.py").write_text('"""B."""\n')
    (tmp_path / "pyproject.toml").write_text(CONFIG)
    return tmp_path


def _facts_and_specs(repo: Path) -> tuple[Facts, tuple[ContractSpec, ...]]:
    config = load_config(str(repo))
    return gather(str(repo), config, RunOptions(use_cache=False, jobs=1)), config.contracts


def test_one_run_per_contract_in_order_with_violations_as_values(repo: Path) -> None:
    facts, specs = _facts_and_specs(repo)
    runs = run_contracts(facts, specs)
    assert [run.spec.id for run in runs] == ["a-off-b", "ghost", "b-off-a"]
    broken, ghost, kept = runs
    assert broken.result is not None and broken.problem is None
    assert not broken.result.kept
    (violation,) = broken.result.violations
    assert (violation.subject, violation.path, violation.line) == (
        "runpkg.a -> runpkg.b",
        "runpkg/a.py",
        2,
    )
    assert violation.message.startswith("runpkg.a is not allowed to import runpkg.b")
    # The option error is a value located at the option's line; the contract after it ran.
    assert ghost.result is None and ghost.problem is not None
    line = CONFIG.splitlines().index('forbidden_modules = ["runpkg.nowhere"]') + 1
    assert (ghost.problem.path, ghost.problem.line) == ("pyproject.toml", line)
    assert "'runpkg.nowhere' does not exist" in ghost.problem.message
    assert kept.result is not None and kept.result.kept
    verdict = verdict_of(kept.spec, kept.result, "CON001")
    assert (verdict.id, verdict.kept, verdict.violations, verdict.how_to_fix) == (
        "b-off-a",
        True,
        0,
        "Keep b below a.",
    )


def test_the_engine_raises_every_option_error_and_maps_violations_to_con(repo: Path) -> None:
    facts, specs = _facts_and_specs(repo)
    with pytest.raises(ConfigError) as raised:
        contract_findings(facts, specs)
    assert [i.message for i in raised.value.issues] == [
        "contract 'ghost': module 'runpkg.nowhere' does not exist"
    ]
    first = run_contracts(facts, specs[:1])[0].result
    assert first is not None
    (violation,) = first.violations
    verdicts, findings = contract_findings(facts, [s for s in specs if s.id != "ghost"])
    assert [(v.id, v.kept) for v in verdicts] == [("a-off-b", False), ("b-off-a", True)]
    (finding,) = findings
    assert finding.code == catalog.CONTRACT_CODES["forbidden"]
    assert finding.message == f"a never reaches b: {violation.message}"
    assert finding.chains == violation.chains and finding.source == specs[0].source
    assert (finding.contract, finding.subject, finding.path, finding.line) == (
        "a-off-b",
        "runpkg.a -> runpkg.b",
        "runpkg/a.py",
        2,
    )


def test_a_violation_without_a_place_is_reported_at_the_contract(repo: Path) -> None:
    config = load_config(str(repo))
    spec = config.contracts[0]
    finding = contract_finding(spec, Violation("runpkg.a", "nothing found"))
    assert (finding.path, finding.line) == (spec.source.path, spec.source.line)
    assert finding.message == "a never reaches b: nothing found"


def test_rule_finding_takes_code_name_severity_and_fix_from_the_docs() -> None:
    doc = catalog.rule(catalog.DECISION_CODE)
    assert doc is not None
    source = Source("adr", "ADR-0001", "docs/adr/0001-a.md", 4)
    found = rule_finding(doc, message="m", where=("a.py", 3), subject="s", source=source)
    assert (found.code, found.name, found.severity) == (doc.code, doc.name, doc.severity)
    assert (found.path, found.line, found.column, found.how_to_fix) == (
        "a.py",
        3,
        1,
        doc.how_to_fix,
    )
    told = rule_finding(
        doc,
        message="m",
        where=("a.py", 3),
        subject="s",
        source=source,
        how_to_fix="",
        severity=Severity.INFO,
    )
    assert (told.severity, told.how_to_fix) == (Severity.INFO, "")


def test_text_lists_a_violation_without_chains_by_its_detail(repo: Path) -> None:
    facts, specs = _facts_and_specs(repo)
    kept = specs[2]  # b never reaches a; an ignore line that matches no import breaks it
    spec = replace(kept, options={**kept.options, "ignore_imports": ["runpkg.b -> runpkg.a"]})
    verdicts, findings = contract_findings(facts, [spec])
    (finding,) = findings
    assert finding.chains == () and finding.message.startswith("b never reaches a: ignored")
    result = Result("t", str(repo), summarize(2, 3, tuple(findings)), tuple(findings))
    rendered = text.render(replace(result, contracts=tuple(verdicts)))
    assert "\n        ignored import runpkg.b -> runpkg.a matches no import" in rendered
    assert "b never reaches a: ignored" not in rendered  # the contract's line names it


def test_a_contract_that_ignores_an_import_leaves_the_shared_graph_whole(repo: Path) -> None:
    """Contracts with the same graph options share one graph; one that removes an import
    (``ignore_imports``) does so on its own copy: the same contract after it, and before it,
    still sees the import, and each verdict is the one it gets run alone."""
    facts, specs = _facts_and_specs(repo)
    broken = specs[0]
    ignoring = replace(
        broken,
        id="ignoring",
        options={**broken.options, "ignore_imports": ["runpkg.a -> runpkg.b"]},
    )
    order = (broken, ignoring, replace(broken, id="again"))
    runs = run_contracts(facts, order)
    alone = [run_contracts(facts, order, only=[at])[0] for at in range(len(order))]
    kept = [run.result.kept for run in runs if run.result is not None]
    assert kept == [False, True, False]
    assert [run.result for run in runs] == [run.result for run in alone]
