"""The oracle's worker: radon's numbers for each file, in a process of its own.

Run as a script (``python radon_worker.py TIMEOUT < paths.json``), with any interpreter that
has radon (3.12+ for files with newer syntax). Each metric of each file gets TIMEOUT seconds
(radon's raw analysis is quadratic: half a minute on one sympy file) and radon's failures
(RecursionError on deep expressions, SyntaxError) are recorded, not raised. One JSON object
per file on stdout.
"""

from __future__ import annotations

import ast
import json
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(REPO))  # archfit's decoder, so that radon reads the same text

from radon.metrics import h_visit_ast, mi_parameters, mi_visit  # noqa: E402
from radon.raw import analyze  # noqa: E402
from radon.visitors import ComplexityVisitor, Function  # noqa: E402

from analyzer.decoding import decode_source  # noqa: E402


class Timeout(Exception):
    """A metric ran out of its time."""


def _alarm(signum: int, frame: Any) -> None:
    raise Timeout


def timed(seconds: float, work: Callable[[], Any]) -> tuple[Any, str | None]:
    """``work()``'s value and None, or None and why it failed."""
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return work(), None
    except Timeout:
        return None, "timeout"
    except Exception as exc:  # radon's own failures are data here
        return None, type(exc).__name__
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def flatten(blocks: list[Any], found: list[list[int]]) -> list[list[int]]:
    """Every function radon knows, closures and methods of nested classes included."""
    for block in blocks:
        if isinstance(block, Function):
            found.append([block.lineno, block.complexity])
            flatten(block.closures, found)
        else:
            flatten(block.methods, found)
            flatten(block.inner_classes, found)
    return found


def blocks(tree: ast.Module) -> list[list[int]]:
    """(line, complexity) of every function radon's cc_visit finds, closures included."""
    visitor = ComplexityVisitor.from_ast(tree)
    return flatten(visitor.functions + visitor.classes, [])


def halstead(tree: ast.Module) -> dict[str, Any]:
    """radon ``hal``'s twelve numbers: the module's total, and (name, numbers) per function
    radon reports (module-level functions and methods, in the order it visits them)."""
    report = h_visit_ast(tree)
    functions = [[name, list(numbers)] for name, numbers in report.functions]
    return {"total": list(report.total), "functions": functions}


def measure(path: str, seconds: float) -> dict[str, Any]:
    """radon's cyclomatic, Halstead, raw and MI numbers for one file (raw counts need no
    tree: they are taken even where this interpreter's ``ast`` rejects the file)."""
    text = decode_source(path, Path(path).read_bytes())
    if not isinstance(text, str):
        return {"path": path, "errors": {"decode": text.message}}
    result: dict[str, Any] = {"path": path, "errors": {}}
    tree, error = timed(seconds, lambda: ast.parse(text))
    works: dict[str, Callable[[], Any]] = {"raw": lambda: list(analyze(text))}
    if tree is None:
        result["errors"]["parse"] = error
    else:
        works["functions"] = lambda: blocks(tree)
        works["volume"] = lambda: h_visit_ast(tree).total.volume
        works["hal"] = lambda: halstead(tree)
        works["mi"] = lambda: mi_visit(text, True)  # runs the raw analysis again
        works["mi_inputs"] = lambda: list(mi_parameters(text, True))  # and again
    for name, work in works.items():
        if name.startswith("mi") and result["raw"] is None:
            continue  # the raw analysis already failed or ran out of time
        result[name], error = timed(seconds, work)
        if error:
            result["errors"][name] = error
    return result


def main() -> None:
    """Measure every path given on stdin (a JSON list)."""
    signal.signal(signal.SIGALRM, _alarm)
    seconds = float(sys.argv[1])
    for path in json.load(sys.stdin):
        print(json.dumps(measure(path, seconds)), flush=True)


if __name__ == "__main__":
    main()
