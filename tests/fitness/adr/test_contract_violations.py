"""ADR001 built from the contract runner's values: each declared contract's own violations.

The ADR judge pairs each declared contract with its run; nothing is matched back by contract id
or by message text, so two ADRs that declare the same rule under the same id (one per ADR
folder) each get their own finding, severity and count.
"""

from __future__ import annotations

from pathlib import Path

from analyzer.graph import GraphOptions
from fitness import catalog
from fitness.adr.declared import declared_contracts
from fitness.adr.load import load_adrs
from fitness.config import load_config
from fitness.contracts.runner import run_contracts
from fitness.engine.check import RunOptions, check, gather
from fitness.results.findings import Severity
from tests.fitness.adr.test_drift import FENCE, accepted

RULE = "forbid: drifty.a -> drifty.b"


def _repo(tmp_path: Path) -> Path:
    """drifty.a imports drifty.b; docs/adr and more/adr each hold an ADR-0001 forbidding it."""
    (tmp_path / "drifty").mkdir()
    (tmp_path / "drifty" / "__init__.py").write_text('"""Drifty."""\n')
    (tmp_path / "drifty" / "a.py").write_text('"""A."""\nimport drifty.b\n')
    (tmp_path / "drifty" / "b.py").write_text('"""B."""\n')
    (tmp_path / "pyproject.toml").write_text(
        '[tool.archfit]\nroot_packages = ["drifty"]\npacks = []\n'
        'adr_dirs = ["docs/adr", "more/adr"]\n'
    )
    for folder, status in (("docs/adr", "Accepted"), ("more/adr", "Proposed")):
        (tmp_path / folder).mkdir(parents=True)
        text = accepted(f"ADR-0001: {status}", FENCE.format(RULE), status=status)
        (tmp_path / folder / "0001-a.md").write_text(text)
    return tmp_path


def test_same_rule_and_id_in_two_folders_each_violation_its_own_adr(tmp_path: Path) -> None:
    result = check(
        str(_repo(tmp_path)),
        load_config(str(tmp_path)),
        options=RunOptions(use_cache=False, jobs=1),
    )
    violated = [f for f in result.findings if f.code == catalog.DECISION_CODE]
    by_adr = {f.source.path: f for f in violated}
    assert len(violated) == 2 and set(by_adr) == {"docs/adr/0001-a.md", "more/adr/0001-a.md"}
    accepted_one, proposed_one = by_adr["docs/adr/0001-a.md"], by_adr["more/adr/0001-a.md"]
    assert (accepted_one.severity, proposed_one.severity) == (Severity.ERROR, Severity.WARNING)
    assert proposed_one.message.startswith("ADR-0001: Proposed (more/adr/0001-a.md:")
    assert [(a.path, a.violations) for a in result.adrs] == [
        ("docs/adr/0001-a.md", 1),
        ("more/adr/0001-a.md", 1),
    ]


def test_adr001_says_what_the_runner_found_and_where(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    config = load_config(str(root))
    result = check(str(root), config, options=RunOptions(use_cache=False, jobs=1))
    facts = gather(str(root), config, RunOptions(use_cache=False, jobs=1))
    adrs = load_adrs(str(root), config.adr_dirs)
    declared, _ = declared_contracts(adrs, facts.layout.root_packages, GraphOptions())
    runs = run_contracts(facts, [d.spec for d in declared])
    for owner, run in zip(declared, runs, strict=True):
        assert run.result is not None
        (violation,) = run.result.violations
        (finding,) = [f for f in result.findings if f.source.path == owner.adr.path]
        assert finding.code == catalog.DECISION_CODE and finding.contract == owner.spec.id
        assert finding.message.endswith(f"declares `{RULE}`: {violation.message}")
        assert (
            (finding.path, finding.line) == (violation.path, violation.line) == ("drifty/a.py", 2)
        )
        assert finding.chains == violation.chains
        assert finding.target == f"{RULE}|{violation.subject}|{violation.target}"
