"""lint-imports over the split monorepo: one run per project (``<package>/.importlinter``),
in one process each, as a team without archfit's projects would script it.

Usage (from the monorepo-split root): python benchmarks/lint_each.py [--no-cache]
Exits 1 when any project's contracts are broken, as lint-imports does.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent


def main() -> int:
    """Run lint-imports in each folder holding a ``.importlinter``; the worst exit code."""
    worst = 0
    for config in sorted(Path.cwd().glob("*/.importlinter")):
        folder = config.parent
        env = {**os.environ, "PYTHONPATH": str(folder)}
        command = [str(BIN / "lint-imports"), *sys.argv[1:]]
        done = subprocess.run(command, cwd=folder, env=env, stdout=subprocess.DEVNULL)
        worst = max(worst, done.returncode)
    return worst


if __name__ == "__main__":
    sys.exit(main())
