"""A tree copied elsewhere (new stat signatures, same bytes) reuses the cache by content key."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from analyzer import project
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
