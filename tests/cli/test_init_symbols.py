"""``archfit init --allow-list --interfaces``: contracts written from today's code, kept by the
``check`` right after, and broken by the next import past them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.cli.gitrepo import fixture_repo

# Fixtures without contracts of their own (a package an existing contract governs is left to
# it), of different shapes: src layouts, several roots, namespace portions, cycles, import kinds.
SHAPES = ["ifacewidth", "cycleshop", "graphtangle", "multiroot", "nsportions", "srclayout"]
SHAPES += ["importkinds", "couplingcount"]


@pytest.mark.parametrize("name", SHAPES)
def test_written_contracts_are_kept_on_day_one(name: str, tmp_path: Path, run_cli: Any) -> None:
    repo = fixture_repo(tmp_path, name)
    code, out, err = run_cli("init", "--force", "--allow-list", "--interfaces", str(repo))
    assert code == 0, err
    code, out, err = run_cli("check", "--format", "json", str(repo))
    assert code == 0, out + err
    verdicts = json.loads(out)["contracts"]
    assert all(v["kept"] for v in verdicts), verdicts
    assert any(v["type"] == "allowed" for v in verdicts)


def test_symshop_gets_the_interfaces_and_allow_lists_its_code_uses(
    tmp_path: Path, run_cli: Any
) -> None:
    repo = fixture_repo(tmp_path, "symshop")
    (repo / "pyproject.toml").unlink()
    code, out, _ = run_cli("init", "--allow-list", "--interfaces", str(repo))
    assert code == 0
    assert "interface contract 'symshop.billing-interface':\n      Invoice\n" in out
    contracts = {
        c["id"]: c for c in yaml.safe_load((repo / "archfit.yaml").read_text())["contracts"]
    }
    assert contracts["symshop.orders-allowed"]["allowed_modules"] == [
        "symshop.billing",
        "symshop.legacy",
        "symshop.utils",
    ]
    assert contracts["symshop.core-interface"]["expose"] == ["money\\.Money"]
    assert "symshop.reports-interface" not in contracts  # nobody outside imports from it
    # The next import past an interface, or outside an allow-list, breaks them.
    (repo / "symshop" / "orders" / "late.py").write_text(
        "from symshop.billing.models import _Row\nfrom symshop.reports import summary\n"
    )
    code, out, _ = run_cli("check", "--format", "json", str(repo))
    assert code == 1
    broken = {v["id"] for v in json.loads(out)["contracts"] if not v["kept"]}
    assert broken == {"symshop.billing-interface", "symshop.orders-allowed"}
