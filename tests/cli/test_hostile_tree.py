"""Whole commands on hostile and unlucky trees (issue #13): every case ends in a finding, a
warning or a config error with file and line; never exit 2 from an internal error, a hang, or
a read outside the repository."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

COMMANDS = ("check", "metrics", "graph", "report")


def _repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "pkg").mkdir()
    (root / "pkg" / "__init__.py").write_text("")
    (root / "pkg" / "a.py").write_text("import pkg\n")
    return root


@pytest.mark.parametrize("command", COMMANDS)
def test_gitignore_lines_git_accepts_and_pathspec_rejects(
    tmp_path: Path, run_cli: Any, command: str
) -> None:
    root = _repo(tmp_path)
    (root / ".gitignore").write_text("*.tmp\n!\n\\\n[z-a]\n")
    code, out, err = run_cli(command, str(root))
    assert code in (0, 1), err
    assert ".gitignore:2: pattern '!' skipped" in out + err  # check prints warnings in its report
    assert ".gitignore:4: pattern '[z-a]' skipped" in out + err


@pytest.mark.parametrize("command", COMMANDS)
def test_file_names_that_are_not_utf8_are_analysed_and_escaped(
    tmp_path: Path, run_cli: Any, command: str
) -> None:
    root = _repo(tmp_path)
    with open(os.fsencode(root / "pkg") + b"/caf\xe9.py", "wb") as handle:  # Latin-1 name
        handle.write(b"def f(:\n")
    code, out, err = run_cli(command, str(root))
    assert code in (0, 1), err
    assert "Traceback" not in err and "internal error" not in err
    if command == "check":
        assert "pkg/caf\\xe9.py:1:7 INP001" in out


def test_a_newline_in_a_file_name_cannot_start_a_workflow_command(
    tmp_path: Path, run_cli: Any
) -> None:
    root = _repo(tmp_path)
    (root / "pkg" / "x\n::error file=a::owned.py").write_text("def f(:\n")
    code, out, _ = run_cli("check", str(root))
    assert code == 1
    assert not any(line.strip().startswith("::") for line in out.splitlines())
    assert "x\\n::error" in out


def test_a_bad_exclude_pattern_is_a_config_error_with_its_line(
    tmp_path: Path, run_cli: Any
) -> None:
    root = _repo(tmp_path)
    (root / "pyproject.toml").write_text('[tool.archfit]\nexclude = ["a", "!"]\n')
    code, _, err = run_cli("check", str(root))
    assert code == 2 and "pyproject.toml:2: invalid exclude pattern '!'" in err


def test_a_yaml_alias_bomb_is_a_config_error(tmp_path: Path, run_cli: Any) -> None:
    root = _repo(tmp_path)
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdef", "bcdefg", strict=True):
        lines.append(f"{name}: &{name} [{','.join([f'*{prev}'] * 9)}]")
    (root / "archfit.yaml").write_text("\n".join(lines) + "\n")
    code, _, err = run_cli("check", str(root))
    assert code == 2 and "archfit.yaml:" in err and "aliases expand past the limit" in err


def test_deeply_nested_toml_is_a_config_error_with_its_line(tmp_path: Path, run_cli: Any) -> None:
    root = _repo(tmp_path)
    (root / "pyproject.toml").write_text("[tool.archfit]\nx = " + "[" * 5000 + "]" * 5000 + "\n")
    code, _, err = run_cli("check", str(root))
    assert code == 2 and "pyproject.toml:2: brackets nested over the limit" in err


@pytest.mark.parametrize(
    ("name", "codes"),
    [
        # a configuration archfit would read is a config error naming it, never passed over
        ("archfit.yaml", (2,)),
        ("pyproject.toml", (2,)),
        ("tach.toml", (2,)),
        (".importlinter", (2,)),
        # the other readers refuse them without blocking, and the run goes on
        (".gitignore", (0, 1)),
        ("requirements.txt", (0, 1)),
        ("uv.lock", (0, 1)),
    ],
)
@pytest.mark.parametrize("command", ["check", "report"])
def test_a_config_that_is_a_fifo_or_a_device_is_never_read(
    tmp_path: Path, run_cli: Any, name: str, codes: tuple[int, ...], command: str
) -> None:
    root = _repo(tmp_path)
    os.mkfifo(root / name)
    code, _, err = run_cli(command, str(root))
    assert code in codes, err
    assert code != 2 or f"config error: {name}:0: cannot read" in err
    os.remove(root / name)
    os.symlink("/dev/zero", root / name)
    code, _, err = run_cli(command, str(root))
    assert code in codes, err


def test_a_config_symlinked_out_of_the_repository_is_a_config_error(
    tmp_path: Path, run_cli: Any
) -> None:
    root = _repo(tmp_path)
    outside = tmp_path / "elsewhere.toml"
    outside.write_text('[tool.archfit]\nexclude = ["**"]\n')
    os.symlink(outside, root / "pyproject.toml")
    code, _, err = run_cli("check", str(root))
    assert code == 2 and "config error: pyproject.toml:0: not read: outside the repository" in err


def test_a_config_named_with_config_that_is_a_device_is_a_config_error(
    tmp_path: Path, run_cli: Any
) -> None:
    root = _repo(tmp_path)
    os.symlink("/dev/zero", root / "archfit.yaml")
    code, _, err = run_cli("check", "--config", str(root / "archfit.yaml"), str(root))
    assert code == 2 and "archfit.yaml" in err and "config error" in err


def test_adrs_outside_the_repository_are_never_read(tmp_path: Path, run_cli: Any) -> None:
    root = _repo(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "0001-secret.md").write_text("# 1. Secret\n\nStatus: accepted\n")
    (root / "docs").mkdir()
    os.symlink(outside, root / "docs" / "adr")
    code, out, err = run_cli("check", "--format", "json", str(root))
    assert code in (0, 1), err
    assert "secret" not in out.lower()  # a symlinked docs/adr is not followed
    (root / ".adr-dir").write_text("../outside\n")
    code, out, err = run_cli("check", "--format", "json", str(root))
    assert code == 2 and "config error: .adr-dir:1: ADR folder '../outside' is outside" in err
    assert "secret" not in out.lower()


def test_an_adr_that_is_a_fifo_is_an_adr_finding_not_a_hang(tmp_path: Path, run_cli: Any) -> None:
    root = _repo(tmp_path)
    (root / "docs" / "adr").mkdir(parents=True)
    (root / "docs" / "adr" / "0001-good.md").write_text("# 1. Good\n\nStatus: accepted\n")
    os.mkfifo(root / "docs" / "adr" / "0002-fifo.md")
    os.symlink("/dev/zero", root / "docs" / "adr" / "0003-zero.md")
    code, out, err = run_cli("check", str(root))
    assert code in (0, 1), err
    assert "0002-fifo.md" in out and "0003-zero.md" in out


def test_init_never_writes_through_a_symlinked_config(tmp_path: Path, run_cli: Any) -> None:
    root = _repo(tmp_path)
    victim = tmp_path / "victim.toml"
    victim.write_text("[project]\nname = 'victim'\n")
    os.symlink(victim, root / "pyproject.toml")
    code, _, err = run_cli("init", str(root))
    assert code == 2 and "symlink" in err
    assert victim.read_text() == "[project]\nname = 'victim'\n"


def test_adr_new_never_writes_through_a_symlinked_folder(tmp_path: Path, run_cli: Any) -> None:
    root = _repo(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    (root / "docs").mkdir()
    os.symlink(outside, root / "docs" / "adr")
    code, _, err = run_cli("adr", "new", "Use a thing", str(root))
    assert code == 2 and "outside the repository" in err
    assert list(outside.iterdir()) == []


@pytest.mark.parametrize(
    ("setting", "words"),
    [
        ('adr_dirs = ["docs", "/"]', "adr_dirs entry '/' is outside the repository"),
        ('adr_dirs = ["../elsewhere"]', "adr_dirs entry '../elsewhere' is outside"),
        ('baseline = "../../tmp/archfit-baseline.json"', "baseline '../../tmp/"),
        # a source root outside made "0 modules, PASSED"; "/" must never be walked
        ('source_roots = ["src", "/"]', "source_roots entry '/' is outside the repository"),
        ('source_roots = ["../"]', "source_roots entry '../' is outside"),
    ],
)
def test_config_paths_outside_the_repository_are_config_errors(
    tmp_path: Path, run_cli: Any, setting: str, words: str
) -> None:
    root = _repo(tmp_path)
    (root / "pyproject.toml").write_text(f"[tool.archfit]\n{setting}\n")
    code, _, err = run_cli("check", str(root))
    assert code == 2 and "pyproject.toml:2:" in err and words in err


@pytest.mark.parametrize(
    "command",
    [
        ("graph", "--format", "mermaid"),
        ("report", "--format", "md"),
        ("check",),
        ("metrics", "--format", "table"),
    ],
)
def test_a_newline_in_a_name_is_escaped_in_markdown_and_mermaid(
    tmp_path: Path, run_cli: Any, command: tuple[str, ...]
) -> None:
    root = _repo(tmp_path)
    (root / "pkg" / "x\n::error file=a::owned.py").write_text("import pkg\n")
    code, out, err = run_cli(*command, str(root))
    assert code in (0, 1), err
    assert "x\\n::error" in out
    assert not any(line.startswith("::error") for line in out.splitlines())


def test_a_deeply_nested_baseline_is_a_config_error_with_its_line(
    tmp_path: Path, run_cli: Any
) -> None:
    from fitness.config.model import DEFAULT_BASELINE

    root = _repo(tmp_path)
    (root / DEFAULT_BASELINE).write_text('{\n"entries": ' + "[" * 100_000 + "]" * 100_000 + "}\n")
    code, _, err = run_cli("check", str(root))
    assert code == 2 and f"{DEFAULT_BASELINE}:2: brackets nested over the limit" in err


def test_a_rule_pack_outside_the_repository_is_a_config_error(tmp_path: Path, run_cli: Any) -> None:
    root = _repo(tmp_path)
    (tmp_path / "pack.yaml").write_text("pack: outside\nrules: []\n")
    (root / "pyproject.toml").write_text('[tool.archfit]\npacks = ["../pack.yaml"]\n')
    code, _, err = run_cli("check", str(root))
    assert code == 2 and "../pack.yaml" in err and "outside the repository" in err


def test_baseline_is_never_written_through_a_planted_symlink(tmp_path: Path, run_cli: Any) -> None:
    from fitness.config.model import DEFAULT_BASELINE

    root = _repo(tmp_path)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep\n")
    os.symlink(victim, root / f"{DEFAULT_BASELINE}.tmp")
    code, _, err = run_cli("baseline", str(root))
    assert code == 2 and "cannot write the baseline" in err
    assert victim.read_text() == "keep\n"


@pytest.mark.parametrize("roots", ['["/"]', '["../outside"]'])
def test_a_tach_source_root_outside_the_repository_is_a_config_error(
    tmp_path: Path, run_cli: Any, roots: str
) -> None:
    """tach.toml's ``source_roots = ["/"]`` walked the whole file system for domain files."""
    root = _repo(tmp_path)
    (root / "tach.toml").write_text(
        f'source_roots = {roots}\n[[modules]]\npath = "pkg"\ndepends_on = []\n'
    )
    code, _, err = run_cli("check", str(root))
    assert (
        code == 2 and "tach.toml:1: source_roots entry" in err and "outside the repository" in err
    )


def test_a_tach_domain_file_symlinked_out_of_the_repository_is_not_read(
    tmp_path: Path, run_cli: Any
) -> None:
    root = _repo(tmp_path)
    (root / "tach.toml").write_text('[[modules]]\npath = "pkg"\ndepends_on = []\n')
    outside = tmp_path / "domain.toml"
    outside.write_text("x = 1\n")
    (root / "pkg" / "sub").mkdir(parents=True)
    os.symlink(outside, root / "pkg" / "sub" / "tach.domain.toml")
    code, _, err = run_cli("check", str(root))
    assert code == 2, err
    assert "pkg/sub/tach.domain.toml:0: not read: outside the repository" in err
