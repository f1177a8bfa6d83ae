"""The ``archfit`` console script: the collector quieted before the CLI is imported.

Importing the CLI (click, the configuration, the catalog, the engine) allocates objects by the
ten thousand; with the interpreter's thresholds the collector runs dozens of collections over
them and finds nothing (3 to 5 ms of an edit run on Django, interleaved). The console script
is a process of its own, so it quiets the collector before its first import; ``main`` quiets
it again for each command (``fitness.cli.collector.quiet_collector``), as it does when a
test calls ``main``.
"""

from __future__ import annotations

import gc

from fitness.cli.collector import GC_THRESHOLD


def run() -> None:
    """The console script: ``fitness.cli.main.run`` with the collector quieted first."""
    gc.set_threshold(*GC_THRESHOLD)
    from fitness.cli.main import run as run_main

    run_main()
