"""Issue 19: blind spots can fail the gate (INP005), from the config or the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.cli.gitrepo import configure, edit, fixture_repo, summary

PLUGINS = '"""Plugins."""\nimport importlib\n\n\ndef load(name):\n' + (
    "    return importlib.import_module(name)\n"
)
DYNAMIC = "src/chatapp/api/plugins.py:6:1 INP005 blind-spot"
FOLDER = "src/chatapp/loose:1:1 INP005 blind-spot"


@pytest.fixture
def blind(tmp_path: Path) -> Path:
    """chatapp with a computed dynamic import and a folder without ``__init__.py``."""
    repo = fixture_repo(tmp_path, "chatapp")
    edit(repo, "src/chatapp/api/plugins.py", PLUGINS)
    edit(repo, "src/chatapp/loose/m.py", "X = 1\n")
    return repo


def test_by_default_blind_spots_are_listed_and_pass(blind: Path, run_cli: Any) -> None:
    code, out, _ = run_cli("check", "--select", "INP", str(blind))
    assert code == 0 and summary(out).startswith("PASSED:")
    assert "INP005" not in out
    assert "1 non-literal-dynamic-import: src/chatapp/api/plugins.py:6" in out


def test_the_flag_makes_each_blind_spot_an_error_at_its_place(blind: Path, run_cli: Any) -> None:
    code, out, _ = run_cli("check", "--select", "INP", "--fail-on-blind-spots", str(blind))
    assert code == 1 and summary(out).startswith("FAILED:")
    assert f"{DYNAMIC} the import graph cannot see this (non-literal-dynamic-import:" in out
    assert f"{FOLDER} the import graph cannot see this (folder-without-init)" in out
    assert "2 errors" in summary(out)


def test_the_config_makes_each_blind_spot_an_error(blind: Path, run_cli: Any) -> None:
    configure(blind, 'blind_spots = "error"\n')
    code, out, _ = run_cli("check", "--select", "INP005", str(blind))
    assert code == 1 and DYNAMIC in out and FOLDER in out


def test_a_bad_blind_spots_value_names_the_closest_mode(blind: Path, run_cli: Any) -> None:
    configure(blind, 'blind_spots = "erorr"\n')
    code, out, err = run_cli("check", str(blind))
    assert code == 2 and out == ""
    assert "pyproject.toml:8: blind_spots must be list or error, not 'erorr'" in err
    assert "(did you mean error?)" in err


def test_a_misspelt_key_names_the_closest_key(blind: Path, run_cli: Any) -> None:
    configure(blind, 'blind_spot = "error"\n')
    code, _, err = run_cli("check", str(blind))
    assert code == 2 and "unknown key 'blind_spot' (did you mean blind_spots?)" in err


def test_baselined_blind_spots_pass_and_are_not_fixed_when_the_gate_is_off(
    blind: Path, run_cli: Any
) -> None:
    configure(blind, 'blind_spots = "error"\n')
    code, out, _ = run_cli("baseline", str(blind))
    assert code == 0 and "6 findings" in out  # 2 contracts, 2 blind spots, 2 warnings
    code, out, _ = run_cli("check", "--strict-baseline", str(blind))
    assert code == 0 and summary(out).endswith("0 new, 6 baselined, 0 fixed")
    text = (blind / "pyproject.toml").read_text(encoding="utf-8")
    edit(blind, "pyproject.toml", text.replace('blind_spots = "error"\n', ""))
    code, out, _ = run_cli("check", "--strict-baseline", str(blind))
    assert code == 0 and summary(out).endswith("0 new, 4 baselined, 0 fixed")


def test_a_suppression_comment_silences_one_blind_spot(blind: Path, run_cli: Any) -> None:
    silenced = PLUGINS.replace(
        "import_module(name)\n", "import_module(name)  # archfit: ignore[INP005] plugins\n"
    )
    edit(blind, "src/chatapp/api/plugins.py", silenced)
    code, out, _ = run_cli("check", "--select", "INP", "--fail-on-blind-spots", str(blind))
    assert code == 1 and DYNAMIC not in out and FOLDER in out
    code, out, _ = run_cli("check", "--select", "INP", str(blind))  # the gate off
    assert code == 0 and "INP004" not in out  # the comment is not "unused"
