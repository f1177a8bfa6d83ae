"""Frozen measurement values: what the metric code produces per function and per module.

Stdlib only and picklable: ModuleMeasures travel back from the parser pool inside ParsedFile
and into the content cache.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class FunctionMeasure:
    """One function, method or closure, with radon's ``cc_visit`` line and complexity.

    ``qualname`` is module-relative (``Service.send``, ``outer.inner``, ``Outer.Inner.run``:
    radon hides methods of nested classes, archfit lists them); ``kind`` is ``function`` or
    ``method``.
    """

    line: int
    qualname: str
    kind: str
    complexity: int  # cyclomatic, equal to radon's
    cognitive: int  # equal to complexipy's
    end_line: int = 0
    is_closure: bool = False


@dataclass(frozen=True)
class RawCounts:
    """radon ``analyze``'s counts: loc, lloc, sloc, comments, multi, blank, single_comments."""

    loc: int = 0
    lloc: int = 0
    sloc: int = 0
    comments: int = 0
    multi: int = 0
    blank: int = 0
    single_comments: int = 0


@dataclass(frozen=True)
class ModuleMeasures:
    """Everything measured on one module."""

    raw: RawCounts
    functions: tuple[FunctionMeasure, ...] = ()
    halstead_volume: float = 0.0
    maintainability: float = 100.0  # radon's mi_visit with multi=True
    classes: int = 0
    abstract_classes: int = 0  # ABCs (abstract methods or ABC/ABCMeta bases) and Protocols

    @property
    def complexity(self) -> int:
        """Total cyclomatic complexity of the module's functions, methods and closures."""
        return sum(f.complexity for f in self.functions)
