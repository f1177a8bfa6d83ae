"""Real projects for the oracle tests: wheels from PyPI, unzipped once into ``.targets/``."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO

TARGETS = REPO / ".targets"


def unpacked_wheel(name: str, version: str) -> Path:
    """The wheel of ``name==version`` unzipped into ``.targets/<name>-wheel`` (skip offline)."""
    unzipped = TARGETS / f"{name}-wheel"
    if not (unzipped / name / "__init__.py").is_file():
        _unzip(_wheel(name, version, TARGETS / "dl"), unzipped)
    return unzipped


def _wheel(name: str, version: str, folder: Path) -> Path:
    found = _find_wheel(name, version, folder)
    if found is None:
        command = [sys.executable, "-m", "pip", "download", "--no-deps", "--retries", "1"]
        command += ["--only-binary", ":all:", f"{name}=={version}", "-d", str(folder)]
        done = subprocess.run(command, capture_output=True, text=True, timeout=600)
        found = _find_wheel(name, version, folder)
        if done.returncode != 0 or found is None:
            pytest.skip(f"cannot download {name} {version} (offline?): {done.stderr[-500:]}")
    return found


def _find_wheel(name: str, version: str, folder: Path) -> Path | None:
    prefix = f"{name}-{version}-"
    wheels = [p for p in folder.glob("*.whl") if p.name.lower().startswith(prefix)]
    return min(wheels) if wheels else None


def _unzip(wheel: Path, target: Path) -> None:
    """Unzip next to ``target`` first, so that an interrupted run never leaves half a tree."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f"{target.name}-", dir=target.parent))
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(staging)
    try:
        os.replace(staging, target)
    except OSError:  # another run unzipped it first
        shutil.rmtree(staging, ignore_errors=True)
