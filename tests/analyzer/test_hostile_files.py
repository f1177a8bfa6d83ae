"""Hostile and unlucky source files (issue #13): each one is a coded finding, never a crash,
a hang, a read outside the repository or a blow-up of memory."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from analyzer import bounded
from analyzer.bounded import MAX_SOURCE_BYTES, RefusedFile, read_bounded
from analyzer.decoding import decode_source
from analyzer.facts import BlindSpotKind, ProblemKind, SourceFile
from analyzer.parsing.limits import (
    MAX_BRACKET_DEPTH,
    MAX_FALLBACK_TOKENS,
    MAX_FSTRING_DEPTH,
    check_fallback,
)
from analyzer.parsing.parse import parse_file, parse_text
from analyzer.project import analyze
from tests.conftest import REPO


def _problem(text: str) -> tuple[ProblemKind, str]:
    parsed = parse_text(SourceFile("pkg/m.py", "pkg.m"), text)
    assert len(parsed.problems) == 1, parsed
    return parsed.problems[0].kind, parsed.problems[0].message


@pytest.mark.parametrize("cookie", ["punycode", "undefined"])
def test_a_codec_raising_unicode_error_is_inp002(cookie: str) -> None:
    problem = decode_source("m.py", f"# coding: {cookie}\nx = 1\n".encode())
    assert not isinstance(problem, str)
    assert problem.kind is ProblemKind.UNDECODABLE
    assert cookie in problem.message


def test_brackets_deeper_than_cpython_allows_are_inp001_without_libcst() -> None:
    kind, message = _problem("x = " + "[" * 5000 + "]" * 5000 + "\n")
    assert kind is ProblemKind.PARSE_ERROR
    assert f"limit of {MAX_BRACKET_DEPTH}" in message


def test_the_deepest_nesting_cpython_takes_is_not_refused() -> None:
    depth = MAX_BRACKET_DEPTH
    assert check_fallback("x = " + "(" * depth + ")" * depth) is None
    assert check_fallback("x = " + "(" * (depth + 1) + ")" * (depth + 1)) is not None


@pytest.mark.parametrize(
    ("escape", "words"),
    [
        (r"\N{NO SUCH NAME}", "unknown Unicode character name"),
        (r"\x4", r"truncated \x"),
        (r"\u12", r"truncated \u"),
        (r"\U00110000", "out of range"),
    ],
)
def test_escapes_cpython_rejects_are_inp001_though_libcst_takes_them(
    escape: str, words: str
) -> None:
    # the type statement forces the fallback on 3.11; the bad escape must still be caught
    text = f'type X = int\ns = "{escape}"\n'
    refusal = check_fallback(text)
    assert refusal is not None and words in refusal.message and refusal.line == 2
    if sys.version_info < (3, 12):
        kind, message = _problem(text)
        assert kind is ProblemKind.PARSE_ERROR and words in message


@pytest.mark.parametrize(
    "text",
    [
        r'b"\N{X}"',  # not an escape in bytes
        r'r"\x"',
        r'rb"\u"',
        r'"\N{BULLET} {x}"',
        r'f"{x:{y}} {{ \N{BULLET} }}"',
        '"((((" * 300',
        "# " + "(" * 300,
        '"""\n' + "[" * 300 + '\n"""',
    ],
)
def test_valid_strings_and_comments_are_not_refused(text: str) -> None:
    assert check_fallback(text + "\n") is None


def test_fstrings_nested_over_the_limit_are_refused() -> None:
    depth = MAX_FSTRING_DEPTH + 1
    refusal = check_fallback("x = " + 'f"{' * depth + "x" + '}"' * depth + "\n")
    assert refusal is not None and "f-strings" in refusal.message


def test_deep_file_stays_within_a_memory_limit(tmp_path: Path) -> None:
    """The 10 KB ``x = [[[...]]]`` took 23.5 GB through libcst; under a 1 GiB address-space
    limit it must come back as INP001 (a blow-up would abort the child)."""
    script = textwrap.dedent(
        f"""
        import resource, sys
        sys.path.insert(0, {str(REPO)!r})
        from analyzer.facts import SourceFile
        from analyzer.parsing.parse import parse_text
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
        text = "x = " + "[" * 5000 + "]" * 5000 + "\\n"
        parsed = parse_text(SourceFile("m.py", "m"), text)
        print(parsed.problems[0].kind)
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "parse-error"


