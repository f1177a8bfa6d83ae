"""``init`` names library packages only, and leaves packages a team's import-linter contracts
already govern to those contracts (it never blesses a cycle they forbid)."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from tests.cli.gitrepo import edit

_SHOP = {
    "shop/__init__.py": "",
    "shop/api.py": "from shop import domain\n",
    "shop/domain.py": "",
    "tests/__init__.py": "",
    "tests/test_api.py": "import shop.api\n",
    "examples/app/__init__.py": "import shop\n",
    "docs/conf.py": "",
}


def _settings(repo: Path) -> dict[str, Any]:
    text = (repo / "archfit.yaml").read_text(encoding="utf-8")
    import yaml

    data: dict[str, Any] = yaml.safe_load(text)
    return data


def test_without_packaging_metadata_the_library_packages_are_the_roots(
    tmp_path: Path, run_cli: Any
) -> None:
    for name, text in _SHOP.items():
        edit(tmp_path, name, text)
    code, _, err = run_cli("init", str(tmp_path))
    assert code == 0, err
    settings = _settings(tmp_path)
    assert settings["root_packages"] == ["shop"]
    assert [c["layers"] for c in settings["contracts"]] == [["api", "domain"]]
    assert (tmp_path / "archfit.yaml").read_text().startswith("# Written by `archfit init`")


def test_a_package_an_import_linter_contract_governs_gets_no_layers_of_ours(
    tmp_path: Path, run_cli: Any
) -> None:
    for name, text in _SHOP.items():
        edit(tmp_path, name, text)
    edit(tmp_path, "shop/domain.py", "from shop import api\n")  # a cycle the team forbids
    edit(
        tmp_path,
        ".importlinter",
        "[importlinter]\nroot_package = shop\n\n[importlinter:contract:layers]\n"
        "name = api above domain\ntype = layers\nlayers =\n    shop.api\n    shop.domain\n",
    )
    edit(tmp_path, "pyproject.toml", '[project]\nname = "shop"\n')
    code, _, err = run_cli("init", str(tmp_path))
    assert code == 0, err
    settings = tomllib.loads((tmp_path / "pyproject.toml").read_text())["tool"]["archfit"]
    assert settings["root_packages"] == ["shop"]
    assert "contracts" not in settings  # `api : domain` would bless the cycle
    code, out, _ = run_cli("check", str(tmp_path))
    assert code == 0 and "BROKEN (baselined, 1 known) api above domain" in out  # init baselined it


def test_declared_packages_that_are_not_in_the_tree_are_not_written(
    tmp_path: Path, run_cli: Any
) -> None:
    """A setup.py listing 20,000 package names (or what a build generates) must not become
    20,000 root packages: init names only the declared packages the tree holds."""
    names = ", ".join(f"'p{i}'" for i in range(20000))
    (tmp_path / "setup.py").write_text(
        f"from setuptools import setup\nsetup(packages=['shop', {names}])\n"
    )
    (tmp_path / "shop").mkdir()
    (tmp_path / "shop" / "__init__.py").write_text("")
    code, out, err = run_cli("init", str(tmp_path))
    assert code == 0, err
    assert "root_packages = ['shop']" in out
