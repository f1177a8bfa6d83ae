"""Files only libcst reads are measured through the same metric code (ADR-0007).

Their syntax is lowered to this interpreter's ``ast`` (``analyzer.parsing.lower``). The
oracles: complexipy (its parser reads newer syntax on any interpreter), radon's raw counts on
this interpreter (they need no tree), and radon's cyclomatic, Halstead and MI numbers on a
newer interpreter named by ``ARCHFIT_NEWER_PYTHON`` (paths separated by ``os.pathsep``, each
with radon installed; the comparison is skipped without one).
"""

from __future__ import annotations

import ast
import functools
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import libcst as cst
import pytest

from analyzer.parsing.lower import lower
from tests.analyzer.metrics.oracle import (
    Tally,
    compare_complexipy,
    compare_radon,
    ours,
    python_files,
    radon,
)
from tests.conftest import FIXTURES

# (minimal Python version, file text): every lowering rule, and lines that must not move.
SNIPPETS: dict[str, tuple[tuple[int, int], str]] = {
    "generic_function.py": (
        (3, 12),
        """
        def first[
            T: (int, str),
            U,
        ](items: list[T], other: U | None = None) -> T | None:
            for item in items:
                if item or other is None and items:
                    return item
            return None


        def after(x):
            return x if x else -x
        """,
    ),
    "generic_class.py": (
        (3, 12),
        """
        class Box[T: int | str, *Ts, **P](
            object,
        ):
            def get(self, default: T) -> T:
                return default if self else default + 1


        class Plain[T]:
            def put(self, item: T) -> None:
                assert item, "empty"
                while item:
                    item = None
        """,
    ),
    "aliases.py": (
        (3, 12),
        """
        type Pair[T: (int if True else str)] = tuple[T, T] | None


        def local(flag):
            type Local = list[int] | dict[str, int]
            if flag and not flag:
                return Local
            return None
        """,
    ),
    "fstrings.py": (
        (3, 12),
        """
        def render(item, width, verbose):
            label = f"{item["name"]!r:>{width if verbose else 2}}" f"-{'x' * 2}" "tail"
            note = f"{
                item.get("note")  # a comment inside a replacement field
                or "none"
            }"
            if f"{label}" == note and f"{f"{f"{item}"}"}":
                return label + f"{note}" + f"{width + 1 if verbose else 0}"
            return [f"{v}" for v in item if v or not v]


        def after(x):
            return x and x or x
        """,
    ),
    "defaults.py": (
        (3, 13),
        """
        class Holder[T = int, *Ts = *tuple[int, ...]]:
            def get(self, a: T) -> T:
                return a if a else a


        type Alias[T = str | bytes] = list[T]


        def generic[T: int = int](x: T) -> T:
            return x or x
        """,
    ),
}


def _newer_pythons() -> list[str]:
    paths = os.environ.get("ARCHFIT_NEWER_PYTHON", "")
    return [p for p in paths.split(os.pathsep) if p]


def _version(python: str) -> tuple[int, int]:
    code = "import sys, radon; print(*sys.version_info[:2])"
    done = subprocess.run([python, "-c", code], capture_output=True, text=True, timeout=60)
    if done.returncode != 0:
        pytest.skip(f"{python} cannot run radon: {done.stderr[-300:]}")
    major, minor = done.stdout.split()
    return int(major), int(minor)


