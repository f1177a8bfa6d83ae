"""Every row of issue #18's table, with medians, ratios and the target each is judged on.

Usage: python benchmarks/bench_all.py [--rows warm,edit,files,...] [--repeat 11]
                                      [--quick DIR] [--sizes 1000,4000,15000]

Rows (``--rows``, comma-separated; default: all, in this order):

- ``warm``: warm ``archfit check``, nothing changed, on Django and on the monorepo (both
  layouts), against warm ``lint-imports``; the import floor (``python -X importtime``) beside.
- ``edit``: one file edited (a comment line appended) before each run, whole tree checked.
- ``files``: the same edit, archfit called as pre-commit calls it (``check . FILE``; on the
  split monorepo the FILES touch two projects).
- ``imports``: an edit that changes the file's imports (a stdlib import line appended before
  each run), whole tree checked: what the graph-level rules recompute after a real edit.
- ``own-imports``: the same with imports of modules beside the edited one that it did not
  import appended (each run one more: a new edge between the project's own modules, which
  the graph rules and contracts read).
- ``cold``: ``archfit check --no-cache`` on Django, pandas and sympy against ``parse_floor``,
  one process that reads and ``ast.parse``s every file archfit analyses.
- ``rss``: peak resident memory of the process tree: cold Django against the floor, warm
  monorepo against lint-imports (the runs of ``cold`` and ``warm``, measured if not yet).
- ``scale``: cold ``check --no-cache`` on 1k-, 4k- and 15k-file subsamples of the monorepo
  (``benchmarks/samples.py``, fixed seed), as time per 1,000 source lines.
- ``commands``: warm ``report``, ``metrics`` and ``graph`` (``--format json``) on the monorepo
  against a warm ``check``.
- ``peers``: cold ``archfit metrics`` on Django against radon's cc + mi + raw and complexipy
  (no target in issue #18; the other tools a user would run).

Each row runs its tools interleaved, ``--repeat`` times (caches filled first by one untimed
run, except cold rows), and prints the median wall time, the median CPU time (user + system of
the process and every worker it waited for) and the peak RSS of the process tree, the ratios
on each, and at the end a Markdown table of the targets, met or not (judged on CPU time, as
the issue says). ``--quick DIR`` runs every row on the small project ``DIR`` (a package and a
``.importlinter``) instead of the real targets: a smoke test, its numbers mean nothing.

Targets are downloaded from PyPI into ``.targets/`` (git-ignored). archfit runs from this
checkout, byte-compiled first. No number here is asserted by a test: the machines are shared.
"""

from __future__ import annotations

import argparse
import ast
import inspect
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench_check import TARGET_LIST, unpacked_wheel, write_config  # benchmarks/ is on sys.path
from bench_monorepo import COMMENT, EDITED, LINES, REPO, Run, environment, interleaved, measure
from bench_precommit import compile_archfit
from monorepo import LAYOUTS, assemble
from samples import sample, source_lines

BIN = Path(sys.executable).parent
ARCHFIT = str(BIN / "archfit")
DJANGO_EDITED = ("django/db/models/query.py",)
# tach's modules for Django, read by ``tach check`` and by archfit (ADR-0017) alike.
TACH_TOML = """source_roots = ["."]

[[modules]]
path = "django.utils"
depends_on = []

[[modules]]
path = "django.core"
depends_on = ["django.utils"]

[[modules]]
path = "django.db"
depends_on = ["django.core", "django.utils"]

[[modules]]
path = "django.forms"
depends_on = ["django.core", "django.utils", "django.template"]

[[modules]]
path = "django.template"
depends_on = ["django.core", "django.utils"]
"""
COLD = (("django", "django==5.2.8"), ("pandas", "pandas==3.1.1"), ("sympy", "sympy==1.14.0"))
Runs = dict[str, list[Run]]


@dataclass(frozen=True)
class Places:
    """Where each row runs: the real targets, or one small project for ``--quick``."""

    django: Path
    django_config: Path
    django_edited: tuple[str, ...]
    cold: tuple[Path, ...]
    layouts: dict[str, Path]
    mono_edited: tuple[str, ...]
    samples_from: Path
    samples_into: Path
    sizes: tuple[int, ...]
    scratch: Path  # the parse floor's file lists
    tach: Path | None = None  # a project holding TACH_TOML, for ``tach check``


