"""The cold floor: one process reads every file archfit analyses and ``ast.parse``s it.

Usage:
    python benchmarks/parse_floor.py PATH            the loop itself: wall, CPU, peak RSS
    python benchmarks/parse_floor.py --compare PATH [PATH ...] [--repeat N] [--before DIR]

The first form is the reference row of issue 18 ("cold ``check --no-cache`` at most 1.5x the
loop's wall, 2.5x its CPU; peak RSS at most 2x"). The file list is archfit's own discovery
with no config, so both sides read the very same files.

``--compare`` runs the loop and ``archfit check --no-cache PATH`` as subprocesses, interleaved,
``--repeat`` times each (the machine is shared: medians, never one run), and prints per side
the median wall, the median CPU (user + sys of the process and every worker it started, from
``getrusage(RUSAGE_CHILDREN)``) and the median peak memory of the process tree: ``hwm`` sums
each process's own peak (``VmHWM``; an upper bound, since forked workers share pages with
their parent) and ``pss`` is the largest sum of proportional set sizes seen at one moment
(sampled every 10 ms; shared pages counted once). ``--before DIR`` adds the run of another
checkout of archfit (``git archive main | tar -x -C DIR``) to the same interleaving.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import os
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ARCHFIT = [sys.executable, "-c", "from fitness.cli.main import run; run()"]


def floor(root: str) -> int:
    """Read and parse every file of ``root`` archfit would analyse; the number of files."""
    from analyzer.discovery import discover

    layout = discover(root)
    for source in layout.files:
        with open(os.path.join(layout.root, source.path), "rb") as handle:
            data = handle.read()
        # archfit reports a file that does not parse; the floor only pays for the attempt.
        with contextlib.suppress(SyntaxError, ValueError, RecursionError, MemoryError):
            ast.parse(data, filename=source.path)
    return len(layout.files)


@dataclass(frozen=True)
class Run:
    """One subprocess: seconds of wall and of CPU, and peak memory of its tree in MB."""

    wall: float
    cpu: float
    hwm: float
    pss: float


def measured(command: list[str], source: Path = REPO) -> Run:
    """Run ``command`` (archfit from ``source``) with output discarded, sampling the memory of
    its process tree."""
    env = {**os.environ, "PYTHONPATH": str(source)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    # From ``source``: ``python -c`` puts the working directory first on the path.
    process = subprocess.Popen(command, cwd=source, env=env, stdout=subprocess.DEVNULL)
    peaks: dict[int, int] = {}
    pss = 0
    while process.poll() is None:
        pss = max(pss, _sample(process.pid, peaks))
        time.sleep(0.01)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Run(wall, cpu, sum(peaks.values()) / 1024, pss / 1024)


def _sample(pid: int, peaks: dict[int, int]) -> int:
    """Record each live process's VmHWM (kB) in ``peaks``; the tree's summed Pss (kB) now."""
    total = 0
    for each in _tree(pid):
        peaks[each] = max(peaks.get(each, 0), _field(f"/proc/{each}/status", "VmHWM:"))
        total += _field(f"/proc/{each}/smaps_rollup", "Pss:")
    return total


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants that are alive now."""
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        try:
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        queue.extend(int(child) for child in children)
    return found


def _field(path: str, name: str) -> int:
    """The kB value of the line starting with ``name`` in a /proc file (0 once it is gone)."""
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(name):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def compare(roots: list[str], repeat: int, before: Path | None) -> None:
    """Median rows of the floor and of a cold archfit run on every root, interleaved; with
    ``before`` (another checkout of archfit), of its run too."""
    sides = {"floor": REPO, "archfit": REPO} | ({"before": before} if before else {})
    for root in map(os.path.abspath, roots):
        runs: dict[str, list[Run]] = {side: [] for side in sides}
        for _ in range(repeat):
            for side, source in sides.items():
                command = [sys.executable, __file__, root] if side == "floor" else _cold(root)
                runs[side].append(measured(command, source))
        _print(Path(root).name, runs)


def _cold(root: str) -> list[str]:
    return [*ARCHFIT, "check", "--no-cache", root]


def _print(name: str, runs: dict[str, list[Run]]) -> None:
    """One line per side, then archfit's ratios to the floor."""
    medians: dict[str, dict[str, float]] = {}
    for side, each in runs.items():
        medians[side] = {
            k: statistics.median(getattr(r, k) for r in each) for k in Run.__annotations__
        }
        row = medians[side]
        print(
            f"{name:<14} {side:<8} wall {row['wall']:6.2f} s  cpu {row['cpu']:6.2f} s  "
            f"hwm {row['hwm']:6.1f} MB  pss {row['pss']:6.1f} MB  (n={len(each)})"
        )
    for side in (s for s in medians if s != "floor"):
        ratios = "  ".join(
            f"{k} {medians[side][k] / medians['floor'][k]:.2f}x" for k in Run.__annotations__
        )
        print(f"{name:<14} {side:<8} / floor: {ratios}")


def main() -> None:
    """Run the loop on one target, or compare it with archfit on several."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--compare", action="store_true")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--before", type=Path, help="another archfit checkout to compare")
    args = parser.parse_args()
    if args.compare:
        compare(args.paths, args.repeat, args.before)
        return
    start, cpu = time.perf_counter(), time.process_time()
    count = floor(args.paths[0])
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    wall, used = time.perf_counter() - start, time.process_time() - cpu
    print(f"{count} files  wall {wall:.2f} s  cpu {used:.2f} s  peak RSS {peak:.1f} MB")


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    main()
