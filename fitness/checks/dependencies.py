"""Imports of the target matched to the distributions that declare them (ADR-0015).

Shared by the dependency rules (ARC004, ARC005, ARC007-ARC010). Every analysed file, in a
package or alone, belongs to its *distribution*: the nearest folder at or above it holding
packaging metadata (``analyzer.manifest``), else the project root. Each import is judged
against that distribution's declarations. An import name maps to a distribution through, in
order: the rule's ``mapping`` parameter, ``*.dist-info`` metadata the target holds, archfit's
shipped table (``fitness.checks.distributions``), else its own name normalised. An import of a
module analysed in another distribution (a workspace member) needs that member declared. The
environment archfit runs in is never consulted, so every machine gets the same answer.
"""

from __future__ import annotations

import functools
import operator
import os
import posixpath
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import fields, replace
from typing import Any

from analyzer.facts import BlindSpot, BlindSpotKind, Facts, ImportKind, ParsedFile, RawImport
from analyzer.framework_strings import distribution_references
from analyzer.manifest import (
    REQUIREMENTS_FILES,
    REQUIREMENTS_FILES_DEV,
    Manifest,
    ManifestOptions,
    Requirement,
    distribution_of,
    normalize,
    read_manifest,
)
from analyzer.roles import Role, role_of
from archfit_values import frozen
from fitness.checks.base import Hit, Narrowing, Param

# ``analyzer.script_imports`` and ``fitness.checks.distributions`` are imported in the
# functions that read them: only a run that computes a dependency rule does (an edit that
# keeps the rules' parts never loads them).

# The standard library of every Python archfit supports (3.11 to 3.14), whichever one runs it:
# modules added or removed since 3.11, and ``_typeshed`` (stubs only, under TYPE_CHECKING).
_STDLIB_CHANGES = frozenset(
    {"__future__", "_typeshed", "annotationlib", "compression", "_interpreters", "_pyrepl"}
    | {"asynchat", "asyncore", "distutils", "imp", "smtpd", "aifc", "audioop", "cgi", "cgitb"}
    | {"chunk", "crypt", "imghdr", "mailcap", "msilib", "nis", "nntplib", "ossaudiodev", "pipes"}
    | {"sndhdr", "spwd", "sunau", "telnetlib", "uu", "xdrlib", "lib2to3", "tomllib"}
)
STDLIB = frozenset(sys.stdlib_module_names) | _STDLIB_CHANGES
# Standard-library names as a declared distribution would be spelt (``argparse``).
_STDLIB_DISTRIBUTIONS = frozenset(normalize(m) for m in STDLIB if not m.startswith("_"))
# Folders of dev code beyond the role table (analyzer.roles): every role but library is dev code.
_DEV_FOLDERS = frozenset({"tools"})
DEV_EXTRAS = ("dev", "test", "tests", "testing", "lint", "docs", "doc", "typing", "develop")

SHARED_PARAMS: Mapping[str, Param] = {
    "mapping": Param(dict, {}, "import name = distribution, for names archfit cannot map"),
    "dev_extras": Param(list, list(DEV_EXTRAS), "extras that hold dev-only dependencies"),
    "ignore": Param(list, [], "distributions (or import names) never reported"),
    "include_type_checking": Param(bool, False, "judge imports under TYPE_CHECKING too"),
    "include_lazy": Param(
        bool, False, "judge imports inside functions and import_module('x') (optional) too"
    ),
    "requirements_files": Param(
        list,
        list(REQUIREMENTS_FILES),  # deptry's defaults, written once in the analyzer
        "runtime requirements files, read when the packaging metadata declares no dependencies",
    ),
    "requirements_files_dev": Param(
        list, list(REQUIREMENTS_FILES_DEV), "dev-only requirements files"
    ),
}


@frozen(order=True)
class Use:
    """One import of another distribution: who imports what, where, and which one it needs."""

    distribution: str
    importer: str  # a module, or the path of a file outside any package
    name: str  # the top-level import name
    path: str
    line: int
    dev_code: bool  # a test, docs, example or script imports it
    optional: bool = False  # inside a function, or import_module("x")
    type_only: bool = False
    home: str = ""  # the importer's distribution folder ("" for the project root)
    member: bool = False  # the imported module is analysed here, in another distribution
    via: str = ""  # named in a string (INSTALLED_APPS, [project.scripts], ...): ARC005 only


