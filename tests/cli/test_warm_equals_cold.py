"""A warm run (cache filled by an earlier run) prints exactly what a cold ``--no-cache`` run
prints on the same tree, byte for byte, after every kind of change a run reads (issue 18).

Each case builds a small git repository in tmp_path, runs once to fill the cache, makes one
change, then runs warm twice (the second sees the cache the first updated) and cold once:
the three exit codes, stdouts and stderrs must be equal, and the change must show in the
output (else the case would prove nothing). Nothing is normalised: the JSON documents carry
no timing, cache or host field. Cost: 4 to 7 in-process runs on 9 files per case, 0.3 s or
less a case (pytest --durations, shared 2-core machine; 5.2 s wall for the 22 with imports)."""

from __future__ import annotations

import datetime
import json
import os
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from analyzer.deferred import record_stamp
from analyzer.edge_record import EDGES_FILE, entry_of, write_edges
from fitness import __version__
from fitness.checks.registry import CHECKS
from fitness.engine import stored_run
from tests.cli.gitrepo import commit, git

# Every warm run here may reuse the run stored by the one before (ADR-0020): a stored run that
# outlives a change it should have seen is exactly the warm-differs-from-cold bug.
pytestmark = pytest.mark.stored_runs

Change = Callable[[Path], None]

_PYPROJECT = """\
[project]
name = "shop"
version = "0.1"
dependencies = ["requests"]

[tool.archfit]
root_packages = ["shop"]
packs = ["architecture", "unix-philosophy", "complexity-budget", "observability", "team.yaml"]

[[tool.archfit.contracts]]
id = "layering"
name = "API above domain above store"
type = "layers"
containers = ["shop"]
layers = ["api", "domain", "store"]
"""

_TEAM_PACK = """\
pack: team
description: The shop team's own rules.
source: Unix Philosophy
rules:
  - code: TEAM001
    name: runtime-cycle
    check: import-cycle
    severity: warning
    params:
      include_type_checking: false
    principle: Can it be tested in isolation?
    why: Only cycles that exist at run time break imports.
    how_to_fix: Cut the listed import.
"""

_ADR = """\
# ADR-0001: The API sits above the domain

**Status**: Accepted
**Date**: 2026-01-10
**Review by**: {review}

## Decision

```fitness
layers: shop.api > shop.domain
```
"""

_API = """\
\"\"\"The HTTP face of the shop.\"\"\"

import leftpad
import requests
import urllib3

from shop import domain, texts


def fetch(url: str) -> str:
    return requests.get(url).text + str(urllib3) + domain.name() + leftpad.PAD + texts.HELLO
"""

_FILES = {
    "pyproject.toml": _PYPROJECT,
    "team.yaml": _TEAM_PACK,
    "uv.lock": '[[package]]\nname = "requests"\ndependencies = [{ name = "leftpad" }]\n',
    ".gitignore": "build/\n",
    "docs/adr/0001-layers.md": _ADR.format(review="2026-06-01"),
    "shop/__init__.py": '"""The shop."""\n',
    "shop/api.py": _API,
    "shop/texts.py": '"""Words the API says."""\n\nHELLO = "hello"\nprint(HELLO)\n',
    "shop/domain.py": '"""Shop rules."""\n\nfrom shop import store\n\n\n'
    "def name() -> str:\n    return store.load()\n",
    "shop/store.py": '"""Rows on disk."""\n\nfrom shop import domain\n\n\n'
    'def load() -> str:\n    print("loading")\n    return str(domain)\n',
    "tests/test_api.py": "from shop import api\n\n\ndef test_fetch() -> None:\n"
    "    assert api.fetch\n",
}


