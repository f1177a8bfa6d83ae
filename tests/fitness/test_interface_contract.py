"""CON010 ``interface``: outside a module, only its public interface may be imported."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzer.facts import ImportKind
from analyzer.project import analyze
from tests.analyzer.trees import write_tree
from tests.config.conftest import assert_config_error
from tests.config.conftest import check as raw_check
from tests.fitness.symshop import SYMSHOP, check, symshop

BILLING_ALL = """
[[tool.archfit.contracts]]
id = "billing"
name = "billing"
type = "interface"
modules = ["symshop.billing"]
from_all = true
"""

CORE_REGEX = """
[[tool.archfit.contracts]]
id = "core"
name = "core"
type = "interface"
modules = ["symshop.core"]
expose = ['money\\.[A-Z]\\w*']
"""


def test_member_paths_are_taken_as_tach_reads_them(tmp_path: Path) -> None:
    files = {
        "pkg/__init__.py": "",
        "pkg/sub/__init__.py": "",
        "pkg/sub/mod.py": "X = 1\n",
        "pkg/user.py": "from pkg.sub.mod import X\nimport pkg.sub.mod\nfrom pkg.sub import mod\n"
        "from .sub.mod import *\nimport pkg.sub.mod as alias\n",
    }
    facts = analyze(str(write_tree(tmp_path, files)))
    taken = [(e.line, e.imported, e.member) for e in facts.edges if e.importer == "pkg.user"]
    assert sorted(taken) == [
        (1, "pkg.sub.mod", "pkg.sub.mod.X"),
        (2, "pkg.sub.mod", "pkg.sub.mod"),
        (3, "pkg.sub.mod", "pkg.sub.mod"),
        (4, "pkg.sub.mod", "pkg.sub.mod"),  # a star import takes its module
        (5, "pkg.sub.mod", "pkg.sub.mod"),
    ]
    assert all(e.kind is ImportKind.IMPORT for e in facts.edges)


def test_the_fixture_keeps_its_interfaces() -> None:
    run = check(SYMSHOP)
    assert run.code == 0
    assert run.kept == {
        "billing-interface": True,
        "core-interface": True,
        "orders-allowed": True,
        "billing-allowed": True,
    }


def test_a_name_outside_a_literal_all_is_a_violation_at_the_importing_line(
    tmp_path: Path,
) -> None:
    bad = "from symshop.billing import Invoice\nimport symshop.billing\n"
    bad += "from symshop.billing.models import _Row\nimport symshop.billing.models\n"
    run = check(symshop(tmp_path, BILLING_ALL, {"symshop/orders/bad.py": bad}))
    assert run.code == 1
    assert run.findings("billing") == [
        ("symshop.orders.bad -> symshop.billing.models", "symshop/orders/bad.py", 4),
        ("symshop.orders.bad -> symshop.billing.models._Row", "symshop/orders/bad.py", 3),
    ]
    message = next(m for m in run.messages("billing") if "_Row" in m)
    assert "imports models._Row of symshop.billing" in message
    assert "(__all__: Invoice, create_invoice)" in message


def test_a_non_literal_or_missing_all_is_a_violation_not_a_guess(tmp_path: Path) -> None:
    contracts = BILLING_ALL.replace("symshop.billing", "symshop.reports")
    contracts += BILLING_ALL.replace('"billing"', '"core"').replace("billing", "core")
    run = check(symshop(tmp_path, contracts))
    assert run.findings("billing") == [
        ("symshop.reports.__all__", "symshop/reports/__init__.py", 5)
    ]
    assert "is not a literal list or tuple of strings" in run.messages("billing")[0]
    # Without an __all__ nothing below core is exposed: its importers break the interface too.
    assert run.findings("core") == [
        ("symshop.billing.models -> symshop.core.money.Money", "symshop/billing/models.py", 3),
        ("symshop.billing.service -> symshop.core.money.Money", "symshop/billing/service.py", 4),
        ("symshop.core.__all__", "symshop/core/__init__.py", 1),
    ]
    assert any("__all__ is missing" in m for m in run.messages("core"))


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        ("from symshop.core.money import Money", True),
        ("from symshop.core.money import _round", False),  # fullmatch: [A-Z] first
        ("from symshop.core import money", False),  # the module itself is no match
        ("import symshop.core", True),  # the package itself is always allowed
    ],
)
def test_expose_entries_are_regular_expressions_matched_in_full(
    tmp_path: Path, line: str, kept: bool
) -> None:
    run = check(symshop(tmp_path, CORE_REGEX, {"symshop/orders/bad.py": line + "\n"}))
    assert run.kept["core"] is kept


def test_interfaces_on_one_module_combine_by_visibility_and_exclusivity(tmp_path: Path) -> None:
    base = """
    [[tool.archfit.contracts]]
    id = "public"
    name = "public"
    type = "interface"
    modules = ["symshop.billing"]
    expose = ["Invoice", "create_invoice"]

    [[tool.archfit.contracts]]
    id = "orders-only"
    name = "orders-only"
    type = "interface"
    modules = ["symshop.billing"]
    expose = ['models\\..*']
    visibility = ["symshop.orders"]
    """
    files = {
        "symshop/orders/deep.py": "from symshop.billing.models import _Row\n",
        "symshop/reports/deep.py": "from symshop.billing.models import _Row\n",
    }
    run = check(symshop(tmp_path, base, files))
    assert run.findings("public") == [
        ("symshop.reports.deep -> symshop.billing.models._Row", "symshop/reports/deep.py", 1)
    ]
    assert run.kept["orders-only"]
    exclusive = check(symshop(tmp_path / "x", base + "exclusive = true\n", files))
    # orders may now use billing only through models.*: its `from symshop.billing import
    # Invoice` (orders/checkout.py) breaks the exclusive interface, which reports it.
    assert exclusive.findings("orders-only") == [
        ("symshop.orders.checkout -> symshop.billing.Invoice", "symshop/orders/checkout.py", 3),
        (
            "symshop.orders.checkout -> symshop.billing.create_invoice",
            "symshop/orders/checkout.py",
            3,
        ),
    ]


TYPE_ONLY = """
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from symshop.billing.models import _Row


