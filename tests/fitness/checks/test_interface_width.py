"""UNX008 interface-width on fixtures/ifacewidth: unused exposed names and reaching importers."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES
from tests.fitness.checks.repo import findings

IFACEWIDTH = FIXTURES / "ifacewidth"


def _copy(tmp_path: Path, rules: str = "") -> Path:
    root = tmp_path / "ifacewidth"
    shutil.copytree(IFACEWIDTH, root)
    if rules:
        with (root / "pyproject.toml").open("a", encoding="utf-8") as config:
            config.write(f"\n[tool.archfit.rules]\nUNX008 = {{ {rules} }}\n")
    return root


def test_the_fixture_flags_billing_alone(run_cli: Any) -> None:
    found = findings(run_cli, IFACEWIDTH, "UNX008")
    # catalog: five names, all used; small: two names; whole: imported whole (attributes
    # are not followed); the test reaching into billing.ledger is not a user.
    assert [(f["subject"], f["path"], f["line"]) for f in found] == [
        ("wideshop.billing", "wideshop/billing/__init__.py", 7)
    ]
    assert found[0]["message"] == (
        "wideshop.billing's interface: 4 of its 6 exposed names have no importer outside it "
        "(Ledger, post, void, Row); and 1 import from outside reaches past its interface into "
        "its submodules (wideshop.orders (wideshop/orders.py:5))"
    )


@pytest.mark.parametrize(
    ("rules", "parts"),
    [
        ("min_exposed = 7", []),
        ("max_unused_share = 0.7", ["reaches past"]),
        ("max_reaching = 1", ["4 of its 6"]),
        ("min_exposed = 2", ["4 of its 6", "reaches past"]),
    ],
)
def test_thresholds_are_parameters(
    tmp_path: Path, run_cli: Any, rules: str, parts: list[str]
) -> None:
    found = findings(run_cli, _copy(tmp_path, rules), "UNX008")
    billing = [f["message"] for f in found if f["subject"] == "wideshop.billing"]
    if not parts:
        assert billing == []
        return
    assert len(billing) == 1
    assert all(part in billing[0] for part in parts)
    assert ("4 of its 6" in billing[0]) == ("4 of its 6" in parts)


def test_small_packages_are_judged_at_a_lower_minimum(tmp_path: Path, run_cli: Any) -> None:
    found = findings(run_cli, _copy(tmp_path, "min_exposed = 2"), "UNX008")
    # small's two names: one is used, so not more than half unused.
    assert sorted(f["subject"] for f in found) == ["wideshop.billing"]


def test_a_package_imported_whole_is_judged_once_nobody_does(tmp_path: Path, run_cli: Any) -> None:
    root = _copy(tmp_path)
    orders = root / "wideshop" / "orders.py"
    text = orders.read_text(encoding="utf-8")
    text = text.replace("import wideshop.whole\n", "").replace("    wideshop.whole.a()\n", "")
    orders.write_text(text, encoding="utf-8")
    found = {f["subject"]: f["message"] for f in findings(run_cli, root, "UNX008")}
    assert (
        "5 of its 5 exposed names have no importer outside it (a, b, c, d, e)"
        in (found["wideshop.whole"])
    )


def test_a_root_packages_unused_names_are_for_its_distributions_users(
    tmp_path: Path, run_cli: Any
) -> None:
    """flask's ``__init__`` exposes 39 names no flask module imports: its users are outside
    the analysed code, so a root package is judged only for imports reaching past it."""
    root = _copy(tmp_path, "min_exposed = 2")
    names = ", ".join(f'"n{i}"' for i in range(6))
    body = "".join(f"n{i} = {i}\n" for i in range(6))
    (root / "wideshop" / "__init__.py").write_text(f"__all__ = [{names}]\n{body}")
    found = findings(run_cli, root, "UNX008")
    assert "wideshop" not in [f["subject"] for f in found]
    assert "wideshop.billing" in [f["subject"] for f in found]
