"""Time ``archfit metrics`` (cold and warm) against radon's cc + mi + raw and complexipy.

Usage: python benchmarks/bench_metrics.py [--targets django,pandas,sympy] [--timeout 900]

Each target's wheel is downloaded once into ``.targets/`` (git-ignored). archfit computes
every metric in one pass (cyclomatic, cognitive, MI, Halstead, raw counts, coupling); radon
needs three commands for its part and complexipy a fourth for cognitive complexity. Each
command runs once; a command over ``--timeout`` seconds is reported as such.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench_check import unpacked_wheel  # run as a script: benchmarks/ is on sys.path

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


def measure(name: str, timeout: float) -> dict[str, float | None]:
    """Seconds per tool on one target; archfit cold (no cache) then warm."""
    package = fetch(name)
    root = package.parent
    shutil.rmtree(root / ".archfit_cache", ignore_errors=True)
    archfit = [str(BIN / "archfit"), "metrics", str(root), "--format", "json"]
    times: dict[str, float | None] = {
        "archfit cold": timed(archfit, timeout),
        "archfit warm": timed(archfit, timeout),
    }
    for kind in ("cc", "mi", "raw"):
        times[f"radon {kind}"] = timed([str(BIN / "radon"), kind, "-j", str(package)], timeout)
    if (BIN / "complexipy").exists():
        times["complexipy"] = timed([str(BIN / "complexipy"), str(package)], timeout)
    for tool, seconds in times.items():
        shown = f"{seconds:7.2f} s" if seconds is not None else f"> {timeout:.0f} s (timeout)"
        print(f"  {name:<7} {tool:<13} {shown}", flush=True)
    return times


def _total(times: dict[str, float | None], keys: list[str], timeout: float) -> tuple[float, bool]:
    """Sum of the given runs; a timed-out run counts as the timeout (a lower bound)."""
    values = [times.get(k) for k in keys if k in times]
    return sum(v if v is not None else timeout for v in values), any(v is None for v in values)


def main() -> None:
    """Run every target and print the ratio table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--targets", default="django,pandas,sympy")
    parser.add_argument("--timeout", type=float, default=900)
    args = parser.parse_args()
    print(f"cores: {os.cpu_count()}")
    rows = [(name, measure(name, args.timeout)) for name in args.targets.split(",")]
    print(
        f"\n{'target':<8}{'archfit':>9}{'warm':>8}{'radon x3':>10}{'cognitive':>10}"
        f"{'radon/archfit':>15}{'warm/cold':>11}"
    )
    for name, times in rows:
        cold = times["archfit cold"] or args.timeout
        warm = times["archfit warm"] or args.timeout
        radon, cut = _total(times, ["radon cc", "radon mi", "radon raw"], args.timeout)
        cognitive = times.get("complexipy")
        mark = ">" if cut else ""
        print(
            f"{name:<8}{cold:8.2f}s{warm:7.2f}s{mark:>2}{radon:7.1f}s"
            f"{(cognitive or 0):9.2f}s{mark:>4}{radon / cold:9.1f}x{warm / cold:10.2f}"
        )


if __name__ == "__main__":
    main()