def late() -> None:
    from symshop.billing.service import create_invoice
"""


@pytest.mark.parametrize(
    ("option", "subjects"),
    [
        ("", ["symshop.billing.models._Row", "symshop.billing.service.create_invoice"]),
        ("exclude_type_checking_imports = true", ["symshop.billing.service.create_invoice"]),
        ("exclude_function_imports = true", ["symshop.billing.models._Row"]),
    ],
)
def test_type_checking_and_function_imports_are_judged_unless_left_out(
    tmp_path: Path, option: str, subjects: list[str]
) -> None:
    root = symshop(tmp_path, BILLING_ALL + option + "\n", {"symshop/orders/late.py": TYPE_ONLY})
    found = [s.split(" -> ")[1] for s, _, _ in check(root).findings("billing")]
    assert found == subjects


def test_a_nested_unit_is_judged_by_its_own_interface_not_its_parents(tmp_path: Path) -> None:
    files = {"symshop/orders/bad.py": "from symshop.billing.models import _Row\n"}
    units = BILLING_ALL + 'units = ["symshop.billing.models"]\n'
    assert check(symshop(tmp_path, units, files)).kept["billing"]


def test_ignore_imports_removes_an_import_from_judgement(tmp_path: Path) -> None:
    files = {"symshop/orders/bad.py": "from symshop.billing.models import _Row\n"}
    ignored = BILLING_ALL + 'ignore_imports = ["symshop.orders.bad -> symshop.billing.models"]\n'
    assert check(symshop(tmp_path, ignored, files)).kept["billing"]


def test_a_bad_expose_or_option_is_a_config_error_with_its_line(tmp_path: Path) -> None:

    run = raw_check(symshop(tmp_path, BILLING_ALL + "expose = ['(unclosed']\n"))
    assert_config_error(run)
    assert run.issues[0].startswith("pyproject.toml:11: "), run.issues
    assert "'(unclosed' is not a valid regex" in run.issues[0]
    run = raw_check(symshop(tmp_path / "typo", BILLING_ALL + "expoze = []\n"))
    assert_config_error(run)
    assert run.issues[0].startswith("pyproject.toml:11: "), run.issues
    assert "did you mean 'expose'" in run.issues[0]


ADR = """# ADR-0001: Billing has a public interface

**Status**: Accepted
**Date**: 2026-12-01

## Decision

Only `symshop.billing`'s interface is imported from outside it.

```fitness
interface: symshop.billing exposes Invoice, create_invoice
interface: symshop.reports exposes __all__
```
"""


def test_an_adr_declares_an_interface_in_one_line(tmp_path: Path) -> None:
    root = symshop(
        tmp_path, "", {"symshop/orders/bad.py": "from symshop.billing.models import _Row\n"}
    )
    (root / "docs" / "adr").mkdir(parents=True)
    (root / "docs" / "adr" / "0001-billing-interface.md").write_text(ADR, encoding="utf-8")
    run = check(root)
    adr = sorted((f["path"], f["line"], f["message"]) for f in run.doc["findings"])
    assert [(path, line) for path, line, _ in adr] == [
        ("symshop/orders/bad.py", 1),
        ("symshop/reports/__init__.py", 5),
    ]
    assert "declares `interface: symshop.billing exposes Invoice, create_invoice`" in adr[0][2]
    assert "imports models._Row of symshop.billing" in adr[0][2]
    assert "symshop.reports's __all__ is not a literal" in adr[1][2]
    assert {f["code"] for f in run.doc["findings"]} == {"ADR001"}


def test_a_malformed_interface_line_is_an_adr_problem(tmp_path: Path) -> None:
    root = symshop(tmp_path, "")
    (root / "docs" / "adr").mkdir(parents=True)
    text = ADR.replace("symshop.billing exposes Invoice, create_invoice", "symshop.billing")
    (root / "docs" / "adr" / "0001-billing-interface.md").write_text(text, encoding="utf-8")
    messages = [f["message"] for f in check(root).doc["findings"] if f["code"] == "ADR006"]
    assert any("write `interface: module exposes name[, name]`" in m for m in messages), messages


@pytest.mark.parametrize("key", ["visibility", "units"])
def test_an_importer_or_unit_that_does_not_exist_is_a_config_error(
    tmp_path: Path, key: str
) -> None:
    run = raw_check(symshop(tmp_path, BILLING_ALL + f'{key} = ["symshop.ordres"]\n'))
    assert_config_error(run)
    assert run.issues == [
        "pyproject.toml:11: contract 'billing': module 'symshop.ordres' does not exist"
    ]
