"""Frozen value objects describing what was found in a target repository.

Everything here is stdlib-only and picklable, so it crosses the process pool unchanged.
"""

from __future__ import annotations

import enum
import functools
import typing
from collections.abc import Callable, Collection, Mapping
from dataclasses import field, fields, replace
from typing import Any

from analyzer import codec
from analyzer.framework_strings import StringScan
from analyzer.outline import ModuleOutline, Suppression
from analyzer.structure import ModuleStructure
from archfit_values import frozen


class ImportKind(enum.StrEnum):
    """How an import reaches its target at run time."""

    IMPORT = "import"  # executed when the module is imported
    TYPE_ONLY = "type-only"  # under ``if TYPE_CHECKING:``
    LAZY = "lazy"  # inside a function, executed on call
    DYNAMIC = "dynamic"  # importlib.import_module("x") / __import__("x") with a literal
    # PEP 810's ``lazy import x`` / ``lazy from x import y`` at module level: bound when the
    # module runs, loaded on first use (grimp's ``is_lazy``). Distinct from ``lazy`` above.
    EXPLICIT_LAZY = "explicit-lazy"
    FRAMEWORK = "framework"  # named in a framework's string: INSTALLED_APPS, ForeignKey("a.M")


class ProblemKind(enum.StrEnum):
    """Why a file could not be read or parsed."""

    PARSE_ERROR = "parse-error"
    UNDECODABLE = "undecodable-file"
    UNREADABLE = "unreadable-file"


class BlindSpotKind(enum.StrEnum):
    """Something the import graph cannot see; verdicts rest on its absence."""

    OUTSIDE_PACKAGE = "file-outside-package"
    NOT_A_PACKAGE = "unimportable-folder"  # not an identifier, or shadowed by a module file
    NON_LITERAL_DYNAMIC = "non-literal-dynamic-import"
    BEYOND_TOP_LEVEL = "relative-import-beyond-top-package"
    MISSING_INTERNAL = "missing-internal-module"
    DUPLICATE_MODULE = "duplicate-module"
    OUTSIDE_REPOSITORY = "outside-repository"  # a source symlinked out of the tree: not followed
    # Constructs read only partially (analyzer.parsing.dynamic):
    PARTIAL_DYNAMIC = "partial-dynamic-import"  # __import__ with a fromlist or a level
    FILE_LOCATION = "module-loaded-from-file"  # importlib.util.spec_from_file_location, ...
    SYS_MODULES_WRITE = "sys-modules-write"  # sys.modules[name] = module
    PACKAGE_PATH = "package-path-edit"  # __path__ edits, pkgutil.extend_path
    EXEC_IMPORT = "import-in-exec"  # exec/eval of an import, or of a computed string
    # A dependency declaration archfit does not guess at (a computed setup.py list):
    NON_LITERAL_DECLARATION = "non-literal-declaration"


@frozen(order=True)
class Problem:
    """A file that could not be read, decoded or parsed."""

    path: str
    kind: ProblemKind
    message: str
    line: int = 1
    column: int = 1
    # A SyntaxError from ``ast`` may be valid newer Python: libcst gets a second look.
    newer_syntax_possible: bool = field(default=False, compare=False)


@frozen(order=True)
class BlindSpot:
    """One thing the graph could not see, with where it was seen."""

    kind: BlindSpotKind
    path: str
    line: int
    detail: str


@frozen(order=True)
class RawImport:
    """One import statement target as written, with relative imports made absolute.

    ``module`` is the module named after ``import`` / ``from``; ``name`` is the name imported
    from it (``from module import name``), or ``None`` for ``import module``.
    """

    module: str
    name: str | None
    line: int
    column: int
    kind: ImportKind
    line_contents: str


@frozen
class SourceFile:
    """A Python file of the target that belongs to the import graph (or not: ``module`` None)."""

    path: str  # relative to the analysed root, forward slashes
    module: str | None
    is_package: bool = False


@frozen(order=True)
class FunctionMetrics:
    """One function, method or closure, with radon's ``cc_visit`` line and complexity.

    ``qualname`` is module-relative (``Service.send``, ``outer.inner``, ``Outer.Inner.run``,
    ``outer.Local.run``: radon hides methods of nested classes and of classes inside
    functions, archfit lists them); ``kind`` is ``function`` or ``method`` (a ``def`` in a
    class body, as radon says); ``is_closure`` when a function encloses it (directly, or
    through a class defined in the function). ``line`` is the ``def`` line (decorators not
    included), ``end_line`` the last line of its body.
    """

    line: int
    qualname: str
    kind: str
    complexity: int  # cyclomatic, equal to radon's
    cognitive: int  # equal to complexipy's (for a nested function: its value at top level)
    end_line: int = 0
    is_closure: bool = False
    # radon ``h_visit``'s counts for the function, nested functions included: distinct
    # operators (h1) and operands (h2), total operators (N1) and operands (N2). Four flat ints,
    # not a nested value: a warm run decodes one FunctionMetrics per function (ADR-0012).
    h1: int = 0
    h2: int = 0
    n1: int = 0
    n2: int = 0


