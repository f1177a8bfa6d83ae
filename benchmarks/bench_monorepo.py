"""Time archfit against lint-imports on the 14,500-file monorepo (issue #18's table).

Usage: python benchmarks/bench_monorepo.py [--repeat 11] [--rows warm,edit,files,cold]

The monorepo is assembled from PyPI wheels by ``benchmarks/monorepo.py`` (two layouts: one
project, and one project per package). Each row runs archfit and the reference side by side,
interleaved, ``--repeat`` times, and prints the median wall-clock time, the median CPU time
(user + system of the process and its workers) and the peak resident memory of the process
tree (sampled), then the ratios archfit / reference on CPU and on wall. Rows:

- ``warm``: a warm ``archfit check`` with nothing changed; lint-imports warm (its cache filled).
- ``edit``: one file edited (a comment line appended) before each run, whole-tree check.
- ``files``: the same edit, archfit called as pre-commit calls it (``check . FILE``); on the
  split layout the FILES touch two projects.
- ``cold``: ``archfit check --no-cache`` against ``lint-imports --no-cache``.

archfit's modules are byte-compiled first, as pip does on install; run with
``PYTHONDONTWRITEBYTECODE`` unset. No number here is asserted by a test: the machines are shared.
"""

from __future__ import annotations

import argparse
import ast
import os
import resource
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from bench_precommit import (
    COMMENT,
    appended,
    appended_stamp,
    compile_archfit,
)  # benchmarks/ is on sys.path
from monorepo import LAYOUTS, assemble

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
EDITED = ("django/db/models/query.py", "sympy/core/basic.py")
Run = tuple[float, float, int]  # wall seconds, CPU seconds, peak RSS of the tree in MB