def _write(repo: Path, relative: str, text: str) -> None:
    path = repo / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _replace(repo: Path, relative: str, old: str, new: str) -> None:
    """Replace ``old`` (which must be there) by ``new`` in a file of the repository."""
    text = (repo / relative).read_text(encoding="utf-8")
    assert old in text, (relative, old)
    _write(repo, relative, text.replace(old, new, 1))


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The shop: a layers contract it breaks, a cycle, prints, undeclared transitive imports
    (one through uv.lock), a team pack, an ADR whose review date has passed; committed."""
    root = tmp_path / "shop-repo"
    for relative, text in _FILES.items():
        _write(root, relative, text)
    git(root, "init", "-q", "-b", "main")
    commit(root, "shop")
    return root


@pytest.fixture
def in_repo(repo: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The shop as the current directory (pre-commit runs the hook from the top)."""
    monkeypatch.chdir(repo)
    yield repo


def _same_warm_and_cold(run_cli: Any, *args: str) -> str:
    """Run ``args`` warm twice, then with ``--no-cache``: the same exit code, stdout and
    stderr (where metrics and graph say their warnings) all three times; the stdout."""
    _settled()
    first = run_cli(*args)
    _settled()  # so that the first run is stored and the second may reuse it
    again = run_cli(*args)
    cold = run_cli(*args, "--no-cache")
    assert first[0] in (0, 1), first[2]
    assert first == cold, "a warm run differs from the cold one"
    assert again == cold, "a second warm run differs from the cold one"
    return str(cold[1])


def _settled() -> None:
    """Wait out the racy window (``stored_run._RACY_NS``): a tree changed this instant is never
    indexed, so a run right after a change would neither store nor reuse, and prove less."""
    time.sleep(stored_run._RACY_NS / 1e9 + 0.02)


def _after_change(run_cli: Any, repo: Path, change: Change, *args: str) -> None:
    """Fill the cache (and store the run), change the tree, compare warm with cold; the
    change must show."""
    _settled()
    before = run_cli(*args)
    assert (repo / ".archfit_cache" / "facts.sqlite3").is_file()  # the next runs are warm
    change(repo)
    after = _same_warm_and_cold(run_cli, *args)
    assert after != before[1], "the change does not show in the output: the case proves nothing"


def _rename(repo: Path) -> None:
    os.rename(repo / "shop" / "texts.py", repo / "shop" / "words.py")
    _replace(repo, "shop/api.py", "domain, texts", "domain, words as texts")


def _same_size_and_mtime(repo: Path) -> None:
    """An edit a stat index sees only by its ctime: the size and mtime are as before."""
    path = repo / "shop" / "api.py"
    before = path.stat()
    _replace(repo, "shop/api.py", "import urllib3\n", "import urllib4\n")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size


def _requirements(repo: Path) -> None:
    _replace(repo, "requirements.txt", "requests\n", "requests\nurllib3\n")


CHANGES: dict[str, Change] = {
    "edited-file": lambda r: _replace(r, "shop/store.py", 'print("loading")\n    ', ""),
    "edited-same-size-and-mtime": _same_size_and_mtime,
    "added-file": lambda r: _write(r, "shop/extra.py", '"""More."""\n\nprint("extra")\n'),
    "deleted-file": lambda r: (r / "shop" / "texts.py").unlink(),
    "renamed-file": _rename,
    "config-contract": lambda r: _replace(r, "pyproject.toml", '"domain", "store"', '"store"'),
    "config-rule-setting": lambda r: _replace(
        r,
        "pyproject.toml",
        "\n[[tool",
        '\n[tool.archfit.rules]\nprint-in-library = "off"\n\n[[tool',
    ),
    "adr-added": lambda r: _write(
        r,
        "docs/adr/0002-store-alone.md",
        _ADR.replace("0001", "0002").replace("shop.api > shop.domain", "shop.domain > shop.store"),
    ),
    "adr-edited": lambda r: _replace(r, "docs/adr/0001-layers.md", "2026-06-01", "2999-06-01"),
    "pyproject-dependencies": lambda r: _replace(
        r, "pyproject.toml", '["requests"]', '["requests", "urllib3"]'
    ),
    "requirements-txt": _requirements,
    "uv-lock": lambda r: _replace(r, "uv.lock", "leftpad", "rightpad"),
    "gitignore": lambda r: _write(r, ".gitignore", "build/\nshop/texts.py\n"),
    "team-pack": lambda r: _replace(r, "team.yaml", "severity: warning", "severity: error"),
    # No listing changes: a folder's configuration gains a table, so it becomes a project of
    # its own, which the root's discovery leaves to it (its stored layout must not hold).
    "nested-project": lambda r: _replace(
        r, "shop/vendor/pyproject.toml", '"vendor"\n', '"vendor"\n\n[tool.archfit]\n'
    ),
}