@pytest.fixture(scope="module")
def snippets(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The snippets as files, in a folder of their own."""
    root = tmp_path_factory.mktemp("newer")
    for name, (_, text) in SNIPPETS.items():
        (root / name).write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return root


@functools.cache
def _libcst_fixtures() -> tuple[Path, ...]:
    """The fixture files only libcst reads on this interpreter."""
    return tuple(p for p in python_files(FIXTURES) if ours(FIXTURES, p).parser == "libcst")


def _files(snippets: Path, version: tuple[int, int]) -> list[Path]:
    """The snippet and fixture files an interpreter of ``version`` reads."""
    chosen = [snippets / name for name, (needs, _) in SNIPPETS.items() if needs <= version]
    return chosen + list(_libcst_fixtures())


def _parsed(path: Path) -> tuple[Path, object]:
    root = FIXTURES if path.is_relative_to(FIXTURES) else path.parent
    return root, ours(root, path)


def test_newer_files_are_measured(snippets: Path) -> None:
    """Each file gets complete measures; where ``ast`` rejects it, by the libcst way."""
    for path in _files(snippets, (3, 99)):
        _, parsed = _parsed(path)
        assert parsed.metrics is not None and parsed.metrics.complete, path  # type: ignore[attr-defined]
        if not _ast_reads(path.read_text(encoding="utf-8")):
            assert parsed.parser == "libcst", path  # type: ignore[attr-defined]


def _ast_reads(text: str) -> bool:
    try:
        ast.parse(text)
    except SyntaxError:
        return False
    return True


def test_cognitive_equals_complexipy(snippets: Path) -> None:
    """complexipy reads the newer syntax itself: its values are archfit's."""
    tally = Tally()
    for path in _files(snippets, (3, 99)):
        _, parsed = _parsed(path)
        text = path.read_text(encoding="utf-8")
        compare_complexipy(path, text, parsed.metrics, tally)  # type: ignore[attr-defined]
    assert tally.functions >= 12, tally
    assert tally.mismatches == [], tally


def test_raw_counts_equal_radon_on_this_interpreter(snippets: Path) -> None:
    """radon's raw analysis only tokenizes, so it runs here even on newer syntax."""
    files = _files(snippets, (3, 99))
    theirs = radon(files, timeout=30.0)
    tally = Tally()
    for path in files:  # radon's line-by-line retokenizing fails on some PEP 701 f-strings
        compare_radon(path, theirs[str(path)], _parsed(path)[1], tally)  # type: ignore[arg-type]
    assert tally.radon_failures["raw: SyntaxError"] < len(files), tally
    assert tally.mismatches == [], tally


@pytest.mark.parametrize("python", _newer_pythons() or [None])
def test_equals_radon_on_a_newer_interpreter(snippets: Path, python: str | None) -> None:
    """Functions' (line, complexity), Halstead volume and MI equal radon's where ``ast``
    reads the syntax natively."""
    if python is None:
        pytest.skip("set ARCHFIT_NEWER_PYTHON to a Python >= 3.12 with radon installed")
    version = _version(python)
    files = _files(snippets, version)
    theirs = radon(files, timeout=30.0, python=python)
    tally = Tally()
    for path in files:
        assert theirs[str(path)]["errors"] == {}, (path, theirs[str(path)])
        compare_radon(path, theirs[str(path)], _parsed(path)[1], tally, raw=False)  # type: ignore[arg-type]
    assert tally.functions >= 10, tally
    assert tally.mismatches == [], tally


def test_lowering_keeps_every_line() -> None:
    """Multi-line type parameters and f-strings leave every later statement on its line."""
    text = textwrap.dedent(SNIPPETS["generic_function.py"][1]).lstrip()
    text += textwrap.dedent(SNIPPETS["fstrings.py"][1])
    tree = lower(cst.parse_module(text))
    assert tree is not None
    lines = [n.lineno for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]
    expected = [i + 1 for i, line in enumerate(text.splitlines()) if line.startswith("def ")]
    assert sorted(lines) == expected


def test_lowered_forms() -> None:
    """What each rule produces, as ``ast.unparse`` prints it."""
    source = textwrap.dedent(
        """\
        type A[T: B] = C
        class K[T: (D | E)](F): pass
        def g[T](x: T): pass
        x = f"{a["k"] or b!r:>{w}}" "plain" f"{c}"
        try:
            pass
        except G, H:
            pass
        """
    )
    tree = lower(cst.parse_module(source))
    assert tree is not None
    assert ast.unparse(tree).splitlines() == [
        "A = _[C, B]",
        "",
        "class K(F, D | E):",
        "    pass",
        "",
        "def g(x: T):",
        "    pass",
        "x = _[a['k'] or b, w, c]",
        "try:",
        "    pass",
        "except (G, H):",
        "    pass",
    ]


def test_this_interpreter_needs_the_lowering() -> None:
    """The premise of this module: here ``ast`` rejects the syntax (else nothing is lowered)."""
    if sys.version_info >= (3, 12):
        pytest.skip("this interpreter's ast reads PEP 695 itself")
    with pytest.raises(SyntaxError):
        ast.parse("type X = int\n")


LAZY_IMPORTS = """\
\"\"\"PEP 810 lazy imports between measured functions.\"\"\"
lazy import json, os.path as osp
lazy from .models import (
    Order,  # a comment inside the parentheses
    Line,
)
import sys; lazy from collections import OrderedDict


class Basket:
    def total(self, lines):
        return sum(l.price for l in lines if l and l.price > 0)


def load(path, strict=False):
    try:
        data = json.loads(osp.basename(path))
    except ValueError:
        if strict or not path:
            raise
        data = OrderedDict()
    return data or {k: v for k, v in sys.modules.items() if v}
"""


def test_lazy_imports_are_measured_as_radon_measures_them_without_lazy(tmp_path: Path) -> None:
    """The honest oracle for PEP 810 on 3.11: radon on the same file with ``lazy`` removed
    (the soft keyword changes no decision, operator, operand or line)."""
    lazy = tmp_path / "lazy.py"
    lazy.write_text(LAZY_IMPORTS, encoding="utf-8")
    plain = tmp_path / "plain.py"
    plain.write_text(re.sub(r"\blazy (?=import|from)", "", LAZY_IMPORTS), encoding="utf-8")
    parsed = ours(tmp_path, lazy)
    assert parsed.parser == "libcst" and parsed.metrics is not None and parsed.metrics.complete
    assert [f.qualname for f in parsed.metrics.functions] == ["Basket.total", "load"]
    tally = Tally()
    compare_radon(plain, radon([plain], timeout=30.0)[str(plain)], parsed, tally)
    assert tally.functions == 2 and tally.mismatches == [], tally
    assert ours(tmp_path, plain).metrics == parsed.metrics
