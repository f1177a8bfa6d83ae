"""The Codebase Analysis report as data: what ``archfit report`` renders in md, html and json.

Stdlib and fitness value objects only. ``fitness.engine.report`` makes a Report from the facts,
the check result, the metrics and the git history; the report reporters are pure functions of
it, so they never reach the analysis code (ADR-0013).

Every tuple is in a fixed order, so the same repository gives the same bytes.
"""

from __future__ import annotations

from archfit_values import frozen
from fitness.results.graph import DepGraph
from fitness.results.metrics import CycleRow, FunctionRow, PackageRow

SCHEMA_VERSION = 1

# Section ids, in the order every format shows them; anchors in md and html.
SECTIONS = (
    ("summary", "Summary"),
    ("structure", "Structure"),
    ("coupling", "Coupling"),
    ("complexity", "Complexity"),
    ("principles", "Principles"),
    ("decisions", "Decisions"),
    ("stack", "Detected stack"),
    ("questions", "Open questions for the design session"),
)


@frozen
class Counts:
    """The numbers the summary leads with."""

    files: int
    modules: int
    packages: int
    functions: int
    sloc: int
    errors: int
    warnings: int
    infos: int
    contracts: int
    broken_contracts: int
    cycles: int  # module-level import cycles Python runs at import time
    adrs: int
    blind_spots: int = 0  # what the graph cannot see: every verdict rests on its absence


@frozen
class Risk:
    """One of the top risks: a headline, the evidence, and the section that details it."""

    title: str
    detail: str
    section: str  # one of SECTIONS' ids


@frozen
class Summary:
    """A verdict in one sentence, the counts, the top three risks."""

    verdict: str
    counts: Counts
    risks: tuple[Risk, ...]


@frozen
class PackageBox:
    """A package of the package map: its size, and the layer the graph puts it in."""

    name: str
    modules: int
    sloc: int
    complexity: int
    layer: int | None  # inferred layer (0 = imports no other package); None inside a cycle group


@frozen
class DeclaredLayer:
    """One layer of a declared ``layers`` contract and where the graph actually puts it."""

    names: tuple[str, ...]  # the layer's modules, fully qualified
    inferred: int | None  # the highest inferred layer among them; None when none is drawn


@frozen
class DeclaredLayers:
    """A ``layers`` contract (config or ADR) next to the layering inferred from the graph."""

    contract: str  # the contract's id
    name: str
    kept: bool
    layers: tuple[DeclaredLayer, ...]  # top layer first
    inversions: tuple[str, ...]  # "lower layer X sits above Y in the graph", readable
    id_restates_name: bool = False  # an ADR rule's made-up id: the name alone is shown


@frozen
class InterfaceRow:
    """A package's interface and who uses it from outside (tests aside)."""

    package: str
    source: str  # "__all__" (a literal one) or "public names" (of its __init__)
    exposed: int
    used: int  # exposed names some outside module imports
    importers: int  # outside modules importing the package or anything below it
    past: int  # outside (importer, member) pairs reaching below it past the exposed names
    members: tuple[tuple[str, int], ...]  # most imported member paths, with importer counts


@frozen
class Structure:
    """Package map, package dependency diagram, declared vs inferred layers."""

    depth: int  # the package depth the map and the diagram are drawn at
    packages: tuple[PackageBox, ...]
    diagram: DepGraph  # package level, internal packages only; edges in cycles marked
    inferred_layers: tuple[tuple[str, ...], ...]  # bottom layer first; a cycle shares a layer
    declared: tuple[DeclaredLayers, ...]
    interfaces: tuple[InterfaceRow, ...] = ()  # the most imported packages' interfaces


@frozen
class Coupling:
    """Per-package coupling (every depth), the main sequence, cycles with the edges to cut."""

    packages: tuple[PackageRow, ...]  # by name
    chart: tuple[PackageRow, ...]  # the packages plotted on the main-sequence chart
    cycles: tuple[CycleRow, ...]  # module level, biggest first
    package_cycles: tuple[tuple[str, ...], ...]  # at the diagram's depth
    package_cycle_kinds: tuple[str, ...] = ()  # each package cycle's kind (import-time, ...)

    def import_time_package_cycles(self) -> tuple[tuple[str, ...], ...]:
        """The package cycles Python runs at import time: what the top risks weigh."""
        kinds = self.package_cycle_kinds or ("import-time",) * len(self.package_cycles)
        pairs = zip(self.package_cycles, kinds, strict=True)
        return tuple(c for c, kind in pairs if kind == "import-time")


