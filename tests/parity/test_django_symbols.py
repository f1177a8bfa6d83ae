"""CON010 and CON011 on real Django: an interface on ``django.db.models`` and an allow-list on
``django.core``, kept and broken; grimp (build_graph) is the oracle for the allow-list's
imports and chains. The wheel is downloaded once into ``.targets/``."""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner

from fitness.cli.main import main
from tests import realcode
from tests.parity.grimp_edges import grimp_edges

pytestmark = pytest.mark.realcode

SUBMODULES = "base|constants|constraints|deletion|enums|expressions|fields|functions|indexes"
SUBMODULES += "|lookups|manager|options|query|query_utils|signals|sql|utils"
ALLOWED = [
    "django",
    "django.apps",
    "django.conf",
    "django.db",
    "django.dispatch",
    "django.http",
    "django.middleware",
    "django.template",
    "django.urls",
    "django.utils",
    "django.views",
]
CONFIG = f"""
[tool.archfit]
root_packages = ["django"]
packs = []

[[tool.archfit.contracts]]
id = "models-kept"
name = "django.db.models: its capitalised names and its submodules"
type = "interface"
modules = ["django.db.models"]
expose = ['[A-Z_][A-Za-z_]*', '({SUBMODULES})(\\..*)?']

[[tool.archfit.contracts]]
id = "models-contrib"
name = "contrib may use only the capitalised names of django.db.models"
type = "interface"
modules = ["django.db.models"]
expose = ['[A-Z][A-Za-z]*']
visibility = ["django.contrib"]
exclusive = true

[[tool.archfit.contracts]]
id = "models-all"
name = "django.db.models read from its __all__"
type = "interface"
modules = ["django.db.models"]
from_all = true
visibility = ["django.core"]

[[tool.archfit.contracts]]
id = "core-kept"
name = "django.core's allow-list, django.test deprecated"
type = "allowed"
source_modules = ["django.core"]
allowed_modules = {json.dumps(ALLOWED)}
deprecated_modules = ["django.test"]
units = ["django.*"]

[[tool.archfit.contracts]]
id = "core-without-db"
name = "django.core's allow-list without django.db"
type = "allowed"
source_modules = ["django.core"]
allowed_modules = {json.dumps([m for m in ALLOWED if m != "django.db"] + ["django.test"])}
units = ["django.*"]

[[tool.archfit.contracts]]
id = "core-indirect"
name = "django.core's allow-list, judged through chains"
type = "allowed"
source_modules = ["django.core"]
allowed_modules = {json.dumps([*ALLOWED, "django.test"])}
units = ["django.*"]
indirect = true
"""


@pytest.fixture(scope="module")
def django_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One ``archfit check`` of Django with the contracts above."""
    config = tmp_path_factory.mktemp("django-symbols") / "pyproject.toml"
    config.write_text(CONFIG, encoding="utf-8")
    args = ["check", "--format", "json", "--config", str(config), str(realcode.django_root())]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 1, result.output
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def _verdict(run: dict[str, Any], contract: str) -> dict[str, Any]:
    return next(c for c in run["contracts"] if c["id"] == contract)


def _findings(run: dict[str, Any], contract: str) -> list[dict[str, Any]]:
    return [f for f in run["findings"] if f["source"]["id"] == contract]


def test_the_interface_today_is_kept(django_run: dict[str, Any]) -> None:
    assert _verdict(django_run, "models-kept")["kept"]
    assert _verdict(django_run, "core-kept")["kept"]


def test_an_exclusive_narrow_interface_breaks_on_every_submodule_reach(
    django_run: dict[str, Any],
) -> None:
    found = _findings(django_run, "models-contrib")
    assert len(found) == 62
    assert all(f["path"].startswith("django/contrib/") for f in found)
    first = min(found, key=lambda f: (f["path"], f["line"]))
    assert (
        first["subject"] == "django.contrib.admin.checks -> django.db.models.constants.LOOKUP_SEP"
    )
    assert (first["path"], first["line"]) == ("django/contrib/admin/checks.py", 11)
    assert "imports constants.LOOKUP_SEP of django.db.models" in first["message"]
    assert "(expose: [A-Z][A-Za-z]*)" in first["message"]


def test_django_db_models_all_is_not_a_literal(django_run: dict[str, Any]) -> None:
    found = [(f["subject"], f["path"], f["line"]) for f in _findings(django_run, "models-all")]
    # ``__all__ = aggregates_all + constants_all + ...``: read from it, no interface is guessed.
    assert found == [("django.db.models.__all__", "django/db/models/__init__.py", 72)]


def test_deprecated_dependencies_warn(django_run: dict[str, Any]) -> None:
    warnings = _verdict(django_run, "core-kept")["warnings"]
    assert len(warnings) == 2
    assert all("django.core's dependency on django.test is deprecated" in w for w in warnings)


def test_a_dropped_dependency_breaks_on_grimps_imports(
    django_run: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    found = {tuple(f["subject"].split(" -> ")) for f in _findings(django_run, "core-without-db")}
    edges = grimp_edges(realcode.django_root(), ["django"], monkeypatch)
    expected = {
        (importer, imported)
        for importer, imported, _ in edges
        if importer.startswith("django.core.") and imported.split(".")[:2] == ["django", "db"]
    }
    assert found == expected
    assert len(found) == 63


def test_indirect_reaches_match_grimps_chains(
    django_run: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    found = {f["subject"] for f in _findings(django_run, "core-indirect")}
    edges = grimp_edges(realcode.django_root(), ["django"], monkeypatch)
    reached = _reachable("django.core", edges)
    allowed = {*ALLOWED, "django.test", "django.core"}
    expected = {
        f"django.core -> {'.'.join(m.split('.')[:2])}"
        for m in reached
        if ".".join(m.split(".")[:2]) not in allowed
    }
    assert found == expected
    assert found == {
        "django.core -> django.contrib",
        "django.core -> django.forms",
        "django.core -> django.shortcuts",
        "django.core -> django.templatetags",
    }


def _reachable(package: str, edges: set[tuple[str, str, int]]) -> set[str]:
    """Every module a chain of grimp's imports reaches from inside ``package``."""
    out: dict[str, set[str]] = {}
    for importer, imported, _ in edges:
        out.setdefault(importer, set()).add(imported)
    todo = [m for m in out if m == package or m.startswith(package + ".")]
    seen = set(todo)
    while todo:
        for nxt in out.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return {m for m in seen if not (m == package or m.startswith(package + "."))}
