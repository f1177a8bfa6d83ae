"""Time the pre-commit hook: a warm ``archfit check ROOT FILE`` after one edited file.

Usage: python benchmarks/bench_precommit.py [--repeat 11] [--file django/db/models/query.py]

Django's wheel is unpacked into ``.targets/django-precommit`` (git-ignored, its own copy: the
benchmark edits a file of it, and restores it at the end). The cache is filled by one cold
run; then, ``--repeat`` times, the file gets one more comment line (new content, so it is
parsed again and stored, as after an edit) and ``archfit check ROOT FILE`` is timed. It prints
the median, the spread and the median CPU time (user + system) of the run, which moves less
than wall-clock time when other jobs share the machine.

archfit's own modules are byte-compiled first (``compileall``), as pip does on install: a dev
checkout run with ``PYTHONDONTWRITEBYTECODE=1`` would otherwise compile ~130 modules from
source at every start (``--no-compile`` measures that instead).
"""

from __future__ import annotations

import argparse
import compileall
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench_check import unpacked_wheel  # run as a script: benchmarks/ is on sys.path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def compile_archfit() -> None:
    """Byte-code for archfit's packages, where this interpreter imports them from."""
    for package in ("analyzer", "fitness"):
        compileall.compile_dir(str(REPO / package), quiet=1)


def timed(command: list[str], cwd: Path) -> tuple[float, float, int]:
    """Wall-clock seconds, CPU seconds (user + system) and exit code of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode not in (0, 1):
        raise SystemExit(f"archfit failed ({done.returncode}): {done.stderr.decode()[-2000:]}")
    return wall, cpu, done.returncode


def edit(path: Path, original: bytes, count: int) -> None:
    """New content for ``path``: the original plus ``count`` comment lines."""
    path.write_bytes(original + b"".join(b"# bench edit %d\n" % i for i in range(count + 1)))


def measure(root: Path, changed: str, repeat: int) -> list[tuple[float, float, int]]:
    """Fill the cache with one cold run, then time ``repeat`` warm runs after an edit each."""
    command = [str(BIN / "archfit"), "check", ".", changed]
    target = root / changed
    original = target.read_bytes()
    try:
        timed([str(BIN / "archfit"), "check", "."], root)  # cold: fills .archfit_cache/
        runs = []
        for count in range(repeat):
            edit(target, original, count)
            runs.append(timed(command, root))
    finally:
        target.write_bytes(original)
    return runs


def main() -> None:
    """Print every run, then the median and spread."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=11)
    parser.add_argument("--file", default="django/db/models/query.py")
    parser.add_argument("--no-compile", action="store_true", help="leave byte-code alone")
    args = parser.parse_args()
    if not args.no_compile:
        compile_archfit()
    root = unpacked_wheel("django", "django==5.2.8", "precommit")
    print(f"cores: {os.cpu_count()}, load: {os.getloadavg()[0]:.2f}, repeat: {args.repeat}")
    runs = measure(root, args.file, args.repeat)
    walls = sorted(wall for wall, _, _ in runs)
    cpus = [cpu for _, cpu, _ in runs]
    print("runs (s): " + " ".join(f"{w:.3f}" for w in walls))
    print(
        f"django warm check, one edited file: median {statistics.median(walls):.3f} s "
        f"(min {walls[0]:.3f}, max {walls[-1]:.3f}); CPU median {statistics.median(cpus):.3f} s; "
        f"exit {runs[0][2]}"
    )


if __name__ == "__main__":
    main()
