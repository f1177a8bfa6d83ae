"""Real projects for ``realcode`` tests: Django's wheel from PyPI, unzipped into ``.targets/``.

The same folder as the parity tests use, so the wheel is downloaded once; skipped offline.
"""

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

DJANGO_VERSION = "5.2.8"
TARGETS = REPO / ".targets"


def django_root() -> Path:
    """Django's wheel, unzipped into .targets/django-wheel (downloaded once)."""
    unzipped = TARGETS / "django-wheel"
    if not (unzipped / "django" / "__init__.py").is_file():
        _unzip(_wheel(TARGETS / "dl"), unzipped)
    return unzipped


def _wheel(folder: Path) -> Path:
    found = _find_wheel(folder)
    if found is None:
        command = [sys.executable, "-m", "pip", "download", "--no-deps", "--retries", "1"]
        command += [f"django=={DJANGO_VERSION}", "-d", str(folder)]
        done = subprocess.run(command, capture_output=True, text=True, timeout=600)
        found = _find_wheel(folder)
        if done.returncode != 0 or found is None:
            pytest.skip(f"cannot download Django {DJANGO_VERSION} (offline?): {done.stderr[-500:]}")
    return found


def _find_wheel(folder: Path) -> Path | None:
    prefix = f"django-{DJANGO_VERSION}-"
    wheels = [p for p in folder.glob("*.whl") if p.name.lower().startswith(prefix)]
    return min(wheels) if wheels else None


def _unzip(wheel: Path, target: Path) -> None:
    """Unzip next to ``target`` first, so that an interrupted run never leaves half a tree."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix="django-wheel-", dir=target.parent))
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(staging)
    try:
        os.replace(staging, target)
    except OSError:  # another run unzipped it first
        shutil.rmtree(staging, ignore_errors=True)


def sdist_root(name: str, version: str) -> Path:
    """A project's source distribution from PyPI, unpacked into .targets/<name>-<version>-sdist
    (downloaded once). pip prepares the sdist's metadata in an isolated build environment;
    archfit only reads the unpacked files."""
    unpacked = TARGETS / f"{name}-{version}-sdist"
    if unpacked.is_dir():
        return unpacked
    folder = TARGETS / "dl"
    archive = _find_sdist(folder, name, version)
    if archive is None:
        command = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:"]
        command += ["--retries", "1", f"{name}=={version}", "-d", str(folder)]
        done = subprocess.run(command, capture_output=True, text=True, timeout=600)
        archive = _find_sdist(folder, name, version)
        if archive is None:
            pytest.skip(f"cannot download {name} {version} (offline?): {done.stderr[-500:]}")
    _untar(archive, unpacked)
    return unpacked


def _find_sdist(folder: Path, name: str, version: str) -> Path | None:
    found = [p for p in folder.glob("*.tar.gz") if p.name.lower() == f"{name}-{version}.tar.gz"]
    return found[0] if found else None


def _untar(archive: Path, target: Path) -> None:
    """Unpack next to ``target`` first (the "data" filter refuses unsafe members)."""
    import tarfile

    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix="sdist-", dir=target.parent))
    with tarfile.open(archive) as tar:
        tar.extractall(staging, filter="data")
    try:
        os.replace(staging, target)
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