def _prepare_requirements(repo: Path) -> None:
    """requirements.txt declares when no packaging metadata does (as in deptry)."""
    _replace(repo, "pyproject.toml", _PYPROJECT.split("\n[tool.archfit]")[0], "")
    _write(repo, "requirements.txt", "requests\n")


def _prepare_vendor(repo: Path) -> None:
    """A folder of the shop with a pyproject.toml that makes it no project (no tool table)."""
    _write(repo, "shop/vendor/pyproject.toml", '[project]\nname = "vendor"\n')
    _write(repo, "shop/vendor/__init__.py", '"""Vendored."""\n')
    _write(repo, "shop/vendor/lib.py", '"""A library."""\n\nprint("vendored")\n')


PREPARE: dict[str, Change] = {
    "requirements-txt": _prepare_requirements,
    "nested-project": _prepare_vendor,
}


@pytest.mark.parametrize("name", sorted(CHANGES))
def test_a_warm_check_equals_a_cold_one_after_the_change(
    name: str, repo: Path, run_cli: Any
) -> None:
    PREPARE.get(name, lambda r: None)(repo)
    _after_change(run_cli, repo, CHANGES[name], "check", "--format", "json", str(repo))


# Edits that each change what one narrow view of a file holds (round 6 of ADR-0020: a rule
# keyed on a view an edit leaves alone keeps its part), applied one after another, and whether
# each changes the output (one that does not still checks that warm equals cold).
_VIEW_EDITS: list[tuple[str, str, bool]] = [
    ("shop/texts.py", "import json\n", False),  # a stdlib import: no graph view changes
    ("shop/store.py", "from shop import api\n", True),  # an edge up the layers
    ("shop/domain.py", "from . import texts\n", False),  # a relative one
    ("shop/store.py", "import leftpad\n", True),  # a third-party import, declared nowhere
    ("shop/domain.py", "\n\nclass Rule(abc.ABC):\n    pass\n\nimport abc\n", False),
    ("shop/store.py", "\n\nclass Row(Rule):\n    pass\n\nfrom shop.domain import Rule\n", True),
    ("shop/__init__.py", "from shop.api import fetch\n\n__all__ = ['fetch']\n", False),
    ("shop/texts.py", "\nif __name__ == '__main__':\n    import logging\n", True),
    ("shop/extra.py", '"""More."""\n\nfrom shop import texts\n', True),  # a new module
    ("tests/test_api.py", "from shop import store\n", False),  # a test's imports
    ("shop/api.py", "import shop.store  # tach-ignore\n", True),
]


def test_a_sequence_of_edits_warm_equals_cold(repo: Path, run_cli: Any) -> None:
    """Each edit in turn changes one view that some rule alone reads; after each, warm runs
    equal a cold one (a view that left out what its reader reads would differ here)."""
    args = ("check", "--format", "json", str(repo))
    _settled()
    before = run_cli(*args)[1]
    for relative, text, shows in _VIEW_EDITS:
        path = repo / relative
        _write(repo, relative, (path.read_text(encoding="utf-8") if path.exists() else "") + text)
        after = _same_warm_and_cold(run_cli, *args)
        assert (after != before) == shows, (relative, text)
        before = after


