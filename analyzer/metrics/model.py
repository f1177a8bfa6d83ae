"""The frozen measurement values the metric code produces, re-exported from the facts.

They are defined in ``analyzer.facts`` beside ParsedFile, which carries them back from the
parser pool and into the content cache: ``analyzer.metrics`` builds on the facts, and the facts
must not import ``analyzer.metrics`` (the two packages would form a cycle). Import them from
here or from there; they are the same classes.
"""

from __future__ import annotations

from analyzer.facts import FunctionMetrics, ModuleMetrics, RawCounts

__all__ = ["FunctionMetrics", "ModuleMetrics", "RawCounts"]