@frozen
class RawCounts:
    """radon ``analyze``'s counts: loc, lloc, sloc, comments, multi, blank, single_comments."""

    loc: int = 0
    lloc: int = 0
    sloc: int = 0
    comments: int = 0
    multi: int = 0
    blank: int = 0
    single_comments: int = 0


@frozen
class ModuleMetrics:
    """Everything measured on one module (``analyzer.metrics``; ADR-0007).

    ``complete`` is False when only the raw counts could be taken: a file only libcst reads
    whose syntax could not be lowered to the running interpreter's ``ast``.
    """

    raw: RawCounts
    functions: tuple[FunctionMetrics, ...] = ()
    halstead_volume: float = 0.0  # radon's h_visit total volume
    maintainability: float = 100.0  # radon's mi_visit with multi=True
    classes: int = 0
    abstract_classes: int = 0  # ABCs (abstract methods or ABC/ABCMeta bases) and Protocols
    complete: bool = True
    # radon ``h_visit``'s module totals: h1, h2, N1, N2 (the volume above derives from them).
    h1: int = 0
    h2: int = 0
    n1: int = 0
    n2: int = 0

    @functools.cached_property  # summed once: coupling and metrics ask per module and package
    def complexity(self) -> int:
        """Total cyclomatic complexity of the module's functions, methods and closures."""
        return sum(f.complexity for f in self.functions)


@frozen
class ParsedFile:
    """What one parse of one file yields."""

    source: SourceFile
    imports: tuple[RawImport, ...] = ()
    problems: tuple[Problem, ...] = ()
    blind_spots: tuple[BlindSpot, ...] = ()
    lines: int = 0
    parser: str = "ast"  # "libcst" for syntax newer than the running interpreter's
    # Complexity, size and class counts; None when the file could not be parsed.
    metrics: ModuleMetrics | None = None
    # Classes, bases, methods and forwarding functions (analyzer.structure), from the same tree.
    structure: ModuleStructure | None = None
    # Docstring, definitions, side effects, prints, suppressions (analyzer.outline).
    outline: ModuleOutline | None = None
    # The framework string references (INSTALLED_APPS, pytest_plugins, ...) of a file whose
    # text names one, scanned from the same tree (analyzer.framework_strings); None for the
    # ~99% that name none. Readers take them from here and never read the file again.
    strings: StringScan | None = None

    @property
    def suppression_comments(self) -> tuple[Suppression, ...] | None:
        """The ``# archfit: ignore[...]`` comments; None when the file has no outline."""
        return None if self.outline is None else self.outline.suppressions


class _Rows:
    """``DeferredMetrics.functions``: built on first read from rows ``codec.rows_final``
    checked (a non-data descriptor: every later read finds the value in the instance)."""

    def __get__(self, instance: DeferredMetrics | None, owner: type | None = None) -> Any:
        if instance is None:
            return ()
        rows = instance.__dict__.pop("_rows")
        functions = instance.__dict__["functions"] = codec.build_rows(rows, FunctionMetrics)
        return functions


class DeferredMetrics(ModuleMetrics):
    """A stored file's metrics whose functions are built when first read: a run whose
    import edit reruns the graph rules reads every file's class counts and complexity, not
    its functions (a third of Django's facts). The rows were checked when it was built
    (``codec.rows_final``), so building them cannot fail; the complexity is summed from
    them as they stand. It equals, hashes and encodes as the ``ModuleMetrics`` it stands
    for."""

    functions = _Rows()

    def __eq__(self, other: object) -> bool:
        """Equal to the ``ModuleMetrics`` it stands for (a dataclass compares its class too)."""
        if not isinstance(other, ModuleMetrics):
            return NotImplemented
        return _same_fields(ModuleMetrics, self, other)

    __hash__ = ModuleMetrics.__hash__

    @functools.cached_property
    def complexity(self) -> int:
        """``ModuleMetrics.complexity``, from the functions' rows while they are not built."""
        rows = self.__dict__.get("_rows")
        if rows is None:
            return sum(f.complexity for f in self.functions)
        complexity = codec.index_of(FunctionMetrics, "complexity")
        return sum(row[complexity] for row in rows)


