"""Deferred facts (ADR-0020, the edit path): an unchanged file comes back from the cache
undecoded, its edges unresolved, and reads exactly as the facts it stands for."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

import pytest

from analyzer import codec
from analyzer.brief_record import BRIEFS_FILE
from analyzer.cache import CACHE_DIR, CACHE_FILE, FactsCache
from analyzer.deferred import deferred_files, index_digest
from analyzer.facts import DeferredFacts, DeferredFile, DeferredMetrics, ModuleMetrics, ParsedFile
from analyzer.graph import layout_index
from analyzer.project import analyze
from fitness import __version__
from tests.analyzer.trees import SHOP, write_tree

_FILES = SHOP


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return write_tree(tmp_path, _FILES)


def _analyze(root: Path, defer: bool = True, cache: bool = True) -> object:
    return analyze(
        str(root), root_packages=["shop"], cache_version=__version__ if cache else None,
        defer=defer,
    )  # fmt: skip


def test_a_warm_run_defers_every_unchanged_file_and_equals_a_cold_one(root: Path) -> None:
    cold = _analyze(root, cache=False)
    first = _analyze(root)  # fills the cache and the briefs
    warm = _analyze(root)
    assert isinstance(warm, DeferredFacts)
    assert all(isinstance(p, DeferredFile) and not p.decoded for p in warm.parsed)
    assert warm.blind_spots == cold.blind_spots  # type: ignore[attr-defined]
    assert [p.problems for p in warm.parsed] == [p.problems for p in cold.parsed]  # type: ignore[attr-defined]
    comments = [p.suppression_comments for p in warm.parsed]
    assert not any(isinstance(p, DeferredFile) and p.decoded for p in warm.parsed)
    assert comments == [p.suppression_comments for p in cold.parsed]  # type: ignore[attr-defined]
    assert warm == cold == first  # reading the edges and every field decodes them
    assert all(isinstance(p, DeferredFile) and p.decoded for p in warm.parsed)


def test_a_deferred_file_reads_encodes_and_hashes_as_its_facts(root: Path) -> None:
    _analyze(root)
    warm = _analyze(root)
    cold = _analyze(root, cache=False)
    for deferred, eager in zip(warm.parsed, cold.parsed, strict=True):  # type: ignore[attr-defined]
        assert deferred.imports == eager.imports
        assert hash(deferred) == hash(eager)
        assert codec.dumps(deferred) == codec.dumps(eager)
        assert codec.loads(codec.dumps(deferred), ParsedFile) == eager


def test_narrowed_deferred_facts_keep_their_edges_unresolved(root: Path) -> None:
    _analyze(root)
    warm = _analyze(root)
    narrowed = warm.only({"shop/api.py"})  # type: ignore[attr-defined]
    assert isinstance(narrowed, DeferredFacts) and "edges" not in narrowed.__dict__
    assert narrowed.edges == _analyze(root, cache=False).edges  # type: ignore[attr-defined]


def test_an_edited_file_is_parsed_and_the_others_stay_deferred(root: Path) -> None:
    _analyze(root)
    (root / "shop" / "db.py").write_text('"""Db."""\n\nVALUE = 1\n')
    warm = _analyze(root)
    kinds = {p.source.path: isinstance(p, DeferredFile) for p in warm.parsed}  # type: ignore[attr-defined]
    assert kinds == {"shop/__init__.py": True, "shop/api.py": True, "shop/db.py": False}
    assert warm == _analyze(root, cache=False)


def test_a_new_module_changes_the_index_and_nothing_is_deferred(root: Path) -> None:
    """``from shop import nowhere`` is a missing import until shop/nowhere.py exists."""
    _analyze(root)
    (root / "shop" / "nowhere.py").write_text('"""Here now."""\n')
    warm = _analyze(root)
    assert not any(isinstance(p, DeferredFile) for p in warm.parsed)  # type: ignore[attr-defined]
    assert warm == _analyze(root, cache=False)


def test_a_forged_brief_is_never_read(root: Path) -> None:
    _analyze(root)
    (root / CACHE_DIR / BRIEFS_FILE).unlink()  # the briefs are read from the database
    database = root / CACHE_DIR / CACHE_FILE
    with sqlite3.connect(database) as db:
        db.execute("UPDATE briefs SET value = replace(value, 'OBS001', 'OBS002')")
    db.close()
    cache = FactsCache.open(str(root), __version__)
    assert cache is not None
    warm = _analyze(root, defer=False)
    index = index_digest(layout_index(warm.layout))  # type: ignore[attr-defined]
    found = deferred_files(cache, str(root), [p.source for p in warm.parsed], index)  # type: ignore[attr-defined]
    cache.close()
    assert "shop/api.py" not in found.files and "shop/__init__.py" in found.files


def test_facts_gone_from_the_cache_are_parsed_again_when_read(root: Path) -> None:
    """A deferred file whose stored facts vanished (another run dropped them) reads as the
    file parsed now, as a run without the cache would."""
    _analyze(root)
    warm = _analyze(root)
    with sqlite3.connect(root / CACHE_DIR / CACHE_FILE) as db:
        db.execute("DELETE FROM facts")
    db.close()
    assert warm == _analyze(root, cache=False)


def test_deferred_files_are_read_through_one_connection(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Decoding every deferred file opens the database once, not once per file; a stored
    value whose MAC fails is parsed again, as a missing one is."""
    _analyze(root)
    warm = _analyze(root)
    with sqlite3.connect(root / CACHE_DIR / CACHE_FILE) as db:
        db.execute("UPDATE facts SET value = replace(value, 'Api', 'Apx')")
    db.close()
    opened: list[str] = []
    real = sqlite3.connect

    def counting(database: str, *args: object, **kwargs: object) -> sqlite3.Connection:
        opened.append(database)
        return real(database, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(sqlite3, "connect", counting)
    assert warm == _analyze(root, cache=False)  # decodes every deferred file
    assert len([d for d in opened if "mode=ro" in d]) == 1


def _warm_files(root: Path) -> list[DeferredFile]:
    _analyze(root)
    warm = _analyze(root)
    assert all(isinstance(p, DeferredFile) for p in warm.parsed)  # type: ignore[attr-defined]
    return list(warm.parsed)  # type: ignore[attr-defined]


def test_a_deferred_file_builds_only_the_fields_read(root: Path) -> None:
    """An import edit's run reads imports, outlines, metrics: never structures, say."""
    cold = _analyze(root, cache=False).parsed  # type: ignore[attr-defined]
    for deferred, eager in zip(_warm_files(root), cold, strict=True):
        assert not deferred.decoded and deferred.built == frozenset()
        assert deferred.imports == eager.imports
        assert deferred.decoded and deferred.built == {"imports"}
        assert deferred.outline == eager.outline and deferred.metrics == eager.metrics
        assert deferred.built == {"imports", "outline", "metrics"}
        assert "structure" not in deferred.__dict__


@pytest.mark.parametrize(
    "same",
    [
        lambda deferred, eager: deferred == eager and eager == deferred,
        lambda deferred, eager: hash(deferred) == hash(eager),
        lambda deferred, eager: codec.dumps(deferred) == codec.dumps(eager),
        lambda deferred, eager: codec.loads(codec.dumps(deferred), ParsedFile) == eager,
    ],
    ids=["equal", "hash", "encode", "round-trip"],
)
def test_a_partly_built_file_equals_hashes_and_encodes_as_its_facts(
    root: Path, same: Callable[[DeferredFile, ParsedFile], bool]
) -> None:
    cold = _analyze(root, cache=False).parsed  # type: ignore[attr-defined]
    for deferred, eager in zip(_warm_files(root), cold, strict=True):
        assert deferred.imports == eager.imports  # one field built, the others not yet
        assert same(deferred, eager)
        assert len(deferred.built) == len(fields(ParsedFile)) - 3  # the brief's three aside


def _standing_for(
    parsed: ParsedFile, stored: list[Any], now: ParsedFile
) -> tuple[DeferredFile, list[int]]:
    """A deferred file for ``parsed`` whose stored facts are ``stored`` (JSON) and which,
    parsed now, gives ``now``; with the count of those parses."""
    parses: list[int] = []

    def parse() -> ParsedFile:
        parses.append(1)
        return now

    brief = (parsed.source, parsed.problems, parsed.blind_spots)
    load = (lambda: codec.fields_of(json.dumps(stored), ParsedFile), parse)
    return DeferredFile(brief, parsed.suppression_comments, load), parses


def _api(root: Path) -> ParsedFile:
    cold = _analyze(root, cache=False).parsed  # type: ignore[attr-defined]
    found: ParsedFile = next(p for p in cold if p.source.path == "shop/api.py")
    return found


def test_a_field_that_does_not_decode_brings_every_field_from_a_parse(root: Path) -> None:
    """Damage inside one field (its JSON type right at the top level): the fields built
    before stand replaced, so the file never mixes stored and parsed facts."""
    api = _api(root)
    stored = json.loads(codec.dumps(api))
    stored[6][0][0] = "1"  # metrics.raw.loc as a str
    now = replace(api, imports=(), lines=api.lines + 1)  # told apart from the stored facts
    deferred, parses = _standing_for(api, stored, now)
    assert deferred.imports == api.imports and not parses
    assert deferred.metrics == now.metrics and parses == [1]
    assert all(getattr(deferred, f.name) == getattr(now, f.name) for f in fields(ParsedFile))
    assert deferred == now and deferred.decoded


@pytest.mark.parametrize(
    "damage",
    [
        lambda stored: stored.__setitem__(1, "imports as a str"),
        lambda stored: stored.pop(),
        lambda stored: stored[0].__setitem__(0, "shop/other.py"),  # another file's facts
    ],
    ids=["field-type", "field-missing", "other-source"],
)
def test_stored_facts_that_do_not_fit_are_never_read(
    root: Path, damage: Callable[[list[Any]], None]
) -> None:
    api = _api(root)
    stored = json.loads(codec.dumps(api))
    damage(stored)
    now = replace(api, lines=api.lines + 1)
    deferred, parses = _standing_for(api, stored, now)
    assert deferred.imports == now.imports and parses == [1]
    assert deferred.lines == now.lines and deferred == now


_SERVICE = '''"""Service."""

import abc


class Port(abc.ABC):
    @abc.abstractmethod
    def send(self, text: str) -> None: ...


class Mailer(Port):
    def send(self, text: str) -> None:
        if text:
            print(text)


def loud(text: str) -> str:
    return text.upper() if text else ""
'''


def _service(tmp_path: Path) -> ParsedFile:
    (tmp_path / "shop").mkdir()
    (tmp_path / "shop" / "__init__.py").write_text(_SERVICE)
    parsed: ParsedFile = _analyze(tmp_path, cache=False).parsed[0]  # type: ignore[attr-defined]
    assert parsed.metrics is not None and len(parsed.metrics.functions) == 3
    return parsed


def test_a_deferred_file_s_metrics_give_counts_and_complexity_without_functions(
    tmp_path: Path,
) -> None:
    """What coupling reads of every file after an import edit: class counts, complexity."""
    eager = _service(tmp_path)
    assert eager.metrics is not None
    deferred, parses = _standing_for(eager, json.loads(codec.dumps(eager)), eager)
    metrics = deferred.metrics
    assert isinstance(metrics, DeferredMetrics) and not parses
    assert (metrics.classes, metrics.abstract_classes) == (2, 1)
    assert metrics.complexity == eager.metrics.complexity == 5
    assert "functions" not in metrics.__dict__
    assert metrics.functions == eager.metrics.functions and "functions" in metrics.__dict__


@pytest.mark.parametrize(
    "same",
    [
        lambda deferred, eager: deferred == eager and eager == deferred,
        lambda deferred, eager: hash(deferred) == hash(eager),
        lambda deferred, eager: codec.dumps(deferred) == codec.dumps(eager),
        lambda deferred, eager: deferred.complexity == eager.complexity,
    ],
    ids=["equal", "hash", "encode", "complexity"],
)
def test_deferred_metrics_equal_hash_and_encode_as_their_values(
    tmp_path: Path, same: Callable[[ModuleMetrics, ModuleMetrics], bool]
) -> None:
    eager = _service(tmp_path)
    deferred, _ = _standing_for(eager, json.loads(codec.dumps(eager)), eager)
    assert isinstance(deferred.metrics, DeferredMetrics) and eager.metrics is not None
    assert same(deferred.metrics, eager.metrics)


def test_a_function_row_that_does_not_fit_brings_every_field_from_a_parse(
    tmp_path: Path,
) -> None:
    """The functions' rows are checked when the metrics are built, not when (if ever)
    the functions are: damage there is found while the file can still be parsed whole."""
    eager = _service(tmp_path)
    stored = json.loads(codec.dumps(eager))
    stored[6][1][2][3] = "2"  # metrics.functions[2].complexity as a str
    now = replace(eager, lines=eager.lines + 1)
    deferred, parses = _standing_for(eager, stored, now)
    assert deferred.imports == eager.imports and not parses
    assert deferred.metrics == now.metrics and parses == [1]
    assert not isinstance(deferred.metrics, DeferredMetrics) and deferred == now