def _spoil_edges(repo: Path, how: str) -> None:
    """Spoil the edge record (``analyzer.edge_record``): shop.domain's edges (its half of the
    cycle) dropped under the old MAC, the record cut short, or one sealed for another index."""
    record = repo / ".archfit_cache" / EDGES_FILE
    mac, _, body = record.read_bytes().partition(b"\n")
    if how == "tampered":
        entries = json.loads(body)
        entries["shop/domain.py"][2] = []
        record.write_bytes(mac + b"\n" + json.dumps(entries).encode())
    elif how == "truncated":
        record.write_bytes(record.read_bytes()[:100])
    else:
        stamp = record_stamp(__version__, "0" * 64)
        write_edges(str(record.parent), stamp, {"shop/domain.py": entry_of("k", "shop.domain", [])})


@pytest.mark.parametrize("how", ["tampered", "truncated", "foreign"])
def test_a_spoiled_edge_record_is_ignored(repo: Path, run_cli: Any, how: str) -> None:
    """After an own import is added, a warm run reads every module's edges; from a record
    that does not verify, none: it equals a cold run (the dropped cycle still shows)."""
    args = ("check", "--format", "json", str(repo))
    _settled()
    run_cli(*args)
    _spoil_edges(repo, how)
    _write(repo, "shop/texts.py", '"""Words."""\n\nfrom shop import store\n\nprint(store)\n')
    after = _same_warm_and_cold(run_cli, *args)
    assert "shop.domain" in after and "shop.store" in after


def test_a_gitignore_above_the_project_warm_equals_cold(tmp_path: Path, run_cli: Any) -> None:
    """A monorepo's project: the top level's ``.gitignore`` ignores a file of the project, as
    git does (discovery reads it, ADR-0004), and an edit of it shows on a warm run (the
    project's stored layout is keyed on it too)."""
    top = tmp_path / "monorepo"
    project = top / "services" / "shop"
    for relative, text in _FILES.items():
        _write(project, relative, text)
    _write(top, ".gitignore", "*.log\n")
    git(top, "init", "-q", "-b", "main")
    commit(top, "monorepo")

    def ignore_texts(_: Path) -> None:
        _write(top, ".gitignore", "*.log\nservices/shop/shop/texts.py\n")

    args = ("check", "--format", "json", str(project))
    _after_change(run_cli, project, ignore_texts, *args)
    assert '"shop/texts.py"' not in _same_warm_and_cold(run_cli, *args)


def test_a_warm_check_equals_a_cold_one_after_a_baseline_change(repo: Path, run_cli: Any) -> None:
    args = ("check", "--format", "json", str(repo))
    _settled()
    before = run_cli(*args)
    code, _, err = run_cli("baseline", str(repo))  # written from a warm run too
    assert code == 0, err
    baselined = _same_warm_and_cold(run_cli, *args)
    assert baselined != before[1]
    _replace(repo, ".archfit-baseline.json", '"OBS001"', '"OBS009"')  # one entry edited away
    assert _same_warm_and_cold(run_cli, *args) not in (before[1], baselined)


@pytest.mark.parametrize("narrowing", [("--select", "ARC,CON"), ("--ignore", "OBS,TEAM")])
def test_select_and_ignore_on_a_warm_cache_equal_a_cold_run(
    narrowing: tuple[str, str], repo: Path, run_cli: Any
) -> None:
    whole = run_cli("check", "--format", "json", str(repo))  # fills the cache
    narrowed = _same_warm_and_cold(run_cli, "check", "--format", "json", *narrowing, str(repo))
    assert narrowed != whole[1]


def test_files_as_pre_commit_passes_them_warm_equals_cold(in_repo: Path, run_cli: Any) -> None:
    whole = run_cli("check", "--format", "json")  # fills the cache for the whole tree
    CHANGES["edited-file"](in_repo)
    staged = _same_warm_and_cold(run_cli, "check", "--format", "json", "shop/store.py")
    assert staged != whole[1]