def _take_metrics(stored: list[Any]) -> ModuleMetrics | None:
    """``ParsedFile.metrics`` taken from stored facts (``codec.take``), its functions left
    to build when read when their rows are final."""
    value = stored[codec.index_of(ParsedFile, "metrics")]
    functions = codec.index_of(ModuleMetrics, "functions")
    if type(value) is not list or len(value) <= functions:
        return typing.cast(ModuleMetrics | None, codec.take(stored, ParsedFile, "metrics"))
    rows = value[functions]
    if not codec.rows_final(rows, FunctionMetrics):
        return typing.cast(ModuleMetrics | None, codec.take(stored, ParsedFile, "metrics"))
    value[functions] = []
    metrics = codec.take(stored, ParsedFile, "metrics")
    deferred = object.__new__(DeferredMetrics)
    deferred.__dict__.update(metrics.__dict__)
    del deferred.__dict__["functions"]
    deferred.__dict__["_rows"] = rows
    return deferred


class _Decoded:
    """A field of a ``DeferredFile``: its first read builds that field alone from the stored
    facts (a non-data descriptor: every later read finds the value in the instance)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, instance: DeferredFile | None, owner: type | None = None) -> Any:
        if instance is None:
            return getattr(ParsedFile, self.name)
        return instance.build(self.name)


class DeferredFile(ParsedFile):
    """A cached file's facts, decoded as they are read (ADR-0020: an edit that reuses every
    part stored for a file never decodes it). Its source, problems, blind spots and
    suppression comments are known without decoding. The first read of any other field
    parses the stored JSON (``decode``), and each field is built when first read; it equals,
    compares, hashes and encodes as the ``ParsedFile`` it stands for. Every field comes from
    one place: when the stored facts are gone, are another file's, or a field of them does
    not decode, the file is parsed now and every field comes from that parse."""

    def __init__(
        self, brief: tuple[SourceFile, tuple[Problem, ...], tuple[BlindSpot, ...]],
        comments: tuple[Suppression, ...] | None,
        load: tuple[Callable[[], list[Any] | None], Callable[[], ParsedFile]],
    ) -> None:  # fmt: skip
        """``load``: the stored facts' fields as JSON (``codec.fields_of``; None when gone,
        ValueError when they do not fit), and the file parsed now."""
        source, problems, blind_spots = brief
        self.__dict__.update(source=source, problems=problems, blind_spots=blind_spots)
        self.__dict__.update(_comments=comments, _load=load[0], _parse=load[1])

    def __eq__(self, other: object) -> bool:
        """Equal to the ``ParsedFile`` it stands for (a dataclass compares its class too)."""
        if not isinstance(other, ParsedFile):
            return NotImplemented
        return _same_fields(ParsedFile, self, other)

    __hash__ = ParsedFile.__hash__

    @property
    def decoded(self) -> bool:
        """Whether the stored facts were read, or the file parsed (a test seam: what an edit
        run reads)."""
        return "_load" not in self.__dict__

    @property
    def built(self) -> frozenset[str]:
        """The fields built so far beyond the brief's (a test seam: what a run reads)."""
        return frozenset(name for name in _DEFERRED if name in self.__dict__)

    def decode(self) -> None:
        """Read the stored facts (once): their JSON parsed, its fields' types checked at the
        top level, its source compared with the brief's; no field is built here."""
        load = self.__dict__.pop("_load", None)
        if load is None:
            return
        try:
            stored = load()
            fits = stored is not None and codec.take(stored, ParsedFile, "source") == self.source
        except ValueError:
            fits = False
        if fits:
            self.__dict__["_stored"] = stored
        else:
            self._parse_now()

    def build(self, name: str) -> Any:
        """Field ``name``, built from the stored facts (once); when it does not decode, the
        file is parsed now and every field comes from that parse."""
        self.decode()
        stored = self.__dict__.get("_stored")
        if stored is not None:
            try:
                metrics = name == "metrics"  # its functions are built when read
                value = _take_metrics(stored) if metrics else codec.take(stored, ParsedFile, name)
            except ValueError:
                self._parse_now()
            else:
                self.__dict__[name] = value
        return self.__dict__[name]

    def _parse_now(self) -> None:
        """Every field from the file parsed now, as a run without the cache would."""
        self.__dict__.pop("_stored", None)
        parsed = self.__dict__.pop("_parse")()
        self.__dict__.update({f.name: getattr(parsed, f.name) for f in fields(ParsedFile)})

    @property
    def suppression_comments(self) -> tuple[Suppression, ...] | None:
        """The comments, known without decoding."""
        comments: tuple[Suppression, ...] | None = self.__dict__["_comments"]
        return comments