# Use's fields in their order: a key of them orders as Use's ``<`` does, at a fraction of
# the cost (sorting the monorepo's 224,000 imports called it 239,000 times).
_USE_ORDER = operator.attrgetter(*(f.name for f in fields(Use)))


@frozen
class Usage:
    """The target's imports of other distributions and every distribution's declarations."""

    manifests: tuple[Manifest, ...]
    uses: tuple[Use, ...]
    # Whether every module's imports under its own top-level name are first-party (its
    # distribution's, or one without a name): then none of them is a use (``foreign_imports``).
    own_first_party: bool = False

    def manifest(self, home: str) -> Manifest:
        """The declarations of the distribution at folder ``home``."""
        return next(m for m in self.manifests if m.folder == home)

    def declared(self, home: str) -> dict[str, list[Requirement]]:
        """The requirements of one distribution, by distribution name."""
        found: dict[str, list[Requirement]] = {}
        for requirement in self.manifest(home).requirements:
            found.setdefault(requirement.name, []).append(requirement)
        return found


def dev_extras(params: Mapping[str, Any]) -> list[str]:
    """The extras that hold dev-only dependencies; an empty list means none."""
    return [str(e) for e in params["dev_extras"]]


def is_dev_only(requirements: Sequence[Requirement], extras: Sequence[str]) -> bool:
    """Declared only in dependency groups or dev extras: not installed with the library."""
    return all(
        r.kind == "group" or (r.kind == "optional" and r.group in extras) for r in requirements
    )


def manifest_options(params: Mapping[str, Any]) -> ManifestOptions:
    """Which requirements files the rule reads; an empty list names none."""
    return ManifestOptions(
        tuple(map(str, params["requirements_files"])),
        tuple(map(str, params["requirements_files_dev"])),
    )


# The dependency rules all need the usage of one run: computed once per (facts, options).
_last_usage: list[tuple[Facts, str, Usage]] = []


def distribution_imports(parsed: ParsedFile) -> object:
    """What the usage reads of a module's imports (the ``distribution_imports`` view): those
    that may name another distribution, every one but the standard library's (``_use``
    drops those first); an import of the standard library added leaves it as it was."""
    return [raw for raw in parsed.imports if raw.module.partition(".")[0] not in STDLIB]


def foreign_imports(parsed: ParsedFile) -> object:
    """``distribution_imports`` without a module's imports under its own top-level name (a
    script's are all kept): what the usage reads of a module's imports when those are all
    first-party (``Usage.own_first_party``), so that an import of the project's own code
    added leaves it as it was."""
    module = parsed.source.module
    if module is None:
        return distribution_imports(parsed)
    own = module.partition(".")[0]
    return [
        raw
        for raw in parsed.imports
        if (top := raw.module.partition(".")[0]) != own and top not in STDLIB
    ]


def own_imports_first_party(facts: Facts, params: Mapping[str, Any]) -> bool:
    """Whether no module's import under its own top-level name is a use of another
    distribution in these facts (``Usage.own_first_party``)."""
    return usage(facts, params).own_first_party


# What the usage reads while the modules' imports of their own top-level names are
# first-party: the dependency rules' and their sources' stored parts are then kept by an
# import of the project's own code added (``fitness.engine.parts``).
USAGE_NARROWED = Narrowing(("foreign_imports", "strings", "declarations"), own_imports_first_party)


def usage(facts: Facts, params: Mapping[str, Any]) -> Usage:
    """Every import of another distribution in the analysed files, mapped to a distribution."""
    options = manifest_options(params)
    key = repr((sorted(dict(params["mapping"]).items()), options))
    for seen, seen_key, found in _last_usage:
        if seen is facts and seen_key == key:
            return found
    found = _usage(facts, params, options)
    _last_usage[:] = [(facts, key, found)]
    return found


