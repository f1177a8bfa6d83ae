"""A rule that took over another's findings (``carries``) inherits their baseline entries: the
ARC001 entry a baseline recorded for a TYPE_CHECKING-closed cycle counts for ARC006 now."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from fitness.gating import baseline
from fitness.results.findings import BaselineEntry
from tests.conftest import FIXTURES

_CYCLE = ("cycleshop.billing", "cycleshop.billing,cycleshop.orders")


def _shop_with_old_baseline(tmp_path: Path, code: str, source: str) -> Path:
    """cycleshop, and a baseline holding what an older archfit recorded for its cycle."""
    root = tmp_path / "shop"
    shutil.copytree(FIXTURES / "cycleshop", root, ignore=shutil.ignore_patterns(".archfit_*"))
    entry = BaselineEntry(code, _CYCLE[0], source, _CYCLE[1])
    baseline.write(str(root / ".archfit-baseline.json"), baseline.Baseline((entry,)))
    return root


def test_an_arc001_entry_counts_for_the_arc006_finding(tmp_path: Path, run_cli: Any) -> None:
    root = _shop_with_old_baseline(tmp_path, "ARC001", "architecture:ARC001")
    args = ("check", "--format", "json", "--select", "ARC", "--strict-baseline", str(root))
    code, out, _ = run_cli(*args)
    data = json.loads(out)
    assert code == 0, out
    [finding] = data["findings"]
    assert finding["code"] == "ARC006" and finding["new"] is False
    assert data["summary"]["fixed"] == 0 and data["baseline"]["fixed"] == []


def test_an_entry_of_another_code_is_not_carried(tmp_path: Path, run_cli: Any) -> None:
    """Only the codes a rule declares in ``carries`` move: the ARC006 finding stays new."""
    root = _shop_with_old_baseline(tmp_path, "UNX001", "unix-philosophy:UNX001")
    code, out, _ = run_cli("check", "--format", "json", "--select", "ARC", str(root))
    data = json.loads(out)
    assert code == 0  # a warning, new or not, does not fail the gate
    assert [f["new"] for f in data["findings"] if f["code"] == "ARC006"] == [True]


def test_arc004_entries_count_for_arc007_and_arc008(tmp_path: Path, run_cli: Any) -> None:
    """An older archfit reported depshop's transitive urllib3 and dev-only pytest as ARC004;
    ARC007 and ARC008 now report them, and those entries carry over (issue 16)."""
    root = tmp_path / "depshop"
    shutil.copytree(FIXTURES / "depshop", root, ignore=shutil.ignore_patterns(".archfit_*"))
    entries = (
        BaselineEntry("ARC004", "depshop.fetch -> urllib3", "architecture:ARC004", "urllib3"),
        BaselineEntry("ARC004", "depshop.plugins -> pytest", "architecture:ARC004", "pytest"),
    )
    baseline.write(str(root / ".archfit-baseline.json"), baseline.Baseline(entries))
    _, out, _ = run_cli("check", "--format", "json", "--select", "ARC", str(root))
    data = json.loads(out)
    new = {(f["code"], f["subject"]): f["new"] for f in data["findings"]}
    assert new[("ARC007", "depshop.fetch -> urllib3")] is False
    assert new[("ARC008", "depshop.plugins -> pytest")] is False
    assert new[("ARC004", "depshop.fetch -> numpy")] is True
    assert data["summary"]["fixed"] == 0 and data["baseline"]["fixed"] == []


def test_a_run_without_the_heir_rule_leaves_the_old_entry_unjudged(
    tmp_path: Path, run_cli: Any
) -> None:
    """`--select ARC001` cannot tell whether the cycle is now ARC006's: not fixed, not failing."""
    root = _shop_with_old_baseline(tmp_path, "ARC001", "architecture:ARC001")
    args = ("check", "--format", "json", "--select", "ARC001", "--strict-baseline", str(root))
    code, out, _ = run_cli(*args)
    assert code == 0, out
    assert json.loads(out)["summary"]["fixed"] == 0
