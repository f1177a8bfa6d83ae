"""ARC002 main-sequence-distance: a concrete package others lean on is in the zone of pain."""

from __future__ import annotations

from pathlib import Path
from typing import Any

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
