"""Coupling facts against a hand count on fixtures/couplingcount (see its README).

Internal edges of the fixture, one per (importer, imported) pair:

    cplcount.core              -> cplcount.core.model   import
    cplcount.core.ports        -> cplcount.api.views    type-only
    cplcount.api.views         -> cplcount.core.model   import, and lazy again (one pair)
    cplcount.api.views         -> cplcount.store.db     lazy
    cplcount.store.db          -> cplcount.core.ports   dynamic
    cplcount.store.deep.cache  -> cplcount.store.db     import (relative)
    cplcount.store.deep.cache  -> cplcount.api.views    import
"""

from __future__ import annotations

import pytest

from analyzer.facts import Facts, ImportKind, SourceFile
from analyzer.metrics.coupling import (
    Coupling,
    Cycle,
    PackageCoupling,
    measure_coupling,
    package_names,
)
from analyzer.metrics.model import FunctionMetrics, ModuleMetrics, RawCounts
from analyzer.project import analyze
from tests.conftest import FIXTURES

ROOT = FIXTURES / "couplingcount"

# module -> (fan_in, fan_out, third-party imports)
MODULES = {
    "cplcount": (0, 0, ()),
    "cplcount.api": (0, 0, ()),
    "cplcount.api.views": (2, 2, ("requests",)),
    "cplcount.core": (0, 1, ()),
    "cplcount.core.model": (2, 0, ()),
    "cplcount.core.ports": (1, 1, ()),
    "cplcount.store": (0, 0, ()),
    "cplcount.store.db": (2, 1, ("sqlalchemy",)),
    "cplcount.store.deep": (0, 0, ()),
    "cplcount.store.deep.cache": (0, 2, ()),
    "cplcount.util": (0, 0, ("yaml",)),
}
# package -> (modules in it, ca, ce, instability, third-party imports)
PACKAGES = {
    # everything is inside the root: nothing crosses its boundary
    "cplcount": (11, 0, 0, 0.0, ("requests", "sqlalchemy", "yaml")),
    # in: core.ports (type-only), store.deep.cache; out: core.model, store.db (lazy)
    "cplcount.api": (2, 2, 2, 0.5, ("requests",)),
    # in: api.views, store.db (dynamic only); out: api.views (type-only)
    "cplcount.core": (3, 2, 1, 1 / 3, ()),
    # in: api.views (lazy); out: core.ports (dynamic), api.views
    "cplcount.store": (4, 1, 2, 2 / 3, ("sqlalchemy",)),
    # in: nothing; out: store.db (its parent's module), api.views
    "cplcount.store.deep": (2, 0, 2, 1.0, ()),
}


@pytest.fixture(scope="module")
def facts() -> Facts:
    return analyze(str(ROOT), jobs=1)


@pytest.fixture(scope="module")
def coupling(facts: Facts) -> Coupling:
    return measure_coupling(facts.layout.files, facts.edges)


def test_the_fixture_has_every_kind_of_edge(facts: Facts) -> None:
    kinds = {(e.importer, e.imported): e.kind for e in facts.edges if not e.external}
    assert kinds[("cplcount.core.ports", "cplcount.api.views")] is ImportKind.TYPE_ONLY
    assert kinds[("cplcount.api.views", "cplcount.store.db")] is ImportKind.LAZY
    assert kinds[("cplcount.store.db", "cplcount.core.ports")] is ImportKind.DYNAMIC


def test_module_fan_in_and_fan_out_match_the_hand_count(coupling: Coupling) -> None:
    found = {m.name: (m.fan_in, m.fan_out, m.externals) for m in coupling.modules}
    assert found == MODULES


def test_package_coupling_at_every_depth_matches_the_hand_count(coupling: Coupling) -> None:
    found = {p.name: p for p in coupling.packages}
    assert found.keys() == PACKAGES.keys()
    for name, (modules, ca, ce, instability, externals) in PACKAGES.items():
        got = found[name]
        assert (got.modules, got.ca, got.ce, got.externals) == (modules, ca, ce, externals), name
        assert got.instability == pytest.approx(instability), name


