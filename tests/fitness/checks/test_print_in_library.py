"""OBS001 print-in-library: print() in library code, not in scripts or tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.fitness.checks.repo import findings, make_repo


@pytest.mark.parametrize(
    ("path", "text", "subject"),
    [
        ("pishop/http.py", "def fetch():\n    print('retry')\n", "pishop.http.fetch"),
        ("pishop/http.py", "class C:\n    def run(self):\n        print(1)\n", "pishop.http.C.run"),
        ("pishop/http.py", "print('loaded')\n", "pishop.http"),
        ("pishop/http.py", "def fetch():\n    logger.info('retry')\n", None),
        (
            "pishop/http.py",
            "def fetch():\n    pass\nif __name__ == '__main__':\n    print(1)\n",
            None,
        ),
        ("pishop/__main__.py", "print('usage')\n", None),
        ("pishop/tests/test_http.py", "print('debug')\n", None),
        ("pishop/http.py", "from rich import print\ndef fetch():\n    print('x')\n", None),
    ],
)
def test_print(tmp_path: Path, run_cli: Any, path: str, text: str, subject: str | None) -> None:
    files = {"pishop/__init__.py": '"""Shop."""\n', "pishop/tests/__init__.py": "", path: text}
    got = findings(run_cli, make_repo(tmp_path, files), "OBS001")
    assert [(f["code"], f["subject"], f["severity"]) for f in got] == (
        [("OBS001", subject, "error")] if subject else []
    )
