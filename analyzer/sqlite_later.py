"""``sqlite3`` for the facts cache, imported on its first use, not when the cache module is.

A run that computes imports ``analyzer.cache`` (``analyzer.project`` names its values), but
only a run with the cache opens one. A run without it (``--no-cache``) never loads SQLite:
1.4 MB of the parent's memory, counted again in each parse worker forked from it, and 3 ms of
imports (issue 18, round 9). The stand-in imports the module when an attribute is first read
from it: when a cache opens, or when one of its errors is caught.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any


class _OnFirstUse:
    """Reads every attribute from ``sqlite3``, imported then (once: ``sys.modules`` keeps it)."""

    def __getattr__(self, name: str) -> Any:
        import sqlite3

        return getattr(sqlite3, name)


if TYPE_CHECKING:
    import sqlite3 as sqlite3
else:
    sqlite3 = _OnFirstUse()
