"""A class index over the analysed modules' structure (``analyzer.structure``), shared by the
complexity-budget checks on abstractions."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import field

from analyzer.facts import Facts, ParsedFile
from analyzer.structure import ClassShape, ModuleStructure
from archfit_values import frozen, mutable
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


@mutable
class ClassIndex:
    """Every class of the analysed modules, and each class's bases resolved to them."""

    classes: dict[str, ClassEntry] = field(default_factory=dict)
    aliases: dict[str, dict[str, str]] = field(default_factory=dict)
    bases: dict[str, tuple[str | None, ...]] = field(default_factory=dict)

    @classmethod
    def build(cls, facts: Facts) -> ClassIndex:
        """Index the classes, then resolve every base through imports and re-exports."""
        index = cls()
        for module, parsed, structure in structures(facts):
            index.aliases[module] = dict(structure.aliases)
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
        target = self.aliases.get(module, {}).get(first)
        candidate = f"{target}.{rest}" if target and rest else target
        for _ in range(_MAX_HOPS):
            if candidate is None or candidate in self.classes:
                return candidate
            candidate = self._reexported(candidate)
        return None

    def _reexported(self, name: str) -> str | None:
        owner, _, attr = name.rpartition(".")
        while owner:
            aliases = self.aliases.get(owner)
            if aliases is not None:
                head, _, tail = attr.partition(".")
                target = aliases.get(head)
                if target is None:
                    return None
                return f"{target}.{tail}" if tail else target
            owner, _, last = owner.rpartition(".")
            attr = f"{last}.{attr}"
        return None

    def subclasses(self) -> dict[str, list[str]]:
        """Direct subclasses of each analysed class."""
        found: dict[str, list[str]] = {}
        for name, bases in self.bases.items():
            for base in bases:
                if base is not None and base != name:
                    found.setdefault(base, []).append(name)
        return found


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
