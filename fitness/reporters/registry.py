"""Output formats by name; ``--format`` choices come from here."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from fitness.findings import Result
from fitness.reporters import json_format, text
from fitness.reporters.base import RenderOptions

Renderer = Callable[[Result, RenderOptions], str]

CHECK_FORMATS: Mapping[str, Renderer] = {"text": text.render, "json": json_format.render}
