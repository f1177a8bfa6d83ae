"""Assemble the monorepo benchmark target from PyPI wheels (issue #18).

Six real packages side by side (homeassistant, transformers, sympy, pandas, django, scipy:
about 14,500 Python files), in two layouts under ``.targets/`` (git-ignored), each a git
repository with one commit:

- ``monorepo-one``: one project; one ``.importlinter`` at the root names the six root packages
  and the contracts below. archfit and lint-imports read that very file.
- ``monorepo-split``: one project per package, ``<package>/.importlinter`` each, with that
  package's contracts; ``archfit check`` from the root judges every project (ADR-0015).

Only the packages' Python files are unpacked (``.py`` and ``.pyi``): the wheels' compiled
extensions change nothing in either tool's graph.
"""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

from bench_check import TARGETS, downloaded_wheel  # benchmarks/ is on sys.path

# name, pinned requirement, contracts (import-linter INI) both tools judge
PACKAGES: tuple[tuple[str, str, str], ...] = (
    (
        "django",
        "django==5.2.8",
        """
[importlinter:contract:django-layers]
name = django core layers
type = layers
layers =
    django.contrib
    django.core
    django.utils

[importlinter:contract:django-forbidden]
name = utils never reaches the ORM
type = forbidden
source_modules = django.utils
forbidden_modules = django.db
""",
    ),
    (
        "pandas",
        "pandas==3.1.1",
        """
[importlinter:contract:pandas-layers]
name = pandas layers
type = layers
layers =
    pandas.io
    pandas.core
    pandas._libs
""",
    ),
    (
        "sympy",
        "sympy==1.14.0",
        """
[importlinter:contract:sympy-forbidden]
name = core does not reach printing
type = forbidden
source_modules = sympy.core
forbidden_modules = sympy.plotting
""",
    ),
    (
        "scipy",
        "scipy==1.17.1",
        """
[importlinter:contract:scipy-independence]
name = scipy's io and signal are independent
type = independence
modules =
    scipy.io
    scipy.signal
""",
    ),
    (
        "transformers",
        "transformers==5.25.0",
        """
[importlinter:contract:transformers-forbidden]
name = utils never reach the models
type = forbidden
source_modules = transformers.utils
forbidden_modules = transformers.models
""",
    ),
    (
        "homeassistant",
        "homeassistant==2024.3.3",
        """
[importlinter:contract:homeassistant-forbidden]
name = util never reaches the components
type = forbidden
source_modules = homeassistant.util
forbidden_modules = homeassistant.components
""",
    ),
)
LAYOUTS = ("one", "split")


def unpack(name: str, requirement: str, folder: Path) -> None:
    """The package's Python files from its wheel, into ``folder``."""
    with zipfile.ZipFile(downloaded_wheel(name, requirement)) as archive:
        members = [
            m
            for m in archive.namelist()
            if m.startswith(f"{name}/") and m.endswith((".py", ".pyi"))
        ]
        archive.extractall(folder, members)


def ini(root_packages: list[str], contracts: str) -> str:
    """One import-linter configuration: its root packages, then its contracts."""
    roots = "".join(f"\n    {p}" for p in root_packages)
    return f"[importlinter]\nroot_packages ={roots}\n{contracts}"


def commit(root: Path) -> None:
    """Make ``root`` a git repository with everything in one commit."""
    git = ["git", "-C", str(root), "-c", "user.name=bench", "-c", "user.email=bench@example.com"]
    subprocess.run([*git, "init", "-q", "-b", "main"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "monorepo"], check=True)


def assemble(layout: str) -> Path:
    """``.targets/monorepo-LAYOUT``, built once (delete the folder to rebuild it)."""
    root = TARGETS / f"monorepo-{layout}"
    if (root / ".git").is_dir():
        return root
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    for name, requirement, contracts in PACKAGES:
        home = root if layout == "one" else root / name
        unpack(name, requirement, home)
        if layout == "split":
            (home / ".importlinter").write_text(ini([name], contracts), encoding="utf-8")
    if layout == "one":
        names = [name for name, _, _ in PACKAGES]
        every = "".join(contracts for _, _, contracts in PACKAGES)
        (root / ".importlinter").write_text(ini(names, every), encoding="utf-8")
    commit(root)
    return root


def python_files(root: Path) -> int:
    """How many Python files the layout holds."""
    return sum(1 for _ in root.rglob("*.py"))


if __name__ == "__main__":
    for chosen in LAYOUTS:
        built = assemble(chosen)
        print(f"{built}: {python_files(built)} Python files")