def _usage(facts: Facts, params: Mapping[str, Any], options: ManifestOptions) -> Usage:
    from analyzer.script_imports import script_imports

    root = facts.layout.root
    folders: dict[str, bool] = {}
    homes = {
        p.source.path: distribution_of(p.source.path, folders, root, options) for p in facts.parsed
    }
    manifests = {home: read_manifest(root, home, options) for home in sorted(set(homes.values()))}
    internal = _internal_homes(facts, homes)
    tables = {home: _name_table(manifest, params) for home, manifest in manifests.items()}
    uses: set[Use] = set()
    dev_packages = _dev_packages(facts, homes)
    for parsed in facts.parsed:
        path, module = parsed.source.path, parsed.source.module
        home = homes[path]
        names = tables[home]
        local = _local_names(root, path) if module is None else frozenset()
        if _dev_code(path, home):
            local |= dev_packages
        imports = parsed.imports if module else script_imports(root, path)
        for raw in imports:
            use = _use(raw, module or path, path, home, names, internal, local, manifests)
            if use is not None:
                uses.add(use)
    uses |= _string_uses(facts, homes, manifests, internal, params)
    ordered = sorted(uses, key=_USE_ORDER)  # Use's own order, without its __lt__ per pair
    own = all(
        _first_party(module, homes[p.source.path], internal, manifests)
        for p in facts.parsed
        if (module := p.source.module)
    )
    return Usage(tuple(manifests[h] for h in sorted(manifests)), tuple(ordered), own)


def _first_party(
    module: str, home: str, internal: Mapping[str, str], manifests: Mapping[str, Manifest]
) -> bool:
    """Whether ``_use`` makes no use of an import under ``module``'s own top-level name
    from a module at ``home``: its top is one of the analysed (``internal``), of this
    distribution or of one with no name."""
    other = internal.get(module.partition(".")[0])
    if other is None:
        return False
    manifest = manifests.get(other)
    return other == home or manifest is None or not manifest.name


def _use(
    raw: RawImport,
    importer: str,
    path: str,
    home: str,
    names: Mapping[str, str],
    internal: Mapping[str, str],
    local: frozenset[str],
    manifests: Mapping[str, Manifest],
) -> Use | None:
    """The import as a use of another distribution, or None (stdlib, first-party)."""
    top = raw.module.partition(".")[0]
    if not top or top in STDLIB or top in local:
        return None
    # Most imports are first-party (Django's own): told before anything else is computed.
    other = None
    if top in internal:
        other = manifests.get(internal[top])
        if internal[top] == home or other is None or not other.name:
            return None
    lazy = raw.kind in (ImportKind.LAZY, ImportKind.DYNAMIC)
    typed = raw.kind is ImportKind.TYPE_ONLY
    dev = _dev_code(path, home)
    if other is not None:
        return Use(other.name, importer, top, path, raw.line, dev, lazy, typed, home, member=True)
    full = f"{raw.module}.{raw.name}" if raw.name else raw.module
    dist = _distribution(full, names)
    return Use(dist, importer, top, path, raw.line, dev, lazy, typed, home)


def _string_uses(
    facts: Facts,
    homes: Mapping[str, str],
    manifests: Mapping[str, Manifest],
    internal: Mapping[str, str],
    params: Mapping[str, Any],
) -> set[Use]:
    """Modules named in strings (``analyzer.framework_strings``), as uses that ARC005 counts."""
    root = facts.layout.root
    found: set[Use] = set()
    # Scanned by the parse (``ParsedFile.strings``): no file is read again here.
    scans = {p.source.path: p.strings for p in facts.parsed if p.strings}
    references = [r for path in homes if (scan := scans.get(path)) for r in scan.references]
    references += [r for home in manifests for r in distribution_references(root, home)]
    for ref in references:
        home = homes.get(ref.path, ref.path.rpartition("/")[0])
        if home not in manifests:
            continue
        names = _name_table(manifests[home], params)
        raw = RawImport(ref.module, None, ref.line, 1, ImportKind.IMPORT, "")
        use = _use(raw, ref.path, ref.path, home, names, internal, frozenset(), manifests)
        if use is not None:
            found.add(replace(use, via=ref.via))
    return found


def _internal_homes(facts: Facts, homes: Mapping[str, str]) -> dict[str, str]:
    """Top-level name of every analysed module (and namespace package) -> its distribution
    folder; plus every module or package that sits alone in a source root."""
    found: dict[str, str] = {}
    for source in facts.layout.files:
        if source.module:
            found.setdefault(source.module.partition(".")[0], homes.get(source.path, ""))
    for name in facts.layout.namespace_packages:
        found.setdefault(name.partition(".")[0], "")
    for source_root in facts.layout.source_roots:
        home = homes.get(os.path.join(source_root, "x.py"), "")
        for name in _local_names(facts.layout.root, os.path.join(source_root, "x.py")):
            found.setdefault(name, home)
    return found


