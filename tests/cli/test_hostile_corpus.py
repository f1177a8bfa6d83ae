"""Every command on real trees (issue #13): the sdists of black, parso and libcst (test data
of odd encodings, invalid syntax on purpose, deep nesting) and Django's wheel; no exit 2 and
no traceback.

Cost: downloads three sdists (about 2 MB) once into .targets/; the 16 runs take about a minute
on 2 cores, most of it Django's first (cold) check.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.realcode import django_root, sdist_root

SDISTS = {"black": "26.10.1", "parso": "0.8.7", "libcst": "1.9.0"}


def _trees() -> list[Any]:
    params = [pytest.param(name, id=name) for name in SDISTS]
    return [*params, pytest.param("django", id="django")]


@pytest.mark.realcode
@pytest.mark.parametrize("name", _trees())
def test_every_command_runs_on_real_trees(name: str, run_cli: Any, tmp_path: Path) -> None:
    root = django_root() if name == "django" else sdist_root(name, SDISTS[name])
    for command in ("check", "metrics", "graph", "report"):
        output = tmp_path / f"{command}.out"
        code, _, err = run_cli(command, "--output", str(output), str(root))
        assert code in (0, 1), (command, err[-2000:])
        assert "Traceback" not in err and "internal error" not in err, (command, err[-2000:])
