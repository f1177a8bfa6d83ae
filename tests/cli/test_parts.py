"""The stored parts of a check run (ADR-0020, the edit path): each rule's hits reused only
from a record archfit wrote for this user and this archfit, never through a link; a rule
that breaks its per-file promise, or declares no inputs, is computed every run."""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from analyzer import codec
from analyzer.facts import Facts
from analyzer.folders import CACHE_DIR
from fitness.checks.base import Hit
from fitness.engine import parts, parts_record, stored_run
from tests.analyzer.trees import CYCLE_SHOP, write_tree

pytestmark = pytest.mark.stored_runs

_CONFIG = """[tool.archfit]
root_packages = ["shop"]
"""


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A small project; the stored run is out of the way, so every run judges (and may
    reuse parts)."""
    monkeypatch.setattr(stored_run, "tree_key", lambda *args, **kwargs: None)
    return write_tree(tmp_path / "p", {**CYCLE_SHOP, "pyproject.toml": _CONFIG})


@pytest.fixture
def judged(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files each per-file check was run on, and ``graph:<id>`` for each graph check."""
    seen: list[str] = []
    per_file, graph = parts.run_per_file, parts.run_graph

    def counted_file(check: Any, facts: Facts, params: Mapping[str, Any]) -> list[Hit]:
        seen.extend(p.source.path for p in facts.parsed)
        return per_file(check, facts, params)

    def counted_graph(check: Any, facts: Facts, params: Mapping[str, Any]) -> list[Hit]:
        seen.append(f"graph:{check.id}")
        return graph(check, facts, params)

    monkeypatch.setattr(parts, "run_per_file", counted_file)
    monkeypatch.setattr(parts, "run_graph", counted_graph)
    return seen


def _check(run_cli: Any, root: Path, *args: str) -> tuple[int, str]:
    code, out, _ = run_cli("check", "--format", "json", str(root), *args)
    return code, out


def _files(seen: list[str]) -> set[str]:
    return {name for name in seen if not name.startswith("graph:")}


def test_a_run_reuses_every_stored_part(run_cli: Any, root: Path, judged: list[str]) -> None:
    first = _check(run_cli, root)
    assert _files(judged) == {"shop/__init__.py", "shop/api.py", "shop/db.py"}
    judged.clear()
    assert _check(run_cli, root) == first == _check(run_cli, root, "--no-cache")
    assert _files(judged) == set()
    assert "graph:import-cycle" not in judged


def test_a_forged_record_is_never_read(run_cli: Any, root: Path, judged: list[str]) -> None:
    """A record edited after archfit sealed it (its MAC fails) is recomputed whole."""
    first = _check(run_cli, root)
    path = root / CACHE_DIR / parts_record.PARTS_FILE
    mac, _, body = path.read_bytes().partition(b"\n")
    assert b"print" in body
    path.write_bytes(mac + b"\n" + body.replace(b"print", b"prunt"))
    judged.clear()
    assert _check(run_cli, root) == first
    assert _files(judged) == {"shop/__init__.py", "shop/api.py", "shop/db.py"}


def _reseal(path: Path, change: Any) -> None:
    """Rewrite the parts record's body with ``change`` applied, sealed anew as archfit
    would seal it (a record of this archfit and user whose parts do not decode)."""
    from analyzer.cache_trust import seal, user_key

    code = json.loads(path.read_bytes().split(b"\n")[1])[0]  # the log's base: its code first
    current = parts_record.read_parts(str(path.parent.parent), code)[0]
    record = json.loads(codec.dumps(current))  # the record as read, its changes applied
    body = json.dumps(change(record), separators=(",", ":"), ensure_ascii=False)
    mac = seal(user_key(), parts_record.PARTS_FILE, record[0], body).hex()  # stamped with its code
    path.write_bytes(f"{mac}\n{body}".encode())


def _garbled(record: list[Any]) -> list[Any]:
    """Every per-file part's hits, graph-level part and contracts part made undecodable."""
    names = [f.name for f in dataclasses.fields(parts_record.PartsRecord)]
    for name in ("hits", "graph", "contracts"):
        section = record[names.index(name)]
        record[names.index(name)] = {key: '["not hits"]' for key in section}
    assert record[names.index("hits")] and record[names.index("graph")]
    return record


def test_a_stored_part_that_does_not_decode_is_computed(
    run_cli: Any, root: Path, judged: list[str]
) -> None:
    """Parts are kept encoded and decoded when reused: one that does not decode (under a
    valid MAC) is computed again, and a file whose hits do not decode keeps none of its
    stored rules (a run of one rule then a whole run equals the first)."""
    first = _check(run_cli, root)
    path = root / CACHE_DIR / parts_record.PARTS_FILE
    _reseal(path, _garbled)
    judged.clear()
    assert _check(run_cli, root) == first
    assert "graph:import-cycle" in judged
    assert _files(judged) == {"shop/api.py", "shop/db.py"}, "__init__.py has no hits stored"
    _reseal(path, _garbled)
    _check(run_cli, root, "--select", "UNX002")  # a per-file rule; OBS001 is one too
    assert _check(run_cli, root) == first