@dataclass(frozen=True)
class Case:
    """One measured comparison: each tool's runs, and the tool the others are divided by."""

    name: str
    runs: Runs
    reference: str


@dataclass(frozen=True)
class Target:
    """A row's target: the ratio of ``measure`` (cpu, wall or rss) at most ``limit``."""

    measure: str
    limit: float


@dataclass
class Session:
    """The cases measured so far (``rss`` reuses those of ``cold`` and ``warm``)."""

    places: Places
    repeat: int
    cases: dict[str, Case] = field(default_factory=dict)
    verdicts: list[str] = field(default_factory=list)


def medians(runs: list[Run]) -> tuple[float, float, float]:
    """Median wall seconds, median CPU seconds, highest peak RSS (MB) of one tool's runs."""
    wall = statistics.median(r[0] for r in runs)
    cpu = statistics.median(r[1] for r in runs)
    return wall, cpu, float(max(r[2] for r in runs))


def show(case: Case) -> None:
    """Print each tool's medians and its ratios against the case's reference."""
    print(f"  {case.name}", flush=True)
    base = medians(case.runs[case.reference])
    for tool, runs in case.runs.items():
        wall, cpu, rss = medians(runs)
        text = f"    {tool:<14} wall {wall:7.3f} s  CPU {cpu:7.3f} s  RSS {rss:6.0f} MB"
        if tool != case.reference:
            cpu_x, wall_x, rss_x = cpu / base[1], wall / base[0], rss / max(base[2], 1.0)
            text += f"   / {case.reference}: CPU {cpu_x:.2f}x wall {wall_x:.2f}x RSS {rss_x:.2f}x"
        print(text, flush=True)


def judge(
    session: Session, row: str, case: Case, target: Target | None, tool: str, against: str = ""
) -> None:
    """Add a line of the final table: ``tool`` against ``against`` (default: the case's
    reference), on the target's measure (CPU without a target)."""
    reference = against or case.reference
    ours, theirs = medians(case.runs[tool]), medians(case.runs[reference])
    kind = target.measure if target else "cpu"
    key = {"wall": 0, "cpu": 1, "rss": 2}[kind]
    ratio = ours[key] / max(theirs[key], 1e-9)
    goal = f"{kind} <= {target.limit}x" if target else ""
    verdict = "" if target is None else ("met" if ratio <= target.limit else "not met")
    shown = "{:.3f} s wall, {:.3f} s CPU, {:.0f} MB"
    session.verdicts.append(
        f"| {row} | {case.name} | {tool}: {shown.format(*ours)} | {reference}: "
        f"{shown.format(*theirs)} | {ratio:.2f}x {kind} | {goal} | {verdict} |"
    )


def record(session: Session, row: str, case: Case, target: Target | None) -> Case:
    """Keep, print and judge one case (every tool but the reference is judged; none when
    there is no target)."""
    session.cases[case.name] = case
    show(case)
    for tool in case.runs if target else ():
        if tool != case.reference:
            judge(session, row, case, target, tool)
    return case


def django_commands(places: Places, files: bool) -> dict[str, list[str]]:
    """archfit and lint-imports on the Django copy, both reading the same contracts."""
    config = ["--config", str(places.django_config)]
    archfit = [ARCHFIT, "check", *config, "."]
    archfit += list(places.django_edited) if files else []
    return {"archfit": archfit, "lint-imports": [str(BIN / "lint-imports"), *config]}


def warm_like(session: Session, row: str, target: Target) -> None:
    """``warm``, ``edit``, ``files`` or ``imports``: Django, then each layout of the
    monorepo."""
    places, repeat = session.places, session.repeat
    edited = places.django_edited if row != "warm" else ()
    line = LINES.get(row, COMMENT)
    chosen = django_commands(places, row == "files")
    runs = interleaved(places.django, chosen, repeat, edited, True, line)
    record(session, row, Case(f"django {row}", runs, "lint-imports"), target)
    if places.tach is not None and (BIN / "tach").exists():
        archfit = [ARCHFIT, "check", ".", *(places.django_edited if row == "files" else ())]
        chosen = {"archfit": archfit, "tach": [str(BIN / "tach"), "check"]}
        runs = interleaved(places.tach, chosen, repeat, edited, True, line)
        record(session, row, Case(f"django tach.toml {row}", runs, "tach"), target)
    for layout, root in places.layouts.items():
        runs = measure(root, row, layout, repeat, places.mono_edited)
        record(session, row, Case(f"monorepo-{layout} {row}", runs, "lint-imports"), target)


