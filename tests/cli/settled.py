"""A warm ``check`` run past the racy window, for tests that compare stored parts."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from fitness.engine import stored_run


def settled_check(run_cli: Any, root: Path, *args: str) -> str:
    """``check --format json`` of ``root`` once past the racy window (``stored_run._RACY_NS``):
    the declarations of a tree changed this instant are never indexed, so the dependency
    rules would be computed and a test of reuse would see them run."""
    time.sleep(stored_run._RACY_NS / 1e9 + 0.02)
    code, out, err = run_cli("check", "--format", "json", str(root), *args)
    assert code in (0, 1), err
    return out
