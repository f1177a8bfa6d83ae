"""The values of the views a whole-tree check may read instead of the facts (ADR-0020, round 9).

A view (``fitness/checks/views.py``) is what one check reads of a file's facts; its digest
keys the check's stored hits. A check that reads nothing of a file but views of this table,
its source and the resolved edges says so by running on a ``Viewed`` (``run_views``): the
engine then gives it each file's stored view values, decoded for an unchanged file and taken
from the parse for a changed one, without decoding any file's facts; a run without the cache
takes them from the facts (``viewed_of``). Both runs read the same values through the same
code, so a warm run equals a cold one by construction.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from typing import Any, Protocol

from analyzer.facts import Facts, ImportEdge, ImportKind, Layout, ParsedFile, SourceFile
from analyzer.framework_strings import StringReference
from analyzer.outline import ModuleOutline, SideEffect
from archfit_values import frozen
from fitness.checks.base import Hit
from fitness.checks.files import is_private, is_script, is_test


@frozen
class EntryView:
    """What ``entry-point-without-logging`` reads of a file with an outline: whether it
    logs, and for an entry point its ``__main__`` guard's line and the modules it imports."""

    logs: bool
    entry: bool = False
    guard: int = 0
    imports: tuple[str, ...] = ()


@frozen
class TestableView:
    """What ``testable-in-isolation`` reads of a file: what a test imports by name; whether
    the file has an outline, is a script, defines a function or class; and the calls it
    runs when imported on a name it does not define (the others never count)."""

    __test__ = False  # not a pytest class
    imported: tuple[str, ...] = ()
    outlined: bool = False
    script: bool = False
    code: bool = False
    effects: tuple[SideEffect, ...] = ()


@frozen
class InterfaceView:
    """What ``interface-width`` reads of a package: its exposed names and the line of its
    ``__all__`` (1 without one), where its hit is reported."""

    names: tuple[str, ...]
    line: int


@frozen
class Viewed:
    """What a check that reads views alone is given: the layout, the resolved edges, each
    file's source in the facts' order, and per view it reads, each file's value in that
    order (``columns``)."""

    layout: Layout
    edges: tuple[ImportEdge, ...]
    sources: tuple[SourceFile, ...]
    columns: Mapping[str, tuple[Any, ...]]

    def column(self, name: str) -> tuple[Any, ...]:
        """Each file's value of view ``name``, in the facts' order."""
        return self.columns[name]


class ViewCheck(Protocol):
    """A whole-tree check whose hits follow from a ``Viewed`` alone: its ``run`` is
    ``run_views`` over ``viewed_of`` the facts, so cold and warm runs share one path."""

    id: str

    def inputs(self, params: Mapping[str, Any]) -> tuple[str, ...]:
        """The views it reads (``fitness.engine.parts``)."""
        ...

    def run_views(self, viewed: Viewed, params: Mapping[str, Any]) -> list[Hit]:
        """Judge the views with these parameters."""
        ...


def reads_views(check: object) -> bool:
    """Whether a check reads views alone (a ``ViewCheck``): then the engine runs it on the
    files' stored view values, not on their facts."""
    return callable(getattr(check, "run_views", None))


def is_entry_point(parsed: ParsedFile) -> bool:
    """``__main__.py`` or a ``__main__`` guard (in any role: the engine keeps the roles the
    rule judges)."""
    path = parsed.source.path
    if parsed.outline is None:
        return False
    return path.endswith("__main__.py") or bool(parsed.outline.main_guard_line)


def entry_view(parsed: ParsedFile) -> EntryView | None:
    """The ``entry`` view: whether a file logs, and for an entry point its ``__main__``
    guard and the modules it imports by name; an import added to a module that is no entry
    point leaves it as it was. None for a file without an outline."""
    outline = parsed.outline
    if outline is None:
        return None
    logs = bool(outline.logging_line)
    if not is_entry_point(parsed):
        return EntryView(logs)
    return EntryView(logs, True, outline.main_guard_line, outline.imports)


