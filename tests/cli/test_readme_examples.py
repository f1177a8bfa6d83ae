"""The README's shell examples run as written (issue #15): every ```bash block that the README
marks with ``<!-- readme-example: cwd=DIR exit=N -->`` (an HTML comment: invisible on GitHub)
runs line by line in a copy of the repository's layout, each line with bash's ``pipefail``,
and exits as the marker says.

What runs: each line of a marked block, in ``DIR`` of a fresh git repository holding copies of
the fixtures the block names (``fixtures/chatapp``...). What does not: install steps
(``python3 -m venv``, ``. .venv/bin/activate``, ``python -m pip install``), dropped from a line
joined with ``&&``: ``archfit`` here is this checkout's, run by the interpreter running the
tests. Unmarked blocks (the test-suite command, which CI runs itself) are not run. Cost: about
ten archfit processes, 10 s on a shared 2-core machine.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.cli.gitrepo import commit, git
from tests.conftest import FIXTURES, REPO

MARKER = re.compile(
    r"<!-- readme-example: cwd=(?P<cwd>\S+) exit=(?P<exit>\d+) -->\n```bash\n(?P<body>.*?)\n```",
    re.DOTALL,
)
INSTALL_STEPS = ("python3 -m venv ", ". .venv/bin/activate", "python -m pip install ")
TOOLS = ("dot", "jq")  # what the examples pipe into, besides archfit


@dataclass(frozen=True)
class Example:
    """One marked block: where it runs, what each line must exit with, and its lines."""

    line: int  # of the marker in README.md, for the test id
    cwd: str
    exit_code: int
    commands: tuple[str, ...]


def readme_examples(text: str) -> list[Example]:
    """Every marked ```bash block of the README, its install steps dropped."""
    found = []
    for match in MARKER.finditer(text):
        commands = tuple(
            command for line in match["body"].splitlines() if (command := _without_install(line))
        )
        line = text.count("\n", 0, match.start()) + 1
        found.append(Example(line, match["cwd"], int(match["exit"]), commands))
    return found


def _without_install(line: str) -> str:
    steps = [s.strip() for s in line.split(" && ")]
    return " && ".join(s for s in steps if s and not s.startswith(INSTALL_STEPS))


EXAMPLES = readme_examples((REPO / "README.md").read_text(encoding="utf-8"))


def test_the_readme_marks_its_runnable_examples() -> None:
    """The markers are found (a renamed marker would silently run nothing) and install steps
    are dropped from the one-command try-out."""
    assert len(EXAMPLES) >= 5
    assert "archfit check fixtures/chatapp" in EXAMPLES[0].commands
    assert not [c for e in EXAMPLES for c in e.commands if "pip install" in c]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: f"README.md:{e.line}")
def test_each_readme_example_exits_as_the_readme_says(example: Example, tmp_path: Path) -> None:
    missing = [t for t in TOOLS if any(f"| {t}" in c for c in example.commands) and not _has(t)]
    if missing:
        pytest.skip(f"{', '.join(missing)} not installed (.ci/run installs them)")
    clone = _clone(tmp_path, example)
    env = {**os.environ, "PATH": f"{_archfit(tmp_path)}{os.pathsep}{os.environ['PATH']}"}
    env.pop("GITHUB_ACTIONS", None)  # the text format, as on a terminal
    for command in example.commands:
        done = subprocess.run(
            ["bash", "-o", "pipefail", "-c", command],
            cwd=clone / example.cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == example.exit_code, (command, done.stdout[-2000:], done.stderr)


def _has(tool: str) -> bool:
    return shutil.which(tool) is not None


def _clone(tmp_path: Path, example: Example) -> Path:
    """A git repository laid out as this one, holding the fixtures the example names."""
    clone = tmp_path / "clone"
    text = " ".join((example.cwd, *example.commands))
    for name in sorted(set(re.findall(r"fixtures/(\w+)", text))):
        shutil.copytree(
            FIXTURES / name,
            clone / "fixtures" / name,
            ignore=shutil.ignore_patterns(".archfit_cache", "__pycache__"),
        )
    clone.mkdir(exist_ok=True)
    git(clone, "init", "-q", "-b", "main")
    commit(clone, "fixtures")
    return clone


def _archfit(tmp_path: Path) -> Path:
    """A folder holding an ``archfit`` that runs this checkout with this interpreter."""
    folder = tmp_path / "bin"
    folder.mkdir()
    script = folder / "archfit"
    script.write_text(
        "#!/bin/sh\n"
        f'PYTHONPATH="{REPO}" exec "{sys.executable}" '
        "-c 'from fitness.cli.main import run; run()' \"$@\"\n",
        encoding="utf-8",
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return folder
