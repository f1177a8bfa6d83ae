"""UNX004 explicit-dependencies: star imports and dynamic imports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.fitness.checks.repo import findings, make_repo

BASE = {"edshop/__init__.py": '"""Shop."""\n', "edshop/models.py": '"""Models."""\nA = 1\n'}


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("from edshop.models import *\n", [2]),
        ("from edshop.models import A\n", []),
        ('import importlib\nm = importlib.import_module("edshop.models")\n', [3]),
        ("import importlib\nm = importlib.import_module(NAME)\n", [3]),
        ("import edshop.models\n", []),
    ],
)
def test_hidden_dependencies(tmp_path: Path, run_cli: Any, text: str, lines: list[int]) -> None:
    files = {**BASE, "edshop/views.py": '"""Views."""\n' + text}
    got = findings(run_cli, make_repo(tmp_path, files), "UNX004")
    assert [(f["code"], f["subject"], f["line"]) for f in got] == [
        ("UNX004", "edshop.views", line) for line in lines
    ]


def test_star_reexport_in_init_is_allowed_by_default(tmp_path: Path, run_cli: Any) -> None:
    files = {**BASE, "edshop/__init__.py": '"""Shop."""\nfrom edshop.models import *\n'}
    assert findings(run_cli, make_repo(tmp_path, files), "UNX004") == []
    config = "[tool.archfit.rules]\nUNX004 = { allow_star_in_init = false }\n"
    got = findings(run_cli, make_repo(tmp_path, files, config), "UNX004")
    assert [(f["code"], f["subject"]) for f in got] == [("UNX004", "edshop")]