def test_a_new_day_on_a_warm_cache_equals_a_cold_run(
    repo: Path, run_cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The review date is judged against the day of the run: the stored run's key and the
    ADR judge read the same clock."""
    args = ("check", "--format", "json", str(repo))

    def on(day: datetime.date) -> None:
        class Day(datetime.date):
            @classmethod
            def today(cls) -> datetime.date:
                return day

        monkeypatch.setattr(datetime, "date", Day)

    on(datetime.date(2026, 5, 31))  # the day before the review date: no ADR004
    _settled()
    before = run_cli(*args)
    on(datetime.date(2026, 6, 2))
    after = _same_warm_and_cold(run_cli, *args)
    assert after != before[1]
    assert "review date 2026-06-01 has passed" in after
    assert "review date" not in before[1]


@pytest.mark.parametrize("command", ["metrics", "graph", "report"])
def test_other_commands_warm_equal_cold_after_an_edit(
    command: str, repo: Path, run_cli: Any
) -> None:
    change = CHANGES["edited-file"]  # report lists the print() findings
    if command != "report":  # metrics and graph count imports: one goes away

        def change(r: Path) -> None:
            _replace(r, "shop/api.py", "import urllib3\n", "")

    _after_change(run_cli, repo, change, command, "--format", "json", str(repo))


def test_outputs_are_json_documents(repo: Path, run_cli: Any) -> None:
    """The compared outputs are whole documents (a crash would compare equal to itself)."""
    for command in ("check", "metrics", "graph", "report"):
        code, out, err = run_cli(command, "--format", "json", str(repo), "--no-cache")
        assert code in (0, 1), err
        assert isinstance(json.loads(out), dict)


@pytest.mark.realcode
def test_django_warm_equals_cold_after_an_edit_and_an_addition(
    tmp_path: Path, run_cli: Any
) -> None:
    """Django 5.2.8's wheel, copied (the shared one keeps its own cache): one edited file,
    then one added file. Cost: a copy (47 MB) and 7 runs over Django, 3 of which parse every
    file (the first and the two cold ones): 20.5 s wall, and 14.9 s user CPU for the whole
    pytest process, on the shared 2-core machine."""
    from tests.realcode import django_root

    root = tmp_path / "django-wheel"
    shutil.copytree(django_root(), root, ignore=shutil.ignore_patterns(".archfit_cache"))
    args = ("check", "--format", "json", str(root))

    def edit(repo: Path) -> None:
        _replace(repo, "django/utils/text.py", "\ndef ", '\ndef shout():\n    print("!")\n\n\ndef ')

    def add(repo: Path) -> None:
        _write(repo, "django/utils/shouting.py", '"""Loud."""\n\nprint("loud")\n')

    _after_change(run_cli, root, edit, *args)  # fills the cache, then a warm and a cold run
    add(root)
    assert "django/utils/shouting.py" in _same_warm_and_cold(run_cli, *args)


# The edit path (ADR-0020, second slice): each rule's hits are stored as parts, per file for
# the rules that judge each file alone, per rule for the others, keyed on the digest of their
# inputs. Each case below compares warm with cold after one change, and asserts what the
# first warm run recomputed, counted through the seams of ``fitness.engine.parts``.


@pytest.fixture
def recomputed(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[Any]]:
    """What warm runs recompute: ``files``, the paths each per-file run judged; ``graph``,
    the id of each graph-level check run (``projects``: with its project's folder);
    ``decoded``, the unchanged files whose facts were decoded (``analyzer.deferred``); the
    import cycles brought up to date from the run before count as run (``updated``)."""
    from analyzer.facts import DeferredFile
    from fitness.checks import import_cycle
    from fitness.engine import parts

    seen: dict[str, list[Any]] = {"files": [], "graph": [], "projects": [], "decoded": []}
    per_file, graph, decode = parts.run_per_file, parts.run_graph, DeferredFile.decode

    def counted_decode(self: DeferredFile) -> None:
        if not self.decoded:
            seen["decoded"].append(self.source.path)
        decode(self)

    monkeypatch.setattr(DeferredFile, "decode", counted_decode)

    def counted_file(check: Any, facts: Any, params: Any) -> Any:
        seen["files"].append({p.source.path for p in facts.parsed})
        return per_file(check, facts, params)

    def counted_graph(check: Any, facts: Any, params: Any) -> Any:
        seen["graph"].append(check.id)
        seen["projects"].append((check.id, os.path.basename(facts.layout.root)))
        return graph(check, facts, params)

    update = import_cycle.updated

    def counted_update(*args: Any) -> Any:
        seen["graph"].append(import_cycle.ImportCycleCheck.id)
        return update(*args)

    monkeypatch.setattr(parts, "run_per_file", counted_file)
    monkeypatch.setattr(parts, "run_graph", counted_graph)
    monkeypatch.setattr(import_cycle, "updated", counted_update)
    return seen


def _edit_case(
    run_cli: Any,
    repo: Path,
    change: Change,
    seen: dict[str, list[Any]],
    *args: str,
    shows: bool = True,
) -> set[str]:
    """Fill the cache, change the tree, compare warm with cold (the change must show, when
    it ``shows``); the files whose per-file parts the first warm run recomputed."""
    args = args or ("check", "--format", "json", str(repo))
    _settled()
    before = run_cli(*args)
    for runs in seen.values():
        runs.clear()
    change(repo)
    after = _same_warm_and_cold(run_cli, *args)
    assert (after != before[1]) == shows, "the change shows as it should"
    return set().union(*seen["files"])


_ALL_FILES = {path for path in _FILES if path.endswith(".py")}
# Graph-level checks that declare no views (or read files beyond the facts): run every time.
_ALWAYS = {check.id for check in CHECKS.values() if getattr(check, "inputs", None) is None}


def test_an_edit_that_changes_no_import_recomputes_that_file_alone(
    repo: Path, run_cli: Any, recomputed: dict[str, list[Any]]
) -> None:
    change = CHANGES["edited-file"]  # a print() removed from a function body
    assert _edit_case(run_cli, repo, change, recomputed) == {"shop/store.py"}
    assert "import-cycle" not in recomputed["graph"], "the import graph did not change"
    assert "undeclared-dependency" not in recomputed["graph"], "no import, no declaration"


def test_a_comment_appended_decodes_no_other_file(
    repo: Path, run_cli: Any, recomputed: dict[str, list[Any]]
) -> None:
    """The benchmark's edit: no import, no definition moves; only the rules that read the
    file's metrics run again, and no unchanged file's facts are decoded (without ADRs: their
    outcomes are not a stored part yet, and read the import graph)."""
    shutil.rmtree(repo / "docs")

    def change(r: Path) -> None:
        _write(r, "shop/store.py", (r / "shop" / "store.py").read_text() + "# a note\n")

    judged = _edit_case(run_cli, repo, change, recomputed, shows=False)
    assert judged == {"shop/store.py"}
    assert set(recomputed["graph"]) <= {"package-budget"}, recomputed["graph"]
    assert recomputed["decoded"] == [], recomputed["graph"]


def test_an_edit_that_changes_an_import_recomputes_the_graph_rules(
    repo: Path, run_cli: Any, recomputed: dict[str, list[Any]]
) -> None:
    def change(r: Path) -> None:
        _replace(r, "shop/store.py", "from shop import domain\n", "import shop\n")
        _replace(r, "shop/store.py", "str(domain)", "str(shop)")

    assert _edit_case(run_cli, repo, change, recomputed) == {"shop/store.py"}
    assert "import-cycle" in recomputed["graph"]


def test_an_edit_that_shifts_import_lines_recomputes_the_rules_that_report_them(
    repo: Path, run_cli: Any, recomputed: dict[str, list[Any]]
) -> None:
    def change(r: Path) -> None:  # the cycle's import now sits two lines lower
        _replace(r, "shop/store.py", '"""Rows on disk."""\n', '"""Rows on disk."""\n\nX = 1\n')

    assert _edit_case(run_cli, repo, change, recomputed) == {"shop/store.py"}
    assert "import-cycle" in recomputed["graph"]


def test_a_new_suppression_comment_recomputes_that_file_alone(
    repo: Path, run_cli: Any, recomputed: dict[str, list[Any]]
) -> None:
    def change(r: Path) -> None:
        _replace(r, "shop/texts.py", "print(HELLO)\n", "print(HELLO)  # archfit: ignore[OBS001]\n")

    assert _edit_case(run_cli, repo, change, recomputed) == {"shop/texts.py"}
    assert "import-cycle" not in recomputed["graph"]


@pytest.mark.parametrize("name", ["uv-lock", "pyproject-dependencies"])
def test_a_declaration_changed_recomputes_the_dependency_rules_alone(
    name: str, repo: Path, run_cli: Any, recomputed: dict[str, list[Any]]
) -> None:
    """A declaration is no file's facts: the stat index of the tree without the modules'
    sources (``parts.DECLARATIONS``) is the dependency rules' input."""
    assert _edit_case(run_cli, repo, CHANGES[name], recomputed) == set()
    assert "undeclared-dependency" in recomputed["graph"]
    assert "import-cycle" not in recomputed["graph"]


@pytest.mark.parametrize("name", ["added-file", "deleted-file", "renamed-file"])
def test_a_file_added_deleted_or_renamed_recomputes_every_part(
    name: str, repo: Path, run_cli: Any, recomputed: dict[str, list[Any]]
) -> None:
    """The layout is an input of every part (a module's name, a package's members)."""
    judged = _edit_case(run_cli, repo, CHANGES[name], recomputed)
    expected = {path for path in (*_ALL_FILES, "shop/extra.py", "shop/words.py")}
    assert judged == {path for path in expected if (repo / path).exists()}
    assert "import-cycle" in recomputed["graph"]


def test_a_second_warm_run_recomputes_nothing_it_stored(
    repo: Path, run_cli: Any, recomputed: dict[str, list[Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the stored run out of the way, every part is reused: only the checks that
    declare no inputs run again."""
    args = ("check", "--format", "json", str(repo))
    _settled()  # parts of a tree changed this instant are not stored (the racy window)
    first = run_cli(*args)
    monkeypatch.setattr(stored_run, "tree_key", lambda *a, **k: None)
    for runs in recomputed.values():
        runs.clear()
    assert run_cli(*args) == first
    assert recomputed["files"] == []
    assert set(recomputed["graph"]) <= _ALWAYS, recomputed["graph"]


_PROJECT = """\
[importlinter]
root_package = {name}

[importlinter:contract:1]
name = {name} layers
type = layers
containers = {name}
layers =
    top
    bottom
"""


def test_files_in_two_projects_as_pre_commit_passes_them_warm_equals_cold(
    tmp_path: Path, run_cli: Any, recomputed: dict[str, list[Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The monorepo's split shape: one project per package (its own ``.importlinter``), and
    a commit that touches a file in each."""
    root = tmp_path / "mono"
    for name in ("alpha", "beta"):
        _write(root, f"{name}/.importlinter", _PROJECT.format(name=name))
        _write(root, f"{name}/{name}/__init__.py", f'"""{name}."""\n')
        _write(root, f"{name}/{name}/top.py", f'"""Top."""\n\nfrom {name} import bottom\n')
        _write(root, f"{name}/{name}/bottom.py", '"""Bottom."""\n\nVALUE = 1\n')
    git(root, "init", "-q", "-b", "main")
    commit(root, "two projects")
    monkeypatch.chdir(root)
    staged = ("alpha/alpha/bottom.py", "beta/beta/bottom.py")

    def change(r: Path) -> None:
        _replace(r, "alpha/alpha/bottom.py", "VALUE = 1\n", "from alpha import top\n")
        _replace(r, "beta/beta/bottom.py", "VALUE = 1\n", 'print("beta")\n')

    judged = _edit_case(run_cli, root, change, recomputed, "check", "--format", "json", *staged)
    assert judged == {"alpha/bottom.py", "beta/bottom.py"}  # each relative to its project
    cycles = {project for check, project in recomputed["projects"] if check == "import-cycle"}
    assert cycles == {"alpha"}, "alpha's import graph changed, beta's did not"