def _dev_packages(facts: Facts, homes: Mapping[str, str]) -> frozenset[str]:
    """Names of the packages inside tests, examples and docs (flask's ``tests/test_apps/
    blueprintapp``): a test suite puts their folders on ``sys.path`` and imports them by that
    name, so from dev code such an import is first-party, as deptry's local modules are."""
    return frozenset(
        posixpath.basename(posixpath.dirname(source.path))
        for source in facts.layout.files
        if source.path.endswith("/__init__.py")
        and _dev_code(source.path, homes.get(source.path, ""))
    )


def _local_names(root: str, path: str) -> frozenset[str]:
    """Modules and packages beside a file: what a script run from its folder imports first."""
    folder = os.path.join(root, os.path.dirname(path))
    try:
        entries = os.listdir(folder)
    except OSError:
        return frozenset()
    found = {e.removesuffix(".py") for e in entries if e.endswith(".py")}
    found |= {e for e in entries if e.isidentifier() and os.path.isdir(os.path.join(folder, e))}
    return frozenset(found)


def _name_table(manifest: Manifest, params: Mapping[str, Any]) -> dict[str, str]:
    # A declared distribution of a namespace package imports as its name dotted
    # (opentelemetry-exporter-otlp-proto-http, google-cloud-storage, zope-interface).
    table = {r.name.replace("-", "."): r.name for r in manifest.requirements if "-" in r.name}
    from fitness.checks.distributions import IMPORT_TO_DISTRIBUTION

    table.update(IMPORT_TO_DISTRIBUTION)
    table.update(manifest.import_names)
    table.update({str(k): str(v) for k, v in dict(params["mapping"]).items()})
    return {name: normalize(dist) for name, dist in table.items()}


def _distribution(module: str, names: Mapping[str, str]) -> str:
    parts = module.split(".")
    for size in range(len(parts), 0, -1):
        found = names.get(".".join(parts[:size]))
        if found:
            return found
    return normalize(parts[0])


@functools.lru_cache(maxsize=1 << 15)  # asked for every import of every file
def _dev_code(path: str, home: str) -> bool:
    inside = path.removeprefix(f"{home}/") if home else path
    return role_of(inside) is not Role.LIBRARY or inside.split("/", 1)[0] in _DEV_FOLDERS


def declares_dev(manifest: Manifest, extras: Sequence[str]) -> bool:
    """Whether a distribution declares dev-only dependencies (a group, a dev extra, a dev
    requirements file): only then is its dev code's imports judged."""
    return any(is_dev_only([requirement], extras) for requirement in manifest.requirements)


def unjudged_dev_code(found: Usage, extras: Sequence[str]) -> tuple[str, ...]:
    """A note per distribution whose dev code imports others while it declares no dev
    dependencies: those imports are not judged."""
    homes = sorted({u.home for u in found.uses if u.dev_code and not u.via})
    return tuple(
        f"imports of tests, docs, examples and scripts in {home or 'the project'} not judged "
        "(no dev dependencies declared)"
        for home in homes
        if found.manifest(home).found and not declares_dev(found.manifest(home), extras)
    )


def installed_through(dist: str, declared: Sequence[str], manifest: Manifest) -> list[str]:
    """The declared distributions that install ``dist`` (lock file, else the shipped table)."""
    from fitness.checks.distributions import INSTALLS

    relations = {(a, b) for a, b in manifest.installs}
    relations |= {(parent, child) for parent, children in INSTALLS.items() for child in children}
    return sorted(parent for parent, child in relations if child == dist and parent in declared)


def ignored(params: Mapping[str, Any]) -> set[str]:
    """Normalised names the rule must not report."""
    return {normalize(str(n)) for n in params["ignore"]}


def judged(use: Use, params: Mapping[str, Any]) -> bool:
    """Whether an import rule judges this import (type-only and lazy ones: if asked)."""
    if use.via or normalize(use.name) in ignored(params) or use.distribution in ignored(params):
        return False
    if use.type_only:
        return bool(params["include_type_checking"])
    return not use.optional or bool(params["include_lazy"])


