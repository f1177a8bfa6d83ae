"""The edge record (ADR-0020, the edit path): each module's resolved edges stored under its
content key and the module index, read back exactly as resolving every file gives them."""

from __future__ import annotations

import json
import os
import random
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest

from analyzer import deferred, edge_record, project
from analyzer.cache import CACHE_DIR
from analyzer.deferred import _in_order, edge_order, index_digest, record_stamp
from analyzer.edge_record import EDGES_FILE, entry_of, read_edges, recorded, write_edges
from analyzer.facts import DeferredFacts, ImportEdge, ImportKind, ParsedFile
from analyzer.graph import ModuleIndex, layout_index
from analyzer.project import analyze
from fitness import __version__
from tests.analyzer.trees import write_tree

_PACKAGE = {
    "pkg/__init__.py": '"""Pkg."""\n',
    "pkg/a.py": '"""A."""\n\nfrom pkg import b, later\nimport os\n',
    "pkg/b.py": '"""B."""\n\nfrom . import a  # tach-ignore\nfrom .sub import c\n',
    "pkg/sub/__init__.py": "",
    "pkg/sub/c.py": "import pkg.a\nfrom pkg.b import x, y  # tach-ignore(why) x\n",
}


def _analyze(root: Path, cache: bool = True) -> Any:
    return analyze(
        str(root), root_packages=["pkg"], cache_version=__version__ if cache else None,
        defer=True,
    )  # fmt: skip


def _rows(edges: tuple[ImportEdge, ...]) -> list[tuple[object, ...]]:
    """Every field of every edge, in order: the compared ones and the others."""
    return [tuple(getattr(e, f.name) for f in fields(ImportEdge)) for e in edges]


def _same_as_cold(root: Path) -> Any:
    """A warm run's edges (read) are those of a run without the cache, field for field."""
    warm = _analyze(root)
    assert isinstance(warm, DeferredFacts)
    cold = _analyze(root, cache=False)
    assert warm.edges == cold.edges
    assert _rows(warm.edges) == _rows(cold.edges)
    return warm


def _record(root: Path) -> Path:
    return root / CACHE_DIR / EDGES_FILE


