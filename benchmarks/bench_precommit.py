"""Time the pre-commit hook: a warm ``archfit check ROOT FILE`` after one edited file.

Usage: python benchmarks/bench_precommit.py [--repeat 11] [--file django/db/models/query.py]
[--no-edit]

Django's wheel is unpacked into ``.targets/django-precommit`` (git-ignored, its own copy: the
benchmark edits a file of it, and restores it at the end). The cache is filled by one cold
run; then, ``--repeat`` times, the file gets one more comment line (new content, so it is
parsed again and stored, as after an edit) and ``archfit check ROOT FILE`` is timed. It prints
the median, the spread and the median CPU time (user + system) of the run, which moves less
than wall-clock time when other jobs share the machine. With ``--no-edit`` nothing changes
between runs and ``archfit check .`` checks the whole tree: the stored run of ADR-0020.

For reference, the same edit is followed by a warm ``lint-imports`` (import-linter's hook,
its grimp cache filled, the Django contracts of ``bench_check.py``) when it is installed: the
tool a pre-commit user would otherwise run. It checks three import contracts; archfit's run
also checks every rule of the bundled packs and measures every file.

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
import tempfile
import time
from pathlib import Path

from bench_check import TARGET_LIST, unpacked_wheel, write_config  # benchmarks/ is on sys.path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def compile_archfit() -> None:
    """Byte-code for archfit's packages, where this interpreter imports them from."""
    for package in ("archfit_values", "analyzer", "fitness"):
        compileall.compile_dir(str(REPO / package), quiet=1)


Run = tuple[float, float, int]  # wall-clock seconds, CPU seconds, exit code


def timed(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Wall-clock seconds, CPU seconds (user + system) and exit code of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode not in (0, 1):
        raise SystemExit(f"archfit failed ({done.returncode}): {done.stderr.decode()[-2000:]}")
    return wall, cpu, done.returncode


# A comment line an edit appends, numbered and stamped with ``_STAMP``.
COMMENT = b"# bench edit %d %s\n"
# Stamped into every edit: content no run has seen before, in this session or an earlier one,
# as a real edit's is. Numbered lines alone came back each session, so archfit's content-keyed
# caches already held the edited file's facts and hits, where a peer parsed it again.
_STAMP = f"{time.time_ns()}:{os.getpid()}".encode()


def appended_stamp() -> bytes:
    """This session's stamp (``_STAMP``), for edits built elsewhere."""
    return _STAMP


def appended(path: Path, original: bytes, count: int, line: bytes = COMMENT) -> None:
    """New content for ``path``: the original plus ``count + 1`` lines (``line``, numbered
    and stamped)."""
    path.write_bytes(original + b"".join(line % (i, _STAMP) for i in range(count + 1)))


def measure(
    root: Path, changed: str, repeat: int, peer: list[str] | None, edits: bool = True
) -> dict[str, list[Run]]:
    """Fill the caches with one cold run each, then time ``repeat`` warm runs after an edit
    each (``edits``; else with nothing changed, the whole tree checked): archfit, then the
    peer hook (when there is one) on the same edit."""
    archfit = [str(BIN / "archfit"), "check", "."]
    commands = {"archfit": [*archfit, changed] if edits else archfit}
    if peer:
        commands["lint-imports"] = peer
    # lint-imports finds django there; archfit runs from this checkout, not an installed copy.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join((str(root), str(REPO)))}
    target = root / changed
    original = target.read_bytes()
    runs: dict[str, list[Run]] = {tool: [] for tool in commands}
    try:
        for command in commands.values():  # cold: fills .archfit_cache/ and grimp's cache
            timed(command, root, env)
        for count in range(repeat):
            if edits:
                appended(target, original, count)
            for tool, command in commands.items():
                runs[tool].append(timed(command, root, env))
    finally:
        if edits:
            target.write_bytes(original)
    return runs


def peer_command(folder: Path) -> list[str] | None:
    """``lint-imports`` with the Django contracts, or None when it is not installed."""
    program = BIN / "lint-imports"
    if not program.exists():
        return None
    return [str(program), "--config", str(write_config(TARGET_LIST[0], folder))]


def summary(tool: str, runs: list[Run]) -> float:
    """Print one tool's runs and median; return the median wall-clock time."""
    walls = sorted(wall for wall, _, _ in runs)
    cpus = [cpu for _, cpu, _ in runs]
    print(f"{tool} runs (s): " + " ".join(f"{w:.3f}" for w in walls))
    print(
        f"  {tool}: median {statistics.median(walls):.3f} s (min {walls[0]:.3f}, "
        f"max {walls[-1]:.3f}); CPU median {statistics.median(cpus):.3f} s; exit {runs[0][2]}"
    )
    return statistics.median(walls)


def main() -> None:
    """Print every run, then the median and spread."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=11)
    parser.add_argument("--file", default="django/db/models/query.py")
    parser.add_argument("--no-compile", action="store_true", help="leave byte-code alone")
    parser.add_argument(
        "--no-edit", action="store_true", help="nothing changed between runs (ADR-0020's path)"
    )
    args = parser.parse_args()
    if not args.no_compile:
        compile_archfit()
    root = unpacked_wheel("django", "django==5.2.8", "precommit")
    print(f"cores: {os.cpu_count()}, load: {os.getloadavg()[0]:.2f}, repeat: {args.repeat}")
    with tempfile.TemporaryDirectory() as folder:
        peer = peer_command(Path(folder))
        runs = measure(root, args.file, args.repeat, peer, edits=not args.no_edit)
    what = "with nothing changed" if args.no_edit else f"after one edited file ({args.file})"
    print(f"django, warm run {what}:")
    medians = {tool: summary(tool, tool_runs) for tool, tool_runs in runs.items()}
    if "lint-imports" in medians:
        ratio = medians["archfit"] / medians["lint-imports"]
        print(f"archfit / lint-imports: {ratio:.2f}")


if __name__ == "__main__":
    main()
