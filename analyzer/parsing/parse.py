"""One file in, one ParsedFile out; every failure becomes a Problem, never an exception."""

from __future__ import annotations

import ast
import dataclasses
import os
import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from analyzer.bounded import MAX_SOURCE_BYTES, RefusedFile, read_bounded_stat
from analyzer.decoding import decode_source
from analyzer.facts import (
    BlindSpot,
    BlindSpotKind,
    ModuleMetrics,
    ParsedFile,
    Problem,
    ProblemKind,
    SourceFile,
)
from analyzer.framework_strings import StringScan, names_framework, scan_text
from analyzer.metrics.measure import Measurer, measure_module
from analyzer.metrics.raw import raw_counts
from analyzer.outline import outline
from analyzer.parsing.dynamic import may_hold
from analyzer.parsing.imports import ImportCollector, ModuleContext, SourceRows
from analyzer.parsing.limits import check_fallback, too_many_tokens
from analyzer.repository import repository_boundary
from analyzer.structure import extract_structure

if TYPE_CHECKING:
    import libcst as cst

T = TypeVar("T")

# A valid file can be too deep for the default recursion limit (sympy has 10k-term
# expressions); it is parsed again on a thread with a big stack and a raised limit.
_DEEP_STACK_BYTES = 512 * 1024 * 1024
_DEEP_RECURSION_LIMIT = 200_000
_deep_lock = threading.Lock()


def parse_file(root: str, source: SourceFile) -> ParsedFile:
    """Read, decode and parse one file of the target; never raises for bad input."""
    try:
        data, _ = read_source(os.path.join(root, source.path), root)
    except (OSError, ValueError) as exc:
        if isinstance(exc, RefusedFile) and exc.outside:  # #13: not followed, a blind spot
            detail = f"{source.path}: {exc.strerror}"
            spot = BlindSpot(BlindSpotKind.OUTSIDE_REPOSITORY, source.path, 1, detail)
            return ParsedFile(source, blind_spots=(spot,))
        return ParsedFile(source, problems=(read_problem(source.path, exc),))
    return parse_bytes(source, data)


def read_source(path: str, root: str) -> tuple[bytes, os.stat_result]:
    """The bytes and stat of ``path`` in the target at ``root``: a regular file inside the
    repository, under the size limit (a FIFO, a device or a symlink out of the tree named
    ``*.py`` is refused, never read)."""
    return read_bounded_stat(path, MAX_SOURCE_BYTES, repository_boundary(root))


def read_problem(path: str, exc: BaseException) -> Problem:
    """A file that could not be read: INP001 when it is over a limit (it could be valid, but
    archfit will not parse it), INP003 otherwise."""
    if isinstance(exc, RefusedFile) and exc.too_large:
        return Problem(path, ProblemKind.PARSE_ERROR, _os_message(exc))
    return Problem(path, ProblemKind.UNREADABLE, _os_message(exc))


def parse_bytes(source: SourceFile, data: bytes) -> ParsedFile:
    """Decode and parse the bytes of ``source``."""
    text = decode_source(source.path, data)
    if isinstance(text, Problem):
        return ParsedFile(source, problems=(text,))
    parsed = parse_text(source, text)
    if parsed.strings is None or _utf8_text(data) == text:
        return parsed
    return dataclasses.replace(parsed, strings=_utf8_scan(source.path, data))


