"""Rule packs: bundled YAML found from source and from a wheel, team packs, ARC001."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

from fitness import catalog
from fitness.catalog import compiled
from fitness.catalog.builtin import builtin_dir
from tests.conftest import FIXTURES, REPO, check_json

CYCLESHOP = FIXTURES / "cycleshop"


def test_bundled_packs_are_found_in_a_source_checkout() -> None:
    assert catalog.bundled_pack_dir() == REPO / "rules"
    assert "architecture" in catalog.bundled_pack_names()
    packs = catalog.load_packs(None, str(REPO))
    codes = {r.code for p in packs for r in p.rules}
    assert "ARC001" in codes


def test_wheel_ships_packs_as_data_inside_fitness(tmp_path: Path) -> None:
    """The wheel holds fitness/catalog/packs/*.yaml, no top-level `rules`, and finds them there."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path / "dist"),
            str(REPO),
        ],
        check=True,
    )
    wheel = next((tmp_path / "dist").glob("archfit-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "fitness/catalog/packs/architecture.yaml" in names
    assert "fitness/catalog/packs/builtin/contracts.yaml" in names  # archfit's own rule docs
    assert "fitness/catalog/packs/compiled.json" in names  # the same files, read ahead of time
    assert not any(n.startswith("rules/") for n in names)
    assert not any(n.startswith(("fixtures/", "tests/")) for n in names)
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    probe = (
        "import fitness.catalog as c; print(c.bundled_pack_dir()); print(c.bundled_pack_names()); "
        "print(c.RULES[0].path, len(c.RULES)); c.load_packs(None, '.'); "
        "import sys; print('yaml' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,
        env={"PYTHONPATH": str(site)},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert out[0] == str(site / "fitness" / "catalog" / "packs")
    assert "architecture" in out[1] and "builtin" not in out[1]
    packs = site / "fitness" / "catalog" / "packs"
    assert out[2] == f"{packs / 'builtin' / 'adr.yaml'} {len(catalog.RULES)}"
    assert out[3] == "False"  # every bundled rule file came from compiled.json


def _import_time_cycle(tmp_path: Path) -> Path:
    """cycleshop with billing importing orders at module level: a cycle Python runs."""
    target = tmp_path / "shop"
    shutil.copytree(CYCLESHOP, target)
    (target / "cycleshop" / "billing.py").write_text(
        '"""Billing."""\nfrom cycleshop.orders import Order\n\n\ndef invoice(order):\n'
        "    return 0\n"
    )
    return target


def test_arc001_reports_the_cycle_and_the_import_to_cut(run_cli: Any, tmp_path: Path) -> None:
    code, doc = check_json(run_cli, str(_import_time_cycle(tmp_path)), "--select", "ARC")
    assert code == 1
    [finding] = doc["findings"]
    assert finding["code"] == "ARC001" and finding["name"] == "import-cycle"
    assert finding["subject"] == "cycleshop.billing"
    assert "cycleshop.billing, cycleshop.orders" in finding["message"]
    assert finding["source"]["kind"] == "pack"
    assert finding["source"]["id"] == "architecture:ARC001"
    assert finding["source"]["path"] == "architecture"
    steps = [(s["importer"], s["imported"]) for c in finding["chains"] for s in c]
    assert len(steps) == 1 and set(steps[0]) == {"cycleshop.billing", "cycleshop.orders"}


def test_a_cycle_closed_by_a_type_checking_import_is_arc006(run_cli: Any) -> None:
    """Python never runs it at import time: a warning naming the deferred import, exit 0."""
    code, doc = check_json(run_cli, str(CYCLESHOP), "--select", "ARC")
    assert code == 0
    [finding] = doc["findings"]
    assert finding["code"] == "ARC006" and finding["severity"] == "warning"
    assert (
        "closes only through deferred imports: cycleshop.billing -> cycleshop.orders"
        in (finding["message"])
    )
    assert finding["path"] == "cycleshop/billing.py" and finding["line"] == 5


def test_team_pack_reuses_a_check_with_its_own_params(tmp_path: Path, run_cli: Any) -> None:
    """TEAM001 ignores type-only imports, so the TYPE_CHECKING-closed cycle is not one."""
    target = tmp_path / "shop"
    shutil.copytree(CYCLESHOP, target)
    (target / "archfit.yaml").write_text("packs: [architecture, team-pack.yaml]\n")
    _, doc = check_json(run_cli, str(target))
    codes = sorted(f["code"] for f in doc["findings"])
    assert codes == ["ARC006"]  # neither ARC001 nor TEAM001 finds a runtime cycle
    (target / "cycleshop" / "billing.py").write_text(
        "from cycleshop.orders import Order\n\ndef invoice(order):\n    return 0\n"
    )
    _, doc = check_json(run_cli, str(target))
    by_code = {f["code"]: f for f in doc["findings"]}
    assert set(by_code) == {"ARC001", "TEAM001"}
    assert by_code["TEAM001"]["severity"] == "warning"
    assert by_code["TEAM001"]["source"]["line"] == 5


def test_override_applies_to_one_rule_only(tmp_path: Path, run_cli: Any) -> None:
    target = tmp_path / "shop"
    shutil.copytree(CYCLESHOP, target)
    (target / "cycleshop" / "billing.py").write_text("from cycleshop.orders import Order\n")
    (target / "archfit.yaml").write_text(
        "packs: [architecture, team-pack.yaml]\nrules:\n  import-cycle: info\n"
    )
    code, doc = check_json(run_cli, str(target))
    severities = {f["code"]: f["severity"] for f in doc["findings"]}
    assert severities == {"ARC001": "info", "TEAM001": "warning"}
    assert code == 0


def test_broken_team_pack_is_a_config_error_with_its_line(tmp_path: Path, run_cli: Any) -> None:
    target = tmp_path / "shop"
    shutil.copytree(CYCLESHOP, target)
    (target / "team-pack.yaml").write_text(
        "pack: team\nrules:\n  - code: T1\n    name: t\n    check: import-cycle\n"
        "    severity: fatal\n    why: w\n    how_to_fix: h\n"
    )
    (target / "archfit.yaml").write_text("packs: [team-pack.yaml]\n")
    code, out, err = run_cli("check", str(target))
    assert code == 2
    assert "team-pack.yaml:6" in err and "fatal" in err
    assert "Traceback" not in out + err


def test_rules_and_explain_list_pack_rules(run_cli: Any) -> None:
    code, out, _ = run_cli("rules")
    assert code == 0 and "ARC001" in out and "architecture" in out
    code, out, _ = run_cli("explain", "import-cycle")
    assert code == 0
    for heading in ("## What it checks", "## Why", "## Example", "## How to fix"):
        assert heading in out


def test_the_bundled_folder_is_found_once_per_process() -> None:
    # A computed run asks for it about 20 times; each answer was a ``resolve`` of its own.
    found = compiled.bundled_pack_dir()
    assert compiled.bundled_pack_dir() is found and found.is_dir()
    assert found / "builtin" == builtin_dir()


def _scanned(rules: catalog.Catalog, code_or_name: str) -> catalog.RuleDoc | None:
    """What ``Catalog.rule`` answered before it kept an index: the first rule, in code
    order, whose code is the key upper-cased or whose name is the key."""
    for doc in rules.rules:
        if code_or_name.upper() == doc.code or code_or_name == doc.name:
            return doc
    return None


def test_a_rule_is_found_by_code_or_name_as_a_scan_of_the_rules_finds_it() -> None:
    import dataclasses

    rules = catalog.Catalog(catalog.load_packs(None, str(REPO)))
    keys = [k for d in rules.rules for k in (d.code, d.code.lower(), d.name, d.name.upper())]
    for key in [*keys, "nope", "ARC", ""]:
        assert rules.rule(key) is _scanned(rules, key), key
    assert rules.rules == tuple(sorted(rules.rules, key=lambda d: d.code))
    # A pack rule named as another rule's code (later in code order): the code wins, as in
    # the scan; and one whose name comes before the code's rule: the name wins.
    pack = rules.packs[0]
    first, last = rules.rules[0], rules.rules[-1]
    odd = (
        dataclasses.replace(pack.rules[0], code="ZZZ001", name=first.code),
        dataclasses.replace(pack.rules[1], code="AAA001", name="late-name"),
    )
    tricky = catalog.Catalog((dataclasses.replace(pack, rules=odd),))
    for key in (first.code, "zzz001", "late-name", last.code, first.name):
        assert tricky.rule(key) is _scanned(tricky, key), key
