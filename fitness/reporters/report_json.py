"""``archfit report --format json``: the report's data, every section, byte-identical per input.

Dataclasses become objects with their field names as keys (plus ``name`` for function rows,
``count`` for principle groups and ``stuck`` for migrations, which people look for); tuples
become arrays; floats are rounded so platform noise never changes the bytes.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from fitness.reporters import graph_json
from fitness.results.graph import DepGraph
from fitness.results.metrics import FunctionRow
from fitness.results.report import SCHEMA_VERSION, Migration, PrincipleGroup, Report

_DIGITS = 4


def render(report: Report) -> str:
    """The report as one JSON object (sorted keys, trailing newline)."""
    return json.dumps(to_data(report), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def to_data(report: Report) -> dict[str, Any]:
    """``schema_version``, ``tool`` and one key per section, in SECTIONS' words."""
    data = plain(report)
    tool = {"name": "archfit", "version": data.pop("tool_version")}
    return {"schema_version": SCHEMA_VERSION, "tool": tool, **data}


def plain(value: Any) -> Any:
    """A value as JSON-ready data: dataclasses by field, graphs in ``archfit graph``'s shape."""
    if isinstance(value, DepGraph):
        return graph_json.to_data(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {**fields, **_derived(value)}
    if isinstance(value, tuple | list):
        return [plain(item) for item in value]
    if isinstance(value, float):
        return round(value, _DIGITS)
    return value


def _derived(value: object) -> dict[str, Any]:
    """Properties worth a key of their own."""
    if isinstance(value, FunctionRow):
        return {"name": value.name}
    if isinstance(value, PrincipleGroup):
        return {"count": value.count}
    if isinstance(value, Migration):
        return {"stuck": value.stuck}
    return {}