_DEFERRED = tuple(
    f.name for f in fields(ParsedFile) if f.name not in ("source", "problems", "blind_spots")
)
for _name in _DEFERRED:
    setattr(DeferredFile, _name, _Decoded(_name))


@frozen(order=True)
class ImportEdge:
    """A resolved import between two modules of the graph.

    ``member`` is the dotted path the statement takes, as tach reads it: ``from billing.models
    import Invoice`` takes ``billing.models.Invoice``, ``import billing.models`` takes
    ``billing.models`` (a star import takes its module). Attribute access afterwards is not
    seen. It derives from the cached RawImport, so the cache stores nothing new.
    """

    importer: str
    imported: str
    line: int
    column: int
    kind: ImportKind
    line_contents: str = field(default="", compare=False)
    external: bool = False
    member: str = field(default="", compare=False)
    # A ``# tach-ignore`` directive covers it: contracts read from tach leave it out.
    tach_ignored: bool = field(default=False, compare=False)


@frozen
class Layout:
    """The target as the graph will see it."""

    root: str
    source_roots: tuple[str, ...]
    root_packages: tuple[str, ...]
    files: tuple[SourceFile, ...]
    namespace_packages: tuple[str, ...] = ()
    blind_spots: tuple[BlindSpot, ...] = ()
    warnings: tuple[str, ...] = ()  # e.g. a .gitignore line skipped, as git skips it

    @property
    def modules(self) -> dict[str, SourceFile]:
        """Every module of the graph by name."""
        return {f.module: f for f in self.files if f.module is not None}


@frozen
class Facts:
    """Everything archfit knows about a target before judging it."""

    layout: Layout
    parsed: tuple[ParsedFile, ...]
    edges: tuple[ImportEdge, ...]
    blind_spots: tuple[BlindSpot, ...]
    detailed: bool = True  # False: every file's ``DETAIL`` fields are None (not gathered)
    notes: tuple[str, ...] = ()  # what the user should know about how facts were gathered
    # path -> content key (``analyzer.cache.content_key``) of each file whose facts came from
    # or went to the cache: what the engine keys the stored parts of a run on (ADR-0020).
    keys: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def problems(self) -> tuple[Problem, ...]:
        """Files that could not be read, decoded or parsed."""
        return tuple(p for f in self.parsed for p in f.problems)

    @property
    def modules(self) -> tuple[str, ...]:
        """Names of the analysed modules, sorted."""
        return tuple(sorted(self.layout.modules))

    def only(self, paths: Collection[str]) -> Facts:
        """These facts with the parsed files narrowed to ``paths``; the layout, edges and
        blind spots stay whole (for checks that judge each file by its own facts)."""
        return replace(self, parsed=tuple(p for p in self.parsed if p.source.path in paths))


class _Edges:
    """``DeferredFacts.edges``: resolved on first read (a non-data descriptor, as above)."""

    def __get__(self, instance: DeferredFacts | None, owner: type | None = None) -> Any:
        if instance is None:
            return ()
        edges = instance.__dict__["_edges"]()
        instance.__dict__["edges"] = edges
        return edges


class DeferredFacts(Facts):
    """Facts whose import edges are resolved on first read: an edit run whose stored parts
    read no edge never resolves (nor decodes) the files it did not change."""

    edges = _Edges()

    def __init__(self, facts: Facts, edges: Callable[[], tuple[ImportEdge, ...]]) -> None:
        self.__dict__.update(
            {f.name: facts.__dict__[f.name] for f in fields(Facts) if f.name != "edges"}
        )
        self.__dict__["_edges"] = edges

    def __eq__(self, other: object) -> bool:
        """Equal to the ``Facts`` it stands for (a dataclass compares its class too)."""
        if not isinstance(other, Facts):
            return NotImplemented
        return _same_fields(Facts, self, other)

    __hash__ = Facts.__hash__

    def only(self, paths: Collection[str]) -> Facts:
        """``Facts.only``, the edges still resolved once, when first read."""
        narrowed = Facts(**{f.name: self.__dict__.get(f.name, ()) for f in fields(Facts)})
        narrowed = replace(narrowed, parsed=tuple(p for p in self.parsed if p.source.path in paths))
        return DeferredFacts(narrowed, self.__dict__["_edges"])


def _same_fields(cls: type, this: object, other: object) -> bool:
    """Whether ``this`` (a stand-in subclass of the dataclass ``cls``) and ``other`` agree on
    every field ``cls`` compares: as ``cls`` compares its instances, whatever the subclass."""
    names = [f.name for f in fields(cls) if f.compare]
    return all(getattr(this, name) == getattr(other, name) for name in names)
