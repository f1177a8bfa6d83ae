"""Compare archfit's measures with radon's and complexipy's, file by file.

radon runs in worker processes (``radon_worker.py``) with a timeout per metric: its raw
analysis is quadratic and its visitors recurse, so a pathological file must not stall the
suite. complexipy (Rust, linear) runs in-process. Each comparison returns the mismatches as
readable strings, so that a failing assertion says what differs where.
"""

from __future__ import annotations

import ast
import json
import math
import subprocess
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import libcst as cst

from analyzer.decoding import decode_source
from analyzer.facts import FunctionMetrics, ModuleMetrics, ParsedFile, SourceFile
from analyzer.metrics.complexity import DECISIONS, add_decisions, total_complexity
from analyzer.metrics.halstead import halstead_report
from analyzer.metrics.maintainability import mi_compute
from analyzer.metrics.scopes import Scope, walk
from analyzer.parsing import parse_file
from analyzer.parsing.cst import parse_cst
from analyzer.parsing.lower import lower
from analyzer.parsing.parse import run_deep

WORKER = Path(__file__).with_name("radon_worker.py")
FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)


@dataclass
class Tally:
    """What was compared, what differed, and what radon could not do."""

    files: int = 0
    functions: int = 0
    halstead_modules: int = 0
    halstead_functions: int = 0
    radon_failures: Counter[str] = field(default_factory=Counter)
    mismatches: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        failures = dict(self.radon_failures)
        halstead = f"Halstead {self.halstead_modules} modules, {self.halstead_functions} functions"
        counts = f"{self.files} files, {self.functions} functions, {halstead}"
        return f"{counts}, radon failures {failures}"


def radon(paths: Sequence[Path], timeout: float, python: str = sys.executable) -> dict[str, Any]:
    """radon's results per path, from two worker processes."""
    batches = [[str(p) for p in paths[i::2]] for i in range(2)]
    with ThreadPoolExecutor(2) as pool:
        outputs = list(pool.map(lambda b: _run_worker(b, timeout, python), batches))
    results = [json.loads(line) for out in outputs for line in out.splitlines() if line]
    return {r["path"]: r for r in results}


