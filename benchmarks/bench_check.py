"""Time ``archfit check`` (graph + contracts) against ``lint-imports --no-cache``, cold.

Usage: python benchmarks/bench_check.py [--repeat N] [--targets django,pandas]

Downloads each target's wheel from PyPI into ``.targets/`` (git-ignored), writes one
import-linter config per target (both tools read the very same file), runs each tool
``--repeat`` times and prints the median wall-clock time and the ratio archfit / lint-imports.
archfit runs with ``--no-cache`` and lint-imports with ``--no-cache``: both cold. archfit's run
also computes every metric and runs every bundled rule pack; ``--select CON`` would still parse
and measure everything, so the comparison is what a user pays for one archfit run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TARGETS = REPO / ".targets"
BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class Target:
    """A real project to measure on, and contracts that exercise every query kind."""

    name: str
    requirement: str
    contracts: str


TARGET_LIST = (
    Target(
        "django",
        "django==5.2.8",
        """
[importlinter:contract:layers]
name = django core layers
type = layers
layers =
    django.contrib
    django.core
    django.utils

[importlinter:contract:forbidden]
name = utils never reaches the ORM
type = forbidden
source_modules = django.utils
forbidden_modules = django.db

[importlinter:contract:independence]
name = forms and templates are independent
type = independence
modules =
    django.forms
    django.template
""",
    ),
    Target(
        "pandas",
        "pandas==3.1.1",
        """
[importlinter:contract:layers]
name = pandas layers
type = layers
layers =
    pandas.io
    pandas.core
    pandas._libs

[importlinter:contract:forbidden]
name = core does not reach plotting
type = forbidden
source_modules = pandas.core
forbidden_modules = pandas.plotting

[importlinter:contract:independence]
name = plotting and io are independent
type = independence
modules =
    pandas.plotting
    pandas.io
""",
    ),
)


def fetch(target: Target) -> Path:
    """The unpacked wheel of ``target`` (downloaded once)."""
    return unpacked_wheel(target.name, target.requirement, "bench")


def unpacked_wheel(name: str, requirement: str, suffix: str) -> Path:
    """``.targets/NAME-SUFFIX``, holding ``requirement``'s wheel unzipped (downloaded once)."""
    root = TARGETS / f"{name}-{suffix}"
    if (root / name).is_dir():
        return root
    with zipfile.ZipFile(downloaded_wheel(name, requirement)) as archive:
        archive.extractall(root)
    return root


def downloaded_wheel(name: str, requirement: str) -> Path:
    """``requirement``'s wheel in ``.targets/dl``, downloaded once for every use."""
    download = TARGETS / "dl"
    version = requirement.split("==")[1]
    if not any(download.glob(f"{name}-{version}-*.whl")):
        command = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps"]
        command += ["--only-binary", ":all:", requirement, "-d", str(download)]
        subprocess.run(command, check=True)
    return next(download.glob(f"{name}-{version}-*.whl"))


def write_config(target: Target, folder: Path) -> Path:
    """One import-linter INI file both tools read."""
    path = folder / f"{target.name}.importlinter"
    path.write_text(f"[importlinter]\nroot_package = {target.name}\n{target.contracts}")
    return path


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, int]:
    """Wall-clock seconds and exit code of one run."""
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    return time.perf_counter() - start, done.returncode


def measure(target: Target, repeat: int, folder: Path) -> dict[str, float]:
    """Median seconds per tool on one target."""
    root = fetch(target)
    config = write_config(target, folder)
    env = {**os.environ, "PYTHONPATH": str(root)}
    commands = {
        "archfit": [
            str(BIN / "archfit"),
            "check",
            "--config",
            str(config),
            "--format",
            "json",
            "--no-cache",  # cold, as lint-imports --no-cache; every rule pack runs too
            str(root),
        ],
        "lint-imports": [str(BIN / "lint-imports"), "--config", str(config), "--no-cache"],
    }
    medians = {}
    for tool, command in commands.items():
        runs = [timed(command, root, env) for _ in range(repeat)]
        medians[tool] = statistics.median(seconds for seconds, _ in runs)
        print(f"  {target.name:<8} {tool:<13} {medians[tool]:6.2f} s  (exit {runs[0][1]})")
    return medians


def main() -> None:
    """Run every target and print the ratio table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--targets", default=",".join(t.name for t in TARGET_LIST))
    args = parser.parse_args()
    wanted = set(args.targets.split(","))
    print(f"cores: {os.cpu_count()}, repeat: {args.repeat} (median)")
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for target in (t for t in TARGET_LIST if t.name in wanted):
            rows.append((target.name, measure(target, args.repeat, Path(folder))))
    print(f"\n{'target':<8} {'archfit':>9} {'lint-imports':>13} {'ratio':>7}")
    for name, medians in rows:
        ratio = medians["archfit"] / medians["lint-imports"]
        print(
            f"{name:<8} {medians['archfit']:8.2f}s {medians['lint-imports']:12.2f}s {ratio:6.2f}x"
        )


if __name__ == "__main__":
    main()
