"""Namespace sub-packages inside regular packages are modules, as Python 3 imports them (ADR-0006).

flask's ``flask/sansio/`` has no ``__init__.py`` and ``flask.sansio.app`` imports fine; grimp
drops such folders (its issue #298), archfit must not: their imports count for contracts and
metrics, and a contract may name them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from analyzer.discovery import discover
from analyzer.facts import BlindSpotKind as B
from analyzer.facts import ImportKind as K
from analyzer.project import analyze
from tests import realcode
from tests.analyzer.trees import blind_rows, edge_rows, write_tree
from tests.conftest import check_json

TREE = {
    "shop/__init__.py": "",
    "shop/ctx.py": "",
    "shop/core/app.py": "from .. import ctx\nfrom .scaffold import Base\n",  # no __init__.py
    "shop/core/scaffold.py": "import shop.ctx\nBase = object\n",
    "shop/core/deeper/leaf.py": "from ..app import x\n",  # two namespace levels
    "shop/core/plugins/__init__.py": "",  # a regular package below a namespace one
    "shop/core/plugins/one.py": "from shop.core import app\n",
    "shop/web.py": "from shop.core.app import App\nimport shop.core\n",
}


def _modules(root: Path) -> dict[str, str | None]:
    return {f.path: f.module for f in discover(str(root)).files}


def test_a_folder_without_init_inside_a_package_is_a_namespace_subpackage(tmp_path: Path) -> None:
    write_tree(tmp_path, TREE)
    layout = discover(str(tmp_path))
    assert layout.root_packages == ("shop",)
    assert _modules(tmp_path)["shop/core/app.py"] == "shop.core.app"
    assert _modules(tmp_path)["shop/core/deeper/leaf.py"] == "shop.core.deeper.leaf"
    assert _modules(tmp_path)["shop/core/plugins/one.py"] == "shop.core.plugins.one"
    assert layout.namespace_packages == ("shop.core", "shop.core.deeper")
    assert layout.blind_spots == ()


def test_their_imports_are_edges_both_ways(tmp_path: Path) -> None:
    write_tree(tmp_path, TREE)
    facts = analyze(str(tmp_path), jobs=1)
    assert edge_rows(facts.edges) == [
        ("shop.core.app", "shop.core.scaffold", 2, K.IMPORT),
        ("shop.core.app", "shop.ctx", 1, K.IMPORT),  # `..` from a namespace sub-package
        ("shop.core.deeper.leaf", "shop.core.app", 1, K.IMPORT),
        ("shop.core.plugins.one", "shop.core.app", 1, K.IMPORT),
        ("shop.core.scaffold", "shop.ctx", 1, K.IMPORT),
        ("shop.web", "shop.core", 2, K.IMPORT),  # the namespace package itself
        ("shop.web", "shop.core.app", 1, K.IMPORT),
    ]
    assert not [s for s in facts.blind_spots if s.kind is B.MISSING_INTERNAL]


def test_only_folders_python_cannot_import_are_blind_spots(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "shop/__init__.py": "",
            "shop/my-data/gen.py": "",  # not an identifier
            "shop/my-data/inner/x.py": "",
            "shop/plugin.py": "",
            "shop/plugin/extra.py": "",  # plugin.py wins: shop.plugin is no package
        },
    )
    layout = discover(str(tmp_path))
    assert _modules(tmp_path) == {
        "shop/__init__.py": "shop",
        "shop/my-data/gen.py": None,
        "shop/my-data/inner/x.py": None,
        "shop/plugin.py": "shop.plugin",
        "shop/plugin/extra.py": None,
    }
    assert blind_rows(layout.blind_spots) == [
        (B.NOT_A_PACKAGE, "shop/my-data", 1),  # once for the folder, not per file
        (B.NOT_A_PACKAGE, "shop/plugin", 1),
    ]
    details = sorted(s.detail for s in layout.blind_spots)
    assert "not an identifier" in details[0] and "plugin.py beside it" in details[1]


def _contract_config(root: Path, package: str, source: str, forbidden: str) -> None:
    (root / "pyproject.toml").write_text(
        f'[tool.archfit]\nroot_packages = ["{package}"]\n\n'
        "[[tool.archfit.contracts]]\n"
        'id = "core-pure"\nname = "The core does not reach the context"\n'
        f'type = "forbidden"\nsource_modules = ["{source}"]\n'
        f'forbidden_modules = ["{forbidden}"]\n',
        encoding="utf-8",
    )


def test_a_contract_may_name_a_namespace_subpackage(tmp_path: Path, run_cli: Any) -> None:
    write_tree(tmp_path, TREE)
    _contract_config(tmp_path, "shop", "shop.core", "shop.ctx")
    code, doc = check_json(run_cli, "--no-cache", str(tmp_path))
    assert code == 1
    assert [(f["code"], f["subject"]) for f in doc["findings"] if f["code"] == "CON002"] == [
        ("CON002", "shop.core -> shop.ctx")
    ]
    code, out, _ = run_cli("metrics", "--no-cache", "--format", "json", str(tmp_path))
    names = {row["name"] for row in json.loads(out)["modules"]}
    assert {"shop.core.app", "shop.core.deeper.leaf", "shop.core.scaffold"} <= names


@pytest.mark.realcode
def test_flask_sansio_is_in_the_graph_and_its_contract_is_judged(
    run_cli: Any, tmp_path: Path
) -> None:
    """flask 3.1.2's wheel: ``flask/sansio/`` (no ``__init__.py``) holds the app core."""
    root = realcode.flask_root()
    _contract_config(tmp_path, "flask", "flask.sansio", "flask.ctx")
    toml = str(tmp_path / "pyproject.toml")
    code, doc = check_json(run_cli, "--no-cache", "--config", toml, str(root))
    assert code == 1
    broken = [f for f in doc["findings"] if f["code"] == "CON002"]
    assert [f["subject"] for f in broken] == ["flask.sansio -> flask.ctx"]
    assert (broken[0]["path"], broken[0]["line"]) == ("flask/sansio/app.py", 23)
    assert broken[0]["chains"][0][0]["importer"] == "flask.sansio.app"
    facts = analyze(str(root), root_packages=["flask"])
    assert {"flask.sansio.app", "flask.sansio.blueprints", "flask.sansio.scaffold"} <= set(
        facts.modules
    )
    assert "flask.sansio" in facts.layout.namespace_packages
    importers = {e.importer for e in facts.edges if e.imported == "flask.sansio.app"}
    assert {"flask.app", "flask.debughelpers"} <= importers
    assert not [s for s in facts.blind_spots if s.kind is B.NOT_A_PACKAGE]
