"""fixtures/badinput: one file of each bad kind; each is a finding, every good file is analysed."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES, check_json

EXPECTED = [
    ("INP001", "badinput/null_byte.py", 1),
    ("INP001", "badinput/python2.py", 1),
    ("INP003", "badinput/symlink_loop.py", 1),
    ("INP001", "badinput/syntax_error.py", 1),
    ("INP002", "badinput/undecodable.py", 1),
    ("INP003", "badinput/unreadable.py", 1),
]
GOOD = [
    "badinput",
    "badinput.good_bom",
    "badinput.good_crlf",
    "badinput.good_deep",
    "badinput.good_empty",
    "badinput.good_huge",
    "badinput.good_latin1",
    "badinput.good_newer_syntax",
]


@pytest.fixture
def bad_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The committed fixture plus what git cannot hold: a symlink loop, an unreadable file,
    and a huge generated module."""
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "badinput", root)
    package = root / "badinput"
    os.symlink("symlink_loop.py", package / "symlink_loop.py")
    (package / "unreadable.py").write_text("import os\n")
    lines = [f"def f{i}(x):\n    return x + {i}\n" for i in range(20_000)]
    (package / "good_huge.py").write_text("import json\n" + "".join(lines))
    real_open = os.open  # analyzer.bounded opens every source with os.open

    def deny(file: Any, *args: Any, **kwargs: Any) -> Any:
        if str(file).endswith("unreadable.py"):  # CI runs as root: chmod 000 would not stop it
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "open", deny)
    return root


@pytest.mark.parametrize("cache", [True, False])
def test_each_bad_file_is_a_finding_and_the_rest_is_analysed(
    bad_repo: Path, run_cli: Any, cache: bool
) -> None:
    args = [str(bad_repo), "--jobs", "1", "--select", "INP"] + ([] if cache else ["--no-cache"])
    code, doc = check_json(run_cli, *args)
    assert code == 1
    assert [(f["code"], f["path"], f["line"]) for f in doc["findings"]] == EXPECTED
    _, graph = check_json(run_cli, *args)  # a second (warm) run answers the same
    assert graph["findings"] == doc["findings"]


def test_good_files_keep_their_imports(bad_repo: Path) -> None:
    from analyzer.project import analyze

    facts = analyze(str(bad_repo), jobs=1)
    importers = {e.importer for e in facts.edges}
    assert {
        "badinput",
        "badinput.good_bom",
        "badinput.good_crlf",
        "badinput.good_newer_syntax",
        "badinput.good_huge",
    } <= importers
    parsed = {p.source.module: p for p in facts.parsed}
    assert all(not parsed[m].problems for m in GOOD)
    assert parsed["badinput.good_newer_syntax"].parser in ("ast", "libcst")


def test_metrics_measures_every_good_file(bad_repo: Path, run_cli: Any) -> None:
    """``archfit metrics`` exits 0 and measures each good module, the deep and newer ones too."""
    code, out, _ = run_cli("metrics", str(bad_repo), "--format", "json", "--jobs", "1")
    assert code == 0
    modules = {m["name"]: m for m in json.loads(out)["modules"]}
    assert set(GOOD) <= set(modules)
    measured = [m for m in GOOD if m != "badinput.good_empty"]
    assert all(modules[m]["sloc"] > 0 for m in measured)
    assert modules["badinput.good_newer_syntax"]["functions"][0]["qualname"] == "first"
    assert len(modules["badinput.good_huge"]["functions"]) == 20_000
    assert modules["badinput.good_deep"]["maintainability"] is not None
