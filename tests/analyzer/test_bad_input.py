"""Broken target files become INP findings at the right place; every good file is still read."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest

from analyzer import project
from analyzer.cache import Fresh
from analyzer.facts import ImportKind, ProblemKind, SourceFile
from analyzer.project import analyze, parse_all
from tests.analyzer.trees import write_tree
from tests.conftest import check_json

TARGET = "import brokenpkg.target\n"
DEEP = TARGET + "x = " + " + ".join(["1"] * 10_000) + "\n"

GOOD: dict[str, str | bytes] = {
    "brokenpkg/__init__.py": "",
    "brokenpkg/target.py": "",
    "brokenpkg/good.py": TARGET,
    "brokenpkg/bom.py": b"\xef\xbb\xbf" + TARGET.encode(),
    "brokenpkg/crlf.py": b"import os\r\n" + TARGET.encode().replace(b"\n", b"\r\n"),
    "brokenpkg/latin1.py": b"# -*- coding: latin-1 -*-\n" + TARGET.encode() + b"x = 'caf\xe9'\n",
    "brokenpkg/deep.py": DEEP,  # valid, only too deep for ast at the default recursion limit
    "brokenpkg/empty.py": "",
}
BAD: dict[str, str | bytes] = {
    "brokenpkg/syntax.py": TARGET + "def f(:\n    pass\n",
    "brokenpkg/undecodable.py": TARGET.encode() + b"x = '\xff'\n",
    "brokenpkg/nullbyte.py": TARGET.encode() + b"x = 1\x00\n",
    "brokenpkg/py2.py": TARGET + "print 'hello'\n",
    "brokenpkg/badcookie.py": "# coding: klingon\n" + TARGET,
    "brokenpkg/unreadable.py": TARGET,  # open() raises PermissionError (see deny_open)
}
# (code, path, line, column or None when the interpreter's own offset is reported)
EXPECTED = [
    ("INP002", "brokenpkg/badcookie.py", 1, 1),
    ("INP003", "brokenpkg/loop_a.py", 1, 1),
    ("INP003", "brokenpkg/loop_b.py", 1, 1),
    ("INP001", "brokenpkg/nullbyte.py", 2, 6),
    ("INP001", "brokenpkg/py2.py", 2, None),
    ("INP001", "brokenpkg/syntax.py", 2, None),
    ("INP002", "brokenpkg/undecodable.py", 2, 6),
    ("INP003", "brokenpkg/unreadable.py", 1, 1),
]


@pytest.fixture
def broken_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A package holding every kind of broken file next to good ones."""
    write_tree(tmp_path, {**GOOD, **BAD})
    os.symlink("loop_b.py", tmp_path / "brokenpkg" / "loop_a.py")
    os.symlink("loop_a.py", tmp_path / "brokenpkg" / "loop_b.py")
    deny_open(monkeypatch, "unreadable.py")
    return tmp_path


def deny_open(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """CI runs as root, where chmod 000 does not stop reading: fail the bounded reader's open
    (analyzer.bounded, which every source read goes through) instead."""
    real_open = os.open

    def fake_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if str(file).endswith(name):
            raise PermissionError(errno.EACCES, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "open", fake_open)


def test_check_reports_each_broken_file_where_it_breaks(run_cli: Any, broken_repo: Path) -> None:
    code, doc = check_json(run_cli, str(broken_repo), "--select", "INP")
    assert code == 1
    found = [(f["code"], f["path"], f["line"], f["column"]) for f in doc["findings"]]
    assert [(c, p, line) for c, p, line, _ in found] == [(c, p, line) for c, p, line, _ in EXPECTED]
    for (*_, column), (*_, expected) in zip(found, EXPECTED, strict=True):
        assert expected is None or column == expected
    assert {f["severity"] for f in doc["findings"]} == {"error"}
    assert all(
        f["source"]["kind"] == "input" and f["subject"] == f["path"] for f in doc["findings"]
    )
    assert doc["summary"]["files"] == len(GOOD) + len(BAD) + 2


def test_messages_say_why(broken_repo: Path) -> None:
    problems = {p.path: (p.kind, p.message) for p in analyze(str(broken_repo), jobs=1).problems}
    assert problems["brokenpkg/unreadable.py"] == (ProblemKind.UNREADABLE, "Permission denied")
    assert problems["brokenpkg/nullbyte.py"][1] == "source code cannot contain null bytes"
    assert problems["brokenpkg/undecodable.py"][1] == "cannot decode byte 0xff as utf-8"
    assert problems["brokenpkg/badcookie.py"][1] == "unknown encoding: klingon"
    assert problems["brokenpkg/loop_a.py"][0] is ProblemKind.UNREADABLE


def test_every_good_file_is_still_analysed(broken_repo: Path) -> None:
    facts = analyze(str(broken_repo), jobs=1)
    into_target = {(e.importer, e.line) for e in facts.edges if e.imported == "brokenpkg.target"}
    assert into_target == {
        ("brokenpkg.good", 1),
        ("brokenpkg.bom", 1),
        ("brokenpkg.crlf", 2),
        ("brokenpkg.latin1", 2),
        ("brokenpkg.deep", 1),
    }
    assert all(e.kind is ImportKind.IMPORT for e in facts.edges)
    lines = {p.source.path: p.lines for p in facts.parsed}
    assert (lines["brokenpkg/empty.py"], lines["brokenpkg/deep.py"]) == (0, 2)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_named_py_is_refused_not_waited_on(tmp_path: Path) -> None:
    write_tree(tmp_path, {"fifopkg/__init__.py": ""})
    os.mkfifo(tmp_path / "fifopkg" / "pipe.py")
    problems = analyze(str(tmp_path), jobs=1).problems
    assert [(p.path, p.kind, p.message) for p in problems] == [
        ("fifopkg/pipe.py", ProblemKind.UNREADABLE, "not a regular file")
    ]


def test_the_process_pool_gives_the_serial_result(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {"poolpkg/__init__.py": "", "poolpkg/bad.py": b"x = '\xff'\n"}
    files |= {f"poolpkg/m{i:02}.py": f"import poolpkg.m{(i + 1) % 70:02}\n" for i in range(70)}
    facts = analyze(str(write_tree(tmp_path, files)), jobs=1)
    pooled = parse_all(facts.layout.root, facts.layout.files, jobs=2)
    assert pooled == list(facts.parsed)
    assert [p.path for p in facts.problems] == ["poolpkg/bad.py"]


def test_the_parent_parses_a_share_of_the_chunks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The calling process takes chunks no worker has started (no pickling, one worker less);
    a worker's calls happen in another process, so only the parent's are counted here."""
    files = {f"sharepkg/m{i:02}.py": f"import sharepkg.m{(i + 1) % 80:02}\n" for i in range(80)}
    facts = analyze(str(write_tree(tmp_path, {"sharepkg/__init__.py": "", **files})), jobs=1)
    in_parent: list[str] = []
    real = project._parse_one

    def counting(root: str, source: SourceFile, version: str | None) -> Fresh:
        in_parent.append(source.path)  # a forked worker appends to its own copy
        return real(root, source, version)

    monkeypatch.setattr(project, "_parse_one", counting)
    pooled = parse_all(facts.layout.root, facts.layout.files, jobs=3)
    assert pooled == list(facts.parsed)
    assert in_parent and len(set(in_parent)) == len(in_parent)
