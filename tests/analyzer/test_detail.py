"""Facts without detail: `metrics` and `graph` never read outlines and structures, so a warm
run of theirs does not decode them (ADR-0014)."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from analyzer import codec
from analyzer.facts import ParsedFile
from analyzer.project import DETAIL, analyze
from fitness.config import load_config
from fitness.engine.check import RunOptions, gather, judge
from tests.conftest import FIXTURES


@pytest.fixture
def target(tmp_path: Path) -> Path:
    root = tmp_path / "chatapp"
    shutil.copytree(FIXTURES / "chatapp", root, ignore=shutil.ignore_patterns(".archfit_*"))
    return root


def _bare(parsed: ParsedFile) -> ParsedFile:
    return replace(parsed, outline=None, structure=None)


def test_loads_leaves_the_named_fields_out(target: Path) -> None:
    parsed = analyze(str(target)).parsed[0]
    assert parsed.outline is not None and parsed.structure is not None
    assert codec.loads(codec.dumps(parsed), ParsedFile, DETAIL) == _bare(parsed)


def test_only_fields_that_may_be_none_can_be_left_out() -> None:
    with pytest.raises(TypeError, match="source"):
        codec.loads("[]", ParsedFile, frozenset({"source"}))


@pytest.mark.parametrize("cached", [False, True])
def test_facts_without_detail_are_the_detailed_ones_less_the_detail(
    target: Path, cached: bool
) -> None:
    detailed = analyze(str(target), cache_version="t" if cached else None)
    bare = analyze(str(target), cache_version="t" if cached else None, detail=False)
    assert detailed.detailed and not bare.detailed
    assert bare.parsed == tuple(_bare(p) for p in detailed.parsed)
    assert (bare.edges, bare.blind_spots) == (detailed.edges, detailed.blind_spots)


def test_a_cold_run_without_detail_still_caches_the_detail(target: Path) -> None:
    analyze(str(target), cache_version="t", detail=False)  # parses, stores everything
    warm = analyze(str(target), cache_version="t")
    assert warm.parsed == analyze(str(target)).parsed


def test_facts_without_detail_cannot_be_judged(target: Path) -> None:
    config = load_config(str(target), None)
    facts = gather(str(target), config, RunOptions(use_cache=False, detail=False))
    with pytest.raises(ValueError, match="detail"):
        judge(facts, config)
