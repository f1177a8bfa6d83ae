"""grimp as the oracle: our non-dynamic internal edges are exactly those grimp.build_graph finds.

grimp locates packages with find_spec, so it runs in a subprocess with the fixture's source roots
on its sys.path (``-P``: never the working directory). The test process's own sys.path and
modules are never touched. ``shadownames`` is deliberately absent: grimp would find archfit's own
``analyzer`` and ``fitness`` there.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest

from analyzer.facts import ImportKind
from analyzer.project import analyze
from tests.conftest import FIXTURES
from tests.parity.grimp_edges import grimp_drops

# fixture -> (source roots relative to it, root packages, root_packages passed to archfit)
CASES: dict[str, tuple[list[str], list[str], list[str] | None]] = {
    "importkinds": (["."], ["importkinds"], None),
    "flatlayout": (["."], ["flatlayoutpkg"], None),
    "srclayout": (["src"], ["srclayoutns", "srclayoutpkg"], None),
    "multiroot": (
        ["libs/core", "services/billing/src"],
        ["multirootbilling", "multirootcore"],
        None,
    ),
    "nsportions": (["portion_one", "portion_two"], ["nsportions"], ["nsportions"]),
}
# What grimp leaves out and archfit keeps: namespace sub-packages inside regular packages
# (grimp's issue #298), set aside here and listed so that nothing else is.
GRIMP_DROPS = {"importkinds": {"importkinds.nopkg", "importkinds.nopkg.stray"}}

ORACLE = """
import json, sys
import grimp
result = {}
for name, (paths, packages) in json.loads(sys.argv[1]).items():
    sys.path[:0] = paths
    graph = grimp.build_graph(*packages, cache_dir=None)
    del sys.path[: len(paths)]
    edges = [
        [importer, imported, detail["line_number"]]
        for importer in graph.modules
        for imported in graph.find_modules_directly_imported_by(importer)
        for detail in graph.get_import_details(importer=importer, imported=imported)
    ]
    result[name] = {"modules": sorted(graph.modules), "edges": sorted(edges)}
print(json.dumps(result))
"""


@pytest.fixture(scope="module")
def oracle() -> dict[str, Any]:
    cases = {
        name: ([str((FIXTURES / name / root).resolve()) for root in roots], packages)
        for name, (roots, packages, _) in CASES.items()
    }
    done = subprocess.run(
        [sys.executable, "-P", "-c", ORACLE, json.dumps(cases)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


@pytest.mark.parametrize("name", sorted(CASES))
def test_internal_edges_match_grimp(name: str, oracle: dict[str, Any]) -> None:
    roots, packages, named = CASES[name]
    facts = analyze(str(FIXTURES / name), root_packages=named, jobs=1)
    assert sorted(facts.layout.root_packages) == packages
    assert sorted(facts.layout.source_roots) == sorted(r.strip(".") for r in roots)
    drops = grimp_drops(facts.layout)
    assert drops == GRIMP_DROPS.get(name, set())
    ours = sorted(
        [e.importer, e.imported, e.line]
        for e in facts.edges
        if not e.external and e.kind is not ImportKind.DYNAMIC
        if e.importer not in drops and e.imported not in drops
    )
    assert ours == oracle[name]["edges"]
    modules = {*facts.modules, *facts.layout.namespace_packages} - drops
    assert sorted(modules) == oracle[name]["modules"]