def _run_worker(paths: list[str], timeout: float, python: str) -> str:
    command = [python, str(WORKER), str(timeout)]
    budget = 60 + 5 * timeout * len(paths)  # never hit unless a worker hangs
    done = subprocess.run(
        command, input=json.dumps(paths), capture_output=True, text=True, timeout=budget
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def ours(root: Path, path: Path) -> ParsedFile:
    """archfit's parse of one file, as a file outside any package (measured all the same)."""
    return parse_file(str(root), SourceFile(path.relative_to(root).as_posix(), None))


def compare_radon(
    path: Path, theirs: dict[str, Any], parsed: ParsedFile, tally: Tally, *, raw: bool = True
) -> None:
    """Every number radon produced for ``path`` equals archfit's (``raw=False``: radon ran on
    another interpreter, whose tokenizer may cut the same text differently)."""
    tally.files += 1
    tally.radon_failures.update(f"{k}: {v}" for k, v in theirs.get("errors", {}).items())
    metrics = parsed.metrics
    if metrics is None or not metrics.complete:
        tally.mismatches.append(f"{path}: archfit has no complete measures ({parsed.problems})")
        return
    if theirs.get("functions") is not None:
        text = decode_source(str(path), path.read_bytes())
        assert isinstance(text, str)
        hidden = radon_hidden_lines(run_deep(lambda: any_tree(text)))
        _compare_functions(path, theirs["functions"], metrics, hidden, tally)
    if theirs.get("hal") is not None:
        compare_halstead(path, theirs["hal"], metrics, tally)
    if raw:
        _compare_module(path, theirs, metrics, tally)
    else:  # MI rests on the raw counts: check it from radon's own inputs on that interpreter
        _compare_module(path, {**theirs, "raw": None, "mi": None}, metrics, tally)
        _compare_mi_inputs(path, theirs, metrics, tally)


def _compare_functions(
    path: Path, theirs: list[list[int]], metrics: ModuleMetrics, hidden: set[int], tally: Tally
) -> None:
    """Same (line, complexity) multiset, except the functions radon hides."""
    radon_rows = Counter((line, cc) for line, cc in theirs)
    ours_rows = Counter((f.line, f.complexity) for f in metrics.functions if f.line not in hidden)
    tally.functions += sum(radon_rows.values())
    if radon_rows != ours_rows:
        missing, extra = sorted(radon_rows - ours_rows), sorted(ours_rows - radon_rows)
        tally.mismatches.append(f"{path}: radon only {missing[:5]}, archfit only {extra[:5]}")


def compare_halstead(path: Path, theirs: dict[str, Any], ours: ModuleMetrics, tally: Tally) -> None:
    """radon ``hal``'s twelve numbers, for the module and for each function it reports (its
    top-level functions and methods, by line: archfit also measures closures, radon not)."""
    tally.halstead_modules += 1
    _compare_numbers(f"{path}: module", theirs["total"], halstead_of(ours), tally)
    mine = [f for f in ours.functions if not f.is_closure]
    if [name for name, _ in theirs["functions"]] != [f.qualname.split(".")[-1] for f in mine]:
        names = [name for name, _ in theirs["functions"]]
        tally.mismatches.append(f"{path}: hal functions radon {names[:5]}, archfit {mine[:5]}")
        return
    for (name, numbers), function in zip(theirs["functions"], mine, strict=True):
        tally.halstead_functions += 1
        _compare_numbers(f"{path}:{function.line} {name}", numbers, halstead_of(function), tally)


def halstead_of(measure: ModuleMetrics | FunctionMetrics) -> list[float]:
    """archfit's twelve numbers of a module or function, in radon's field order."""
    report = halstead_report(measure.h1, measure.h2, measure.n1, measure.n2)
    return list(vars(report).values())


def _compare_numbers(where: str, theirs: list[float], mine: list[float], tally: Tally) -> None:
    if len(theirs) != len(mine) or not all(
        math.isclose(a, b, rel_tol=0, abs_tol=1e-6) for a, b in zip(theirs, mine, strict=True)
    ):
        tally.mismatches.append(f"{where}: hal radon {theirs} archfit {mine}")


def _compare_module(path: Path, theirs: dict[str, Any], ours: ModuleMetrics, tally: Tally) -> None:
    raw = list(vars(ours.raw).values())
    if theirs.get("raw") is not None and theirs["raw"] != raw:
        tally.mismatches.append(f"{path}: raw radon {theirs['raw']} archfit {raw}")
    for key, value in (("volume", ours.halstead_volume), ("mi", ours.maintainability)):
        expected = theirs.get(key)
        if expected is not None and not math.isclose(expected, value, rel_tol=0, abs_tol=1e-6):
            tally.mismatches.append(f"{path}: {key} radon {expected} archfit {value}")


def _compare_mi_inputs(
    path: Path, theirs: dict[str, Any], ours: ModuleMetrics, tally: Tally
) -> None:
    """radon's MI inputs (volume, total complexity, LLOC, comment %) give archfit's formula
    radon's MI, and archfit's total complexity is radon's."""
    _, total, lloc, comments = theirs["mi_inputs"]  # the volume is compared on its own
    tree = run_deep(lambda: any_tree(decode_source(str(path), path.read_bytes())))  # type: ignore[arg-type]
    if total != total_complexity_of(tree):
        tally.mismatches.append(f"{path}: total complexity radon {total}")
    mine = mi_compute(ours.halstead_volume, total, lloc, comments)
    if not math.isclose(mine, theirs["mi"], rel_tol=0, abs_tol=1e-6):
        tally.mismatches.append(f"{path}: mi radon {theirs['mi']} archfit {mine}")


def total_complexity_of(tree: ast.Module) -> int:
    """archfit's count of radon's ``total_complexity`` (the MI input) for a tree."""
    module = Scope.module(tree)
    for node, scope, counted in walk(module, DECISIONS):
        if counted:
            add_decisions(node, scope)
    return total_complexity(module)


def radon_hidden_lines(tree: ast.AST) -> set[int]:
    """``def`` lines radon never reports: inside a class that sits inside a function."""
    hidden: set[int] = set()
    stack: list[tuple[ast.AST, bool, bool]] = [(tree, False, False)]
    while stack:
        node, in_function, is_hidden = stack.pop()
        if isinstance(node, FUNCTIONS) and is_hidden:
            hidden.add(node.lineno)
        in_function = in_function or isinstance(node, FUNCTIONS)
        is_hidden = is_hidden or (in_function and isinstance(node, ast.ClassDef))
        stack.extend((child, in_function, is_hidden) for child in ast.iter_child_nodes(node))
    return hidden


def compare_complexipy(path: Path, text: str, metrics: ModuleMetrics, tally: Tally) -> None:
    """complexipy's value for each function it reports equals archfit's.

    complexipy names ``Class::method`` and starts a function at its first decorator; archfit
    names ``Class.method`` and starts it at ``def``.
    """
    from complexipy import code_complexity  # the oracle, never used by archfit itself

    tally.files += 1
    report = code_complexity(text, no_ignore=True, with_plans=False)
    starts = decorated_starts(run_deep(lambda: any_tree(text)))  # deep files too
    ours = {(starts[f.line], f.qualname.replace(".", "::")): f for f in metrics.functions}
    for function in report.functions:
        tally.functions += 1
        mine = ours.get((function.line_start, function.name))
        if mine is None or mine.cognitive != function.complexity:
            found = None if mine is None else mine.cognitive
            tally.mismatches.append(
                f"{path}:{function.line_start} {function.name}: "
                f"complexipy {function.complexity}, archfit {found}"
            )


def any_tree(text: str) -> ast.Module:
    """The ``ast`` tree of ``text``, lowered first when its syntax is newer (same lines)."""
    try:
        return ast.parse(text)
    except SyntaxError:
        tree = lower(parse_cst(text) or cst.Module([]))
        assert tree is not None
        return tree


def decorated_starts(tree: ast.AST) -> dict[int, int]:
    """``def`` line -> the line its first decorator starts on (or the ``def`` line)."""
    return {
        node.lineno: min([d.lineno for d in node.decorator_list] + [node.lineno])
        for node in ast.walk(tree)
        if isinstance(node, FUNCTIONS)
    }


def python_files(root: Path) -> list[Path]:
    """Every ``*.py`` below ``root``, sorted."""
    return sorted(p for p in root.rglob("*.py") if p.is_file())


def summary(name: str, tallies: Iterable[tuple[str, Tally]]) -> str:
    """One line per tally, for the assertion message and the report."""
    return f"{name}: " + "; ".join(f"{kind}: {tally}" for kind, tally in tallies)
