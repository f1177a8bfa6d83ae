"""Regular expressions compiled on their first use, not when their module is imported.

A module-level ``re.compile`` runs in every process that imports the module, whether the
pattern is used or not: an edit run on Django imports the configuration, the checks and the
parser, and compiled about 2 ms of patterns (the TOML key locators, the framework markers, the
suppression comments) that it never matched. ``compiled_later`` keeps the pattern's text and
compiles it on the first call, once per process; a loop over many lines takes the pattern
once before it starts.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import AnyStr


def compiled_later(pattern: AnyStr, flags: int = 0) -> Callable[[], re.Pattern[AnyStr]]:
    """A function returning ``re.compile(pattern, flags)``, compiled on its first call and the
    same object on every later one."""

    @functools.cache
    def compiled() -> re.Pattern[AnyStr]:
        return re.compile(pattern, flags)

    return compiled