def _utf8_text(data: bytes) -> str | None:
    """The bytes read as UTF-8 (a BOM allowed) with universal newlines; None if not UTF-8."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _utf8_scan(path: str, data: bytes) -> StringScan:
    """A file declaring another encoding (PEP 263) has its strings read as UTF-8, as they
    always were (``framework_strings.python_references``): nothing when it is not UTF-8."""
    try:
        return scan_text(path, data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return StringScan()


def parse_text(source: SourceFile, text: str) -> ParsedFile:
    """Parse decoded text, measure it, and collect its imports (libcst for syntax newer than
    ``ast``'s); scan a file that names a framework string reference for them."""
    parsed = _parse_text(source, text)
    if parsed.parser != "libcst" or parsed.problems or not names_framework(text):
        return parsed  # an ``ast`` parse scanned its tree already
    # Syntax newer than ``ast``'s (read by libcst): ``ast`` cannot give the strings.
    return dataclasses.replace(parsed, strings=StringScan())


def _parse_text(source: SourceFile, text: str) -> ParsedFile:
    crowded = too_many_tokens(text)
    if crowded is not None:  # before ast: its tree and the metrics grow with the tokens
        problem = Problem(source.path, ProblemKind.PARSE_ERROR, crowded.message, crowded.line)
        return ParsedFile(source, problems=(problem,), lines=_line_count(text))
    tree = _parse_tree(source.path, text)
    if isinstance(tree, Problem):
        if tree.newer_syntax_possible:
            tree = refused_fallback(tree, text) or tree
        newer = _parse_newer_syntax(source, text) if tree.newer_syntax_possible else None
        return newer or ParsedFile(source, problems=(tree,), lines=_line_count(text))
    measurer = Measurer(tree)
    shape = outline(tree, text, measurer)  # one walk for both (ADR-0007)
    metrics = _measured(measurer, tree, text)
    structure = extract_structure(tree, source.module, source.is_package)
    strings = scan_text(source.path, text, tree) if names_framework(text) else None
    if source.module is None:
        return ParsedFile(
            source,
            lines=_line_count(text),
            metrics=metrics,
            outline=shape,
            structure=structure,
            strings=strings,
        )
    context = ModuleContext(source.path, source.module, source.is_package)
    collector = ImportCollector(context, SourceRows(text), [], [])
    collector.collect(tree, scan_expressions=may_hold(text), pruned=True)
    return ParsedFile(
        source,
        imports=tuple(collector.imports),
        blind_spots=tuple(collector.blind_spots),
        lines=_line_count(text),
        metrics=metrics,
        outline=shape,
        structure=structure,
        strings=strings,
    )


def measure(tree: ast.Module, text: str) -> ModuleMetrics:
    """The measures of a parsed file; never raises.

    The metric walks that recurse (cognitive complexity) raise RecursionError on very deep
    trees; such a file is measured again on the big-stack thread. If even that fails, only
    the raw counts (one tokenize pass, no recursion) are kept, marked incomplete: one odd file
    must not stop the analysis of the others (the tests assert every real file is complete).
    """
    try:
        return measure_module(tree, text)
    except (RecursionError, MemoryError):
        pass
    try:
        return run_deep(lambda: measure_module(tree, text))
    except Exception:  # nothing crashes on real code
        return ModuleMetrics(raw_counts(text), complete=False)


def _measured(measurer: Measurer, tree: ast.Module, text: str) -> ModuleMetrics:
    """``measure``, from the walk the outline shared: when its recursive parts fail, the
    tree is measured again from the start as ``measure`` measures it after a failure."""
    try:
        return measurer.metrics(text)
    except (RecursionError, MemoryError):
        pass
    try:
        return run_deep(lambda: measure_module(tree, text))
    except Exception:  # nothing crashes on real code
        return ModuleMetrics(raw_counts(text), complete=False)


def _parse_newer_syntax(source: SourceFile, text: str) -> ParsedFile | None:
    """Valid Python the running ``ast`` rejects (``type X = int`` on 3.11): read it with libcst.

    libcst's native parser and its metadata visitors recurse deeply; on the default stack a
    deep file could crash the process, so both run on the big-stack thread.
    """
    # libcst takes 0.3 s to import; only files ast rejects ever need it.
    from analyzer.parsing.cst import collect_cst_imports, parse_cst

    module = run_deep(lambda: parse_cst(text))
    if module is None:
        return None
    metrics = _measure_newer(module, text)
    if source.module is None:
        return ParsedFile(source, lines=_line_count(text), parser="libcst", metrics=metrics)
    context = ModuleContext(source.path, source.module, source.is_package)
    imports, blind = run_deep(lambda: collect_cst_imports(module, context, text.split("\n")))
    return ParsedFile(
        source,
        imports=tuple(imports),
        blind_spots=tuple(blind),
        lines=_line_count(text),
        parser="libcst",
        metrics=metrics,
    )


def refused_fallback(problem: Problem, text: str) -> Problem | None:
    """The INP001 problem of a file the fallback parser may not read: over a limit of its
    cost, or breaking a rule of CPython's grammar that libcst does not enforce."""
    refusal = check_fallback(text)
    if refusal is None:
        return None
    message = f"{refusal.message}; Python says: {problem.message}"
    return Problem(problem.path, ProblemKind.PARSE_ERROR, message, refusal.line)


def _measure_newer(module: cst.Module, text: str) -> ModuleMetrics:
    """Measured through the same metric code, on the tree of the file lowered to this
    interpreter's syntax (ADR-0007); the raw counts alone if it cannot be lowered."""
    from analyzer.parsing.lower import lower

    tree = run_deep(lambda: lower(module))
    if tree is None:
        return ModuleMetrics(raw_counts(text), complete=False)
    return measure(tree, text)


def _line_count(text: str) -> int:
    """Lines as an editor counts them: a final newline does not start another line."""
    return text.count("\n") + (1 if text and not text.endswith("\n") else 0)


def _parse_tree(path: str, text: str) -> ast.Module | Problem:
    if "\0" in text:  # 3.11 raises ValueError, 3.12+ SyntaxError: report it the same way
        return _null_byte_problem(path, text)
    try:
        return ast.parse(text, filename=path)
    except SyntaxError as exc:
        return _syntax_problem(path, exc)
    except (RecursionError, MemoryError):
        return _parse_deep(path, text)


def _null_byte_problem(path: str, text: str) -> Problem:
    """Where the first null byte sits: Python refuses any source that holds one."""
    offset = text.index("\0")
    line_start = text.rfind("\n", 0, offset) + 1
    line = text.count("\n", 0, offset) + 1
    message = "source code cannot contain null bytes"
    return Problem(path, ProblemKind.PARSE_ERROR, message, line, offset - line_start + 1)


def _parse_deep(path: str, text: str) -> ast.Module | Problem:
    """Parse on a thread with a large stack, where a raised recursion limit is safe."""

    def work() -> ast.Module | Problem:
        try:
            return ast.parse(text, filename=path)
        except SyntaxError as exc:
            return _syntax_problem(path, exc)
        except (RecursionError, MemoryError, ValueError) as exc:
            message = f"too deeply nested to parse: {type(exc).__name__}"
            return Problem(path, ProblemKind.PARSE_ERROR, message)

    return run_deep(work)


def run_deep(work: Callable[[], T]) -> T:
    """Run ``work`` on a thread with a 512 MiB stack and a raised recursion limit."""
    outcome: list[T] = []
    failure: list[BaseException] = []

    def target() -> None:
        try:
            outcome.append(work())
        except BaseException as exc:  # re-raised on the calling thread
            failure.append(exc)

    with _deep_lock:  # stack size and recursion limit are process-wide settings
        old_limit, old_stack = sys.getrecursionlimit(), threading.stack_size()
        sys.setrecursionlimit(_DEEP_RECURSION_LIMIT)
        threading.stack_size(_DEEP_STACK_BYTES)
        try:
            thread = threading.Thread(target=target, name="archfit-deep-parse")
            thread.start()
            thread.join()
        finally:
            threading.stack_size(old_stack)
            sys.setrecursionlimit(old_limit)
    if failure:
        raise failure[0]
    return outcome[0]


def _syntax_problem(path: str, exc: SyntaxError) -> Problem:
    line = exc.lineno or 1
    column = exc.offset or 1
    message = exc.msg or str(exc)
    return Problem(path, ProblemKind.PARSE_ERROR, message, line, column, newer_syntax_possible=True)


def _os_message(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc)
