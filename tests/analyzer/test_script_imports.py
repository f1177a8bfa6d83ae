"""Imports of files outside any package, read with ast for the dependency rules."""

from __future__ import annotations

from pathlib import Path

from analyzer.facts import ImportKind
from analyzer.script_imports import script_imports


def test_kinds_and_relative_imports(tmp_path: Path) -> None:
    text = (
        "import a.b, c\n"
        "from d import e\n"
        "from . import skipped\n"
        "if TYPE_CHECKING:\n"
        "    import typed\n"
        "def f():\n"
        "    import lazy\n"
        "try:\n"
        "    import tried\n"
        "except ImportError:\n"
        "    import fallback\n"
    )
    (tmp_path / "s.py").write_text(text, encoding="utf-8")
    found = [(r.module, r.name, r.line, r.kind) for r in script_imports(str(tmp_path), "s.py")]
    assert found == [
        ("a.b", None, 1, ImportKind.IMPORT),
        ("c", None, 1, ImportKind.IMPORT),
        ("d", "e", 2, ImportKind.IMPORT),
        ("typed", None, 5, ImportKind.TYPE_ONLY),
        ("lazy", None, 7, ImportKind.LAZY),
        ("tried", None, 9, ImportKind.IMPORT),
        ("fallback", None, 11, ImportKind.IMPORT),
    ]


def test_unparseable_file_yields_nothing(tmp_path: Path) -> None:
    (tmp_path / "bad.py").write_text("def (:\n", encoding="utf-8")
    assert script_imports(str(tmp_path), "bad.py") == ()
    assert script_imports(str(tmp_path), "missing.py") == ()