def testable_view(parsed: ParsedFile) -> TestableView:
    """The ``testable`` view: what a test imports by name; whether a file is a script, has
    code, and its import-time calls on names it does not define. An import added to a
    module that is no test leaves it as it was."""
    imported = tuple(sorted(imported_by([parsed]))) if is_test(parsed.source.path) else ()
    outline = parsed.outline
    if outline is None:
        return TestableView(imported)
    own = {d.name for d in outline.definitions}
    code = any(d.kind != "variable" for d in outline.definitions)
    effects = tuple(e for e in outline.side_effects if not _own_call(e.call, own))
    return TestableView(imported, True, is_script(parsed), code, effects)


def imported_by(tests: Iterable[ParsedFile]) -> set[str]:
    """Every module (and ``module.name``) the files ``tests`` import."""
    names: set[str] = set()
    for parsed in tests:
        names.update(parsed.outline.imports if parsed.outline else ())
        names.update(i.module for i in parsed.imports)
        names.update(f"{i.module}.{i.name}" for i in parsed.imports if i.name)
    return names


def _own_call(call: str, own: Collection[str]) -> bool:
    """A call on one of the module's own top-level names, or a dunder: a module may set up
    its own objects."""
    root = call.removeprefix("with ").split(".")[0]
    return root in own or call.startswith("__")


def interface_view(parsed: ParsedFile) -> InterfaceView | None:
    """The ``interface`` view: a package's exposed names and the line of its ``__all__``;
    of any other module, nothing (its imports are read as edges)."""
    outline = parsed.outline
    if outline is None or parsed.source.module is None or not parsed.source.is_package:
        return None
    return InterfaceView(tuple(exposed_names(parsed, outline)), _all_line(outline))


def _all_line(outline: ModuleOutline) -> int:
    """The line of a package's ``__all__`` (1 without one): where its hit is reported."""
    return next((d.line for d in outline.definitions if d.name == "__all__"), 1)


def exposed_names(parsed: ParsedFile, outline: ModuleOutline) -> list[str]:
    """A package's interface: its literal ``__all__``, else the public names its ``__init__``
    defines or re-exports from its own submodules (a name imported from elsewhere is a
    dependency it uses, not part of its interface)."""
    if outline.exports is not None:
        return list(dict.fromkeys(outline.exports))
    names = [d.name for d in outline.definitions if not is_private(d.name)]
    package = parsed.source.module or ""
    for item in parsed.imports:
        if item.kind is not ImportKind.IMPORT or item.name in (None, "*"):
            continue
        if item.module.startswith(package + ".") or item.module == package:
            names.append(item.name)
    return list(dict.fromkeys(n for n in names if not n.startswith("_")))


def class_counts(parsed: ParsedFile) -> tuple[int, int] | None:
    """The ``classes`` view: a module's class and abstract class counts (abstractness); None
    for a file without metrics."""
    metrics = parsed.metrics
    return None if metrics is None else (metrics.classes, metrics.abstract_classes)


def references(parsed: ParsedFile) -> tuple[StringReference, ...]:
    """What the ``strings`` view holds that a check reads: the framework string references."""
    return parsed.strings.references if parsed.strings else ()


# The views whose values a ``ViewCheck`` may read: each one's value of a file and the type
# it decodes as (``analyzer.codec``). The engine stores every file's values of them all.
VALUED: Mapping[str, tuple[Callable[[ParsedFile], object], Any]] = {
    "entry": (entry_view, EntryView | None),
    "testable": (testable_view, TestableView),
    "interface": (interface_view, InterfaceView | None),
    "outlined": (lambda p: p.outline is not None, bool),
    "classes": (class_counts, tuple[int, int] | None),
    "strings": (references, tuple[StringReference, ...]),
}


def viewed_of(facts: Facts, names: Iterable[str]) -> Viewed:
    """The facts seen through views ``names`` (those of ``VALUED``; the others are edge
    views, read through ``Viewed.edges``): what a run without stored values gives."""
    columns = {
        name: tuple(VALUED[name][0](p) for p in facts.parsed) for name in names if name in VALUED
    }
    sources = tuple(p.source for p in facts.parsed)
    return Viewed(facts.layout, facts.edges, sources, columns)
