"""Third-party imports of the target matched to the distributions it declares.

Shared by ``undeclared-dependency`` and ``unused-dependency``. An import name maps to a
distribution through, in order: the rule's ``mapping`` parameter, ``*.dist-info`` metadata the
target holds, archfit's shipped table (``fitness.checks.distributions``), else its own name
normalised (``typing_extensions`` -> ``typing-extensions``). The environment archfit runs in is
never consulted, so every machine gets the same answer.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from analyzer.facts import ImportKind
from analyzer.manifest import Manifest, Requirement, normalize, read_manifest
from analyzer.project import Facts
from fitness.checks.base import Param
from fitness.checks.distributions import IMPORT_TO_DISTRIBUTION, INSTALLS, NO_IMPORT
from fitness.checks.files import is_test

# The standard library of every Python archfit supports (3.11 to 3.14), whichever one runs it:
# modules added or removed since 3.11, and ``_typeshed`` (stubs only, under TYPE_CHECKING).
_STDLIB_CHANGES = frozenset(
    {"__future__", "_typeshed", "annotationlib", "compression", "_interpreters", "_pyrepl"}
    | {"asynchat", "asyncore", "distutils", "imp", "smtpd", "aifc", "audioop", "cgi", "cgitb"}
    | {"chunk", "crypt", "imghdr", "mailcap", "msilib", "nis", "nntplib", "ossaudiodev", "pipes"}
    | {"sndhdr", "spwd", "sunau", "telnetlib", "uu", "xdrlib", "lib2to3", "tomllib"}
)
_STDLIB = frozenset(sys.stdlib_module_names) | _STDLIB_CHANGES
_DEV_FOLDERS = frozenset({"tests", "test", "docs", "examples", "benchmarks", "scripts", "tools"})
DEV_EXTRAS = ("dev", "test", "tests", "testing", "lint", "docs", "doc", "typing", "develop")

SHARED_PARAMS: Mapping[str, Param] = {
    "mapping": Param(dict, {}, "import name = distribution, for names archfit cannot map"),
    "dev_extras": Param(list, list(DEV_EXTRAS), "extras that hold dev-only dependencies"),
    "ignore": Param(list, [], "distributions (or import names) never reported"),
    "include_type_checking": Param(bool, False, "judge imports under TYPE_CHECKING too"),
    "include_lazy": Param(
        bool, False, "judge imports inside functions and import_module('x') (optional) too"
    ),
}


@dataclass(frozen=True, order=True)
class Use:
    """One third-party import: who imports what, where, and which distribution it needs."""

    distribution: str
    importer: str
    name: str  # the top-level import name
    path: str
    line: int
    dev_code: bool  # a test, docs, example or script imports it
    optional: bool = False  # inside a function, or import_module("x")
    type_only: bool = False


@dataclass(frozen=True)
class Usage:
    """The target's third-party imports and its declarations."""

    manifest: Manifest
    uses: tuple[Use, ...]

    def declared(self) -> dict[str, list[Requirement]]:
        """Requirements by distribution."""
        found: dict[str, list[Requirement]] = {}
        for requirement in self.manifest.requirements:
            found.setdefault(requirement.name, []).append(requirement)
        return found


def is_dev_only(requirements: Sequence[Requirement], dev_extras: Sequence[str]) -> bool:
    """Declared only in dependency groups or dev extras: not installed with the library."""
    return all(r.kind == "group" or r.group in dev_extras for r in requirements)


# ARC004 and ARC005 both need the usage of one run: computed once per (facts, mapping).
_last_usage: list[tuple[Facts, str, Usage]] = []


def usage(facts: Facts, params: Mapping[str, Any]) -> Usage:
    """Every third-party import of the analysed modules, mapped to a distribution."""
    key = repr(sorted(dict(params.get("mapping") or {}).items()))
    for seen, seen_key, found in _last_usage:
        if seen is facts and seen_key == key:
            return found
    found = _usage(facts, params)
    _last_usage[:] = [(facts, key, found)]
    return found


def _usage(facts: Facts, params: Mapping[str, Any]) -> Usage:
    manifest = read_manifest(facts.layout.root)
    names = _name_table(manifest, params)
    paths = {f.module: f.path for f in facts.layout.files if f.module}
    dotted = _dotted_imports(facts)
    uses = set()
    for edge in facts.edges:
        top = edge.imported.partition(".")[0]
        if not edge.external or top in _STDLIB or edge.importer not in paths:
            continue
        path = paths[edge.importer]
        dist = _distribution(dotted.get((edge.importer, edge.line, top), edge.imported), names)
        lazy = edge.kind in (ImportKind.LAZY, ImportKind.DYNAMIC)
        typed = edge.kind is ImportKind.TYPE_ONLY
        uses.add(Use(dist, edge.importer, top, path, edge.line, _dev_code(path), lazy, typed))
    return Usage(manifest, tuple(sorted(uses)))


def _dotted_imports(facts: Facts) -> dict[tuple[str, int, str], str]:
    """(importer, line, top-level name) -> the full dotted name imported there
    (external packages are squashed to their top level in the graph; ``google.protobuf`` is
    not ``google.cloud.storage``)."""
    found: dict[tuple[str, int, str], str] = {}
    for parsed in facts.parsed:
        module = parsed.source.module
        for raw in parsed.imports if module else ():
            full = f"{raw.module}.{raw.name}" if raw.name else raw.module
            key = (module or "", raw.line, raw.module.partition(".")[0])
            found[key] = max(found.get(key, ""), full, key=len)
    return found


def _name_table(manifest: Manifest, params: Mapping[str, Any]) -> dict[str, str]:
    table = dict(IMPORT_TO_DISTRIBUTION)
    table.update(manifest.import_names)
    table.update({str(k): str(v) for k, v in dict(params.get("mapping") or {}).items()})
    return {name: normalize(dist) for name, dist in table.items()}


def _distribution(module: str, names: Mapping[str, str]) -> str:
    parts = module.split(".")
    for size in range(len(parts), 0, -1):
        found = names.get(".".join(parts[:size]))
        if found:
            return found
    return normalize(parts[0])


def _dev_code(path: str) -> bool:
    return is_test(path) or path.split("/", 1)[0] in _DEV_FOLDERS


def installed_through(dist: str, declared: Sequence[str], manifest: Manifest) -> list[str]:
    """The declared distributions that install ``dist`` (lock file, else the shipped table)."""
    relations = {(a, b) for a, b in manifest.installs}
    relations |= {(parent, child) for parent, children in INSTALLS.items() for child in children}
    return sorted(parent for parent, child in relations if child == dist and parent in declared)


def ignored(params: Mapping[str, Any]) -> set[str]:
    """Normalised names the rule must not report."""
    return {normalize(str(n)) for n in params.get("ignore") or []}


def judged(use: Use, params: Mapping[str, Any]) -> bool:
    """Whether ``undeclared-dependency`` judges this import (type-only and lazy ones: if asked)."""
    if use.type_only:
        return bool(params.get("include_type_checking", False))
    return not use.optional or bool(params.get("include_lazy", False))


def never_imported(name: str) -> bool:
    """Distributions nobody imports by design: type stubs and data packages."""
    return name.startswith("types-") or name.endswith("-stubs") or name in NO_IMPORT
