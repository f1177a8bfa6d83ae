"""Import collection and resolution on the ``importkinds`` fixture: every kind, exactly."""

from __future__ import annotations

import pytest

from analyzer.facts import BlindSpotKind as B
from analyzer.facts import Facts
from analyzer.facts import ImportKind as K
from analyzer.project import analyze
from tests.analyzer.trees import blind_rows, edge_rows, imports_of
from tests.conftest import FIXTURES

IMPORTKINDS = FIXTURES / "importkinds"


@pytest.fixture(scope="module")
def facts() -> Facts:
    return analyze(str(IMPORTKINDS), jobs=1)


def test_absolute_imports_keep_module_and_name_apart(facts: Facts) -> None:
    assert imports_of(facts, "importkinds.absolute") == [
        ("importkinds.alpha.beta", None, 1, 1, K.IMPORT),
        ("importkinds.alpha", "gamma", 2, 1, K.IMPORT),  # gamma is a submodule
        ("importkinds.alpha", "HELPER", 3, 1, K.IMPORT),  # HELPER is a name
        ("os.path", None, 4, 1, K.IMPORT),
        ("json", None, 4, 1, K.IMPORT),
        ("collections", "abc", 5, 1, K.IMPORT),
    ]


def test_relative_imports_are_made_absolute(facts: Facts) -> None:
    # Line 5 (``from ...beyond``) is beyond the top package: a blind spot, not an import.
    assert imports_of(facts, "importkinds.sub.relative") == [
        ("importkinds.sub", "sibling", 1, 1, K.IMPORT),
        ("importkinds.sub", "NAME", 2, 1, K.IMPORT),
        ("importkinds.alpha", "beta", 3, 1, K.IMPORT),
        ("importkinds", "absolute", 4, 1, K.IMPORT),
        ("importkinds.sub.missing", "something", 6, 1, K.IMPORT),
        ("importkinds.sub.sibling", "*", 7, 1, K.IMPORT),
        ("importkinds.nothere", None, 8, 1, K.IMPORT),
    ]


def test_type_checking_blocks_are_type_only_and_their_else_is_not(facts: Facts) -> None:
    assert imports_of(facts, "importkinds.typed") == [
        ("typing", None, 1, 1, K.IMPORT),
        ("typing", "TYPE_CHECKING", 2, 1, K.IMPORT),
        ("importkinds.alpha", "gamma", 5, 5, K.TYPE_ONLY),  # if TYPE_CHECKING:
        ("importkinds.sub.sibling", None, 7, 5, K.TYPE_ONLY),  # if typing.TYPE_CHECKING:
        ("importkinds.alpha.beta", None, 9, 5, K.IMPORT),  # its else: branch
    ]


def test_function_and_method_bodies_are_lazy(facts: Facts) -> None:
    assert imports_of(facts, "importkinds.lazy") == [
        ("importkinds.alpha.gamma", None, 2, 5, K.LAZY),
        ("importkinds.sub", "sibling", 9, 9, K.LAZY),
    ]


def test_literal_dynamic_imports_are_edges_and_variables_blind_spots(facts: Facts) -> None:
    assert imports_of(facts, "importkinds.dynamic") == [
        ("importlib", None, 1, 1, K.IMPORT),
        ("importlib", "import_module", 2, 1, K.IMPORT),
        ("importkinds.alpha.beta", None, 6, 13, K.DYNAMIC),  # importlib.import_module("...")
        ("importkinds.absolute", None, 8, 13, K.DYNAMIC),  # import_module(".x", __package__)
        ("importkinds.sub", None, 9, 14, K.DYNAMIC),  # __import__("...")
    ]
    dynamic = [s for s in facts.blind_spots if s.kind is B.NON_LITERAL_DYNAMIC]
    assert [(s.path, s.line) for s in dynamic] == [
        ("importkinds/dynamic.py", 7),  # anchor is an expression, not __package__/__name__
        ("importkinds/dynamic.py", 10),  # import_module(name)
    ]


