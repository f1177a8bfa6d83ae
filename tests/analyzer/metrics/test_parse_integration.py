"""The parser attaches measures to every file it parses: in packages or not, deep, newer."""

from __future__ import annotations

import pickle
import sys

from analyzer import codec
from analyzer.facts import ParsedFile
from analyzer.project import analyze
from tests.conftest import FIXTURES


def _parsed(fixture: str) -> dict[str, ParsedFile]:
    facts = analyze(str(FIXTURES / fixture))
    return {p.source.path: p for p in facts.parsed}


def test_every_parsed_file_has_measures() -> None:
    """Package modules, a script outside any package and a libcst-only file alike."""
    parsed = _parsed("metricsmix")
    assert set(parsed) >= {
        "metricsmix/shapes.py",
        "metricsmix/flow.py",
        "metricsmix/newer.py",
        "scripts/tool.py",
    }
    for path, item in parsed.items():
        assert item.metrics is not None and item.metrics.complete, path
    assert parsed["scripts/tool.py"].source.module is None
    assert [f.qualname for f in parsed["scripts/tool.py"].metrics.functions] == ["main"]  # type: ignore[union-attr]
    if sys.version_info < (3, 12):  # PEP 695 / 701: libcst reads it here, then it is lowered
        assert parsed["metricsmix/newer.py"].parser == "libcst"


def test_fixture_shapes() -> None:
    """Qualified names, kinds, closures and class counts of the construct fixture."""
    metrics = _parsed("metricsmix")["metricsmix/shapes.py"].metrics
    assert metrics is not None
    assert [(f.qualname, f.kind, f.is_closure) for f in metrics.functions] == [
        ("Repository.get", "method", False),
        ("Sized.size", "method", False),
        ("Legacy.run", "method", False),
        ("Service.Config.load", "method", False),
        ("Service.send", "method", False),
        ("Service.send.attempt", "function", True),
        ("factory", "function", False),
        ("factory.Local.value", "method", True),
        ("logged", "function", False),
        ("logged.wrapper", "function", True),
        ("fib", "function", False),
    ]
    assert (metrics.classes, metrics.abstract_classes) == (6, 3)


def test_bad_input_is_measured_where_it_parses() -> None:
    """A 10k-term file and a PEP 695 file are measured; files that do not parse are not."""
    parsed = {p.split("/")[-1]: f for p, f in _parsed("badinput").items()}
    deep, newer = parsed["good_deep.py"].metrics, parsed["good_newer_syntax.py"].metrics
    assert deep is not None and deep.complete and deep.halstead_volume > 0
    assert newer is not None and newer.complete
    assert [(f.qualname, f.complexity, f.cognitive) for f in newer.functions] == [("first", 2, 1)]
    for name in ("syntax_error.py", "undecodable.py", "null_byte.py", "python2.py"):
        assert parsed[name].metrics is None, name


def test_measures_survive_the_cache_codec_and_pickle() -> None:
    """ParsedFile goes through the content cache (JSON codec) and the process pool (pickle)."""
    for item in _parsed("metricsmix").values():
        assert codec.loads(codec.dumps(item), ParsedFile) == item
        assert pickle.loads(pickle.dumps(item)) == item
