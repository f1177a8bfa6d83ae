"""OBS002 entry-point-without-logging: a program whose code never logs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.fitness.checks.repo import found, make_repo

GUARD = "if __name__ == '__main__':\n    main()\n"


@pytest.mark.parametrize(
    ("extra", "reported"),
    [
        ({"epshop/cli.py": "from epshop import work\ndef main(): work.run()\n" + GUARD}, True),
        (
            {"epshop/cli.py": "import logging\ndef main():\n    logging.basicConfig()\n" + GUARD},
            False,
        ),
        ({"epshop/cli.py": "from epshop import quiet\ndef main(): quiet.run()\n" + GUARD}, False),
        ({"epshop/__main__.py": "from epshop import work\nwork.run()\n"}, True),
        ({"epshop/__main__.py": "from epshop import quiet\nquiet.run()\n"}, False),
    ],
)
def test_entry_points(tmp_path: Path, run_cli: Any, extra: dict[str, str], reported: bool) -> None:
    files = {
        "epshop/__init__.py": '"""Shop."""\n',
        "epshop/work.py": "def run():\n    return 1\n",
        "epshop/quiet.py": "import logging\nlog = logging.getLogger(__name__)\ndef run():\n"
        "    log.info('run')\n",
        **extra,
    }
    module = next(iter(extra)).removesuffix(".py").replace("/", ".")
    got = found(run_cli, make_repo(tmp_path, files), "OBS002")
    assert got == ([("OBS002", module)] if reported else [])


def test_a_script_outside_packages_is_judged_by_path(tmp_path: Path, run_cli: Any) -> None:
    files = {"epscript/__init__.py": "", "manage.py": "def main(): pass\n" + GUARD}
    assert found(run_cli, make_repo(tmp_path, files), "OBS002") == [("OBS002", "manage.py")]
