"""Graph rules that read views alone run on each file's stored view values (ADR-0020, round 9,
issue #18's own-imports row: ``fitness.checks.view_values``, ``fitness.engine.view_record``).

An own import added to a module reruns entry points, testability, minimal dependencies,
interface widths, main-sequence distance and stable dependencies; they read every file's
view values from the record, decoding no unchanged file's facts. A seeded sequence of edits
(entry points made and unmade, logging, ``__main__`` guards and files, imports, side effects,
classes, exports, tests and modules added and deleted) equals a cold ``--no-cache`` run at
each step; a comment edit neither reads nor writes the record; a stored row that does not
decode is taken from the facts.
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from analyzer import codec
from analyzer.facts import DeferredFile
from analyzer.folders import CACHE_DIR
from analyzer.project import analyze
from analyzer.records import read_sealed, write_sealed
from fitness.checks.registry import CHECKS
from fitness.checks.view_values import VALUED, reads_views, viewed_of
from fitness.engine import parts_record, view_record
from fitness.engine.internal_edges import LAYOUT_VIEWS
from tests.cli.settled import counted_graph_rules, judged_tree, settled_check

pytestmark = pytest.mark.stored_runs

# The rules that read views alone (``run_views``), all computed again by an own import that
# crosses packages.
_VIEW_RULES = {
    "entry-point-without-logging",
    "testable-in-isolation",
    "minimal-dependencies",
    "interface-width",
    "main-sequence-distance",
    "stable-dependencies",
}
_MODULES = ("app.api.views", "app.api.forms", "app.core.models", "app.core.utils", "app.db.query")
_CONFIG = '[tool.archfit]\nroot_packages = ["app"]\n'


def _module_file(module: str) -> str:
    return module.replace(".", "/") + ".py"


def _tree() -> dict[str, str]:
    """Three packages of modules importing down the layers, a class and a call each; a
    package with an ``__all__``, an entry point, a settings module naming an app, a test."""
    files = {"pyproject.toml": _CONFIG, "app/__init__.py": '"""App."""\n'}
    files["app/api/__init__.py"] = '"""Api."""\n__all__ = ["a", "b", "c", "d", "e"]\n'
    files["app/core/__init__.py"] = '"""Core."""\n'
    files["app/db/__init__.py"] = '"""Db."""\n'
    files["app/settings.py"] = '"""Settings."""\nINSTALLED_APPS = ["app.core"]\n'
    files["app/cli.py"] = (
        '"""Cli."""\nimport app.api.views\n\nif __name__ == "__main__":\n    pass\n'
    )
    files["tests/test_api.py"] = '"""Tests."""\nimport app.api.forms\n'
    for at, module in enumerate(_MODULES):
        below = _MODULES[at + 1] if at + 1 < len(_MODULES) else None
        body = f'"""{module}."""\n\n' + (f"import {below}\n" if below else "")
        body += f"\nsetup_{at}()\n\n\nclass Thing{at}:\n    pass\n"
        files[_module_file(module)] = body
    return files


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The tree above; the stored run out of the way, so every run judges (and may reuse
    parts)."""
    return judged_tree(tmp_path / "p", _tree(), monkeypatch)


def _edit(root: Path, path: str, change: Callable[[str], str]) -> None:
    target = root / path
    target.write_text(change(target.read_text()))


# Lines an edit appends to a module and a later one may remove: (kind, text).
_LINES = {
    "guard": 'if __name__ == "__main__":\n    print("run")\n',
    "logging": "import logging\nlogging.basicConfig()\n",
    "effect": "connect_{n}()\n",
    "class": "\n\nclass Added{n}:\n    pass\n",
    "abstract": "\n\nimport abc\n\n\nclass Base{n}(abc.ABC):\n    pass\n",
}
# Files an edit adds and a later one may delete: path -> text.
_FILES = {
    "app/__main__.py": '"""Main."""\nimport app.core.utils\n',
    "app/db/extra.py": '"""Extra."""\nimport app.api.forms\n\n\ndef extra():\n    pass\n',
    "tests/test_db.py": '"""Db tests."""\nfrom app.db import query\n',
    "app/worker.py": '"""Worker."""\nimport logging\nif __name__ == "__main__":\n    pass\n',
}


