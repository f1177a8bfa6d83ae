"""Regular expressions compiled on their first use (analyzer.patterns)."""

from __future__ import annotations

import re

from analyzer.patterns import compiled_later


def test_a_pattern_is_compiled_on_its_first_use_only_and_kept() -> None:
    words = compiled_later(r"\w+", re.ASCII)
    assert words.cache_info().currsize == 0  # nothing compiled yet
    first = words()
    assert first is words() and words.cache_info().currsize == 1
    assert first.pattern == r"\w+" and first.flags == re.compile(r"\w+", re.ASCII).flags
    assert first.findall("été a1 b") == ["t", "a1", "b"]


def test_a_bytes_pattern_stays_bytes() -> None:
    section = compiled_later(rb"^\[(\w+)\]", re.MULTILINE)
    assert section().findall(b"x\n[one]\n[two]\n") == [b"one", b"two"]