def warm_row(session: Session) -> None:
    """Warm, nothing changed; the import floor of the no-change run printed beside."""
    warm_like(session, "warm", Target("cpu", 0.6))
    print(import_floor(session.places, min(3, session.repeat)), flush=True)


def cold_row(session: Session) -> None:
    """Cold ``check --no-cache`` against the parse floor, on each cold target."""
    for root in session.places.cold:
        chosen = {
            "archfit": [ARCHFIT, "check", "--no-cache", "."],
            "parse_floor": floor_command(root, session.places.scratch),
        }
        runs = interleaved(root, chosen, session.repeat, (), warm=False)
        case = Case(f"{root.name} cold", runs, "parse_floor")
        record(session, "cold", case, Target("wall", 1.5))
        judge(session, "cold", case, Target("cpu", 2.5), "archfit")


def rss_row(session: Session) -> None:
    """Peak RSS: cold Django against the floor, warm monorepo against lint-imports."""
    places = session.places
    first_cold = f"{places.cold[0].name} cold"
    if first_cold not in session.cases:
        cold_row(session)
    if not any(name.endswith(" warm") for name in session.cases):
        warm_like(session, "warm", Target("cpu", 0.6))
    judge(session, "rss", session.cases[first_cold], Target("rss", 2.0), "archfit")
    for layout in places.layouts:
        judge(
            session, "rss", session.cases[f"monorepo-{layout} warm"], Target("rss", 1.0), "archfit"
        )


def scale_row(session: Session) -> None:
    """Cold check on each subsample; time per 1,000 source lines, within 1.2x of each other.

    The parse floor runs beside each sample: the samples differ in what their lines hold (the
    bigger ones draw more of the monorepo's largest modules), so the floor's own time per line
    moves between them too, and archfit's time over the floor's is its own scaling."""
    places, per_kloc, over_floor = session.places, {}, {}
    for size in places.sizes:
        source = places.samples_from if places.samples_from.is_dir() else assemble("one")
        root = sample(source, size, places.samples_into)
        lines = max(source_lines(root), 1)
        chosen = {
            "archfit": [ARCHFIT, "check", "--no-cache", "."],
            "parse_floor": floor_command(root, places.scratch),
        }
        runs = interleaved(root, chosen, session.repeat, (), warm=False)
        wall, cpu, rss = medians(runs["archfit"])
        floor_cpu = medians(runs["parse_floor"])[1]
        per_kloc[size] = (wall * 1000 / lines, cpu * 1000 / lines)
        over_floor[size] = cpu / max(floor_cpu, 1e-9)
        files = sum(1 for _ in root.rglob("*.py"))
        print(
            f"  sample {size}: {files} files, {lines} lines: wall {wall:.2f} s, CPU {cpu:.2f} s,"
            f" RSS {rss:.0f} MB; per 1,000 lines {per_kloc[size][0] * 1000:.1f} ms wall,"
            f" {per_kloc[size][1] * 1000:.1f} ms CPU; the floor {floor_cpu * 1e6 / lines:.1f} ms"
            f" CPU per 1,000 lines, archfit {over_floor[size]:.2f}x the floor's CPU",
            flush=True,
        )
    session.verdicts.append(_scale_verdict(per_kloc, over_floor))


def _scale_verdict(per_kloc: dict[int, tuple[float, float]], over_floor: dict[int, float]) -> str:
    """The scale row's line of the table: judged on CPU per 1,000 lines, as the issue says,
    with the spread of archfit's CPU over the floor's beside it."""
    cpus = [cpu for _, cpu in per_kloc.values()]
    spread = max(cpus) / min(cpus)
    floor_spread = max(over_floor.values()) / min(over_floor.values())
    return (
        "| scale | cold check, CPU per 1,000 lines | "
        + ", ".join(f"{s}: {c * 1000:.1f} ms" for s, (_, c) in per_kloc.items())
        + f" | against the floor: {floor_spread:.2f}x max/min"
        + f" | {spread:.2f}x max/min | cpu <= 1.2x | {'met' if spread <= 1.2 else 'not met'} |"
    )