def _resolving(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths of the modules resolved from now on, wherever they are resolved."""
    paths: list[str] = []
    real = deferred.resolve_now

    def counted(parsed: ParsedFile, index: ModuleIndex) -> Any:
        paths.append(parsed.source.path)
        return real(parsed, index)

    monkeypatch.setattr(deferred, "resolve_now", counted)
    monkeypatch.setattr(project, "resolve_now", counted)
    return paths


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return write_tree(tmp_path, _PACKAGE)


def test_a_warm_run_reads_every_module_s_edges_from_the_record(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _same_as_cold(root)  # fills the cache, the briefs and the edge record
    assert _record(root).exists()
    written = _record(root).stat().st_mtime_ns
    resolved = _resolving(monkeypatch)
    _same_as_cold(root)
    assert resolved == [], "no module resolved again, none decoded"
    assert _record(root).stat().st_mtime_ns == written, "nothing changed: not rewritten"


def test_only_the_edited_module_is_resolved_again(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _same_as_cold(root)
    (root / "pkg" / "a.py").write_text('"""A."""\n\nfrom pkg.sub import c\n')
    resolved = _resolving(monkeypatch)
    _same_as_cold(root)
    assert resolved == ["pkg/a.py"]
    resolved.clear()
    _same_as_cold(root)
    assert resolved == [], "the record holds the edited module's new edges"


def test_a_new_module_changes_the_index_and_every_module_is_resolved(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``from pkg import later`` lands on ``pkg`` until pkg/later.py exists."""
    before = _same_as_cold(root)
    assert ("pkg.a", "pkg") in {(e.importer, e.imported) for e in before.edges}
    (root / "pkg" / "later.py").write_text('"""Later."""\n')
    resolved = _resolving(monkeypatch)
    after = _same_as_cold(root)
    assert ("pkg.a", "pkg.later") in {(e.importer, e.imported) for e in after.edges}
    assert sorted(resolved) == sorted([*_PACKAGE, "pkg/later.py"])


def test_a_tach_ignore_edit_is_read_again(root: Path) -> None:
    _same_as_cold(root)
    (root / "pkg" / "b.py").write_text('"""B."""\n\nfrom . import a\nfrom .sub import c\n')
    warm = _same_as_cold(root)
    assert not any(e.tach_ignored for e in warm.edges if e.importer == "pkg.b")


def _forged(root: Path, change: Callable[[dict[str, Any]], object]) -> None:
    """Rewrite the record's body with ``change`` applied, its MAC left as it was."""
    mac, _, body = _record(root).read_bytes().partition(b"\n")
    _record(root).write_bytes(mac + b"\n" + json.dumps(change(json.loads(body))).encode())


def _drop_an_edge(record: dict[str, Any]) -> object:
    record["pkg/a.py"][2] = record["pkg/a.py"][2][1:]
    return record


def _truncate(root: Path) -> None:
    data = _record(root).read_bytes()
    _record(root).write_bytes(data[: len(data) // 2])


def _foreign(root: Path) -> None:
    """A record archfit sealed for another module index, in place of this index's."""
    record = {"pkg/a.py": entry_of("k", "pkg.a", [])}
    write_edges(str(root / CACHE_DIR), record_stamp(__version__, "0" * 64), record)


@pytest.mark.parametrize(
    "spoil",
    [
        lambda root: _forged(root, _drop_an_edge),
        _truncate,
        _foreign,
        lambda root: _record(root).write_text("not a record"),
    ],
    ids=["tampered", "truncated", "foreign", "garbage"],
)
def test_a_record_that_does_not_verify_is_ignored_and_rewritten(
    root: Path, monkeypatch: pytest.MonkeyPatch, spoil: Callable[[Path], None]
) -> None:
    _same_as_cold(root)
    spoil(root)
    resolved = _resolving(monkeypatch)
    warm = _same_as_cold(root)
    assert sorted(resolved) == sorted(p for p in _PACKAGE), "every module resolved again"
    index = index_digest(layout_index(warm.layout))
    assert set(read_edges(str(root / CACHE_DIR), record_stamp(__version__, index))) == set(
        _PACKAGE
    ), "rewritten, whole"


@pytest.mark.parametrize(
    "entry",
    [
        ["k", "pkg.other", []],
        ["other", "pkg.a", []],
        ["k", "pkg.a", [["pkg.b", 1, 0, "no-such-kind", "", False, "pkg.b", False]]],
        ["k", "pkg.a", [["pkg.b", 1]]],
        ["k", "pkg.a", "rows"],
        ["k", "pkg.a"],
        "k",
    ],
)
def test_an_entry_of_another_key_module_or_shape_is_not_read(entry: object) -> None:
    assert recorded(entry, "k", "pkg.a") is None


def test_rows_fill_every_field_of_an_edge(root: Path) -> None:
    edges = _analyze(root, cache=False).edges
    by_module: dict[str, list[ImportEdge]] = {}
    for edge in edges:
        by_module.setdefault(edge.importer, []).append(edge)
    for module, own in by_module.items():
        back = recorded(json.loads(json.dumps(entry_of("k", module, own))), "k", module)
        assert back is not None and _rows(tuple(back)) == _rows(tuple(own))
        assert all(vars(e) == vars(o) for e, o in zip(back, own, strict=True))


_NAMES = [f"m{i}" for i in range(8)]


def _module_text(rng: random.Random, names: list[str]) -> str:
    """A module of random imports: absolute, relative, of modules that may not exist, some
    under a ``tach-ignore``."""
    lines = ['"""M."""', ""]
    for _ in range(rng.randint(0, 5)):
        name = rng.choice(names)
        line = rng.choice(
            [f"import pkg.{name}", f"from pkg import {name}", f"from . import {name}",
             f"from .{name} import thing", f"from pkg.sub import {name}", "import json"]
        )  # fmt: skip
        if rng.random() < 0.25:
            line += rng.choice(["  # tach-ignore", f"  # tach-ignore(r) {name}"])
        lines.append(line)
    return "\n".join(lines) + "\n"


def _step(root: Path, rng: random.Random, tick: int) -> None:
    """One random change: an edit, an addition, a deletion or a rename of a module."""
    package = root / "pkg"
    present = sorted(p for p in package.rglob("m*.py"))
    action = rng.choice(["edit", "edit", "add", "delete", "rename"]) if present else "add"
    if action == "add":
        where = package / rng.choice(["", "sub"]) / f"{rng.choice(_NAMES)}.py"
        where.write_text(_module_text(rng, _NAMES))
    elif action == "edit":
        target = rng.choice(present)
        target.write_text(_module_text(rng, _NAMES))
        os.utime(target, ns=(tick, tick))  # a new signature even within one clock tick
    elif action == "delete":
        rng.choice(present).unlink()
    else:
        source = rng.choice(present)
        source.rename(source.with_name(f"{rng.choice(_NAMES)}.py"))


@pytest.mark.parametrize("seed", range(4))
def test_random_changes_keep_the_stored_edges_those_of_resolving_every_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    rng = random.Random(seed)
    files = {"pkg/__init__.py": "", "pkg/sub/__init__.py": ""}
    files.update({f"pkg/{n}.py": _module_text(rng, _NAMES) for n in rng.sample(_NAMES, 4)})
    root = write_tree(tmp_path, files)
    _same_as_cold(root)
    resolved = _resolving(monkeypatch)
    for tick in range(12):
        _step(root, rng, 10**18 + tick * 10**9)
        _same_as_cold(root)
        resolved.clear()
        _same_as_cold(root)  # and again, every module's edges from the record just written
        assert resolved == []


def _many(root: Path, count: int) -> list[str]:
    """``count`` modules under pkg/many/, each importing the next: a tree big enough that
    a few stale entries do not make a run rewrite the record."""
    paths = [f"pkg/many/m{i}.py" for i in range(count)]
    files = {"pkg/many/__init__.py": ""}
    files.update({p: f"from pkg.many import m{(i + 1) % count}\n" for i, p in enumerate(paths)})
    write_tree(root, files)
    return paths


def test_a_record_with_a_few_stale_entries_is_kept_and_they_are_resolved(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One in 64 stale entries is cheaper to resolve again than the record to rewrite."""
    paths = _many(root, 130)  # 136 modules: two stale entries are kept, three are not
    _same_as_cold(root)
    written = _record(root).read_bytes()
    for at, path in enumerate(paths[:2]):
        (root / path).write_text(f"import pkg.many.m{at + 5}\n")
    resolved = _resolving(monkeypatch)
    _same_as_cold(root)  # the edited two resolved as they were parsed
    assert sorted(resolved) == paths[:2] and _record(root).read_bytes() == written
    resolved.clear()
    _same_as_cold(root)  # now unchanged, deferred: their stale entries not read
    assert sorted(resolved) == paths[:2] and _record(root).read_bytes() == written
    (root / paths[2]).write_text("import pkg.a\n")
    resolved.clear()
    _same_as_cold(root)
    assert sorted(resolved) == paths[:3] and _record(root).read_bytes() != written
    resolved.clear()
    _same_as_cold(root)
    assert resolved == [], "rewritten with all three"


def _random_edges(rng: random.Random, importer: str) -> list[ImportEdge]:
    """Edges of ``importer`` with many ties on the compared fields, told apart only by the
    fields ``<`` does not compare."""
    return [
        ImportEdge(
            importer, rng.choice(["x", "y"]), rng.randint(1, 3), 0, ImportKind.IMPORT,
            line_contents=str(n), member=rng.choice(["x", "x.y"]), tach_ignored=n % 2 == 0,
        )
        for n in range(rng.randint(0, 6))
    ]  # fmt: skip


@pytest.mark.parametrize("seed", range(3))
def test_modules_in_name_order_give_the_whole_sort_even_with_one_module_twice(
    seed: int,
) -> None:
    """The chunks come in the files' order, each module's edges sorted; discovery gives a
    module one file, but were it two, the edges would be sorted whole, ties in file order."""
    rng = random.Random(seed)
    unique = rng.sample(["a", "b", "c", "d"], 4)
    for names in (unique, [*unique, rng.choice(unique)]):
        chunks = [(m, _random_edges(rng, m)) for m in names]
        whole = sorted((e for _, own in chunks for e in own), key=edge_order)
        ordered = [(m, sorted(own, key=edge_order)) for m, own in chunks]
        assert _rows(_in_order(ordered)) == _rows(tuple(whole))


def test_a_record_of_another_row_shape_is_not_read(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A record sealed for rows of another shape (ImportEdge gained a field, the rows another
    layout) under the same version is not read."""
    warm = _same_as_cold(root)
    stamp = record_stamp(__version__, index_digest(layout_index(warm.layout)))
    assert read_edges(str(root / CACHE_DIR), stamp)
    monkeypatch.setattr("analyzer.edge_record._FORMAT", "other-rows")
    edge_record._rows_shape.cache_clear()
    try:
        assert read_edges(str(root / CACHE_DIR), stamp) == {}
    finally:
        monkeypatch.undo()
        edge_record._rows_shape.cache_clear()


def test_the_run_edges_are_in_edge_order_eager_cold_and_warm(tmp_path: Path) -> None:
    """The guards, the cycles and the couplings find an importer's edges by bisection on the
    run's edges, which needs them in ``edge_order`` (by importer first) however they were
    read: ``pkg/Z.py`` lists before ``pkg/__init__.py`` by path and after ``pkg`` by module."""
    tree = {
        **_PACKAGE,
        "pkg/__init__.py": '"""Pkg."""\n\nimport pkg.b\n',
        "pkg/Z.py": "import pkg.sub.c\nfrom pkg import a\nimport json\n",
    }
    write_tree(tmp_path, tree)
    eager = analyze(str(tmp_path), root_packages=["pkg"]).edges
    runs = {"eager": eager, "cold": _analyze(tmp_path).edges, "warm": _analyze(tmp_path).edges}
    for name, edges in runs.items():
        assert edges == tuple(sorted(edges, key=edge_order)), name
        assert {e.importer for e in edges} >= {"pkg", "pkg.Z", "pkg.a"}, name
