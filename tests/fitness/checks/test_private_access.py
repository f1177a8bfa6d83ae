"""UNX006 private-access: `_private` names or modules imported across package boundaries."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.fitness.checks.repo import found, make_repo

BASE = {
    "pashop/__init__.py": '"""Shop."""\n',
    "pashop/billing/__init__.py": '"""Billing."""\n',
    "pashop/billing/_tax.py": '"""Tax."""\ndef rate(): return 1\n',
    "pashop/billing/invoice.py": '"""Invoices."""\ndef _cents(): return 1\ndef total(): return 1\n',
}


@pytest.mark.parametrize(
    ("path", "text", "subject"),
    [
        ("pashop/orders.py", "from pashop.billing._tax import rate\n", "pashop.billing._tax"),
        (
            "pashop/orders.py",
            "from pashop.billing.invoice import _cents\n",
            "pashop.billing.invoice",
        ),
        ("pashop/orders.py", "from pashop.billing.invoice import total\n", None),
        ("pashop/billing/pay.py", "from pashop.billing._tax import rate\n", None),
        ("pashop/billing/pay.py", "from pashop.billing.invoice import _cents\n", None),
        ("pashop/orders.py", "from collections import _chain\n", "collections"),
        ("pashop/orders.py", "import _thread\n", None),  # a top-level _module: no owner
        ("pashop/orders.py", "import pashop.billing._tax\n", "pashop.billing._tax"),
    ],
)
def test_private_imports(
    tmp_path: Path, run_cli: Any, path: str, text: str, subject: str | None
) -> None:
    importer = path.removesuffix(".py").replace("/", ".")
    root = make_repo(tmp_path, {**BASE, path: '"""User."""\n' + text})
    expected = [("UNX006", f"{importer} -> {subject}")] if subject else []
    assert found(run_cli, root, "UNX006") == expected


def test_external_privates_can_be_left_out(tmp_path: Path, run_cli: Any) -> None:
    files = {**BASE, "pashop/orders.py": '"""User."""\nfrom collections import _chain\n'}
    config = "[tool.archfit.rules]\nprivate-access = { include_external = false }\n"
    assert found(run_cli, make_repo(tmp_path, files, config), "UNX006") == []
