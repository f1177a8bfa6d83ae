"""Checks on ``archfit graph`` output shared by the reporter and CLI tests.

Mermaid text is checked for structure everywhere: every line is a statement the renderer
emits, every id is ``[A-Za-z0-9_]+`` and declared before use, every ``linkStyle`` index names
an edge. Mermaid's own parser (from npm, run headless under jsdom: mermaid-cli would need a
browser) checks it too in ``realcode`` tests. Graphviz is run for real when it is installed,
and skipped when it is not.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

_ID = r"[A-Za-z0-9_]+"
_LABEL = r'"[^"]*"'
_NODE = re.compile(rf"^    (?P<id>{_ID})(\[{_LABEL}\]|\(\[{_LABEL}\]\))$")
_EDGE = re.compile(rf"^    (?P<a>{_ID}) (-->|-\.->|--o|==>)(\|[a-z, -]+\|)? (?P<b>{_ID})$")
_LINK_STYLE = re.compile(r"^    linkStyle (?P<indexes>\d+(,\d+)*) [a-z-]+:[^ ;]+( [^ ;]+)*$")
_CLASS_DEF = re.compile(rf"^    classDef {_ID} [a-z-]+:.+$")
_CLASS = re.compile(rf"^    class (?P<ids>{_ID}(,{_ID})*) {_ID}$")


def mermaid_problems(text: str) -> list[str]:
    """Every way ``text`` is not a flowchart as archfit writes one (empty when it is)."""
    lines = text.splitlines()
    if not lines or lines[0] != "flowchart LR":
        return ["the first line is not 'flowchart LR'"]
    declared: set[str] = set()
    edges = 0
    problems: list[str] = []
    for number, line in enumerate(lines[1:], start=2):
        problem, edges = _mermaid_line(line, declared, edges)
        if problem:
            problems.append(f"line {number}: {problem}: {line!r}")
    return problems


def _mermaid_line(line: str, declared: set[str], edges: int) -> tuple[str, int]:
    """One line's problem (or ''), and the number of edges drawn so far."""
    if line.startswith("%%") or _CLASS_DEF.match(line):
        return "", edges
    if node := _NODE.match(line):
        duplicate = node["id"] in declared
        declared.add(node["id"])
        return ("node declared twice" if duplicate else ""), edges
    if edge := _EDGE.match(line):
        unknown = {edge["a"], edge["b"]} - declared
        return (f"undeclared {sorted(unknown)}" if unknown else ""), edges + 1
    if style := _LINK_STYLE.match(line):
        bad = [i for i in style["indexes"].split(",") if int(i) >= edges]
        return (f"no edge {bad}" if bad else ""), edges
    if classes := _CLASS.match(line):
        unknown = set(classes["ids"].split(",")) - declared
        return (f"undeclared {sorted(unknown)}" if unknown else ""), edges
    return "not a statement archfit writes", edges


def mermaid_counts(text: str) -> tuple[int, int]:
    """How many nodes and edges a flowchart declares."""
    lines = text.splitlines()
    return sum(1 for x in lines if _NODE.match(x)), sum(1 for x in lines if _EDGE.match(x))


def graphviz(tool: str) -> str:
    """The path of a Graphviz tool, or skip the test when Graphviz is not installed."""
    found = shutil.which(tool)
    if found is None:
        pytest.skip(f"Graphviz's {tool} is not installed (apt-get install graphviz)")
    return found


def dot_svg(text: str) -> str:
    """``dot -Tsvg`` on ``text``: fails the test on any error or warning, returns the SVG."""
    done = subprocess.run(
        [graphviz("dot"), "-Tsvg"], input=text, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert "<svg" in done.stdout
    return done.stdout


def dot_counts(text: str) -> tuple[int, int]:
    """Nodes and edges Graphviz reads from ``text`` (its ``gc``: a parse, no layout)."""
    done = subprocess.run(
        [graphviz("gc"), "-n", "-e"], input=text, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0 and done.stderr == "", done.stderr  # gc exits 0 on errors
    nodes, edges = done.stdout.split()[:2]
    return int(nodes), int(edges)


MERMAID_PACKAGES = ("mermaid@11.17.2", "jsdom@29.1.1")
_MERMAID_SCRIPT = Path(__file__).with_name("mermaid_parse.mjs")


def mermaid_parse(files: list[Path], prefix: Path) -> list[str]:
    """Mermaid's own parser on ``files``: the lines for the files it rejects.

    Mermaid and jsdom are installed from npm into ``prefix`` once; skipped without node/npm
    or when the registry cannot be reached.
    """
    node = _mermaid_installed(prefix)
    script = prefix / _MERMAID_SCRIPT.name
    shutil.copyfile(_MERMAID_SCRIPT, script)
    done = subprocess.run(
        [node, str(script), *map(str, files)], capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.count("\n") == len(files), done.stdout + done.stderr[-2000:]
    return [line for line in done.stdout.splitlines() if not line.startswith("OK ")]


def _mermaid_installed(prefix: Path) -> str:
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.skip("node and npm are needed to run Mermaid's parser")
    if not (prefix / "node_modules" / "mermaid" / "package.json").is_file():
        prefix.mkdir(parents=True, exist_ok=True)
        command = [npm, "install", "--prefix", str(prefix), "--no-audit", "--no-fund"]
        command += ["--fetch-retries=1", *MERMAID_PACKAGES]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=600)
        except subprocess.TimeoutExpired:
            pytest.skip("cannot install Mermaid from npm: timed out (offline?)")
        if done.returncode != 0:
            pytest.skip(f"cannot install Mermaid from npm (offline?): {done.stderr[-500:]}")
    return node