def _random_edit(rng: random.Random, root: Path, added: list[tuple[str, str]]) -> str:
    """One edit: a line appended to a module (an import of another module, a guard, logging,
    a side effect, a class) or to the package's ``__all__``, one appended before removed, or
    a file added or deleted; returns what it did, for the failure's message."""
    choice = rng.random()
    if added and choice < 0.3:
        path, line = added.pop(rng.randrange(len(added)))
        _edit(root, path, lambda text: text.replace(line, "", 1))
        return f"removed {line.strip()!r} from {path}"
    if choice < 0.45:
        name = rng.choice(sorted(_FILES))
        if (root / name).exists():
            (root / name).unlink()
            return f"deleted {name}"
        (root / name).write_text(_FILES[name])
        return f"added {name}"
    path = _module_file(rng.choice(_MODULES)) if rng.random() < 0.8 else "app/cli.py"
    line = _line(rng)
    if line.startswith("__all__"):
        path = "app/api/__init__.py"
    added.append((path, line))
    _edit(root, path, lambda text: text + line)
    return f"appended {line.strip()!r} to {path}"


def _line(rng: random.Random) -> str:
    """A line to append: an own import (at module level or in a function), or one of
    ``_LINES``, or a name exported; numbered so that each is new."""
    n = rng.randrange(10**6)
    kind = rng.choice(("import", "import", "function", *_LINES, "export"))
    if kind in ("import", "function"):
        imported = rng.choice((*_MODULES, "app.api", "app.db", "app.settings"))
        parent, _, name = imported.rpartition(".")
        statement = f"from {parent} import {name}" if rng.random() < 0.5 else f"import {imported}"
        return (
            f"{statement}  # {n}\n" if kind == "import" else f"\n\ndef f{n}():\n    {statement}\n"
        )
    if kind == "export":
        return f'__all__ += ["x{n}"]\n'
    return "\n" + _LINES[kind].format(n=n)


def _same_warm_and_cold(run_cli: Any, root: Path, done: str) -> str:
    """The warm run's JSON, after asserting it, its text and its exit code equal a cold
    run's."""
    warm = settled_check(run_cli, root)
    assert warm == settled_check(run_cli, root, "--no-cache"), done
    text, cold = run_cli("check", str(root)), run_cli("check", "--no-cache", str(root))
    assert (text[0], text[1]) == (cold[0], cold[1]), done
    return warm


@pytest.mark.parametrize("seed", [9, 18, 2026])
def test_a_seeded_sequence_of_edits_warm_equals_cold(run_cli: Any, root: Path, seed: int) -> None:
    """Twenty random edits in turn; after each, the warm run (which reruns the view rules
    on stored values where their views moved) equals a cold one: JSON, text, exit code."""
    rng = random.Random(seed)
    added: list[tuple[str, str]] = []
    settled_check(run_cli, root)
    outcomes = set()
    for step in range(20):
        done = _random_edit(rng, root, added)
        outcomes.add(_same_warm_and_cold(run_cli, root, f"step {step}: {done}"))
    assert len(outcomes) > 5  # the edits changed the results, not just the files


