"""Deterministic subsamples of the monorepo for the scale row of issue #18.

``sample(source, size, into)`` copies about ``size`` Python files of ``source`` into
``into/sample-SIZE``, built once: files drawn with a fixed seed (every run measures the same
files), each with the ``__init__.py`` of every folder above it (so that each sampled module
keeps its package; they count in ``size``). A ``size`` over the file count takes them all.
Copies, not links: a benchmark that edits a file of the monorepo never edits a sample.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

SEED = 18  # the number: any fixed value keeps the samples the same run after run
DONE = ".sample-complete"  # written last: a folder without it is rebuilt


def python_files(root: Path) -> list[str]:
    """Every ``.py`` file below ``root`` (relative, sorted), outside hidden folders."""
    found = (p.relative_to(root) for p in root.rglob("*.py"))
    return sorted(str(p) for p in found if not any(part.startswith(".") for part in p.parts))


def chosen(files: list[str], size: int, source: Path) -> list[str]:
    """About ``size`` of ``files``: drawn in an order shuffled with the fixed seed, each with
    the packages' ``__init__.py`` above it (counted in ``size``), until there are ``size``."""
    picked: set[str] = set()
    for name in random.Random(SEED).sample(files, len(files)):
        if len(picked) >= size:
            break
        picked.add(name)
        for folder in Path(name).parents:
            init = folder / "__init__.py"
            if str(folder) != "." and (source / init).is_file():
                picked.add(str(init))
    return sorted(picked)


def sample(source: Path, size: int, into: Path) -> Path:
    """``into/sample-SIZE``: the subsample of ``source`` (built once)."""
    folder = into / f"sample-{size}"
    if (folder / DONE).is_file():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    for name in chosen(python_files(source), size, source):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / name, folder / name)
    (folder / DONE).write_text("", encoding="utf-8")
    return folder


def source_lines(root: Path) -> int:
    """Physical lines of every Python file below ``root``."""
    return sum((root / name).read_bytes().count(b"\n") for name in python_files(root))
