"""A tree copied elsewhere (new stat signatures, same bytes) reuses the cache by content key."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from analyzer import cache, project
from analyzer.project import analyze
from tests.conftest import FIXTURES


def test_copied_tree_and_cache_parse_nothing_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = tmp_path / "first"
    shutil.copytree(FIXTURES / "chatapp", first, ignore=shutil.ignore_patterns(".archfit_cache"))
    cold = analyze(str(first), cache_version="test")
    second = tmp_path / "second"
    shutil.copytree(first, second)  # new inodes and ctimes: every stat signature differs
    parsed: list[str] = []
    real = project._parse_fresh

    def counting(root: str, files: Any, *args: Any) -> Any:
        parsed.extend(f.path for f in files)
        return real(root, files, *args)

    monkeypatch.setattr(project, "_parse_fresh", counting)
    (second / "src/chatapp/api/views.py").write_text('"""Changed."""\n')
    warm = analyze(str(second), cache_version="test")
    assert parsed == ["src/chatapp/api/views.py"]
    unchanged = [p for p in warm.parsed if p.source.path != "src/chatapp/api/views.py"]
    assert unchanged == [p for p in cold.parsed if p.source.path != "src/chatapp/api/views.py"]
    parsed.clear()
    analyze(str(second), cache_version="test")  # the new signatures were remembered
    assert parsed == []


def test_a_first_run_reads_each_file_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # With nothing cached, looking files up by content would read and hash them all in the
    # parent before the workers read and hash them again.
    shutil.copytree(FIXTURES / "chatapp", tmp_path / "t", ignore=shutil.ignore_patterns(".arch*"))
    hashed: list[str] = []
    real = cache.content_key

    def counting(version: str, source: Any, data: bytes) -> str:
        hashed.append(source.path)
        return real(version, source, data)

    monkeypatch.setattr(cache, "content_key", counting)
    monkeypatch.setattr(project, "content_key", counting)
    cold = analyze(str(tmp_path / "t"), cache_version="test", jobs=1)
    assert sorted(hashed) == sorted(p.source.path for p in cold.parsed)  # once each
    shutil.copytree(tmp_path / "t", tmp_path / "copy")  # new stat signatures, facts cached
    hashed.clear()
    analyze(str(tmp_path / "copy"), cache_version="test", jobs=1)
    assert sorted(hashed) == sorted(p.source.path for p in cold.parsed)  # by content: reused