@pytest.fixture
def decoded(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The path of each file whose stored facts are decoded from now on."""
    seen: list[str] = []
    decode = DeferredFile.decode

    def counted(self: DeferredFile) -> None:
        if not self.decoded:
            seen.append(self.source.path)
        decode(self)

    monkeypatch.setattr(DeferredFile, "decode", counted)
    return seen


@pytest.fixture
def taken(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The path of each file whose view values are taken from its facts from now on."""
    seen: list[str] = []
    take = view_record.take_row

    def counted(parsed: Any) -> Any:
        seen.append(parsed.source.path)
        return take(parsed)

    monkeypatch.setattr(view_record, "take_row", counted)
    return seen


def test_an_own_import_reruns_the_view_rules_without_decoding_a_file(
    run_cli: Any, root: Path, monkeypatch: pytest.MonkeyPatch, decoded: list[str], taken: list[str]
) -> None:
    """``from app.db import query`` added to ``app.api.forms``: a new pair across packages,
    so every view rule is computed again, on the values stored for the unchanged files (none
    is decoded, none taken) and those taken from the changed file's parse; equal to cold.
    Then an import in ``app.db.query``: the row taken before was stored."""
    settled_check(run_cli, root)
    computed = counted_graph_rules(monkeypatch)
    decoded.clear()
    taken.clear()  # the first run took every file's
    _edit(root, "app/api/forms.py", lambda text: text + "from app.db import query\n")
    warm = settled_check(run_cli, root)
    assert set(computed) >= _VIEW_RULES
    assert decoded == []
    assert taken == ["app/api/forms.py"]
    assert warm == settled_check(run_cli, root, "--no-cache")
    taken.clear()  # the edited file's row was stored: the next edit takes its own file's alone
    _edit(root, "app/db/query.py", lambda text: text + "from app.api import views\n")
    warm = settled_check(run_cli, root)
    assert taken == ["app/db/query.py"] and decoded == []
    assert warm == settled_check(run_cli, root, "--no-cache")


def test_a_comment_edit_neither_reads_nor_writes_the_view_values(
    run_cli: Any, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A comment moves no view: no view rule runs, the record is not read (its reader fails
    if called) and not written (its bytes and time stay)."""
    settled_check(run_cli, root)
    record = root / CACHE_DIR / view_record.VALUES_FILE
    before = (record.read_bytes(), os.stat(record).st_mtime_ns)
    monkeypatch.setattr(view_record, "_read", _refused)
    _edit(root, "app/core/models.py", lambda text: text + "# a comment\n")
    settled_check(run_cli, root)
    assert (record.read_bytes(), os.stat(record).st_mtime_ns) == before


def test_a_run_that_reads_every_row_stored_does_not_write_the_record(
    run_cli: Any, root: Path, monkeypatch: pytest.MonkeyPatch, taken: list[str]
) -> None:
    """The parts record gone, every graph rule is computed: the view rules read every
    file's stored row (none taken), and the record, which holds the current files alone, is
    not written again; the run equals a cold one."""
    settled_check(run_cli, root)
    record = root / CACHE_DIR / view_record.VALUES_FILE
    before = os.stat(record).st_mtime_ns
    (root / CACHE_DIR / parts_record.PARTS_FILE).unlink()
    computed = counted_graph_rules(monkeypatch)
    taken.clear()
    warm = settled_check(run_cli, root)
    assert set(computed) >= _VIEW_RULES and taken == []
    assert os.stat(record).st_mtime_ns == before
    assert warm == settled_check(run_cli, root, "--no-cache")


def _refused(*args: Any) -> None:
    raise AssertionError("the view values were read")


def test_a_stored_row_that_does_not_decode_is_taken_from_the_facts(
    run_cli: Any, root: Path, taken: list[str]
) -> None:
    """Every stored row replaced by one of the wrong shape (under a valid MAC): each file's
    values are taken from its facts, and the run equals a cold one."""
    settled_check(run_cli, root)
    folder, code = str(root / CACHE_DIR), _code()
    text = read_sealed(folder, view_record.VALUES_FILE, code)
    assert text is not None
    record = codec.loads(text, view_record.ViewValuesRecord)
    broken = view_record.ViewValuesRecord(code, tuple("[1]" for _ in record.rows), record.files)
    write_sealed(folder, view_record.VALUES_FILE, code, codec.dumps(broken))
    _edit(root, "app/api/forms.py", lambda text: text + "from app.db import query\n")
    taken.clear()
    warm = settled_check(run_cli, root)
    every = {str(p.relative_to(root)) for p in root.rglob("*.py") if CACHE_DIR not in p.parts}
    assert sorted(taken) == sorted(every)  # the changed file's new key was never stored
    assert warm == settled_check(run_cli, root, "--no-cache")


def _code() -> str:
    """The code stamp of this archfit's records (``parts.Parts.load``)."""
    import sys

    from fitness import __version__
    from fitness.engine import stored_run
    from fitness.engine.reuse import digest

    return digest(__version__, sys.version, stored_run.own_code())


def test_each_view_value_decodes_as_it_was_taken(root: Path) -> None:
    """Every ``VALUED`` view's value of every file, encoded and decoded as the record keeps
    it, equals the value itself: a warm run reads what a cold one computes."""
    facts = analyze(str(root), root_packages=("app",))
    viewed = viewed_of(facts, VALUED)
    rows = list(zip(*(viewed.column(name) for name in VALUED), strict=True))
    assert [codec.loads(codec.dumps(row), view_record.ROW) for row in rows] == rows
    assert any(row[0] is not None and row[0].entry for row in rows)  # an entry point


def test_the_view_rules_are_those_that_run_on_views() -> None:
    """The checks that read views alone are the six this module's edits rerun, and each
    declares only views with values or edge views (``Viewed.edges``), whatever its params."""
    viewing = [check for check in CHECKS.values() if reads_views(check)]
    assert {check.id for check in viewing} == _VIEW_RULES
    readable = {*VALUED, *LAYOUT_VIEWS, "edges"}
    for check in viewing:
        defaults = {name: param.default for name, param in check.params_schema.items()}
        flipped = {k: not v if isinstance(v, bool) else v for k, v in defaults.items()}
        for params in (defaults, flipped):
            assert set(check.inputs(params)) <= readable, check.id
