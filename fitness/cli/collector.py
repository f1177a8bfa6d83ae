"""The collector's policy for a run: garbage is collected rarely while a command runs.

The console script sets it before its first import (``fitness.cli.console``), ``main`` for
each command (``quiet_collector``); this module imports nothing of archfit's, so that the
console script can read it before anything else is imported.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

# A run allocates facts by the hundred thousand and frees them all at exit. A young collection
# scans every object allocated since the last one (~0.3 us each): with room for a million, a
# warm run on Django (~150,000 allocations) never pays one (30 ms at 100,000), and a big cold
# run pays what it paid before, in fewer, larger passes.
GC_THRESHOLD = (1_000_000, 50, 100)


@contextlib.contextmanager
def quiet_collector() -> Iterator[None]:
    """Collect garbage rarely while a command runs; restored when it ends.

    The modules imported so far are frozen out of the collector's sight (they live as long
    as the process), and the young generation is made large: a warm ``archfit check`` on
    Django spends ~0.1 s in collections otherwise, finding no garbage. Facts hold no
    reference cycles; what does is still collected, only less often.
    """
    old = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLD)
    try:
        yield
    finally:
        # Up to a million young objects are left; with the old threshold back, the next
        # allocation would collect them all (~30 ms on Django, just before the process ends).
        # Frozen first, they join the oldest generation instead, collected in its own time.
        gc.freeze()
        gc.set_threshold(*old)
        gc.unfreeze()
