"""The import collector on small sources: every statement context and every dynamic form."""

from __future__ import annotations

import textwrap

import pytest

from analyzer.facts import BlindSpotKind as B
from analyzer.facts import ImportKind as K
from analyzer.facts import ParsedFile, SourceFile
from analyzer.parsing import parse_text
from analyzer.parsing.imports import resolve_relative
from tests.analyzer.trees import ImportRow, import_rows


def collect(source: str, module: str = "pkg.sub.mod", is_package: bool = False) -> ParsedFile:
    """Parse dedented ``source`` as ``module`` of a package (its path follows the name)."""
    path = module.replace(".", "/") + ("/__init__.py" if is_package else ".py")
    parsed = parse_text(SourceFile(path, module, is_package), textwrap.dedent(source))
    assert parsed.problems == ()
    return parsed


def rows(source: str, module: str = "pkg.sub.mod", is_package: bool = False) -> list[ImportRow]:
    return import_rows(collect(source, module, is_package).imports)


def test_type_checking_through_any_alias_and_inside_functions() -> None:
    source = """\
        import typing as t
        if t.TYPE_CHECKING:
            import a
        if not TYPE_CHECKING:
            import b
        def f():
            if TYPE_CHECKING:
                import c
            import d
        if x:
            pass
        elif TYPE_CHECKING:
            import e
        """
    assert rows(source) == [
        ("typing", None, 1, 1, K.IMPORT),
        ("a", None, 3, 5, K.TYPE_ONLY),
        ("b", None, 5, 5, K.IMPORT),
        ("c", None, 8, 9, K.TYPE_ONLY),
        ("d", None, 9, 5, K.LAZY),
        ("e", None, 13, 5, K.TYPE_ONLY),
    ]


def test_statement_contexts_that_run_at_import_time_are_plain_imports() -> None:
    source = """\
        try:
            import a
        except ImportError:
            import b
        else:
            import c
        finally:
            import d
        with ctx():
            import e
        for _ in ():
            import f
        else:
            import g
        match x:
            case 1:
                import h
        class C:
            import i
        """
    assert [(m, line, kind) for m, _, line, _, kind in rows(source)] == [
        (name, line, K.IMPORT)
        for name, line in zip("abcdefghi", (2, 4, 6, 8, 10, 12, 14, 17, 19), strict=True)
    ]
    # Scanning expressions too (a dynamic import is present) keeps the same source order.
    with_dynamic = textwrap.dedent(source) + 'import_module("z")\n'
    assert rows(with_dynamic)[:-1] == rows(source)


def test_deferred_bodies_are_lazy() -> None:
    source = """\
        class C:
            def m(self):
                def inner():
                    import a
            async def n(self):
                from b import c
        """
    assert rows(source) == [("a", None, 4, 13, K.LAZY), ("b", "c", 6, 9, K.LAZY)]


def test_one_raw_import_per_name_with_the_statement_line() -> None:
    source = """\
        from __future__ import annotations
        from a.b import (
            c,
            d as e,
        )
        import f.g as h, i
        """
    assert rows(source) == [
        ("__future__", "annotations", 1, 1, K.IMPORT),
        ("a.b", "c", 2, 1, K.IMPORT),
        ("a.b", "d", 2, 1, K.IMPORT),
        ("f.g", None, 6, 1, K.IMPORT),
        ("i", None, 6, 1, K.IMPORT),
    ]


@pytest.mark.parametrize(
    ("module", "is_package", "expected"),
    [
        ("pkg.sub.mod", False, [("pkg.sub", "x", 1, 1, K.IMPORT), ("pkg", "y", 2, 1, K.IMPORT)]),
        ("pkg.sub", True, [("pkg.sub", "x", 1, 1, K.IMPORT), ("pkg", "y", 2, 1, K.IMPORT)]),
    ],
)
def test_relative_imports_resolve_against_the_package(
    module: str, is_package: bool, expected: list[ImportRow]
) -> None:
    assert rows("from . import x\nfrom .. import y\n", module, is_package) == expected


def test_relative_import_beyond_the_top_is_a_blind_spot_not_an_import() -> None:
    parsed = collect("from .. import x\nfrom . import y\n", "pkg", is_package=True)
    assert import_rows(parsed.imports) == [("pkg", "y", 2, 1, K.IMPORT)]
    assert [(s.kind, s.path, s.line, s.detail) for s in parsed.blind_spots] == [
        (B.BEYOND_TOP_LEVEL, "pkg/__init__.py", 1, "from .. import x")
    ]


def test_dynamic_imports_in_every_spelling() -> None:
    source = """\
        a = importlib.import_module("x.y")
        b = import_module(".rel", __package__)
        c = import_module(".rel", package=__name__)
        d = import_module("..up", __package__)
        e = __import__("z")
        f = lambda: builtins.__import__("w.v")
        """
    assert rows(source) == [
        ("x.y", None, 1, 5, K.DYNAMIC),
        ("pkg.sub.rel", None, 2, 5, K.DYNAMIC),
        ("pkg.sub.mod.rel", None, 3, 5, K.DYNAMIC),  # relative to __name__ itself
        ("pkg.up", None, 4, 5, K.DYNAMIC),
        ("z", None, 5, 5, K.DYNAMIC),
        ("w.v", None, 6, 13, K.DYNAMIC),
    ]


def test_dynamic_imports_that_cannot_be_read_are_blind_spots() -> None:
    source = """\
        import_module(name)
        import_module(f"plugins.{name}")
        import_module(".rel")
        import_module(".rel", other)
        import_module("")
        import_module("....too.high", __package__)
        """
    parsed = collect(source)
    assert parsed.imports == ()
    assert [(s.kind, s.line) for s in parsed.blind_spots] == [
        (B.NON_LITERAL_DYNAMIC, line) for line in range(1, 7)
    ]


def test_the_words_alone_are_not_imports() -> None:
    parsed = collect('"""Calls import_module and __import__ sometimes."""\nx = "import_module"\n')
    assert parsed.imports == () and parsed.blind_spots == ()


def test_columns_count_characters_not_utf8_bytes() -> None:
    source = 'x = "é"; import os\nnaïve = import_module("a.b")\n'
    assert rows(source) == [("os", None, 1, 10, K.IMPORT), ("a.b", None, 2, 9, K.DYNAMIC)]


def test_a_dynamic_import_after_a_10k_term_expression_is_found() -> None:
    source = "x = " + " + ".join(["1"] * 10_000) + '\nimport_module("a.b")\n'
    assert rows(source) == [("a.b", None, 2, 1, K.DYNAMIC)]


@pytest.mark.parametrize(
    ("package", "level", "module", "expected"),
    [
        ("a.b", 1, "c", "a.b.c"),
        ("a.b", 1, None, "a.b"),
        ("a.b", 2, "c", "a.c"),
        ("a.b", 2, None, "a"),
        ("a.b", 3, "c", None),
        ("a", 2, None, None),
        ("", 1, "c", None),
    ],
)
def test_resolve_relative(package: str, level: int, module: str | None, expected: str) -> None:
    assert resolve_relative(package, level, module) == expected


def test_line_count_ignores_the_final_newline() -> None:
    assert collect("").lines == 0
    assert collect("import a\n").lines == 1
    assert collect("import a\nimport b").lines == 2
