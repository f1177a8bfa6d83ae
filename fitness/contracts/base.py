"""What every contract type shares: its declaration, its result, and the graph it queries."""

from __future__ import annotations

import enum
import functools
import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import field
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from analyzer.facts import ImportEdge, ParsedFile
from analyzer.graph import GraphOptions, ModuleIndex
from analyzer.outline import ModuleOutline
from archfit_values import frozen
from fitness.results.findings import Chain, Link, Source, chain_text

if TYPE_CHECKING:  # a graph is built (and grimp imported) only when a contract runs
    import grimp


class FieldKind(enum.Enum):
    """The shape of a contract option, for validation and for reading INI strings."""

    MODULES = "list of module names"
    STRINGS = "list of strings"
    TEXT = "string"
    BOOL = "boolean"
    INT = "integer"
    ALERT = "one of none, warn, error"


@frozen
class FieldSpec:
    """One option a contract type accepts."""

    kind: FieldKind
    required: bool = False
    default: Any = None
    archfit_only: bool = False  # an archfit extension lint-imports would refuse


@frozen
class ContractSpec:
    """A contract as declared: type, options and where it was written."""

    id: str
    name: str
    type: str
    options: Mapping[str, Any]
    source: Source
    option_lines: Mapping[str, int] = field(default_factory=dict)
    how_to_fix: str = ""
    graph_options: GraphOptions = GraphOptions()
    # The id was made from the same parts as the name (an ADR rule's): text shows it once.
    id_restates_name: bool = False

    def get(self, key: str, default: Any = None) -> Any:
        """An option's value, or ``default`` when it was not given."""
        value = self.options.get(key)
        return default if value is None else value

    def line_of(self, key: str) -> int:
        """The line an option was written on (the contract's own line if unknown)."""
        return self.option_lines.get(key, self.source.line)


@frozen
class Violation:
    """One way a contract is broken."""

    subject: str
    message: str
    chains: tuple[Chain, ...] = ()
    target: str = ""
    path: str = ""
    line: int = 0


@frozen
class ContractResult:
    """The verdict of one contract: kept or not, and why."""

    kept: bool
    violations: tuple[Violation, ...] = ()
    warnings: tuple[str, ...] = ()
    remaining_usages: int | None = (
        None  # a count the baseline tracks (a migration's remaining usages)
    )


class ContractOptionError(Exception):
    """A contract whose options do not fit the code (a module that does not exist, ...)."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key
        self.message = message


@frozen
class OptionProblem:
    """An option whose value no graph could make valid ("" names the contract as a whole)."""

    key: str
    message: str


class ContractType(Protocol):
    """A kind of contract: its option schema, the options naming the code it governs, and its
    check. Checking returns a value, never prints."""

    type_name: str
    fields: ClassVar[Mapping[str, FieldSpec]]
    scope_fields: ClassVar[tuple[str, ...]]
    importlinter: ClassVar[bool]  # one of import-linter's own types (valid in its config)

    def validate(self, options: Mapping[str, Any]) -> list[OptionProblem]:
        """Problems among converted options that need no graph (a layer listed twice, ...)."""
        ...

    def check(self, spec: ContractSpec, graph: ContractGraph) -> ContractResult:
        """Judge the contract against the graph."""
        ...

    def inputs(self, spec: ContractSpec, index: ModuleIndex) -> tuple[str, ...]:
        """The views of each file's facts the verdict follows from, with the layout
        (``fitness.engine.parts``; ``index``: its modules): its stored verdict is reused
        while they are unchanged."""
        ...


# What separates the names in a module expression (``a.b -> c``, ``a | b``, ``a : b``, ``(a)``):
# anything a dotted name or a wildcard cannot hold.
_NAME_SEPARATORS = re.compile(r"[^\w.*]+")
# The kinds of option that name modules.
_NAMING = (FieldKind.MODULES, FieldKind.STRINGS)


class ContractTypeBase:
    """Defaults for a contract type: an import-linter type with no cross-option rules."""

    scope_fields: ClassVar[tuple[str, ...]] = ()
    importlinter: ClassVar[bool] = True
    # Whether the verdict follows from the grimp graph's pairs (which modules import which)
    # and the lines of the pairs it links (``ContractGraph.link``) alone: no import's other
    # details, no outline, no edge list. Then an import added to a pair it never linked
    # keeps its stored verdict (``fitness.engine.parts``, ``internal_pairs``).
    chains_only: ClassVar[bool] = False

    def validate(self, options: Mapping[str, Any]) -> list[OptionProblem]:
        """No problems beyond each option's own type."""
        return []

    def inputs(self, spec: ContractSpec, index: ModuleIndex) -> tuple[str, ...]:
        """Everything a ``ContractGraph`` holds: every edge, external ones too, and the
        outlines (the safe default for a type that does not say)."""
        return ("edges", "outline")