def tree_rss_mb(pid: int) -> int:
    """Resident memory of ``pid`` and its descendants, in MB (Linux /proc)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry)] = int(fields[1])
        rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    tree = {pid}
    for _ in range(4):  # the CLI, its pool, the pool's workers
        tree |= {child for child, parent in parents.items() if parent in tree}
    return sum(rss.get(p, 0) for p in tree) // (1024 * 1024)


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> Run:
    """Wall seconds, CPU seconds and peak RSS (sampled every 20 ms) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    peak = [0]

    def sample() -> None:
        while process.poll() is None:
            peak[0] = max(peak[0], tree_rss_mb(process.pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = process.communicate()
    wall = time.perf_counter() - start
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode not in (0, 1):
        raise SystemExit(f"{command[0]} failed ({process.returncode}): {err.decode()[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, peak[0]


# What an edit appends, per row: a comment (the file's imports and definitions unchanged);
# for ``imports``, a stdlib import (the file's imports change, as a real edit's often do); for
# ``own-imports``, imports of modules of the edited file's package that it did not import
# (each run one more than the last: an edge between the project's own modules that the last
# run's caches did not hold; a second import of a module already imported would add none).
# Numbered and stamped as ``bench_precommit.appended`` says.
OWN_IMPORT = b"from .%s import %s as _bench_edit_%d  # bench edit %d %s\n"
LINES = {
    "imports": b"import json  # bench edit %d %s\n",
    "own-imports": OWN_IMPORT,
}
# The rows whose runs follow an edit of the files ``EDITED``.
EDIT_ROWS = ("edit", "files", *LINES)


def commands(row: str, layout: str, edited: tuple[str, ...] = EDITED) -> dict[str, list[str]]:
    """archfit's and lint-imports' command lines for one row (``edited``: the FILES)."""
    archfit = [str(BIN / "archfit"), "check", "."]
    peer = [str(BIN / "lint-imports")]
    if row == "files":
        archfit += list(edited)
    if row == "cold":
        archfit.append("--no-cache")
        peer.append("--no-cache")
    if layout == "split":  # lint-imports has no projects: one run per package's config
        peer = [str(BIN / "python"), str(Path(__file__).with_name("lint_each.py"))]
        peer += ["--no-cache"] if row == "cold" else []
    return {"archfit": archfit, "lint-imports": peer}


def placed(layout: str, names: tuple[str, ...]) -> tuple[str, ...]:
    """``names`` (paths in the one-project layout) where ``layout`` holds them: the split
    layout keeps each package in a folder of its own name."""
    if layout != "split":
        return names
    return tuple(f"{name.split('/')[0]}/{name}" for name in names)


def environment(root: Path) -> dict[str, str]:
    """The runs' environment: archfit imported from this checkout (not whatever the
    interpreter's editable install points at), the target importable for lint-imports, and
    byte-code written as an installed tool's would be."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join((str(REPO), str(root)))}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def editor(
    root: Path, names: tuple[str, ...], line: bytes = COMMENT
) -> tuple[Callable[[int], None], Callable[[], None]]:
    """A function that edits ``names`` anew (run ``count``: ``line`` appended), and one that
    restores them."""
    originals = {name: (root / name).read_bytes() for name in names}

    def edit(count: int) -> None:
        for name, original in originals.items():
            if line == OWN_IMPORT:
                (root / name).write_bytes(original + new_imports(root / name, original, count))
            else:
                appended(root / name, original, count, line)

    def restore() -> None:
        for name, original in originals.items():
            (root / name).write_bytes(original)

    return edit, restore


def new_imports(path: Path, original: bytes, count: int) -> bytes:
    """``count + 1`` lines of ``OWN_IMPORT``, each importing another module of ``path``'s
    package that its original text does not import (nearest first, then by name)."""
    modules = unimported(path, original)
    if len(modules) <= count:
        raise SystemExit(f"{path}: {len(modules)} modules of its package not imported")
    lines = []
    for i, module in enumerate(modules[: count + 1]):
        above, _, name = module.rpartition(".")
        lines.append(OWN_IMPORT % (above.encode(), name.encode(), i, i, appended_stamp()))
    return b"".join(lines)


def unimported(path: Path, original: bytes) -> list[str]:
    """The modules and packages below ``path``'s folder (dotted, relative to it) that
    ``original``, the text of ``path``, imports nowhere, relatively or by its package's name."""
    package = dotted_package(path.parent)
    imported = {name for node in ast.walk(ast.parse(original)) for name in named(node, package)}
    below = [f.relative_to(path.parent).with_suffix("") for f in path.parent.rglob("*.py")]
    dotted = {
        ".".join(p.parts[:-1] if p.name == "__init__" else p.parts)
        for p in below
        if all(
            (path.parent / Path(*p.parts[:i]) / "__init__.py").is_file()
            for i in range(len(p.parts))
        )
    }
    return sorted(dotted - imported - {path.stem, ""}, key=lambda m: (m.count("."), m))


def named(node: ast.AST, package: str) -> list[str]:
    """What one import statement imports of ``package`` (a module's own package), dotted and
    relative to it: ``from .x.y import z`` gives ``x.y``, ``x.y.z`` and ``x``."""
    if isinstance(node, ast.ImportFrom) and node.level == 1:
        head = node.module or ""
        inside = [head, *(f"{head}.{alias.name}".lstrip(".") for alias in node.names)]
    elif isinstance(node, ast.Import) or (isinstance(node, ast.ImportFrom) and not node.level):
        full = [alias.name for alias in node.names]
        if isinstance(node, ast.ImportFrom):
            full = [node.module or "", *(f"{node.module}.{name}" for name in full)]
        inside = [name[len(package) + 1 :] for name in full if name.startswith(package + ".")]
    else:
        return []
    return [*inside, *(prefix for name in inside for prefix in prefixes(name))]


def prefixes(dotted: str) -> list[str]:
    """``a.b.c`` -> ``a``, ``a.b``: the packages an import of a module also imports."""
    parts = dotted.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def dotted_package(folder: Path) -> str:
    """The dotted name of the package ``folder`` is: its name and those of the folders above
    it that hold an ``__init__.py``."""
    parts = []
    while (folder / "__init__.py").is_file():
        parts.append(folder.name)
        folder = folder.parent
    return ".".join(reversed(parts))


def interleaved(
    root: Path,
    chosen: dict[str, list[str]],
    repeat: int,
    edited: tuple[str, ...],
    warm: bool,
    line: bytes = COMMENT,
) -> dict[str, list[Run]]:
    """``repeat`` rounds of one run per tool, in turn, from ``root``; before each round the
    files ``edited`` get new content (``line`` appended). ``warm``: one untimed run per tool
    fills the caches."""
    env = environment(root)
    edit, restore = editor(root, edited, line)
    runs: dict[str, list[Run]] = {tool: [] for tool in chosen}
    try:
        for command in chosen.values() if warm else ():
            timed(command, root, env)
        for count in range(repeat):
            edit(count)
            for tool, command in chosen.items():
                runs[tool].append(timed(command, root, env))
    finally:
        restore()
    return runs


def measure(
    root: Path, row: str, layout: str, repeat: int, edited: tuple[str, ...] = EDITED
) -> dict[str, list[Run]]:
    """Interleaved runs of both tools for one row (caches filled first, except ``cold``)."""
    edited = placed(layout, edited)
    chosen = commands(row, layout, edited)
    changed = edited if row in EDIT_ROWS else ()
    return interleaved(root, chosen, repeat, changed, row != "cold", LINES.get(row, COMMENT))


def line(tool: str, runs: list[Run]) -> tuple[float, float]:
    """Print one tool's medians; return (median wall, median CPU)."""
    wall = statistics.median(r[0] for r in runs)
    cpu = statistics.median(r[1] for r in runs)
    rss = max(r[2] for r in runs)
    print(f"    {tool:<13} wall {wall:7.2f} s   CPU {cpu:7.2f} s   peak RSS {rss:5d} MB")
    return wall, cpu


def main() -> None:
    """Print each requested row for each layout."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=11)
    parser.add_argument("--rows", default="warm,edit,files,cold")
    parser.add_argument("--layouts", default=",".join(LAYOUTS))
    args = parser.parse_args()
    compile_archfit()
    print(f"cores: {os.cpu_count()}, load: {os.getloadavg()[0]:.2f}, repeat: {args.repeat}")
    for layout in args.layouts.split(","):
        root = assemble(layout)
        for row in args.rows.split(","):
            print(f"{layout} / {row}:")
            runs = measure(root, row, layout, args.repeat)
            (aw, ac), (pw, pc) = (line(tool, runs[tool]) for tool in ("archfit", "lint-imports"))
            print(f"    archfit / lint-imports: CPU {ac / pc:.2f}x, wall {aw / pw:.2f}x")


if __name__ == "__main__":
    main()