def test_line_contents_is_the_stripped_source_line(facts: Facts) -> None:
    parsed = next(p for p in facts.parsed if p.source.module == "importkinds.lazy")
    assert [i.line_contents for i in parsed.imports] == [
        "import importkinds.alpha.gamma",
        "from .sub import sibling",
    ]


def test_internal_edges_follow_grimps_rule(facts: Facts) -> None:
    assert edge_rows(facts.edges) == [
        ("importkinds.absolute", "importkinds.alpha", 3, K.IMPORT),  # a name: lands on P
        ("importkinds.absolute", "importkinds.alpha.beta", 1, K.IMPORT),
        ("importkinds.absolute", "importkinds.alpha.gamma", 2, K.IMPORT),  # a module: P.X
        ("importkinds.dynamic", "importkinds.absolute", 8, K.DYNAMIC),
        ("importkinds.dynamic", "importkinds.alpha.beta", 6, K.DYNAMIC),
        ("importkinds.dynamic", "importkinds.sub", 9, K.DYNAMIC),
        ("importkinds.lazy", "importkinds.alpha.gamma", 2, K.LAZY),
        ("importkinds.lazy", "importkinds.sub.sibling", 9, K.LAZY),
        # A namespace sub-package (nopkg/ has no __init__.py): Python imports it; grimp not.
        ("importkinds.nopkg.stray", "importkinds.alpha.beta", 1, K.IMPORT),
        ("importkinds.sub.relative", "importkinds", 8, K.IMPORT),  # missing P.X: grimp's P
        ("importkinds.sub.relative", "importkinds.absolute", 4, K.IMPORT),
        ("importkinds.sub.relative", "importkinds.alpha.beta", 3, K.IMPORT),
        ("importkinds.sub.relative", "importkinds.sub", 2, K.IMPORT),
        ("importkinds.sub.relative", "importkinds.sub.sibling", 1, K.IMPORT),
        ("importkinds.sub.relative", "importkinds.sub.sibling", 7, K.IMPORT),  # star import
        ("importkinds.typed", "importkinds.alpha.beta", 9, K.IMPORT),
        ("importkinds.typed", "importkinds.alpha.gamma", 5, K.TYPE_ONLY),
        ("importkinds.typed", "importkinds.sub.sibling", 7, K.TYPE_ONLY),
    ]


def test_external_imports_land_on_their_top_level_name(facts: Facts) -> None:
    assert edge_rows(facts.edges, external=True) == [
        ("importkinds.absolute", "collections", 5, K.IMPORT),
        ("importkinds.absolute", "json", 4, K.IMPORT),
        ("importkinds.absolute", "os", 4, K.IMPORT),
        ("importkinds.dynamic", "importlib", 1, K.IMPORT),
        ("importkinds.dynamic", "importlib", 2, K.IMPORT),
        ("importkinds.typed", "typing", 1, K.IMPORT),
        ("importkinds.typed", "typing", 2, K.IMPORT),
    ]


def test_blind_spots_by_kind_sorted_by_kind_value(facts: Facts) -> None:
    assert blind_rows(facts.blind_spots) == [
        (B.OUTSIDE_PACKAGE, "scripts/run.py", 1),
        (B.MISSING_INTERNAL, "importkinds/sub/relative.py", 6),
        (B.MISSING_INTERNAL, "importkinds/sub/relative.py", 8),
        (B.NON_LITERAL_DYNAMIC, "importkinds/dynamic.py", 7),
        (B.NON_LITERAL_DYNAMIC, "importkinds/dynamic.py", 10),
        (B.BEYOND_TOP_LEVEL, "importkinds/sub/relative.py", 5),
    ]


def test_missing_internal_modules_name_the_module_that_is_missing(facts: Facts) -> None:
    details = [s.detail for s in facts.blind_spots if s.kind is B.MISSING_INTERNAL]
    assert details == [
        "from .missing import something (no module importkinds.sub.missing)",
        "import importkinds.nothere (no module importkinds.nothere)",
    ]


def test_files_outside_the_graph_contribute_no_imports(facts: Facts) -> None:
    outside = [p for p in facts.parsed if p.source.module is None]
    assert sorted(p.source.path for p in outside) == ["scripts/run.py"]
    assert all(p.imports == () and p.problems == () for p in outside)
