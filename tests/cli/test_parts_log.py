"""``parts.json`` as a sealed log of changes (``fitness.engine.parts_record``): after every
edit of a seeded sequence, the record read back (its base with each change applied) is the
one the run stored, entry for entry and in order, and the run equals a cold one; the log
grows by a change per run and is written whole again once it has grown; a change that does
not apply is not read."""

from __future__ import annotations

import itertools
import json
import random
from pathlib import Path
from typing import Any

import pytest

from analyzer import codec
from analyzer.folders import CACHE_DIR
from fitness.engine import parts, parts_record
from fitness.engine.columns import Columns
from fitness.engine.parts_record import PartsChange, PartsRecord, change_of, merged
from tests.cli.settled import judged_tree
from tests.cli.test_view_values import _random_edit, _same_warm_and_cold, _tree

pytestmark = pytest.mark.stored_runs


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return judged_tree(tmp_path / "p", _tree(), monkeypatch)


@pytest.fixture
def stored(monkeypatch: pytest.MonkeyPatch) -> list[PartsRecord]:
    """Each record a run stores from now on, as it handed it to ``write_parts``."""
    seen: list[PartsRecord] = []
    write = parts.write_parts

    def kept(root: str, record: PartsRecord, read: Any) -> None:
        seen.append(record)
        write(root, record, read)

    monkeypatch.setattr(parts, "write_parts", kept)
    return seen


def _blocks(root: Path) -> int:
    return len((root / CACHE_DIR / parts_record.PARTS_FILE).read_bytes().split(b"\n")) // 2


def _read_back(root: Path, code: str) -> PartsRecord:
    record, log = parts_record.read_parts(str(root), code)
    assert record is not None and log is not None
    return record


@pytest.mark.parametrize(("seed", "longest"), [(4, 3), (77, 16)])
def test_a_seeded_sequence_reads_back_each_record_as_stored(
    run_cli: Any,
    root: Path,
    stored: list[PartsRecord],
    monkeypatch: pytest.MonkeyPatch,
    seed: int,
    longest: int,
) -> None:
    """Twenty random edits; after each, the record read back is the one the run stored
    (``codec.dumps`` is order-sensitive) and the run equals a cold one. With a short log
    (``_MAX_CHANGES`` 3), the record is written whole again on the way."""
    monkeypatch.setattr(parts_record, "_MAX_CHANGES", longest)
    monkeypatch.setattr(parts_record, "_MAX_SHARE", 100.0)  # a small tree's changes are large
    rng = random.Random(seed)
    added: list[tuple[str, str]] = []
    _same_warm_and_cold(run_cli, root, "first run")
    blocks = []
    for step in range(20):
        done = _random_edit(rng, root, added)
        _same_warm_and_cold(run_cli, root, f"step {step}: {done}")
        last = stored[-1]
        assert codec.dumps(_read_back(root, last.code)) == codec.dumps(last), done
        blocks.append(_blocks(root))
    assert max(blocks) > 2, "runs appended their changes"
    assert any(b < a for a, b in itertools.pairwise(blocks)), "written whole again"
    assert max(blocks) <= longest + 2


def test_an_edit_appends_its_change_within_the_share(
    run_cli: Any, root: Path, stored: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A comment edit appends a change; past ``_MAX_SHARE`` of the base, the record is
    written whole."""
    monkeypatch.setattr(parts_record, "_MAX_SHARE", 0.5)
    _same_warm_and_cold(run_cli, root, "first run")
    path = root / CACHE_DIR / parts_record.PARTS_FILE
    before = path.read_bytes()
    module = root / "app" / "core" / "utils.py"
    module.write_text(module.read_text() + "# a comment\n")
    _same_warm_and_cold(run_cli, root, "a comment")
    after = path.read_bytes()
    assert after.startswith(before + b"\n") and len(after) - len(before) < len(before) / 2
    assert codec.dumps(_read_back(root, stored[-1].code)) == codec.dumps(stored[-1])
    monkeypatch.setattr(parts_record, "_MAX_SHARE", 0.01)
    module.write_text(module.read_text() + "# another\n")
    _same_warm_and_cold(run_cli, root, "another comment")
    assert _blocks(root) == 1
    assert codec.dumps(_read_back(root, stored[-1].code)) == codec.dumps(stored[-1])


def _record() -> PartsRecord:
    return PartsRecord(
        "code",
        views={"a": "1", "b": "2"},
        rule_sets=(("R1",),),
        files={"a": 0},
        hits={"a": "[]"},
        graph={"g": "stamp1 body", "h": "x"},
        columns=Columns("files", ("k1", "k2"), {"v": "d"}),
    )


def test_a_change_carries_what_moved_only() -> None:
    old = _record()
    new = PartsRecord(
        "code",
        views={"a": "1", "c": "3"},
        rule_sets=(("R1",),),
        files={"a": 0},
        hits={"a": "[]"},
        graph={"h": "x", "g": "stamp2 body"},
        columns=Columns("files", ("k1", "k9"), {"v": "e"}),
    )
    change = change_of(old, new)
    assert change.entries.views == {"c": "3"} and change.gone == {"views": ("b",)}
    assert change.entries.graph == {} and change.restamped == {"g": "stamp2"}
    assert change.order == {"graph": ("h", "g")} and change.moved == {"1": "k9"}
    assert change.replaced == () and change.entries.rule_sets == ()
    assert codec.dumps(merged(old, [change])) == codec.dumps(new)
    assert codec.dumps(merged(old, [codec.loads(codec.dumps(change), PartsChange)])) == (
        codec.dumps(new)
    )


@pytest.mark.parametrize(
    "broken",
    [
        {"order": {"graph": ["h", "nowhere"]}},
        {"moved": {"7": "k9"}},
        {"restamped": {"nowhere": "s"}},
        {"replaced": ["code"]},
    ],
)
def test_a_change_that_does_not_apply_is_not_read(broken: dict[str, Any]) -> None:
    fields = ("entries", "gone", "order", "replaced", "moved", "restamped")
    change = json.loads(codec.dumps(PartsChange(PartsRecord("code"), moved={"1": "k"})))
    change[0][9] = ["files", [], {}]  # the columns' fields beside the moved keys
    for name, value in broken.items():
        change[fields.index(name)] = value
    with pytest.raises((ValueError, KeyError)):
        merged(_record(), [codec.loads(json.dumps(change), PartsChange)])
