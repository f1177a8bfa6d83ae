"""``# archfit: ignore[CODE] reason``: on a line, on a def/class line, by code or name; INP004."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fitness.config import load_config
from fitness.engine.check import check
from tests.fitness.checks.repo import findings, make_repo


def _repo(root: Path, text: str, config: str = "") -> Path:
    return make_repo(root, {"supshop/__init__.py": '"""Shop."""\n', "supshop/io.py": text}, config)


def _codes(run_cli: Any, root: Path) -> list[tuple[str, str, int]]:
    return [(f["code"], f["subject"], f["line"]) for f in findings(run_cli, root, "OBS001,INP004")]


def test_a_finding_on_the_commented_line_is_suppressed(tmp_path: Path, run_cli: Any) -> None:
    text = "def f():\n    print(1)  # archfit: ignore[OBS001] the CLI's output\n    print(2)\n"
    assert _codes(run_cli, _repo(tmp_path, text)) == [("OBS001", "supshop.io.f", 3)]


def test_a_rule_name_works_like_its_code(tmp_path: Path, run_cli: Any) -> None:
    text = "def f():\n    print(1)  # archfit: ignore[print-in-library] output\n"
    assert _codes(run_cli, _repo(tmp_path, text)) == []


def test_a_def_line_covers_the_whole_body(tmp_path: Path, run_cli: Any) -> None:
    text = (
        "def f():  # archfit: ignore[OBS001] a report printer\n    print(1)\n    print(2)\n"
        "class C:  # archfit: ignore[UNX004, OBS001]\n    def g(self):\n        print(3)\n"
        "def h():\n    print(4)\n"
    )
    assert _codes(run_cli, _repo(tmp_path, text)) == [
        ("INP004", "supshop/io.py", 4),  # UNX004 silences nothing in C
        ("OBS001", "supshop.io.h", 8),
    ]


def test_an_unused_suppression_is_inp004(tmp_path: Path, run_cli: Any) -> None:
    text = "x = 1  # archfit: ignore[OBS001] stale\n"
    got = findings(run_cli, _repo(tmp_path, text), "INP004")
    assert [(f["code"], f["name"], f["subject"], f["line"], f["severity"]) for f in got] == [
        ("INP004", "unused-suppression", "supshop/io.py", 1, "warning")
    ]


def test_a_suppression_of_a_rule_turned_off_is_not_reported(tmp_path: Path, run_cli: Any) -> None:
    text = "def f():\n    print(1)  # archfit: ignore[OBS001] output\n"
    root = _repo(tmp_path, text, '[tool.archfit.rules]\nprint-in-library = "off"\n')
    assert _codes(run_cli, root) == []


def test_suppressed_findings_are_kept_on_the_result(tmp_path: Path) -> None:
    text = "def f():\n    print(1)  # archfit: ignore[OBS001] the CLI's output\n"
    root = _repo(tmp_path, text)
    result = check(str(root), load_config(str(root)))
    [silenced] = result.suppressed
    assert (silenced.finding.code, silenced.finding.subject) == ("OBS001", "supshop.io.f")
    assert (silenced.reason, silenced.line) == ("the CLI's output", 2)
    assert all(f.code != "OBS001" for f in result.findings)


def test_overrides_apply_to_pack_rules(tmp_path: Path, run_cli: Any) -> None:
    text = "def f():\n    print(1)\n"
    got = findings(run_cli, _repo(tmp_path, text, '[tool.archfit.rules]\nOBS001 = "info"\n'), "OBS")
    assert [(f["code"], f["severity"]) for f in got] == [("OBS001", "info")]
    got = findings(run_cli, _repo(tmp_path, text, '[tool.archfit.rules]\nOBS001 = "off"\n'), "OBS")
    assert got == []
