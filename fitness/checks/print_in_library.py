"""``print-in-library``: ``print()`` in library code.

What it does:
    Reports every call of the built-in ``print`` in the target's library modules. Tests and
    scripts may print: files outside any package, ``__main__.py``, modules with a
    ``if __name__ == "__main__":`` guard, and files under ``scripts/``, ``bin/``, ``examples/``,
    ``docs/``, ``tools/`` or ``benchmarks/``. A module that binds its own ``print`` is skipped.

Why is this bad?
    Observability comes first: ``print`` output has no level, no logger name, no context and
    no structure, cannot be routed or silenced, and mixes with the program's real output.

Example:
    ``print(f"retrying {url}")`` inside ``shop/http.py``.

Use instead:
    ``logger = logging.getLogger(__name__)`` then ``logger.info("retrying %s", url)``; return
    text for the caller to print when output is the point.

Options:
    none.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from analyzer.facts import Facts, ParsedFile
from fitness.checks.base import Hit, Param
from fitness.checks.files import is_script, outlined_modules


class PrintInLibraryCheck:
    """Flags print() calls outside tests and scripts."""

    id = "print-in-library"
    scope = "file"  # its hits in a file come from that file's facts alone
    params_schema: Mapping[str, Param] = {}

    def run(self, facts: Facts, params: Mapping[str, Any]) -> list[Hit]:
        """One hit per print call, its subject the enclosing function (or the module)."""
        hits = []
        for module, parsed, shape in outlined_modules(facts):
            if is_script(parsed):
                continue
            for line in shape.print_lines:
                subject = enclosing(module, parsed, line)
                message = f"print() in library code ({subject}): use logging"
                hits.append(Hit(subject, message, parsed.source.path, line))
        return hits


def enclosing(module: str, parsed: ParsedFile, line: int) -> str:
    """The module-qualified name of the innermost function holding ``line``, or the module."""
    functions = parsed.metrics.functions if parsed.metrics else ()
    around = [f for f in functions if f.line <= line <= (f.end_line or f.line)]
    if not around:
        return module
    return f"{module}.{max(around, key=lambda f: f.line).qualname}"
