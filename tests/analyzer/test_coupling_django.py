"""Coupling on real Django, with grimp as the oracle: fan-in/out, Ca, Ce and I for every
module and every package, and the import cycles.

grimp.build_graph('django') runs in a subprocess with the unzipped wheel on PYTHONPATH (it
locates packages with find_spec); the dynamic edges grimp cannot see are added to its graph
(DESIGN: the internal edges are grimp's plus the dynamic ones), then the oracle counts with
grimp's own queries: find_descendants, find_modules_that_directly_import, ...
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from analyzer.facts import ImportKind
from analyzer.project import analyze
from fitness.engine.metrics import metrics_report
from fitness.results.metrics import MetricsReport
from tests.parity.test_django import django_root  # noqa: F401  (the fixture)

pytestmark = pytest.mark.realcode

ORACLE = """
import json, sys
import grimp
import networkx as nx

given = json.load(sys.stdin)
graph = grimp.build_graph("django", cache_dir=None)
for importer, imported in given["dynamic"]:
    graph.add_import(importer=importer, imported=imported)

def importers(names):
    return {i for m in names for i in graph.find_modules_that_directly_import(m)}

def imported(names):
    return {i for m in names for i in graph.find_modules_directly_imported_by(m)}

modules = {
    m: [len(importers([m])), len(imported([m]))] for m in graph.modules
}
parents = sorted(m for m in graph.modules if graph.find_children(m))
packages = {}
for name in sorted(set(parents) | set(given["packages"])):
    members = {name} | graph.find_descendants(name)
    outside = [importers(members) - members, imported(members) - members]
    packages[name] = [len(members), *map(len, outside)]
view = nx.DiGraph()
view.add_edges_from((a, b) for a in graph.modules for b in imported([a]))
cycles = sorted(sorted(c) for c in nx.strongly_connected_components(view) if len(c) > 1)
print(json.dumps({"modules": modules, "parents": parents, "packages": packages, "cycles": cycles}))
"""


@pytest.fixture(scope="module")
def measured(django_root: Path) -> tuple[MetricsReport, dict[str, Any]]:  # noqa: F811
    """archfit's report on Django, and the oracle's counts on the same code."""
    facts = analyze(str(django_root))
    report = metrics_report(facts)
    dynamic = sorted(
        {(e.importer, e.imported) for e in facts.edges if e.kind is ImportKind.DYNAMIC}
        - {(e.importer, e.imported) for e in facts.edges if e.kind is not ImportKind.DYNAMIC}
    )
    given = {"dynamic": dynamic, "packages": [p.name for p in report.packages]}
    return report, _oracle(django_root, given)


def _oracle(source_root: Path, given: dict[str, Any]) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(source_root)}
    done = subprocess.run(
        [sys.executable, "-P", "-c", ORACLE],
        input=json.dumps(given),
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def test_every_module_has_grimps_fan_in_and_fan_out(
    measured: tuple[MetricsReport, dict[str, Any]],
) -> None:
    report, oracle = measured
    ours = {m.name: [m.fan_in, m.fan_out] for m in report.modules}
    assert len(ours) > 800
    assert ours == oracle["modules"]


def test_every_package_has_grimps_ca_ce_and_instability(
    measured: tuple[MetricsReport, dict[str, Any]],
) -> None:
    report, oracle = measured
    ours = {p.name: [p.modules, p.ca, p.ce] for p in report.packages}
    assert len(ours) > 150
    assert ours == oracle["packages"]
    for package in report.packages:
        ca, ce = package.ca, package.ce
        assert package.instability == (ce / (ca + ce) if ca + ce else 0.0)


def test_packages_are_grimps_parents_plus_packages_with_no_module_below(
    measured: tuple[MetricsReport, dict[str, Any]],
) -> None:
    report, oracle = measured
    paths = {m.name: m.path for m in report.modules}
    childless = {p.name for p in report.packages} - set(oracle["parents"])
    assert set(oracle["parents"]) <= {p.name for p in report.packages}
    assert all(paths[name].endswith("/__init__.py") for name in childless)


def test_the_cycles_are_the_strongly_connected_components_of_grimps_graph(
    measured: tuple[MetricsReport, dict[str, Any]],
) -> None:
    report, oracle = measured
    assert [list(c.modules) for c in report.cycles] == oracle["cycles"]
    assert all(c.breakers for c in report.cycles)