def test_a_flat_file_over_the_token_limit_is_inp001_within_a_memory_limit() -> None:
    """A 1.2 MB flat list (600k items) is refused before ast builds its tree: 4 MB took 113 s
    and 2 GB. Run under a 512 MiB address-space limit in a child process."""
    script = textwrap.dedent(
        f"""
        import resource, sys
        sys.path.insert(0, {str(REPO)!r})
        from analyzer.facts import SourceFile
        from analyzer.parsing.parse import parse_text
        resource.setrlimit(resource.RLIMIT_AS, (1 << 29, 1 << 29))
        text = "x = [" + "0," * 600_000 + "]\\n"
        parsed = parse_text(SourceFile("m.py", "m"), text)
        print(parsed.problems[0].message)
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == f"over the limit of {MAX_FALLBACK_TOKENS} tokens"


def _tree(tmp_path: Path) -> Path:
    package = tmp_path / "repo" / "pkg"
    package.mkdir(parents=True)
    (tmp_path / "repo" / ".git").mkdir()
    (package / "__init__.py").write_text("")
    return package


def test_fifo_and_device_named_py_are_refused_not_read(tmp_path: Path) -> None:
    package = _tree(tmp_path)
    os.mkfifo(package / "fifo.py")
    os.symlink("/dev/zero", package / "zero.py")
    facts = analyze(str(package.parent), jobs=1)
    problems = {p.path: (p.kind, p.message) for p in facts.problems}
    assert problems["pkg/fifo.py"] == (ProblemKind.UNREADABLE, "not a regular file")
    # /dev/zero is outside the repository: never read, a blind spot
    assert "pkg/zero.py" in {b.path for b in facts.blind_spots}


def test_a_symlink_out_of_the_repository_is_not_followed(tmp_path: Path) -> None:
    package = _tree(tmp_path)
    secret = tmp_path / "secret.py"
    secret.write_text("import os\n")
    os.symlink(secret, package / "leak.py")
    os.symlink("__init__.py", package / "alias.py")  # inside: read as usual
    facts = analyze(str(package.parent), jobs=1)
    spots = {b.path: b for b in facts.blind_spots}
    assert spots["pkg/leak.py"].kind is BlindSpotKind.OUTSIDE_REPOSITORY  # #13: a blind spot
    assert "outside the repository" in spots["pkg/leak.py"].detail
    assert not facts.problems and "pkg/alias.py" not in spots


def test_a_file_over_the_byte_limit_is_inp001_naming_the_limit(tmp_path: Path) -> None:
    package = _tree(tmp_path)
    (package / "big.py").write_bytes(b"x = 1\n" + b"#" * MAX_SOURCE_BYTES)
    parsed = parse_file(str(package.parent), SourceFile("pkg/big.py", "pkg.big"))
    (problem,) = parsed.problems
    assert problem.kind is ProblemKind.PARSE_ERROR
    assert f"{MAX_SOURCE_BYTES}-byte limit" in problem.message


def test_read_bounded_refuses_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo")
    with pytest.raises(RefusedFile, match="not a regular file"):
        read_bounded(str(tmp_path / "fifo"), 10)
    (tmp_path / "f").write_bytes(b"12345")
    assert read_bounded(str(tmp_path / "f"), 5) == b"12345"
    with pytest.raises(RefusedFile) as caught:
        read_bounded(str(tmp_path / "f"), 4)
    assert caught.value.too_large
    with pytest.raises(RefusedFile, match="outside"):
        read_bounded(str(tmp_path / "f"), 5, boundary=str(tmp_path / "sub"))


def test_a_folder_symlinked_out_is_refused_with_its_resolution_shared(tmp_path: Path) -> None:
    """``check_inside`` resolves a folder once for all its files (``_real``): what it makes of
    each path is what ``os.path.realpath`` makes of it (a linked folder, a linked file, a
    ``..``, a file that is not there), and a file under a folder linked out is refused."""
    outside, repo = tmp_path / "outside", tmp_path / "repo"
    (repo / "pkg").mkdir(parents=True)
    outside.mkdir()
    (outside / "m.py").write_text("x = 1\n")
    (repo / "pkg" / "a.py").write_text("y = 2\n")
    os.symlink(outside, repo / "pkg" / "out")
    os.symlink("a.py", repo / "pkg" / "b.py")
    paths = ["pkg/a.py", "pkg/b.py", "pkg/out/m.py", "pkg/out/../a.py", "pkg/gone.py", "pkg/."]
    for rel in paths:
        path = os.path.join(repo, rel)
        assert bounded._real(path) == os.path.realpath(path), rel
    assert read_bounded(str(repo / "pkg" / "a.py"), 10, boundary=str(repo)) == b"y = 2\n"
    with pytest.raises(RefusedFile, match="outside"):
        read_bounded(str(repo / "pkg" / "out" / "m.py"), 10, boundary=str(repo))


def test_a_folder_that_becomes_a_symlink_is_resolved_again_by_the_next_run(
    tmp_path: Path,
) -> None:
    """The folders ``_real`` resolved are forgotten when a run starts to parse
    (``forget_folders``): a folder swapped for a link out of the repository is refused."""
    outside, repo = tmp_path / "outside", tmp_path / "repo"
    (repo / "pkg").mkdir(parents=True)
    outside.mkdir()
    for folder in (repo / "pkg", outside):
        (folder / "m.py").write_text("x = 1\n")
    path = str(repo / "pkg" / "m.py")
    assert read_bounded(path, 10, boundary=str(repo)) == b"x = 1\n"
    (repo / "pkg" / "m.py").unlink()
    (repo / "pkg").rmdir()
    os.symlink(outside, repo / "pkg")
    bounded.forget_folders()
    with pytest.raises(RefusedFile, match="outside"):
        read_bounded(path, 10, boundary=str(repo))


def test_a_write_resolves_its_folder_now_not_from_the_reads_table(tmp_path: Path) -> None:
    """``write_inside`` never trusts a folder the reads resolved earlier in the process: a
    folder swapped for a link out of the repository since is refused, table or not."""
    outside, repo = tmp_path / "outside", tmp_path / "repo"
    (repo / "pkg").mkdir(parents=True)
    (outside / "sub").mkdir(parents=True)
    (repo / "pkg" / "m.py").write_text("x = 1\n")
    # The read puts ``repo/pkg`` in the table of resolved folders.
    assert read_bounded(str(repo / "pkg" / "m.py"), 10, boundary=str(repo)) == b"x = 1\n"
    (repo / "pkg" / "m.py").unlink()
    (repo / "pkg").rmdir()
    os.symlink(outside, repo / "pkg")
    with pytest.raises(RefusedFile, match="outside"):
        bounded.write_inside(str(repo / "pkg" / "sub" / "report.md"), "x", str(repo))
    assert not (outside / "sub" / "report.md").exists()
