"""UNX005 testable-in-isolation: untested modules, import-time side effects, import closures."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.fitness.checks.repo import findings, found, make_repo


def _tested(root: Path, test_imports: str) -> Path:
    files = {
        "tishop/__init__.py": '"""Shop."""\n',
        "tishop/orders.py": '"""Orders."""\ndef total():\n    return 1\n',
        "tishop/consts.py": '"""Constants only: nothing to test."""\nRATE = 2\n',
        "tests/test_orders.py": test_imports + "def test_total():\n    pass\n",
    }
    return make_repo(root, files, "[tool.archfit.rules]\nUNX005 = { side_effects = false }\n")


def test_a_module_no_test_imports_is_reported(tmp_path: Path, run_cli: Any) -> None:
    root = _tested(tmp_path, "import tishop\n")
    assert found(run_cli, root, "UNX005") == [("UNX005", "tishop.orders")]


def test_a_module_a_test_imports_is_fine(tmp_path: Path, run_cli: Any) -> None:
    root = _tested(tmp_path, "from tishop.orders import total\n")
    assert found(run_cli, root, "UNX005") == []


def test_without_tests_nothing_is_called_untested(tmp_path: Path, run_cli: Any) -> None:
    files = {"tinone/__init__.py": '"""Shop."""\n', "tinone/a.py": '"""A."""\ndef f(): pass\n'}
    assert found(run_cli, make_repo(tmp_path, files), "UNX005") == []


def _effects(root: Path, text: str) -> list[tuple[str, str, int]]:
    files = {"tiside/__init__.py": '"""Shop."""\n', "tiside/db.py": '"""The db."""\n' + text}
    got = findings(run_cli_holder[0], make_repo(root, files), "UNX005")
    return [(f["code"], f["subject"], f["line"]) for f in got]


run_cli_holder: list[Any] = []


def test_import_time_calls_are_reported(tmp_path: Path, run_cli: Any) -> None:
    run_cli_holder[:] = [run_cli]
    text = "import os\nos.makedirs('x')\nwith open('y') as f:\n    pass\n"
    assert _effects(tmp_path, text) == [("UNX005", "tiside.db", 3), ("UNX005", "tiside.db", 4)]


def test_calls_in_functions_and_main_guards_are_fine(tmp_path: Path, run_cli: Any) -> None:
    run_cli_holder[:] = [run_cli]
    text = (
        "import os, warnings\nwarnings.warn('old')\n__all__ = []\n__all__.append('f')\n"
        "def f():\n    os.makedirs('x')\n"
    )
    assert _effects(tmp_path, text) == []


def test_import_closure_limit_is_a_param(tmp_path: Path, run_cli: Any) -> None:
    files = {
        "ticlos/__init__.py": '"""Shop."""\n',
        "ticlos/a.py": '"""A."""\nimport ticlos.b\n',
        "ticlos/b.py": '"""B."""\nimport ticlos.c\n',
        "ticlos/c.py": '"""C."""\n',
    }
    assert found(run_cli, make_repo(tmp_path, files), "UNX005") == []
    config = "[tool.archfit.rules]\ntestable-in-isolation = { max_closure = 1 }\n"
    got = found(run_cli, make_repo(tmp_path, files, config), "UNX005")
    assert got == [("UNX005", "ticlos.a")]


def test_reached_through_another_module_counts_unless_direct_is_asked(
    tmp_path: Path, run_cli: Any
) -> None:
    files = {
        "tidir/__init__.py": '"""Shop."""\n',
        "tidir/api.py": '"""Api."""\nfrom tidir.orders import total\ndef get():\n    return 1\n',
        "tidir/orders.py": '"""Orders."""\ndef total():\n    return 1\n',
        "tests/test_api.py": "from tidir.api import get\n",
    }
    assert found(run_cli, make_repo(tmp_path, files), "UNX005") == []
    config = "[tool.archfit.rules]\nUNX005 = { transitive = false }\n"
    got = found(run_cli, make_repo(tmp_path, files, config), "UNX005")
    assert got == [("UNX005", "tidir.orders")]
