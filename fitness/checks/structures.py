"""A class index over the analysed modules' structure (``analyzer.structure``), shared by the
complexity-budget checks on abstractions.

Besides the classes (the ``class_shapes`` view), resolving the bases reads the names modules
bind (their import aliases). The index records every lookup it makes into them, with what it
found (``ClassIndex.lookups``): the checks' hits follow from the classes and those answers, so
an edit that binds a name no lookup asked about keeps them (``ALIAS_LOOKUPS``, ADR-0020).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import field

from analyzer.facts import Facts, ParsedFile
from analyzer.structure import ClassShape, ModuleStructure
from archfit_values import frozen, mutable
from fitness.checks.base import Lookups
from fitness.checks.files import is_test

_MAX_HOPS = 8


def structures(facts: Facts) -> Iterator[tuple[str, ParsedFile, ModuleStructure]]:
    """Every analysed module with its structure, whatever its role (tests included)."""
    for parsed in facts.parsed:
        if parsed.source.module is not None and parsed.structure is not None:
            yield parsed.source.module, parsed, parsed.structure


@frozen
class ClassEntry:
    """A class of the target by its full dotted name, with where it lives."""

    name: str
    module: str
    path: str
    shape: ClassShape
    test: bool


def class_shapes(parsed: ParsedFile) -> tuple[ClassShape, ...] | None:
    """The ``class_shapes`` view of a file: its classes alone, without the names it binds (None
    without a structure); with the layout and the paths, what the index holds of every file
    but its aliases, which it reads through lookups (``ClassIndex.lookups``)."""
    return None if parsed.structure is None else parsed.structure.classes


def module_aliases(parsed: ParsedFile) -> dict[str, str] | None:
    """The names a module binds, as the index reads them (``ModuleStructure.aliases`` is
    sorted: of a name bound twice, the binding to the target that sorts last);
    None when the index holds none for it (a script, or a file without a structure)."""
    if parsed.source.module is None or parsed.structure is None:
        return None
    return dict(parsed.structure.aliases)


def looked_up(aliases: Mapping[str, str] | None, name: str) -> str | None:
    """What a lookup of ``name`` in a module's aliases finds: the name it is bound to, ""
    when the module binds no such name, None when the index holds no aliases for it."""
    return None if aliases is None else aliases.get(name, "")


@mutable
class ClassIndex:
    """Every class of the analysed modules, and each class's bases resolved to them."""

    classes: dict[str, ClassEntry] = field(default_factory=dict)
    aliases: dict[str, dict[str, str]] = field(default_factory=dict)
    bases: dict[str, tuple[str | None, ...]] = field(default_factory=dict)
    # The path of the file each module's aliases were read from.
    paths: dict[str, str] = field(default_factory=dict)
    # Every lookup into ``aliases`` resolving the bases made: (module, name) -> what it found
    # (``looked_up``); misses and modules without aliases too.
    lookups: dict[tuple[str, str], str | None] = field(default_factory=dict)

    @classmethod
    def build(cls, facts: Facts) -> ClassIndex:
        """Index the classes, then resolve every base through imports and re-exports."""
        index = cls()
        for module, parsed, structure in structures(facts):
            index.aliases[module] = dict(structure.aliases)
            index.paths[module] = parsed.source.path
            for shape in structure.classes:
                name = f"{module}.{shape.qualname}"
                test = is_test(parsed.source.path)
                index.classes[name] = ClassEntry(name, module, parsed.source.path, shape, test)
        for entry in index.classes.values():
            index.bases[entry.name] = tuple(
                index.resolve(entry.module, base) for base in entry.shape.bases
            )
        return index

    def resolve(self, module: str, written: str) -> str | None:
        """The full name of the analysed class ``written`` names in ``module``, or None."""
        first, _, rest = written.partition(".")
        local = f"{module}.{written}"
        if local in self.classes:
            return local
        target = self._alias(module, first) or None
        candidate = f"{target}.{rest}" if target and rest else target
        for _ in range(_MAX_HOPS):
            if candidate is None or candidate in self.classes:
                return candidate
            candidate = self._reexported(candidate)
        return None

    def _reexported(self, name: str) -> str | None:
        owner, _, attr = name.rpartition(".")
        while owner:
            head, _, tail = attr.partition(".")
            target = self._alias(owner, head)
            if target is not None:  # the nearest module with aliases decides
                return (f"{target}.{tail}" if tail else target) if target else None
            owner, _, last = owner.rpartition(".")
            attr = f"{last}.{attr}"
        return None

    def _alias(self, module: str, name: str) -> str | None:
        """``looked_up`` in the aliases of ``module``, recorded in ``lookups``: every read of
        the aliases goes through here, so that the lookups are all the index read of them."""
        found = self.lookups[(module, name)] = looked_up(self.aliases.get(module), name)
        return found

    def subclasses(self) -> dict[str, list[str]]:
        """Direct subclasses of each analysed class."""
        found: dict[str, list[str]] = {}
        for name, bases in self.bases.items():
            for base in bases:
                if base is not None and base != name:
                    found.setdefault(base, []).append(name)
        return found


def lookups_made(facts: Facts) -> dict[str, dict[tuple[str, str], str | None]]:
    """Every lookup the index of ``facts`` made (``ClassIndex.lookups``), by the path of the
    file of the module looked into; those into a module no file holds are left out (it has
    no aliases while the layout, which every part's key holds, is the same)."""
    index = class_index(facts)
    files = {module: f.path for module, f in facts.layout.modules.items()}
    found: dict[str, dict[tuple[str, str], str | None]] = {}
    for (module, name), answer in index.lookups.items():
        path = index.paths.get(module) or files.get(module)
        if path is not None:
            found.setdefault(path, {})[(module, name)] = answer
    return found


def finds(parsed: ParsedFile, name: str) -> str | None:
    """What a lookup of ``name`` into the module of ``parsed`` finds today."""
    return looked_up(module_aliases(parsed), name)


# What the two checks' hits read of the aliases (``Narrowing.lookups``).
ALIAS_LOOKUPS = Lookups(lookups_made, finds)

# Two checks (inheritance depth, single implementation) read the same index: built once per
# Facts, as coupling_view does for coupling. Neither changes it.
_last_index: list[tuple[Facts, ClassIndex]] = []


def class_index(facts: Facts) -> ClassIndex:
    """``ClassIndex.build(facts)``, reused while the same Facts are judged."""
    if _last_index and _last_index[0][0] is facts:
        return _last_index[0][1]
    index = ClassIndex.build(facts)
    _last_index[:] = [(facts, index)]
    return index
