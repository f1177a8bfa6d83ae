"""UNX001 single-purpose: groups of definitions that share no names."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.fitness.checks.repo import body, found, make_repo


def _module(linked: bool) -> str:
    """Three groups of 45 lines; `linked` makes the third use the first."""
    third = "parse_csv(path)" if linked else "0"
    return (
        '"""Orders."""\n\n\ndef parse_csv(path):\n'
        + body(45)
        + "\n\ndef send_email(path):\n"
        + body(45)
        + "\n\ndef render_pdf(path):\n"
        + body(45, third)
    )


def test_three_unrelated_groups_are_reported(tmp_path: Path, run_cli: Any) -> None:
    root = make_repo(tmp_path, {"spshop/__init__.py": '"""Shop."""\n', "spshop/util.py": ""})
    (root / "spshop/util.py").write_text(_module(linked=False))
    assert found(run_cli, root, "UNX001") == [("UNX001", "spshop.util")]


def test_two_groups_are_tolerated(tmp_path: Path, run_cli: Any) -> None:
    root = make_repo(tmp_path, {"spshop/__init__.py": '"""Shop."""\n', "spshop/util.py": ""})
    (root / "spshop/util.py").write_text(_module(linked=True))
    assert found(run_cli, root, "UNX001") == []


def test_small_groups_do_not_count_until_the_param_says_so(tmp_path: Path, run_cli: Any) -> None:
    files = {
        "spsmall/__init__.py": '"""Small."""\n',
        "spsmall/util.py": '"""Util."""\ndef a():\n    return 1\n\ndef b():\n    return 2\n',
    }
    assert found(run_cli, make_repo(tmp_path, files), "UNX001") == []
    config = "[tool.archfit.rules]\nsingle-purpose = { min_cluster_lines = 2, max_clusters = 1 }\n"
    make_repo(tmp_path, files, config)
    assert found(run_cli, tmp_path, "UNX001") == [("UNX001", "spsmall.util")]


def test_a_family_of_classes_is_one_purpose(tmp_path: Path, run_cli: Any) -> None:
    text = '"""Types."""\n' + "".join(
        f"class T{i}:\n    def f(self):\n" + body(45).replace("\n    ", "\n        ")
        for i in range(3)
    )
    files = {"spfam/__init__.py": '"""Fam."""\n', "spfam/types.py": text}
    assert found(run_cli, make_repo(tmp_path, files), "UNX001") == []


def test_groups_of_exactly_the_minimum_still_count(tmp_path: Path, run_cli: Any) -> None:
    """Three groups of 47 lines each (the def line and a 46-line body): reported with a
    minimum of 47, not of 48 (the module's lines bound what its groups can span; a module is
    skipped only below that bound)."""
    for minimum, expected in ((47, [("UNX001", "spshop.util")]), (48, [])):
        config = f"[tool.archfit.rules]\nsingle-purpose = {{ min_cluster_lines = {minimum} }}\n"
        root = tmp_path / str(minimum)
        root.mkdir()
        make_repo(root, {"spshop/__init__.py": '"""Shop."""\n', "spshop/util.py": ""}, config)
        (root / "spshop/util.py").write_text(_module(linked=False))
        assert found(run_cli, root, "UNX001") == expected
