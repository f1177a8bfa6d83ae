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

from analyzer.facts import Facts, SourceFile
from fitness.checks.base import Hit, Param
from fitness.checks.testable_in_isolation import closure
from fitness.checks.view_values import EntryView, Viewed, viewed_of


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
        return self.run_views(viewed_of(facts, self.inputs(params)), params)

    def run_views(self, viewed: Viewed, params: Mapping[str, Any]) -> list[Hit]:
        """``run`` on the ``entry`` view of every file and the internal edges."""
        entries: tuple[EntryView | None, ...] = viewed.column("entry")
        files = list(zip(viewed.sources, entries, strict=True))
        logs = {source.module for source, entry in files if entry is not None and entry.logs}
        graph: dict[str, set[str]] = defaultdict(set)
        for edge in viewed.edges:
            if not edge.external:
                graph[edge.importer].add(edge.imported)
        follow = params["follow_imports"]
        hits = []
        for source, entry in files:
            if entry is None or not entry.entry or entry.logs:
                continue
            reached = _reached(source, entry, graph, viewed.layout.modules) if follow else set()
            if not reached & logs:
                hits.append(_hit(source, entry))
        return hits


def _reached(
    source: SourceFile, entry: EntryView, graph: Mapping[str, set[str]], modules: Mapping[str, Any]
) -> set[str]:
    starts = {source.module} if source.module else set()
    starts |= {name for name in entry.imports if name in modules}
    reached: set[str] = set()
    for start in starts:
        reached |= closure(graph, start)
    return reached


def _hit(source: SourceFile, entry: EntryView) -> Hit:
    subject = source.module or source.path
    message = f"entry point {subject} never logs, nor does anything of the target it imports"
    return Hit(subject, message, source.path, entry.guard or 1)
