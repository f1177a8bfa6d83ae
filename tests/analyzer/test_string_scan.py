"""The parse scans a file's framework strings from its own tree (``ParsedFile.strings``):
exactly what ``framework_strings.python_references`` reads from disk, None for a file that
names none (issue 18: no reader reads the file again)."""

from __future__ import annotations

import ast
import codecs
from pathlib import Path
from typing import Any

import pytest

from analyzer import codec, framework_strings
from analyzer.facts import ParsedFile, SourceFile
from analyzer.framework_strings import StringScan, python_references
from analyzer.parsing.parse import parse_file

SETTINGS = (
    'DJANGO_APPS = ["django.contrib.admin", "django.contrib.auth"]\n'
    'INSTALLED_APPS = DJANGO_APPS + ["billing"]\n'
    'INSTALLED_APPS += [name for name in ("x",)]\n'
    'MIDDLEWARE = ("whitenoise.middleware.WhiteNoiseMiddleware",)\n'
    'ROOT_URLCONF = "site_urls"\n'
)
TEXTS = {
    "settings": SETTINGS,
    "plugins": 'pytest_plugins = "pytest_django.plugin"\n',
    "celery": 'from celery import Celery\napp = Celery("s", include=["site.tasks"])\n',
    "urls": 'from django.urls import include\nurls = [include("site.orders.urls")]\n',
    "no-marker": 'APPS = ["INSTALLED_APPS"]\nprint("include")\n',
    "syntax-error": 'INSTALLED_APPS = ["billing"\n',
    "newer-syntax": 'type Alias = int\nINSTALLED_APPS = ["billing"]\n',
}


def _parsed(root: Path, name: str, data: bytes) -> ParsedFile:
    (root / "pkg").mkdir(exist_ok=True)
    (root / "pkg" / f"{name}.py").write_bytes(data)
    return parse_file(str(root), SourceFile(f"pkg/{name}.py", f"pkg.{name}"))


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_the_parse_keeps_what_python_references_reads(tmp_path: Path, name: str) -> None:
    parsed = _parsed(tmp_path, name.replace("-", "_"), TEXTS[name].encode())
    on_disk = python_references(str(tmp_path), parsed.source.path)
    assert (parsed.strings or StringScan()) == on_disk
    marked = name not in ("no-marker", "syntax-error")  # a file with a problem is never read
    assert (parsed.strings is not None) is marked


def test_settings_references_and_blind_spots_come_from_the_tree(tmp_path: Path) -> None:
    strings = _parsed(tmp_path, "settings", SETTINGS.encode()).strings
    assert strings is not None
    assert [(r.module, r.line, r.via) for r in strings.references] == [
        ("django.contrib.admin", 2, "INSTALLED_APPS"),
        ("django.contrib.auth", 2, "INSTALLED_APPS"),
        ("billing", 2, "INSTALLED_APPS"),
        ("whitenoise.middleware.WhiteNoiseMiddleware", 4, "MIDDLEWARE"),
        ("site_urls", 5, "ROOT_URLCONF"),
    ]
    assert strings.blind_spots == ("pkg/settings.py:3 INSTALLED_APPS is not a literal list",)


ENCODED = {
    # Declared Latin-1 and not UTF-8: its strings were never read (the reader wants UTF-8).
    "latin_bytes": b"# -*- coding: latin-1 -*-\nINSTALLED_APPS = ['caf\xe9', 'billing']\n",
    # Declared Latin-1, ASCII only: read alike either way.
    "latin_ascii": b"# -*- coding: latin-1 -*-\nINSTALLED_APPS = ['billing']\n",
    # A BOM and CRLF line ends: the same lines as the reader's.
    "bom_crlf": codecs.BOM_UTF8 + b'"""S."""\r\n\r\nINSTALLED_APPS = ["billing"]\r\n',
}


@pytest.mark.parametrize("name", sorted(ENCODED))
def test_a_declared_encoding_gives_what_the_utf8_reader_gave(tmp_path: Path, name: str) -> None:
    parsed = _parsed(tmp_path, name, ENCODED[name])
    assert not parsed.problems and parsed.strings is not None
    assert parsed.strings == python_references(str(tmp_path), parsed.source.path)
    expected = [] if name == "latin_bytes" else ["billing"]
    assert [r.module for r in parsed.strings.references] == expected


def test_the_strings_survive_the_cache_codec(tmp_path: Path) -> None:
    parsed = _parsed(tmp_path, "settings", SETTINGS.encode())
    assert codec.loads(codec.dumps(parsed), ParsedFile) == parsed
    plain = _parsed(tmp_path, "plain", b"x = 1\n")
    assert plain.strings is None and codec.loads(codec.dumps(plain), ParsedFile) == plain


NESTED = """\
INSTALLED_APPS = [*BASE] if DEBUG else ["a"]
class Site:
    def urls(self):
        return [include("one.urls"), [include("two.urls", namespace=include("three.urls"))]]
    MIDDLEWARE = ["m1", include("four.urls")]
app = Celery("x", include=["t1"], imports=other, broker=include("five.urls"))
pytest_plugins = ("p1", "p2")
MIDDLEWARE += ["m2"]
ROOT_URLCONF = f"{name}.urls"
"""


class _Reference(ast.NodeVisitor):
    """The walk as ``ast.NodeVisitor`` made it: each handler, then the node's children."""

    def __init__(self, walker: Any) -> None:
        self.walker = walker

    def visit_Assign(self, node: ast.Assign) -> None:
        self.walker.visit_Assign(node)
        self.generic_visit(node)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self.walker.visit_AugAssign(node)
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        self.walker.visit_Call(node)
        self.generic_visit(node)


def test_the_walk_finds_what_a_node_visitor_finds_in_its_order() -> None:
    """On a nested sample and every module of archfit itself: the same references and
    blind spots, in the same order (their order is part of the facts)."""
    texts = {"nested.py": NESTED}
    for path in sorted(Path(framework_strings.__file__).parent.rglob("*.py")):
        texts[path.name] = path.read_text(encoding="utf-8")
    for name, text in texts.items():
        tree = ast.parse(text)
        fast = framework_strings._Walker(name, framework_strings._literal_bindings(tree))
        fast.walk(tree)
        slow = framework_strings._Walker(name, framework_strings._literal_bindings(tree))
        _Reference(slow).visit(tree)
        assert (fast.found, fast.blind) == (slow.found, slow.blind), name
    assert len(texts) > 50 and fast.found == slow.found


@pytest.mark.parametrize(
    ("text", "marked"),
    [
        ("MIDDLEWARE += ['a']", True),
        ("MY_MIDDLEWARE = 1\nROOT_URLCONFS = 2", False),  # a word, but inside another name
        ("xinclude('a')\ninclude(x)", False),
        ("include(x)\npath('', include('app.urls'))", True),  # a later place matches
        ("INSTALLED_APPS\n= []", True),
        ("aCelery(\nCelery", False),
        ("é = 1\napp = Celery('proj')", True),
    ],
)
def test_a_marker_is_found_only_where_the_pattern_matches(text: str, marked: bool) -> None:
    """``names_framework`` tries the pattern only where one of its words stands: the same
    answer as a search of the whole text."""
    assert framework_strings.names_framework(text) is marked
    assert (framework_strings._marker().search(text) is not None) is marked
