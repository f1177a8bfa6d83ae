"""ARC002 main-sequence-distance: a concrete package others lean on is in the zone of pain."""

from __future__ import annotations

import itertools
import random
from pathlib import Path
from typing import Any

import pytest

from analyzer.facts import Layout, SourceFile
from fitness.checks.coupling_view import first_path
from tests.fitness.checks.repo import findings, found, make_repo

CONFIG = "[tool.archfit.rules]\nmain-sequence-distance = { min_coupling = 3 }\n"
CONCRETE = "class {name}:\n    pass\n"
ABSTRACT = "from abc import ABC\n\n\nclass {name}(ABC):\n    pass\n"


def _repo(root: Path, template: str) -> Path:
    files = {
        "msdshop/__init__.py": "",
        "msdshop/core/__init__.py": "",
        "msdshop/core/a.py": template.format(name="A"),
        "msdshop/core/b.py": template.format(name="B"),
        "msdshop/app/__init__.py": "",
        "msdshop/app/x.py": "from msdshop.core.a import A\n",
        "msdshop/app/y.py": "from msdshop.core.b import B\n",
        "msdshop/app/z.py": "from msdshop.core.a import A\n",
    }
    return make_repo(root, files, CONFIG)


def test_a_stable_concrete_package_is_reported(tmp_path: Path, run_cli: Any) -> None:
    [finding] = findings(run_cli, _repo(tmp_path, CONCRETE), "ARC002")
    assert (finding["code"], finding["subject"]) == ("ARC002", "msdshop.core")
    assert "zone of pain" in finding["message"]


def test_the_same_package_made_abstract_is_not(tmp_path: Path, run_cli: Any) -> None:
    assert found(run_cli, _repo(tmp_path, ABSTRACT), "ARC002") == []


@pytest.mark.parametrize("seed", [3, 41])
def test_each_package_is_reported_at_its_first_file_as_a_scan_finds_it(seed: int) -> None:
    """``first_path`` (one pass over the files for every package) equals a scan of the files
    per package: of the files whose module is the package or lies below it, the one of the
    fewest dots, then the first path; "" for a name no file lies under."""
    rng = random.Random(seed)
    files = []
    for at in range(300):
        module = ".".join(rng.choice("abc") for _ in range(rng.randint(1, 4)))
        files.append(SourceFile(f"{rng.choice('xy')}{at}/{module}.py", module))
    files.append(SourceFile("setup.py", None))
    layout = Layout("/r", (".",), ("a", "b", "c"), tuple(files))

    def scanned(package: str) -> str:
        paths = sorted(
            (module.count("."), f.path)
            for f in layout.files
            if (module := f.module or "") == package or module.startswith(f"{package}.")
        )
        return paths[0][1] if paths else ""

    names = {".".join(p) for p in itertools.product("abc", repeat=2)} | {"a", "d", "a.b.c.a"}
    assert [first_path(layout, n) for n in sorted(names)] == [scanned(n) for n in sorted(names)]