def commands_row(session: Session) -> None:
    """Warm ``report``, ``metrics`` and ``graph`` against a warm ``check``, on the monorepo."""
    if "one" not in session.places.layouts:
        print("  skipped: the monorepo's layout 'one' was not chosen (--layouts)")
        return
    root = session.places.layouts["one"]
    chosen = {"check": [ARCHFIT, "check", "."]}
    for command in ("report", "metrics", "graph"):
        chosen[command] = [ARCHFIT, command, ".", "--format", "json"]
    runs = interleaved(root, chosen, session.repeat, (), warm=True)
    # Its own name: the warm row's "monorepo-one warm" case is the rss row's input.
    record(session, "commands", Case("monorepo-one commands", runs, "check"), Target("cpu", 1.5))


def peers_row(session: Session) -> None:
    """Cold ``archfit metrics`` against radon (cc, mi, raw) and complexipy, on Django."""
    root = session.places.cold[0]
    chosen = {"archfit metrics": [ARCHFIT, "metrics", "--no-cache", "--format", "json", "."]}
    if (BIN / "radon").exists():
        radon = " ; ".join(f"{BIN / 'radon'} {kind} -j ." for kind in ("cc", "mi", "raw"))
        chosen["radon cc+mi+raw"] = ["sh", "-c", radon]
    if (BIN / "complexipy").exists():
        chosen["complexipy"] = [str(BIN / "complexipy"), "."]
    runs = interleaved(root, chosen, session.repeat, (), warm=False)
    case = Case(f"{root.name} metrics cold", runs, "archfit metrics")
    record(session, "peers", case, None)  # the ratios are printed against archfit; then
    for peer in list(chosen)[1:]:  # the table judges archfit against each peer
        judge(session, "peers", case, None, "archfit metrics", peer)


ROWS: dict[str, Callable[[Session], None]] = {
    "warm": warm_row,
    "edit": lambda session: warm_like(session, "edit", Target("cpu", 1.0)),
    "files": lambda session: warm_like(session, "files", Target("cpu", 1.0)),
    "imports": lambda session: warm_like(session, "imports", Target("cpu", 1.0)),
    "own-imports": lambda session: warm_like(session, "own-imports", Target("cpu", 1.0)),
    "cold": cold_row,
    "rss": rss_row,
    "scale": scale_row,
    "commands": commands_row,
    "peers": peers_row,
}


def floor_command(root: Path, scratch: Path) -> list[str]:
    """The parse floor's process on ``root``: ``benchmarks/parse_floor.py ROOT`` where that
    script exists (the cold path's own reference), else ``parse_floor`` below."""
    script = Path(__file__).with_name("parse_floor.py")
    if script.is_file():
        return [sys.executable, str(script), str(root)]
    return [sys.executable, "-c", FLOOR_PROGRAM, str(floor_list(root, scratch))]


def floor_list(root: Path, scratch: Path) -> Path:
    """A file naming every file archfit analyses in ``root`` (its own discovery), one a line."""
    sys.path.insert(0, str(REPO))
    from analyzer.discovery import discover  # archfit's, from this checkout

    listing = scratch / f"{root.name}.files"
    paths = (os.path.join(root, f.path) for f in discover(str(root)).files)
    listing.write_text("\n".join(paths), encoding="utf-8")
    return listing


def parse_floor(paths: list[str]) -> int:
    """The physical floor of a cold run: read and ``ast.parse`` each file in one process,
    keeping nothing. Returns how many files did not parse."""
    failed = 0
    for path in paths:
        with open(path, "rb") as handle:
            source = handle.read()
        try:
            ast.parse(source, path)
        except (SyntaxError, ValueError):
            failed += 1
    return failed


# The floor's process runs ``parse_floor``'s own source, importing nothing but ``ast`` and
# ``sys`` (running this script would add its own imports to the floor). Read once, at start.
FLOOR_PROGRAM = (
    f"import ast, sys\n{inspect.getsource(parse_floor)}\n"
    "parse_floor(open(sys.argv[1]).read().splitlines())\n"
)


