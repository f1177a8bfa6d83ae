"""A distribution's packages, read from each build backend's configuration (never built)."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzer.packaging import Packages, declared_packages


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


CASES = [
    (  # openedx-learning: find_packages with literal include/exclude; test_utils is not shipped
        {
            "setup.py": "from setuptools import find_packages, setup\n"
            "setup(name='x', packages=find_packages(include=['openedx_learning*', "
            "'openedx_tagging*'], exclude=['*.test', '*.tests']))\n",
            "openedx_learning/__init__.py": "",
            "openedx_tagging/__init__.py": "",
            "test_utils/__init__.py": "",
        },
        Packages("", ("openedx_learning", "openedx_tagging"), "setup.py"),
    ),
    (  # a src layout: find_packages("src") with package_dir
        {
            "setup.py": "from setuptools import setup, find_packages\n"
            "setup(package_dir={'': 'src'}, packages=find_packages('src'))\n",
            "src/shop/__init__.py": "",
        },
        Packages("src", ("shop",), "setup.py"),
    ),
    (  # a literal list, through a name bound once
        {
            "setup.py": "import setuptools\nPACKAGES = ['shop', 'shop.api']\n"
            "setuptools.setup(packages=PACKAGES)\n",
        },
        Packages("", ("shop",), "setup.py"),
    ),
    (
        {"pyproject.toml": '[tool.setuptools]\npackages = ["shop", "shop.api"]\n'},
        Packages("", ("shop",), "[tool.setuptools]"),
    ),
    (
        {
            "pyproject.toml": '[tool.setuptools.packages.find]\nwhere = ["src"]\n'
            'exclude = ["tests*"]\n',
            "src/shop/__init__.py": "",
            "src/tests/__init__.py": "",
            "src/notapackage/x.py": "",
        },
        Packages("src", ("shop",), "[tool.setuptools.packages.find]"),
    ),
    (
        {
            "setup.cfg": "[options]\npackage_dir =\n    =src\npackages = find:\n\n"
            "[options.packages.find]\nwhere = src\n",
            "src/shop/__init__.py": "",
        },
        Packages("src", ("shop",), "setup.cfg"),
    ),
    (
        {"pyproject.toml": '[tool.hatch.build.targets.wheel]\npackages = ["src/shop"]\n'},
        Packages("src", ("shop",), "[tool.hatch.build.targets.wheel]"),
    ),
    (
        {
            "pyproject.toml": '[tool.poetry]\nname = "x"\npackages = [{include = "shop", '
            'from = "lib"}]\n'
        },
        Packages("lib", ("shop",), "[tool.poetry] packages"),
    ),
    (
        {"pyproject.toml": '[tool.flit.module]\nname = "shop"\n', "src/shop/__init__.py": ""},
        Packages("src", ("shop",), "[tool.flit.module]"),
    ),
    (
        {"pyproject.toml": '[tool.pdm.build]\npackage-dir = "src"\nincludes = ["src/shop"]\n'},
        Packages("src", ("shop",), "[tool.pdm.build]"),
    ),
    (
        {
            "pyproject.toml": '[tool.maturin]\npython-source = "python"\n'
            'module-name = "shop._core"\n'
        },
        Packages("python", ("shop",), "[tool.maturin]"),
    ),
    (
        {"pyproject.toml": '[project]\nname = "my-shop"\n', "my_shop/__init__.py": ""},
        Packages("", ("my_shop",), "the project's name"),
    ),
]


@pytest.mark.parametrize(("files", "expected"), CASES)
def test_each_backend_names_its_packages(
    files: dict[str, str], expected: Packages, tmp_path: Path
) -> None:
    assert declared_packages(str(_tree(tmp_path, files))) == expected


def test_nothing_declared_is_none(tmp_path: Path) -> None:
    assert declared_packages(str(_tree(tmp_path, {"pyproject.toml": "[tool.ruff]\n"}))) is None
    assert declared_packages(str(_tree(tmp_path, {"pyproject.toml": "[[broken"}))) is None


def test_a_computed_setup_py_packages_is_not_read(tmp_path: Path) -> None:
    """``packages=discover()`` says nothing archfit can read without running setup.py."""
    files = {
        "setup.py": "from setuptools import setup\nsetup(packages=discover())\n",
        "pyproject.toml": '[project]\nname = "shop"\n',
        "shop/__init__.py": "",
    }
    assert declared_packages(str(_tree(tmp_path, files))) == Packages(
        "", ("shop",), "the project's name"
    )
