"""``entry-point-without-logging``: a program that never logs.

What it does:
    Finds the target's entry points (``__main__.py`` files and modules or scripts with an
    ``if __name__ == "__main__":`` guard; tests aside) and reports those where neither the
    file nor any of the target's modules it imports (transitively, with ``follow_imports``)
    sets up or calls logging (``logging.getLogger``, ``basicConfig``, ``dictConfig``,
    ``logger.info(...)``, ...).

Why is this bad?
    Observability comes first: a program that never logs cannot be watched or debugged in
    production; its only trace is whatever it prints.

Example:
    ``tools/rebuild.py`` with ``if __name__ == "__main__": main()`` and ``print`` calls only.

Use instead:
    ``logging.basicConfig(level=logging.INFO)`` in the entry point and a module logger in the
    code it runs.

Options:
    ``follow_imports`` (bool, default true): logging in an imported module of the target counts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from analyzer.facts import Facts, ParsedFile
from fitness.checks.base import Hit, Param
from fitness.checks.testable_in_isolation import closure


class EntryPointWithoutLoggingCheck:
    """Flags entry points whose program never logs."""

    id = "entry-point-without-logging"
    params_schema: Mapping[str, Param] = {
        "follow_imports": Param(bool, True, "logging in an imported module of the target counts"),
    }

    def inputs(self, params: Mapping[str, Any]) -> tuple[str, ...]:
        """The views of each file's facts its hits follow from (``fitness.engine.parts``):
        what of its outlines it reads (``entry_view``) and which modules each imports of the
        project's own (``internal_pairs``: the lines and members of those imports aside)."""
        return ("entry", "internal_pairs")

    def run(self, facts: Facts, params: Mapping[str, Any]) -> list[Hit]:
        """One hit per silent entry point, on its ``__main__`` guard."""
        logs = {p.source.module for p in facts.parsed if p.outline and p.outline.logging_line}
        graph: dict[str, set[str]] = defaultdict(set)
        for edge in facts.edges:
            if not edge.external:
                graph[edge.importer].add(edge.imported)
        follow = params["follow_imports"]
        hits = []
        for parsed in facts.parsed:
            shape = parsed.outline
            if shape is None or not is_entry_point(parsed) or shape.logging_line:
                continue
            reached = _reached(parsed, graph, facts.layout.modules) if follow else set()
            if not reached & logs:
                hits.append(_hit(parsed))
        return hits


def entry_view(parsed: ParsedFile) -> object:
    """What this check reads of a file's outline (the ``entry`` view): whether it logs, and
    for an entry point, its ``__main__`` guard and the modules it imports by name; an import
    added to a module that is no entry point leaves it as it was."""
    outline = parsed.outline
    if outline is None:
        return None
    if not is_entry_point(parsed):
        return bool(outline.logging_line)
    return (bool(outline.logging_line), outline.main_guard_line, outline.imports)


def is_entry_point(parsed: ParsedFile) -> bool:
    """``__main__.py`` or a ``__main__`` guard (in any role: the engine keeps the roles the
    rule judges)."""
    path = parsed.source.path
    if parsed.outline is None:
        return False
    return path.endswith("__main__.py") or bool(parsed.outline.main_guard_line)


def _reached(
    parsed: ParsedFile, graph: Mapping[str, set[str]], modules: Mapping[str, Any]
) -> set[str]:
    starts = {parsed.source.module} if parsed.source.module else set()
    outline = parsed.outline
    starts |= {name for name in (outline.imports if outline else ()) if name in modules}
    reached: set[str] = set()
    for start in starts:
        reached |= closure(graph, start)
    return reached


def _hit(parsed: ParsedFile) -> Hit:
    subject = parsed.source.module or parsed.source.path
    line = parsed.outline.main_guard_line if parsed.outline else 1
    message = f"entry point {subject} never logs, nor does anything of the target it imports"
    return Hit(subject, message, parsed.source.path, line or 1)
