"""Time ``archfit metrics`` (cold and warm) against radon's cc + mi + raw and complexipy.

Usage: python benchmarks/bench_metrics.py [--targets django,pandas,sympy] [--repeat 3]
                                          [--timeout 900] [--no-compile]

Each target's wheel is unpacked once into ``.targets/`` (git-ignored). archfit computes every
metric in one pass (cyclomatic, cognitive, MI, Halstead, raw counts, coupling); radon needs
three commands for its part and complexipy a fourth for cognitive complexity.

archfit runs ``--repeat`` times, each time cold (``.archfit_cache/`` deleted first, so the run
parses everything and fills the cache) and then warm (nothing changed); the medians are
reported with their spread. radon and complexipy run once each (radon takes minutes on sympy);
a command over ``--timeout`` seconds is reported as such and counted as the timeout. The
targets of issue #4: archfit cold at least 10x faster than radon's three commands, and warm
under a quarter of cold.

archfit's own modules are byte-compiled first, as pip does on install (``--no-compile``: not).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench_check import unpacked_wheel  # run as a script: benchmarks/ is on sys.path
from bench_precommit import compile_archfit

REPO = Path(__file__).resolve().parent.parent
TARGETS = REPO / ".targets"
BIN = Path(sys.executable).parent
REQUIREMENTS = {"django": "django==5.2.8", "pandas": "pandas==3.1.1", "sympy": "sympy==1.14.0"}


def fetch(name: str) -> Path:
    """The package folder of ``name``'s unpacked wheel (downloaded once)."""
    return unpacked_wheel(name, REQUIREMENTS[name], "metrics") / name


def timed(command: list[str], timeout: float) -> float | None:
    """Wall-clock seconds of one run, or None when it timed out."""
    start = time.perf_counter()
    try:
        subprocess.run(
            command,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return None
    return time.perf_counter() - start


def measure(name: str, timeout: float, repeat: int, others: bool) -> dict[str, float | None]:
    """Seconds per tool on one target: archfit's medians (cold, then warm), the others once."""
    package = fetch(name)
    times = archfit_times(package.parent, timeout, repeat)
    for kind in ("cc", "mi", "raw") if others else ():
        times[f"radon {kind}"] = timed([str(BIN / "radon"), kind, "-j", str(package)], timeout)
    if others and (BIN / "complexipy").exists():
        times["complexipy"] = timed([str(BIN / "complexipy"), str(package)], timeout)
    for tool, seconds in times.items():
        shown = f"{seconds:7.2f} s" if seconds is not None else f"> {timeout:.0f} s (timeout)"
        print(f"  {name:<7} {tool:<13} {shown}", flush=True)
    return times


def archfit_times(root: Path, timeout: float, repeat: int) -> dict[str, float | None]:
    """Median cold (empty cache) and warm (cache filled, nothing changed) ``archfit metrics``."""
    archfit = [str(BIN / "archfit"), "metrics", str(root), "--format", "json"]
    runs: dict[str, list[float]] = {"archfit cold": [], "archfit warm": []}
    for _ in range(repeat):
        shutil.rmtree(root / ".archfit_cache", ignore_errors=True)
        for kind in runs:
            runs[kind].append(timed(archfit, timeout) or timeout)
    for kind, seconds in runs.items():
        spread = " ".join(f"{s:.2f}" for s in sorted(seconds))
        print(f"  {root.name:<15} {kind}: {spread} s", flush=True)
    return {kind: statistics.median(seconds) for kind, seconds in runs.items()}


def _total(times: dict[str, float | None], keys: list[str], timeout: float) -> tuple[float, bool]:
    """Sum of the given runs; a timed-out run counts as the timeout (a lower bound)."""
    values = [times.get(k) for k in keys if k in times]
    return sum(v if v is not None else timeout for v in values), any(v is None for v in values)


def main() -> None:
    """Run every target and print the ratio table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--targets", default="django,pandas,sympy")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=900)
    parser.add_argument("--no-compile", action="store_true", help="leave byte-code alone")
    parser.add_argument("--archfit-only", action="store_true", help="time archfit alone")
    args = parser.parse_args()
    if not args.no_compile:
        compile_archfit()
    print(f"cores: {os.cpu_count()}, load: {os.getloadavg()[0]:.2f}, repeat: {args.repeat}")
    others = not args.archfit_only
    rows = [(n, measure(n, args.timeout, args.repeat, others)) for n in args.targets.split(",")]
    print(
        f"\n{'target':<8}{'archfit':>9}{'warm':>8}{'radon x3':>10}{'cognitive':>10}"
        f"{'radon/archfit':>15}{'warm/cold':>11}"
    )
    for name, times in rows:
        cold = times["archfit cold"] or args.timeout
        warm = times["archfit warm"] or args.timeout
        radon, cut = _total(times, ["radon cc", "radon mi", "radon raw"], args.timeout)
        radon = radon or float("nan")  # --archfit-only
        cognitive = times.get("complexipy")
        mark = ">" if cut else ""
        print(
            f"{name:<8}{cold:8.2f}s{warm:7.2f}s{mark:>2}{radon:7.1f}s"
            f"{(cognitive or 0):9.2f}s{mark:>4}{radon / cold:9.1f}x{warm / cold:10.2f}"
            f"   {_verdict(radon / cold, warm / cold)}"
        )


def _verdict(speedup: float, warm_share: float) -> str:
    """Issue #4's two targets: >= 10x radon, warm < 1/4 of cold."""
    first = "10x met" if speedup >= 10 else "10x MISSED"
    second = "warm<1/4 met" if warm_share < 0.25 else "warm<1/4 MISSED"
    return f"{first}, {second}"


if __name__ == "__main__":
    main()
