"""archfit's verdicts equal lint-imports' on fixtures configured in import-linter's own format.

Each fixture is a tiny src-layout repo configured in one of import-linter's files
(``ilp_layers``: ``[tool.importlinter]`` in pyproject.toml, ``ilp_forbidden``: ``.importlinter``,
``ilp_cycles``: ``setup.cfg``, ``ilp_nsroots``: pyproject.toml with namespace-portion roots).
Both tools run on it as a user would run them; every contract's verdict, warning count and
named modules must be the same, and archfit's edges must be grimp's, externals included.
"""

from __future__ import annotations

import functools
import itertools
from pathlib import Path

import pytest
from click.testing import CliRunner

from fitness.cli.main import main
from fitness.config import load_config
from tests.conftest import FIXTURES
from tests.parity.archfit_report import ArchfitContract, run_archfit
from tests.parity.grimp_edges import archfit_edges, grimp_edges
from tests.parity.lint_imports import (
    IMPORTLINTER_TYPES,
    LintImportsRun,
    lint_imports_process,
    run_lint_imports,
)

PARITY_FIXTURES = ("ilp_layers", "ilp_forbidden", "ilp_cycles", "ilp_nsroots")
CHAIN_TYPES = ("layers", "forbidden", "independence", "protected", "private_modules")
DIRECT_TYPES = ("protected", "private_modules")  # reported as illegal direct imports


@functools.cache
def both(fixture: str) -> tuple[LintImportsRun, dict[str, ArchfitContract]]:
    """lint-imports' and archfit's reports on one fixture (each tool runs once per session)."""
    root = FIXTURES / fixture
    return run_lint_imports(root, root / "src"), run_archfit(root)


def broken(fixture: str, types: tuple[str, ...]) -> list[str]:
    """Names of the contracts of ``types`` that lint-imports found broken in ``fixture``."""
    theirs, ours = both(fixture)
    return [
        name
        for name, report in theirs.contracts.items()
        if not report.kept and name in ours and ours[name].type in types
    ]


@pytest.mark.parametrize("fixture", PARITY_FIXTURES)
def test_every_verdict_equals_lint_imports(fixture: str) -> None:
    """The heart of it: the same contracts, each KEPT or BROKEN alike."""
    theirs, ours = both(fixture)
    assert theirs.contracts, theirs.output
    assert {name: c.kept for name, c in ours.items()} == theirs.verdicts(), theirs.output


@pytest.mark.parametrize("fixture", PARITY_FIXTURES)
def test_warning_counts_equal_lint_imports(fixture: str) -> None:
    """Unmatched ``ignore_imports`` under ``unmatched_ignore_imports_alerting = warn``."""
    theirs, ours = both(fixture)
    expected = {name: report.warnings for name, report in theirs.contracts.items()}
    assert {name: c.warnings for name, c in ours.items()} == expected


@pytest.mark.parametrize("exclude_type_checking", [False, True])
@pytest.mark.parametrize("fixture", PARITY_FIXTURES)
def test_edges_equal_grimps_externals_included(
    fixture: str, exclude_type_checking: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Externals land on grimp's squashed node (``ilp_ns.gamma``); TYPE_CHECKING is grimp's."""
    root = FIXTURES / fixture
    roots = load_config(str(root)).root_packages
    assert roots
    ours = archfit_edges(
        root, roots, include_external=True, exclude_type_checking=exclude_type_checking
    )
    theirs = grimp_edges(
        root / "src",
        roots,
        monkeypatch,
        include_external_packages=True,
        exclude_type_checking_imports=exclude_type_checking,
    )
    assert sorted(ours - theirs) == []
    assert sorted(theirs - ours) == []


def test_fixtures_cover_every_type_kept_and_broken() -> None:
    """Together the fixtures keep and break a contract of each import-linter type."""
    seen = {
        (contract.type, contract.kept)
        for fixture in PARITY_FIXTURES
        for contract in both(fixture)[1].values()
    }
    assert seen == set(itertools.product(IMPORTLINTER_TYPES, (True, False)))


@pytest.mark.parametrize("fixture", PARITY_FIXTURES)
def test_broken_contracts_name_the_modules_lint_imports_names(fixture: str) -> None:
    """Every module of every chain, indirect links included, and the same violated pairs."""
    theirs, ours = both(fixture)
    differences = {}
    for name in broken(fixture, CHAIN_TYPES):
        report, contract = theirs.contracts[name], ours[name]
        direct = contract.type in DIRECT_TYPES
        expected = (
            report.chain_modules(),
            report.illegal_imports() if direct else report.pairs(),
            report.undeclared(),
        )
        actual = (contract.chain_modules(), contract.pairs(), contract.undeclared())
        if actual != expected:
            differences[name] = (actual, expected)
    assert broken(fixture, CHAIN_TYPES)
    assert differences == {}, theirs.output


def test_broken_acyclic_siblings_cut_the_same_dependencies() -> None:
    """Same packages with cycles (each once, however many ancestors reach it), same cuts."""
    theirs, ours = both("ilp_cycles")
    names = broken("ilp_cycles", ("acyclic_siblings",))
    assert len(names) == 4
    for name in names:
        expected = theirs.contracts[name].cycle_dependencies()
        assert expected, theirs.output
        assert ours[name].cycle_dependencies() == expected, theirs.output
        assert len(ours[name].findings) == len({package for package, *_ in expected})


def test_indirect_chains_are_named_in_full() -> None:
    """The indirect cases, spelled out: archfit's chain runs through the same middle modules."""
    _, ours = both("ilp_forbidden")
    chain = ours["Web does not reach psycopg"].findings[0]["chains"][0]
    assert [(link["importer"], link["imported"]) for link in chain] == [
        ("ilp_forbidden.web.handlers", "ilp_forbidden.services.orders"),
        ("ilp_forbidden.services.orders", "ilp_forbidden.storage.sql"),
        ("ilp_forbidden.storage.sql", "psycopg"),
    ]
    _, ours = both("ilp_cycles")
    assert ours["Billing and shipping are independent"].chain_modules() == {
        "ilp_cycles.billing.invoice",
        "ilp_cycles.shared.audit",
        "ilp_cycles.shipping.parcel",
    }


REFUSED = {
    "forbidden-external-without-externals": (
        "[importlinter:contract:no-attrs]\nname = The addon does not reach attrs\n"
        "type = forbidden\nsource_modules = ilp_cycles_addon\nforbidden_modules = attrs\n",
        "include_external_packages",
    ),
    "protected-missing-allowed-package": (
        "[importlinter:contract:typo]\nname = Only billing imports shared\ntype = protected\n"
        "protected_modules = ilp_cycles.shared\nallowed_importers = ilp_cycles.biling\n",
        "ilp_cycles.biling",
    ),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_contracts_lint_imports_refuses_are_config_errors(case: str, tmp_path: Path) -> None:
    """Where lint-imports cannot give a verdict, archfit gives none either (exit 2, not a pass)."""
    contract, mentioned = REFUSED[case]
    config = tmp_path / ".importlinter"
    session = "[importlinter]\nroot_packages =\n    ilp_cycles\n    ilp_cycles_addon\n\n"
    config.write_text(session + contract, encoding="utf-8")
    root = FIXTURES / "ilp_cycles"
    theirs = lint_imports_process(tmp_path, root / "src", config)
    assert theirs.returncode == 1
    assert mentioned in theirs.stdout + theirs.stderr
    assert "Contracts:" not in theirs.stdout
    result = CliRunner().invoke(main, ["check", "--config", str(config), str(root)])
    assert result.exit_code == 2
    assert mentioned in result.stderr