class GraphContractBase(ContractTypeBase):
    """Defaults for a type whose verdict reads only its grimp graph (and the internal
    edges, ``judged``): no outline, and no external edge unless the contract names one."""

    fields: ClassVar[Mapping[str, FieldSpec]]

    def inputs(self, spec: ContractSpec, index: ModuleIndex) -> tuple[str, ...]:
        """The internal edges, or every edge (``graph_inputs``)."""
        return graph_inputs(spec, index, self.fields)


def graph_inputs(
    spec: ContractSpec, index: ModuleIndex, fields: Mapping[str, FieldSpec]
) -> tuple[str, ...]:
    """The views a contract that reads only its grimp graph follows from: the modules'
    internal edges, unless the graph holds external packages (``include_external_packages``)
    and the contract names one, or a pattern that could match one, in its module options
    (``fields`` of those kinds, and ``ignore_imports``). An external package is a squashed
    leaf of the graph (nothing it imports is seen), so no chain between the project's
    modules runs through it: only a contract that names it reads its edges."""
    if not spec.graph_options.include_external:
        return ("internal",)
    keys = {key for key, spec_of in fields.items() if spec_of.kind in _NAMING} | {"ignore_imports"}
    if spec.options.get("containers"):  # the layers are named inside the containers (checked)
        keys.discard("layers")
    texts = [text for key in sorted(keys) for text in _texts(spec.options.get(key))]
    return ("internal",) if all(_internal_names(text, index) for text in texts) else ("edges",)


def _texts(value: object) -> list[str]:
    """An option's strings (a module list's, an expression's)."""
    values = value if isinstance(value, list | tuple) else [value]
    return [item for item in values if isinstance(item, str)]


def _internal_names(text: str, index: ModuleIndex) -> bool:
    """Whether every name in a module expression lies inside the project (a pattern's part
    before its first wildcard does)."""
    names = (name for name in _NAME_SEPARATORS.split(text) if name)
    return all(index.is_internal(name.split("*", 1)[0].rstrip(".")) for name in names)