def test_stored_hits_are_decoded_in_one_pass_and_one_bad_file_is_computed_alone(
    run_cli: Any, root: Path, judged: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every file's stored per-file hits are decoded together (one ``codec.loads``); when
    one file's do not decode, each is decoded alone and that file alone is computed."""
    from analyzer import codec

    first = _check(run_cli, root)
    path = root / CACHE_DIR / parts_record.PARTS_FILE
    names = [f.name for f in dataclasses.fields(parts_record.PartsRecord)]

    def one_garbled(record: list[Any]) -> list[Any]:
        hits = record[names.index("hits")]
        assert len(hits) == 2, "api.py and db.py fire per-file rules"
        hits[sorted(hits)[0]] = '["not hits"]'
        return record

    decodes: list[object] = []
    real = codec.loads

    def counted(text: Any, cls: Any, *args: Any) -> Any:
        decodes.append(cls)
        return real(text, cls, *args)

    monkeypatch.setattr(codec, "loads", counted)
    judged.clear()
    assert _check(run_cli, root) == first and _files(judged) == set()
    assert decodes.count(parts._FILE_HITS) == 0, "the stored hits decode in one pass"
    _reseal(path, one_garbled)
    judged.clear()
    assert _check(run_cli, root) == first
    assert len(_files(judged)) == 1, "only the file whose hits do not decode is computed"
    assert _check(run_cli, root) == first and len(_files(judged)) == 1


def test_a_record_behind_a_link_is_never_read(
    run_cli: Any, root: Path, judged: list[str], tmp_path: Path
) -> None:
    first = _check(run_cli, root)
    path = root / CACHE_DIR / parts_record.PARTS_FILE
    elsewhere = tmp_path / "parts-elsewhere.json"
    path.rename(elsewhere)
    os.symlink(elsewhere, path)
    judged.clear()
    assert _check(run_cli, root) == first
    assert _files(judged) == {"shop/__init__.py", "shop/api.py", "shop/db.py"}


def test_another_archfit_recomputes(
    run_cli: Any, root: Path, judged: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _check(run_cli, root)
    monkeypatch.setattr(stored_run, "own_code", lambda: "another archfit")
    judged.clear()
    assert _check(run_cli, root) == first
    assert "graph:import-cycle" in judged
    assert _files(judged) == {"shop/__init__.py", "shop/api.py", "shop/db.py"}


def test_another_archfit_keeps_no_facts_nor_resolved_edges(
    run_cli: Any, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The facts cache and the records beside it (briefs, edges) are keyed on archfit's own
    code as the parts are: after another archfit every module is resolved again."""
    from analyzer import deferred, project

    first = _check(run_cli, root)
    resolved: list[str] = []
    real = deferred.resolve_now

    def counted(parsed: Any, index: Any) -> Any:
        resolved.append(parsed.source.path)
        return real(parsed, index)

    monkeypatch.setattr(deferred, "resolve_now", counted)
    monkeypatch.setattr(project, "resolve_now", counted)
    monkeypatch.setattr(stored_run, "own_code", lambda: "another archfit")
    assert _check(run_cli, root) == first
    assert {"shop/api.py", "shop/db.py"} <= set(resolved)


def test_a_check_that_declares_no_inputs_runs_every_time(
    run_cli: Any, root: Path, judged: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from fitness.checks.import_cycle import ImportCycleCheck

    _check(run_cli, root)
    monkeypatch.setattr(ImportCycleCheck, "inputs", lambda self, params: None)
    judged.clear()
    _check(run_cli, root)
    once = judged.count("graph:import-cycle")
    _check(run_cli, root)
    assert once > 0 and judged.count("graph:import-cycle") == 2 * once


def test_a_per_file_check_that_reports_on_another_file_is_never_stored(
    run_cli: Any, root: Path, judged: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A check that says it judges each file alone but reports on another file (a broken
    promise): its hits are computed over every file, every run, as a cold run's are."""
    from fitness.checks.print_in_library import PrintInLibraryCheck

    real = PrintInLibraryCheck.run

    def elsewhere(self: Any, facts: Facts, params: Mapping[str, Any]) -> list[Hit]:
        hits = real(self, facts, params)
        return [Hit(h.subject, h.message, "shop/__init__.py", h.line) for h in hits]

    monkeypatch.setattr(PrintInLibraryCheck, "run", elsewhere)
    first = _check(run_cli, root)
    assert first == _check(run_cli, root) == _check(run_cli, root, "--no-cache")
    assert first[1].count('"path": "shop/__init__.py"') >= 2


def test_hits_are_grouped_by_file_in_the_facts_order(tmp_path: Path) -> None:
    """The order a run that reuses some files' hits rebuilds: a cold run uses it too."""
    from analyzer.facts import Layout, ParsedFile, SourceFile

    sources = [SourceFile("b.py", "b"), SourceFile("a.py", "a")]
    facts = Facts(Layout(str(tmp_path), (), (), tuple(sources)), (), (), ())
    facts = Facts(facts.layout, tuple(ParsedFile(s) for s in sources), (), ())
    hits = [Hit("a", "1", "a.py", 1), Hit("x", "2", "x.py", 1), Hit("b", "3", "b.py", 9)]
    hits.append(Hit("a", "4", "a.py", 0))
    ordered = parts.in_file_order(hits, facts)
    assert [h.message for h in ordered] == ["3", "1", "4", "2"]


def test_contracts_are_a_part_reused_until_an_import_changes(
    run_cli: Any, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fitness.engine import stored_contracts

    (root / "pyproject.toml").write_text(
        _CONFIG + '\n[[tool.archfit.contracts]]\nid = "l"\nname = "db below api"\n'
        'type = "layers"\nlayers = ["shop.api", "shop.db"]\n'
    )
    runs: list[int] = []
    real = stored_contracts.findings_by_contract

    def counted(*args: Any) -> Any:
        runs.append(1)
        return real(*args)

    monkeypatch.setattr(stored_contracts, "findings_by_contract", counted)
    first = _check(run_cli, root)
    assert "db below api" in first[1] and len(runs) == 1
    assert _check(run_cli, root) == first and len(runs) == 1
    (root / "shop" / "db.py").write_text('"""Db."""\n\nprint("db")\n')  # the cycle is gone
    changed = _check(run_cli, root)
    assert len(runs) == 2 and changed == _check(run_cli, root, "--no-cache")
    assert changed != first