@frozen
class Hotspot:
    """A file that changes often and is complex: churn x complexity."""

    path: str
    module: str
    commits: int
    lines_changed: int
    authors: int
    complexity: int
    score: int  # commits x complexity


@frozen
class TemporalCoupling:
    """Two files that change in the same commits."""

    first: str
    second: str
    together: int
    support: float
    confidence: float


@frozen
class Churn:
    """Git history over the window: absent when the target is not in a git repository."""

    since_days: int
    until: str  # the newest commit's date: the window ends there
    commits: int
    authors: int
    shallow: bool
    files: int  # files under the root changed in the window
    hotspots: tuple[Hotspot, ...]  # library code only (docs/adr/0015 roles: analyzer.roles)
    temporal: tuple[TemporalCoupling, ...]  # pairs of analysed source files only
    test_hotspots: tuple[Hotspot, ...] = ()  # tests, on lines of their own


@frozen
class BudgetSpend:
    """A package's share of the complexity, and its configured budget when there is one."""

    package: str
    complexity: int
    sloc: int
    share: float  # of the whole target's complexity
    budget: int | None = None  # complexity budget from [tool.archfit.budgets]
    used: float | None = None  # complexity / budget


@frozen
class Complexity:
    """Most complex functions, hotspots, temporal coupling, budget spend per package."""

    functions: tuple[FunctionRow, ...]  # most complex library functions first
    budget: tuple[BudgetSpend, ...]
    churn: Churn | None
    test_functions: tuple[FunctionRow, ...] = ()  # the most complex test functions, apart


@frozen
class RuleCount:
    """Findings of one rule: how many, how severe, a few subjects."""

    code: str
    name: str
    severity: str
    count: int
    examples: tuple[str, ...]


@frozen
class PrincipleGroup:
    """One rule pack's findings, grouped by rule."""

    pack: str
    title: str
    rules: tuple[RuleCount, ...]

    @property
    def count(self) -> int:
        """All findings of the pack."""
        return sum(r.count for r in self.rules)


@frozen
class AdrRow:
    """One ADR of the index: status, dates, rules and drift."""

    id: str
    title: str
    status: str
    path: str
    date: str
    review: str  # the review date as written ("" when none)
    overdue: bool
    rules: int
    violations: int
    drift: tuple[str, ...]  # "CODE: message" of each drift finding, in order


@frozen
class Migration:
    """A ``migration`` contract: usages remaining now and what the baseline recorded."""

    id: str
    name: str
    remaining: int
    recorded: int | None  # None without a baseline entry
    id_restates_name: bool = False  # an ADR rule's made-up id: the name alone is shown

    @property
    def stuck(self) -> bool:
        """Usages remain and none went away since the baseline was recorded."""
        return self.remaining > 0 and self.recorded is not None and self.remaining >= self.recorded


@frozen
class Decisions:
    """The ADR index, drift per ADR, migrations with progress."""

    adrs: tuple[AdrRow, ...]
    migrations: tuple[Migration, ...]


@frozen
class StackItem:
    """A technology found among the third-party imports."""

    category: str
    technology: str
    package: str
    modules: int
    example: str


@frozen
class Question:
    """An open question for the design session, and the finding that raised it."""

    topic: str
    question: str
    evidence: str
    section: str  # where the evidence is detailed


@frozen
class Report:
    """Everything the Codebase Analysis report shows; reporters take this and nothing else."""

    tool_version: str
    project: str  # the analysed folder's name
    summary: Summary
    structure: Structure
    coupling: Coupling
    complexity: Complexity
    principles: tuple[PrincipleGroup, ...]
    decisions: Decisions
    stack: tuple[StackItem, ...]
    questions: tuple[Question, ...]
    warnings: tuple[str, ...] = ()


def plural(count: int, word: str) -> str:
    """``1 commit``, ``2 commits``: counts read as English in every format."""
    return f"{count:,} {word}" + ("" if count == 1 else "s")
