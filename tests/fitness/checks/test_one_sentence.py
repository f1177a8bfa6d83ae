"""UNX002 one-sentence: the module docstring's summary is one sentence without "and"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.fitness.checks.repo import found, make_repo

CODE = "x = 1\n"


@pytest.mark.parametrize(
    ("text", "reported"),
    [
        (CODE, True),  # no docstring
        ('"""Parse the order CSV and send the confirmation e-mails."""\n' + CODE, True),
        ('"""Settings and configuration for the shop."""\n' + CODE, False),
        ('"""Read the settings file and send emails."""\n' + CODE, True),
        ('"""Read and write the order cache."""\n' + CODE, False),
        ('"""Parse the order CSV into orders."""\n' + CODE, False),
        ('"""Parse the order CSV. Send the e-mails."""\n' + CODE, True),
        ('"""Parse the order CSV (e.g. from a shop) into orders.\n\nMore. And more."""\n', False),
        ('"""Parse the order CSV into orders (name and price)."""\n' + CODE, False),
        ("", False),  # an empty module has nothing to describe
    ],
)
def test_docstring_summary(tmp_path: Path, run_cli: Any, text: str, reported: bool) -> None:
    files = {"osshop/__init__.py": '"""Shop."""\n', "osshop/orders.py": text}
    expected = [("UNX002", "osshop.orders")] if reported else []
    assert found(run_cli, make_repo(tmp_path, files), "UNX002") == expected


def test_and_is_allowed_when_the_param_says_so(tmp_path: Path, run_cli: Any) -> None:
    files = {
        "osand/__init__.py": '"""Shop."""\n',
        "osand/orders.py": '"""Parse the order CSV and send the confirmation e-mails."""\n',
    }
    config = "[tool.archfit.rules]\nUNX002 = { forbid_and = false }\n"
    assert found(run_cli, make_repo(tmp_path, files, config), "UNX002") == []
