"""CON011 ``allowed``: each source may import only what its allow-list names."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.config.conftest import assert_config_error, line_of
from tests.config.conftest import check as raw_check
from tests.fitness.symshop import SYMSHOP, check, symshop

ORDERS = """
[[tool.archfit.contracts]]
id = "orders"
name = "orders"
type = "allowed"
source_modules = ["symshop.orders"]
allowed_modules = ["symshop.billing"]
utilities = ["symshop.utils"]
deprecated_modules = ["symshop.legacy"]
"""

TO_REPORTS = {"symshop/orders/bad.py": "from symshop.reports.summary import summary\n"}


def test_a_deprecated_dependency_warns_and_keeps_the_contract() -> None:
    run = check(SYMSHOP)
    assert run.kept["orders-allowed"]
    assert run.warnings("orders-allowed") == [
        "symshop.orders.checkout imports symshop.legacy (symshop/orders/checkout.py:4): "
        "symshop.orders's dependency on symshop.legacy is deprecated"
    ]


def test_an_unlisted_module_is_a_violation_at_the_importing_line(tmp_path: Path) -> None:
    run = check(symshop(tmp_path, ORDERS, TO_REPORTS))
    assert run.code == 1
    assert run.findings("orders") == [
        ("symshop.orders.bad -> symshop.reports.summary", "symshop/orders/bad.py", 1)
    ]
    assert (
        "symshop.orders may import only symshop.billing, symshop.legacy, symshop.utils"
        in (run.messages("orders")[0])
    )


def test_utilities_and_descendants_of_listed_modules_are_allowed(tmp_path: Path) -> None:
    files = {
        "symshop/orders/ok.py": "from symshop.billing.service import create_invoice\n"
        "from symshop.utils.text import slug\nfrom symshop.orders.checkout import checkout\n"
    }
    assert check(symshop(tmp_path, ORDERS, files)).kept["orders"]


def test_direct_by_default_and_chains_with_indirect(tmp_path: Path) -> None:
    # orders -> billing is allowed, billing -> core is not on orders' list.
    assert check(symshop(tmp_path, ORDERS)).kept["orders"]
    run = check(symshop(tmp_path / "i", ORDERS + "indirect = true\n"))
    assert not run.kept["orders"]
    subjects = [s for s, _, _ in run.findings("orders")]
    assert subjects == ["symshop.orders -> symshop.core.money"]
    assert run.messages("orders") == [
        "orders: symshop.orders is not allowed to import symshop.core.money: "
        "symshop.orders.checkout -> symshop.billing -> symshop.billing.service -> "
        "symshop.core.money"
    ]


def test_with_units_imports_of_undeclared_modules_are_not_judged(tmp_path: Path) -> None:
    units = ORDERS + 'units = ["symshop.core"]\n'
    assert check(symshop(tmp_path, units, TO_REPORTS)).kept["orders"]
    declared = ORDERS + 'units = ["symshop.reports"]\n'
    assert not check(symshop(tmp_path / "d", declared, TO_REPORTS)).kept["orders"]


def test_a_nested_unit_belongs_to_itself_not_to_the_listed_parent(tmp_path: Path) -> None:
    files = {"symshop/orders/bad.py": "from symshop.billing.models import Invoice\n"}
    nested = ORDERS + 'units = ["symshop.billing.models"]\n'
    run = check(symshop(tmp_path, nested, files))
    assert run.findings("orders") == [
        ("symshop.orders.bad -> symshop.billing.models", "symshop/orders/bad.py", 1)
    ]


def test_sources_do_not_import_each_other_unless_listed(tmp_path: Path) -> None:
    two = ORDERS.replace('["symshop.orders"]', '["symshop.orders", "symshop.reports"]')
    files = {"symshop/reports/bad.py": "from symshop.orders.checkout import checkout\n"}
    run = check(symshop(tmp_path, two, files))
    assert run.findings("orders") == [
        ("symshop.reports.bad -> symshop.orders.checkout", "symshop/reports/bad.py", 1)
    ]


def test_exact_reports_a_listed_dependency_never_imported(tmp_path: Path) -> None:
    exact = ORDERS.replace('["symshop.billing"]', '["symshop.billing", "symshop.core"]')
    run = check(symshop(tmp_path, exact + "exact = true\n"))
    assert run.findings("orders") == [("unused: symshop.core", "pyproject.toml", 10)]


@pytest.mark.parametrize(
    ("option", "kept"),
    [("", False), ("exclude_type_checking_imports = true", True)],
)
def test_type_checking_imports_can_be_left_out(tmp_path: Path, option: str, kept: bool) -> None:
    files = {
        "symshop/orders/typed.py": "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n"
        "    from symshop.reports import summary\n"
    }
    run = check(symshop(tmp_path, ORDERS + option + "\n", files))
    assert run.kept["orders"] is kept


@pytest.mark.parametrize("key", ["allowed_modules", "utilities", "deprecated_modules", "units"])
def test_a_listed_module_that_does_not_exist_is_a_config_error(tmp_path: Path, key: str) -> None:

    contract = ORDERS.replace("utilities = ", "#") if key == "utilities" else ORDERS
    contract = contract.replace(f"{key} = ", "# ") + f'{key} = ["symshop.bilFing"]\n'
    root = symshop(tmp_path, contract)
    run = raw_check(root)
    assert_config_error(run)
    line = line_of((root / "pyproject.toml").read_text(), "bilFing")
    assert run.issues == [
        f"pyproject.toml:{line}: contract 'orders': module 'symshop.bilFing' does not exist"
    ]
