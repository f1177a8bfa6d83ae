"""The report's interface table: each much-imported package's interface and who uses it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import field

from analyzer.facts import Facts, ImportKind
from archfit_values import mutable
from fitness.checks.files import is_test, outlined_modules
from fitness.checks.view_values import exposed_names
from fitness.results.report import InterfaceRow

MAX_ROWS = 10  # the packages with the most outside importers
MAX_MEMBERS = 5  # member paths shown per package


@mutable
class _Uses:
    """Member path below a package -> the outside modules that import it."""

    by_member: dict[str, set[str]] = field(default_factory=dict)
    importers: set[str] = field(default_factory=set)


def build_interfaces(facts: Facts) -> tuple[InterfaceRow, ...]:
    """The interfaces of the packages the most outside modules import, busiest first."""
    exposed: dict[str, tuple[list[str], str]] = {}
    for module, parsed, outline in outlined_modules(facts):
        if is_test(parsed.source.path):  # a test package is no interface
            continue
        if parsed.source.is_package:
            source = "__all__" if outline.exports is not None else "public names"
            exposed[module] = (exposed_names(parsed, outline), source)
    uses = _uses(facts, exposed)
    rows = [_row(p, *exposed[p], use) for p, use in uses.items() if use.importers]
    rows.sort(key=lambda r: (-r.importers, r.package))
    return tuple(rows[:MAX_ROWS])


def _uses(facts: Facts, packages: Mapping[str, object]) -> dict[str, _Uses]:
    paths = {f.module: f.path for f in facts.layout.files if f.module}
    found: dict[str, _Uses] = {}
    for edge in facts.edges:
        if edge.external or edge.kind is ImportKind.FRAMEWORK:
            continue
        if is_test(paths.get(edge.importer, "")):
            continue
        taken = edge.member or edge.imported
        for package in _ancestors(taken, packages):
            if edge.importer == package or edge.importer.startswith(package + "."):
                continue
            use = found.setdefault(package, _Uses())
            use.importers.add(edge.importer)
            member = taken[len(package) + 1 :]
            if member:
                use.by_member.setdefault(member, set()).add(edge.importer)
    return found


def _ancestors(name: str, packages: Mapping[str, object]) -> Iterable[str]:
    parts = name.split(".")
    for size in range(1, len(parts) + 1):
        if (prefix := ".".join(parts[:size])) in packages:
            yield prefix


def _row(package: str, names: list[str], source: str, use: _Uses) -> InterfaceRow:
    exposed = set(names)
    used = {m.partition(".")[0] for m in use.by_member} & exposed
    past = sum(len(who) for m, who in use.by_member.items() if m.partition(".")[0] not in exposed)
    busiest = sorted(use.by_member.items(), key=lambda item: (-len(item[1]), item[0]))
    return InterfaceRow(
        package=package,
        source=source,
        exposed=len(exposed),
        used=len(used),
        importers=len(use.importers),
        past=past,
        members=tuple((m, len(who)) for m, who in busiest[:MAX_MEMBERS]),
    )