class ContractGraph:
    """The graph a contract queries: a private grimp copy plus where each module lives."""

    def __init__(
        self,
        graph: grimp.ImportGraph,
        paths: Mapping[str, str],
        index: ModuleIndex,
        edges: Sequence[ImportEdge],
        *,
        peers: Sequence[ContractSpec] = (),
        parsed: Sequence[ParsedFile] = (),
    ) -> None:
        self.grimp = graph
        self.paths = paths
        self.index = index
        self.edges = edges
        # Every contract of the run: interfaces on one module combine, as tach's do.
        self.peers = peers
        self._parsed = parsed
        # The pairs whose import details ``link`` read (the importer's path, the importer,
        # the imported): with the graph's pairs, all a ``chains_only`` type's verdict
        # follows from.
        self.linked: set[tuple[str, str, str]] = set()

    @functools.cached_property
    def _outlines(self) -> dict[str, ModuleOutline]:
        return {f.source.module: f.outline for f in self._parsed if f.source.module and f.outline}

    def outline_of(self, module: str) -> ModuleOutline | None:
        """What the module's file defines (its literal ``__all__``, ...), if it was read."""
        return self._outlines.get(module)

    def path_of(self, module: str) -> str:
        """The file a module lives in ('' for external and namespace packages)."""
        return self.paths.get(module, "")

    def has(self, module: str) -> bool:
        """Whether the graph holds ``module``."""
        return module in self.grimp.modules

    def link(self, importer: str, imported: str) -> Link:
        """One chain step with every line the importer imports the imported on."""
        details = self.grimp.get_import_details(importer=importer, imported=imported)
        lines = tuple(sorted({d["line_number"] for d in details}))
        path = self.path_of(importer)
        self.linked.add((path, importer, imported))
        return Link(importer, imported, path, lines)

    def chain(self, modules: Sequence[str]) -> Chain:
        """A chain of links through ``modules``."""
        return tuple(self.link(a, b) for a, b in itertools.pairwise(modules))

    def route_chains(self, route: grimp.Route) -> list[Chain]:
        """Every chain a grimp route stands for: one per extra head and per extra tail."""
        heads, tails, middle = sorted(route.heads), sorted(route.tails), list(route.middle)
        chains = [self.chain([heads[0], *middle, tails[0]])]
        chains += [self.chain([head, *middle, tails[0]]) for head in heads[1:]]
        chains += [self.chain([heads[0], *middle, tail]) for tail in tails[1:]]
        return chains


def descendants_and_self(graph: grimp.ImportGraph, module: str) -> set[str]:
    """``module`` and, unless it is squashed, every module below it."""
    if module not in graph.modules:
        return set()
    if graph.is_module_squashed(module):
        return {module}
    return {module, *graph.find_descendants(module)}


def is_in_package(module: str, package: str) -> bool:
    """Whether ``module`` is ``package`` or lies below it."""
    return module == package or module.startswith(package + ".")


def first_location(chains: Iterable[Chain]) -> tuple[str, int]:
    """Where a violation is reported: the first step of its first chain."""
    for chain in chains:
        if chain:
            line = chain[0].lines[0] if chain[0].lines else 1
            return chain[0].path, line
    return "", 0


def dependency_violation(graph: ContractGraph, dependency: grimp.PackageDependency) -> Violation:
    """A violation for one illegal package dependency found by grimp, naming every chain."""
    routes = sorted(dependency.routes, key=route_order)
    chains = [c for route in routes for c in graph.route_chains(route)]
    return chains_violation(dependency.importer, dependency.imported, chains)


def route_order(route: grimp.Route) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """A total order of grimp's routes: their heads, middle and tails, each sorted. A route's
    own ``<`` compares its heads and tails as sets (a subset test, no total order), so sorting
    by it followed the sets' iteration order, which changes with each process's string hash
    seed: the same tree showed its chains, and located the violation, differently run to run."""
    return tuple(sorted(route.heads)), tuple(route.middle), tuple(sorted(route.tails))


def dependency_order(dependency: grimp.PackageDependency) -> tuple[str, str]:
    """A total order of grimp's package dependencies (as ``route_order``): importer, imported."""
    return dependency.importer, dependency.imported


def chains_violation(importer: str, imported: str, chains: Sequence[Chain]) -> Violation:
    """``importer`` may not reach ``imported``: a violation naming every offending chain."""
    path, line = first_location(chains)
    listed = "; ".join(chain_text(c) for c in chains)
    return Violation(
        subject=f"{importer} -> {imported}",
        message=f"{importer} is not allowed to import {imported}: {listed}",
        chains=tuple(chains),
        path=path,
        line=line,
    )


def link_violation(graph: ContractGraph, importer: str, imported: str, why: str) -> Violation:
    """One direct import that breaks a rule; ``why`` completes "importer imports imported, ..."."""
    link = graph.link(importer, imported)
    return Violation(
        subject=f"{importer} -> {imported}",
        message=f"{importer} imports {imported}, {why}: {link.describe()}",
        chains=((link,),),
        path=link.path,
        line=link.lines[0] if link.lines else 1,
    )