def test_each_kind_of_edge_counts(facts: Facts, coupling: Coupling) -> None:
    """Dropping the type-only, lazy or dynamic edge would change the package counts."""
    for kind, package, field in (
        (ImportKind.TYPE_ONLY, "cplcount.core", "ce"),
        (ImportKind.LAZY, "cplcount.store", "ca"),
        (ImportKind.DYNAMIC, "cplcount.core", "ca"),
    ):
        edges = [e for e in facts.edges if e.kind is not kind]
        without = measure_coupling(facts.layout.files, edges)
        assert _field(without, package, field) == _field(coupling, package, field) - 1, kind


def _field(coupling: Coupling, package: str, field: str) -> int:
    found = {p.name: p for p in coupling.packages}[package]
    value: int = getattr(found, field)
    return value


def test_the_cycle_closed_by_three_kinds_of_edge_is_found_with_an_import_to_cut(
    coupling: Coupling,
) -> None:
    members = ("cplcount.api.views", "cplcount.core.ports", "cplcount.store.db")
    cut = (("cplcount.core.ports", "cplcount.api.views"),)
    # It needs a TYPE_CHECKING and a function-local import to close: deferred, not import-time.
    assert coupling.cycles == (Cycle(members, cut, "deferred"),)


def test_abstractness_distance_and_totals_come_from_the_measures(facts: Facts) -> None:
    metrics = {
        "cplcount.core.model": _measures(classes=2, abstract=1, sloc=10, complexity=(1, 2)),
        "cplcount.core.ports": _measures(classes=1, abstract=1, sloc=5, complexity=(1,)),
        "cplcount.api.views": _measures(classes=1, abstract=0, sloc=8, complexity=(3,)),
    }
    packages = {
        p.name: p for p in measure_coupling(facts.layout.files, facts.edges, metrics).packages
    }
    core = packages["cplcount.core"]
    assert (core.classes, core.abstract_classes, core.sloc, core.complexity) == (3, 2, 15, 4)
    assert core.abstractness == pytest.approx(2 / 3)
    assert core.distance == pytest.approx(0.0)  # A 2/3 + I 1/3: on the main sequence
    assert packages["cplcount.api"].abstractness == 0.0
    assert packages["cplcount.api"].distance == pytest.approx(0.5)
    assert packages["cplcount.store"].abstractness == 0.0  # no class at all
    assert packages["cplcount"].sloc == 23


def _measures(classes: int, abstract: int, sloc: int, complexity: tuple[int, ...]) -> ModuleMetrics:
    functions = tuple(
        FunctionMetrics(line=i + 1, qualname=f"f{i}", kind="function", complexity=c, cognitive=0)
        for i, c in enumerate(complexity)
    )
    return ModuleMetrics(
        RawCounts(sloc=sloc), functions, classes=classes, abstract_classes=abstract
    )


def test_an_uncoupled_package_has_instability_zero() -> None:
    package = PackageCoupling("p", modules=1, ca=0, ce=0)
    assert (package.instability, package.abstractness, package.distance) == (0.0, 0.0, 1.0)


def test_packages_are_every_regular_package_and_every_dotted_prefix() -> None:
    files = [
        SourceFile("ns/app/__init__.py", "ns.app", is_package=True),
        SourceFile("ns/app/deep/x.py", "ns.app.deep.x"),
        SourceFile("ns/app/empty/__init__.py", "ns.app.empty", is_package=True),
        SourceFile("ns/app/y.py", "ns.app.y"),
        SourceFile("scripts/run.py", None),
    ]
    assert package_names(files) == {"ns", "ns.app", "ns.app.deep", "ns.app.empty"}


def test_the_parsers_measures_give_abstractness_and_totals(facts: Facts) -> None:
    """Base (an ABC) and Port (a Protocol) are 2 of core's 3 classes: A 2/3, D 0."""
    metrics = {p.source.module: p.metrics for p in facts.parsed if p.metrics and p.source.module}
    assert len(metrics) == len(facts.modules)
    packages = {
        p.name: p for p in measure_coupling(facts.layout.files, facts.edges, metrics).packages
    }
    core = packages["cplcount.core"]
    assert (core.classes, core.abstract_classes) == (3, 2)
    assert core.abstractness == pytest.approx(2 / 3)
    assert core.distance == pytest.approx(0.0)
    assert packages["cplcount"].sloc == sum(m.raw.sloc for m in metrics.values()) > 0
    assert packages["cplcount"].complexity == sum(m.complexity for m in metrics.values()) > 0