def import_floor(places: Places, repeat: int) -> str:
    """What a warm no-change run imports (``python -X importtime``), beside bare Python and
    the CLI alone: modules and the sum of their own import times, medians of ``repeat`` runs."""
    root, env = places.django, {**environment(places.django), "PYTHONPROFILEIMPORTTIME": "1"}
    probes = {
        "python": [sys.executable, "-c", "pass"],
        "CLI import": [sys.executable, "-c", "import fitness.cli.main"],
        "warm no-change check": django_commands(places, files=False)["archfit"],
    }
    parts = []
    for name, command in probes.items():
        counts = [imported(command, root, env) for _ in range(repeat)]
        modules, micros = (
            statistics.median(c[0] for c in counts),
            statistics.median(c[1] for c in counts),
        )
        parts.append(f"{name} {modules:.0f} modules {micros / 1000:.0f} ms")
    return "  import floor (django, -X importtime, self times summed): " + "; ".join(parts)


def imported(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[int, int]:
    """Modules imported by one run, and the sum of their own import times in microseconds."""
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    rows = [line.split("|") for line in done.stderr.splitlines() if line.startswith("import time:")]
    selves = [int(row[0].split(":")[1]) for row in rows if row[0].split(":")[1].strip().isdigit()]
    return len(selves), sum(selves)


def real_places(scratch: Path, sizes: tuple[int, ...], chosen: list[str]) -> Places:
    """The real targets: Django (its own warm copy), pandas, sympy, the ``chosen`` layouts of
    the monorepo."""
    django = unpacked_wheel("django", "django==5.2.8", "warm")
    cold = tuple(unpacked_wheel(name, requirement, "bench") for name, requirement in COLD)
    layouts = {layout: assemble(layout) for layout in chosen}
    config = write_config(TARGET_LIST[0], django)
    tach = unpacked_wheel("django", "django==5.2.8", "tach")
    (tach / "tach.toml").write_text(TACH_TOML, encoding="utf-8")
    return Places(
        django, config, DJANGO_EDITED, cold, layouts, EDITED,
        layouts.get("one", REPO / ".targets" / "monorepo-one"),  # built by the scale row if need be
        REPO / ".targets" / "monorepo-samples", sizes, scratch, tach,
    )  # fmt: skip


def quick_places(project: Path, scratch: Path) -> Places:
    """Every row on one small project (a smoke test): its first Python file is the edit;
    a ``tach`` folder beside it holding ``tach.toml`` and a package is tach's."""
    first = str(sorted(project.glob("*/**/*.py"))[0].relative_to(project))
    tach = project.parent / "tach"
    return Places(
        project, project / ".importlinter", (first,), (project,), {"one": project}, (first,),
        project, scratch / "samples", (1, 2, 1000), scratch,
        tach if (tach / "tach.toml").is_file() else None,
    )  # fmt: skip


def main() -> None:
    """Run the chosen rows, then print the table of targets."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", default=",".join(ROWS))
    parser.add_argument("--repeat", type=int, default=11)
    parser.add_argument("--quick", type=Path, help="every row on this small project instead")
    parser.add_argument("--sizes", default="1000,4000,15000", help="the scale row's samples")
    parser.add_argument("--layouts", default=",".join(LAYOUTS), help="monorepo layouts ('': none)")
    args = parser.parse_args()
    unknown = sorted(set(args.rows.split(",")) - set(ROWS))
    unknown += sorted(set(args.layouts.split(",")) - set(LAYOUTS) - {""})
    if unknown:
        known = ", ".join([*ROWS, *LAYOUTS])
        parser.error(f"unknown rows or layouts {', '.join(unknown)}; known: {known}")
    compile_archfit()
    print(f"cores: {os.cpu_count()}, load: {os.getloadavg()[0]:.2f}, repeat: {args.repeat}")
    with tempfile.TemporaryDirectory() as scratch:
        sizes = tuple(int(s) for s in args.sizes.split(","))
        places = (
            quick_places(args.quick.resolve(), Path(scratch))
            if args.quick
            else real_places(Path(scratch), sizes, [x for x in args.layouts.split(",") if x])
        )
        session = Session(places, args.repeat)
        for row in args.rows.split(","):
            print(f"{row}:", flush=True)
            ROWS[row](session)
    print("\n| row | case | archfit | reference | ratio | target | verdict |")
    print("|---|---|---|---|---|---|---|")
    print("\n".join(session.verdicts))


if __name__ == "__main__":
    main()
