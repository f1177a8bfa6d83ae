"""One file in, one ParsedFile out; every failure becomes a Problem, never an exception."""

from __future__ import annotations

import ast
import os
import sys
import threading

from analyzer.decoding import decode_source
from analyzer.facts import ParsedFile, Problem, ProblemKind, SourceFile
from analyzer.parsing.imports import ImportCollector, ModuleContext

# A valid file can be too deep for the default recursion limit (sympy has 10k-term
# expressions); it is parsed again on a thread with a big stack and a raised limit.
_DEEP_STACK_BYTES = 512 * 1024 * 1024
_DEEP_RECURSION_LIMIT = 200_000
_deep_lock = threading.Lock()


def parse_file(root: str, source: SourceFile) -> ParsedFile:
    """Read, decode and parse one file of the target; never raises for bad input."""
    try:
        with open(os.path.join(root, source.path), "rb") as handle:
            data = handle.read()
    except (OSError, ValueError) as exc:
        problem = Problem(source.path, ProblemKind.UNREADABLE, _os_message(exc))
        return ParsedFile(source, problems=(problem,))
    return parse_bytes(source, data)


def parse_bytes(source: SourceFile, data: bytes) -> ParsedFile:
    """Decode and parse the bytes of ``source``."""
    text = decode_source(source.path, data)
    if isinstance(text, Problem):
        return ParsedFile(source, problems=(text,))
    return parse_text(source, text)


def parse_text(source: SourceFile, text: str) -> ParsedFile:
    """Parse decoded text and collect its imports."""
    tree = _parse_tree(source.path, text)
    if isinstance(tree, Problem):
        return ParsedFile(source, problems=(tree,), lines=text.count("\n"))
    lines = text.split("\n")
    if source.module is None:
        return ParsedFile(source, lines=len(lines))
    context = ModuleContext(source.path, source.module, source.is_package)
    collector = ImportCollector(context, lines, [], [])
    dynamic = "import_module" in text or "__import__" in text
    collector.collect(tree, scan_expressions=dynamic)
    return ParsedFile(
        source,
        imports=tuple(collector.imports),
        blind_spots=tuple(collector.blind_spots),
        lines=len(lines),
    )


def _parse_tree(path: str, text: str) -> ast.Module | Problem:
    try:
        return ast.parse(text, filename=path)
    except SyntaxError as exc:
        return _syntax_problem(path, exc)
    except ValueError as exc:  # null bytes on some 3.11 patch releases
        return Problem(path, ProblemKind.PARSE_ERROR, str(exc))
    except (RecursionError, MemoryError):
        return _parse_deep(path, text)


def _parse_deep(path: str, text: str) -> ast.Module | Problem:
    """Parse on a thread with a large stack, where a raised recursion limit is safe."""
    outcome: list[ast.Module | Problem] = []

    def work() -> None:
        try:
            outcome.append(ast.parse(text, filename=path))
        except SyntaxError as exc:
            outcome.append(_syntax_problem(path, exc))
        except (RecursionError, MemoryError, ValueError) as exc:
            message = f"too deeply nested to parse: {type(exc).__name__}"
            outcome.append(Problem(path, ProblemKind.PARSE_ERROR, message))

    with _deep_lock:  # stack size and recursion limit are process-wide settings
        old_limit, old_stack = sys.getrecursionlimit(), threading.stack_size()
        sys.setrecursionlimit(_DEEP_RECURSION_LIMIT)
        threading.stack_size(_DEEP_STACK_BYTES)
        try:
            thread = threading.Thread(target=work, name="archfit-deep-parse")
            thread.start()
            thread.join()
        finally:
            threading.stack_size(old_stack)
            sys.setrecursionlimit(old_limit)
    return outcome[0]


def _syntax_problem(path: str, exc: SyntaxError) -> Problem:
    line = exc.lineno or 1
    column = exc.offset or 1
    return Problem(path, ProblemKind.PARSE_ERROR, exc.msg or str(exc), line, column)


def _os_message(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc)