def never_imported(name: str) -> bool:
    """Distributions nobody imports by design: type stubs and data packages."""
    from fitness.checks.distributions import NO_IMPORT

    return name.startswith("types-") or name.endswith("-stubs") or name in NO_IMPORT


def is_stdlib(name: str) -> bool:
    """Whether a declared distribution is named like a standard-library module."""
    return name in _STDLIB_DISTRIBUTIONS


def verdict(use: Use, found: Usage, extras: Sequence[str]) -> tuple[str, str]:
    """What is wrong with one import: ("missing" | "transitive" | "dev" | "", detail).

    Nothing is judged in a distribution whose runtime declarations are unknown (ARC010 says so
    instead), nor an import in dev code (tests, docs, examples, scripts) of a distribution that
    declares no dev dependencies (as deptry, which skips tests; the summary says so:
    ``unjudged_dev_code``). ``detail`` names the distributions that install a transitive one, or
    the dev groups of a dev-only one.
    """
    manifest = found.manifest(use.home)
    if not manifest.found or (use.dev_code and not declares_dev(manifest, extras)):
        return "", ""
    declared = found.declared(use.home)
    requirements = declared.get(use.distribution, [])
    if not requirements:
        through = installed_through(use.distribution, list(declared), manifest)
        return ("transitive", ", ".join(through)) if through else ("missing", "")
    if not use.dev_code and is_dev_only(requirements, extras):
        return "dev", ", ".join(sorted({r.group for r in requirements}))
    return "", ""


def import_findings(facts: Facts, params: Mapping[str, Any], wanted: str) -> list[tuple[Use, str]]:
    """One (use, detail) per (importing module, import name) whose verdict is ``wanted``, at
    its first judged import."""
    found = usage(facts, params)
    extras = dev_extras(params)
    hits: dict[tuple[str, str], tuple[Use, str]] = {}
    for use in found.uses:
        key = (use.importer, use.name)
        if key in hits or not judged(use, params):
            continue
        kind, detail = verdict(use, found, extras)
        if kind == wanted:
            hits[key] = (use, detail)
    return list(hits.values())


def import_hits(
    facts: Facts, params: Mapping[str, Any], wanted: str, says: Callable[[Use, str], str]
) -> list[Hit]:
    """The hits of a dependency rule about imports: one per (importing module, import name)
    whose verdict is ``wanted``, at its first import; ``says`` words the detail."""
    return [
        Hit(
            f"{use.importer} -> {use.name}",
            f"{describe(use)}, {says(use, detail)}",
            use.path,
            use.line,
            target=use.distribution,
        )
        for use, detail in import_findings(facts, params, wanted)
    ]


def describe(use: Use) -> str:
    """``shop.io imports yaml (distribution pyyaml)``, saying where a member comes from."""
    what = "workspace member" if use.member else "distribution"
    return f"{use.importer} imports {use.name} ({what} {use.distribution})"


def declaration_sources(
    facts: Facts, params: Mapping[str, Any]
) -> tuple[tuple[str, ...], tuple[BlindSpot, ...]]:
    """Every declaration source read, for the summary (("no declarations found",) when
    none), and each declaration that could not be read statically, as a blind spot."""
    used = usage(facts, params)
    manifests = used.manifests
    found = tuple(source for m in manifests for source in m.sources)
    spots = tuple(_declaration_spot(text) for m in manifests for text in m.blind_spots)
    notes = unjudged_dev_code(used, dev_extras(params))
    return (*(found or ("no declarations found",)), *notes), spots


def _declaration_spot(text: str) -> BlindSpot:
    """``setup.py:2 install_requires is not a literal`` as a blind spot at that line."""
    path, _, rest = text.partition(":")
    digits, _, said = rest.partition(" ")
    if not digits.isdigit():  # no line: the whole text says what could not be read
        return BlindSpot(BlindSpotKind.NON_LITERAL_DECLARATION, path.strip(), 1, text)
    # The location is the blind spot's own: its text is what was not read, said once.
    return BlindSpot(BlindSpotKind.NON_LITERAL_DECLARATION, path.strip(), int(digits), said)
